/**
 * The numpy-named helpers (src/np.ts) against numpy
 * (test/fixtures/numpy-assignment.json, scripts/make_assignment_fixtures.py).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, NumpyRandomState, fromArray, type Matrix } from "../src/index";
import { assertClose, assignmentFixtures, toMatrix } from "./helpers/assignment-fixtures";

const F = assignmentFixtures.np;
const a = toMatrix(F.a), b = toMatrix(F.b), column = toMatrix(F.column), row = toMatrix(F.row);
const operands: Record<string, Matrix | number> = { matrix: b, column, row, scalar: F.scalar };
const binaryNames = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "greater", "less",
  "greaterEqual", "lessEqual", "equal"] as const;

function snapshot(...ms: Matrix[]): Float64Array[] {
  return ms.map((m) => Float64Array.from(m.data));
}

test("np: elementwise functions broadcast a matrix, a column, a row and a number on either side, as numpy", () => {
  for (const name of binaryNames) {
    for (const [kind, other] of Object.entries(operands)) {
      const before = snapshot(a, ...(typeof other === "number" ? [] : [other]));
      assertClose(np[name](a, other), toMatrix(F.binary[name][kind]), `np.${name}(a, ${kind})`);
      assertClose(np[name](other, a), toMatrix(F.binary[name][kind + "Left"]), `np.${name}(${kind}, a)`);
      assert.deepEqual(snapshot(a, ...(typeof other === "number" ? [] : [other])), before, `np.${name} changed an input`);
    }
  }
});

test("np: comparisons give a 0/1 matrix, with the tie counted as numpy counts it", () => {
  const g = np.greaterEqual(a, b);
  assert.ok(g.data.every((v) => v === 0 || v === 1));
  assert.equal(np.equal(a, b).data.reduce((s, v) => s + v, 0), 1, "the fixture has exactly one tie");
});

test("np: dot, transpose, square, sqrt, log, exp, abs and sum match numpy and leave the input as it was", () => {
  const w = toMatrix(F.w), pos = toMatrix(F.positive);
  const before = snapshot(a, w, pos);
  assertClose(np.dot(a, w), toMatrix(F.dot), "np.dot", 1e-14);
  assertClose(np.transpose(a), toMatrix(F.transpose), "np.transpose");
  assertClose(np.square(a), toMatrix(F.square), "np.square");
  assertClose(np.sqrt(pos), toMatrix(F.sqrt), "np.sqrt");
  assertClose(np.log(pos), toMatrix(F.log), "np.log", 1e-15);
  assertClose(np.exp(a), toMatrix(F.exp), "np.exp", 1e-15);
  assertClose(np.abs(a), toMatrix(F.abs), "np.abs");
  assert.ok(Math.abs(np.sum(a) - F.sum) <= 1e-14 * Math.abs(F.sum));
  assertClose(np.sum(a, { axis: 0, keepdims: true }), toMatrix(F.sumAxis0), "np.sum axis 0", 1e-14);
  assertClose(np.sum(a, { axis: 1, keepdims: true }), toMatrix(F.sumAxis1), "np.sum axis 1 keepdims", 1e-14);
  assertClose(np.sum(a, { axis: 1 }), toMatrix(F.sumAxis1Flat), "np.sum axis 1 (1-D as a row)", 1e-14);
  assert.deepEqual(snapshot(a, w, pos), before);
});

test("np.random: seed, rand and randn draw what numpy's global generator draws", () => {
  const rng = np.random.seed(1);
  assert.ok(rng instanceof NumpyRandomState);
  assertClose(np.random.rand(rng, 2, 3), toMatrix(F.randSeed1), "np.random.rand");
  assertClose(np.random.randn(np.random.seed(1), 2, 3), toMatrix(F.randnSeed1), "np.random.randn", 1e-15);
  assert.throws(() => np.random.rand({} as NumpyRandomState, 2, 3), /np\.random\.rand: rng must be a random source with a random\(\) method/);
  assertClose(np.random.rand(np.random.seed(1), 2, 3), new NumpyRandomState(1).rand(2, 3), "np.random.rand is the state's rand");
});

test("np: a shape error names the function and both shapes", () => {
  assert.throws(() => np.add(a, np.zeros(2, 1)), /^Error: np\.add: shapes \(3, 4\) and \(2, 1\) cannot be broadcast together$/);
  assert.throws(() => np.multiply(np.zeros(1, 3), a), /np\.multiply: shapes \(1, 3\) and \(3, 4\)/);
  assert.throws(() => np.dot(a, a), /np\.dot: shapes \(3, 4\) and \(3, 4\) not aligned: 4 \(dim 1\) != 3 \(dim 0\)/);
  assert.throws(() => np.add(a, [[1]] as unknown as Matrix), /np\.add: b must be a Matrix or a number, got an array/);
  assert.throws(() => np.sum(a, { axis: 2 as 0 }), /np\.sum: axis must be 0 or 1, got 2/);
  assert.throws(() => np.square(undefined as unknown as Matrix), /np\.square: a must be a Matrix, got undefined/);
});

test("np: the course's lines translate one call each", () => {
  const X = fromArray([[1, -2], [3, 4]]), W1 = fromArray([[1, 0], [0, 1], [1, 1]]), b1 = fromArray([[0.5], [-10], [0]]);
  const Z1 = np.add(np.dot(W1, X), b1);
  assert.deepEqual(Array.from(Z1.data), [1.5, -1.5, -7, -6, 4, 2]);
  assert.deepEqual(Array.from(np.maximum(0, Z1).data), [1.5, 0, 0, 0, 4, 2]);
  assert.deepEqual(Array.from(np.multiply(Z1, np.greater(Z1, 0)).data), [1.5, -0, -0, -0, 4, 2]);
  assert.deepEqual(np.shape(np.sum(Z1, { axis: 1, keepdims: true })), [3, 1]);
});
