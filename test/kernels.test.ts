// The fast kernels against the plain ones: WebAssembly SIMD (arrays in a
// WasmArena) against the JavaScript loops, the JavaScript loops against the
// matrix primitives, the workspace path against the allocating path, and the
// training loop against a hand-written loop over the public functions.
// No timing here: bench/bench.mjs measures speed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import seedrandom from "seedrandom";
import {
  forwardLayer,
  forwardLayerJs,
  inputGradients,
  inputGradientsJs,
  sigmoidInto,
  sigmoidJs,
  weightGradients,
  weightGradientsJs,
} from "../src/kernels";
import { fastStream, isMaskSource } from "../src/kernels-random";
import { WasmArena, kernelsFor, wasmAvailable } from "../src/kernels-wasm";
import { crossEntropy, l2Penalty } from "../src/cost";
import { dropoutMask } from "../src/layers";
import { addColumn, matmul, matmulTransA, matmulTransB, matrix, rowSums, type Matrix } from "../src/matrix";
import {
  backward,
  cloneParameters,
  createWorkspace,
  forward,
  initializeCourse,
  initializeHe,
  updateInPlace,
  type Parameters,
} from "../src/network";
import { NumpyRandomState, randomStream, type RandomStream } from "../src/random";
import { model } from "../src/train";

const rng = randomStream("kernels.test");
const int = (lo: number, hi: number) => lo + Math.floor(rng.random() * (hi - lo + 1));

function fillRandom(a: Float64Array, r: RandomStream = rng): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = r.normal();
  return a;
}

function mask01(a: Float64Array, keepProb: number): Float64Array {
  for (let i = 0; i < a.length; i++) a[i] = rng.random() < keepProb ? 1 : 0;
  return a;
}

/** max |a − b| / max(|b|, floor) over all entries; `floor` guards exact zeros. */
function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  }
  return worst;
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string, tol = 1e-12): void {
  const r = maxRelative(a, b);
  assert.ok(r <= tol, `${what}: max relative difference ${r} > ${tol}`);
}

/** Same values, compared as numbers (+0 equals −0). */
function assertEqualValues(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, what);
  for (let i = 0; i < a.length; i++) {
    if (!(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) {
      assert.fail(`${what}: entry ${i} differs: ${a[i]} vs ${b[i]}`);
    }
  }
}

/** Shapes (n, k, m): random sizes 1 to 64, and the course's layers over its 211 examples. */
const COURSE_SHAPES: [number, number, number][] = [[20, 2, 211], [3, 20, 211], [1, 3, 211]];
const SHAPES: [number, number, number][] = [
  ...COURSE_SHAPES,
  [1, 1, 1], [64, 64, 64], [2, 3, 5], [7, 1, 9], [1, 64, 3],
  ...Array.from({ length: 40 }, (): [number, number, number] => [int(1, 64), int(1, 64), int(1, 64)]),
];

const wasm = wasmAvailable();
const skipWasm = wasm ? false : "WebAssembly SIMD is not available here";

/** Copies of `arrays` in a fresh arena (so the WebAssembly kernels run on them). */
function inArena(...arrays: Float64Array[]): Float64Array[] {
  const arena = WasmArena.create(WasmArena.sizeFor(arrays.map((a) => a.length)));
  assert.ok(arena !== null);
  return arrays.map((a) => {
    const m = arena.alloc(1, a.length);
    m.data.set(a);
    return m.data;
  });
}

