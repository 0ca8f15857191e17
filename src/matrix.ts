/**
 * The one matrix type: float64, row-major, plain data.
 *
 * Examples are stored in columns, as the course writes them: X is (nx, m),
 * W is (n[l], n[l-1]), b is (n[l], 1).
 *
 * Every kernel that produces a matrix takes an optional `out` argument. When it
 * is given, the result is written there and `out` is returned, so a training
 * loop can run without allocating. Elementwise kernels accept `out` equal to an
 * input (in place); products do not, since they read their inputs while writing.
 * Nothing writes into an input unless that input is also passed as `out`.
 */

import { JUPYTER_DISPLAY } from "./jupyter-display";
import { inspectMatrix, inspectSymbol, matrixBundle } from "./matrix-format";

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** rows * cols values; entry (i, j) is data[i * cols + j]. */
  readonly data: Float64Array;
}

/** "(rows, cols)", the way errors print a shape. */
export function shapeOf(m: Matrix): string {
  return `(${m.rows}, ${m.cols})`;
}

function checkDim(fn: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${fn}: ${name} must be a non-negative integer, got ${n}`);
  }
}

const MATRIX_DISPLAY: PropertyDescriptorMap = {
  [inspectSymbol]: { value: inspectMatrix },
  [JUPYTER_DISPLAY]: { value: matrixBundle },
};

/** A new matrix; `data`, when given, is used as is (not copied). */
export function matrix(rows: number, cols: number, data?: Float64Array): Matrix {
  checkDim("matrix", "rows", rows);
  checkDim("matrix", "cols", cols);
  if (data !== undefined && data.length !== rows * cols) {
    throw new Error(`matrix: data has ${data.length} values, a (${rows}, ${cols}) matrix needs ${rows * cols}`);
  }
  const m: Matrix = { rows, cols, data: data ?? new Float64Array(rows * cols) };
  // Prints like numpy in console.log and notebook cells, tslab's and Deno's (./matrix-format); not
  // enumerable, so comparisons, JSON and structured cloning still see plain { rows, cols, data }.
  Object.defineProperties(m, MATRIX_DISPLAY);
  return m;
}

export function zeros(rows: number, cols: number): Matrix {
  return matrix(rows, cols);
}

export function full(rows: number, cols: number, value: number): Matrix {
  const m = matrix(rows, cols);
  m.data.fill(value);
  return m;
}

export function copy(a: Matrix, out?: Matrix): Matrix {
  const o = target("copy", a.rows, a.cols, out);
  if (o !== a) o.data.set(a.data);
  return o;
}

export function isMatrix(x: unknown): x is Matrix {
  if (typeof x !== "object" || x === null) return false;
  const m = x as Matrix;
  return (
    m.data instanceof Float64Array &&
    Number.isInteger(m.rows) &&
    Number.isInteger(m.cols) &&
    m.data.length === m.rows * m.cols
  );
}

/** Throws unless `m` is a matrix of shape (rows, cols); `undefined` matches any size. */
export function assertShape(fn: string, name: string, m: Matrix, rows?: number, cols?: number): void {
  if (!isMatrix(m)) throw new TypeError(`${fn}: ${name} must be a Matrix, got ${describe(m)}`);
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    throw new Error(`${fn}: ${name} has shape ${shapeOf(m)}, expected (${rows ?? "any"}, ${cols ?? "any"})`);
  }
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array (use fromArray)";
  return typeof x;
}

/** `out` checked against (rows, cols), or a new matrix. */
function target(fn: string, rows: number, cols: number, out?: Matrix): Matrix {
  if (out === undefined) return matrix(rows, cols);
  if (out.rows !== rows || out.cols !== cols) {
    throw new Error(`${fn}: out has shape ${shapeOf(out)}, expected (${rows}, ${cols})`);
  }
  return out;
}

function sameShape(fn: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${fn}: shapes ${shapeOf(a)} and ${shapeOf(b)} do not match`);
  }
}

function noAlias(fn: string, out: Matrix, ...inputs: Matrix[]): void {
  for (const m of inputs) {
    if (out.data.buffer === m.data.buffer && out.data.byteOffset === m.data.byteOffset) {
      throw new Error(`${fn}: out must not be one of the inputs`);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Products                                                                  */
/* ------------------------------------------------------------------------ */

/** A·B: A (n, k), B (k, m) -> (n, m). */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.rows) throw new Error(`matmul: shapes ${shapeOf(a)} and ${shapeOf(b)} are not aligned (${a.cols} != ${b.rows})`);
  const o = target("matmul", a.rows, b.cols, out);
  noAlias("matmul", o, a, b);
  const n = a.rows, k = a.cols, m = b.cols;
  const A = a.data, B = b.data, O = o.data;
  O.fill(0, 0, n * m);
  for (let i = 0; i < n; i++) {
    const oi = i * m;
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p];
      const bp = p * m;
      for (let j = 0; j < m; j++) O[oi + j] += aip * B[bp + j];
    }
  }
  return o;
}

