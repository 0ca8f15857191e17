/**
 * One-operation layer functions over the JavaScript kernels, allocating their
 * results: what the tests differentiate numerically. (The library's own layer
 * pairs, src/network/layers.ts, work on a workspace's caches; these are their pieces.)
 */
import { jsKernels } from "../../src/kernels/js";
import { matrix, type Matrix } from "../../src/matrix";

const k = jsKernels;

/** Z = W·A + b. */
export function linear(W: Matrix, A: Matrix, b: Matrix): Matrix {
  const Z = matrix(W.rows, A.cols);
  k.linearForward(W, A, b, Z, null, false, null, 1);
  return Z;
}

/** relu(W·A + b) ⊙ D / keepProb (D optional). */
export function linearRelu(W: Matrix, A: Matrix, b: Matrix, D: Matrix | null = null, keepProb = 1): Matrix {
  const Z = matrix(W.rows, A.cols), out = matrix(W.rows, A.cols);
  k.linearForward(W, A, b, Z, out, true, D, keepProb);
  return out;
}

export function sigmoid(Z: Matrix): Matrix {
  const A = matrix(Z.rows, Z.cols);
  k.sigmoid(Z, A);
  return A;
}

/** dW, db of Z = W·A_prev + b given dZ (the 1/m average included), and dA_prev = Wᵀ·dZ. */
export function linearBackward(dZ: Matrix, Aprev: Matrix, W: Matrix): { dW: Matrix; db: Matrix; dAprev: Matrix } {
  const dW = matrix(W.rows, W.cols), db = matrix(W.rows, 1), dAprev = matrix(Aprev.rows, Aprev.cols);
  k.weightGradients(dZ, Aprev, dW, db);
  k.inputGradients(W, dZ, dAprev, null, 1, null, null);
  return { dW, db, dAprev };
}

/** Back through the layer above and then this layer's dropout and ReLU: dZ = relu'(Z) ⊙ (Wᵀ·dZ_above) ⊙ D / keepProb. */
export function reluDropoutBackward(Wabove: Matrix, dZabove: Matrix, Z: Matrix, D: Matrix | null, keepProb: number): Matrix {
  const dA = matrix(Z.rows, Z.cols), dZ = matrix(Z.rows, Z.cols);
  k.inputGradients(Wabove, dZabove, dA, D, keepProb, Z, dZ);
  return dZ;
}
