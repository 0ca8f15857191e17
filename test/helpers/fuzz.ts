/**
 * Seeded mutations for the fuzz tests (test/fuzz-mat.test.ts,
 * test/fuzz-csv.test.ts). Every choice comes from the project's
 * `randomStream(seed)`, so a failing case is reproduced by its seed and index.
 */
import { randomStream, type RandomSource } from "../../src/random";

export { randomStream };

/** An integer in [0, n). */
export function below(rng: RandomSource, n: number): number {
  return Math.floor(rng.random() * n);
}

/** One element of `items`. */
export function pick<T>(rng: RandomSource, items: readonly T[]): T {
  return items[below(rng, items.length)];
}

/** 32-bit values that make parsers take unusual paths. */
export const INTERESTING_U32 = [0, 1, 2, 4, 7, 8, 9, 14, 15, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff];

/** One random byte-level mutation of `bytes` (a new array; the input is unchanged). */
export function mutateBytes(rng: RandomSource, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const n = out.length;
  switch (below(rng, 7)) {
    case 0: {
      // flip a few bits
      const k = 1 + below(rng, 4);
      for (let i = 0; i < k; i++) out[below(rng, n)] ^= 1 << below(rng, 8);
      return out;
    }
    case 1: {
      // random bytes
      const k = 1 + below(rng, 8);
      for (let i = 0; i < k; i++) out[below(rng, n)] = below(rng, 256);
      return out;
    }
    case 2: {
      // an interesting little-endian word at a 4-aligned offset (tags, lengths, dims)
      const word = rng.random() < 0.8 ? pick(rng, INTERESTING_U32) : below(rng, 2 ** 32);
      if (n < 4) return out;
      const at = 4 * below(rng, Math.floor(n / 4));
      new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at, word >>> 0, true);
      return out;
    }
    case 3:
      // truncate
      return out.subarray(0, below(rng, n));
    case 4: {
      // delete a run
      const at = below(rng, n);
      const len = 1 + below(rng, 16);
      const tail = out.subarray(Math.min(n, at + len));
      const res = new Uint8Array(at + tail.length);
      res.set(out.subarray(0, at), 0);
      res.set(tail, at);
      return res;
    }
    case 5: {
      // insert random bytes
      const at = below(rng, n + 1);
      const len = 1 + below(rng, 16);
      const res = new Uint8Array(n + len);
      res.set(out.subarray(0, at), 0);
      for (let i = 0; i < len; i++) res[at + i] = below(rng, 256);
      res.set(out.subarray(at), at + len);
      return res;
    }
    default: {
      // duplicate a chunk in place of another
      const len = 1 + below(rng, 64);
      const from = below(rng, Math.max(1, n - len));
      const to = below(rng, Math.max(1, n - len));
      out.copyWithin(to, from, from + len);
      return out;
    }
  }
}

/** Characters CSV parsers trip on. */
const CSV_PIECES = [",", "\n", "\r\n", "\r", '"', '""', " ", "\t", "-", "+", ".", "e", "E", "0", "1", "9", "x", "\u0000", "\uFEFF", "é", "\u2028", "NaN", "Infinity", "1e308", "1e999", "train", "test", "split", "x1", "x2", "y", "0x1F", "  "];

/** One random mutation of CSV text. */
export function mutateText(rng: RandomSource, text: string): string {
  const n = text.length;
  const at = below(rng, n + 1);
  switch (below(rng, 8)) {
    case 0:
      return text.slice(0, at) + pick(rng, CSV_PIECES) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + below(rng, 8));
    case 2:
      return text.slice(0, at) + pick(rng, CSV_PIECES) + text.slice(at + 1);
    case 3:
      return text.slice(0, at);
    case 4: {
      // a long cell
      const len = pick(rng, [100, 1000, 100_000]);
      return text.slice(0, at) + pick(rng, ["7", "z", '"', ","]).repeat(len) + text.slice(at);
    }
    case 5: {
      // swap two lines, or duplicate one
      const lines = text.split("\n");
      const i = below(rng, lines.length);
      const j = below(rng, lines.length);
      if (rng.random() < 0.5) [lines[i], lines[j]] = [lines[j], lines[i]];
      else lines.splice(i, 0, lines[j]);
      return lines.join("\n");
    }
    case 6: {
      // a random character anywhere in the BMP
      return text.slice(0, at) + String.fromCharCode(below(rng, 0x10000)) + text.slice(at);
    }
    default: {
      // replace a field of a line
      const lines = text.split("\n");
      const i = below(rng, lines.length);
      const fields = lines[i].split(",");
      fields[below(rng, fields.length)] = pick(rng, CSV_PIECES);
      lines[i] = fields.join(",");
      return lines.join("\n");
    }
  }
}
