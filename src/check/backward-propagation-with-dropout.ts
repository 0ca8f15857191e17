/** check.backwardPropagationWithDropout(fn): fn(X, Y, cache, keepProb) -> gradients. */
import { backwardPropagationWithDropout as reference } from "../course";
import { shapeOf } from "../matrix";
import { CASE_NAMES, backwardDropoutCase, type CaseName } from "./cases";
import { type CheckOptions } from "./display";
import { type CheckResult } from "./report";
import { extractRecord, runCheck, type CaseSpec, type CheckSpec, type Mistake } from "./run";
import { backwardVariant, type BackwardSwitches } from "./variants";

const NAME = "backwardPropagationWithDropout";
const KEYS = ["dA1", "dA2", "dW1", "db1", "dW2", "db2", "dW3", "db3"] as const;

function pick(g: Record<string, unknown>) {
  return Object.fromEntries(KEYS.map((k) => [k, g[k]])) as Record<string, never>;
}

function spec(): CheckSpec {
  const cases: CaseSpec[] = CASE_NAMES.map((name) => {
    const ref = backwardDropoutCase(name), mine = backwardDropoutCase(name);
    const made = ref.cacheKeepProb === ref.keepProb ? "" : `, cache made with keepProb ${ref.cacheKeepProb} as the course does`;
    return {
      name,
      description: `${name === "course" ? "the course's test case" : "a second case"} (X ${shapeOf(ref.X)}, W1 ${shapeOf(ref.parameters.W1)}, keepProb ${ref.keepProb}${made})`,
      args: [mine.X, mine.Y, mine.cache, mine.keepProb],
      inputs: { X: mine.X, Y: mine.Y, cache: mine.cache },
      expected: pick(reference(ref.X, ref.Y, ref.cache, ref.keepProb)),
    };
  });
  const variant = (id: string, hint: string, s: BackwardSwitches): Mistake => ({
    id, hint,
    outputs: (name) => {
      const c = backwardDropoutCase(name as CaseName);
      return pick(backwardVariant(c.X, c.Y, c.cache, { keepProb: c.keepProb, ...s }));
    },
  });
  return {
    name: NAME,
    cases,
    extract: (value) => extractRecord(NAME, value, KEYS),
    mistakes: [
      variant("backward-no-mask", "the mask is not applied in the backward pass: multiply dA2 by cache.D2 and dA1 by cache.D1 (a dropped unit passes no gradient back).", { mask: false }),
      variant("backward-ignores-dropout", "the backward pass ignores dropout: multiply dA2 by D2 and dA1 by D1, then divide each by keepProb, as the forward pass did.", { mask: false, divisions: 0 }),
      variant("backward-no-division", "dA is not divided by keepProb in the backward pass: after applying the mask, divide by keepProb, as the forward pass scaled A.", { divisions: 0 }),
      variant("backward-divided-twice", "dA is divided by keepProb twice: divide once, after applying the mask.", { divisions: 2 }),
      variant("backward-reseeded", "the backward pass draws new masks (re-seeded): use the masks the forward pass kept in the cache, cache.D1 and cache.D2.", { masks: "reseed" }),
      variant("backward-mask-D1-twice", "one mask is used for both layers: dA2 goes with cache.D2, dA1 with cache.D1.", { masks: "D1" }),
      variant("backward-mask-D2-twice", "one mask is used for both layers: dA2 goes with cache.D2, dA1 with cache.D1.", { masks: "D2" }),
    ],
  };
}

/** Checks a learner's backwardPropagationWithDropout on the course's test case and a second one. */
export function backwardPropagationWithDropout(fn: unknown, options?: CheckOptions): CheckResult {
  return runCheck(spec(), fn, options);
}
