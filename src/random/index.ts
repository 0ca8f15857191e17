/**
 * Randomness. Two generators, one interface:
 *
 * - `NumpyRandomState` follows numpy's legacy `np.random.seed` / `rand` /
 *   `randn`, so the course's initial weights and masks come out the same.
 * - `randomStream(seed)` is a seeded stream (seedrandom's xor128) for
 *   everything else: He initialization, fresh dropout masks, generated data.
 *
 * A seed starts a stream; library code takes the stream as an argument and
 * never re-seeds it. (The course-compatible mask mode is the one place that
 * re-seeds, on purpose, and says so.)
 */
export { NumpyRandomState } from "./numpy";
export { SeededStream, randomStream } from "./stream";
export type { RandomSource, RandomStream } from "./source";
