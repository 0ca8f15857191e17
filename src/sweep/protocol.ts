/**
 * What `trainAll` (./train-all) and its workers (./worker) say to each other,
 * and the shapes of a sweep's configurations and rows. Plain,
 * structured-cloneable objects:
 * - in  `{ type: "train", index, job }`: train one job;
 * - out `{ type: "progress", index, progress }` every `job.progressEvery` iterations,
 *   then `{ type: "result", index, result }` or `{ type: "failed", index, message }`.
 */
import type { Split } from "../data/dataset";
import type { LabelledSet } from "../train/metrics";
import type { InitPolicy, MaskPolicy, TrainingOptions } from "../train/options";
import type { Metrics } from "../train/metrics";
import type { RunResult, TrainingStatus } from "../train/types";

/** The options of a training that can go to a worker thread: plain values, no functions or streams. */
export interface JobOptions extends TrainingOptions {
  /** As in ModelOptions: a set whose cost and accuracy are recorded in `metrics`. */
  validation?: LabelledSet;
  /** As in ModelOptions. */
  metricsEvery?: number;
}

/** One training: exactly `trainAndEvaluate(train, test, options)`, plus the accuracy on `dev` when given. */
export interface TrainingJob {
  train: Split;
  test: Split;
  /** A dev split held out of the training data: the result's `devAccuracy`. */
  dev?: Split;
  options?: JobOptions;
  /** Report the training's progress (to `onTraining`) every this many iterations and after the last. */
  progressEvery?: number;
}

/** A job's training progress, as `onTraining` gets it. */
export interface JobProgress {
  /** The job's index in the list given to `trainAll`. */
  index: number;
  /** The iteration just completed (0-based). */
  iteration: number;
  cost: number;
  /** The cost every 1000 iterations so far. */
  costs: number[];
  /** The metrics recorded so far (with `validation` or `metricsEvery`). */
  metrics: Metrics[];
  elapsedSeconds: number;
  numIterations: number;
}

/** A finished job: trainAndEvaluate's result, and the dev accuracy when the job had a dev split. */
export interface TrainedRun extends RunResult {
  devAccuracy?: number;
}

/** One point of a sweep's grid. */
export interface SweepConfig {
  dataset: string;
  keepProb: number;
  lambd: number;
  seed: number;
}

/** One finished training of a sweep: its configuration and its results. */
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

export type WorkerRequest = { type: "train"; index: number; job: TrainingJob };
export type WorkerReply =
  | { type: "progress"; index: number; progress: JobProgress }
  | { type: "result"; index: number; result: TrainedRun }
  | { type: "failed"; index: number; message: string };
