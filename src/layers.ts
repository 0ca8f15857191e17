/**
 * Layers as forward/backward pairs of plain functions.
 *
 * Shapes: a layer with n units over m examples works on (n, m) matrices; its
 * weights W are (n, n_prev) and its bias b is (n, 1). Every function takes an
 * optional `out` (or an `out` record) and writes there instead of allocating.
 *
 * The loops live in ./kernels. Besides the one-step functions, two fused ones
 * do what the network does per hidden layer in a single pass each:
 * `linearReluForward` (linear, ReLU, dropout) and `linearReluBackward`
 * (back through the linear map, then the dropout and ReLU of the layer below).
 * Checks here cost a few integer comparisons; messages are built only on failure.
 */
import { forwardLayer, inputGradients, sigmoidInto, weightGradients } from "./kernels";
import { assertShape, matrix, shapeOf, type Matrix } from "./matrix";
import type { RandomSource } from "./random";
import { isMaskSource } from "./kernels-random";
import { checkKeepProb } from "./validate";

/** Throws unless m is (rows, cols); the message names the function and both shapes. */
function expectShape(fn: string, name: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new Error(`${fn}: ${name} has shape ${shapeOf(m)}, expected (${rows}, ${cols})`);
  }
}

function checkLinear(fn: string, W: Matrix, Aprev: Matrix, b: Matrix): void {
  if (W.cols !== Aprev.rows) {
    throw new Error(`${fn}: matmul: shapes ${shapeOf(W)} and ${shapeOf(Aprev)} are not aligned (${W.cols} != ${Aprev.rows})`);
  }
  if (b.rows !== W.rows || b.cols !== 1) {
    throw new Error(`${fn}: b has shape ${shapeOf(b)}, expected (${W.rows}, 1) to match W ${shapeOf(W)}`);
  }
}

/* ------------------------------------------------------------------------ */
/* Linear                                                                    */
/* ------------------------------------------------------------------------ */

/** Z = W·A_prev + b. W (n, n_prev), A_prev (n_prev, m), b (n, 1) -> Z (n, m). */
export function linearForward(W: Matrix, Aprev: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkLinear("linearForward", W, Aprev, b);
  const Z = out ?? matrix(W.rows, Aprev.cols);
  expectShape("linearForward", "out", Z, W.rows, Aprev.cols);
  forwardLayer(W.data, Aprev.data, b.data, W.rows, W.cols, Aprev.cols, Z.data, null, false, null, 1);
  return Z;
}

/**
 * A hidden layer's forward pass in one sweep: Z = W·A_prev + b, A = relu(Z),
 * and with a mask D, A = relu(Z) ⊙ D / keepProb (inverted dropout with a given
 * mask: draw it with `dropoutMask`). Writes Z and A (n, m); returns A.
 * W (n, n_prev), A_prev (n_prev, m), b (n, 1), D (n, m) of 0/1.
 */
export function linearReluForward(W: Matrix, Aprev: Matrix, b: Matrix, Z: Matrix, A: Matrix, D: Matrix | null = null, keepProb = 1): Matrix {
  const fn = "linearReluForward";
  checkLinear(fn, W, Aprev, b);
  expectShape(fn, "Z", Z, W.rows, Aprev.cols);
  expectShape(fn, "A", A, W.rows, Aprev.cols);
  if (D !== null) {
    expectShape(fn, "D", D, W.rows, Aprev.cols);
    checkKeepProb(fn, keepProb);
  }
  forwardLayer(W.data, Aprev.data, b.data, W.rows, W.cols, Aprev.cols, Z.data, A.data, true, D === null ? null : D.data, keepProb);
  return A;
}

export interface LinearGrads {
  /** (n, n_prev) */
  dW: Matrix;
  /** (n, 1) */
  db: Matrix;
  /** (n_prev, m) */
  dAprev: Matrix;
}

/**
 * Gradients of Z = W·A_prev + b, given dZ (n, m) = ∂J/∂Z · m (the course's
 * convention: dZ is per example, and the 1/m average happens here).
 *   dW = dZ·A_prevᵀ / m,  db = Σ_columns dZ / m,  dA_prev = Wᵀ·dZ.
 */
export function linearBackward(dZ: Matrix, Aprev: Matrix, W: Matrix, out?: Partial<LinearGrads>): LinearGrads {
  const dW = out?.dW ?? matrix(dZ.rows, Aprev.rows);
  const db = out?.db ?? matrix(dZ.rows, 1);
  linearWeightGradients(dZ, Aprev, dW, db);
  const dAprev = out?.dAprev ?? matrix(Aprev.rows, dZ.cols);
  expectShape("linearBackward", "W", W, dZ.rows, Aprev.rows);
  expectShape("linearBackward", "out.dAprev", dAprev, Aprev.rows, dZ.cols);
  inputGradients(W.data, dZ.data, W.rows, W.cols, dZ.cols, dAprev.data, null, 1, null, null);
  return { dW, db, dAprev };
}