describe("WebAssembly kernels equal the JavaScript loops", { skip: skipWasm }, () => {
  it("the committed module is src/wasm/kernels.wat assembled (node src/wasm/build.mjs --check)", () => {
    const root = join(__dirname, "..");
    const r = spawnSync(process.execPath, [join(root, "src", "wasm", "build.mjs"), "--check"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr || r.stdout);
  });

  it("dispatch: arrays all in one arena run WebAssembly, anything else JavaScript", () => {
    const [a, b] = inArena(new Float64Array(4), new Float64Array(4));
    const [c] = inArena(new Float64Array(4));
    assert.ok(kernelsFor(a, b, null, null) !== null);
    assert.equal(kernelsFor(a, c, null, null), null, "two arenas");
    assert.equal(kernelsFor(a, new Float64Array(4), null, null), null, "a plain array");
  });

  it("forwardLayer, every mode, on random shapes: identical values", () => {
    for (const [n, k, m] of SHAPES) {
      const W = fillRandom(new Float64Array(n * k)), A = fillRandom(new Float64Array(k * m));
      const b = fillRandom(new Float64Array(n)), D = mask01(new Float64Array(n * m), 0.7);
      for (const mode of ["Z only", "linear", "relu", "relu+dropout"] as const) {
        const Zj = new Float64Array(n * m), Aj = new Float64Array(n * m);
        const [Ww, Aw, bw, Dw, Zw, Aow] = inArena(W, A, b, D, new Float64Array(n * m), new Float64Array(n * m));
        const out = mode !== "Z only", relu = mode.startsWith("relu"), drop = mode === "relu+dropout";
        forwardLayer(Ww, Aw, bw, n, k, m, Zw, out ? Aow : null, relu, drop ? Dw : null, 0.7);
        forwardLayerJs(W, A, b, n, k, m, Zj, out ? Aj : null, relu, drop ? D : null, 0.7);
        const tag = `(${n}, ${k}, ${m}) ${mode}`;
        assertClose(Zw, Zj, `Z ${tag}`);
        assertEqualValues(Zw, Zj, `Z ${tag}`);
        if (out) assertEqualValues(Aow, Aj, `A ${tag}`);
      }
    }
  });

  it("weightGradients on random shapes: within 1e-12 of the sequential sums", () => {
    for (const [n, k, m] of SHAPES) {
      const dZ = fillRandom(new Float64Array(n * m)), Ap = fillRandom(new Float64Array(k * m));
      const dWj = new Float64Array(n * k), dbj = new Float64Array(n);
      const [dZw, Apw, dWw, dbw] = inArena(dZ, Ap, new Float64Array(n * k), new Float64Array(n));
      weightGradients(dZw, Apw, n, k, m, dWw, dbw);
      weightGradientsJs(dZ, Ap, n, k, m, dWj, dbj);
      // The SIMD sums add even and odd columns separately: relative to the size
      // of the terms, Σ|dZ·A|/m, they differ by rounding only.
      const scaleW = new Float64Array(n * k), scaleB = new Float64Array(n);
      weightGradientsJs(dZ.map(Math.abs), Ap.map(Math.abs), n, k, m, scaleW, scaleB);
      for (let i = 0; i < n * k; i++) {
        assert.ok(Math.abs(dWw[i] - dWj[i]) <= 1e-12 * scaleW[i], `dW (${n}, ${k}, ${m}) entry ${i}: ${dWw[i]} vs ${dWj[i]}`);
      }
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(dbw[i] - dbj[i]) <= 1e-12 * scaleB[i], `db (${n}, ${k}, ${m}) entry ${i}: ${dbw[i]} vs ${dbj[i]}`);
      }
      // Where the terms do not cancel, plain relative error is as small.
      if (n * k > 0) {
        const posW = new Float64Array(n * k), posB = new Float64Array(n);
        const [absZ, absA, pw, pb] = inArena(dZ.map(Math.abs), Ap.map(Math.abs), new Float64Array(n * k), new Float64Array(n));
        weightGradients(absZ, absA, n, k, m, pw, pb);
        weightGradientsJs(dZ.map(Math.abs), Ap.map(Math.abs), n, k, m, posW, posB);
        assertClose(pw, posW, `dW of |terms| (${n}, ${k}, ${m})`);
        assertClose(pb, posB, `db of |terms| (${n}, ${k}, ${m})`);
      }
    }
  });

  it("inputGradients, with and without dropout and ReLU, on random shapes: identical values", () => {
    for (const [n, k, m] of SHAPES) {
      const W = fillRandom(new Float64Array(n * k)), dZ = fillRandom(new Float64Array(n * m));
      const D = mask01(new Float64Array(k * m), 0.86), Zp = fillRandom(new Float64Array(k * m));
      for (const drop of [false, true]) {
        for (const relu of [false, true]) {
          const dAj = new Float64Array(k * m), dZpj = new Float64Array(k * m);
          const [Ww, dZw, Dw, Zpw, dAw, dZpw] = inArena(W, dZ, D, Zp, new Float64Array(k * m), new Float64Array(k * m));
          inputGradients(Ww, dZw, n, k, m, dAw, drop ? Dw : null, 0.86, relu ? Zpw : null, relu ? dZpw : null);
          inputGradientsJs(W, dZ, n, k, m, dAj, drop ? D : null, 0.86, relu ? Zp : null, relu ? dZpj : null);
          const tag = `(${n}, ${k}, ${m}) dropout ${drop} relu ${relu}`;
          assertClose(dAw, dAj, `dA ${tag}`);
          assertEqualValues(dAw, dAj, `dA ${tag}`);
          if (relu) assertEqualValues(dZpw, dZpj, `dZ_prev ${tag}`);
        }
      }
    }
  });

  it("sigmoid: e^x in WebAssembly is V8's Math.exp bit for bit", () => {
    const arena = WasmArena.create(8);
    assert.ok(arena !== null);
    const special = [0, -0, 1, -1, 0.5, -0.5, 1e-9, -1e-9, 1e-300, 0.34657359027997264, 0.3465735902799727,
      1.0397207708399179, 1.039720770839918, 20, -20, 700, 709.78, 709.79, -708.4, -745.13, -745.14, -800,
      Infinity, -Infinity, NaN];
    const values = [...special];
    for (let i = 0; i < 20000; i++) values.push((rng.random() - 0.5) * 60, (rng.random() - 0.5) * 1500, (rng.random() - 0.5) * 2);
    for (const x of values) {
      assert.ok(Object.is(arena.kernels.exp(x), Math.exp(x)), `exp(${x}): ${arena.kernels.exp(x)} vs ${Math.exp(x)}`);
    }
    const Z = Float64Array.from(values);
    const Aj = new Float64Array(Z.length);
    const [Zw, Aw] = inArena(Z, new Float64Array(Z.length));
    sigmoidInto(Zw, Aw, Z.length);
    sigmoidJs(Z, Aj, Z.length);
    for (let i = 0; i < Z.length; i++) assert.ok(Object.is(Aw[i], Aj[i]), `sigmoid(${Z[i]})`);
  });

  it("fresh masks: the WebAssembly fill equals the JavaScript fill, call after call", () => {
    for (const keepProb of [0.86, 0.5, 0.1, 0.999, 220 / 256, 220 / 256 + 1e-12]) {
      for (const n of [1, 3, 4, 5, 211, 4220]) {
        const [Dw] = inArena(new Float64Array(n));
        const Dj = new Float64Array(n);
        const a = fastStream(7), b = fastStream(7);
        for (let call = 0; call < 4; call++) {
          a.fillMask(Dw, keepProb);
          b.fillMask(Dj, keepProb);
          assertEqualValues(Dw, Dj, `mask keepProb ${keepProb} n ${n} call ${call}`);
        }
        assert.equal(a.nextUint32(), b.nextUint32(), "the streams end in the same state");
      }
    }
  });
});

