/**
 * Costs: binary cross-entropy, two ways, and the L2 penalty.
 *
 * `crossEntropy(AL, Y)` is the course's cost, computed from the sigmoid
 * output. When a sigmoid saturates to exactly 1.0 (or 0.0) in floating
 * point, a term like 0·log(0) is NaN; the course sums with `np.nansum`, which
 * counts such terms as zero, and so does this function. (The course's dropout
 * run saturates a y = 1 example from about iteration 3546 on.) A saturated
 * *wrong* prediction gives +Infinity, as in numpy. When every term is NaN
 * (a diverged network whose outputs are all NaN) the cost is NaN, not
 * numpy's 0: a failed computation is never reported as a number.
 *
 * `crossEntropyFromLogits(ZL, Y)` computes the same quantity from the
 * pre-sigmoid values ZL as max(z, 0) − z·y + log(1 + e^(−|z|)). It never
 * produces NaN or Infinity for finite z and keeps full precision when the
 * sigmoid would round to 1; use it for general work and for gradient checks.
 * The two agree wherever the sigmoid has not saturated.
 */
import { shapeOf, sumSquares, type Matrix } from "./matrix";

function checkPair(fn: string, A: Matrix, aName: string, Y: Matrix): void {
  if (A.rows !== Y.rows || A.cols !== Y.cols) {
    throw new Error(`${fn}: ${aName} ${shapeOf(A)} and Y ${shapeOf(Y)} must have the same shape`);
  }
  if (Y.cols === 0) throw new RangeError(`${fn}: Y is empty, shape ${shapeOf(Y)}; need at least one example`);
}

/** (1/m) · nansum(−y·log(a) − (1−y)·log(1−a)). AL and Y are (1, m). */
export function crossEntropy(AL: Matrix, Y: Matrix): number {
  checkPair("crossEntropy", AL, "AL", Y);
  const a = AL.data, y = Y.data;
  let s = 0, counted = 0;
  for (let i = 0; i < a.length; i++) {
    const t = -Math.log(a[i]) * y[i] + -Math.log(1 - a[i]) * (1 - y[i]);
    if (t === t) {
      s += t; // skip NaN, as np.nansum
      counted++;
    }
  }
  // nansum of nothing but NaN is 0 in numpy; a cost is never made of no terms.
  if (counted === 0) return NaN;
  return (1 / Y.cols) * s;
}

/** The same cross-entropy from the logits ZL (1, m), stable for any finite z. */
export function crossEntropyFromLogits(ZL: Matrix, Y: Matrix): number {
  checkPair("crossEntropyFromLogits", ZL, "ZL", Y);
  const z = ZL.data, y = Y.data;
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    s += (zi > 0 ? zi : 0) - zi * y[i] + Math.log1p(Math.exp(-Math.abs(zi)));
  }
  return s / Y.cols;
}

/** The L2 penalty (1/m)·(λ/2)·Σ_l ‖W_l‖². */
export function l2Penalty(weights: readonly Matrix[], lambd: number, m: number): number {
  let s = 0;
  for (const W of weights) s += sumSquares(W);
  return (1 / m) * (lambd / 2) * s;
}

/** Adds the penalty's gradient (λ/m)·W to dW, in place. */
export function addL2Gradient(dW: Matrix, W: Matrix, lambd: number, m: number): Matrix {
  if (dW.rows !== W.rows || dW.cols !== W.cols) {
    throw new Error(`addL2Gradient: dW ${shapeOf(dW)} and W ${shapeOf(W)} must have the same shape`);
  }
  const k = lambd / m;
  for (let i = 0; i < dW.data.length; i++) dW.data[i] += k * W.data[i];
  return dW;
}
