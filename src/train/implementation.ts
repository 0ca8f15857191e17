/**
 * Training with the learner's own functions: the course's `model` loop,
 * written in the course's form, calling whichever graded functions are given
 * (keyed by the course's names) and the library's for the rest.
 *
 *   model(X, Y, { keepProb: 0.86, masks: "course",
 *                 implementation: { forwardPropagationWithDropout, backwardPropagationWithDropout } })
 *
 * Each iteration: forward (with dropout when keepProb < 1), the cost (only at
 * the iterations whose cost is recorded or reported: every 1000, callbacks
 * and the last), backward, update. Dropout masks: "course" calls the forward
 * pass with three arguments, so that it re-seeds itself as the course's does
 * (the same masks every iteration); "fresh" passes the training stream as the
 * fourth argument. What each function returns is checked every iteration
 * (types and shapes), with a message naming the function; wrong numbers still
 * train, so that their effect can be seen.
 */
import * as course from "../course";
import { networkToParameters, parametersToNetwork, type CourseCache, type CourseParameters, type Gradients, type Parameters } from "../course";
import { isMatrix, shapeOf, type Matrix } from "../matrix";
import { cloneNetwork, initializeHe, layerDims, type Layer } from "../network/parameters";
import { randomStream, type RandomStream } from "../random";
import { metricsRecorder, type Metrics } from "./metrics";
import type { Settings } from "./options";
import type { Implementation, ModelOptions, ModelResult, TrainingStatus } from "./types";

export type { Implementation } from "./types";

type ForwardResult = { A3: Matrix; cache: CourseCache };


const LIBRARY: Required<Implementation> = {
  forwardPropagation: course.forwardPropagation,
  forwardPropagationWithDropout: course.forwardPropagationWithDropout as Required<Implementation>["forwardPropagationWithDropout"],
  computeCost: course.computeCost,
  computeCostWithRegularization: course.computeCostWithRegularization,
  backwardPropagation: course.backwardPropagation,
  backwardPropagationWithRegularization: course.backwardPropagationWithRegularization,
  backwardPropagationWithDropout: course.backwardPropagationWithDropout,
  updateParameters: course.updateParameters,
};

const NAMES = Object.keys(LIBRARY) as (keyof Implementation)[];
const PARAMETERS = ["W1", "b1", "W2", "b2", "W3", "b3"] as const;

function kindOf(x: unknown): string {
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (isMatrix(x)) return `a Matrix ${shapeOf(x)}`;
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object" : `a ${typeof x}`;
}

/** The functions to train with: the given ones, the library's for the rest. */
function resolve(given: Implementation): { fns: Required<Implementation>; own: Set<string> } {
  if (typeof given !== "object" || given === null) {
    throw new TypeError(`model: implementation must be a record of functions keyed by the course's names, got ${kindOf(given)}`);
  }
  const fns = { ...LIBRARY } as Record<string, unknown>;
  const own = new Set<string>();
  for (const [key, fn] of Object.entries(given)) {
    if (!(NAMES as string[]).includes(key)) {
      throw new RangeError(`model: implementation.${key} is not one of the course's functions (${NAMES.join(", ")})`);
    }
    if (fn === undefined) continue;
    if (typeof fn !== "function") throw new TypeError(`model: implementation.${key} must be a function, got ${kindOf(fn)}`);
    fns[key] = fn;
    own.add(key);
  }
  return { fns: fns as Required<Implementation>, own };
}

/** Calls one of the functions, naming it (and whose it is) when it throws. */
function call<T>(name: string, own: Set<string>, i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`model: ${own.has(name) ? "your" : "the library's"} ${name} threw at iteration ${i}: ${msg}`);
  }
}

function fail(name: string, own: Set<string>, i: number, what: string): never {
  throw new Error(`model: ${own.has(name) ? "your" : "the library's"} ${name} ${what} (iteration ${i})`);
}

