/**
 * Gradient checking by centered differences.
 *
 * The parameters are flattened into one column vector in layer order
 * (W1, b1, W2, b2, …), driven by their own shapes. For each entry θ_i,
 *   ĝ_i = (J(θ + ε e_i) − J(θ − ε e_i)) / 2ε,
 * and the check reports ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖), as the course does, plus a
 * per-parameter breakdown that points at the entries that disagree most.
 *
 * With dropout, J must use the *same* masks at every evaluation, or each ĝ_i
 * would compare two different networks. The masks are held fixed by passing
 * the forward pass's own masks back in, never by re-seeding a generator.
 */
import { crossEntropyFromLogits, l2Penalty } from "./cost";
import { parametersToNetwork, type Gradients, type Parameters } from "./course";
import type { BackendName } from "./kernels";
import { assertShape, matrix, shapeOf, type Matrix } from "./matrix";
import { withKeepProb } from "./network/parameters";
import { forward } from "./network/passes";
import { checkPositive } from "./validate";

/** Where one parameter sits in the flat vector. */
export interface ParameterSlot {
  name: string;
  rows: number;
  cols: number;
  offset: number;
}

/** Flattens {W1, b1, …} (row-major within each) into θ (n, 1), with its layout. */
export function dictionaryToVector(parameters: Parameters): { theta: Matrix; layout: ParameterSlot[] } {
  const L = parametersToNetwork("dictionaryToVector", parameters).length;
  const layout: ParameterSlot[] = [];
  let offset = 0;
  for (let l = 1; l <= L; l++) {
    for (const name of [`W${l}`, `b${l}`]) {
      const { rows, cols } = parameters[name];
      layout.push({ name, rows, cols, offset });
      offset += rows * cols;
    }
  }
  const theta = matrix(offset, 1);
  for (const s of layout) theta.data.set(parameters[s.name].data, s.offset);
  return { theta, layout };
}

/** The inverse of dictionaryToVector: θ back into {W1, b1, …} (copies). */
export function vectorToDictionary(theta: Matrix, layout: readonly ParameterSlot[]): Parameters {
  const n = layout.reduce((k, s) => k + s.rows * s.cols, 0);
  assertShape("vectorToDictionary", "theta", theta, n, 1);
  const out: Parameters = {};
  for (const s of layout) {
    out[s.name] = matrix(s.rows, s.cols, theta.data.slice(s.offset, s.offset + s.rows * s.cols));
  }
  return out;
}

/** Flattens {dW1, db1, …} in the same layout as the parameters. */
export function gradientsToVector(gradients: Gradients, layout: readonly ParameterSlot[]): Matrix {
  const n = layout.reduce((k, s) => k + s.rows * s.cols, 0);
  const out = matrix(n, 1);
  for (const s of layout) {
    const g = gradients[`d${s.name}`];
    if (g === undefined) throw new Error(`gradientsToVector: gradients has no d${s.name}`);
    assertShape("gradientsToVector", `gradients.d${s.name}`, g, s.rows, s.cols);
    out.data.set(g.data, s.offset);
  }
  return out;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** ‖a − b‖ / (‖a‖ + ‖b‖); 0 when both are zero. */
export function normalizedDifference(a: Float64Array, b: Float64Array): number {
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - b[i];
  const denominator = norm(a) + norm(b);
  return denominator === 0 ? 0 : norm(d) / denominator;
}

/** The largest entrywise relative error, safe at zero: |a − b| / max(1e-8, |a| + |b|). */
export function relativeError(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`relativeError: shapes ${shapeOf(a)} and ${shapeOf(b)} do not match`);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) {
    const e = Math.abs(a.data[i] - b.data[i]) / Math.max(1e-8, Math.abs(a.data[i]) + Math.abs(b.data[i]));
    if (e > worst) worst = e;
  }
  return worst;
}

/**
 * The centered-difference gradient of f with respect to every entry of x.
 * x is perturbed in place and restored; f must read x.
 */
export function numericGradient(f: () => number, x: Matrix, epsilon = 1e-5): Matrix {
  checkPositive("numericGradient", "epsilon", epsilon);
  const g = matrix(x.rows, x.cols);
  for (let i = 0; i < x.data.length; i++) {
    const old = x.data[i];
    x.data[i] = old + epsilon;
    const plus = f();
    x.data[i] = old - epsilon;
    const minus = f();
    x.data[i] = old;
    g.data[i] = (plus - minus) / (2 * epsilon);
  }
  return g;
}

/**
 * The course's 1-D check on J(θ) = θ·x, whose derivative is x.
 * Returns the analytic and numeric gradients and their normalized difference.
 */
export function gradientCheck(x: number, theta: number, epsilon = 1e-7): { difference: number; grad: number; gradapprox: number } {
  checkPositive("gradientCheck", "epsilon", epsilon);
  const J = (t: number) => t * x;
  const gradapprox = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon);
  const grad = x;
  const denominator = Math.abs(grad) + Math.abs(gradapprox);
  return { difference: denominator === 0 ? 0 : Math.abs(grad - gradapprox) / denominator, grad, gradapprox };
}

