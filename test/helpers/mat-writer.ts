/**
 * A tiny MATLAB level-5 writer, for tests only: it makes synthetic `.mat`
 * files (never copies of real data) so the reader can be checked on known
 * values, including the odd corners (uint8-stored doubles, compressed and
 * uncompressed elements, skipped kinds, broken files).
 */
import { deflateSync } from "node:zlib";

export type MatStorage = "double" | "single" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64";

export interface MatVariable {
  name: string;
  /** Row-major values, one inner array per row. For 3-D, use `dims` with `columnMajor`. */
  rows?: number[][];
  /** Overrides the dimensions (e.g. [2, 2, 2]); then `columnMajor` holds the values in file order. */
  dims?: number[];
  columnMajor?: number[];
  /** Columns of an empty (0-row) `rows` matrix; default 0. */
  emptyCols?: number;
  /** MATLAB class code (6 = double, 4 = char, …); default 6. */
  classCode?: number;
  /** How the values are stored on disk; default "double". */
  storage?: MatStorage;
  /** Wrap the element in miCOMPRESSED; default false. */
  compress?: boolean;
  /** Set the complex flag (the imaginary part is then written as zeros). */
  complex?: boolean;
}

const STORAGE: Record<MatStorage, { type: number; size: number; put: (v: DataView, o: number, x: number) => void }> = {
  int8: { type: 1, size: 1, put: (v, o, x) => v.setInt8(o, x) },
  uint8: { type: 2, size: 1, put: (v, o, x) => v.setUint8(o, x) },
  int16: { type: 3, size: 2, put: (v, o, x) => v.setInt16(o, x, true) },
  uint16: { type: 4, size: 2, put: (v, o, x) => v.setUint16(o, x, true) },
  int32: { type: 5, size: 4, put: (v, o, x) => v.setInt32(o, x, true) },
  uint32: { type: 6, size: 4, put: (v, o, x) => v.setUint32(o, x, true) },
  single: { type: 7, size: 4, put: (v, o, x) => v.setFloat32(o, x, true) },
  double: { type: 9, size: 8, put: (v, o, x) => v.setFloat64(o, x, true) },
  int64: { type: 12, size: 8, put: (v, o, x) => v.setBigInt64(o, BigInt(x), true) },
  uint64: { type: 13, size: 8, put: (v, o, x) => v.setBigUint64(o, BigInt(x), true) },
};

/** A tag plus data, padded to 8 bytes (the small-element form is not used, except for names ≤ 4 bytes). */
function element(type: number, data: Uint8Array, small = false): Uint8Array {
  if (small && data.length <= 4) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setUint32(0, (data.length << 16) | type, true);
    out.set(data, 4);
    return out;
  }
  const padded = Math.ceil(data.length / 8) * 8;
  const out = new Uint8Array(8 + padded);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

/** The parts one after another, in a new array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function numbers(values: number[], storage: MatStorage): Uint8Array {
  const s = STORAGE[storage];
  const out = new Uint8Array(values.length * s.size);
  const v = new DataView(out.buffer);
  values.forEach((x, k) => s.put(v, k * s.size, x));
  return out;
}

/** One variable as a miMATRIX element (optionally inside miCOMPRESSED). */
export function matrixElement(variable: MatVariable): Uint8Array {
  let dims: number[];
  let values: number[];
  if (variable.dims) {
    dims = variable.dims;
    values = variable.columnMajor ?? [];
  } else {
    const rows = variable.rows ?? [];
    const r = rows.length;
    const c = r === 0 ? (variable.emptyCols ?? 0) : rows[0].length;
    dims = [r, c];
    values = [];
    for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) values.push(rows[i][j]);
  }
  const storage = variable.storage ?? "double";
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, (variable.classCode ?? 6) | (variable.complex ? 0x0800 : 0), true);
  const dimBytes = new Uint8Array(dims.length * 4);
  dims.forEach((d, k) => new DataView(dimBytes.buffer).setInt32(k * 4, d, true));
  const parts = [
    element(6, flags),
    element(5, dimBytes),
    element(1, new TextEncoder().encode(variable.name), true),
    element(STORAGE[storage].type, numbers(values, storage)),
  ];
  if (variable.complex) parts.push(element(STORAGE[storage].type, numbers(values.map(() => 0), storage)));
  const mat = element(14, concat(parts));
  return variable.compress ? element15(deflateSync(mat)) : mat;
}

/** miCOMPRESSED: tag then the zlib stream, unpadded (as MATLAB writes it). */
export function element15(z: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + z.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 15, true);
  v.setUint32(4, z.length, true);
  out.set(z, 8);
  return out;
}

/** The 128-byte header; `text` replaces the descriptive text (e.g. to fake a v7.3 header). */
export function header(text = "MATLAB 5.0 MAT-file, written by the dropout-lab test helper", endian = "IM"): Uint8Array {
  const out = new Uint8Array(128).fill(0x20);
  out.set(new TextEncoder().encode(text.slice(0, 116)), 0);
  out.fill(0, 116, 124); // subsystem data offset: none
  new DataView(out.buffer).setUint16(124, 0x0100, true);
  out.set(new TextEncoder().encode(endian), 126);
  return out;
}

/** A whole level-5 MAT file holding `variables`, in order. */
export function writeMat(variables: MatVariable[], options: { headerText?: string; endian?: string } = {}): Uint8Array {
  return concat([header(options.headerText, options.endian), ...variables.map(matrixElement)]);
}

/** A course-shaped file: X (m, 2), y (m, 1), Xval (k, 2), yval (k, 1); y stored as uint8 like MATLAB does. */
export function courseLikeMat(
  train: { X: number[][]; y: number[] },
  test: { X: number[][]; y: number[] },
  compress = true,
): Uint8Array {
  return writeMat([
    { name: "X", rows: train.X, compress },
    { name: "y", dims: [train.y.length, 1], columnMajor: train.y, storage: "uint8", compress },
    { name: "Xval", rows: test.X, compress },
    { name: "yval", dims: [test.y.length, 1], columnMajor: test.y, storage: "uint8", compress },
  ]);
}
