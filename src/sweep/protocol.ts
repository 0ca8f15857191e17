/**
 * What `sweep` (./api) and its workers (./worker) say to each other, and the
 * shapes of a sweep's configurations and rows. Plain, structured-cloneable
 * objects:
 * - in  `workerData`: `{ common, preloaded }`, the options every training shares and
 *   the datasets read from files, loaded once by the sweep;
 * - in  `{ type: "run", index, config }`: train one configuration;
 * - out `{ type: "row", index, row }` or `{ type: "failed", index, message }`.
 */
import type { Dataset } from "../data/dataset";
import type { TrainingStatus } from "../train/types";
import type { InitPolicy, MaskPolicy } from "../train/options";

/** One point of the grid. */
export interface SweepConfig {
  dataset: string;
  keepProb: number;
  lambd: number;
  seed: number;
}

/** One finished training: its configuration and its results. */
export interface SweepRow extends SweepConfig {
  /** The cost of the last iteration (with the L2 term when lambd > 0). */
  finalCost: number;
  /** Fraction correct, in [0, 1], on the examples it trained on. */
  trainAccuracy: number;
  /** On the dev split held out of the training data (with `devFraction`; else undefined): what to choose by. */
  devAccuracy?: number;
  /** On the test split: to report once, for the settings chosen on dev. */
  testAccuracy: number;
  /** Wall-clock seconds of the training loop. */
  seconds: number;
  /** "ok", or "diverged" (the cost or parameters stopped being finite: finalCost is then NaN or Infinity). */
  status: TrainingStatus;
  /** For a diverged run, what happened. */
  message?: string;
}

/** The options every training of a sweep shares (they go to `model`). */
export interface SweepCommon {
  /** Default 30000, as `model`. */
  numIterations?: number;
  /** Default 0.3, as `model`. */
  learningRate?: number;
  /** [n_0, n_1, …, 1]. Default [2, 20, 3, 1] (the course's network, via `model`). */
  layersDims?: readonly number[];
  /** "fresh" (default) or "course"; see src/train/model.ts. */
  masks?: MaskPolicy;
  /** "course" (default) or "he". */
  init?: InitPolicy;
  /** A .mat (course layout) or .csv (x1, x2, y, split) file: the grid's dataset "file". */
  dataPath?: string;
  /**
   * Hold out this fraction of each dataset's training examples as a dev split (stratified, seeded
   * with `devSeed`), train on the rest, and report `devAccuracy`: choose settings by it, not by
   * the test accuracy. Default: no dev split.
   */
  devFraction?: number;
  /** Seed of the dev split; default 1. The same for every configuration, so all are compared on one dev set. */
  devSeed?: number;
}

/** Datasets read from files ("file", "course"), loaded once by the sweep and handed to every worker; or why they could not be. */
export type Preloaded = Record<string, { dataset: Dataset } | { error: string }>;

/** What every worker starts with. */
export interface WorkerData {
  common: SweepCommon;
  preloaded: Preloaded;
}

export type WorkerRequest = { type: "run"; index: number; config: SweepConfig };
export type WorkerReply =
  | { type: "row"; index: number; row: SweepRow }
  | { type: "failed"; index: number; message: string };
