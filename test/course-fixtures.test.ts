/**
 * The course API against numpy (test/fixtures/numpy-course.json, made by
 * scripts/make_fixtures.py from the assignment's formulas).
 *
 * Every matrix entry must agree to a relative 1e-12 (absolute 1e-15 near
 * zero); the dropout masks, the predictions and the accuracy exactly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  NumpyRandomState,
  backwardPropagation,
  backwardPropagationWithDropout,
  backwardPropagationWithRegularization,
  computeCost,
  computeCostWithRegularization,
  forwardPropagation,
  forwardPropagationWithDropout,
  gradientCheck,
  initializeParameters,
  matrix,
  predict,
  updateParameters,
  type Matrix,
} from "../src/index";

const RTOL = 1e-12;
const ATOL = 1e-15;

/* ------------------------------------------------------------------------ */
/* Fixture loading                                                           */
/* ------------------------------------------------------------------------ */

/** JSON cannot hold NaN or ±Infinity; the fixture script writes them as strings. */
type FixtureNumber = number | "NaN" | "Infinity" | "-Infinity";

interface FixtureMatrix {
  rows: number;
  cols: number;
  data: FixtureNumber[];
}
type FixtureRecord = Record<string, FixtureMatrix>;

interface CourseCase {
  name: string;
  layersDims: number[];
  m: number;
  X: FixtureMatrix;
  Y: FixtureMatrix;
  parameters: FixtureRecord;
  forward: { A3: FixtureMatrix; cache: FixtureRecord };
  cost: FixtureNumber;
  costNaNTerms: number;
  backward: FixtureRecord;
  regularization: { lambd: number; cost: FixtureNumber; grads: FixtureRecord }[];
  dropout: { keepProb: number; A3: FixtureMatrix; cache: FixtureRecord; cost: FixtureNumber; grads: FixtureRecord }[];
  update: { learningRate: number; from: "backward"; parameters: FixtureRecord };
  predict: { predictions: FixtureMatrix; accuracy: number };
  notes?: string;
}

interface CourseFixtures {
  numpy: string;
  cases: CourseCase[];
  initializeParameters: { layersDims: number[]; parameters: FixtureRecord }[];
  gradientCheck: { x: number; theta: number; epsilon: number; gradapprox: number; grad: number; difference: number };
}

const fixtures: CourseFixtures = JSON.parse(readFileSync(join(__dirname, "fixtures", "numpy-course.json"), "utf8"));

function decode(v: FixtureNumber): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  throw new Error(`numpy-course.json: unexpected value ${JSON.stringify(v)}`);
}

function toMatrix(f: FixtureMatrix): Matrix {
  return matrix(f.rows, f.cols, Float64Array.from(f.data, decode));
}

type Params = ReturnType<typeof initializeParameters>;

function toParameters(f: FixtureRecord): Params {
  const p: Record<string, Matrix> = {};
  for (const [k, v] of Object.entries(f)) p[k] = toMatrix(v);
  return p as Params;
}

/* ------------------------------------------------------------------------ */
/* Comparisons                                                               */
/* ------------------------------------------------------------------------ */

/** |a − e| ≤ atol + rtol·|e|; NaN matches NaN and ±Infinity only itself. */
function closeEnough(a: number, e: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

/** Same shape, and every entry within tolerance of numpy's. */
function assertClose(actual: Matrix | undefined, expected: FixtureMatrix, rtol: number, atol: number, label: string): void {
  assert.ok(actual !== undefined, `${label}: missing`);
  assert.equal(`(${actual.rows}, ${actual.cols})`, `(${expected.rows}, ${expected.cols})`, `${label}: shape`);
  for (let k = 0; k < expected.data.length; k++) {
    const a: number = actual.data[k];
    const e = decode(expected.data[k]);
    if (!closeEnough(a, e, rtol, atol)) {
      const [i, j] = [Math.floor(k / expected.cols), k % expected.cols];
      assert.fail(`${label}[${i}, ${j}]: got ${a}, numpy gives ${e} (|diff| ${Math.abs(a - e)}, rtol ${rtol}, atol ${atol})`);
    }
  }
}

function assertScalarClose(actual: number, expected: FixtureNumber, label: string): void {
  const e = decode(expected);
  assert.ok(closeEnough(actual, e, RTOL, ATOL), `${label}: got ${actual}, numpy gives ${e}`);
}

/** Every matrix of the fixture record is present in `actual` and close. */
function assertRecordClose(actual: object, expected: FixtureRecord, label: string): void {
  const got = actual as Record<string, Matrix | undefined>;
  for (const [name, value] of Object.entries(expected)) assertClose(got[name], value, RTOL, ATOL, `${label}.${name}`);
}

/** Exact equality, entry for entry. */
function assertExact(actual: Matrix | undefined, expected: FixtureMatrix, label: string): void {
  assertClose(actual, expected, 0, 0, label);
}

function snapshot(record: object): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(record as Record<string, Matrix>)) out[k] = Array.from(v.data);
  return out;
}

/* ------------------------------------------------------------------------ */
/* The cases                                                                 */
/* ------------------------------------------------------------------------ */

test(`fixtures come from numpy ${fixtures.numpy} and cover the planned cases`, () => {
  const names = fixtures.cases.map((c) => c.name);
  for (const m of [7, 6, 1]) assert.ok(fixtures.cases.some((c) => c.m === m), `a case with m = ${m} in ${names}`);
  assert.ok(names.some((n) => n.includes("saturated")), "a saturated case");
  for (const c of fixtures.cases) {
    assert.ok(c.dropout.length >= 2 && c.regularization.length >= 2, c.name);
  }
});

