/**
 * model() with `implementation` (src/implementation.ts): the course's loop
 * over the given functions. With correct functions it reproduces the course's
 * three runs; with wrong ones it trains and reports, or stops with a message
 * naming the function.
 */
import { describe, it, test } from "node:test";
import assert from "node:assert/strict";
import {
  backwardPropagation,
  backwardPropagationWithDropout,
  backwardPropagationWithRegularization,
  computeCost,
  computeCostWithRegularization,
  courseDataPath,
  forwardPropagation,
  forwardPropagationWithDropout,
  loadDataFile,
  makeMoons,
  randomStream,
  model,
  np,
  predict,
  updateParameters,
  type Matrix,
  type RandomStream as RandomSource,
} from "../src/index";
import * as S from "./helpers/solutions";

// The course's printed numbers (30000 iterations, learning rate 0.3), as in test/cli.test.ts.
const COURSE = [
  { name: "no regularization", options: {}, costs: [0.6557412523481002, 0.16329987525724213, 0.13851642423245572], train: 0.9478672985781991, test: 0.915 },
  { name: "L2 (lambd 0.7)", options: { lambd: 0.7 }, costs: [0.6974484493131264, 0.2684918873282238, 0.2680916337127301], train: 0.9383886255924171, test: 0.93 },
  { name: "dropout (keepProb 0.86)", options: { keepProb: 0.86 }, costs: [0.6543912405149825, 0.0610169865749056, 0.060582435798513114], train: 0.9289099526066351, test: 0.95 },
];

// Every function given explicitly (the library's, as a learner's correct code would be).
const ALL = {
  forwardPropagation, forwardPropagationWithDropout, computeCost, computeCostWithRegularization,
  backwardPropagation, backwardPropagationWithRegularization, backwardPropagationWithDropout, updateParameters,
};

describe("model with implementation reproduces the course's three runs", () => {
  const path = courseDataPath();
  for (const c of COURSE) {
    it(c.name, async (t) => {
      if (path === undefined) {
        if (process.env.CI === "true") assert.fail("the course data file ../shared/datasets/data.mat is required in CI");
        t.skip("course data file not found (../shared/datasets/data.mat or DROPOUT_LAB_DATA): skipped");
        return;
      }
      const { train, test: held } = await loadDataFile(path);
      const r = model(train.X, train.Y, { ...c.options, masks: "course", implementation: ALL });
      assert.equal(r.costs.length, 30);
      assert.equal(r.iterations, 30000);
      c.costs.forEach((expected, k) => {
        const got = r.costs[k * 10];
        assert.ok(Math.abs(got - expected) <= 1e-9 * Math.abs(expected), `cost@${k * 10000}: ${got} vs ${expected}`);
      });
      assert.equal(predict(train.X, train.Y, r.parameters).accuracy, c.train);
      assert.equal(predict(held.X, held.Y, r.parameters).accuracy, c.test);
    });
  }
});

const data = makeMoons(60, 0.2, randomStream(4));
const short = { numIterations: 1200, layersDims: [2, 6, 4, 1] };

test("with the library's functions it gives what model() gives, for course and fresh masks", () => {
  for (const options of [{ keepProb: 0.8, masks: "course" as const }, { keepProb: 0.8, masks: "fresh" as const, seed: 7 }, { lambd: 0.3 }]) {
    const fast = model(data.X, data.Y, { ...short, ...options });
    const own = model(data.X, data.Y, { ...short, ...options, implementation: {} });
    assert.equal(own.costs.length, fast.costs.length);
    own.costs.forEach((c, k) => assert.ok(Math.abs(c - fast.costs[k]) <= 1e-9 * Math.abs(fast.costs[k]), `${JSON.stringify(options)} cost ${k}: ${c} vs ${fast.costs[k]}`));
    assert.ok(Math.abs(own.finalCost - fast.finalCost) <= 1e-9 * fast.finalCost);
  }
});

