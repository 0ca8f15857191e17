/**
 * Checks at public entry points. Each error names the function, the argument,
 * what was expected and what was received. Nothing here runs in a hot loop.
 */
import { assertShape, shapeOf, type Matrix } from "./matrix";

/** A received value as an error message shows it: strings and arrays as JSON, the rest as String(). */
export function describe(value: unknown): string {
  if (typeof value === "string" || Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  }
  return String(value);
}

/** keepProb must lie in (0, 1]. It is never clamped. */
export function checkKeepProb(fn: string, keepProb: number, name = "keepProb"): void {
  if (typeof keepProb !== "number" || !(keepProb > 0 && keepProb <= 1)) {
    throw new RangeError(`${fn}: ${name} must be a number in (0, 1], got ${describe(keepProb)}`);
  }
}

export function checkNonNegative(fn: string, name: string, value: number): void {
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number >= 0, got ${describe(value)}`);
  }
}

export function checkPositive(fn: string, name: string, value: number): void {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${name} must be a finite number > 0, got ${describe(value)}`);
  }
}

export function checkCount(fn: string, name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${name} must be an integer >= ${min}, got ${describe(value)}`);
  }
}

/** Every entry finite: no NaN, no ±Infinity. */
export function checkFinite(fn: string, name: string, m: Matrix): void {
  assertShape(fn, name, m);
  const d = m.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k])) {
      throw new RangeError(
        `${fn}: ${name} must be finite, got ${d[k]} at row ${Math.floor(k / m.cols)}, column ${k % m.cols}`,
      );
    }
  }
}

/** Y is (1, m) and holds only 0 and 1. */
export function checkLabels(fn: string, name: string, Y: Matrix, m?: number): void {
  assertShape(fn, name, Y, 1, m);
  for (let j = 0; j < Y.cols; j++) {
    const y = Y.data[j];
    if (y !== 0 && y !== 1) throw new RangeError(`${fn}: ${name} must hold only 0 and 1, got ${y} at column ${j}`);
  }
}

/** X (nx, m) finite with m > 0, and Y (1, m) of 0/1 labels. */
export function checkExamples(fn: string, X: Matrix, Y: Matrix): void {
  assertShape(fn, "X", X);
  if (X.cols === 0 || X.rows === 0) throw new RangeError(`${fn}: X is empty, shape ${shapeOf(X)}; need at least one example`);
  checkFinite(fn, "X", X);
  assertShape(fn, "Y", Y);
  if (Y.rows !== 1 || Y.cols !== X.cols) {
    throw new Error(`${fn}: Y has shape ${shapeOf(Y)}, expected (1, ${X.cols}) to match X ${shapeOf(X)}`);
  }
  checkLabels(fn, "Y", Y);
}
