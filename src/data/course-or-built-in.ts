/** "The course file if present, else the built-in dataset, saying which": the one data choice every notebook makes. */
import { existsSync } from "node:fs";
import { courseDataPath, loadCourseData, type Dataset } from "./dataset";
import { defaultDataset } from "./generators";

export interface DataChoice {
  dataset: Dataset;
  /** True when the course's data.mat was loaded (its published numbers then apply). */
  onCourseData: boolean;
  /** For results files: "course: <path>" or "default: <description>". */
  dataSource: string;
  /** What was loaded and why, in a sentence or two, for people. */
  message: string;
}

/**
 * The course's data.mat when `courseDataPath()` finds it (`$DROPOUT_LAB_DATA`,
 * else ../shared/datasets/data.mat beside the project), else the built-in
 * `defaultDataset(seed)`. `message` says which, and why when it fell back; a
 * file that exists but cannot be read throws (a broken file is not a reason to
 * quietly use other data).
 */
export function courseOrBuiltIn(options: { seed?: number } = {}): DataChoice {
  const path = courseDataPath();
  if (path !== undefined && existsSync(path)) {
    const dataset = loadCourseData(path);
    return { dataset, onCourseData: true, dataSource: `course: ${path}`, message: `Data: ${dataset.source}.` };
  }
  const dataset = defaultDataset(options.seed ?? 1);
  const why =
    path === undefined
      ? "No course data file found ($DROPOUT_LAB_DATA is not set and ../shared/datasets/data.mat does not exist)."
      : `DROPOUT_LAB_DATA is ${path}, but that file does not exist.`;
  return {
    dataset,
    onCourseData: false,
    dataSource: `default: ${dataset.source}`,
    message: `${why} Falling back to the ${dataset.source}; the course's published numbers do not apply to it.`,
  };
}