describe("the JavaScript loops equal the matrix primitives", () => {
  const M = (rows: number, cols: number, data: Float64Array): Matrix => matrix(rows, cols, data);
  it("forwardLayerJs = matmul + addColumn, then ReLU and inverted dropout", () => {
    for (const [n, k, m] of SHAPES) {
      const W = fillRandom(new Float64Array(n * k)), A = fillRandom(new Float64Array(k * m)), b = fillRandom(new Float64Array(n));
      const D = mask01(new Float64Array(n * m), 0.8);
      const Z = new Float64Array(n * m), Aout = new Float64Array(n * m);
      forwardLayerJs(W, A, b, n, k, m, Z, Aout, true, D, 0.8);
      const ref = addColumn(matmul(M(n, k, W), M(k, m, A)), M(n, 1, b));
      assertEqualValues(Z, ref.data, `Z (${n}, ${k}, ${m})`);
      for (let i = 0; i < n * m; i++) {
        const want = D[i] === 1 ? Math.max(ref.data[i], 0) / 0.8 : 0;
        assert.ok(Aout[i] === want, `A (${n}, ${k}, ${m}) entry ${i}: ${Aout[i]} vs ${want}`);
      }
    }
  });

  it("weightGradientsJs = dZ·A_prevᵀ / m and rowSums / m; inputGradientsJs = Wᵀ·dZ through dropout and ReLU", () => {
    for (const [n, k, m] of SHAPES) {
      const dZ = fillRandom(new Float64Array(n * m)), Ap = fillRandom(new Float64Array(k * m)), W = fillRandom(new Float64Array(n * k));
      const dW = new Float64Array(n * k), db = new Float64Array(n);
      weightGradientsJs(dZ, Ap, n, k, m, dW, db);
      assertEqualValues(dW, matmulTransB(M(n, m, dZ), M(k, m, Ap)).data.map((x) => x * (1 / m)), `dW (${n}, ${k}, ${m})`);
      assertEqualValues(db, rowSums(M(n, m, dZ)).data.map((x) => x * (1 / m)), `db (${n}, ${k}, ${m})`);
      const D = mask01(new Float64Array(k * m), 0.5), Zp = fillRandom(new Float64Array(k * m));
      const dA = new Float64Array(k * m), dZp = new Float64Array(k * m);
      inputGradientsJs(W, dZ, n, k, m, dA, D, 0.5, Zp, dZp);
      const ref = matmulTransA(M(n, k, W), M(n, m, dZ)).data;
      for (let i = 0; i < k * m; i++) {
        const a = D[i] === 1 ? ref[i] / 0.5 : 0;
        // === : a dropped negative value is −0 here (as in numpy), 0 there.
        assert.ok(dA[i] === a, `dA (${n}, ${k}, ${m}) entry ${i}: ${dA[i]} vs ${a}`);
        assert.ok(dZp[i] === (Zp[i] > 0 ? a : 0), `dZ_prev (${n}, ${k}, ${m}) entry ${i}`);
      }
    }
  });
});