/**
 * The parameter half of `linearBackward`, into dW (n, n_prev) and db (n, 1):
 * dW = dZ·A_prevᵀ / m and db = Σ_columns dZ / m, from dZ (n, m) and A_prev (n_prev, m).
 */
export function linearWeightGradients(dZ: Matrix, Aprev: Matrix, dW: Matrix, db: Matrix): void {
  const fn = "linearWeightGradients";
  if (dZ.cols !== Aprev.cols) {
    throw new Error(`${fn}: dZ ${shapeOf(dZ)} and A_prev ${shapeOf(Aprev)} must have the same number of examples (columns)`);
  }
  const n = dZ.rows, k = Aprev.rows, m = dZ.cols;
  expectShape(fn, "dW", dW, n, k);
  expectShape(fn, "db", db, n, 1);
  weightGradients(dZ.data, Aprev.data, n, k, m, dW.data, db.data);
}

/**
 * Back through a linear layer and then through the dropout and ReLU of the
 * layer below it, in one sweep:
 *   dA_prev = Wᵀ·dZ, then dA_prev ⊙ D / keepProb when that layer dropped with mask D,
 *   dZ_prev = dA_prev where Z_prev > 0, else 0.
 * W (n, n_prev), dZ (n, m); writes dA_prev and dZ_prev (n_prev, m); Z_prev and D are (n_prev, m).
 */
export function linearReluBackward(
  W: Matrix, dZ: Matrix, Zprev: Matrix, dAprev: Matrix, dZprev: Matrix, D: Matrix | null = null, keepProb = 1,
): void {
  const fn = "linearReluBackward";
  if (W.rows !== dZ.rows) throw new Error(`${fn}: shapes ${shapeOf(W)} and ${shapeOf(dZ)} are not aligned (${W.rows} != ${dZ.rows})`);
  const k = W.cols, m = dZ.cols;
  expectShape(fn, "Zprev", Zprev, k, m);
  expectShape(fn, "dAprev", dAprev, k, m);
  expectShape(fn, "dZprev", dZprev, k, m);
  if (D !== null) {
    expectShape(fn, "D", D, k, m);
    checkKeepProb(fn, keepProb);
  }
  inputGradients(W.data, dZ.data, W.rows, k, m, dAprev.data, D === null ? null : D.data, keepProb, Zprev.data, dZprev.data);
}

/* ------------------------------------------------------------------------ */
/* Activations: a function and its derivative travel together                */
/* ------------------------------------------------------------------------ */

export interface Activation {
  readonly name: string;
  /** A = g(Z), elementwise. */
  forward(Z: Matrix, out?: Matrix): Matrix;
  /** dZ = dA ⊙ g'(Z), given Z and A = g(Z). */
  backward(dA: Matrix, Z: Matrix, A: Matrix, out?: Matrix): Matrix;
}

function like(fn: string, a: Matrix, out?: Matrix): Matrix {
  if (out === undefined) return matrix(a.rows, a.cols);
  if (out.rows !== a.rows || out.cols !== a.cols) throw new Error(`${fn}: out has shape ${shapeOf(out)}, expected ${shapeOf(a)}`);
  return out;
}

