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
 *
 * Reading CSV does not go through danfojs: `readCsvDataset` reads the bytes
 * of a regular file (./files: no FIFO, device or URL) and parses them with
 * papaparse (the parser danfojs itself uses) as text, and this module turns
 * the cells into numbers, so that every finite decimal number is accepted
 * (danfojs's reader leaves values of 2^53 and above as strings) and a path
 * that starts with "http" is still a file.
 */
import type { DataFrame } from "danfojs-node";
import Papa from "papaparse";
import { matrix, type Matrix } from "../matrix";
import { checkSplit, type Dataset, type Split } from "./dataset";
import { DataFileError, readRegularFile } from "./files";

/** The largest CSV file `readCsvDataset` reads: 64 MiB (about 1.5 million examples). */
export const MAX_CSV_FILE_BYTES = 64 * 1024 * 1024;

/** How many characters of a bad cell or column name an error message repeats. */
export const MAX_ECHO_CHARS = 40;

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
  const columns = df.columns;
  return toDataset(columns, (c) => df.column(c).values as unknown[], name, source, source);
}

/** A dataset from named columns of cells (numbers, or numeric strings from CSV), with errors naming `file`. */
function toDataset(columns: readonly string[], col: (name: string) => readonly unknown[], name: string, source: string, file: string): Dataset {
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    const shown = columns.slice(0, 10).map((c) => (/^[A-Za-z0-9_.-]+$/.test(c) ? clipText(c, MAX_ECHO_CHARS) : clip(c)));
    const more = columns.length > 10 ? ` and ${columns.length - 10} more` : "";
    throw new DataFileError(
      file,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; ` +
        `the columns present are ${columns.length > 0 ? shown.join(", ") + more : "none"}; need x1, x2, y and optionally split`,
    );
  }
  const x1 = col("x1");
  const x2 = col("x2");
  const y = col("y");
  const split = columns.includes("split") ? col("split") : undefined;
  const n = x1.length;

  const bad = (column: string, row: number, value: unknown, expected: string): never => {
    throw new DataFileError(file, `column ${column}, row ${row} (counting data rows from 0): expected ${expected}, got ${show(value)}`);
  };
  const X1 = new Float64Array(n);
  const X2 = new Float64Array(n);
  const Yv = new Float64Array(n);
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let r = 0; r < n; r++) {
    for (const [c, v, out] of [["x1", x1[r], X1], ["x2", x2[r], X2]] as const) {
      const x = cellNumber(v);
      if (!Number.isFinite(x)) bad(c, r, v, "a finite number");
      out[r] = x;
    }
    const label = cellNumber(y[r]);
    if (label !== 0 && label !== 1) bad("y", r, y[r], "a label 0 or 1");
    Yv[r] = label;
    const raw = split === undefined ? "train" : split[r];
    const s = typeof raw === "string" ? raw.trim() : raw;
    if (s === "train") trainRows.push(r);
    else if (s === "test") testRows.push(r);
    else bad("split", r, raw, '"train" or "test"');
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
      X.data[j] = X1[r];
      X.data[rows.length + j] = X2[r];
      Y.data[j] = Yv[r];
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
 * Reads a CSV with a header line naming the columns x1, x2, y and an optional
 * split column, in any order. Spaces around names and cells are ignored, and
 * so are blank lines. Only a regular file of at most `MAX_CSV_FILE_BYTES` is
 * read; a URL is refused (there is no network access).
 *
 * @throws DataFileError naming the file: not found, not a regular file, too
 *   large, not parseable, missing columns (and those present), bad values
 *   (naming column and row, and repeating at most `MAX_ECHO_CHARS` characters)
 */
export async function readCsvDataset(path: string): Promise<Dataset> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`readCsvDataset: path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  const bytes = readRegularFile(path, { maxBytes: MAX_CSV_FILE_BYTES });
  const base = path.replace(/^.*[\\/]/, "").replace(/\.csv$/i, "");
  return parseCsvDataset(bytes.toString("utf8"), base, `CSV file ${path}`, path);
}

/**
 * A dataset from CSV text (see `readCsvDataset`); errors name `file`.
 *
 * @throws DataFileError naming `file` and the problem
 */
export function parseCsvDataset(text: string, name: string, source: string, file: string = source): Dataset {
  if (typeof text !== "string") throw new TypeError(`parseCsvDataset: text must be a string, got ${typeof text}`);
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { header: false, delimiter: ",", skipEmptyLines: "greedy", dynamicTyping: false });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    const where = e.row === undefined ? "" : ` at line ${e.row + 1}`;
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more problems)` : "";
    throw new DataFileError(file, `cannot parse as CSV${where}: ${clipText(e.message)}${more}`);
  }
  const rows = parsed.data;
  if (rows.length === 0) throw new DataFileError(file, "is empty: expected a header line x1,x2,y (and optionally split), then one line per example");
  const columns = rows[0].map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c) && (REQUIRED as readonly string[]).concat("split").includes(c)) {
      throw new DataFileError(file, `column ${c} appears twice in the header`);
    }
    seen.add(c);
  }
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== columns.length) {
      throw new DataFileError(
        file,
        `line ${r + 1} (data row ${r - 1}) has ${rows[r].length} field${rows[r].length === 1 ? "" : "s"}, the header has ${columns.length}`,
      );
    }
  }
  const col = (c: string): string[] => {
    const k = columns.indexOf(c);
    return rows.slice(1).map((row) => row[k]);
  };
  return toDataset(columns, col, name, source, file);
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

/** A decimal number with optional sign, fraction and exponent (no hex, no Infinity, no NaN). */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as a number: numbers as they are, decimal strings parsed (spaces ignored), anything else NaN. */
function cellNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const t = v.trim();
    return DECIMAL.test(t) ? Number(t) : NaN;
  }
  return NaN;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "an empty cell";
  if (typeof v === "string") {
    const t = v.trim();
    if (t === "") return "an empty cell";
    return DECIMAL.test(t) ? clipText(t, MAX_ECHO_CHARS) : clip(v);
  }
  return clipText(String(v));
}

/** A string quoted, invisible characters escaped, cut to `MAX_ECHO_CHARS` characters with its length said. */
function clip(s: string): string {
  const quote = (t: string) =>
    JSON.stringify(t).replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u3000]/gu, (ch) => {
      const cp = ch.codePointAt(0)!;
      return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
    });
  return s.length <= MAX_ECHO_CHARS ? quote(s) : `${quote(s.slice(0, MAX_ECHO_CHARS))}…(${s.length} characters)`;
}

/** Unquoted text cut to `max` characters (default 4 × `MAX_ECHO_CHARS`) with its length said. */
function clipText(s: string, max = MAX_ECHO_CHARS * 4): string {
  return s.length <= max ? s : `${s.slice(0, max)}…(${s.length} characters)`;
}
