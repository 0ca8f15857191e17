/**
 * Decoding the elements of a .mat file: data element tags, and a miMATRIX of a
 * numeric class into a row-major float64 Matrix (MATLAB stores column-major,
 * in any numeric storage type).
 */
import { matrix, type Matrix } from "../matrix";
import { charge, latin1, type Budget } from "./mat-inflate";

/** A variable found in the file: decoded, or skipped with the reason. */
export type Found = { name: string; value: Matrix } | { name: string; skipped: string };

// Data types (the tag's first word).
export const miINT8 = 1;
const miUINT8 = 2;
const miINT16 = 3;
const miUINT16 = 4;
export const miINT32 = 5;
export const miUINT32 = 6;
const miSINGLE = 7;
export const miDOUBLE = 9;
const miINT64 = 12;
const miUINT64 = 13;
export const miCOMPRESSED = 15;

/** Bytes per value of each numeric storage type. */
const STORAGE_SIZE: Record<number, number> = {
  [miINT8]: 1,
  [miUINT8]: 1,
  [miINT16]: 2,
  [miUINT16]: 2,
  [miINT32]: 4,
  [miUINT32]: 4,
  [miSINGLE]: 4,
  [miDOUBLE]: 8,
  [miINT64]: 8,
  [miUINT64]: 8,
};

/** Array classes (low byte of the array-flags word). */
const CLASS_NAMES: Record<number, string> = {
  1: "cell array",
  2: "struct",
  3: "object",
  4: "char array",
  5: "sparse matrix",
  6: "double",
  7: "single",
  8: "int8",
  9: "uint8",
  10: "int16",
  11: "uint16",
  12: "int32",
  13: "uint32",
  14: "int64",
  15: "uint64",
  16: "function handle",
  17: "opaque object",
};
const FIRST_NUMERIC_CLASS = 6;
const LAST_NUMERIC_CLASS = 15;
const COMPLEX_FLAG = 0x08;


/** One element: its type, and where its data lies in `view`. */
export interface Element {
  type: number;
  /** Offset of the data (after the tag) in the view. */
  start: number;
  length: number;
  /** Offset of the next element. */
  next: number;
}

export function readTag(view: DataView, pos: number, where: string, fail: (problem: string) => never): Element {
  const size = view.byteLength;
  const at = where === "" ? "" : `${where}: `;
  if (pos + 8 > size) fail(`truncated: ${at}the tag at byte ${pos} needs 8 bytes, only ${size - pos} remain`);
  const first = view.getUint32(pos, true);
  if (first >>> 16 !== 0) {
    // Small data element: type and length share the first word, data fits in the second.
    const length = first >>> 16;
    if (length > 4) fail(`corrupt: ${at}small element at byte ${pos} claims ${length} bytes (at most 4)`);
    return { type: first & 0xffff, start: pos + 4, length, next: pos + 8 };
  }
  const length = view.getUint32(pos + 4, true);
  const start = pos + 8;
  if (start + length > size) {
    fail(`truncated: ${at}the element at byte ${pos} claims ${length} bytes, only ${size - start} remain`);
  }
  // Elements are padded to 8 bytes; tolerate a missing pad at the very end.
  return { type: first, start, length, next: Math.min(size, start + Math.ceil(length / 8) * 8) };
}

/** Decodes one miMATRIX element, or says why it was skipped, or undefined if not wanted. */
export function readMatrix(
  view: DataView,
  el: Element,
  where: string,
  wanted: readonly string[] | undefined,
  budget: Budget,
  fail: (problem: string) => never,
): Found | undefined {
  if (el.length === 0) return undefined; // an empty placeholder element
  const end = el.start + el.length;
  const sub = (pos: number, what: string): Element => {
    const s = readTag(view, pos, `${where}, ${what}`, fail);
    if (s.start + s.length > end) fail(`corrupt: ${where}: ${what} runs past the end of its matrix element`);
    return s;
  };

  const flagsEl = sub(el.start, "array flags");
  if (flagsEl.type !== miUINT32 || flagsEl.length < 8) fail(`corrupt: ${where}: bad array-flags subelement`);
  const flagsWord = view.getUint32(flagsEl.start, true);
  const cls = flagsWord & 0xff;
  const flags = (flagsWord >>> 8) & 0xff;

  const dimsEl = sub(flagsEl.next, "dimensions");
  if (dimsEl.type !== miINT32 || dimsEl.length % 4 !== 0) fail(`corrupt: ${where}: bad dimensions subelement`);
  const dims: number[] = [];
  for (let k = 0; k < dimsEl.length; k += 4) dims.push(view.getInt32(dimsEl.start + k, true));

  const nameEl = sub(dimsEl.next, "name");
  if (nameEl.type !== miINT8 && nameEl.type !== miUINT8) fail(`corrupt: ${where}: bad name subelement`);
  const name = latin1(new Uint8Array(view.buffer, view.byteOffset + nameEl.start, nameEl.length));
  if (wanted && !wanted.includes(name)) return { name, skipped: "was not asked for" };

  const kind = CLASS_NAMES[cls] ?? `of unknown class ${cls}`;
  if (cls < FIRST_NUMERIC_CLASS || cls > LAST_NUMERIC_CLASS) {
    return { name, skipped: `is a ${kind}; only real numeric 2-D matrices are supported` };
  }
  if (flags & COMPLEX_FLAG) return { name, skipped: `is complex (${kind}); only real matrices are supported` };
  if (dims.length !== 2 || dims.some((d) => d < 0)) {
    return { name, skipped: `has ${dims.length} dimensions [${dims.join(" x ")}]; only 2-D matrices are supported` };
  }
  const [rows, cols] = dims;

  const realEl = sub(nameEl.next, "real part");
  const width = STORAGE_SIZE[realEl.type];
  if (width === undefined) fail(`corrupt: ${where}: variable ${name} has non-numeric storage type ${realEl.type}`);
  const count = realEl.length / width;
  if (count !== rows * cols) {
    fail(`corrupt: ${where}: variable ${name} is ${rows}x${cols} (${rows * cols} values) but stores ${count}`);
  }

  charge(budget, count * 8, `${where}: variable ${name} (${rows}x${cols}) as float64`, fail);
  // Column-major on disk: value k is entry (k % rows, floor(k / rows)).
  const m = matrix(rows, cols);
  const get = reader(view, realEl.type);
  for (let k = 0; k < count; k++) {
    const i = k % rows;
    const j = (k - i) / rows;
    m.data[i * cols + j] = get(realEl.start + k * width);
  }
  return { name, value: m };
}

function reader(view: DataView, type: number): (offset: number) => number {
  switch (type) {
    case miINT8:
      return (o) => view.getInt8(o);
    case miUINT8:
      return (o) => view.getUint8(o);
    case miINT16:
      return (o) => view.getInt16(o, true);
    case miUINT16:
      return (o) => view.getUint16(o, true);
    case miINT32:
      return (o) => view.getInt32(o, true);
    case miUINT32:
      return (o) => view.getUint32(o, true);
    case miSINGLE:
      return (o) => view.getFloat32(o, true);
    case miDOUBLE:
      return (o) => view.getFloat64(o, true);
    case miINT64:
      return (o) => Number(view.getBigInt64(o, true));
    case miUINT64:
      return (o) => Number(view.getBigUint64(o, true));
    default:
      throw new Error(`reader: storage type ${type} is not numeric`);
  }
}