describe("fastStream", () => {
  it("is seedrandom's xor128: the same uniform sequence for the same seed", () => {
    for (const seed of [1, 42, "x"]) {
      const ours = fastStream(seed), theirs = seedrandom.xor128(String(seed));
      for (let i = 0; i < 1000; i++) assert.equal(ours.random(), theirs());
    }
  });

  it("masks keep about keepProb of the entries, and successive masks differ", () => {
    const s = fastStream(3);
    assert.ok(isMaskSource(s));
    const D = new Float64Array(100000);
    for (const keepProb of [0.86, 0.5, 0.1]) {
      s.fillMask(D, keepProb);
      const kept = D.reduce((a, b) => a + b, 0) / D.length;
      const sd = Math.sqrt((keepProb * (1 - keepProb)) / D.length);
      assert.ok(Math.abs(kept - keepProb) < 5 * sd, `keepProb ${keepProb}: kept ${kept}`);
    }
    const first = dropoutMask(20, 211, 0.86, s).data.slice();
    const second = dropoutMask(20, 211, 0.86, s).data;
    assert.notDeepEqual(first, second);
  });

  it("rejects a bad seed with a TypeError naming it", () => {
    assert.throws(() => fastStream(NaN), /fastStream: seed must be a finite number or a string, got NaN/);
  });
});

/* ------------------------------------------------------------------------ */
/* The network: workspace path = allocating path; model = a plain loop       */
/* ------------------------------------------------------------------------ */

function dataset(nx: number, m: number, seed: string): { X: Matrix; Y: Matrix } {
  const r = randomStream(seed);
  const X = matrix(nx, m, fillRandom(new Float64Array(nx * m), r));
  const Y = matrix(1, m);
  for (let j = 0; j < m; j++) Y.data[j] = X.data[j] * X.data[m + j] > 0 ? 1 : 0;
  return { X, Y };
}