/** A·Bᵀ: A (n, k), B (m, k) -> (n, m). The weight gradient dZ·A_prevᵀ. */
export function matmulTransB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.cols) throw new Error(`matmulTransB: shapes ${shapeOf(a)} and ${shapeOf(b)} are not aligned (${a.cols} != ${b.cols})`);
  const o = target("matmulTransB", a.rows, b.rows, out);
  noAlias("matmulTransB", o, a, b);
  const n = a.rows, k = a.cols, m = b.rows;
  const A = a.data, B = b.data, O = o.data;
  for (let i = 0; i < n; i++) {
    const ai = i * k;
    for (let j = 0; j < m; j++) {
      const bj = j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += A[ai + p] * B[bj + p];
      O[i * m + j] = s;
    }
  }
  return o;
}

/** Aᵀ·B: A (k, n), B (k, m) -> (n, m). The backward product Wᵀ·dZ. */
export function matmulTransA(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.rows !== b.rows) throw new Error(`matmulTransA: shapes ${shapeOf(a)} and ${shapeOf(b)} are not aligned (${a.rows} != ${b.rows})`);
  const o = target("matmulTransA", a.cols, b.cols, out);
  noAlias("matmulTransA", o, a, b);
  const k = a.rows, n = a.cols, m = b.cols;
  const A = a.data, B = b.data, O = o.data;
  O.fill(0, 0, n * m);
  for (let p = 0; p < k; p++) {
    const bp = p * m;
    for (let i = 0; i < n; i++) {
      const api = A[p * n + i];
      const oi = i * m;
      for (let j = 0; j < m; j++) O[oi + j] += api * B[bp + j];
    }
  }
  return o;
}

export function transpose(a: Matrix, out?: Matrix): Matrix {
  const o = target("transpose", a.cols, a.rows, out);
  noAlias("transpose", o, a);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) o.data[j * a.rows + i] = a.data[i * a.cols + j];
  return o;
}

/* ------------------------------------------------------------------------ */
/* Broadcasts and reductions                                                 */
/* ------------------------------------------------------------------------ */

/** A + b broadcast along columns: A (n, m), b (n, 1) -> (n, m). */
export function addColumn(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (b.cols !== 1 || b.rows !== a.rows) throw new Error(`addColumn: cannot broadcast ${shapeOf(b)} over ${shapeOf(a)}, expected (${a.rows}, 1)`);
  const o = target("addColumn", a.rows, a.cols, out);
  const m = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const bi = b.data[i];
    for (let j = i * m; j < (i + 1) * m; j++) o.data[j] = a.data[j] + bi;
  }
  return o;
}

/** Sum of each row: A (n, m) -> (n, 1). */
export function rowSums(a: Matrix, out?: Matrix): Matrix {
  const o = target("rowSums", a.rows, 1, out);
  const m = a.cols;
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = i * m; j < (i + 1) * m; j++) s += a.data[j];
    o.data[i] = s;
  }
  return o;
}

export function sum(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i];
  return s;
}

/** Σ aᵢⱼ², the squared Frobenius norm. */
export function sumSquares(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i] * a.data[i];
  return s;
}

/* ------------------------------------------------------------------------ */
/* Elementwise                                                               */
/* ------------------------------------------------------------------------ */

export function map(a: Matrix, f: (x: number) => number, out?: Matrix): Matrix {
  const o = target("map", a.rows, a.cols, out);
  for (let i = 0; i < a.data.length; i++) o.data[i] = f(a.data[i]);
  return o;
}

export function add(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  sameShape("add", a, b);
  const o = target("add", a.rows, a.cols, out);
  for (let i = 0; i < a.data.length; i++) o.data[i] = a.data[i] + b.data[i];
  return o;
}

export function sub(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  sameShape("sub", a, b);
  const o = target("sub", a.rows, a.cols, out);
  for (let i = 0; i < a.data.length; i++) o.data[i] = a.data[i] - b.data[i];
  return o;
}

/** Elementwise (Hadamard) product. */
export function mul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  sameShape("mul", a, b);
  const o = target("mul", a.rows, a.cols, out);
  for (let i = 0; i < a.data.length; i++) o.data[i] = a.data[i] * b.data[i];
  return o;
}

export function scale(a: Matrix, s: number, out?: Matrix): Matrix {
  const o = target("scale", a.rows, a.cols, out);
  for (let i = 0; i < a.data.length; i++) o.data[i] = a.data[i] * s;
  return o;
}