export interface CostOptions {
  /** L2 strength λ included in the cost. Default 0. */
  lambd?: number;
  /** keepProb per hidden layer (or one for all). Default 1. */
  keepProb?: number | readonly number[];
  /** Fixed 0/1 masks per hidden layer, required where keepProb < 1. */
  masks?: readonly (Matrix | null | undefined)[];
  /** The kernels' backend; default: the default backend. */
  backend?: BackendName;
}

/**
 * J(θ): the cross-entropy (computed stably from the logits) plus the L2 term,
 * through dropout with the given fixed masks. This is the cost whose gradient
 * `backward` computes.
 */
export function networkCost(parameters: Parameters, X: Matrix, Y: Matrix, options: CostOptions = {}): number {
  const network = withKeepProb("networkCost", parametersToNetwork("networkCost", parameters), options.keepProb ?? 1);
  const { caches } = forward(X, network, { training: true, masks: options.masks, backend: options.backend });
  const cost = crossEntropyFromLogits(caches[caches.length - 1].Z, Y);
  const lambd = options.lambd ?? 0;
  if (lambd === 0) return cost;
  return cost + l2Penalty(network.map((layer) => layer.W), lambd, Y.cols);
}

export interface EntryReport {
  row: number;
  col: number;
  analytic: number;
  numeric: number;
  /** |analytic − numeric| / max(1e-8, |analytic| + |numeric|). */
  relativeError: number;
}

export interface ParameterReport {
  name: string;
  /** ‖g_p − ĝ_p‖ / (‖g_p‖ + ‖ĝ_p‖) over this parameter alone. */
  difference: number;
  /**
   * ‖g_p − ĝ_p‖ / (‖g‖ + ‖ĝ‖): this parameter's part of the overall difference
   * (the squares of the shares add up to the square of the overall difference).
   * A parameter with tiny gradients can have a large `difference` from rounding
   * alone, so pass/fail uses the share.
   */
  share: number;
  /** share < threshold. */
  passed: boolean;
  /** The entries that disagree most, worst first. */
  worst: EntryReport[];
}

export interface GradientCheckReport {
  /** ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) over all parameters. */
  difference: number;
  /** difference < threshold. */
  passed: boolean;
  threshold: number;
  /** Per parameter, in layer order. */
  parameters: ParameterReport[];
  /** Names of the parameters whose share fails the threshold. */
  failing: string[];
  /** The numeric gradient ĝ, flattened like dictionaryToVector. */
  gradapprox: Matrix;
}

export interface GradientCheckOptions extends CostOptions {
  /** Pass/fail threshold on the difference. Default 2e-7, the course's. */
  threshold?: number;
  /** How many worst entries to list per parameter. Default 3. */
  worst?: number;
}

/**
 * Checks `gradients` ({dW1, db1, …}, as from `backward`) against centered
 * differences of `networkCost`. For a network with dropout, pass the masks the
 * gradients were computed with (`masks`), and their keepProb; with L2, lambd.
 */
export function gradientCheckN(
  parameters: Parameters,
  gradients: Gradients,
  X: Matrix,
  Y: Matrix,
  epsilon = 1e-7,
  options: GradientCheckOptions = {},
): GradientCheckReport {
  checkPositive("gradientCheckN", "epsilon", epsilon);
  const threshold = options.threshold ?? 2e-7;
  const { theta, layout } = dictionaryToVector(parameters);
  const grad = gradientsToVector(gradients, layout);
  const live = vectorToDictionary(theta, layout);
  const gradapprox = matrix(theta.rows, 1);
  for (const s of layout) {
    const numeric = numericGradient(() => networkCost(live, X, Y, options), live[s.name], epsilon);
    gradapprox.data.set(numeric.data, s.offset);
  }
  const total = norm(grad.data) + norm(gradapprox.data);
  const reports = layout.map((s): ParameterReport => {
    const a = grad.data.subarray(s.offset, s.offset + s.rows * s.cols);
    const n = gradapprox.data.subarray(s.offset, s.offset + s.rows * s.cols);
    const entries: EntryReport[] = Array.from(a, (ai, k) => ({
      row: Math.floor(k / s.cols),
      col: k % s.cols,
      analytic: ai,
      numeric: n[k],
      relativeError: Math.abs(ai - n[k]) / Math.max(1e-8, Math.abs(ai) + Math.abs(n[k])),
    }));
    entries.sort((p, q) => q.relativeError - p.relativeError);
    const diff = new Float64Array(a.length);
    for (let k = 0; k < a.length; k++) diff[k] = a[k] - n[k];
    const share = total === 0 ? 0 : norm(diff) / total;
    return {
      name: s.name,
      difference: normalizedDifference(a, n),
      share,
      passed: share < threshold,
      worst: entries.slice(0, options.worst ?? 3),
    };
  });
  const difference = normalizedDifference(grad.data, gradapprox.data);
  return {
    difference,
    passed: difference < threshold,
    threshold,
    parameters: reports,
    failing: reports.filter((r) => !r.passed).map((r) => r.name),
    gradapprox,
  };
}
