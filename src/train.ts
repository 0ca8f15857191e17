/**
 * The training loop: full-batch gradient descent on the L-layer network.
 *
 * Mask policies, for networks with dropout:
 * - "fresh" (the default, and good practice): every iteration draws new masks
 *   from one seeded stream (`rng`, or `randomStream(seed)`), so each step
 *   trains a different thinned network.
 * - "course": what the course's graded forward pass does. It calls
 *   np.random.seed(1) at its top, so every iteration draws the *same* masks:
 *   the same units are dropped for all 30000 steps. The net then trains one
 *   fixed thinned sub-network (scaled by 1/keepProb) rather than an ensemble,
 *   and the dropped units never learn. Use it only to reproduce the course's
 *   printed numbers.
 */
import { crossEntropy, l2Penalty } from "./cost";
import { trainWithImplementation, type Implementation } from "./implementation";
import { dropoutMask } from "./layers";
import { type Matrix } from "./matrix";
import {
  backwardPass,
  cloneParameters,
  createWorkspace,
  evaluate,
  forwardPass,
  initializeCourse,
  initializeHe,
  keepProbsFor,
  layerSizes,
  parameterNames,
  type Parameters,
  type Workspace,
} from "./network";
import { NumpyRandomState, randomStream, type RandomSource, type RandomStream } from "./random";
import { checkCount, checkExamples, checkNonNegative, checkPositive } from "./validate";

export type MaskPolicy = "fresh" | "course";

export interface Progress {
  /** The iteration just completed (0-based). */
  iteration: number;
  /** Its cost, including the L2 term when lambd > 0. */
  cost: number;
  /** The cost history so far (every 1000 iterations, from iteration 0). */
  costs: readonly number[];
  /** The current parameters (live: copy them to keep a snapshot). */
  parameters: Parameters;
  /** Seconds since training started. */
  elapsedSeconds: number;
  numIterations: number;
}

export interface ModelOptions {
  /** Gradient-descent step size α. Default 0.3. */
  learningRate?: number;
  /** Default 30000. */
  numIterations?: number;
  /** L2 strength λ. Default 0 (none). */
  lambd?: number;
  /** keepProb for every hidden layer, or one per hidden layer. Default 1 (no dropout). */
  keepProb?: number | readonly number[];
  /** [n_0, n_1, …, 1]. Default [X rows, 20, 3, 1], the course's network. */
  layersDims?: readonly number[];
  /** Print the cost every 10000 iterations (through `log`). Default false. */
  printCost?: boolean;
  /** Where printed lines go. Default console.log. */
  log?: (line: string) => void;
  /** Called every `callbackEvery` iterations and after the last; return false to stop early. */
  callback?: (progress: Progress) => void | boolean;
  /** Default 1000. */
  callbackEvery?: number;
  /** Seed of the stream for fresh masks and He initialization (`randomStream(seed)`). Default 1. Ignored when `rng` is given. */
  seed?: number;
  /** The stream to draw fresh masks (and He weights) from. A `MaskSource` (like `randomStream`) fills masks fastest. */
  rng?: RandomStream;
  /** "fresh" (default) or "course"; see the module comment. */
  masks?: MaskPolicy;
  /** "course" (default: np.random.seed(3), randn/√n_prev) or "he" (from the stream). */
  init?: "course" | "he";
  /** Start from these parameters (copied) instead of initializing. */
  initialParameters?: Parameters;
  /** Train with these functions (the learner's), keyed by the course's names; the library's for the rest. See ./implementation. */
  implementation?: Implementation;
}

export interface ModelResult {
  parameters: Parameters;
  /** The cost every 1000 iterations, index 0 = iteration 0. */
  costs: number[];
  /** The cost of the last iteration run. */
  finalCost: number;
  /** Iterations run (fewer than asked when the callback stopped early). */
  iterations: number;
  /** Wall-clock seconds of the training loop. */
  seconds: number;
}

