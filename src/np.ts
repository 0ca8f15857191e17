/**
 * numpy-named helpers over Matrix, so that the course's numpy lines translate
 * one call each:
 *
 *   Z1 = np.dot(W1, X) + b1                      np.add(np.dot(W1, X), b1)
 *   A1 = np.maximum(0, Z1)                       np.maximum(0, Z1)
 *   D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob
 *                                                np.less(np.random.rand(rng, A1.rows, A1.cols), keepProb)
 *   db3 = 1./m * np.sum(dZ3, axis=1, keepdims=True)
 *                                                np.multiply(1 / m, np.sum(dZ3, { axis: 1, keepdims: true }))
 *   dZ2 = np.multiply(dA2, np.int64(A2 > 0))     np.multiply(dA2, np.greater(A2, 0))
 *
 * Every function returns a new matrix and leaves its inputs as they were.
 * Elementwise functions broadcast as numpy does in two dimensions: a number,
 * an (n, 1) column or a (1, m) row stretches over an (n, m) matrix. Only 2-D
 * matrices exist here, so what numpy returns as a 1-D array of length k (a sum
 * without keepdims) comes back as a (1, k) row, which broadcasts the same way.
 */
import { isMatrix, matmul, matrix, shapeOf, transpose as transposeMatrix, type Matrix } from "./matrix";
import { fromArray } from "./matrix-array";
import { random } from "./np-random";

/** A matrix or a number (a scalar broadcasts over any shape). */
export type Operand = Matrix | number;

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array (use np.array)";
  if (typeof x === "object") return "an object that is not a Matrix";
  return typeof x;
}

function checkOperand(fn: string, name: string, x: unknown): asserts x is Operand {
  if (typeof x === "number") return;
  if (!isMatrix(x)) throw new TypeError(`np.${fn}: ${name} must be a Matrix or a number, got ${describe(x)}`);
}

function checkMatrix(fn: string, name: string, x: unknown): asserts x is Matrix {
  if (!isMatrix(x)) throw new TypeError(`np.${fn}: ${name} must be a Matrix, got ${describe(x)}`);
}

function shapeText(x: Operand): string {
  return typeof x === "number" ? "() (a number)" : shapeOf(x);
}

/** The broadcast size of one dimension, or -1 when the sizes are incompatible. */
function broadcastDim(p: number, q: number): number {
  if (p === q) return p;
  if (p === 1) return q;
  if (q === 1) return p;
  return -1;
}

/** The elementwise operations, by number, so that one loop serves them all without a call per entry. */
const enum Op { Add, Subtract, Multiply, Divide, Maximum, Minimum, Greater, Less, GreaterEqual, LessEqual, Equal }

function apply(op: Op, x: number, y: number): number {
  switch (op) {
    case Op.Add: return x + y;
    case Op.Subtract: return x - y;
    case Op.Multiply: return x * y;
    case Op.Divide: return x / y;
    case Op.Maximum: return Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y;
    case Op.Minimum: return Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y;
    case Op.Greater: return x > y ? 1 : 0;
    case Op.Less: return x < y ? 1 : 0;
    case Op.GreaterEqual: return x >= y ? 1 : 0;
    case Op.LessEqual: return x <= y ? 1 : 0;
    case Op.Equal: return x === y ? 1 : 0;
  }
}

