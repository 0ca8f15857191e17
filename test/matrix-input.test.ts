/**
 * fromArray refuses entries that are not numbers (issue 10, item 9): before,
 * fromArray([[1, "a"]]) stored NaN without a word.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fromArray, toArray } from "../src/matrix-array";

function refuses(rows: unknown, ...fragments: string[]): void {
  assert.throws(
    () => fromArray(rows as number[][]),
    (err: Error) => {
      assert.ok(err instanceof TypeError, `expected TypeError, got ${err.constructor.name}: ${err.message}`);
      for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(f)}`);
      return true;
    },
  );
}

test("a string entry is a TypeError naming row, column and value", () => {
  refuses([[1, "a"]], "fromArray", "row 0, column 1", 'the string "a"');
  refuses([[1, 2], [3, "4"]], "row 1, column 1", 'the string "4"'); // even a numeric string
});

test("null, undefined, booleans, bigints, nested arrays and objects are refused", () => {
  refuses([[null, 1]], "row 0, column 0", "null");
  refuses([[1, undefined]], "row 0, column 1", "undefined");
  refuses([[1, 2], [true, 0]], "row 1, column 0", "the boolean true");
  refuses([[1n]], "row 0, column 0", "the bigint 1n");
  refuses([[[1], 2]], "row 0, column 0", "an array");
  refuses([[{}]], "row 0, column 0", "object");
  // eslint-disable-next-line no-sparse-arrays
  refuses([[1, , 3]], "row 0, column 1", "undefined");
});

test("a long string is echoed cut short", () => {
  const long = "x".repeat(100_000);
  assert.throws(
    () => fromArray([[long as unknown as number]]),
    (err: Error) => err instanceof TypeError && err.message.length < 200 && err.message.includes("…(100000 characters)"),
  );
});

test("a row that is not an array is a TypeError naming it", () => {
  refuses([null], "row 0 must be an array", "null");
  refuses([[1], 5], "row 1 must be an array", "5");
  refuses("ab", "rows must be an array");
});

test("numbers, including NaN, Infinity and -0, are stored as given", () => {
  const m = fromArray([
    [1.5, -0],
    [NaN, Infinity],
  ]);
  assert.deepEqual(toArray(m), [
    [1.5, -0],
    [NaN, Infinity],
  ]);
  assert.ok(Object.is(m.data[1], -0));
  assert.deepEqual(toArray(fromArray([])), []);
});
