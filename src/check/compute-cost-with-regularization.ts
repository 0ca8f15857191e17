/** check.computeCostWithRegularization(fn): fn(A3, Y, parameters, lambd) -> number. */
import { computeCostWithRegularization as reference } from "../course";
import { shapeOf } from "../matrix";
import { CASE_NAMES, costCase, type CaseName } from "./cases";
import { typeName } from "./compare";
import { type CheckOptions } from "./display";
import { type CheckResult } from "./report";
import { runCheck, type CaseSpec, type CheckSpec, type Mistake } from "./run";
import { costVariant, type CostSwitches } from "./variants";

const NAME = "computeCostWithRegularization";

function spec(): CheckSpec {
  const cases: CaseSpec[] = CASE_NAMES.map((name) => {
    const ref = costCase(name), mine = costCase(name);
    return {
      name,
      description: `${name === "course" ? "the course's test case" : "a second case"} (A3 ${shapeOf(ref.A3)}, W1 ${shapeOf(ref.parameters.W1)}, lambd ${ref.lambd})`,
      args: [mine.A3, mine.Y, mine.parameters, mine.lambd],
      inputs: { A3: mine.A3, Y: mine.Y, parameters: mine.parameters },
      expected: { cost: reference(ref.A3, ref.Y, ref.parameters, ref.lambd) },
    };
  });
  const variant = (id: string, hint: string, s: CostSwitches): Mistake => ({
    id, hint,
    outputs: (name) => {
      const c = costCase(name as CaseName);
      return { cost: costVariant(c.A3, c.Y, c.parameters, c.lambd, s) };
    },
  });
  return {
    name: NAME,
    cases,
    extract: (value) => (typeof value === "number" ? { outputs: { cost: value } } : { problem: `${NAME} should return a number, got ${typeName(value)}` }),
    mistakes: [
      variant("l2-over-m", "the L2 term uses λ/m; the cost's penalty is (1/m)(λ/2)·Σ‖W‖², that is λ/(2m) (the gradient is the one with λ/m).", { factor: "1/m" }),
      variant("l2-no-m", "the L2 term is not divided by m: the penalty is (1/m)(λ/2)·Σ‖W‖².", { factor: "1/2" }),
      variant("l2-missing-W1", "the L2 term leaves out W1: sum the squares of W1, W2 and W3.", { layers: [2, 3] }),
      variant("l2-missing-W2", "the L2 term leaves out W2: sum the squares of W1, W2 and W3.", { layers: [1, 3] }),
      variant("l2-missing-W3", "the L2 term leaves out W3: sum the squares of W1, W2 and W3.", { layers: [1, 2] }),
      variant("l2-missing", "the L2 term is missing: add (1/m)(λ/2)·(Σ W1² + Σ W2² + Σ W3²) to computeCost(A3, Y).", { layers: [] }),
    ],
  };
}

/** Checks a learner's computeCostWithRegularization on the course's test case and a second one. */
export function computeCostWithRegularization(fn: unknown, options?: CheckOptions): CheckResult {
  return runCheck(spec(), fn, options);
}
