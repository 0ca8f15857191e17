/**
 * Datasets as danfojs-node DataFrames (columns x1, x2, y, split) and as CSV.
 *
 * danfojs is loaded lazily, inside these functions: it is slow to load and
 * prints a banner, and nothing else in the library needs it.
 *
 * Precision: danfojs labels numeric columns "float32" but keeps the JS numbers
 * it was given (float64) in `values`, and its CSV reader and writer go through
 * JS numbers and `String(n)`. This module reads `values` straight into
 * Float64Arrays and never lets danfojs compute on them, so a value survives a
 * CSV round trip exactly (tested with 17-significant-digit values).
 * `fillNa` and `concat` are avoided: they mutate their inputs.
 */
import { existsSync, statSync } from "node:fs";
import type { DataFrame } from "danfojs-node";
import { matrix, type Matrix } from "../matrix";
import { checkSplit, type Dataset, type Split } from "./dataset";
import { DataFileError } from "./mat";

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | undefined;

/** danfojs-node, loaded on first use. */
export function loadDanfo(): Danfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  danfo ??= require("danfojs-node") as Danfo;
  return danfo;
}

const REQUIRED = ["x1", "x2", "y"] as const;

/**
 * One row per example: x1, x2 (the two features), y (0/1) and split
 * ("train" or "test"); train rows first.
 */
export function datasetToFrame(ds: Dataset): DataFrame {
  const x1: number[] = [];
  const x2: number[] = [];
  const y: number[] = [];
  const split: string[] = [];
  for (const [name, s] of [["train", ds.train], ["test", ds.test]] as const) {
    checkSplit(`datasetToFrame(${ds.name})`, `${name} split`, s.X, s.Y, (e) => new RangeError(e.message, { cause: e.cause }));
    if (s.X.rows !== 2) throw new Error(`datasetToFrame: ${name} X has ${s.X.rows} rows, expected 2 features (x1, x2)`);
    const m = s.X.cols;
    for (let j = 0; j < m; j++) {
      x1.push(s.X.data[j]);
      x2.push(s.X.data[m + j]);
      y.push(s.Y.data[j]);
      split.push(name);
    }
  }
  const dfd = loadDanfo();
  return new dfd.DataFrame({ x1, x2, y, split });
}

/**
 * A dataset from a frame with columns x1, x2, y (0/1) and, optionally,
 * split ("train"/"test").
 *
 * Without a split column every row is a training example, and the test split
 * is the same rows again (so "test" accuracy is then training accuracy);
 * `source` says so. No rows are held out at random behind the caller's back.
 *
 * @throws DataFileError (its `file` is `source`) naming the column and row of a bad value
 */
export function frameToDataset(df: DataFrame, name: string, source: string): Dataset {
  return toDataset(df, name, source, source);
}

/** frameToDataset, with errors naming `file`. */
function toDataset(df: DataFrame, name: string, source: string, file: string): Dataset {
  const columns = df.columns;
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new DataFileError(
      file,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; ` +
        `the columns present are ${columns.length > 0 ? columns.join(", ") : "none"}; need x1, x2, y and optionally split`,
    );
  }
  const col = (c: string): unknown[] => df.column(c).values as unknown[];
  const x1 = col("x1");
  const x2 = col("x2");
  const y = col("y");
  const split = columns.includes("split") ? col("split") : undefined;
  const n = x1.length;

  const bad = (column: string, row: number, value: unknown, expected: string): never => {
    throw new DataFileError(file, `column ${column}, row ${row} (counting data rows from 0): expected ${expected}, got ${show(value)}`);
  };
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let r = 0; r < n; r++) {
    for (const [c, v] of [["x1", x1[r]], ["x2", x2[r]]] as const) {
      if (typeof v !== "number" || !Number.isFinite(v)) bad(c, r, v, "a finite number");
    }
    if (y[r] !== 0 && y[r] !== 1) bad("y", r, y[r], "a label 0 or 1");
    const s = split === undefined ? "train" : split[r];
    if (s === "train") trainRows.push(r);
    else if (s === "test") testRows.push(r);
    else bad("split", r, s, '"train" or "test"');
  }
  if (n === 0) throw new DataFileError(file, "no rows: need at least one example");
  if (trainRows.length === 0) throw new DataFileError(file, 'column split has no "train" rows; need at least one');
  if (split !== undefined && testRows.length === 0) {
    throw new DataFileError(
      file,
      'column split has no "test" rows; add some, or drop the split column to use every row for both',
    );
  }
  const pick = (rows: number[]): Split => {
    const X = matrix(2, rows.length);
    const Y = matrix(1, rows.length);
    rows.forEach((r, j) => {
      X.data[j] = x1[r] as number;
      X.data[rows.length + j] = x2[r] as number;
      Y.data[j] = y[r] as number;
    });
    return { X, Y };
  };
  const train = pick(trainRows);
  if (split === undefined) {
    return { name, source: `${source} (no split column: test split = train split)`, train, test: cloneSplit(train) };
  }
  return { name, source, train, test: pick(testRows) };
}

/**
 * Reads a CSV with columns x1, x2, y and an optional split column.
 *
 * @throws DataFileError naming the file: not found, missing columns (and those present), bad values
 */
export async function readCsvDataset(path: string): Promise<Dataset> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`readCsvDataset: path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  // Checked here: danfojs can crash the process on a path it cannot open.
  if (!existsSync(path)) throw new DataFileError(path, "file not found");
  if (!statSync(path).isFile()) throw new DataFileError(path, "is not a regular file");
  let df: DataFrame;
  try {
    df = (await loadDanfo().readCSV(path)) as DataFrame;
  } catch (err) {
    throw new DataFileError(path, `cannot parse as CSV (${(err as Error).message})`, { cause: err });
  }
  const base = path.replace(/^.*[\\/]/, "").replace(/\.csv$/i, "");
  return toDataset(df, base, `CSV file ${path}`, path);
}

/** Writes a dataset as CSV with columns x1, x2, y, split (train rows first). */
export async function writeCsvDataset(ds: Dataset, path: string): Promise<void> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`writeCsvDataset: path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  const dfd = loadDanfo();
  dfd.toCSV(datasetToFrame(ds), { filePath: path });
}

function cloneSplit(s: Split): Split {
  const copy = (m: Matrix): Matrix => matrix(m.rows, m.cols, m.data.slice());
  return { X: copy(s.X), Y: copy(s.Y) };
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "an empty cell";
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}