/** Elementwise `op` of a and b with numpy's broadcasting. */
function binary(fn: string, a: Operand, b: Operand, op: Op): Matrix {
  checkOperand(fn, "a", a);
  checkOperand(fn, "b", b);
  if (typeof a === "number" && typeof b === "number") return matrix(1, 1, Float64Array.of(apply(op, a, b)));
  const ar = typeof a === "number" ? 1 : a.rows, ac = typeof a === "number" ? 1 : a.cols;
  const br = typeof b === "number" ? 1 : b.rows, bc = typeof b === "number" ? 1 : b.cols;
  const rows = broadcastDim(ar, br), cols = broadcastDim(ac, bc);
  if (rows < 0 || cols < 0) {
    throw new Error(`np.${fn}: shapes ${shapeText(a)} and ${shapeText(b)} cannot be broadcast together`);
  }
  const out = matrix(rows, cols);
  const O = out.data, n = O.length;
  // The common cases in one flat loop: equal shapes, or a number on one side.
  if (typeof b === "number") {
    const A = (a as Matrix).data;
    for (let k = 0; k < n; k++) O[k] = apply(op, A[k], b);
    return out;
  }
  if (typeof a === "number") {
    const B = b.data;
    for (let k = 0; k < n; k++) O[k] = apply(op, a, B[k]);
    return out;
  }
  const A = a.data, B = b.data;
  if (ar === br && ac === bc) {
    for (let k = 0; k < n; k++) O[k] = apply(op, A[k], B[k]);
    return out;
  }
  // Strides of 0 repeat a row or a column.
  const ars = ar === 1 ? 0 : ac, acs = ac === 1 ? 0 : 1;
  const brs = br === 1 ? 0 : bc, bcs = bc === 1 ? 0 : 1;
  for (let i = 0; i < rows; i++) {
    const ai = i * ars, bi = i * brs, oi = i * cols;
    for (let j = 0; j < cols; j++) O[oi + j] = apply(op, A[ai + j * acs], B[bi + j * bcs]);
  }
  return out;
}

