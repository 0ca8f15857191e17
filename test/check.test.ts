/**
 * The assignment's checks (src/check/). Their inputs and expected outputs are
 * compared with numpy (test/fixtures/numpy-assignment.json, made by
 * scripts/make_assignment_fixtures.py) and with the numbers the course prints;
 * then correct functions must pass, each classic mistake (a real buggy
 * function, test/helpers/solutions.ts) must fail with its hint, and broken
 * functions must get a report, never a crash.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  backwardPropagationWithDropout,
  backwardPropagationWithRegularization,
  check,
  computeCostWithRegularization,
  forwardPropagationWithDropout,
  np,
  type CheckResult,
  type Matrix,
} from "../src/index";
import { backwardDropoutCase, costCase, forwardDropoutCase, regularizationCase, type CaseName } from "../src/check/cases";
import { backwardVariant, costVariant, forwardVariant } from "../src/check/variants";
import { assertClose, assignmentFixtures, toMatrix, toRecord } from "./helpers/assignment-fixtures";
import * as S from "./helpers/solutions";

const quiet = { display: "none" } as const;
const F = assignmentFixtures;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const byName = (list: any[], name: string): any => list.find((c) => c.name === name);

/* ------------------------------------------------------------------------ */
/* Inputs and expected outputs against numpy and the course                  */
/* ------------------------------------------------------------------------ */

function assertRecordClose(actual: Record<string, Matrix | undefined>, expected: Record<string, Matrix>, what: string, rtol = 1e-12) {
  for (const [k, e] of Object.entries(expected)) assertClose(actual[k]!, e, `${what} ${k}`, rtol, 1e-15);
}

const lastExpected = (r: CheckResult) => r.cases.find((c) => c.name === "course")!.expected;

test("check inputs are the course's test cases, built as numpy builds them", () => {
  for (const name of ["course", "other"] as CaseName[]) {
    const cost = costCase(name), fc = byName(F.cases.computeCostWithRegularization, name);
    assertClose(cost.A3, toMatrix(fc.A3), `cost ${name} A3`, 1e-12);
    assertRecordClose(cost.parameters, toRecord(fc.parameters), `cost ${name}`);
    const reg = regularizationCase(name), fr = byName(F.cases.backwardPropagationWithRegularization, name);
    assertClose(reg.X, toMatrix(fr.X), `reg ${name} X`);
    assertClose(reg.Y, toMatrix(fr.Y), `reg ${name} Y`);
    assert.equal(reg.lambd, fr.lambd);
    assertRecordClose(reg.cache as never, toRecord(fr.cache), `reg ${name} cache`);
    const fd = forwardDropoutCase(name), ff = byName(F.cases.forwardPropagationWithDropout, name);
    assert.equal(fd.keepProb, ff.keepProb);
    assertRecordClose(fd.parameters, toRecord(ff.parameters), `forward ${name}`);
    const bd = backwardDropoutCase(name), fb = byName(F.cases.backwardPropagationWithDropout, name);
    assert.deepEqual([bd.cacheKeepProb, bd.keepProb], [fb.cacheKeepProb, fb.keepProb]);
    assertRecordClose(bd.cache as never, toRecord(fb.cache), `backward dropout ${name} cache`);
  }
});

test("the expected outputs the checks show equal numpy's and the numbers the course prints", () => {
  const results = {
    computeCostWithRegularization: check.computeCostWithRegularization(computeCostWithRegularization, quiet),
    backwardPropagationWithRegularization: check.backwardPropagationWithRegularization(backwardPropagationWithRegularization, quiet),
    forwardPropagationWithDropout: check.forwardPropagationWithDropout(forwardPropagationWithDropout, quiet),
    backwardPropagationWithDropout: check.backwardPropagationWithDropout(backwardPropagationWithDropout, quiet),
  };
  for (const [fn, r] of Object.entries(results)) {
    assert.equal(r.passed, true, `the library's ${fn} passes its own check:\n${r.message}`);
    for (const name of ["course", "other"]) {
      const expected = r.cases.find((c) => c.name === name)!.expected;
      const fx = byName(F.cases[fn], name);
      for (const [k, v] of Object.entries(expected)) {
        if (typeof v === "number") assert.ok(Math.abs(v - fx.cost) <= 1e-13 * Math.abs(fx.cost), `${fn} ${name} cost ${v} vs numpy ${fx.cost}`);
        else {
          const ref = k.startsWith("cache.") ? fx.cache[k.slice(6)] : k === "A3" ? fx.A3 : fx.grads[k];
          assertClose(v, toMatrix(ref), `${fn} ${name} ${k}`, 1e-12, 1e-15);
        }
      }
    }
    // The course prints 8 decimals, from a cache it rounded to 8 decimals: agreement to 1e-8.
    const course = lastExpected(r);
    for (const [k, printed] of Object.entries(F.printed[fn] as Record<string, unknown>)) {
      if (typeof printed === "number") {
        assert.ok(Math.abs((course.cost as number) - printed) < 1e-11, `${fn} cost ${course.cost} vs printed ${printed}`);
      } else {
        assertClose(course[k] as Matrix, toMatrix(printed as never), `${fn} ${k} vs the course's printed output`, 0, 1e-8);
      }
    }
  }
});