function sameShape(fn: string, a: Matrix, aName: string, b: Matrix, bName: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${fn}: ${aName} ${shapeOf(a)} and ${bName} ${shapeOf(b)} must have the same shape`);
  }
}

/** max(0, z). */
export function reluForward(Z: Matrix, out?: Matrix): Matrix {
  const A = like("reluForward", Z, out);
  const z = Z.data, a = A.data;
  for (let i = 0; i < z.length; i++) a[i] = z[i] > 0 ? z[i] : 0;
  return A;
}

/** dZ = dA where Z > 0, else 0. */
export function reluBackward(dA: Matrix, Z: Matrix, out?: Matrix): Matrix {
  sameShape("reluBackward", dA, "dA", Z, "Z");
  const dZ = like("reluBackward", dA, out);
  const g = dA.data, z = Z.data, d = dZ.data;
  for (let i = 0; i < g.length; i++) d[i] = z[i] > 0 ? g[i] : 0;
  return dZ;
}

/** 1 / (1 + e^(−z)). */
export function sigmoidForward(Z: Matrix, out?: Matrix): Matrix {
  const A = like("sigmoidForward", Z, out);
  sigmoidInto(Z.data, A.data, Z.data.length);
  return A;
}

/** dZ = dA ⊙ a(1 − a), given A = sigmoid(Z). */
export function sigmoidBackward(dA: Matrix, A: Matrix, out?: Matrix): Matrix {
  sameShape("sigmoidBackward", dA, "dA", A, "A");
  const dZ = like("sigmoidBackward", dA, out);
  const g = dA.data, a = A.data, d = dZ.data;
  for (let i = 0; i < g.length; i++) d[i] = g[i] * a[i] * (1 - a[i]);
  return dZ;
}

export const relu: Activation = {
  name: "relu",
  forward: reluForward,
  backward: (dA, Z, _A, out) => reluBackward(dA, Z, out),
};

export const sigmoid: Activation = {
  name: "sigmoid",
  forward: sigmoidForward,
  backward: (dA, _Z, A, out) => sigmoidBackward(dA, A, out),
};

/* ------------------------------------------------------------------------ */
/* Inverted dropout                                                          */
/* ------------------------------------------------------------------------ */

/**
 * Draws a keep mask: D[i] = 1 where a uniform draw is < keepProb, else 0. The
 * draws are taken in row-major order, as `np.random.rand(*shape) < keepProb`.
 * A stream with a bulk `fillMask` (a `MaskSource`, such as `fastStream`) fills
 * it in one call instead, with the same chance per entry from fewer random bits.
 */
export function dropoutMask(rows: number, cols: number, keepProb: number, rng: RandomSource, out?: Matrix): Matrix {
  checkKeepProb("dropoutMask", keepProb);
  const D = out ?? matrix(rows, cols);
  if (D.rows !== rows || D.cols !== cols) throw new Error(`dropoutMask: out has shape ${shapeOf(D)}, expected (${rows}, ${cols})`);
  const d = D.data;
  if (isMaskSource(rng)) rng.fillMask(d, keepProb); // in one tight loop
  else for (let i = 0; i < d.length; i++) d[i] = rng.random() < keepProb ? 1 : 0;
  return D;
}

export interface DropoutResult {
  /** The kept activations scaled by 1/keepProb, zeros elsewhere. */
  A: Matrix;
  /** The 0/1 mask that was used. */
  D: Matrix;
}

/**
 * Inverted dropout in training mode: A_out = A ⊙ D / keepProb. Pass `mask` to
 * reuse a fixed mask (gradient checks hold masks fixed this way); otherwise a
 * new mask is drawn from `rng`. With keepProb = 1 nothing is drawn and the
 * mask is all ones. At evaluation time do not call this: dropout is the
 * identity there, because the 1/keepProb scaling already happened in training.
 *
 * @example
 *   const { A, D } = dropoutForward(A1, 0.8, { rng: randomStream(7) });
 *   const dA1 = dropoutBackward(dA, D, 0.8);
 */
export function dropoutForward(
  A: Matrix,
  keepProb: number,
  source: { rng?: RandomSource; mask?: Matrix },
  out?: { A?: Matrix; D?: Matrix },
): DropoutResult {
  checkKeepProb("dropoutForward", keepProb);
  let D: Matrix;
  if (source.mask !== undefined) {
    assertShape("dropoutForward", "mask", source.mask, A.rows, A.cols);
    D = source.mask;
  } else if (keepProb === 1) {
    D = out?.D ?? matrix(A.rows, A.cols);
    D.data.fill(1);
  } else {
    if (source.rng === undefined) throw new Error("dropoutForward: pass either a mask or an rng to draw one from");
    D = dropoutMask(A.rows, A.cols, keepProb, source.rng, out?.D);
  }
  return { A: applyMask(A, D, keepProb, out?.A), D };
}

/** dA_in = dA ⊙ D / keepProb: gradients flow only through kept units. */
export function dropoutBackward(dA: Matrix, D: Matrix, keepProb: number, out?: Matrix): Matrix {
  checkKeepProb("dropoutBackward", keepProb);
  sameShape("dropoutBackward", dA, "dA", D, "D");
  return applyMask(dA, D, keepProb, out);
}

/** out = x ⊙ D / keepProb, with D a 0/1 mask. */
function applyMask(x: Matrix, D: Matrix, keepProb: number, out?: Matrix): Matrix {
  const o = like("dropout", x, out);
  const a = x.data, d = D.data, r = o.data;
  for (let i = 0; i < a.length; i++) r[i] = d[i] !== 0 ? a[i] / keepProb : 0;
  return o;
}
