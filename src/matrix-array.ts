/** Matrices from and to nested arrays (one inner array a row), checked entry by entry. */
import { matrix, type Matrix } from "./matrix";

/** An entry refused by fromArray, for the message: the value and its type, cut short. */
function describeEntry(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined (a hole or a missing value)";
  if (typeof x === "string") {
    const shown = x.length <= 40 ? JSON.stringify(x) : `${JSON.stringify(x.slice(0, 40))}…(${x.length} characters)`;
    return `the string ${shown}`;
  }
  if (typeof x === "boolean" || typeof x === "bigint") return `the ${typeof x} ${String(x)}${typeof x === "bigint" ? "n" : ""}`;
  if (typeof x === "number") return String(x);
  if (Array.isArray(x)) return "an array (entries must be numbers, not nested arrays)";
  return typeof x;
}

/** A matrix from nested arrays, one inner array a row. */
export function fromArray(rows: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(rows)) throw new TypeError(`fromArray: rows must be an array of arrays, got ${typeof rows}`);
  const r = rows.length;
  for (let i = 0; i < r; i++) {
    if (!Array.isArray(rows[i])) throw new TypeError(`fromArray: row ${i} must be an array of numbers, got ${describeEntry(rows[i])}`);
  }
  const c = r === 0 ? 0 : rows[0].length;
  const m = matrix(r, c);
  for (let i = 0; i < r; i++) {
    const row = rows[i];
    if (row.length !== c) {
      throw new Error(`fromArray: row ${i} has ${row.length} values, row 0 has ${c}`);
    }
    for (let j = 0; j < c; j++) {
      const x: unknown = row[j];
      if (typeof x !== "number") {
        throw new TypeError(`fromArray: row ${i}, column ${j} must be a number, got ${describeEntry(x)}`);
      }
      m.data[i * c + j] = x;
    }
  }
  return m;
}

/** Nested arrays, one inner array a row. */
export function toArray(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}
