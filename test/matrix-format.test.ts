/** Matrices print like numpy (src/matrix-format.ts), checked against numpy's own str(array). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { formatMatrix, fromArray, matrix, zeros } from "../src/index";
import { assignmentFixtures, toMatrix } from "./helpers/assignment-fixtures";

test("formatMatrix prints what numpy's str(array) prints", () => {
  for (const { matrix: m, text } of assignmentFixtures.format) {
    assert.equal(formatMatrix(toMatrix(m), { header: false }), text, `(${m.rows}, ${m.cols})`);
  }
});

test("console.log / util.inspect of a matrix shows its shape and rows", () => {
  const A = fromArray([[1, 0.5], [-2, 0.25]]);
  assert.equal(inspect(A), "Matrix (2, 2)\n[[ 1.    0.5 ]\n [-2.    0.25]]");
  assert.equal(inspect({ A3: zeros(1, 2) }), "{\n  A3: Matrix (1, 2)\n  [[0. 0.]]\n}");
  assert.equal(inspect(matrix(0, 3)), "Matrix (0, 3)\n[]");
});

test("the printing hook is invisible to comparisons, keys and JSON", () => {
  const A = fromArray([[1, 2]]);
  assert.deepEqual(Object.keys(A), ["rows", "cols", "data"]);
  assert.deepStrictEqual(A, { rows: 1, cols: 2, data: Float64Array.of(1, 2) });
  assert.equal(JSON.stringify({ rows: A.rows, cols: A.cols }), '{"rows":1,"cols":2}');
  assert.deepEqual(structuredClone(A), { rows: 1, cols: 2, data: Float64Array.of(1, 2) });
});