test("the mistake generator, with no mistake switched on, is the library's function", () => {
  for (const name of ["course", "other"] as CaseName[]) {
    const c = costCase(name);
    assert.ok(Math.abs(costVariant(c.A3, c.Y, c.parameters, c.lambd) - computeCostWithRegularization(c.A3, c.Y, c.parameters, c.lambd)) < 1e-14);
    const r = regularizationCase(name);
    assertRecordClose(backwardVariant(r.X, r.Y, r.cache, { lambd: r.lambd }), backwardPropagationWithRegularization(r.X, r.Y, r.cache, r.lambd) as never, "reg variant", 1e-12);
    const f = forwardDropoutCase(name);
    const fv = forwardVariant(f.X, f.parameters, f.keepProb), fl = forwardPropagationWithDropout(f.X, f.parameters, f.keepProb);
    assertRecordClose(fv.cache as never, fl.cache as never, "forward variant", 1e-12);
    const b = backwardDropoutCase(name);
    assertRecordClose(backwardVariant(b.X, b.Y, b.cache, { keepProb: b.keepProb }), backwardPropagationWithDropout(b.X, b.Y, b.cache, b.keepProb) as never, "dropout variant", 1e-12);
  }
});

/* ------------------------------------------------------------------------ */
/* Correct functions pass; each classic mistake fails with its hint          */
/* ------------------------------------------------------------------------ */

test("correct implementations written with the np helpers pass every check", () => {
  for (const r of [
    check.computeCostWithRegularization(S.makeCost(), quiet),
    check.backwardPropagationWithRegularization(S.makeBackwardReg(), quiet),
    check.forwardPropagationWithDropout(S.makeForwardDropout(), quiet),
    check.backwardPropagationWithDropout(S.makeBackwardDropout(), quiet),
    check.gradients(S.makeBackwardReg(), { lambd: 0.7, ...quiet }),
    check.gradients(S.makeBackwardDropout(), { keepProb: 0.86, ...quiet }),
    check.gradients(backwardPropagationWithRegularization, { lambd: 0.7, ...quiet }),
    check.gradients(backwardPropagationWithDropout, { keepProb: 0.86, ...quiet }),
  ]) {
    assert.equal(r.status, "passed", r.message);
    assert.equal(r.passed, true);
    assert.match(r.message, /passed/);
  }
});

function assertMistake(r: CheckResult, id: string, hint: RegExp) {
  assert.equal(r.passed, false, r.message);
  assert.equal(r.status, "failed");
  assert.equal(r.mistake?.id, id, r.message);
  assert.match(r.message, hint);
}

test("cost mistakes: λ/m instead of λ/(2m), a missing layer, no L2 term", () => {
  assertMistake(check.computeCostWithRegularization(S.makeCost({ factor: "m" }), quiet), "l2-over-m", /λ\/\(2m\)/);
  for (const W of ["W1", "W2", "W3"]) {
    assertMistake(check.computeCostWithRegularization(S.makeCost({ skip: W }), quiet), `l2-missing-${W}`, new RegExp(`leaves out ${W}`));
  }
});

test("L2 gradient mistakes: missing on a layer, applied to b", () => {
  for (const W of ["W1", "W2", "W3"]) {
    assertMistake(check.backwardPropagationWithRegularization(S.makeBackwardReg({ skip: W }), quiet), `l2-grad-missing-${W}`, new RegExp(`d${W} has no L2 term`));
  }
  assertMistake(check.backwardPropagationWithRegularization(S.makeBackwardReg({ onBias: true }), quiet), "l2-grad-on-b", /db has no λ term/);
});

