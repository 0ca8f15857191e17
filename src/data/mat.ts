/**
 * A reader for MATLAB level-5 `.mat` files (what `save -v7` and scipy's
 * `savemat` write), enough for numeric datasets:
 *
 * - the 128-byte header, little-endian (`IM`) files only;
 * - miCOMPRESSED elements, inflated with `node:zlib`;
 * - miMATRIX of a numeric class (double, single, int8 … uint64, logical),
 *   stored with any numeric storage type (MATLAB stores a double vector of
 *   small integers as uint8, for instance), real and 2-D.
 *
 * Matrices are column-major on disk; they come back as row-major float64
 * `Matrix` values of the same (rows, cols). Variables of other kinds (char,
 * cell, struct, sparse, complex, N-D) are skipped, unless the caller asks for
 * them by name, in which case that is an error. int64/uint64 values beyond
 * 2^53 lose precision on the way to float64.
 *
 * Bounded: `readMat` reads only a regular file of at most
 * `MAX_DATA_FILE_BYTES` (256 MiB; see ./files), and a file may take at most
 * `MAX_MAT_MEMORY_BYTES` (512 MiB) of inflated and decoded data. Each
 * compressed element is inflated only up to the length its matrix header
 * declares, so a decompression bomb is refused after a few bytes.
 *
 * Every problem is a `MatFileError` that names the file and what is wrong.
 */
import { constants as zlibConstants, inflateSync } from "node:zlib";
import { matrix, type Matrix } from "../matrix";
import { DataFileError, MAX_DATA_FILE_BYTES, readRegularFile } from "./files";

export { DataFileError } from "./files";

/** A problem with a `.mat` file: missing, truncated, corrupt, wrong version, wrong contents. */
export class MatFileError extends DataFileError {
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(file, problem, options);
    this.name = "MatFileError";
  }
}

export interface ParseMatOptions {
  /**
   * Variables that must be present and readable. When given, only these are
   * decoded; a missing one, or one of an unsupported kind, is an error.
   */
  variables?: readonly string[];
}

// Data types (the tag's first word).
const miINT8 = 1;
const miUINT8 = 2;
const miINT16 = 3;
const miUINT16 = 4;
const miINT32 = 5;
const miUINT32 = 6;
const miSINGLE = 7;
const miDOUBLE = 9;
const miINT64 = 12;
const miUINT64 = 13;
const miMATRIX = 14;
const miCOMPRESSED = 15;

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

const HEADER_BYTES = 128;
const HDF5_SIGNATURE = "\x89HDF\r\n\x1a\n";

/** One element: its type, and where its data lies in `view`. */
interface Element {
  type: number;
  /** Offset of the data (after the tag) in the view. */
  start: number;
  length: number;
  /** Offset of the next element. */
  next: number;
}

/** A variable found in the file: decoded, or skipped with the reason. */
type Found = { name: string; value: Matrix } | { name: string; skipped: string };

/**
 * Parses the bytes of a level-5 MAT file into its numeric variables.
 *
 * @param bytes the whole file
 * @param file  how errors name the file
 * @returns each 2-D real numeric variable, (rows, cols) as in MATLAB
 * @throws MatFileError naming `file` and the problem
 *
 * @example
 *   const { X, y } = parseMat(readFileSync("data.mat"), "data.mat");
 */
