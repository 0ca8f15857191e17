/**
 * The JavaScript backend: the textbook loop nests, and the reference the
 * WebAssembly kernels are held to. Matrices are ordinary Float64Arrays.
 *
 * linearForward and inputGradients sum each output in the same order as the
 * WebAssembly versions, so those agree bit for bit; the WebAssembly
 * weightGradients sums its long dot products in two interleaved halves (four
 * for some rows; test/helpers/wasm-sums.ts has its order), which moves the
 * last bits (well under 1e-12 relative).
 */
import { matrix, type Matrix } from "../matrix";
import { nextXorshift128 } from "../random/stream";
import type { Backend, Kernels } from "./backend";

const TWO_32 = 4294967296;

export const jsKernels: Kernels = {
  backend: "js",

  alloc: (rows, cols) => matrix(rows, cols),

  linearForward(W, A, b, Z, out, relu, D, keepProb) {
    const n = W.rows, k = W.cols, m = A.cols;
    const w = W.data, a = A.data, bias = b.data, z = Z.data, o = out === null ? null : out.data, d = D === null ? null : D.data;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += w[i * k + p] * a[p * m + j];
        const zij = s + bias[i];
        z[i * m + j] = zij;
        if (o === null) continue;
        let v = relu ? (zij > 0 ? zij : 0) : zij;
        if (d !== null) v = (v * d[i * m + j]) / keepProb;
        o[i * m + j] = v;
      }
    }
  },

  weightGradients(dZ, Aprev, dW, db) {
    const n = dZ.rows, m = dZ.cols, k = Aprev.rows;
    const g = dZ.data, a = Aprev.data, w = dW.data, bias = db.data;
    const scale = 1 / m; // the course's 1./m * np.dot(...)
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += g[i * m + j] * a[p * m + j];
        w[i * k + p] = s * scale;
      }
      let s = 0;
      for (let j = 0; j < m; j++) s += g[i * m + j];
      bias[i] = s * scale;
    }
  },

  inputGradients(W, dZ, dA, D, keepProb, Zprev, dZprev) {
    const n = W.rows, k = W.cols, m = dZ.cols;
    const w = W.data, g = dZ.data, o = dA.data, d = D === null ? null : D.data;
    const z = Zprev === null ? null : Zprev.data, gz = dZprev === null ? null : dZprev.data;
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i * k + p] * g[i * m + j];
        if (d !== null) s = (s * d[p * m + j]) / keepProb;
        o[p * m + j] = s;
        if (z !== null && gz !== null) gz[p * m + j] = z[p * m + j] > 0 ? s : 0;
      }
    }
  },

  sigmoid(Z, A) {
    const z = Z.data, a = A.data;
    for (let i = 0; i < z.length; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
  },

  /**
   * Entry i is kept when a uniform 32-bit U is below T = ceil(keepProb·2³²),
   * which is exactly the chance random() < keepProb has for a 32-bit stream.
   * U is drawn lazily: its top byte is the next byte of the current generator
   * word (four entries a word), which decides unless it ties with T's top
   * byte; only then (1 in 256) does a fresh word supply U's low 24 bits. Each
   * call starts a fresh word. About 4× fewer generator steps than one draw per
   * entry. The WebAssembly fill_mask is the same loop.
   */
  fillMask(D, keepProb, state) {
    const out = D.data;
    const T = Math.ceil(keepProb * TWO_32); // in [0, 2³²]
    const T8 = Math.floor(T / 2 ** 24), Tlow = T % 2 ** 24;
    let word = 0, left = 0;
    for (let i = 0; i < out.length; i++) {
      if (left === 0) {
        word = nextXorshift128(state);
        left = 4;
      }
      const b = word & 255;
      word >>>= 8;
      left--;
      let keep = b < T8;
      if (b === T8) keep = nextXorshift128(state) >>> 8 < Tlow;
      out[i] = keep ? 1 : 0;
    }
  },
};

export const jsBackend: Backend = {
  name: "js",
  capacity: Infinity,
  kernels: () => jsKernels,
};
