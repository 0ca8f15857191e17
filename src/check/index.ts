/**
 * The assignment's checks: `check.computeCostWithRegularization(fn)` and the
 * other graded functions, and `check.gradients(backward, { lambd } | { keepProb })`.
 * Each returns { passed, status, message, … } and shows its report (HTML in a
 * notebook, text elsewhere; `{ display: "none" }` for neither). None throws.
 */
import { backwardPropagationWithDropout } from "./backward-propagation-with-dropout";
import { backwardPropagationWithRegularization } from "./backward-propagation-with-regularization";
import { computeCostWithRegularization } from "./compute-cost-with-regularization";
import { forwardPropagationWithDropout } from "./forward-propagation-with-dropout";
import { gradients } from "./gradients";

export const check = Object.freeze({
  computeCostWithRegularization,
  backwardPropagationWithRegularization,
  forwardPropagationWithDropout,
  backwardPropagationWithDropout,
  gradients,
});

export { TOLERANCE, type Difference } from "./compare";
export type { CheckResult, CaseReport, CheckStatus } from "./report";
export type { CheckOptions, DisplayMode } from "./display";
export type { GradientsOptions, GradientsCheckResult } from "./gradients";
