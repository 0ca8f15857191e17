/**
 * A seeded, stratified dev split: part of the training data held out to choose
 * hyperparameters on, so the test split is looked at once, for the chosen
 * setting only.
 */
import { matrix, type Matrix } from "../matrix";
import { randomStream } from "../random";
import { checkExamples } from "../validate";
import type { Dataset, Split } from "./dataset";
import type { DataFrame } from "danfojs-node";
import { loadDanfo } from "./frame";

export interface DevSplitOptions {
  /** The share of each class's training examples that goes to dev, in (0, 1). */
  devFraction: number;
  /** Seed of the shuffle (`randomStream(seed)`); 1 by default. Same seed, same split. */
  seed?: number;
}

/** A dataset with a dev split; `trainIndex` and `devIndex` are the columns of the original training split, ascending. */
export interface DevSplitDataset extends Dataset {
  dev: Split;
  trainIndex: number[];
  devIndex: number[];
}

/**
 * The examples chosen for dev from `labels` (0/1): within each class, a seeded
 * shuffle (Fisher–Yates on `randomStream(seed)`) and the first
 * round(devFraction × class size) of it. Returned ascending.
 *
 * @throws RangeError for a devFraction outside (0, 1), or when train or dev would be empty
 */
export function stratifiedDevRows(labels: ArrayLike<number>, options: DevSplitOptions, fn = "stratifiedDevRows"): number[] {
  const devFraction = options?.devFraction;
  const seed = options?.seed ?? 1;
  if (typeof devFraction !== "number" || !(devFraction > 0 && devFraction < 1)) {
    throw new RangeError(`${fn}: options.devFraction must be a number in (0, 1), got ${String(devFraction)}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`${fn}: options.seed must be a finite number, got ${String(seed)}`);
  const rng = randomStream(seed);
  const dev: number[] = [];
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let j = 0; j < labels.length; j++) if (labels[j] === cls) rows.push(j);
    for (let k = rows.length - 1; k > 0; k--) {
      const r = Math.floor(rng.random() * (k + 1));
      [rows[k], rows[r]] = [rows[r], rows[k]];
    }
    dev.push(...rows.slice(0, Math.round(devFraction * rows.length)));
  }
  if (dev.length === 0 || dev.length === labels.length) {
    throw new RangeError(
      `${fn}: devFraction ${devFraction} of ${labels.length} examples leaves ${dev.length === 0 ? "dev" : "train"} empty; choose a devFraction that keeps both`,
    );
  }
  return dev.sort((a, b) => a - b);
}

/**
 * Splits `ds.train` into train and dev, stratified by class and seeded; the
 * test split is kept as it is.
 *
 * @example
 *   const { train, dev, test } = splitDataset(loadCourseData(path), { devFraction: 0.25, seed: 1 });
 */
export function splitDataset(ds: Dataset, options: DevSplitOptions): DevSplitDataset {
  const fn = "splitDataset";
  if (typeof ds !== "object" || ds === null || typeof ds.train !== "object") throw new TypeError(`${fn}: ds must be a Dataset {name, source, train, test}`);
  checkExamples(fn, ds.train.X, ds.train.Y);
  const m = ds.train.X.cols;
  const devIndex = stratifiedDevRows(ds.train.Y.data, options, fn);
  const isDev = new Uint8Array(m);
  for (const j of devIndex) isDev[j] = 1;
  const trainIndex: number[] = [];
  for (let j = 0; j < m; j++) if (!isDev[j]) trainIndex.push(j);
  const pct = Math.round(100 * options.devFraction);
  return {
    name: ds.name,
    source: `${ds.source}, ${devIndex.length} of its ${m} training examples held out as dev (${pct}% per class, seed ${options.seed ?? 1})`,
    train: columns(ds.train, trainIndex),
    dev: columns(ds.train, devIndex),
    test: ds.test,
    trainIndex,
    devIndex,
  };
}

/** The split's examples at `index` (columns of X and Y), in that order. */
function columns(s: Split, index: readonly number[]): Split {
  const pick = (A: Matrix): Matrix => {
    const out = matrix(A.rows, index.length);
    for (let r = 0; r < A.rows; r++) for (let k = 0; k < index.length; k++) out.data[r * index.length + k] = A.data[r * A.cols + index[k]];
    return out;
  };
  return { X: pick(s.X), Y: pick(s.Y) };
}

/**
 * The DataFrame form: a copy of `df` (columns x1, x2, y and optionally split)
 * in which a stratified, seeded share of the training rows (split "train", or
 * every row without a split column) has split "dev". The same rows as
 * `splitDataset` on the same data and options.
 */
export function splitFrame(df: DataFrame, options: DevSplitOptions): DataFrame {
  const fn = "splitFrame";
  if (typeof df !== "object" || df === null || !Array.isArray(df.columns) || !df.columns.includes("y")) {
    throw new TypeError(`${fn}: df must be a DataFrame with columns x1, x2, y and optionally split`);
  }
  const y = df.column("y").values as number[];
  const split = df.columns.includes("split") ? (df.column("split").values as string[]).map(String) : y.map(() => "train");
  const trainRows = split.flatMap((s, r) => (s === "train" ? [r] : []));
  const dev = stratifiedDevRows(trainRows.map((r) => y[r]), options, fn);
  const out = split.slice();
  for (const k of dev) out[trainRows[k]] = "dev";
  const dfd = loadDanfo();
  const copy = new dfd.DataFrame(df.values as unknown[][], { columns: df.columns as string[] });
  copy.addColumn("split", out, { inplace: true });
  return copy;
}
