/**
 * The course's Regularization assignment, function for function, in camelCase.
 * Each is a thin adapter over the general network (src/network/): this file
 * is the one edge where the course's records {W1, b1, …} and {dW1, …} become
 * a list of layers and back. Depth is fixed at three layers (any sizes).
 *
 *   initialize_parameters                      initializeParameters
 *   forward_propagation                        forwardPropagation
 *   backward_propagation                       backwardPropagation
 *   forward_propagation_with_dropout           forwardPropagationWithDropout
 *   backward_propagation_with_dropout          backwardPropagationWithDropout
 *   compute_cost                               computeCost
 *   compute_cost_with_regularization           computeCostWithRegularization
 *   backward_propagation_with_regularization   backwardPropagationWithRegularization
 *   update_parameters                          updateParameters
 *   predict                                    predict
 *   model                                      model (src/train/)
 */
import { crossEntropy, l2Penalty } from "./cost";
import { assertShape, type Matrix } from "./matrix";
import { evaluate } from "./network/evaluate";
import { checkNetwork, cloneNetwork, initializeCourse, update, type Layer, type LayerGrads, type Network } from "./network/parameters";
import { backward, forward } from "./network/passes";
import type { LayerCache } from "./network/workspace";
import { NumpyRandomState, type RandomSource } from "./random";
import { checkExamples, checkKeepProb, checkLabels, checkNonNegative, checkPositive, describe } from "./validate";

/** The course's parameter record {W1, b1, …, WL, bL}. */
export type Parameters = Record<string, Matrix>;

/** {dZ_l, dW_l, db_l, dA_l …}, named as in the course. */
export type Gradients = Record<string, Matrix>;

/** The 3-layer record: W1 (n1, n0), b1 (n1, 1), W2, b2, W3 (1, n2), b3 (1, 1). */
export type CourseParameters = Parameters & Record<"W1" | "b1" | "W2" | "b2" | "W3" | "b3", Matrix>;

/** The course's cache, with named fields instead of a 12-item tuple. */
export interface CourseCache {
  Z1: Matrix; A1: Matrix; W1: Matrix; b1: Matrix;
  Z2: Matrix; A2: Matrix; W2: Matrix; b2: Matrix;
  Z3: Matrix; A3: Matrix; W3: Matrix; b3: Matrix;
  /** Dropout masks (0/1), present after forwardPropagationWithDropout. */
  D1?: Matrix;
  D2?: Matrix;
}

/** {dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1}. */
export type CourseGradients = Gradients &
  Record<"dZ3" | "dW3" | "db3" | "dA2" | "dZ2" | "dW2" | "db2" | "dA1" | "dZ1" | "dW1" | "db1", Matrix>;

/* ------------------------------------------------------------------------ */
/* The edge: records <-> a list of layers                                   */
/* ------------------------------------------------------------------------ */

/** {W1, b1, …, WL, bL} as a list of layers (sharing the matrices), hidden layers with `keepProb`. */
export function parametersToNetwork(fn: string, parameters: Parameters, keepProb = 1): Network {
  if (typeof parameters !== "object" || parameters === null || Array.isArray(parameters)) {
    throw new TypeError(`${fn}: parameters must be a record {W1, b1, ...}, got ${parameters === null ? "null" : describe(parameters)}`);
  }
  const network: Network = [];
  for (let l = 1; parameters[`W${l}`] !== undefined; l++) {
    if (parameters[`b${l}`] === undefined) throw new Error(`${fn}: parameters.b${l} is missing`);
    network.push({ W: parameters[`W${l}`], b: parameters[`b${l}`], keepProb });
  }
  if (network.length === 0) throw new Error(`${fn}: parameters has no W1; expected a record {W1, b1, ..., WL, bL}`);
  network[network.length - 1].keepProb = 1;
  checkNetwork(fn, network, "parameters");
  return network;
}

