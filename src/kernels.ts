/**
 * The network's hot loops, on raw row-major Float64Arrays with explicit
 * sizes. The layer functions in ./layers check shapes at their entry points
 * and then call these; nothing here checks or allocates.
 *
 * Each kernel has two implementations that compute the same thing:
 * - the plain JavaScript loops below (`…Js`), the textbook loop nest and the
 *   reference the tests hold the fast version to;
 * - a WebAssembly SIMD version (src/wasm/kernels.wat, loaded by ./kernels-wasm),
 *   4–5× faster, which runs when every array the kernel touches lives in one
 *   WasmArena, as a Workspace's buffers do.
 * The exported `forwardLayer`, `weightGradients`, `inputGradients` and
 * `sigmoidInto` pick one.
 *
 * The fast version fuses what would be separate passes (bias, ReLU, the
 * dropout mask and its 1/keepProb scale are applied while the sums are still
 * in registers) and sums every output of forwardLayer and inputGradients in
 * the same order as the loops here, so those agree bit for bit. weightGradients
 * sums its long dot products in two interleaved halves, which moves the last
 * bits (well under 1e-12 relative).
 */
import { kernelsFor } from "./kernels-wasm";

/**
 * Z = W·A + b; then, when `Aout` is given, A_out = relu(Z) (or Z when `relu`
 * is false), times D / keepProb when the 0/1 mask D is given.
 * W (n, k), A (k, m), b (n) -> Z, A_out, D (n, m).
 */
export function forwardLayer(
  W: Float64Array, A: Float64Array, b: Float64Array, n: number, k: number, m: number,
  Z: Float64Array, Aout: Float64Array | null, relu: boolean, D: Float64Array | null, keepProb: number,
): void {
  const wasm = kernelsFor(W, A, b, Z, Aout, D);
  if (wasm === null) {
    forwardLayerJs(W, A, b, n, k, m, Z, Aout, relu, D, keepProb);
    return;
  }
  const flags = (Aout !== null ? 1 : 0) | (relu ? 2 : 0) | (D !== null ? 4 : 0);
  wasm.forward_layer(W.byteOffset, A.byteOffset, b.byteOffset, n, k, m, Z.byteOffset, Aout?.byteOffset ?? 0, flags, D?.byteOffset ?? 0, keepProb);
}

/** The JavaScript loops of forwardLayer. */
export function forwardLayerJs(
  W: Float64Array, A: Float64Array, b: Float64Array, n: number, k: number, m: number,
  Z: Float64Array, Aout: Float64Array | null, relu: boolean, D: Float64Array | null, keepProb: number,
): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += W[i * k + p] * A[p * m + j];
      const z = s + b[i];
      Z[i * m + j] = z;
      if (Aout === null) continue;
      let a = relu ? (z > 0 ? z : 0) : z;
      if (D !== null) a = (a * D[i * m + j]) / keepProb;
      Aout[i * m + j] = a;
    }
  }
}

/**
 * dW = dZ·A_prevᵀ / m and db = Σ_columns dZ / m, both as a product with 1/m
 * (the course's `1./m * np.dot(...)`): dZ (n, m), A_prev (k, m) -> dW (n, k), db (n).
 */
export function weightGradients(
  dZ: Float64Array, Aprev: Float64Array, n: number, k: number, m: number, dW: Float64Array, db: Float64Array,
): void {
  const wasm = kernelsFor(dZ, Aprev, dW, db);
  if (wasm === null) weightGradientsJs(dZ, Aprev, n, k, m, dW, db);
  else wasm.weight_gradients(dZ.byteOffset, Aprev.byteOffset, n, k, m, dW.byteOffset, db.byteOffset);
}

/** The JavaScript loops of weightGradients. */
export function weightGradientsJs(
  dZ: Float64Array, Aprev: Float64Array, n: number, k: number, m: number, dW: Float64Array, db: Float64Array,
): void {
  const scale = 1 / m;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ[i * m + j] * Aprev[p * m + j];
      dW[i * k + p] = s * scale;
    }
    let s = 0;
    for (let j = 0; j < m; j++) s += dZ[i * m + j];
    db[i] = s * scale;
  }
}

/**
 * dA = Wᵀ·dZ; then, when D is given, dA·D / keepProb (backward through
 * dropout); then, when Z_prev and dZ_prev are given, dZ_prev = dA where
 * Z_prev > 0, else 0 (backward through ReLU).
 * W (n, k), dZ (n, m) -> dA, D, Z_prev, dZ_prev (k, m).
 */
export function inputGradients(
  W: Float64Array, dZ: Float64Array, n: number, k: number, m: number, dA: Float64Array,
  D: Float64Array | null, keepProb: number, Zprev: Float64Array | null, dZprev: Float64Array | null,
): void {
  const wasm = kernelsFor(W, dZ, dA, D, Zprev, dZprev);
  if (wasm === null) {
    inputGradientsJs(W, dZ, n, k, m, dA, D, keepProb, Zprev, dZprev);
    return;
  }
  const relu = Zprev !== null && dZprev !== null;
  const flags = (D !== null ? 1 : 0) | (relu ? 2 : 0);
  wasm.input_gradients(
    W.byteOffset, dZ.byteOffset, n, k, m, dA.byteOffset, D?.byteOffset ?? 0, keepProb,
    relu ? Zprev.byteOffset : 0, relu ? dZprev.byteOffset : 0, flags,
  );
}

/** The JavaScript loops of inputGradients. */
export function inputGradientsJs(
  W: Float64Array, dZ: Float64Array, n: number, k: number, m: number, dA: Float64Array,
  D: Float64Array | null, keepProb: number, Zprev: Float64Array | null, dZprev: Float64Array | null,
): void {
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += W[i * k + p] * dZ[i * m + j];
      if (D !== null) s = (s * D[p * m + j]) / keepProb;
      dA[p * m + j] = s;
      if (Zprev !== null && dZprev !== null) dZprev[p * m + j] = Zprev[p * m + j] > 0 ? s : 0;
    }
  }
}

/**
 * A = 1 / (1 + e^(−Z)), elementwise, for `count` values. The WebAssembly
 * version computes e^x with the same algorithm as V8's Math.exp (fdlibm), so
 * the two agree bit for bit.
 */
export function sigmoidInto(Z: Float64Array, A: Float64Array, count: number): void {
  const wasm = kernelsFor(Z, A, null, null);
  if (wasm === null) sigmoidJs(Z, A, count);
  else wasm.sigmoid(Z.byteOffset, A.byteOffset, count);
}

/** The JavaScript loop of sigmoidInto. */
export function sigmoidJs(Z: Float64Array, A: Float64Array, count: number): void {
  for (let i = 0; i < count; i++) A[i] = 1 / (1 + Math.exp(-Z[i]));
}
