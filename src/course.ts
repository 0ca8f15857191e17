/**
 * The course's Regularization assignment, function for function, in camelCase.
 * Each is a thin adapter over the general network in ./network: it names the
 * cache fields the way the course does and fixes the depth at three layers
 * (any layer sizes).
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
 *   model                                      model (./train)
 */
import { crossEntropy, l2Penalty } from "./cost";
import { type Matrix } from "./matrix";
import {
  backward,
  cloneParameters,
  evaluate,
  forward,
  initializeCourse,
  layerSizes,
  updateInPlace,
  type Gradients,
  type LayerCache,
  type Parameters,
} from "./network";
import { NumpyRandomState, type RandomSource } from "./random";
import { checkExamples, checkKeepProb, checkNonNegative, checkPositive } from "./validate";

/** The course's parameter record: W1 (n1, n0), b1 (n1, 1), W2, b2, W3 (1, n2), b3 (1, 1). */
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

function checkThreeLayers(fn: string, parameters: Parameters): void {
  const dims = layerSizes(fn, parameters);
  if (dims.length !== 4) throw new Error(`${fn}: expected a 3-layer network {W1, b1, W2, b2, W3, b3}, got ${dims.length - 1} layers`);
}

/** np.random.seed(3); W_l = randn(n_l, n_{l−1}) / √n_{l−1}; b_l = 0. */
export function initializeParameters(layersDims: readonly number[]): CourseParameters {
  return initializeCourse(layersDims) as CourseParameters;
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

function fromCourseCache(X: Matrix, cache: CourseCache): { caches: LayerCache[]; parameters: Parameters } {
  const parameters = { W1: cache.W1, b1: cache.b1, W2: cache.W2, b2: cache.b2, W3: cache.W3, b3: cache.b3 };
  const caches: LayerCache[] = [
    { Aprev: X, Z: cache.Z1, A: cache.A1, D: cache.D1 ?? null },
    { Aprev: cache.A1, Z: cache.Z2, A: cache.A2, D: cache.D2 ?? null },
    { Aprev: cache.A2, Z: cache.Z3, A: cache.A3, D: null },
  ];
  return { caches, parameters };
}

/** LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID. X (n0, m) -> A3 (1, m). */
export function forwardPropagation(X: Matrix, parameters: CourseParameters): { A3: Matrix; cache: CourseCache } {
  checkThreeLayers("forwardPropagation", parameters);
  return toCourseCache(forward(X, parameters).caches, parameters);
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
  checkThreeLayers("forwardPropagationWithDropout", parameters);
  const { caches } = forward(X, parameters, { training: true, keepProb, rng });
  return toCourseCache(caches, parameters);
}

/** Gradients of the cross-entropy cost for the 3-layer net. */
export function backwardPropagation(X: Matrix, Y: Matrix, cache: CourseCache): CourseGradients {
  const { caches, parameters } = fromCourseCache(X, cache);
  return backward(Y, parameters, caches) as CourseGradients;
}

/** Gradients through the dropout masks D1, D2 kept in the cache. */
export function backwardPropagationWithDropout(X: Matrix, Y: Matrix, cache: CourseCache, keepProb: number): CourseGradients {
  checkKeepProb("backwardPropagationWithDropout", keepProb);
  if (keepProb < 1 && (cache.D1 === undefined || cache.D2 === undefined)) {
    throw new Error("backwardPropagationWithDropout: cache has no D1/D2 masks; make it with forwardPropagationWithDropout");
  }
  const { caches, parameters } = fromCourseCache(X, cache);
  return backward(Y, parameters, caches, { keepProb }) as CourseGradients;
}

/** Gradients with the L2 term: each dW_l gets + (λ/m)·W_l. */
export function backwardPropagationWithRegularization(X: Matrix, Y: Matrix, cache: CourseCache, lambd: number): CourseGradients {
  checkNonNegative("backwardPropagationWithRegularization", "lambd", lambd);
  const { caches, parameters } = fromCourseCache(X, cache);
  return backward(Y, parameters, caches, { lambd }) as CourseGradients;
}

/** The cross-entropy cost, NaN terms counted as zero (np.nansum). */
export function computeCost(A3: Matrix, Y: Matrix): number {
  return crossEntropy(A3, Y);
}

/** Cross-entropy plus (1/m)(λ/2)(‖W1‖² + ‖W2‖² + ‖W3‖²). */
export function computeCostWithRegularization(A3: Matrix, Y: Matrix, parameters: CourseParameters, lambd: number): number {
  checkNonNegative("computeCostWithRegularization", "lambd", lambd);
  checkThreeLayers("computeCostWithRegularization", parameters);
  return crossEntropy(A3, Y) + l2Penalty([parameters.W1, parameters.W2, parameters.W3], lambd, Y.cols);
}

/** One gradient-descent step; returns new parameters and leaves the input as it was. */
export function updateParameters(parameters: CourseParameters, grads: Gradients, learningRate: number): CourseParameters {
  checkPositive("updateParameters", "learningRate", learningRate);
  layerSizes("updateParameters", parameters);
  const next = cloneParameters(parameters);
  updateInPlace(next, grads, learningRate);
  return next as CourseParameters;
}

/** Predictions (1, m) of 0/1 (probability > 0.5) and their accuracy against Y. */
export function predict(X: Matrix, Y: Matrix, parameters: Parameters): { predictions: Matrix; accuracy: number } {
  checkExamples("predict", X, Y);
  return evaluate(X, Y, parameters);
}
