/**
 * The kernels the network's passes need, behind one interface with two
 * implementations: plain JavaScript loops (./js) and WebAssembly SIMD (./wasm).
 *
 * A `Backend` makes `Kernels` bound to memory of its own: the WebAssembly
 * kernels can only read their own linear memory, so every matrix handed to
 * them must have come from their `alloc`. A Workspace (src/network/workspace.ts)
 * is made for one Kernels instance and allocates all its buffers from it;
 * nothing else calls these kernels, and nothing here checks shapes (the layer
 * functions and the Workspace guarantee them).
 *
 * Shapes: W (n, k), b (n, 1), A and A_prev (k, m), Z, D and A_out (n, m).
 */
import type { Matrix } from "../matrix";

export type BackendName = "js" | "wasm";

export interface Kernels {
  readonly backend: BackendName;
  /** A zeroed (rows, cols) matrix in this kernels' memory. */
  alloc(rows: number, cols: number): Matrix;
  /**
   * Z = W·A + b; then, when `out` is given, out = relu(Z) (or Z when `relu` is
   * false), times D / keepProb when the 0/1 mask D is given.
   */
  linearForward(W: Matrix, A: Matrix, b: Matrix, Z: Matrix, out: Matrix | null, relu: boolean, D: Matrix | null, keepProb: number): void;
  /** dW = dZ·A_prevᵀ / m and db = Σ_columns dZ / m: dZ (n, m), A_prev (k, m) -> dW (n, k), db (n, 1). */
  weightGradients(dZ: Matrix, Aprev: Matrix, dW: Matrix, db: Matrix): void;
  /**
   * dA = Wᵀ·dZ; then dA ⊙ D / keepProb when D is given (back through dropout);
   * then, when Z_prev and dZ_prev are given, dZ_prev = dA where Z_prev > 0, else 0
   * (back through ReLU). W (n, k), dZ (n, m) -> dA, D, Z_prev, dZ_prev (k, m).
   */
  inputGradients(W: Matrix, dZ: Matrix, dA: Matrix, D: Matrix | null, keepProb: number, Zprev: Matrix | null, dZprev: Matrix | null): void;
  /** A = 1 / (1 + e^(−Z)), elementwise. */
  sigmoid(Z: Matrix, A: Matrix): void;
  /**
   * D[i] = 1 with the chance a uniform draw < keepProb has, independently,
   * else 0, drawing from (and advancing) the xorshift128 state of a
   * SeededStream (src/random/stream.ts). See src/kernels/js.ts for the method.
   */
  fillMask(D: Matrix, keepProb: number, state: Int32Array): void;
}

export interface Backend {
  readonly name: BackendName;
  /** The most float64 values one Kernels instance can hold (Infinity: no limit but the heap's). */
  readonly capacity: number;
  /** Kernels with memory for `doubles` float64 values (the JavaScript ones allocate as they go). */
  kernels(doubles: number): Kernels;
}
