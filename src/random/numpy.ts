/**
 * numpy's legacy RandomState (np.random.seed / rand / randn), for the course's
 * initial weights, masks and test cases.
 */
import { matrix, type Matrix } from "../matrix";
import { PolarGaussian } from "./gaussian";
import type { RandomSource, RandomStream } from "./source";

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

/**
 * numpy's legacy RandomState: MT19937 seeded by init_genrand, 53-bit doubles,
 * and the Marsaglia polar Gaussian with its cached second value.
 *
 * `rand` equals numpy bit for bit. `randn` equals it except where V8's
 * `Math.log` and the C library's `log` round differently (a few ulp).
 *
 * @example
 *   const rs = new NumpyRandomState(3);
 *   rs.randn(2, 3); // np.random.seed(3); np.random.randn(2, 3)
 */
export class NumpyRandomState extends PolarGaussian implements RandomStream {
  private readonly mt = new Uint32Array(N);
  private pos = N;

  constructor(seed: number) {
    super();
    this.seed(seed);
  }

  /** np.random.seed(n): n must be an integer in [0, 2³² − 1]. */
  seed(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
      throw new RangeError(`NumpyRandomState.seed: seed must be an integer in [0, 2**32 - 1], got ${n}`);
    }
    const mt = this.mt;
    mt[0] = n >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.pos = N;
    this.dropGaussian();
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & UPPER) | (mt[(i + 1) % N] & LOWER);
      mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.pos = 0;
  }

  /** The next 32-bit output, tempered. */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) from 53 random bits, as numpy's random_sample. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** np.random.rand(rows, cols), filled in row-major (C) order. */
  rand(rows: number, cols: number): Matrix {
    const m = matrix(rows, cols);
    fillUniform(this, m.data);
    return m;
  }

  /** np.random.randn(rows, cols), filled in row-major (C) order. */
  randn(rows: number, cols: number): Matrix {
    const m = matrix(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = this.normal();
    return m;
  }
}

/** Fills `out` with uniform doubles in [0, 1), in order. */
function fillUniform(source: RandomSource, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = source.random();
  return out;
}