test("masks 'course' calls the forward pass with three arguments, 'fresh' passes the stream as the fourth", () => {
  for (const masks of ["course", "fresh"] as const) {
    const seen: number[] = [];
    const streams = new Set<RandomSource>();
    const wrapped = (...args: unknown[]) => {
      seen.push(args.length);
      if (args[3] !== undefined) streams.add(args[3] as RandomSource);
      return (forwardPropagationWithDropout as (...a: unknown[]) => never)(...args);
    };
    model(data.X, data.Y, { ...short, numIterations: 5, keepProb: 0.7, masks, implementation: { forwardPropagationWithDropout: wrapped as never } });
    assert.deepEqual(seen, Array(5).fill(masks === "course" ? 3 : 4));
    assert.equal(streams.size, masks === "course" ? 0 : 1, "one stream for the whole run");
  }
});

test("the cost is computed only at the recorded iterations", () => {
  let calls = 0;
  const counting = (A3: Matrix, Y: Matrix) => { calls++; return computeCost(A3, Y); };
  const r = model(data.X, data.Y, { ...short, numIterations: 2500, implementation: { computeCost: counting } });
  assert.equal(calls, 4, "iterations 0, 1000, 2000 and the last");
  assert.equal(r.costs.length, 3);
});

test("the learner's np-written functions train like the library's", () => {
  const own = model(data.X, data.Y, { ...short, keepProb: 0.8, masks: "course", implementation: { forwardPropagationWithDropout: S.makeForwardDropout(), backwardPropagationWithDropout: S.makeBackwardDropout() } });
  const lib = model(data.X, data.Y, { ...short, keepProb: 0.8, masks: "course" });
  own.costs.forEach((c, k) => assert.ok(Math.abs(c - lib.costs[k]) <= 1e-9 * lib.costs[k]));
});

test("wrong numbers still train and report", () => {
  const wrong = model(data.X, data.Y, { ...short, keepProb: 0.8, masks: "course", implementation: { forwardPropagationWithDropout: S.makeForwardDropout({ noScale: true }) } });
  const right = model(data.X, data.Y, { ...short, keepProb: 0.8, masks: "course" });
  assert.equal(wrong.iterations, 1200);
  assert.ok(wrong.costs.every(Number.isFinite));
  assert.notEqual(wrong.finalCost, right.finalCost);
});

test("a wrong shape or type stops training with a message naming the function", () => {
  const cases: [Record<string, unknown>, Record<string, unknown>, RegExp][] = [
    [{ keepProb: 0.8 }, { forwardPropagationWithDropout: () => undefined }, /your forwardPropagationWithDropout should return \{ A3, cache \}, returned undefined \(iteration 0\)/],
    [{ keepProb: 0.8 }, { forwardPropagationWithDropout: (X: Matrix, p: never) => ({ A3: np.zeros(2, X.cols), cache: forwardPropagation(X, p).cache }) }, /returned A3 a Matrix \(2, 60\), expected a Matrix \(1, 60\)/],
    [{ keepProb: 0.8 }, { forwardPropagationWithDropout: (X: Matrix, p: never) => forwardPropagation(X, p) }, /returned a cache whose D1 is undefined/],
    [{ lambd: 0.1 }, { computeCostWithRegularization: () => np.zeros(1, 1) }, /your computeCostWithRegularization returned a Matrix \(1, 1\), expected a number/],
    [{}, { backwardPropagation: (X: Matrix, Y: Matrix, c: never) => ({ ...backwardPropagation(X, Y, c), db1: np.zeros(1, 6) }) }, /your backwardPropagation returned db1 a Matrix \(1, 6\), expected a Matrix \(6, 1\) \(the shape of b1\)/],
    [{}, { updateParameters: () => ({}) }, /your updateParameters returned W1 undefined/],
    [{}, { backwardPropagation: () => { throw new Error("oops"); } }, /your backwardPropagation threw at iteration 0: oops/],
    [{}, { forwardPropagationDropout: forwardPropagation }, /implementation\.forwardPropagationDropout is not one of the course's functions/],
    [{}, { computeCost: 3 }, /implementation\.computeCost must be a function, got a number/],
    [{ lambd: 0.1, keepProb: 0.8 }, {}, /use L2 \(lambd = 0.1\) or dropout \(keepProb = 0.8\), not both/],
    [{ keepProb: [0.8, 0.9] }, {}, /keepProb must be one number/],
  ];
  for (const [options, implementation, message] of cases) {
    assert.throws(() => model(data.X, data.Y, { ...short, numIterations: 3, ...options, implementation } as never), message);
  }
});
