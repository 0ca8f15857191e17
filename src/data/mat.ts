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
import { matrix, type Matrix } from "../matrix";
import { DataFileError, MAX_DATA_FILE_BYTES, readRegularFile } from "./files";
import { inflateElement, latin1, miMATRIX, type Budget } from "./mat-inflate";
import { miCOMPRESSED, readMatrix, readTag, type Found } from "./mat-matrix";

export { MAX_MAT_MEMORY_BYTES } from "./mat-inflate";

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

const HEADER_BYTES = 128;
const HDF5_SIGNATURE = "\x89HDF\r\n\x1a\n";



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




