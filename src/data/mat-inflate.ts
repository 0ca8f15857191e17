/**
 * Inflating one miCOMPRESSED element of a .mat file in bounded memory: the
 * per-file budget of inflated and decoded bytes, and the inflation itself,
 * capped at the length the element's own header declares.
 */
import { constants as zlibConstants, inflateSync } from "node:zlib";

/** The miMATRIX data type: an element holding one variable. */
export const miMATRIX = 14;

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
export interface Budget {
  used: number;
}

export function charge(budget: Budget, bytes: number, what: string, fail: (problem: string) => never): void {
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
export function inflateElement(
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

export function latin1(b: Uint8Array): string {
  let s = "";
  for (let k = 0; k < b.length; k++) s += String.fromCharCode(b[k]);
  return s;
}