/** A list of layers as the record {W1, b1, …} (sharing the matrices). */
export function networkToParameters(network: readonly Layer[]): Parameters {
  const parameters: Parameters = {};
  network.forEach((layer, i) => {
    parameters[`W${i + 1}`] = layer.W;
    parameters[`b${i + 1}`] = layer.b;
  });
  return parameters;
}

/** Per-layer gradients as the course's record {dZ_l, dW_l, db_l, dA_l}, from the output layer down. */
export function gradientsToRecord(grads: readonly LayerGrads[]): Gradients {
  const record: Gradients = {};
  for (let l = grads.length; l >= 1; l--) {
    const g = grads[l - 1];
    record[`dZ${l}`] = g.dZ;
    record[`dW${l}`] = g.dW;
    record[`db${l}`] = g.db;
    if (g.dA !== null) record[`dA${l}`] = g.dA;
  }
  return record;
}

function threeLayers(fn: string, parameters: Parameters, keepProb = 1): Network {
  const network = parametersToNetwork(fn, parameters, keepProb);
  if (network.length !== 3) throw new Error(`${fn}: expected a 3-layer network {W1, b1, W2, b2, W3, b3}, got ${network.length} layers`);
  return network;
}

function toCourseCache(caches: readonly LayerCache[], parameters: Parameters): { A3: Matrix; cache: CourseCache } {
  const [c1, c2, c3] = caches;
  const cache: CourseCache = {
    Z1: c1.Z, A1: c1.A, W1: parameters.W1, b1: parameters.b1,
    Z2: c2.Z, A2: c2.A, W2: parameters.W2, b2: parameters.b2,
    Z3: c3.Z, A3: c3.A, W3: parameters.W3, b3: parameters.b3,
  };
  if (c1.D !== null) cache.D1 = c1.D;
  if (c2.D !== null) cache.D2 = c2.D;
  return { A3: c3.A, cache };
}

/** The network and caches held in a course cache (keepProb on the hidden layers). */
function fromCourseCache(fn: string, X: Matrix, cache: CourseCache, keepProb = 1): { network: Network; caches: LayerCache[] } {
  if (typeof cache !== "object" || cache === null) throw new TypeError(`${fn}: cache must be the cache of a forward pass {Z1, A1, W1, ...}, got ${describe(cache)}`);
  const network = threeLayers(fn, { W1: cache.W1, b1: cache.b1, W2: cache.W2, b2: cache.b2, W3: cache.W3, b3: cache.b3 }, keepProb);
  const caches: LayerCache[] = [
    { Aprev: X, Z: cache.Z1, A: cache.A1, D: cache.D1 ?? null },
    { Aprev: cache.A1, Z: cache.Z2, A: cache.A2, D: cache.D2 ?? null },
    { Aprev: cache.A2, Z: cache.Z3, A: cache.A3, D: null },
  ];
  return { network, caches };
}

/* ------------------------------------------------------------------------ */
/* The course's functions                                                   */
/* ------------------------------------------------------------------------ */

/** np.random.seed(3); W_l = randn(n_l, n_{l−1}) / √n_{l−1}; b_l = 0. */
export function initializeParameters(layersDims: readonly number[]): CourseParameters {
  return networkToParameters(initializeCourse(layersDims)) as CourseParameters;
}

/** LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID. X (n0, m) -> A3 (1, m). */
export function forwardPropagation(X: Matrix, parameters: CourseParameters): { A3: Matrix; cache: CourseCache } {
  const network = threeLayers("forwardPropagation", parameters);
  return toCourseCache(forward(X, network).caches, parameters);
}

/**
 * The forward pass with inverted dropout after both hidden layers. Like the
 * course, it seeds a fresh NumpyRandomState(1) for its masks when `rng` is
 * omitted, so every call drops the same units; pass a stream for fresh masks.
 */