function assertGradsClose(a: Record<string, Matrix>, b: Record<string, Matrix>, what: string, tol: number): void {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${what}: the same gradient names`);
  for (const key of Object.keys(b)) assertClose(a[key].data, b[key].data, `${what} ${key}`, tol);
}

describe("the workspace path equals the allocating path", () => {
  const dims = [2, 20, 3, 1];
  for (const m of [211, 37, 1]) {
    it(`forward and backward, m = ${m}: plain, L2, dropout with fixed masks and with a stream`, () => {
      const { X, Y } = dataset(2, m, `ws-${m}`);
      const parameters = initializeHe(dims, randomStream(`init-${m}`));
      const ws = createWorkspace(dims, m);
      // In the workspace's own memory (the WebAssembly kernels), and outside it (JavaScript).
      ws.X.data.set(X.data);
      for (const k of Object.keys(parameters)) ws.parameters[k].data.set(parameters[k].data);
      const masks = [mask01(new Float64Array(20 * m), 0.8), mask01(new Float64Array(3 * m), 0.8)].map((d, i) => matrix(i === 0 ? 20 : 3, m, d));
      const cases = [
        { name: "plain", f: {}, b: {} },
        { name: "L2", f: {}, b: { lambd: 0.7 } },
        { name: "fixed masks", f: { training: true, keepProb: 0.8, masks }, b: { keepProb: 0.8 } },
        { name: "per-layer keepProb with L2", f: { training: true, keepProb: [0.8, 0.8], masks }, b: { keepProb: [0.8, 0.8], lambd: 0.3 } },
      ];
      for (const c of cases) {
        const plain = forward(X, parameters, c.f);
        const gPlain = backward(Y, parameters, plain.caches, c.b);
        for (const [where, Xs, P] of [["plain arrays", X, parameters], ["workspace memory", ws.X, ws.parameters]] as const) {
          const fast = forward(Xs, P, { ...c.f, workspace: ws });
          assert.equal(fast.AL, ws.A[2], "the output is the workspace's buffer");
          assertClose(fast.AL.data, plain.AL.data, `${c.name}, ${where}: AL`);
          const gFast = backward(Y, P, fast.caches, { ...c.b, workspace: ws });
          assert.equal(gFast, ws.grads, "the record is the workspace's own");
          assertGradsClose(gFast, gPlain, `${c.name}, ${where}`, 1e-12);
        }
      }
      // A stream: two streams with one seed draw the same masks on either path.
      const a = forward(ws.X, ws.parameters, { training: true, keepProb: 0.8, rng: fastStream(5), workspace: ws });
      const aMasks = a.caches.map((cache) => cache.D?.data.slice());
      const b = forward(X, parameters, { training: true, keepProb: 0.8, rng: fastStream(5) });
      for (let l = 0; l < 2; l++) assertEqualValues(aMasks[l]!, b.caches[l].D!.data, `mask ${l + 1}`);
    });
  }

  it("rejects parameters of other sizes than the workspace's", () => {
    const ws = createWorkspace([2, 4, 1], 5);
    const { X } = dataset(2, 5, "bad");
    const other = initializeHe([2, 3, 1], randomStream(1));
    assert.throws(() => forward(X, other, { workspace: ws }), /forward: .*W1.*shape \(3, 2\)|forward: parameters are for layer sizes \[2,3,1\], the workspace for \[2,4,1\]/);
  });
});

/**
 * The training loop written out with the public, allocating functions: the
 * course's order (forward, cost, backward, update) every iteration.
 */
function plainLoop(
  X: Matrix, Y: Matrix, parameters: Parameters, iterations: number,
  opts: { lambd?: number; keepProb?: number; masks?: "fresh" | "course"; rng?: RandomStream },
): number[] {
  const p = cloneParameters(parameters);
  const costs: number[] = [];
  const lambd = opts.lambd ?? 0, keepProb = opts.keepProb ?? 1;
  const weights = [p.W1, p.W2, p.W3];
  for (let i = 0; i < iterations; i++) {
    // Course masks: np.random.seed(1) at the top of every forward pass.
    const rng = keepProb < 1 ? (opts.masks === "course" ? new NumpyRandomState(1) : opts.rng) : undefined;
    const { AL, caches } = forward(X, p, { training: keepProb < 1, keepProb, rng });
    let cost = crossEntropy(AL, Y);
    if (lambd > 0) cost += l2Penalty(weights, lambd, X.cols);
    costs.push(cost);
    updateInPlace(p, backward(Y, p, caches, { keepProb, lambd }), 0.3);
  }
  return costs;
}

describe("model() equals the loop written out with the public functions", () => {
  const { X, Y } = dataset(2, 211, "model");
  const initial = initializeCourse([2, 20, 3, 1]);
  const N = 250;
  const cases = [
    { name: "plain", o: {} },
    { name: "L2 0.7", o: { lambd: 0.7 } },
    { name: "dropout 0.86, course masks (drawn once = re-seeded every iteration)", o: { keepProb: 0.86, masks: "course" as const } },
    { name: "dropout 0.86, fresh masks from one stream", o: { keepProb: 0.86, masks: "fresh" as const } },
    { name: "dropout 0.8 and L2 0.3, fresh masks", o: { keepProb: 0.8, lambd: 0.3, masks: "fresh" as const } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const costs: number[] = [];
      const r = model(X, Y, {
        ...c.o,
        numIterations: N,
        initialParameters: initial,
        rng: fastStream(9),
        callbackEvery: 1,
        callback: (p) => void costs.push(p.cost),
      });
      const want = plainLoop(X, Y, initial, N, { ...c.o, rng: fastStream(9) });
      assert.equal(costs.length, N);
      assertClose(costs, want, `${c.name}: the cost of every iteration`, 1e-12);
      assert.equal(r.finalCost, costs[N - 1]);
      assert.deepEqual(r.costs, [costs[0]], "costs every 1000 iterations: just iteration 0");
      assert.ok(Object.values(r.parameters).every((m) => Object.getPrototypeOf(m.data) === Float64Array.prototype));
    });
  }

  it("returns parameters that outlive the workspace: plain Float64Arrays of their own", () => {
    const r = model(X, Y, { numIterations: 3, initialParameters: initial });
    for (const m of Object.values(r.parameters)) assert.equal(m.data.byteOffset, 0);
    assert.equal(initial.W1.data[0], initializeCourse([2, 20, 3, 1]).W1.data[0], "initialParameters are left as they were");
  });
});
