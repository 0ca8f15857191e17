/** The shapes of a training's options, progress and result, shared by the library's loop and the learner's. */
import type { Parameters } from "../course";
import type { BackendName } from "../kernels";
import type { Matrix } from "../matrix";
import type { Layer, Network } from "../network/parameters";
import type { RandomStream } from "../random";
import type { CourseCache, CourseParameters, Gradients } from "../course";
import type { LabelledSet, Metrics } from "./metrics";
import type { TrainingOptions } from "./options";

export interface Progress {
  /** The iteration just completed (0-based). */
  iteration: number;
  /** Its cost, including the L2 term when lambd > 0. */
  cost: number;
  /** The cost history so far (every 1000 iterations, from iteration 0). */
  costs: readonly number[];
  /** The current parameters as the course's record (live views: copy them to keep a snapshot). */
  parameters: Parameters;
  /** The current parameters as a list of layers (live, likewise). */
  network: Network;
  /** The metrics recorded so far (with `validation` or `metricsEvery`; else empty). */
  metrics: readonly Metrics[];
  /** Seconds since training started. */
  elapsedSeconds: number;
  numIterations: number;
}

export interface ModelOptions extends TrainingOptions {
  /** Print the cost every 10000 iterations (through `log`). Default false. */
  printCost?: boolean;
  /** Where printed lines go. Default console.log. */
  log?: (line: string) => void;
  /** Called every `callbackEvery` iterations and after the last; return false to stop early. */
  callback?: (progress: Progress) => void | boolean;
  /** The stream to draw fresh masks (and He weights) from; default `randomStream(seed)`. */
  rng?: RandomStream;
  /** Start from these parameters (copied), a course record or a list of layers, instead of initializing. */
  initialParameters?: Parameters | readonly Layer[];
  /** The kernels' backend; default: the default backend. */
  backend?: BackendName;
  /**
   * Train with these functions (the learner's), keyed by the course's names; the library's for the
   * rest. Training then runs the course's loop over them (src/train/implementation.ts).
   */
  implementation?: Implementation;
  /** A labelled set whose cost and accuracy are recorded in `metrics` (evaluation mode), beside the training set's. */
  validation?: LabelledSet;
  /** Record `metrics` every this many iterations (and after the last). Default 1000 when `validation` is given, else no recording. */
  metricsEvery?: number;
}

/** "ok", or "diverged": the cost or the parameters stopped being finite, and training stopped there. */
export type TrainingStatus = "ok" | "diverged";

export interface ModelResult {
  /** The trained parameters as the course's record {W1, b1, …}. */
  parameters: Parameters;
  /** The same parameters as a list of layers (with their keepProbs). */
  network: Network;
  /** The cost every 1000 iterations, index 0 = iteration 0. */
  costs: number[];
  /** The cost of the last iteration run. */
  finalCost: number;
  /** Iterations run (fewer than asked when the callback stopped early or the run diverged). */
  iterations: number;
  /** Wall-clock seconds of the training loop (recording metrics included). */
  seconds: number;
  /** Train (and validation) cost and accuracy in evaluation mode, every `metricsEvery` iterations and after the last. */
  metrics: Metrics[];
  status: TrainingStatus;
  /** For a diverged run: what happened, for people (`diverged at iteration N (cost NaN; …)`). */
  message?: string;
}

export interface RunResult extends ModelResult {
  trainAccuracy: number;
  testAccuracy: number;
}

type ForwardResult = { A3: Matrix; cache: CourseCache };

/** The graded and helper functions of the course, by the course's names (camelCase). */
export interface Implementation {
  forwardPropagation?: (X: Matrix, parameters: CourseParameters) => ForwardResult;
  forwardPropagationWithDropout?: (X: Matrix, parameters: CourseParameters, keepProb: number, rng?: RandomStream) => ForwardResult;
  computeCost?: (A3: Matrix, Y: Matrix) => number;
  computeCostWithRegularization?: (A3: Matrix, Y: Matrix, parameters: CourseParameters, lambd: number) => number;
  backwardPropagation?: (X: Matrix, Y: Matrix, cache: CourseCache) => Gradients;
  backwardPropagationWithRegularization?: (X: Matrix, Y: Matrix, cache: CourseCache, lambd: number) => Gradients;
  backwardPropagationWithDropout?: (X: Matrix, Y: Matrix, cache: CourseCache, keepProb: number) => Gradients;
  updateParameters?: (parameters: CourseParameters, grads: Gradients, learningRate: number) => CourseParameters;
}