export function parseMat(bytes: Uint8Array, file = "<buffer>", options: ParseMatOptions = {}): Record<string, Matrix> {
  const fail = (problem: string, cause?: unknown): never => {
    throw new MatFileError(file, problem, cause === undefined ? undefined : { cause });
  };
  if (!(bytes instanceof Uint8Array)) fail(`expected the file's bytes as a Uint8Array, got ${typeof bytes}`);
  checkHeader(bytes, fail);

  const wanted = options.variables;
  const budget: Budget = { used: 0 };
  const found: Found[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = HEADER_BYTES;
  while (pos < bytes.length) {
    const el = readTag(view, pos, "", fail);
    if (el.type === miCOMPRESSED) {
      const where = `compressed element at byte ${pos}`;
      const inflated = inflateElement(bytes.subarray(el.start, el.start + el.length), where, wanted, budget, fail);
      if (inflated instanceof Uint8Array) {
        const inner = new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength);
        // A compressed element holds one element (in practice a miMATRIX).
        let ipos = 0;
        while (ipos < inflated.length) {
          const sub = readTag(inner, ipos, where, fail);
          if (sub.type === miMATRIX) {
            const v = readMatrix(inner, sub, where, wanted, budget, fail);
            if (v) found.push(v);
          }
          ipos = sub.next;
        }
      } else if (inflated !== undefined) {
        found.push({ name: inflated.name, skipped: "was not asked for" });
      }
      // Compressed elements are not padded to 8 bytes.
      pos = el.start + el.length;
    } else {
      if (el.type === miMATRIX) {
        const v = readMatrix(view, el, `element at byte ${pos}`, wanted, budget, fail);
        if (v) found.push(v);
      }
      pos = el.next;
    }
  }

  const out: Record<string, Matrix> = {};
  for (const f of found) if ("value" in f) out[f.name] = f.value;
  if (wanted) {
    const names = found.map((f) => f.name);
    const missing = wanted.filter((n) => !names.includes(n));
    if (missing.length > 0) {
      fail(
        `missing variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; ` +
          `the file holds ${names.length > 0 ? names.join(", ") : "no variables"}`,
      );
    }
    for (const f of found) {
      if ("skipped" in f && wanted.includes(f.name)) fail(`variable ${f.name} ${f.skipped}`);
    }
  }
  return out;
}

/**
 * Reads a level-5 MAT file from disk. See `parseMat`.
 *
 * @throws MatFileError naming `path`: file not found, unreadable, truncated, corrupt…
 */
export function readMat(path: string, options: ParseMatOptions = {}): Record<string, Matrix> {
  const bytes = readRegularFile(path, {
    maxBytes: MAX_DATA_FILE_BYTES,
    makeError: (problem, cause) => new MatFileError(path, problem, cause === undefined ? undefined : { cause }),
  });
  return parseMat(bytes, path, options);
}

/**
 * The most memory one file may take while it is read: the inflated bytes of
 * its compressed elements plus its decoded float64 matrices, 512 MiB. (The
 * file itself is at most `MAX_DATA_FILE_BYTES`, 256 MiB.) A course-shaped
 * dataset of 10 million examples needs about 320 MiB.
 */
export const MAX_MAT_MEMORY_BYTES = 512 * 1024 * 1024;

/** Compressed bytes given to zlib at first, to read an element's header (doubled as needed). */
const PEEK_INPUT_BYTES = 64;
/** Inflated bytes enough for a matrix header: tag, flags, dims, name. */
const PEEK_OUTPUT_BYTES = 1024;

/** What a file has taken of `MAX_MAT_MEMORY_BYTES` so far. */
interface Budget {
  used: number;
}

function charge(budget: Budget, bytes: number, what: string, fail: (problem: string) => never): void {
  if (budget.used + bytes > MAX_MAT_MEMORY_BYTES) {
    const mib = (n: number) => `${+(n / 2 ** 20).toFixed(1)} MiB`;
    fail(
      `${what} needs ${bytes} bytes (${mib(bytes)})` +
        (budget.used > 0 ? ` on top of the ${mib(budget.used)} already read` : "") +
        `, more than the reader's limit of ${mib(MAX_MAT_MEMORY_BYTES)} per file; refused`,
    );
  }
  budget.used += bytes;
}

/**
 * Inflates one miCOMPRESSED element in bounded memory. Returns undefined when
 * it holds no matrix, and only the name for a variable not asked for.
 *
 * The first few hundred inflated bytes are read first (zlib on a short prefix
 * of the stream, with a sync flush): the miMATRIX tag declares the element's
 * length and the name follows. The whole stream is then inflated with zlib's
 * `maxOutputLength` set to that length, so a stream that runs past what its
 * header declares (a decompression bomb) stops there, and a declared length
 * beyond `MAX_MAT_MEMORY_BYTES` is refused before inflating anything more.
 */