test("forward dropout mistakes: no scaling, > or >= for the mask, randn, one mask for both layers, ignoring rng", () => {
  assertMistake(check.forwardPropagationWithDropout(S.makeForwardDropout({ noScale: true }), quiet), "no-scaling", /not divided by keepProb/);
  assertMistake(check.forwardPropagationWithDropout(S.makeForwardDropout({ compare: "greater" }), quiet), "mask-greater", /rand < keepProb/);
  const ge = check.forwardPropagationWithDropout(S.makeForwardDropout({ compare: "greaterEqual" }), quiet);
  assert.match(ge.mistake?.id ?? "", /^mask-greater/);
  assert.match(ge.message, /not > or >=/);
  assertMistake(check.forwardPropagationWithDropout(S.makeForwardDropout({ randn: true }), quiet), "mask-randn", /drawn with randn/);
  const same = check.forwardPropagationWithDropout(S.makeForwardDropout({ sameMask: true }), quiet);
  assertMistake(same, "same-mask", /one mask is used for both layers/);
  assert.match(same.message, /cannot be broadcast/, "on the course's shapes the reused mask does not fit: the error is reported");
  assertMistake(check.forwardPropagationWithDropout(S.makeForwardDropout({ ignoreRng: true }), quiet), "ignores-rng", /4th argument is ignored/);
});

test("backward dropout mistakes: mask not applied, division missing or twice, re-seeding, one mask for both layers", () => {
  assertMistake(check.backwardPropagationWithDropout(S.makeBackwardDropout({ noMask: true }), quiet), "backward-no-mask", /mask is not applied/);
  assertMistake(check.backwardPropagationWithDropout(S.makeBackwardDropout({ divisions: 0 }), quiet), "backward-no-division", /not divided by keepProb/);
  assertMistake(check.backwardPropagationWithDropout(S.makeBackwardDropout({ divisions: 2 }), quiet), "backward-divided-twice", /twice/);
  assertMistake(check.backwardPropagationWithDropout(S.makeBackwardDropout({ reseed: true }), quiet), "backward-reseeded", /masks the forward pass kept/);
  assertMistake(check.backwardPropagationWithDropout(S.makeBackwardDropout({ maskD1Twice: true }), quiet), "backward-mask-D1-twice", /one mask is used for both layers/);
  assertMistake(check.backwardPropagationWithDropout(S.makeBackwardDropout({ noMask: true, divisions: 0 }), quiet), "backward-ignores-dropout", /ignores dropout/);
});

test("check.gradients fails a wrong backward pass and names the parameter", () => {
  const onB = check.gradients(S.makeBackwardReg({ onBias: true }), { lambd: 0.7, ...quiet });
  assert.equal(onB.passed, false);
  assert.match(onB.message, /Parameters that disagree: db1, db2, db3/);
  const twice = check.gradients(S.makeBackwardDropout({ divisions: 2 }), { keepProb: 0.8, ...quiet });
  assert.equal(twice.passed, false);
  assert.ok(twice.difference! > 1e-3);
  const noL2 = check.gradients(S.makeBackwardReg({ skip: "W2" }), { lambd: 0.7, ...quiet });
  assert.match(noL2.message, /dW2/);
  assert.match(check.gradients(S.makeBackwardReg(), { lambd: 0.7, keepProb: 0.8, ...quiet }).message, /exactly one of/);
});

/* ------------------------------------------------------------------------ */
/* Broken functions get a report, never a crash                              */
/* ------------------------------------------------------------------------ */

test("a stub (throws 'not done yet', or returns nothing) is reported as not done yet", () => {
  const stub = () => { throw new Error("not done yet"); };
  for (const r of [
    check.computeCostWithRegularization(stub, quiet),
    check.backwardPropagationWithRegularization(() => undefined, quiet),
    check.forwardPropagationWithDropout(stub, quiet),
    check.backwardPropagationWithDropout(() => undefined, quiet),
    check.gradients(stub, { lambd: 0.7, ...quiet }),
    check.gradients(undefined, { keepProb: 0.8, ...quiet }),
    check.computeCostWithRegularization(undefined, quiet),
  ]) {
    assert.equal(r.status, "not done yet", r.message);
    assert.equal(r.passed, false);
    assert.match(r.message, /not done yet/);
  }
});

