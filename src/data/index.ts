/**
 * Data: the course's `.mat` file, CSV and DataFrames, and seeded generators.
 * Datasets hold X (2, m) with examples in columns and Y (1, m) of 0/1.
 */
import { extname } from "node:path";
import { courseDataPath, loadCourseData, type Dataset } from "./dataset";
import { readCsvDataset } from "./frame";
import { DATASET_KINDS, defaultDataset, generateDataset, type DatasetKind } from "./generators";
import { checkRegularFile, DataFileError } from "./files";

export * from "./files";
export * from "./mat";
export * from "./dataset";
export * from "./frame";
export * from "./generators";

/** The names `datasetByName` accepts. */
export const DATASET_NAMES: readonly string[] = ["course", ...DATASET_KINDS];

/**
 * A dataset by name:
 * - "course": the course file at `options.path`, else `courseDataPath()`;
 * - "default": the built-in default (seeded);
 * - "moons", "circles", "spirals", "xor", "blobs": generated with their defaults.
 *
 * @throws Error listing the valid names for an unknown one; for "course" with
 *   no file, an Error saying where it was looked for
 */
export function datasetByName(name: string, options: { seed?: number; path?: string } = {}): Dataset {
  if (name === "course") {
    const path = options.path ?? courseDataPath();
    if (path === undefined) {
      throw new Error(
        "datasetByName: no course data file: set DROPOUT_LAB_DATA to its path, pass options.path, " +
          "or put it at ../shared/datasets/data.mat next to the project folder",
      );
    }
    return loadCourseData(path);
  }
  if (name === "default") return defaultDataset(options.seed ?? 1);
  if ((DATASET_KINDS as readonly string[]).includes(name)) return generateDataset(name as DatasetKind, { seed: options.seed });
  throw new Error(`datasetByName: name must be one of ${DATASET_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
}

/**
 * A dataset from a file, by extension: `.mat` (course layout: X, y, Xval, yval)
 * or `.csv` (columns x1, x2, y and optionally split).
 *
 * Only a regular file is read (directly or through a symbolic link): a
 * directory, FIFO, device or socket is refused before anything is opened, and
 * so is a URL.
 *
 * @throws DataFileError naming the file and the problem
 */
export async function loadDataFile(path: string): Promise<Dataset> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`loadDataFile: path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === ".mat") return loadCourseData(path);
  if (ext === ".csv") return readCsvDataset(path);
  checkRegularFile(path);
  throw new DataFileError(
    path,
    `unsupported file type ${JSON.stringify(ext || "(no extension)")}; expected a .mat file (X, y, Xval, yval) or a .csv (x1, x2, y, split)`,
  );
}
