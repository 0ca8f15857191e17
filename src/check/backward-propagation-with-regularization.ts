/** check.backwardPropagationWithRegularization(fn): fn(X, Y, cache, lambd) -> gradients. */
import { backwardPropagationWithRegularization as reference } from "../course";
import { shapeOf } from "../matrix";
import { CASE_NAMES, regularizationCase, type CaseName } from "./cases";
import { type CheckOptions } from "./display";
import { type CheckResult } from "./report";
import { extractRecord, runCheck, type CaseSpec, type CheckSpec, type Mistake } from "./run";
import { backwardVariant, type BackwardSwitches } from "./variants";

const NAME = "backwardPropagationWithRegularization";
export const GRADIENT_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"] as const;

function pick(g: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(keys.map((k) => [k, g[k]])) as Record<string, never>;
}

function spec(): CheckSpec {
  const cases: CaseSpec[] = CASE_NAMES.map((name) => {
    const ref = regularizationCase(name), mine = regularizationCase(name);
    return {
      name,
      description: `${name === "course" ? "the course's test case" : "a second case"} (X ${shapeOf(ref.X)}, W1 ${shapeOf(ref.parameters.W1)}, lambd ${ref.lambd})`,
      args: [mine.X, mine.Y, mine.cache, mine.lambd],
      inputs: { X: mine.X, Y: mine.Y, cache: mine.cache },
      expected: pick(reference(ref.X, ref.Y, ref.cache, ref.lambd), GRADIENT_KEYS),
    };
  });
  const variant = (id: string, hint: string, s: BackwardSwitches): Mistake => ({
    id, hint,
    outputs: (name) => {
      const c = regularizationCase(name as CaseName);
      return pick(backwardVariant(c.X, c.Y, c.cache, { lambd: c.lambd, ...s }), GRADIENT_KEYS);
    },
  });
  return {
    name: NAME,
    cases,
    extract: (value) => extractRecord(NAME, value, GRADIENT_KEYS),
    mistakes: [
      variant("l2-grad-missing", "no L2 term in the gradients: add (λ/m)·W_l to each dW_l.", { l2Layers: [] }),
      variant("l2-grad-missing-W1", "dW1 has no L2 term: add (λ/m)·W1 to it, as to dW2 and dW3.", { l2Layers: [2, 3] }),
      variant("l2-grad-missing-W2", "dW2 has no L2 term: add (λ/m)·W2 to it, as to dW1 and dW3.", { l2Layers: [1, 3] }),
      variant("l2-grad-missing-W3", "dW3 has no L2 term: add (λ/m)·W3 to it, as to dW1 and dW2.", { l2Layers: [1, 2] }),
      variant("l2-grad-on-b", "the L2 term was added to db too: L2 penalises the weights only, so db has no λ term.", { l2OnBias: true }),
      variant("l2-grad-half", "the L2 gradient uses λ/(2m): the derivative of (λ/2m)·W² is (λ/m)·W.", { l2Factor: "1/(2m)" }),
    ],
  };
}

/** Checks a learner's backwardPropagationWithRegularization on the course's test case and a second one. */
export function backwardPropagationWithRegularization(fn: unknown, options?: CheckOptions): CheckResult {
  return runCheck(spec(), fn, options);
}