function checkForward(name: string, own: Set<string>, i: number, r: unknown, m: number, dropout: boolean): ForwardResult {
  if (typeof r !== "object" || r === null) fail(name, own, i, `should return { A3, cache }, returned ${kindOf(r)}`);
  const { A3, cache } = r as Partial<ForwardResult>;
  if (!isMatrix(A3) || A3.rows !== 1 || A3.cols !== m) fail(name, own, i, `returned A3 ${kindOf(A3)}, expected a Matrix (1, ${m})`);
  if (typeof cache !== "object" || cache === null) fail(name, own, i, `returned cache ${kindOf(cache)}, expected a record { Z1, A1, W1, b1, … }`);
  const needed = ["Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3", ...(dropout ? ["D1", "D2"] : [])];
  for (const k of needed) {
    if (!isMatrix((cache as unknown as Record<string, unknown>)[k])) fail(name, own, i, `returned a cache whose ${k} is ${kindOf((cache as unknown as Record<string, unknown>)[k])}, expected a Matrix`);
  }
  return r as ForwardResult;
}

function checkRecord(name: string, own: Set<string>, i: number, r: unknown, like: Parameters, prefix: "" | "d"): void {
  if (typeof r !== "object" || r === null || isMatrix(r)) fail(name, own, i, `returned ${kindOf(r)}, expected a record of matrices`);
  for (const p of PARAMETERS) {
    const k = prefix + p, v = (r as Record<string, unknown>)[k];
    if (!isMatrix(v) || v.rows !== like[p].rows || v.cols !== like[p].cols) {
      fail(name, own, i, `returned ${k} ${kindOf(v)}, expected a Matrix ${shapeOf(like[p])} (the shape of ${p})`);
    }
  }
}

/** A deep copy of a course record, in ordinary arrays. */
function copyRecord(parameters: Parameters): Parameters {
  return networkToParameters(cloneNetwork(parametersToNetwork("model", parameters)));
}

/**
 * model() with `implementation`: the course's loop over the given functions,
 * with the options model() checked (`settings`). Same result as model().
 */