/**
 * Trains the network on X (n_0, m) and Y (1, m) and returns the parameters and
 * the cost history. Dropout and L2 may be combined.
 *
 * @example
 *   const { parameters, costs } = model(train.X, train.Y, { keepProb: 0.86, masks: "course" });
 */
export function model(X: Matrix, Y: Matrix, options: ModelOptions = {}): ModelResult {
  if (options.implementation !== undefined) return trainWithImplementation(X, Y, options);
  checkExamples("model", X, Y);
  const learningRate = options.learningRate ?? 0.3;
  const numIterations = options.numIterations ?? 30000;
  const lambd = options.lambd ?? 0;
  const callbackEvery = options.callbackEvery ?? 1000;
  const policy = options.masks ?? "fresh";
  checkPositive("model", "learningRate", learningRate);
  checkCount("model", "numIterations", numIterations, 0);
  checkNonNegative("model", "lambd", lambd);
  checkCount("model", "callbackEvery", callbackEvery);
  if (policy !== "fresh" && policy !== "course") {
    throw new RangeError(`model: masks must be "fresh" or "course", got ${JSON.stringify(policy)}`);
  }
  const init = options.init ?? "course";
  if (init !== "course" && init !== "he") throw new RangeError(`model: init must be "course" or "he", got ${JSON.stringify(init)}`);
  if (options.seed !== undefined && !Number.isFinite(options.seed)) {
    throw new RangeError(`model: seed must be a finite number, got ${options.seed}`);
  }

  const layersDims = options.layersDims ?? [X.rows, 20, 3, 1];
  const stream = options.rng ?? randomStream(options.seed ?? 1);
  const initial = options.initialParameters
    ? options.initialParameters
    : init === "he"
      ? initializeHe(layersDims, stream)
      : initializeCourse(layersDims);
  const dims = layerSizes("model", initial);
  if (dims[0] !== X.rows) throw new Error(`model: the network takes ${dims[0]} inputs, X has ${X.rows} rows`);
  const L = dims.length - 1;
  const keepProb = keepProbsFor("model", options.keepProb ?? 1, L - 1);
  const dropout = keepProb.some((p) => p < 1);
  const m = X.cols;

  // Everything the loop touches lives in the workspace (in WebAssembly memory
  // where available, so that the SIMD kernels run): a copy of X, the
  // parameters being trained, every intermediate. Y is read only for dZ_L.
  const ws = createWorkspace(dims, m);
  const n = parameterNames(L);
  ws.X.data.set(X.data);
  for (let l = 1; l <= L; l++) {
    ws.parameters[n.W[l]].data.set(initial[n.W[l]].data);
    ws.parameters[n.b[l]].data.set(initial[n.b[l]].data);
  }
  const parameters = ws.parameters;
  const weights = Array.from({ length: L }, (_, l) => parameters[n.W[l + 1]]);
  // Masks. "fresh": drawn from the stream in every forward pass. "course": the
  // course re-seeds np.random.seed(1) at the top of every forward pass, so it
  // draws the same masks every time; drawing them once here, in the same order
  // (layer by layer, row-major) from NumpyRandomState(1), gives those very masks.
  let rng: RandomSource | undefined;
  let masks: (Matrix | null)[] | undefined;
  if (dropout && policy === "course") {
    const courseRng = new NumpyRandomState(1);
    masks = keepProb.map((p, i) => (p < 1 ? dropoutMask(dims[i + 1], m, p, courseRng, ws.D[i]) : null));
  } else if (dropout) {
    rng = stream;
  }
  const plan: StepPlan = {
    ws, Y, parameters, rng, masks,
    keepProb: boxedNumbers(dropout ? keepProb : keepProb.map(() => 1)),
    scalars: boxedNumbers([lambd, learningRate]),
    thetas: [],
    grads: [],
  };
  for (let l = 1; l <= L; l++) {
    plan.thetas.push(parameters[n.W[l]].data, parameters[n.b[l]].data);
    plan.grads.push(ws.dW[l - 1].data, ws.db[l - 1].data);
  }

  const log = options.log ?? console.log;
  const callback = options.callback;
  const costs: number[] = [];
  const start = performance.now();
  let cost = NaN;
  let i = 0;
  for (; i < numIterations; i++) {
    const AL = forwardStep(plan);
    // The cost is only looked at every 1000 iterations, at callbacks and at the
    // end, so it is only computed then (it takes two logs per example).
    const report = callback !== undefined && (i % callbackEvery === 0 || i === numIterations - 1);
    if (i % 1000 === 0 || report || i === numIterations - 1) {
      cost = crossEntropy(AL, Y);
      if (lambd > 0) cost += l2Penalty(weights, lambd, m);
    }
    backwardStep(plan);
    if (i % 1000 === 0) costs.push(cost);
    if (options.printCost && i % 10000 === 0) log(`Cost after iteration ${i}: ${cost}`);
    if (report) {
      const goOn = callback({
        iteration: i,
        cost,
        costs,
        parameters,
        elapsedSeconds: (performance.now() - start) / 1000,
        numIterations,
      });
      if (goOn === false) {
        i++;
        break;
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;
  // Hand back ordinary arrays, not views into the workspace's memory.
  return { parameters: cloneParameters(parameters), costs, finalCost: cost, iterations: i, seconds };
}

/** What one iteration needs, gathered once so that each call passes one object. */
interface StepPlan {
  readonly ws: Workspace;
  readonly Y: Matrix;
  readonly parameters: Parameters;
  readonly keepProb: number | readonly number[];
  readonly rng: RandomSource | undefined;
  readonly masks: readonly (Matrix | null)[] | undefined;
  /** [lambd, learningRate], boxed (see boxedNumbers). */
  readonly scalars: readonly number[];
  /** θ and dθ arrays, pairwise: W1, b1, W2, … and dW1, db1, dW2, … */
  readonly thetas: Float64Array[];
  readonly grads: Float64Array[];
}

/**
 * One iteration of full-batch gradient descent is forwardStep, then
 * backwardStep: the forward pass (returns A_L), then the backward pass and the
 * update θ ← θ − α·dθ, all in the workspace. (Functions of their own, so that
 * they are compiled once and stay optimized, whatever the rarely taken
 * branches of the loop around them do.)
 */
function forwardStep(plan: StepPlan): Matrix {
  return forwardPass(plan.ws.X, plan.parameters, plan.ws, plan.keepProb, plan.rng, plan.masks).AL;
}

function backwardStep(plan: StepPlan): void {
  const { ws, parameters, keepProb } = plan;
  backwardPass(plan.Y, parameters, ws.caches, keepProb, plan.scalars[0], ws);
  const learningRate = plan.scalars[1], thetas = plan.thetas, grads = plan.grads;
  for (let t = 0; t < thetas.length; t++) {
    const p = thetas[t], d = grads[t];
    for (let k = 0; k < p.length; k++) p[k] -= learningRate * d[k];
  }
}

/**
 * The same numbers in a generic (not double-typed) array. V8 then keeps each
 * as one boxed number, and passing it to a function allocates nothing, where a
 * double array or a double field would box a new number on every call, every
 * iteration. (The loop's hyperparameters travel this way.)
 */
function boxedNumbers(xs: readonly number[]): number[] {
  const out: unknown[] = [null]; // a generic-elements array from the start
  out.pop();
  out.push(...xs);
  return out as number[];
}

export interface RunResult extends ModelResult {
  trainAccuracy: number;
  testAccuracy: number;
}

/** Trains on `train`, then measures accuracy on both splits in evaluation mode. */
export function trainAndEvaluate(
  train: { X: Matrix; Y: Matrix },
  test: { X: Matrix; Y: Matrix },
  options: ModelOptions = {},
): RunResult {
  const result = model(train.X, train.Y, options);
  return {
    ...result,
    trainAccuracy: evaluate(train.X, train.Y, result.parameters).accuracy,
    testAccuracy: evaluate(test.X, test.Y, result.parameters).accuracy,
  };
}