function unary(fn: string, a: Matrix, f: (x: number) => number): Matrix {
  checkMatrix(fn, "a", a);
  const out = matrix(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = f(a.data[i]);
  return out;
}

/** a + b, broadcasting. */
export function add(a: Operand, b: Operand): Matrix {
  return binary("add", a, b, Op.Add);
}

/** a − b, broadcasting. */
export function subtract(a: Operand, b: Operand): Matrix {
  return binary("subtract", a, b, Op.Subtract);
}

/** a * b elementwise (numpy's `*` and np.multiply), broadcasting. */
export function multiply(a: Operand, b: Operand): Matrix {
  return binary("multiply", a, b, Op.Multiply);
}

/** a / b elementwise, broadcasting. */
export function divide(a: Operand, b: Operand): Matrix {
  return binary("divide", a, b, Op.Divide);
}

/** max(a, b) elementwise, broadcasting: np.maximum(0, Z) is the ReLU. */
export function maximum(a: Operand, b: Operand): Matrix {
  return binary("maximum", a, b, Op.Maximum);
}

/** min(a, b) elementwise, broadcasting. */
export function minimum(a: Operand, b: Operand): Matrix {
  return binary("minimum", a, b, Op.Minimum);
}

/** 1 where a > b, else 0 (numpy's `a > b` as integers). */
export function greater(a: Operand, b: Operand): Matrix {
  return binary("greater", a, b, Op.Greater);
}

/** 1 where a < b, else 0: np.less(rng.rand(n, m), keepProb) is a dropout mask. */
export function less(a: Operand, b: Operand): Matrix {
  return binary("less", a, b, Op.Less);
}

/** 1 where a >= b, else 0. */
export function greaterEqual(a: Operand, b: Operand): Matrix {
  return binary("greaterEqual", a, b, Op.GreaterEqual);
}

/** 1 where a <= b, else 0. */
export function lessEqual(a: Operand, b: Operand): Matrix {
  return binary("lessEqual", a, b, Op.LessEqual);
}

/** 1 where a == b, else 0. */
export function equal(a: Operand, b: Operand): Matrix {
  return binary("equal", a, b, Op.Equal);
}

/** The matrix product a·b: (n, k)·(k, m) -> (n, m). A number on either side scales. */
export function dot(a: Operand, b: Operand): Matrix {
  checkOperand("dot", "a", a);
  checkOperand("dot", "b", b);
  if (typeof a === "number" || typeof b === "number") return multiply(a, b);
  if (a.cols !== b.rows) {
    throw new Error(`np.dot: shapes ${shapeOf(a)} and ${shapeOf(b)} not aligned: ${a.cols} (dim 1) != ${b.rows} (dim 0)`);
  }
  return matmul(a, b);
}

/** Aᵀ, a new matrix. */
export function transpose(a: Matrix): Matrix {
  checkMatrix("transpose", "a", a);
  return transposeMatrix(a);
}

export function square(a: Matrix): Matrix {
  return unary("square", a, (x) => x * x);
}

export function sqrt(a: Matrix): Matrix {
  return unary("sqrt", a, Math.sqrt);
}

/** Natural logarithm, elementwise (log 0 = −Infinity, log of a negative = NaN, as numpy). */
export function log(a: Matrix): Matrix {
  return unary("log", a, Math.log);
}

export function exp(a: Matrix): Matrix {
  return unary("exp", a, Math.exp);
}

export function abs(a: Matrix): Matrix {
  return unary("abs", a, Math.abs);
}

export interface SumOptions {
  /** 0: sum down each column, 1: sum along each row. */
  axis?: 0 | 1;
  /** Keep the summed axis with length 1: axis 1 gives (n, 1), axis 0 gives (1, m). */
  keepdims?: boolean;
}

/**
 * np.sum. Without an axis, the sum of every entry (a number). With
 * `{ axis: 1, keepdims: true }`, the (n, 1) column of row sums, as
 * `np.sum(dZ, axis=1, keepdims=True)`; with `{ axis: 0 }`, the (1, m) row of
 * column sums. Without keepdims, numpy's 1-D result comes back as a (1, k) row.
 */
export function sum(a: Matrix): number;
export function sum(a: Matrix, options: SumOptions & { axis: 0 | 1 }): Matrix;
export function sum(a: Matrix, options?: SumOptions): number | Matrix;
export function sum(a: Matrix, options: SumOptions = {}): number | Matrix {
  checkMatrix("sum", "a", a);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`np.sum: options must be an object like { axis: 1, keepdims: true }, got ${describe(options)}`);
  }
  const { axis, keepdims = false } = options;
  if (axis === undefined) {
    let s = 0;
    for (let i = 0; i < a.data.length; i++) s += a.data[i];
    return s;
  }
  if (axis !== 0 && axis !== 1) throw new RangeError(`np.sum: axis must be 0 or 1, got ${String(axis)}`);
  if (axis === 1) {
    const out = keepdims ? matrix(a.rows, 1) : matrix(1, a.rows);
    for (let i = 0; i < a.rows; i++) {
      let s = 0;
      for (let j = 0; j < a.cols; j++) s += a.data[i * a.cols + j];
      out.data[i] = s;
    }
    return out;
  }
  const out = matrix(1, a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) out.data[j] += a.data[i * a.cols + j];
  return out;
}

/** [rows, cols], numpy's `a.shape`. */
export function shape(a: Matrix): [number, number] {
  checkMatrix("shape", "a", a);
  return [a.rows, a.cols];
}

/** A matrix from nested arrays, one inner array a row: np.array([[1, 2], [3, 4]]). */
export function array(rows: readonly (readonly number[])[]): Matrix {
  return fromArray(rows);
}

export function zeros(rows: number, cols: number): Matrix {
  return matrix(rows, cols);
}

export function ones(rows: number, cols: number): Matrix {
  const m = matrix(rows, cols);
  m.data.fill(1);
  return m;
}

/** The helpers as one namespace: `import { np } from "dropout-lab"; np.dot(W1, X)`. */
export const np = Object.freeze({
  add, subtract, multiply, divide, maximum, minimum,
  greater, less, greaterEqual, lessEqual, equal,
  dot, transpose, square, sqrt, log, exp, abs, sum,
  shape, array, zeros, ones,
  random,
});
