// The WebAssembly kernels' blocked loops, bit for bit: every shape around the
// block sizes (two rows or one, eight columns and the m % 8 left over, four
// rows of A_prev and the k % 4 left over, inner loops of 1 to 17 terms), and
// the wide layers of the deeper networks the notebooks train. forward_layer
// and input_gradients must give the JavaScript loops' bits; weight_gradients
// the bits of its own order of summation (test/helpers/wasm-sums.ts). Nothing
// outside the outputs may be written.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { wasmAvailable, type Kernels } from "../src/kernels";
import { jsKernels } from "../src/kernels/js";
import { wasmBackend } from "../src/kernels/wasm";
import { matrix, type Matrix } from "../src/matrix";
import { randomStream } from "../src/random";
import { weightGradientsInWasmOrder } from "./helpers/wasm-sums";

const rng = randomStream("kernels-blocks.test");
const EDGES = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17];
const COLUMNS = [1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 25];
/** (n, k, m): every combination of the edge sizes, then the layers of [2, 40, 20, 10, 1], [2, 40, 20, 1] and [2, 20, 3, 1]. */
const SHAPES: [number, number, number][] = [
  ...EDGES.flatMap((n) => EDGES.flatMap((k) => COLUMNS.map((m): [number, number, number] => [n, k, m]))),
  ...[[40, 2], [20, 40], [10, 20], [1, 10], [1, 20], [20, 2], [3, 20], [1, 3]].flatMap(([n, k]) =>
    [200, 211].map((m): [number, number, number] => [n, k, m]),
  ),
];
const SENTINEL = -1234.5;

/** Normals, with some exact +0 and −0 among them. */
function values(length: number): Float64Array {
  const a = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const u = rng.random();
    a[i] = u < 0.03 ? 0 : u < 0.06 ? -0 : rng.normal();
  }
  return a;
}

function mask(length: number, keepProb: number): Float64Array {
  return Float64Array.from({ length }, () => (rng.random() < keepProb ? 1 : 0));
}

function assertSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const a = new BigUint64Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new BigUint64Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) assert.fail(`${what}: entry ${i} is ${actual[i]}, expected ${expected[i]} (bits differ)`);
  }
}

/**
 * Matrices in fresh WebAssembly kernels' memory, each followed by a guard;
 * `reset()` puts the given data back (sentinels in the outputs, given as
 * null, and in the guards), `untouched()` says whether every guard still
 * holds its sentinels.
 */
function arena(items: [number, number, Float64Array | null][]): { kernels: Kernels; m: Matrix[]; reset(): void; untouched(): boolean } {
  const kernels = wasmBackend()!.kernels(items.reduce((t, [r, c]) => t + r * c + 8, 8));
  const guards: Matrix[] = [kernels.alloc(1, 3)];
  const m = items.map(([r, c]) => {
    const x = kernels.alloc(r, c);
    guards.push(kernels.alloc(1, 3));
    return x;
  });
  const reset = () => {
    items.forEach(([, , d], i) => (d === null ? m[i].data.fill(SENTINEL) : m[i].data.set(d)));
    for (const g of guards) g.data.fill(SENTINEL);
  };
  reset();
  return { kernels, m, reset, untouched: () => guards.every((g) => g.data.every((v) => v === SENTINEL)) };
}

const skip = wasmAvailable() ? false : "WebAssembly SIMD is not available here";

