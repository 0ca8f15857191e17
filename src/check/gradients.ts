/**
 * check.gradients(backward, { lambd }) or check.gradients(backward, { keepProb }):
 * the learner's backward pass against centered differences of the cost it
 * differentiates (the cost with the L2 term, or through dropout with the
 * forward pass's masks held fixed: the masks are drawn once and the same
 * masks are used for every perturbed evaluation).
 */
import { forwardPropagation, forwardPropagationWithDropout, type CourseCache } from "../course";
import { dictionaryToVector, gradientCheckN, type GradientCheckReport } from "../gradcheck";
import { matrix, shapeOf, type Matrix } from "../matrix";
import { NumpyRandomState } from "../random";
import { caseInputs } from "./cases";
import { typeName } from "./compare";
import { show, type CheckOptions } from "./display";
import { callSafely, isNotDoneValue } from "./guard";
import { type CaseReport, type CheckResult, type CheckStatus } from "./report";
import { extractRecord } from "./run";

const KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"] as const;
const EPSILON = 1e-7;
const THRESHOLD = 2e-7;

export interface GradientsOptions extends CheckOptions {
  /** Check a backward(X, Y, cache, lambd) with this λ. */
  lambd?: number;
  /** Check a backward(X, Y, cache, keepProb) with this keepProb, masks held fixed. */
  keepProb?: number;
}

export interface GradientsCheckResult extends CheckResult {
  /** ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖), when the gradients could be compared. */
  difference?: number;
  threshold: number;
  epsilon: number;
  /** The full per-parameter report of gradientCheckN. */
  report?: GradientCheckReport;
}

function numericByName(parameters: Record<string, Matrix>, gradapprox: Matrix): Record<string, Matrix> {
  const { layout } = dictionaryToVector(parameters);
  const out: Record<string, Matrix> = {};
  for (const s of layout) out[`d${s.name}`] = matrix(s.rows, s.cols, gradapprox.data.slice(s.offset, s.offset + s.rows * s.cols));
  return out;
}

function evaluate(fn: unknown, options: GradientsOptions): GradientsCheckResult {
  const { lambd, keepProb } = options;
  const base = { threshold: THRESHOLD, epsilon: EPSILON, tolerance: { rtol: THRESHOLD, atol: 0 } };
  const done = (status: CheckStatus, message: string, cases: CaseReport[], extra: Partial<GradientsCheckResult> = {}): GradientsCheckResult =>
    ({ name: "gradients", passed: status === "passed", status, message, cases, ...base, ...extra });
  if ((lambd === undefined) === (keepProb === undefined)) {
    return done("failed", "check.gradients: give exactly one of { lambd } (for a backward(X, Y, cache, lambd)) or { keepProb } (for a backward(X, Y, cache, keepProb)).", []);
  }
  const mode = lambd !== undefined ? `lambd ${lambd}` : `keepProb ${keepProb}`;
  const title = `gradients of your backward pass (${mode})`;
  if (typeof fn !== "function") {
    const status: CheckStatus = fn === undefined || fn === null ? "not done yet" : "failed";
    return done(status, `${title}: ${status === "not done yet" ? "not done yet" : "failed"}: expected a function, got ${typeName(fn)}.`, []);
  }
  // Inputs: the second case's shapes (X (4, 7), layers [4, 5, 5, 1]); masks from NumpyRandomState(3), kept.
  const { X, Y, parameters } = caseInputs("other");
  const make = (): CourseCache =>
    lambd !== undefined ? forwardPropagation(X, parameters).cache : forwardPropagationWithDropout(X, parameters, keepProb!, new NumpyRandomState(3)).cache;
  const cache = make();
  const description = `X ${shapeOf(X)}, layers [4, 5, 5, 1], ${mode}${keepProb !== undefined ? ", masks held fixed" : ""}`;
  const outcome = callSafely(fn as (...a: never[]) => unknown, [X, Y, cache, lambd ?? keepProb], { X, Y, cache });
  const caseBase = { name: "gradients", description, expected: {} };
  if (outcome.kind === "threw") {
    const status = outcome.notDone ? "not done yet" : "failed";
    return done(status, `${title}: ${status === "not done yet" ? "not done yet" : "failed"}: your function threw "${outcome.error}".`, [{ ...caseBase, status: outcome.notDone ? "not done yet" : "error", problem: outcome.error }]);
  }
  if (isNotDoneValue(outcome.value)) {
    return done("not done yet", `${title}: not done yet (it returned ${typeName(outcome.value)}).`, [{ ...caseBase, status: "not done yet" }]);
  }
  if (outcome.mutated !== null) {
    return done("failed", `${title}: failed: your function changed its input: ${outcome.mutated}.`, [{ ...caseBase, status: "failed", problem: outcome.mutated }]);
  }
  const extracted = extractRecord("your backward function", outcome.value, KEYS);
  if ("problem" in extracted) return done("failed", `${title}: failed: ${extracted.problem}.`, [{ ...caseBase, status: "failed", problem: extracted.problem }]);
  const grads = extracted.outputs as Record<string, Matrix>;
  for (const k of KEYS) {
    const p = parameters[k.slice(1) as "W1"];
    if (grads[k].rows !== p.rows || grads[k].cols !== p.cols) {
      const problem = `${k} has shape ${shapeOf(grads[k])}, expected ${shapeOf(p)} (the shape of ${k.slice(1)})`;
      return done("failed", `${title}: failed: ${problem}.`, [{ ...caseBase, status: "failed", problem }]);
    }
  }
  const masks = cache.D1 && cache.D2 ? [cache.D1, cache.D2] : undefined;
  const report = gradientCheckN(parameters, grads, X, Y, EPSILON, { lambd: lambd ?? 0, keepProb: keepProb ?? 1, masks, threshold: THRESHOLD });
  const numeric = numericByName(parameters, report.gradapprox);
  const passed = Number.isFinite(report.difference) && report.passed;
  const d = report.difference.toExponential(2);
  let message: string;
  if (passed) {
    message = `${title}: passed, difference ${d} < ${THRESHOLD} (‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖), centered differences with ε = ${EPSILON}).`;
  } else {
    const worst = [...report.parameters].sort((a, b) => b.share - a.share)[0];
    const entry = worst.worst[0];
    message = `${title}: failed, difference ${Number.isNaN(report.difference) ? "NaN" : d} ≥ ${THRESHOLD}. ` +
      `Largest disagreement in d${worst.name}` + (entry ? ` at [${entry.row}, ${entry.col}]: yours ${entry.analytic}, numerical ${entry.numeric}.` : ".") +
      (report.failing.length > 0 ? ` Parameters that disagree: ${report.failing.map((n) => `d${n}`).join(", ")}.` : "");
  }
  const cases: CaseReport[] = [{ ...caseBase, expected: numeric, received: grads, status: passed ? "passed" : "failed" }];
  return done(passed ? "passed" : "failed", message, cases, { difference: report.difference, report });
}

/** The numerical gradient check of a learner's backward pass; see the module comment. */
export function gradients(fn: unknown, options: GradientsOptions = {}): GradientsCheckResult {
  let result: GradientsCheckResult;
  try {
    result = evaluate(fn, options);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    result = { name: "gradients", passed: false, status: "failed", message: `check.gradients could not run: ${msg}`, cases: [], threshold: THRESHOLD, epsilon: EPSILON, tolerance: { rtol: THRESHOLD, atol: 0 } };
  }
  show(result, options.display);
  return result;
}
