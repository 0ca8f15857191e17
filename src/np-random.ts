/** `np.random` for the numpy-named helpers (./np): numpy's global generator, made explicit. */
import { matrix, type Matrix } from "./matrix";
import { NumpyRandomState, type RandomSource, type RandomStream } from "./random";
import { describe } from "./validate";

function checkSource(fn: string, rng: unknown, needs: "random" | "normal"): void {
  const ok = typeof rng === "object" && rng !== null && typeof (rng as Record<string, unknown>)[needs] === "function";
  if (!ok) {
    throw new TypeError(
      `np.random.${fn}: rng must be a random source with a ${needs}() method (a NumpyRandomState from np.random.seed(n), or randomStream(seed)), got ${describe(rng)}`,
    );
  }
}

/**
 * numpy's legacy global generator, made explicit: `np.random.seed(1)` returns
 * the NumpyRandomState that numpy's `np.random.seed(1)` sets up, and
 * `np.random.rand(rng, r, c)` / `np.random.randn(rng, r, c)` draw from it what
 * `np.random.rand(r, c)` / `np.random.randn(r, c)` would (row-major order).
 * Any stream works as `rng` (e.g. `randomStream(seed)` for fresh masks).
 */
export const random = Object.freeze({
  /** A new NumpyRandomState seeded as np.random.seed(seed). */
  seed(seed: number): NumpyRandomState {
    return new NumpyRandomState(seed);
  },
  /** Uniform [0, 1) draws, (rows, cols), in row-major order. */
  rand(rng: RandomSource, rows: number, cols: number): Matrix {
    checkSource("rand", rng, "random");
    const m = matrix(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.random();
    return m;
  },
  /** Standard normal draws, (rows, cols), in row-major order. */
  randn(rng: RandomStream, rows: number, cols: number): Matrix {
    checkSource("randn", rng, "normal");
    const m = matrix(rows, cols);
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
    return m;
  },
  RandomState: NumpyRandomState,
});
