/**
 * The graded functions written once with switches, so that the classic
 * mistakes can be computed and recognised by their outputs. With no switch
 * set each is the correct function (test/check.test.ts compares them with the
 * library's). Written with the np helpers, as a learner would.
 */
import { type CourseCache, type CourseParameters } from "../course";
import { type Matrix } from "../matrix";
import { np } from "../np";
import { NumpyRandomState } from "../random";

function crossEntropy(A3: Matrix, Y: Matrix): number {
  const m = Y.cols;
  const terms = np.add(np.multiply(np.multiply(-1, np.log(A3)), Y), np.multiply(np.multiply(-1, np.log(np.subtract(1, A3))), np.subtract(1, Y)));
  let s = 0;
  for (const v of terms.data) if (!Number.isNaN(v)) s += v; // np.nansum
  return s / m;
}

export interface CostSwitches {
  /** The factor in front of λ·Σ‖W‖²: 1/(2m) is right. */
  factor?: "1/(2m)" | "1/m" | "1/2";
  /** Which weights enter the penalty. */
  layers?: readonly (1 | 2 | 3)[];
}

export function costVariant(A3: Matrix, Y: Matrix, p: CourseParameters, lambd: number, s: CostSwitches = {}): number {
  const m = Y.cols;
  const layers = s.layers ?? [1, 2, 3];
  let squares = 0;
  for (const l of layers) squares += np.sum(np.square(p[`W${l}` as "W1"]));
  const factor = s.factor === "1/m" ? 1 / m : s.factor === "1/2" ? 1 / 2 : 1 / (2 * m);
  return crossEntropy(A3, Y) + factor * lambd * squares;
}

export interface ForwardSwitches {
  /** Divide the kept activations by keepProb (inverted dropout). */
  scale?: boolean;
  /** How the mask is thresholded: rand < keepProb is right. */
  compare?: "<" | ">" | ">=";
  /** What the mask is drawn from. */
  draw?: "rand" | "randn";
  /** Use the first layer's mask for the second layer too. */
  sameMask?: boolean;
}

export function forwardVariant(
  X: Matrix, p: CourseParameters, keepProb: number, rng: NumpyRandomState = new NumpyRandomState(1), s: ForwardSwitches = {},
): { A3: Matrix; cache: CourseCache } {
  const mask = (A: Matrix): Matrix => {
    const u = s.draw === "randn" ? rng.randn(A.rows, A.cols) : rng.rand(A.rows, A.cols);
    return s.compare === ">" ? np.greater(u, keepProb) : s.compare === ">=" ? np.greaterEqual(u, keepProb) : np.less(u, keepProb);
  };
  const drop = (A: Matrix, D: Matrix) => (s.scale === false ? np.multiply(A, D) : np.divide(np.multiply(A, D), keepProb));
  const Z1 = np.add(np.dot(p.W1, X), p.b1);
  const D1 = mask(Z1);
  const A1 = drop(np.maximum(0, Z1), D1);
  const Z2 = np.add(np.dot(p.W2, A1), p.b2);
  const D2 = s.sameMask ? D1 : mask(Z2);
  const A2 = drop(np.maximum(0, Z2), D2);
  const Z3 = np.add(np.dot(p.W3, A2), p.b3);
  const A3 = np.divide(1, np.add(1, np.exp(np.multiply(-1, Z3))));
  return { A3, cache: { Z1, D1, A1, W1: p.W1, b1: p.b1, Z2, D2, A2, W2: p.W2, b2: p.b2, Z3, A3, W3: p.W3, b3: p.b3 } };
}

export interface BackwardSwitches {
  /** L2 strength; 0 for none. */
  lambd?: number;
  /** keepProb of the dropout pass; undefined for none. */
  keepProb?: number;
  /** Multiply dA by the masks. */
  mask?: boolean;
  /** How many times dA is divided by keepProb: once is right. */
  divisions?: 0 | 1 | 2;
  /** Where the masks come from: the cache (right), a re-seeded NumpyRandomState(1), or one layer's mask for both. */
  masks?: "cache" | "reseed" | "D1" | "D2";
  /** Layers whose dW gets the L2 term (λ/m)·W. */
  l2Layers?: readonly (1 | 2 | 3)[];
  /** Also add (λ/m)·b to db. */
  l2OnBias?: boolean;
  /** The L2 gradient's factor: λ/m is right. */
  l2Factor?: "1/m" | "1/(2m)";
}

export function backwardVariant(X: Matrix, Y: Matrix, c: CourseCache, s: BackwardSwitches = {}): Record<string, Matrix> {
  const m = X.cols;
  const lambd = s.lambd ?? 0;
  const l2 = s.l2Layers ?? [1, 2, 3];
  const k = (s.l2Factor === "1/(2m)" ? 1 / (2 * m) : 1 / m) * lambd;
  let D1 = c.D1, D2 = c.D2;
  if (s.keepProb !== undefined && s.masks === "reseed") {
    const rng = new NumpyRandomState(1);
    D1 = np.less(rng.rand(c.A1.rows, c.A1.cols), s.keepProb);
    D2 = np.less(rng.rand(c.A2.rows, c.A2.cols), s.keepProb);
  } else if (s.masks === "D1") D2 = D1;
  else if (s.masks === "D2") D1 = D2;
  const dropBack = (dA: Matrix, D: Matrix | undefined): Matrix => {
    if (s.keepProb === undefined) return dA;
    let out = s.mask === false || D === undefined ? dA : np.multiply(dA, D);
    for (let i = 0; i < (s.divisions ?? 1); i++) out = np.divide(out, s.keepProb);
    return out;
  };
  const dW = (dZ: Matrix, Aprev: Matrix, W: Matrix, l: 1 | 2 | 3) => {
    const g = np.multiply(1 / m, np.dot(dZ, np.transpose(Aprev)));
    return lambd > 0 && l2.includes(l) ? np.add(g, np.multiply(k, W)) : g;
  };
  const db = (dZ: Matrix, b: Matrix) => {
    const g = np.multiply(1 / m, np.sum(dZ, { axis: 1, keepdims: true }));
    return lambd > 0 && s.l2OnBias ? np.add(g, np.multiply(k, b)) : g;
  };
  const dZ3 = np.subtract(c.A3, Y);
  const dW3 = dW(dZ3, c.A2, c.W3, 3), db3 = db(dZ3, c.b3);
  const dA2 = dropBack(np.dot(np.transpose(c.W3), dZ3), D2);
  const dZ2 = np.multiply(dA2, np.greater(c.A2, 0));
  const dW2 = dW(dZ2, c.A1, c.W2, 2), db2 = db(dZ2, c.b2);
  const dA1 = dropBack(np.dot(np.transpose(c.W2), dZ2), D1);
  const dZ1 = np.multiply(dA1, np.greater(c.A1, 0));
  const dW1 = dW(dZ1, X, c.W1, 1), db1 = db(dZ1, c.b1);
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}