for (const c of fixtures.cases) {
  const X = toMatrix(c.X);
  const Y = toMatrix(c.Y);
  const parameters = toParameters(c.parameters);
  const tag = `${c.name} [${c.layersDims}], m = ${c.m}`;

  test(`${tag}: forwardPropagation and computeCost`, () => {
    const { A3, cache } = forwardPropagation(X, parameters);
    assertClose(A3, c.forward.A3, RTOL, ATOL, "A3");
    assertRecordClose(cache, c.forward.cache, "cache");
    const cost = computeCost(A3, Y);
    if (c.costNaNTerms > 0 && Number.isFinite(decode(c.cost))) {
      // np.nansum: the 0·log(0) terms count as zero, so the cost stays finite.
      assert.ok(Number.isFinite(cost), `cost with ${c.costNaNTerms} NaN terms: got ${cost}`);
    }
    assertScalarClose(cost, c.cost, "cost");
  });

  test(`${tag}: backwardPropagation`, () => {
    const { cache } = forwardPropagation(X, parameters);
    assertRecordClose(backwardPropagation(X, Y, cache), c.backward, "grads");
  });

  for (const r of c.regularization) {
    test(`${tag}: L2 with lambd = ${r.lambd}`, () => {
      const { A3, cache } = forwardPropagation(X, parameters);
      assertScalarClose(computeCostWithRegularization(A3, Y, parameters, r.lambd), r.cost, "cost");
      assertRecordClose(backwardPropagationWithRegularization(X, Y, cache, r.lambd), r.grads, "grads");
    });
  }

  for (const d of c.dropout) {
    test(`${tag}: dropout with keepProb = ${d.keepProb} (course masks, seed 1)`, () => {
      const { A3, cache } = forwardPropagationWithDropout(X, parameters, d.keepProb);
      // The masks come from `rand < keepProb`, which is bit-exact: they must match exactly.
      assertExact(cache.D1, d.cache.D1, "cache.D1");
      assertExact(cache.D2, d.cache.D2, "cache.D2");
      assertClose(A3, d.A3, RTOL, ATOL, "A3");
      assertRecordClose(cache, d.cache, "cache");
      assertScalarClose(computeCost(A3, Y), d.cost, "cost");
      assertRecordClose(backwardPropagationWithDropout(X, Y, cache, d.keepProb), d.grads, "grads");

      // Passing the generator explicitly gives the same masks.
      const explicit = forwardPropagationWithDropout(X, parameters, d.keepProb, new NumpyRandomState(1));
      assertExact(explicit.cache.D1, d.cache.D1, "explicit rng: cache.D1");
      assertExact(explicit.cache.D2, d.cache.D2, "explicit rng: cache.D2");
    });
  }

  test(`${tag}: updateParameters with learning rate ${c.update.learningRate}, input left as it was`, () => {
    const { cache } = forwardPropagation(X, parameters);
    const grads = backwardPropagation(X, Y, cache);
    const paramsBefore = snapshot(parameters);
    const gradsBefore = snapshot(grads);
    const next = updateParameters(parameters, grads, c.update.learningRate);
    assertRecordClose(next, c.update.parameters, "parameters");
    assert.deepEqual(snapshot(parameters), paramsBefore, "updateParameters changed its parameters argument");
    assert.deepEqual(snapshot(grads), gradsBefore, "updateParameters changed its grads argument");
    // The result shares no storage with the input.
    for (const k of Object.keys(parameters)) {
      assert.notEqual(
        (next as Record<string, Matrix>)[k].data.buffer,
        (parameters as Record<string, Matrix>)[k].data.buffer,
        `${k} shares its buffer with the input`,
      );
    }
  });

  test(`${tag}: predict`, () => {
    const { predictions, accuracy } = predict(X, Y, parameters);
    assertExact(predictions, c.predict.predictions, "predictions");
    assert.equal(accuracy, c.predict.accuracy, "accuracy");
  });
}

test("saturated outputs: NaN terms count as zero, y = 0 at A3 = 1 gives +Infinity", () => {
  const finite = fixtures.cases.filter((c) => c.name.includes("saturated") && c.costNaNTerms > 0 && decode(c.cost) !== Infinity);
  assert.ok(finite.length > 0, "a saturated case with NaN terms and a finite cost");
  const infinite = fixtures.cases.find((c) => decode(c.cost) === Infinity);
  assert.ok(infinite !== undefined, "a saturated case whose numpy cost is +Infinity");
  const A3 = forwardPropagation(toMatrix(infinite.X), toParameters(infinite.parameters)).A3;
  assert.equal(computeCost(A3, toMatrix(infinite.Y)), Infinity);
});

for (const { layersDims, parameters } of fixtures.initializeParameters) {
  test(`initializeParameters([${layersDims}]) matches numpy (seed 3, randn / sqrt(n_prev), zero biases)`, () => {
    const p = initializeParameters(layersDims);
    assert.deepEqual(Object.keys(p).sort(), Object.keys(parameters).sort());
    assertRecordClose(p, parameters, "parameters");
  });
}

test("gradientCheck(2, 4) matches numpy's centered difference for J(theta) = theta * x", () => {
  const g = fixtures.gradientCheck;
  const r = gradientCheck(g.x, g.theta, g.epsilon);
  assertScalarClose(r.gradapprox, g.gradapprox, "gradapprox");
  assertScalarClose(r.grad, g.grad, "grad");
  assertScalarClose(r.difference, g.difference, "difference");
  // epsilon defaults to 1e-7, the value the fixture used.
  assert.equal(g.epsilon, 1e-7);
  assert.deepEqual(gradientCheck(g.x, g.theta), r);
});