export function forwardPropagationWithDropout(
  X: Matrix,
  parameters: CourseParameters,
  keepProb = 0.5,
  rng: RandomSource = new NumpyRandomState(1),
): { A3: Matrix; cache: CourseCache } {
  checkKeepProb("forwardPropagationWithDropout", keepProb);
  const network = threeLayers("forwardPropagationWithDropout", parameters, keepProb);
  return toCourseCache(forward(X, network, { training: true, rng }).caches, parameters);
}

/** Gradients of the cross-entropy cost for the 3-layer net. */
export function backwardPropagation(X: Matrix, Y: Matrix, cache: CourseCache): CourseGradients {
  const { network, caches } = fromCourseCache("backwardPropagation", X, cache);
  return gradientsToRecord(backward(Y, network, caches.map((c) => ({ ...c, D: null })))) as CourseGradients;
}

/** Gradients through the dropout masks D1, D2 kept in the cache. */
export function backwardPropagationWithDropout(X: Matrix, Y: Matrix, cache: CourseCache, keepProb: number): CourseGradients {
  checkKeepProb("backwardPropagationWithDropout", keepProb);
  if (keepProb < 1 && (cache?.D1 === undefined || cache?.D2 === undefined)) {
    throw new Error("backwardPropagationWithDropout: cache has no D1/D2 masks; make it with forwardPropagationWithDropout");
  }
  const { network, caches } = fromCourseCache("backwardPropagationWithDropout", X, cache, keepProb);
  return gradientsToRecord(backward(Y, network, caches)) as CourseGradients;
}

/** Gradients with the L2 term: each dW_l gets + (λ/m)·W_l. */
export function backwardPropagationWithRegularization(X: Matrix, Y: Matrix, cache: CourseCache, lambd: number): CourseGradients {
  checkNonNegative("backwardPropagationWithRegularization", "lambd", lambd);
  const { network, caches } = fromCourseCache("backwardPropagationWithRegularization", X, cache);
  return gradientsToRecord(backward(Y, network, caches.map((c) => ({ ...c, D: null })), { lambd })) as CourseGradients;
}

/** The cross-entropy cost, NaN terms counted as zero (np.nansum). */
export function computeCost(A3: Matrix, Y: Matrix): number {
  checkLabels("computeCost", "Y", Y);
  return crossEntropy(A3, Y);
}

/** Cross-entropy plus (1/m)(λ/2)(‖W1‖² + ‖W2‖² + ‖W3‖²). */
export function computeCostWithRegularization(A3: Matrix, Y: Matrix, parameters: CourseParameters, lambd: number): number {
  checkNonNegative("computeCostWithRegularization", "lambd", lambd);
  checkLabels("computeCostWithRegularization", "Y", Y);
  const network = threeLayers("computeCostWithRegularization", parameters);
  return crossEntropy(A3, Y) + l2Penalty(network.map((layer) => layer.W), lambd, Y.cols);
}

/** One gradient-descent step; returns new parameters and leaves the input as it was. */
export function updateParameters(parameters: CourseParameters, grads: Gradients, learningRate: number): CourseParameters {
  checkPositive("updateParameters", "learningRate", learningRate);
  const next = cloneNetwork(parametersToNetwork("updateParameters", parameters));
  const steps = next.map((layer, i) => {
    const dW = grads?.[`dW${i + 1}`], db = grads?.[`db${i + 1}`];
    if (dW === undefined || db === undefined) throw new Error(`updateParameters: grads has no dW${i + 1} or db${i + 1}`);
    assertShape("updateParameters", `grads.dW${i + 1}`, dW, layer.W.rows, layer.W.cols);
    assertShape("updateParameters", `grads.db${i + 1}`, db, layer.b.rows, 1);
    return { dW, db };
  });
  update(next, steps, learningRate);
  return networkToParameters(next) as CourseParameters;
}

/** Predictions (1, m) of 0/1 (probability > 0.5) and their accuracy against Y. */
export function predict(X: Matrix, Y: Matrix, parameters: Parameters): { predictions: Matrix; accuracy: number } {
  checkExamples("predict", X, Y);
  return evaluate(X, Y, parametersToNetwork("predict", parameters));
}
