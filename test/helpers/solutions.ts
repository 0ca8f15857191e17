/**
 * The graded functions as a learner writes them with the np helpers (the same
 * code as the solutions in notebooks/assignment/regularization.source.ipynb),
 * and the classic mistakes, each a real function with the one line changed.
 */
import { computeCost, np, NumpyRandomState, type CourseCache, type CourseParameters, type Matrix, type RandomStream } from "../../src/index";

type Grads = Record<string, Matrix>;

export interface CostOptions { factor?: "2m" | "m"; skip?: string }
export function makeCost(o: CostOptions = {}) {
  return function computeCostWithRegularization(A3: Matrix, Y: Matrix, parameters: CourseParameters, lambd: number): number {
    const m = Y.cols;
    const crossEntropyCost = computeCost(A3, Y);
    let squares = 0;
    for (const name of ["W1", "W2", "W3"]) if (name !== o.skip) squares += np.sum(np.square(parameters[name as "W1"]));
    const l2 = o.factor === "m" ? (lambd / m) * squares : (1 / m) * (lambd / 2) * squares;
    return crossEntropyCost + l2;
  };
}

export interface RegOptions { skip?: string; onBias?: boolean }
export function makeBackwardReg(o: RegOptions = {}) {
  return function backwardPropagationWithRegularization(X: Matrix, Y: Matrix, cache: CourseCache, lambd: number): Grads {
    const m = X.cols;
    const { A1, W1, b1, A2, W2, b2, A3, W3, b3 } = cache;
    const l2 = (name: string, W: Matrix) => (name === o.skip ? np.multiply(0, W) : np.multiply(lambd / m, W));
    const bias = (b: Matrix) => (o.onBias ? np.multiply(lambd / m, b) : 0);
    const dZ3 = np.subtract(A3, Y);
    const dW3 = np.add(np.multiply(1 / m, np.dot(dZ3, np.transpose(A2))), l2("W3", W3));
    const db3 = np.add(np.multiply(1 / m, np.sum(dZ3, { axis: 1, keepdims: true })), bias(b3));
    const dA2 = np.dot(np.transpose(W3), dZ3);
    const dZ2 = np.multiply(dA2, np.greater(A2, 0));
    const dW2 = np.add(np.multiply(1 / m, np.dot(dZ2, np.transpose(A1))), l2("W2", W2));
    const db2 = np.add(np.multiply(1 / m, np.sum(dZ2, { axis: 1, keepdims: true })), bias(b2));
    const dA1 = np.dot(np.transpose(W2), dZ2);
    const dZ1 = np.multiply(dA1, np.greater(A1, 0));
    const dW1 = np.add(np.multiply(1 / m, np.dot(dZ1, np.transpose(X))), l2("W1", W1));
    const db1 = np.add(np.multiply(1 / m, np.sum(dZ1, { axis: 1, keepdims: true })), bias(b1));
    return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
  };
}

export interface ForwardOptions { noScale?: boolean; compare?: "greater" | "greaterEqual"; randn?: boolean; sameMask?: boolean; ignoreRng?: boolean }
export function makeForwardDropout(o: ForwardOptions = {}) {
  return function forwardPropagationWithDropout(X: Matrix, parameters: CourseParameters, keepProb = 0.5, rng: RandomStream = new NumpyRandomState(1)) {
    if (o.ignoreRng) rng = new NumpyRandomState(1);
    const { W1, b1, W2, b2, W3, b3 } = parameters;
    const draw = (A: Matrix) => (o.randn ? np.random.randn(rng, A.rows, A.cols) : np.random.rand(rng, A.rows, A.cols));
    const threshold = (U: Matrix) => (o.compare ? np[o.compare](U, keepProb) : np.less(U, keepProb));
    const scale = (A: Matrix) => (o.noScale ? A : np.divide(A, keepProb));
    const Z1 = np.add(np.dot(W1, X), b1);
    let A1 = np.maximum(0, Z1);
    const D1 = threshold(draw(A1));
    A1 = scale(np.multiply(A1, D1));
    const Z2 = np.add(np.dot(W2, A1), b2);
    let A2 = np.maximum(0, Z2);
    const D2 = o.sameMask ? D1 : threshold(draw(A2));
    A2 = scale(np.multiply(A2, D2));
    const Z3 = np.add(np.dot(W3, A2), b3);
    const A3 = np.divide(1, np.add(1, np.exp(np.multiply(-1, Z3))));
    const cache: CourseCache = { Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 };
    return { A3, cache };
  };
}

export interface BackwardDropoutOptions { noMask?: boolean; divisions?: 0 | 2; reseed?: boolean; maskD1Twice?: boolean }
export function makeBackwardDropout(o: BackwardDropoutOptions = {}) {
  return function backwardPropagationWithDropout(X: Matrix, Y: Matrix, cache: CourseCache, keepProb: number): Grads {
    const m = X.cols;
    const { A1, W1, A2, W2, A3, W3 } = cache;
    let D1 = cache.D1!, D2 = cache.D2!;
    if (o.reseed) {
      const rng = new NumpyRandomState(1);
      D1 = np.less(rng.rand(A1.rows, A1.cols), keepProb);
      D2 = np.less(rng.rand(A2.rows, A2.cols), keepProb);
    }
    if (o.maskD1Twice) D2 = D1;
    const back = (dA: Matrix, D: Matrix) => {
      let out = o.noMask ? dA : np.multiply(dA, D);
      for (let i = 0; i < (o.divisions ?? 1); i++) out = np.divide(out, keepProb);
      return out;
    };
    const dZ3 = np.subtract(A3, Y);
    const dW3 = np.multiply(1 / m, np.dot(dZ3, np.transpose(A2)));
    const db3 = np.multiply(1 / m, np.sum(dZ3, { axis: 1, keepdims: true }));
    const dA2 = back(np.dot(np.transpose(W3), dZ3), D2);
    const dZ2 = np.multiply(dA2, np.greater(A2, 0));
    const dW2 = np.multiply(1 / m, np.dot(dZ2, np.transpose(A1)));
    const db2 = np.multiply(1 / m, np.sum(dZ2, { axis: 1, keepdims: true }));
    const dA1 = back(np.dot(np.transpose(W2), dZ2), D1);
    const dZ1 = np.multiply(dA1, np.greater(A1, 0));
    const dW1 = np.multiply(1 / m, np.dot(dZ1, np.transpose(X)));
    const db1 = np.multiply(1 / m, np.sum(dZ1, { axis: 1, keepdims: true }));
    return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
  };
}