export function trainWithImplementation(X: Matrix, Y: Matrix, settings: Settings, options: ModelOptions): ModelResult {
  const { fns, own } = resolve(options.implementation ?? {});
  const { learningRate, numIterations, lambd, callbackEvery, masks: policy } = settings;
  const keepProb = settings.keepProb;
  if (typeof keepProb !== "number") {
    throw new RangeError(`model: with implementation, keepProb must be one number (the course's functions take one keep_prob), got ${JSON.stringify(keepProb)}`);
  }
  if (lambd > 0 && keepProb < 1) {
    throw new RangeError(`model: with implementation, use L2 (lambd = ${lambd}) or dropout (keepProb = ${keepProb}), not both: the course's functions do one at a time`);
  }
  const layersDims = settings.layersDims ?? [X.rows, 20, 3, 1];
  if (layersDims.length !== 4) throw new RangeError(`model: with implementation, layersDims must describe 3 layers ([n0, n1, n2, 1]), got [${layersDims.join(", ")}]`);
  const stream = options.rng ?? randomStream(settings.seed);
  const given = options.initialParameters;
  const start: Parameters = given === undefined
    ? settings.init === "he" ? networkToParameters(initializeHe(layersDims, stream)) : course.initializeParameters(layersDims)
    : Array.isArray(given) ? networkToParameters(given as readonly Layer[]) : (given as Parameters);
  let parameters = copyRecord(start) as CourseParameters;
  if (parameters.W1?.cols !== X.rows) throw new Error(`model: the network takes ${parameters.W1?.cols} inputs, X has ${X.rows} rows`);
  const shapes = copyRecord(parameters);
  const m = X.cols;
  const dropout = keepProb < 1;
  const forwardName = dropout ? "forwardPropagationWithDropout" : "forwardPropagation";
  const costName = lambd > 0 ? "computeCostWithRegularization" : "computeCost";
  const backwardName = lambd > 0 ? "backwardPropagationWithRegularization" : dropout ? "backwardPropagationWithDropout" : "backwardPropagation";

  const log = options.log ?? console.log;
  const callback = options.callback;
  const costs: number[] = [];
  const metricsEvery = options.metricsEvery ?? (options.validation !== undefined ? 1000 : 0);
  const recordMetrics = metricsEvery > 0 ? metricsRecorder(layerDims(parametersToNetwork("model", parameters)), { X, Y }, options.validation, options.backend) : undefined;
  const metrics: Metrics[] = [];
  let status: TrainingStatus = "ok";
  let message: string | undefined;
  const t0 = performance.now();
  let cost = NaN;
  let i = 0;
  for (; i < numIterations; i++) {
    // Forward.
    const raw = call(forwardName, own, i, () =>
      !dropout
        ? fns.forwardPropagation(X, parameters)
        : policy === "course"
          ? fns.forwardPropagationWithDropout(X, parameters, keepProb) // re-seeds itself, as the course's does
          : fns.forwardPropagationWithDropout(X, parameters, keepProb, stream),
    );
    const { A3, cache } = checkForward(forwardName, own, i, raw, m, dropout);
    // Cost, only where it is looked at.
    const report = callback !== undefined && (i % callbackEvery === 0 || i === numIterations - 1);
    if (i % 1000 === 0 || report || i === numIterations - 1) {
      const c = call(costName, own, i, () => (lambd > 0 ? fns.computeCostWithRegularization(A3, Y, parameters, lambd) : fns.computeCost(A3, Y)));
      if (typeof c !== "number") fail(costName, own, i, `returned ${kindOf(c)}, expected a number`);
      cost = c;
    }
    // Backward.
    const grads = call(backwardName, own, i, () =>
      lambd > 0
        ? fns.backwardPropagationWithRegularization(X, Y, cache, lambd)
        : dropout
          ? fns.backwardPropagationWithDropout(X, Y, cache, keepProb)
          : fns.backwardPropagation(X, Y, cache),
    );
    checkRecord(backwardName, own, i, grads, shapes, "d");
    // Update.
    const next = call("updateParameters", own, i, () => fns.updateParameters(parameters, grads, learningRate));
    checkRecord("updateParameters", own, i, next, shapes, "");
    parameters = next;

    if (recordMetrics !== undefined && (i % metricsEvery === 0 || i === numIterations - 1)) {
      metrics.push(recordMetrics(i, parametersToNetwork("model", parameters)));
    }
    if (i % 1000 === 0) costs.push(cost);
    if ((i % 1000 === 0 || report || i === numIterations - 1) && !(Number.isFinite(cost) && finiteRecord(parameters))) {
      status = "diverged";
      message = `diverged at iteration ${i} (${Number.isFinite(cost) ? "parameters not finite" : `cost ${cost}`}; learning rate ${learningRate} is probably too large, or a graded function is wrong)`;
      i++;
      break;
    }
    if (options.printCost && i % 10000 === 0) log(`Cost after iteration ${i}: ${cost}`);
    if (report) {
      const goOn = callback({
        iteration: i, cost, costs, parameters, network: parametersToNetwork("model", parameters), metrics,
        elapsedSeconds: (performance.now() - t0) / 1000, numIterations,
      });
      if (goOn === false) {
        i++;
        break;
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  if (status === "diverged" && options.printCost) log(`Training stopped: ${message}`);
  const out: Parameters = {};
  for (const p of PARAMETERS) out[p] = parameters[p];
  const trained = copyRecord(out);
  return { parameters: trained, network: parametersToNetwork("model", trained), costs, finalCost: cost, iterations: i, seconds, metrics, status, message };
}

function finiteRecord(parameters: Parameters): boolean {
  for (const p of PARAMETERS) for (const v of parameters[p].data) if (!Number.isFinite(v)) return false;
  return true;
}
