/**
 * A seeded stream fast enough to draw a dropout mask every iteration.
 *
 * seedrandom's default alea costs about 6 ns a draw, mostly a chain of
 * dependent float operations; the course's network draws 4853 mask entries an
 * iteration, so that alone would be ~30 µs of a ~20 µs iteration.
 * `fastStream(seed)` (which `randomStream(seed)` returns) is seedrandom's xor128 (Marsaglia's xorshift128, seeded
 * by seedrandom the same way, so its sequence equals `seedrandom.xor128(String(seed))`),
 * with its state held here so that masks can be filled in one tight loop, in
 * WebAssembly when the mask lives in a WasmArena.
 *
 * Its `fillMask(D, keepProb)` keeps each entry with exactly the chance
 * random() < keepProb has, but spends 8 bits of the stream per entry instead
 * of a 32-bit draw (see there): `dropoutMask` uses it when a stream offers it
 * (see `MaskSource`).
 */
import seedrandom from "seedrandom";
import { PolarGaussian } from "./gaussian";
import { arenaOf } from "./kernels-wasm";
import type { RandomStream } from "./random";

/** A random stream that can fill a whole dropout mask at once. */
export interface MaskSource extends RandomStream {
  /** out[i] = 1 with the chance random() < keepProb has, independently for each i, else 0. */
  fillMask(out: Float64Array, keepProb: number): void;
}

/** Whether `rng` offers a bulk `fillMask`. */
export function isMaskSource(rng: object): rng is MaskSource {
  return typeof (rng as Partial<MaskSource>).fillMask === "function";
}

const TWO_32 = 4294967296;

/** seedrandom's xor128 with a bulk mask fill; see the module comment. */
export class FastStream extends PolarGaussian implements MaskSource {
  /** x, y, z, w of xorshift128. */
  private readonly state = new Int32Array(4);

  constructor(seed: number | string) {
    super();
    if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
      throw new TypeError(`fastStream: seed must be a finite number or a string, got ${String(seed)}`);
    }
    const s = seedrandom.xor128(String(seed), { state: true }).state();
    this.state.set([s.x, s.y, s.z, s.w]);
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    const st = this.state;
    const x = st[0];
    const t = x ^ (x << 11);
    st[0] = st[1];
    st[1] = st[2];
    st[2] = st[3];
    const w = st[3] ^ (st[3] >>> 19) ^ t ^ (t >>> 8);
    st[3] = w;
    return w >>> 0;
  }

  /** A uniform double in [0, 1) with 32 random bits, as seedrandom's xor128(). */
  random(): number {
    return this.nextUint32() / TWO_32;
  }

  /**
   * out[i] = 1 with the chance random() < keepProb has (ceil(keepProb·2³²) / 2³²),
   * independently, else 0. Entry i is kept when a uniform 32-bit U is below
   * T = ceil(keepProb·2³²); U is drawn lazily: its top byte is the next byte of
   * the current generator word (four entries a word), which decides unless it
   * ties with T's top byte; only then (1 in 256) does a fresh word supply U's
   * low 24 bits. Each call starts a fresh word. About 4× fewer generator steps
   * than one draw per entry. The WebAssembly fill_mask is the same loop.
   */
  fillMask(out: Float64Array, keepProb: number): void {
    const arena = arenaOf(out);
    if (arena !== null) {
      const scratch = arena.scratch, st = this.state;
      for (let i = 0; i < 4; i++) scratch[i] = st[i];
      arena.kernels.fill_mask(out.byteOffset, out.length, keepProb, scratch.byteOffset);
      for (let i = 0; i < 4; i++) st[i] = scratch[i];
      return;
    }
    const T = Math.ceil(keepProb * TWO_32); // in [0, 2³²]
    const T8 = Math.floor(T / 2 ** 24), Tlow = T % 2 ** 24;
    let word = 0, left = 0;
    for (let i = 0; i < out.length; i++) {
      if (left === 0) {
        word = this.nextUint32();
        left = 4;
      }
      const b = word & 255;
      word >>>= 8;
      left--;
      let k = b < T8;
      if (b === T8) k = this.nextUint32() >>> 8 < Tlow;
      out[i] = k ? 1 : 0;
    }
  }
}

/**
 * A seeded stream (seedrandom's xor128) with a fast bulk mask fill: the
 * training loop's default source of fresh dropout masks and He weights.
 *
 * @example
 *   const rng = fastStream(7);
 *   model(X, Y, { keepProb: 0.86, rng });
 */
export function fastStream(seed: number | string): FastStream {
  return new FastStream(seed);
}
