/**
 * Comparing what a learner's function returned with what was expected: shapes
 * first, then every entry to a stated tolerance, naming the first that differs.
 */
import { isMatrix, type Matrix } from "../matrix";

/** |received − expected| ≤ atol + rtol·|expected|, entry by entry. */
export const TOLERANCE: Readonly<{ rtol: number; atol: number }> = Object.freeze({ rtol: 1e-7, atol: 1e-10 });

export type Value = Matrix | number;

export interface Difference {
  /** Which output, e.g. "dW1", "cache.D2" or "cost". */
  output: string;
  kind: "shape" | "value" | "missing" | "type";
  /** [row, col] of the first differing entry (kind "value"). */
  index?: [number, number];
  expected?: number | string;
  received?: number | string;
}

function close(r: number, e: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(r);
  if (!Number.isFinite(e)) return r === e;
  return Math.abs(r - e) <= atol + rtol * Math.abs(e);
}

function shape(m: Matrix): string {
  return `(${m.rows}, ${m.cols})`;
}

/** The first difference between one received and one expected value, or null when they agree. */
export function compareValue(output: string, received: unknown, expected: Value, tol = TOLERANCE): Difference | null {
  if (received === undefined) return { output, kind: "missing" };
  if (typeof expected === "number") {
    if (typeof received !== "number") return { output, kind: "type", expected: "a number", received: typeName(received) };
    return close(received, expected, tol.rtol, tol.atol) ? null : { output, kind: "value", expected, received };
  }
  if (!isMatrix(received)) return { output, kind: "type", expected: "a Matrix", received: typeName(received) };
  if (received.rows !== expected.rows || received.cols !== expected.cols) {
    return { output, kind: "shape", expected: shape(expected), received: shape(received) };
  }
  for (let k = 0; k < expected.data.length; k++) {
    if (!close(received.data[k], expected.data[k], tol.rtol, tol.atol)) {
      return {
        output, kind: "value",
        index: [Math.floor(k / expected.cols), k % expected.cols],
        expected: expected.data[k], received: received.data[k],
      };
    }
  }
  return null;
}

/** The first difference over several named outputs, in the order of `expected`. */
export function compareOutputs(received: Record<string, unknown>, expected: Record<string, Value>, tol = TOLERANCE): Difference | null {
  for (const [name, e] of Object.entries(expected)) {
    const d = compareValue(name, received[name], e, tol);
    if (d !== null) return d;
  }
  return null;
}

/** Whether every expected output agrees (used to recognise a known mistake). */
export function agrees(received: Record<string, unknown>, expected: Record<string, Value>, tol = TOLERANCE): boolean {
  return compareOutputs(received, expected, tol) === null;
}

export function typeName(x: unknown): string {
  if (x === undefined) return "undefined";
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (isMatrix(x)) return `a Matrix ${shape(x)}`;
  if (typeof x === "object") return "an object";
  return `a ${typeof x}`;
}

/** One line for a difference: "dW1 at [0, 2]: expected -0.28297129, received -0.14148564". */
export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case "missing": return `${d.output} is missing from what your function returned`;
    case "type": return `${d.output} should be ${d.expected}, got ${d.received}`;
    case "shape": return `${d.output} has shape ${d.received}, expected ${d.expected}`;
    case "value": {
      const at = d.index ? ` at [${d.index[0]}, ${d.index[1]}]` : "";
      const nan = typeof d.received === "number" && Number.isNaN(d.received) ? " (NaN)" : "";
      return `${d.output}${at}: expected ${fmt(d.expected)}, received ${fmt(d.received)}${nan}`;
    }
  }
}

export function fmt(x: number | string | undefined): string {
  if (typeof x !== "number") return String(x);
  if (Number.isNaN(x)) return "NaN";
  return Number.isInteger(x) ? x.toFixed(1) : String(Number(x.toPrecision(12)));
}
