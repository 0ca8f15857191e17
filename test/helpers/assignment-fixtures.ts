/** Loading test/fixtures/numpy-assignment.json (scripts/make_assignment_fixtures.py). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { matrix, type Matrix } from "../../src/matrix";

export type FixtureNumber = number | "NaN" | "Infinity" | "-Infinity";
export interface FixtureMatrix { rows: number; cols: number; data: FixtureNumber[] }

export function decode(v: FixtureNumber): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  throw new Error(`numpy-assignment.json: unexpected value ${JSON.stringify(v)}`);
}

export function toMatrix(f: FixtureMatrix): Matrix {
  return matrix(f.rows, f.cols, Float64Array.from(f.data, decode));
}

export function toRecord(r: Record<string, FixtureMatrix>): Record<string, Matrix> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toMatrix(v)]));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const assignmentFixtures: any = JSON.parse(
  readFileSync(join(__dirname, "..", "fixtures", "numpy-assignment.json"), "utf8"),
);

/** Every entry equal to a relative rtol (absolute atol near zero), NaN equal to NaN. */
export function assertClose(actual: Matrix, expected: Matrix, what: string, rtol = 1e-12, atol = 1e-15): void {
  if (actual.rows !== expected.rows || actual.cols !== expected.cols) {
    throw new Error(`${what}: shape (${actual.rows}, ${actual.cols}), expected (${expected.rows}, ${expected.cols})`);
  }
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i], e = expected.data[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`${what}: entry ${i} is ${a}, expected ${e}`);
    }
  }
}
