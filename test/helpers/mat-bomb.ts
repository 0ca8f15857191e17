/**
 * Decompression bombs in the `.mat` format, for tests only: a miCOMPRESSED
 * element whose zlib stream inflates to `inflatedBytes` (gigabytes from a few
 * megabytes) without ever deflating that much here.
 *
 * How: a fresh raw-deflate stream ended with a full flush never refers back
 * to earlier data and ends on a byte boundary, so such segments concatenate
 * into one valid deflate stream. One segment of 1 MiB of zeros (about 1 KB)
 * is compressed once and repeated; a zlib header and the Adler-32 of the whole
 * content (computed in closed form for the zeros) wrap it up.
 */
import { constants, deflateRawSync } from "node:zlib";
import { concat, header } from "./mat-writer";

const MiB = 1 << 20;
const ADLER_MOD = 65521;

/** Raw deflate of `data` as non-final blocks that stand alone. */
function segment(data: Uint8Array): Buffer {
  return deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
}

/** Adler-32 of `prefix` followed by `zeros` zero bytes. */
function adler32(prefix: Uint8Array, zeros: number): number {
  let a = 1;
  let b = 0;
  for (const x of prefix) {
    a = (a + x) % ADLER_MOD;
    b = (b + a) % ADLER_MOD;
  }
  // Each zero byte leaves a alone and adds a to b.
  b = Number((BigInt(b) + BigInt(zeros) * BigInt(a)) % BigInt(ADLER_MOD));
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) that inflates to `prefix` then `zeros` zero bytes. */
export function zlibOfZeros(prefix: Uint8Array, zeros: number): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x78, 0xda), segment(prefix)];
  const full = Math.floor(zeros / MiB);
  const block = segment(new Uint8Array(MiB));
  for (let k = 0; k < full; k++) parts.push(block);
  const rest = zeros - full * MiB;
  if (rest > 0) parts.push(segment(new Uint8Array(rest)));
  parts.push(Uint8Array.of(0x03, 0x00)); // an empty final fixed-Huffman block
  const check = new Uint8Array(4);
  new DataView(check.buffer).setUint32(0, adler32(prefix, zeros), false);
  parts.push(check);
  return concat(parts);
}

export interface BombOptions {
  /** Bytes the element really inflates to (the zeros after the matrix header). */
  inflatedBytes: number;
  /**
   * The length the miMATRIX tag declares. "honest" (default): exactly what it
   * inflates to, with dims to match (a (n, 1) double); a number: that length,
   * with dims (1, 1), so the stream runs far past what the header declares.
   */
  declared?: "honest" | number;
  /** The variable's name; default "X". */
  name?: string;
}

/** The bytes of a miMATRIX header (tag, flags, dims, name, real-part tag) for a (rows, cols) double. */
function matrixHead(matrixLength: number, rows: number, cols: number, dataLength: number, name: string): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const namePad = Math.ceil(nameBytes.length / 8) * 8;
  const out = new Uint8Array(8 + 16 + 16 + 8 + namePad + 8);
  const v = new DataView(out.buffer);
  let o = 0;
  const u32 = (x: number) => {
    v.setUint32(o, x >>> 0, true);
    o += 4;
  };
  u32(14); // miMATRIX
  u32(matrixLength);
  u32(6); // miUINT32 array flags
  u32(8);
  u32(6); // class double
  u32(0);
  u32(5); // miINT32 dims
  u32(8);
  u32(rows);
  u32(cols);
  u32(1); // miINT8 name
  u32(nameBytes.length);
  out.set(nameBytes, o);
  o += namePad;
  u32(9); // miDOUBLE real part
  u32(dataLength);
  return out;
}

/** A whole `.mat` file: the header, then one miCOMPRESSED bomb. */
export function bombMat(options: BombOptions): Uint8Array {
  const name = options.name ?? "X";
  const n = options.inflatedBytes;
  const declared = options.declared ?? "honest";
  let head: Uint8Array;
  if (declared === "honest") {
    if (n % 8 !== 0) throw new RangeError(`bombMat: an honest bomb needs inflatedBytes a multiple of 8, got ${n}`);
    const probe = matrixHead(0, 0, 0, 0, name);
    head = matrixHead(probe.length - 8 + n, n / 8, 1, n, name);
  } else {
    head = matrixHead(declared, 1, 1, 8, name);
  }
  const z = zlibOfZeros(head, n);
  const tag = new Uint8Array(8);
  new DataView(tag.buffer).setUint32(0, 15, true);
  new DataView(tag.buffer).setUint32(4, z.length, true);
  const file = new Uint8Array(128 + 8 + z.length);
  file.set(header(), 0);
  file.set(tag, 128);
  file.set(z, 136);
  return file;
}
