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
 *
 * A run whose cost or parameters stop being finite has diverged: the loop
 * notices at the next recorded cost, stops, and says so in `status`.
 */
import { networkToParameters, parametersToNetwork, type Parameters } from "../course";
import { trainWithImplementation } from "./implementation";
import type { ModelOptions, ModelResult, RunResult, TrainingStatus } from "./types";
import { dropoutMask } from "../network/layers";
import type { Matrix } from "../matrix";
import { checkNetwork, cloneNetwork, initializeCourse, initializeHe, layerDims, withKeepProb, type Layer, type Network } from "../network/parameters";
import { evaluate } from "../network/evaluate";
import { checkMemory, createWorkspace, loadInput, loadNetwork } from "../network/workspace";
import { NumpyRandomState, randomStream, type RandomSource, type RandomStream } from "../random";
import { checkCount, checkExamples } from "../validate";
import { metricsRecorder, type Metrics } from "./metrics";
import { keepProbFits, normalizeOptions, type Settings } from "./options";
import { stepPlan, trainStep } from "./step";

/**
 * Trains the network on X (n_0, m) and Y (1, m) and returns the parameters and
 * the cost history. Dropout and L2 may be combined.
 *
 * @example
 *   const { parameters, costs } = model(train.X, train.Y, { keepProb: 0.86, masks: "course" });
 */
export function model(X: Matrix, Y: Matrix, options: ModelOptions = {}): ModelResult {
  const settings = normalizeOptions("model", options);
  checkExamples("model", X, Y);
  if (options.implementation !== undefined) return trainWithImplementation(X, Y, settings, options);
  const start = initialNetwork(X, settings, options);
  const network = withKeepProb("model", start, settings.keepProb);
  const dims = layerDims(network);
  const m = X.cols;

  const ws = createWorkspace(dims, m, options.backend);
  loadInput(ws, X);
  loadNetwork(ws, network);
  const dropout = network.some((layer) => layer.keepProb < 1);
  // Masks. "fresh": drawn from the stream in every forward pass. "course": the
  // course re-seeds np.random.seed(1) at the top of every forward pass, so it
  // draws the same masks every time; drawing them once here, in the same order
  // (layer by layer, row-major) from NumpyRandomState(1), gives those very masks.
  let rng: RandomSource | null = null;
  let masks: (Matrix | null)[] | null = null;
  if (dropout && settings.masks === "course") {
    const courseRng = new NumpyRandomState(1);
    masks = network.slice(0, -1).map((layer, l) => (layer.keepProb < 1 ? dropoutMask(ws.kernels, ws.masks[l], layer.keepProb, courseRng) : null));
  } else if (dropout) {
    rng = options.rng ?? randomStream(settings.seed);
  }
  const plan = stepPlan(ws, Y, settings.lambd, settings.learningRate, rng, masks);
  const metricsEvery = options.metricsEvery ?? (options.validation !== undefined ? 1000 : 0);
  if (options.metricsEvery !== undefined) checkCount("model", "metricsEvery", options.metricsEvery);
  const recordMetrics = metricsEvery > 0 ? metricsRecorder(dims, { X, Y }, options.validation, options.backend) : undefined;
  const metrics: Metrics[] = [];

  const { numIterations, callbackEvery } = settings;
  const log = options.log ?? console.log;
  const callback = options.callback;
  const costs: number[] = [];
  const t0 = performance.now();
  let cost = NaN;
  let status: TrainingStatus = "ok";
  let message: string | undefined;
  let i = 0;
  for (; i < numIterations; i++) {
    const last = i === numIterations - 1;
    const report = callback !== undefined && (i % callbackEvery === 0 || last);
    const record = i % 1000 === 0;
    const measure = recordMetrics !== undefined && (i % metricsEvery === 0 || last);
    // The cost is only looked at when recorded, reported or at the end, so it is only computed then.
    const withCost = record || report || last;
    const c = trainStep(plan, withCost);
    if (measure) metrics.push(recordMetrics(i, ws.network));
    if (!withCost) continue;
    cost = c;
    if (record) costs.push(cost);
    if (!Number.isFinite(cost) || !finite(ws.network)) {
      status = "diverged";
      message = divergence(i, cost, settings);
      i++;
      break;
    }
    if (options.printCost && i % 10000 === 0) log(`Cost after iteration ${i}: ${cost}`);
    if (report) {
      const goOn = callback({
        iteration: i,
        cost,
        costs,
        parameters: networkToParameters(ws.network),
        network: ws.network,
        metrics,
        elapsedSeconds: (performance.now() - t0) / 1000,
        numIterations,
      });
      if (goOn === false) {
        i++;
        break;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (status === "diverged" && options.printCost) log(`Training stopped: ${message}`);
  const trained = cloneNetwork(ws.network); // ordinary arrays, not views into the workspace's memory
  return { parameters: networkToParameters(trained), network: trained, costs, finalCost: cost, iterations: i, seconds, metrics, status, message };
}

/** The network to start from: the given parameters, or the chosen initialization. */
function initialNetwork(X: Matrix, settings: Settings, options: ModelOptions): Network {
  const given = options.initialParameters;
  let network: readonly Layer[];
  if (given !== undefined) {
    network = Array.isArray(given) ? given : parametersToNetwork("model", given as Parameters);
    checkNetwork("model", network.map((layer) => ({ ...layer, keepProb: 1 })), "initialParameters");
  } else {
    const dims = settings.layersDims ?? [X.rows, 20, 3, 1];
    checkMemory("model", dims, X.cols, "layersDims");
    network = settings.init === "he" ? initializeHe(dims, options.rng ?? randomStream(settings.seed)) : initializeCourse(dims);
  }
  const dims = layerDims(network);
  if (dims[0] !== X.rows) throw new Error(`model: the network takes ${dims[0]} inputs, X has ${X.rows} rows`);
  keepProbFits("model", "keepProb", settings.keepProb, dims);
  return network.map((layer) => ({ W: layer.W, b: layer.b, keepProb: 1 }));
}

function finite(network: readonly Layer[]): boolean {
  for (const layer of network) {
    for (const v of layer.W.data) if (!Number.isFinite(v)) return false;
    for (const v of layer.b.data) if (!Number.isFinite(v)) return false;
  }
  return true;
}

/** "diverged at iteration N (cost NaN; learning rate 1e300 is probably too large)". */
function divergence(iteration: number, cost: number, settings: Settings): string {
  const what = Number.isFinite(cost) ? "parameters not finite" : `cost ${cost}`;
  const likely = settings.lambd * settings.learningRate >= 1
    ? `lambd ${settings.lambd} with learning rate ${settings.learningRate} is probably too large`
    : `learning rate ${settings.learningRate} is probably too large`;
  return `diverged at iteration ${iteration} (${what}; ${likely})`;
}


/** Trains on `train`, then measures accuracy on both splits in evaluation mode. */
export function trainAndEvaluate(train: { X: Matrix; Y: Matrix }, test: { X: Matrix; Y: Matrix }, options: ModelOptions = {}): RunResult {
  const result = model(train.X, train.Y, options);
  return {
    ...result,
    trainAccuracy: evaluate(train.X, train.Y, result.network).accuracy,
    testAccuracy: evaluate(test.X, test.Y, result.network).accuracy,
  };
}
