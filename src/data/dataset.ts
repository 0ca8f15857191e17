/**
 * The dataset type the trainer, CLI and notebooks share, and the course file.
 *
 * Examples are in columns, as the course writes them: X is (2, m), Y is (1, m).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { shapeOf, transpose, type Matrix } from "../matrix";
import { checkExamples } from "../validate";
import { DataFileError, MatFileError, readMat } from "./mat";

/** One split: X (2, m), examples in columns; Y (1, m) of 0/1 labels. */
export interface Split {
  X: Matrix;
  Y: Matrix;
}

export interface Dataset {
  name: string;
  /** Where it came from, for people: "course file /path/data.mat", "built-in default dataset (seed 1)". */
  source: string;
  train: Split;
  test: Split;
}

/**
 * Reads the course's `data.mat`: X (m, 2) and y (m, 1) become the train split,
 * Xval and yval the test split, transposed so that examples are columns.
 *
 * @returns train X (2, m), Y (1, m); test X (2, k), Y (1, k)
 * @throws MatFileError naming the file: unreadable, missing variables, wrong shapes,
 *   labels other than 0/1, NaN or Infinity, no examples
 */
export function loadCourseData(path: string): Dataset {
  const vars = readMat(path, { variables: ["X", "y", "Xval", "yval"] });
  return {
    name: "course",
    source: `course file ${path}`,
    train: courseSplit(path, "train", "X", "y", vars.X, vars.y),
    test: courseSplit(path, "test", "Xval", "yval", vars.Xval, vars.yval),
  };
}

function courseSplit(file: string, split: string, xName: string, yName: string, Xm: Matrix, ym: Matrix): Split {
  const what = `${split} split (${xName}, ${yName})`;
  if (Xm.cols !== 2) {
    throw new MatFileError(file, `${what}: ${xName} has shape ${shapeOf(Xm)}, expected (m, 2): one example per row, two features`);
  }
  if (Math.min(ym.rows, ym.cols) > 1 || ym.rows * ym.cols !== Xm.rows) {
    throw new MatFileError(
      file,
      `${what}: ${yName} has shape ${shapeOf(ym)}, expected a vector of ${Xm.rows} labels to match ${xName} ${shapeOf(Xm)}`,
    );
  }
  const X = transpose(Xm);
  const Y: Matrix = { rows: 1, cols: Xm.rows, data: ym.data };
  return checkSplit(file, what, X, Y, (e) => new MatFileError(file, e.problem, { cause: e.cause }), { X: xName, Y: yName });
}

/**
 * Runs `checkExamples` on a split and rethrows its message as a `DataFileError`
 * (or what `wrap` makes of it) that names the file, the split and the
 * variables (`names`, default X and Y). Columns are examples.
 */
export function checkSplit(
  file: string,
  what: string,
  X: Matrix,
  Y: Matrix,
  wrap: (e: DataFileError) => Error = (e) => e,
  names: { X: string; Y: string } = { X: "X", Y: "Y" },
): Split {
  try {
    checkExamples("checkSplit", X, Y);
  } catch (err) {
    const msg = (err as Error).message
      .replace(/^checkSplit: /, "")
      .replace(/^X\b/, names.X)
      .replace(/^Y\b/, names.Y);
    throw wrap(new DataFileError(file, `${what}: ${msg} (columns are examples)`, { cause: err }));
  }
  return { X, Y };
}

/**
 * The course file, if there is one: `$DROPOUT_LAB_DATA` when set (whether or
 * not it exists, so a wrong setting gives a clear "file not found" later),
 * else `<project root>/../shared/datasets/data.mat` when it exists, else undefined.
 * The project root is the nearest folder above this module with the package's
 * package.json, so this works from `src/` (tsx) and from `dist/`.
 */
export function courseDataPath(): string | undefined {
  const env = process.env.DROPOUT_LAB_DATA;
  if (env !== undefined && env !== "") return env;
  const root = projectRoot();
  if (root === undefined) return undefined;
  const candidate = resolve(root, "..", "shared", "datasets", "data.mat");
  return existsSync(candidate) ? candidate : undefined;
}

/** The folder holding dropout-lab's package.json, walking up from this module. */
export function projectRoot(): string | undefined {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        if ((require(pkg) as { name?: string }).name === "dropout-lab") return dir;
      } catch {
        // an unreadable package.json: keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