function inflateElement(
  z: Uint8Array,
  where: string,
  wanted: readonly string[] | undefined,
  budget: Budget,
  fail: (problem: string, cause?: unknown) => never,
): Uint8Array | { name: string } | undefined {
  const corrupt = (err: unknown): never => {
    const why = err instanceof Error ? err.message : String(err);
    return fail(`${where} is corrupt (zlib: ${why})`, err);
  };
  // The element's first bytes, inflated from a prefix of the stream.
  // (Deflate expands at most about 1032:1, so the output limit below is never hit.)
  let head: Buffer = Buffer.alloc(0);
  for (let input = PEEK_INPUT_BYTES; ; input *= 2) {
    try {
      head = inflateSync(z.subarray(0, input), {
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: Math.max(PEEK_OUTPUT_BYTES, input * 1100),
      });
    } catch (err) {
      return corrupt(err);
    }
    if (head.length >= PEEK_OUTPUT_BYTES || input >= z.length) break;
  }
  if (head.length < 8) {
    // Too short to hold a tag: let the full inflation (or the tag reader) say what is wrong.
    try {
      head = inflateSync(z, { maxOutputLength: PEEK_OUTPUT_BYTES });
    } catch (err) {
      return corrupt(err);
    }
    if (head.length === 0) return head;
    return fail(`truncated: ${where}: inflates to ${head.length} bytes, too few for an element's 8-byte tag`);
  }
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const first = hv.getUint32(0, true);
  if (first !== miMATRIX) return undefined; // only matrices are read; anything else is skipped unread
  const declared = hv.getUint32(4, true);
  if (wanted) {
    const name = peekName(hv, declared);
    if (name !== undefined && !wanted.includes(name)) return { name };
  }
  const cap = 8 + Math.ceil(declared / 8) * 8;
  charge(budget, cap, `${where}: its matrix header declares ${declared} bytes; reading it`, fail);
  try {
    return inflateSync(z, { maxOutputLength: cap });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      return fail(
        `${where} inflates to more than the ${cap} bytes its matrix header declares ` +
          `(a decompression bomb, or a damaged file); refused after ${cap} bytes`,
        err,
      );
    }
    return corrupt(err);
  }
}

/** The variable name in a miMATRIX element's first bytes, if they hold it whole. */
function peekName(view: DataView, declared: number): string | undefined {
  const size = Math.min(view.byteLength, 8 + declared);
  const tagAt = (pos: number): { length: number; start: number; next: number } | undefined => {
    if (pos + 8 > size) return undefined;
    const w = view.getUint32(pos, true);
    if (w >>> 16 !== 0) return { length: w >>> 16, start: pos + 4, next: pos + 8 };
    const length = view.getUint32(pos + 4, true);
    return { length, start: pos + 8, next: pos + 8 + Math.ceil(length / 8) * 8 };
  };
  const flags = tagAt(8);
  const dims = flags && tagAt(flags.next);
  const name = dims && tagAt(dims.next);
  if (!name || name.start + name.length > size) return undefined;
  return latin1(new Uint8Array(view.buffer, view.byteOffset + name.start, name.length));
}

function checkHeader(bytes: Uint8Array, fail: (problem: string) => never): void {
  const text = latin1(bytes.subarray(0, Math.min(bytes.length, 116)));
  if (/^MATLAB 7\.3 MAT-file/.test(text) || (bytes.length >= 520 && latin1(bytes.subarray(512, 520)) === HDF5_SIGNATURE)) {
    fail(
      "is a MATLAB v7.3 (HDF5) MAT file, which this reader does not support; " +
        "re-save it as level 5 in MATLAB with save(..., '-v7') or in Octave with save -v7",
    );
  }
  if (bytes.length >= 8 && latin1(bytes.subarray(0, 8)) === HDF5_SIGNATURE) {
    fail("is an HDF5 file, not a level-5 MAT file; if it came from MATLAB, re-save it with save -v7");
  }
  if (!text.startsWith("MATLAB")) {
    fail(
      `not a MAT file: it does not start with a "MATLAB 5.0 MAT-file" header ` +
        `(starts with ${JSON.stringify(text.slice(0, 20))}; level-4 files are not supported)`,
    );
  }
  if (bytes.length < HEADER_BYTES) {
    fail(`truncated: ${bytes.length} bytes, but a MAT file's header alone is ${HEADER_BYTES} bytes`);
  }
  if (!text.startsWith("MATLAB 5.0 MAT-file")) {
    fail(`unsupported MAT file version: header says ${JSON.stringify(text.slice(0, 19))}, expected "MATLAB 5.0 MAT-file"`);
  }
  const endian = latin1(bytes.subarray(126, 128));
  if (endian === "MI") fail("is a big-endian MAT file, which this reader does not support; re-save it on a little-endian machine");
  if (endian !== "IM") fail(`bad endian indicator ${JSON.stringify(endian)} at byte 126, expected "IM"`);
}

function readTag(view: DataView, pos: number, where: string, fail: (problem: string) => never): Element {
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
function readMatrix(
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

function latin1(b: Uint8Array): string {
  let s = "";
  for (let k = 0; k < b.length; k++) s += String.fromCharCode(b[k]);
  return s;
}