test("a function that throws gets a report with its error", () => {
  const r = check.forwardPropagationWithDropout(() => { throw new TypeError("cannot read properties of undefined (reading 'rows')"); }, quiet);
  assert.equal(r.status, "failed");
  assert.match(r.message, /your function threw an error: cannot read properties of undefined/);
});

test("a function returning NaN gets a report saying so", () => {
  const r = check.computeCostWithRegularization(() => NaN, quiet);
  assert.equal(r.status, "failed");
  assert.match(r.message, /returned NaN/);
  const g = check.backwardPropagationWithRegularization((X: Matrix, Y: Matrix, cache: never, lambd: number) => {
    const grads = S.makeBackwardReg()(X, Y, cache, lambd);
    return { ...grads, dW2: np.log(np.multiply(-1, np.abs(grads.dW2))) };
  }, quiet);
  assert.match(g.message, /returned NaN \(dW2 at \[0, 0\]\)/);
});

test("a wrong shape is reported as a shape, before any value", () => {
  const r = check.backwardPropagationWithRegularization((X: Matrix, Y: Matrix, cache: never, lambd: number) => {
    const grads = S.makeBackwardReg()(X, Y, cache, lambd);
    return { ...grads, db1: np.sum(grads.dZ1, { axis: 1 }) }; // no keepdims: (1, n) instead of (n, 1)
  }, quiet);
  assert.equal(r.status, "failed");
  assert.match(r.message, /db1 has shape \(1, 2\), expected \(2, 1\)/);
  assert.equal(r.cases[0].difference?.kind, "shape");
});

test("a wrong return type is reported", () => {
  assert.match(check.computeCostWithRegularization(() => np.zeros(1, 1), quiet).message, /should return a number, got a Matrix \(1, 1\)/);
  assert.match(check.forwardPropagationWithDropout(() => np.zeros(1, 5), quiet).message, /should return \{ A3, cache \}/);
  assert.match(check.forwardPropagationWithDropout((X: Matrix, p: never, k: number) => ({ A3: S.makeForwardDropout()(X, p, k).A3, cache: {} }), quiet).message, /cache\.D1 should be a Matrix, got undefined/);
  assert.match(check.backwardPropagationWithDropout(() => ({ dW1: 1 }), quiet).message, /has no dA1, dA2/);
  assert.match(check.backwardPropagationWithDropout(42, quiet).message, /expected a function, got a number/);
});

test("a function that changes its inputs is reported, naming the entry", () => {
  const inPlace = (X: Matrix, Y: Matrix, cache: { A1: Matrix; D1: Matrix }, keepProb: number) => {
    const grads = S.makeBackwardDropout()(X, Y, cache as never, keepProb);
    for (let k = 0; k < cache.A1.data.length; k++) cache.A1.data[k] *= cache.D1.data[k]; // writes into the cache
    cache.A1.data[0] = 123;
    return grads;
  };
  const r = check.backwardPropagationWithDropout(inPlace, quiet);
  assert.equal(r.status, "failed");
  assert.match(r.message, /changed its input: cache\.A1\[0, 0\] was 0 before the call and 123 after it/);
  const replaced = check.computeCostWithRegularization((A3: Matrix, Y: Matrix, p: Record<string, Matrix>, l: number) => {
    const c = S.makeCost()(A3, Y, p as never, l);
    p.W1 = np.zeros(1, 1);
    return c;
  }, quiet);
  assert.match(replaced.message, /parameters\.W1 was replaced/);
});

test("outside a notebook a check prints its text report, and never throws", () => {
  const lines: string[] = [];
  const log = console.log;
  console.log = (s: string) => lines.push(s);
  try {
    const r = check.forwardPropagationWithDropout(S.makeForwardDropout({ noScale: true }));
    assert.equal(lines.length, 1);
    assert.equal(lines[0], r.message);
    assert.match(lines[0], /Expected output for the course's test case[^\n]*:\nA3 =\n\[\[0\.36974721 0\.00305176 0\.04565099 0\.49683389 0\.36974721\]\]/);
  } finally {
    console.log = log;
  }
});