describe("WebAssembly kernels on shapes around their block sizes", { skip }, () => {
  it("forward_layer: the JavaScript loops' bits in every mode, nothing written outside Z and A", () => {
    const modes = [
      { name: "Z only", out: false, relu: false, drop: false },
      { name: "linear", out: true, relu: false, drop: false },
      { name: "relu", out: true, relu: true, drop: false },
      { name: "relu+dropout", out: true, relu: true, drop: true },
      { name: "linear+dropout", out: true, relu: false, drop: true },
    ];
    for (const [n, k, m] of SHAPES) {
      const W = values(n * k), A = values(k * m), b = values(n), D = mask(n * m, 0.8);
      const { kernels, m: [Ww, Aw, bw, Dw, Zw, Aow], reset, untouched } = arena([[n, k, W], [k, m, A], [n, 1, b], [n, m, D], [n, m, null], [n, m, null]]);
      for (const mode of modes) {
        reset();
        kernels.linearForward(Ww, Aw, bw, Zw, mode.out ? Aow : null, mode.relu, mode.drop ? Dw : null, 0.8);
        const Zj = matrix(n, m), Aj = matrix(n, m);
        jsKernels.linearForward(matrix(n, k, W), matrix(k, m, A), matrix(n, 1, b), Zj, mode.out ? Aj : null, mode.relu, mode.drop ? matrix(n, m, D) : null, 0.8);
        const tag = `(${n}, ${k}, ${m}) ${mode.name}`;
        assertSameBits(Zw.data, Zj.data, `Z ${tag}`);
        if (mode.out) assertSameBits(Aow.data, Aj.data, `A ${tag}`);
        else assert.ok(Aow.data.every((v) => v === SENTINEL), `A ${tag}: written without an output`);
        assert.ok(untouched(), `${tag}: written outside the outputs`);
      }
    }
  });

  it("input_gradients: the JavaScript loops' bits with and without dropout and ReLU, nothing written outside dA and dZ_prev", () => {
    for (const [n, k, m] of SHAPES) {
      const W = values(n * k), dZ = values(n * m), D = mask(k * m, 0.86), Zp = values(k * m);
      const { kernels, m: [Ww, dZw, Dw, Zpw, dAw, dZpw], reset, untouched } = arena([[n, k, W], [n, m, dZ], [k, m, D], [k, m, Zp], [k, m, null], [k, m, null]]);
      for (const drop of [false, true]) {
        for (const relu of [false, true]) {
          reset();
          kernels.inputGradients(Ww, dZw, dAw, drop ? Dw : null, 0.86, relu ? Zpw : null, relu ? dZpw : null);
          const dAj = matrix(k, m), dZpj = matrix(k, m);
          jsKernels.inputGradients(matrix(n, k, W), matrix(n, m, dZ), dAj, drop ? matrix(k, m, D) : null, 0.86, relu ? matrix(k, m, Zp) : null, relu ? dZpj : null);
          const tag = `(${n}, ${k}, ${m}) dropout ${drop} relu ${relu}`;
          assertSameBits(dAw.data, dAj.data, `dA ${tag}`);
          if (relu) assertSameBits(dZpw.data, dZpj.data, `dZ_prev ${tag}`);
          else assert.ok(dZpw.data.every((v) => v === SENTINEL), `dZ_prev ${tag}: written without ReLU`);
          assert.ok(untouched(), `${tag}: written outside the outputs`);
        }
      }
    }
  });

  it("weight_gradients: the bits of its documented order of summation, nothing written outside dW and db", () => {
    for (const [n, k, m] of [...SHAPES, [3, 0, 5] as [number, number, number], [2, 0, 8] as [number, number, number]]) {
      const dZ = values(n * m), Ap = values(k * m);
      const { kernels, m: [dZw, Apw, dWw, dbw], untouched } = arena([[n, m, dZ], [k, m, Ap], [n, k, null], [n, 1, null]]);
      kernels.weightGradients(dZw, Apw, dWw, dbw);
      const want = weightGradientsInWasmOrder(matrix(n, m, dZ), matrix(k, m, Ap));
      const tag = `(${n}, ${k}, ${m})`;
      assertSameBits(dWw.data, want.dW.data, `dW ${tag}`);
      assertSameBits(dbw.data, want.db.data, `db ${tag}`);
      assert.ok(untouched(), `${tag}: written outside the outputs`);
    }
  });

  it("weight_gradients reads nothing past A_prev: an infinity just after it does not reach dW", () => {
    for (const [n, k, m] of [[2, 4, 8], [1, 4, 8], [3, 2, 6], [1, 1, 4], [2, 5, 10]] as [number, number, number][]) {
      const dZ = values(n * m), Ap = values(k * m);
      const past = new Float64Array((k + 1) * m).fill(Infinity);
      past.set(Ap);
      const { kernels, m: [dZw, Apw, dWw, dbw] } = arena([[n, m, dZ], [k + 1, m, past], [n, k, null], [n, 1, null]]);
      kernels.weightGradients(dZw, { rows: k, cols: m, data: Apw.data.subarray(0, k * m) }, dWw, dbw);
      const want = weightGradientsInWasmOrder(matrix(n, m, dZ), matrix(k, m, Ap));
      assertSameBits(dWw.data, want.dW.data, `dW (${n}, ${k}, ${m})`);
      assertSameBits(dbw.data, want.db.data, `db (${n}, ${k}, ${m})`);
    }
  });

  it("the order of summation written out is a sum of the same terms: within 1e-12 of the sequential sums", () => {
    for (const [n, k, m] of [[4, 5, 17], [20, 40, 211], [3, 2, 9]] as [number, number, number][]) {
      const dZ = values(n * m).map(Math.abs), Ap = values(k * m).map(Math.abs);
      const mine = weightGradientsInWasmOrder(matrix(n, m, dZ), matrix(k, m, Ap));
      const dW = matrix(n, k), db = matrix(n, 1);
      jsKernels.weightGradients(matrix(n, m, dZ), matrix(k, m, Ap), dW, db);
      for (let i = 0; i < n * k; i++) assert.ok(Math.abs(mine.dW.data[i] - dW.data[i]) <= 1e-12 * dW.data[i], `dW (${n}, ${k}, ${m}) ${i}`);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(mine.db.data[i] - db.data[i]) <= 1e-12 * db.data[i], `db (${n}, ${k}, ${m}) ${i}`);
    }
  });
});
