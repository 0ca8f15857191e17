/** A sweep's grid: the values to try, checked, and their cartesian product. */
import { checkKeepProb, checkNonNegative, describe } from "../validate";
import type { SweepConfig } from "./protocol";

/** The values to try; the sweep runs their cartesian product. */
export interface SweepGrid {
  /** keepProb for every hidden layer, each in (0, 1]. Default [1] (no dropout). */
  keepProb?: readonly number[];
  /** L2 strengths, each ≥ 0. Default [0]. */
  lambd?: readonly number[];
  /** Training seeds (fresh masks, He initialization). Default [1]. */
  seed?: readonly number[];
  /**
   * Dataset names for `datasetByName` ("course", "default", "moons", "circles",
   * "spirals", "xor", "blobs"), or "file" for the file at `options.dataPath`.
   * Default ["default"]. An unknown name fails only its own configurations.
   */
  dataset?: readonly string[];
}

const GRID_KEYS = ["keepProb", "lambd", "seed", "dataset"] as const;

/**
 * The grid's configurations, in order: dataset, then keepProb, lambd, seed
 * (seed varies fastest). Checks every value first.
 *
 * @throws RangeError or TypeError naming the grid entry and the value received
 */
export function sweepConfigs(grid: SweepGrid, options: { dataPath?: string } = {}): SweepConfig[] {
  const fn = "sweep";
  if (typeof grid !== "object" || grid === null || Array.isArray(grid)) {
    throw new TypeError(`${fn}: grid must be an object { keepProb?, lambd?, seed?, dataset? }, got ${describe(grid)}`);
  }
  for (const key of Object.keys(grid)) {
    if (!(GRID_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`${fn}: grid has an unknown key ${JSON.stringify(key)}; expected ${GRID_KEYS.join(", ")}`);
    }
  }
  const keepProb = list(fn, "keepProb", grid.keepProb, [1]);
  keepProb.forEach((p, i) => checkKeepProb(fn, p, `grid.keepProb[${i}]`));
  const lambd = list(fn, "lambd", grid.lambd, [0]);
  lambd.forEach((l, i) => checkNonNegative(fn, `grid.lambd[${i}]`, l));
  const seed = list(fn, "seed", grid.seed, [1]);
  seed.forEach((s, i) => {
    if (typeof s !== "number" || !Number.isFinite(s)) throw new RangeError(`${fn}: grid.seed[${i}] must be a finite number, got ${describe(s)}`);
  });
  const dataset = list(fn, "dataset", grid.dataset, ["default"]);
  dataset.forEach((d, i) => {
    if (typeof d !== "string" || d === "") throw new TypeError(`${fn}: grid.dataset[${i}] must be a non-empty dataset name, got ${describe(d)}`);
    if (d === "file" && options.dataPath === undefined) {
      throw new TypeError(`${fn}: grid.dataset[${i}] is "file", but options.dataPath is not set; give the .mat or .csv file's path`);
    }
  });
  const configs: SweepConfig[] = [];
  for (const d of dataset) for (const k of keepProb) for (const l of lambd) for (const s of seed) configs.push({ dataset: d, keepProb: k, lambd: l, seed: s });
  return configs;
}

function list<T>(fn: string, key: string, value: readonly T[] | undefined, fallback: T[]): T[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${fn}: grid.${key} must be a non-empty array, got ${describe(value)}`);
  }
  return [...value];
}

