/**
 * The seeded stream: seedrandom's xor128 (Marsaglia's xorshift128, seeded by
 * seedrandom, so its sequence equals `seedrandom.xor128(String(seed))`), with
 * its four words of state held in an Int32Array.
 *
 * The state is public so that the backends' mask-fill kernel can draw a whole
 * dropout mask in one tight loop, reading and advancing these words (see
 * `fillMask` in src/kernels/js.ts). The stream itself knows nothing of
 * kernels: it is the state and the one-draw functions.
 */
import seedrandom from "seedrandom";
import { PolarGaussian } from "./gaussian";
import type { RandomStream } from "./source";

const TWO_32 = 4294967296;

/** seedrandom's xor128 with its state in the open; see the module comment. */
export class SeededStream extends PolarGaussian implements RandomStream {
  /** x, y, z, w of xorshift128. The mask-fill kernels advance it in place. */
  readonly state = new Int32Array(4);

  constructor(seed: number | string) {
    super();
    if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
      throw new TypeError(`randomStream: seed must be a finite number or a string, got ${String(seed)}`);
    }
    const s = seedrandom.xor128(String(seed), { state: true }).state();
    this.state.set([s.x, s.y, s.z, s.w]);
  }

  /** The next 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    return nextXorshift128(this.state);
  }

  /** A uniform double in [0, 1) with 32 random bits, as seedrandom's xor128(). */
  random(): number {
    return this.nextUint32() / TWO_32;
  }
}

/** One xorshift128 step on (x, y, z, w); returns the new w as an unsigned integer. */
export function nextXorshift128(st: Int32Array): number {
  const x = st[0];
  const t = x ^ (x << 11);
  st[0] = st[1];
  st[1] = st[2];
  st[2] = st[3];
  const w = st[3] ^ (st[3] >>> 19) ^ t ^ (t >>> 8);
  st[3] = w;
  return w >>> 0;
}

/**
 * A seeded stream of uniform and normal draws: the training loop's default
 * source of fresh dropout masks and He weights. The same seed gives the same
 * sequence; successive draws from one stream differ.
 *
 * @example
 *   const rng = randomStream(7);
 *   model(X, Y, { keepProb: 0.86, rng });
 */
export function randomStream(seed: number | string): SeededStream {
  return new SeededStream(seed);
}
