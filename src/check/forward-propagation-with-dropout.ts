/** check.forwardPropagationWithDropout(fn): fn(X, parameters, keepProb, rng?) -> { A3, cache }. */
import { forwardPropagationWithDropout as reference } from "../course";
import { isMatrix, shapeOf, type Matrix } from "../matrix";
import { NumpyRandomState } from "../random";
import { forwardDropoutCase, type CaseName } from "./cases";
import { typeName, type Value } from "./compare";
import { type CheckOptions } from "./display";
import { type CheckResult } from "./report";
import { runCheck, type CaseSpec, type CheckSpec, type Mistake } from "./run";
import { forwardVariant, type ForwardSwitches } from "./variants";

const NAME = "forwardPropagationWithDropout";
const OUTPUTS = ["A3", "cache.D1", "cache.A1", "cache.D2", "cache.A2"] as const;
/** The seed of the stream passed as the 4th argument in the third case. */
const STREAM_SEED = 5;

function outputs(r: { A3: Matrix; cache: object }): Record<string, Value> {
  const c = r.cache as Record<string, unknown>;
  return { A3: r.A3, "cache.D1": c.D1 as Matrix, "cache.A1": c.A1 as Matrix, "cache.D2": c.D2 as Matrix, "cache.A2": c.A2 as Matrix };
}

type Kind = CaseName | "stream";

function caseOf(kind: Kind) {
  return forwardDropoutCase(kind === "stream" ? "course" : kind);
}

function spec(): CheckSpec {
  const kinds: Kind[] = ["course", "other", "stream"];
  const cases: CaseSpec[] = kinds.map((kind) => {
    const ref = caseOf(kind), mine = caseOf(kind);
    const stream = kind === "stream";
    const what = kind === "course" ? "the course's test case" : kind === "other" ? "a second case" : "the course's inputs with a stream as 4th argument";
    return {
      name: kind,
      description: `${what} (X ${shapeOf(ref.X)}, W1 ${shapeOf(ref.parameters.W1)}, keepProb ${ref.keepProb}${stream ? `, rng = new NumpyRandomState(${STREAM_SEED})` : ""})`,
      args: stream ? [mine.X, mine.parameters, mine.keepProb, new NumpyRandomState(STREAM_SEED)] : [mine.X, mine.parameters, mine.keepProb],
      inputs: { X: mine.X, parameters: mine.parameters },
      expected: outputs(stream
        ? reference(ref.X, ref.parameters, ref.keepProb, new NumpyRandomState(STREAM_SEED))
        : reference(ref.X, ref.parameters, ref.keepProb)),
    };
  });
  const variant = (id: string, hint: string, s: ForwardSwitches, seed: (kind: Kind) => number = (k) => (k === "stream" ? STREAM_SEED : 1)): Mistake => ({
    id, hint,
    outputs: (name) => {
      const c = caseOf(name as Kind);
      return outputs(forwardVariant(c.X, c.parameters, c.keepProb, new NumpyRandomState(seed(name as Kind)), s));
    },
  });
  return {
    name: NAME,
    cases,
    extract(value) {
      if (typeof value !== "object" || value === null || isMatrix(value)) {
        return { problem: `${NAME} should return { A3, cache }, got ${typeName(value)}` };
      }
      const v = value as { A3?: unknown; cache?: unknown };
      if (!isMatrix(v.A3)) return { problem: `A3 should be a Matrix, got ${typeName(v.A3)}` };
      if (typeof v.cache !== "object" || v.cache === null) return { problem: `cache should be a record { Z1, D1, A1, W1, b1, … }, got ${typeName(v.cache)}` };
      const cache = v.cache as Record<string, unknown>;
      for (const k of ["D1", "A1", "D2", "A2"]) {
        if (!isMatrix(cache[k])) return { problem: `cache.${k} should be a Matrix, got ${typeName(cache[k])} (the backward pass needs it)` };
      }
      return { outputs: outputs({ A3: v.A3, cache }) };
    },
    mistakes: [
      variant("no-scaling", "the kept activations are not divided by keepProb: after A1 * D1, divide by keepProb so that their expected value stays the same (inverted dropout).", { scale: false }),
      variant("mask-greater", "the mask keeps the wrong units: use rand < keepProb (np.less), not > or >=; a unit is kept with probability keepProb.", { compare: ">" }),
      variant("mask-greater-equal", "the mask keeps the wrong units: use rand < keepProb (np.less), not > or >=; a unit is kept with probability keepProb.", { compare: ">=" }),
      variant("mask-randn", "the mask is drawn with randn: draw it with rng.rand (uniform in [0, 1)), so that rand < keepProb keeps a fraction keepProb.", { draw: "randn" }),
      variant("same-mask", "one mask is used for both layers: draw D2 with its own rng.rand call after D1, of A2's shape.", { sameMask: true }),
      variant("ignores-rng", "the 4th argument is ignored: draw the masks from rng when it is given, and re-seed with new NumpyRandomState(1) only when it is omitted.", {}, () => 1),
    ],
  };
}

/**
 * Checks a learner's forwardPropagationWithDropout on the course's test case,
 * a second one, and the course's inputs with a stream as 4th argument.
 */
export function forwardPropagationWithDropout(fn: unknown, options?: CheckOptions): CheckResult {
  return runCheck(spec(), fn, options);
}
