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
import { backendFor, kernelsWithRoom, wasmAvailable, type Kernels } from "../src/kernels";
import { jsBackend, jsKernels } from "../src/kernels/js";
import { inWasmMemory, wasmBackend, wasmForwardCalls } from "../src/kernels/wasm";
import { crossEntropy, l2Penalty } from "../src/cost";
import { forwardPropagation, backwardPropagation, gradientsToRecord, initializeParameters, networkToParameters, predict } from "../src/course";
import { gradientCheckN } from "../src/gradcheck";
import { dropoutMask } from "../src/network/layers";
import { addColumn, matmul, matmulTransA, matmulTransB, matrix, rowSums, type Matrix } from "../src/matrix";
import { backward, forward } from "../src/network/passes";
import { cloneNetwork, initializeCourse, initializeHe, update, withKeepProb, type Network } from "../src/network/parameters";
import { predictLabels } from "../src/network/evaluate";
import { createWorkspace } from "../src/network/workspace";
import { NumpyRandomState, randomStream, type RandomStream } from "../src/random";
import { model } from "../src/train/model";

const rng = randomStream("kernels.test");

/** The JavaScript kernels on raw arrays: W (n, k), A_prev (k, m), dZ (n, m). */
function weightGradientsJs(dZ: Float64Array, Ap: Float64Array, n: number, k: number, m: number, dW: Float64Array, db: Float64Array): void {
  jsKernels.weightGradients(M(n, m, dZ), M(k, m, Ap), M(n, k, dW), M(n, 1, db));
}
function inputGradientsJs(
  W: Float64Array, dZ: Float64Array, n: number, k: number, m: number, dA: Float64Array,
  D: Float64Array | null, keepProb: number, Zp: Float64Array | null, dZp: Float64Array | null,
): void {
  const K = (d: Float64Array | null) => (d === null ? null : M(k, m, d));
  jsKernels.inputGradients(M(n, k, W), M(n, m, dZ), M(k, m, dA), K(D), keepProb, K(Zp), K(dZp));
}
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

/** Matrices of these shapes and values, in fresh WebAssembly kernels' memory; and the kernels. */
function inWasm(...items: [number, number, Float64Array][]): { k: Kernels; m: Matrix[] } {
  const k = wasmBackend()!.kernels(items.reduce((t, [r, c]) => t + r * c + 1, 0));
  return { k, m: items.map(([r, c, d]) => {
    const x = k.alloc(r, c);
    x.data.set(d);
    return x;
  }) };
}

const M = (rows: number, cols: number, data: Float64Array): Matrix => matrix(rows, cols, data);

describe("WebAssembly kernels equal the JavaScript loops", { skip: skipWasm }, () => {
  it("the committed module is src/kernels/kernels.wat assembled (node src/kernels/build.mjs --check)", () => {
    const root = join(__dirname, "..");
    const r = spawnSync(process.execPath, [join(root, "src", "kernels", "build.mjs"), "--check"], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr || r.stdout);
  });

  it("the backend is chosen once: WebAssembly by default, JavaScript on request or with DROPOUT_LAB_WASM=0", () => {
    assert.equal(backendFor().name, "wasm");
    assert.equal(backendFor("js"), jsBackend);
    assert.equal(createWorkspace([2, 3, 1], 4).kernels.backend, "wasm");
    assert.ok(inWasmMemory(createWorkspace([2, 3, 1], 4).X));
    assert.equal(createWorkspace([2, 3, 1], 4, "js").kernels.backend, "js");
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", 'console.log(require("./src/kernels").backendFor().name)'], {
      cwd: join(__dirname, ".."), encoding: "utf8", env: { ...process.env, DROPOUT_LAB_WASM: "0" },
    });
    assert.equal(r.stdout.trim(), "js", r.stderr);
  });

  it("when WebAssembly memory cannot hold a workspace, the JavaScript kernels take over", () => {
    const wasmB = backendFor("wasm");
    assert.equal(kernelsWithRoom(wasmB, wasmB.capacity + 1), jsKernels);
    assert.equal(kernelsWithRoom(wasmB, 100).backend, "wasm");
  });

  it("forwardLayer, every mode, on random shapes: identical values", () => {
    for (const [n, k, m] of SHAPES) {
      const W = fillRandom(new Float64Array(n * k)), A = fillRandom(new Float64Array(k * m));
      const b = fillRandom(new Float64Array(n)), D = mask01(new Float64Array(n * m), 0.7);
      for (const mode of ["Z only", "linear", "relu", "relu+dropout"] as const) {
        const Zj = M(n, m, new Float64Array(n * m)), Aj = M(n, m, new Float64Array(n * m));
        const { k: wk, m: [Ww, Aw, bw, Dw, Zw, Aow] } = inWasm([n, k, W], [k, m, A], [n, 1, b], [n, m, D], [n, m, new Float64Array(n * m)], [n, m, new Float64Array(n * m)]);
        const out = mode !== "Z only", relu = mode.startsWith("relu"), drop = mode === "relu+dropout";
        wk.linearForward(Ww, Aw, bw, Zw, out ? Aow : null, relu, drop ? Dw : null, 0.7);
        jsKernels.linearForward(M(n, k, W), M(k, m, A), M(n, 1, b), Zj, out ? Aj : null, relu, drop ? M(n, m, D) : null, 0.7);
        const tag = `(${n}, ${k}, ${m}) ${mode}`;
        assertClose(Zw.data, Zj.data, `Z ${tag}`);
        assertEqualValues(Zw.data, Zj.data, `Z ${tag}`);
        if (out) assertEqualValues(Aow.data, Aj.data, `A ${tag}`);
      }
    }
  });

  it("weightGradients on random shapes: within 1e-12 of the sequential sums", () => {
    for (const [n, k, m] of SHAPES) {
      const dZ = fillRandom(new Float64Array(n * m)), Ap = fillRandom(new Float64Array(k * m));
      const dWj = new Float64Array(n * k), dbj = new Float64Array(n);
      const { k: wk, m: [dZm, Apm, dWm, dbm] } = inWasm([n, m, dZ], [k, m, Ap], [n, k, new Float64Array(n * k)], [n, 1, new Float64Array(n)]);
      wk.weightGradients(dZm, Apm, dWm, dbm);
      const dWw = dWm.data, dbw = dbm.data;
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
        const { k: wk2, m: [absZ, absA, pw, pb] } = inWasm([n, m, dZ.map(Math.abs)], [k, m, Ap.map(Math.abs)], [n, k, new Float64Array(n * k)], [n, 1, new Float64Array(n)]);
        wk2.weightGradients(absZ, absA, pw, pb);
        weightGradientsJs(dZ.map(Math.abs), Ap.map(Math.abs), n, k, m, posW, posB);
        assertClose(pw.data, posW, `dW of |terms| (${n}, ${k}, ${m})`);
        assertClose(pb.data, posB, `db of |terms| (${n}, ${k}, ${m})`);
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
          const { k: wk, m: [Ww, dZw, Dw, Zpw, dAm, dZpm] } = inWasm([n, k, W], [n, m, dZ], [k, m, D], [k, m, Zp], [k, m, new Float64Array(k * m)], [k, m, new Float64Array(k * m)]);
          wk.inputGradients(Ww, dZw, dAm, drop ? Dw : null, 0.86, relu ? Zpw : null, relu ? dZpm : null);
          const dAw = dAm.data, dZpw = dZpm.data;
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
    const wk = wasmBackend()!.kernels(8) as Kernels & { exp(x: number): number };
    const special = [0, -0, 1, -1, 0.5, -0.5, 1e-9, -1e-9, 1e-300, 0.34657359027997264, 0.3465735902799727,
      1.0397207708399179, 1.039720770839918, 20, -20, 700, 709.78, 709.79, -708.4, -745.13, -745.14, -800,
      Infinity, -Infinity, NaN];
    const values = [...special];
    for (let i = 0; i < 20000; i++) values.push((rng.random() - 0.5) * 60, (rng.random() - 0.5) * 1500, (rng.random() - 0.5) * 2);
    for (const x of values) {
      assert.ok(Object.is(wk.exp(x), Math.exp(x)), `exp(${x}): ${wk.exp(x)} vs ${Math.exp(x)}`);
    }
    const Z = Float64Array.from(values);
    const Aj = M(1, Z.length, new Float64Array(Z.length));
    const { k: sk, m: [Zw, Aw] } = inWasm([1, Z.length, Z], [1, Z.length, new Float64Array(Z.length)]);
    sk.sigmoid(Zw, Aw);
    jsKernels.sigmoid(M(1, Z.length, Z), Aj);
    for (let i = 0; i < Z.length; i++) assert.ok(Object.is(Aw.data[i], Aj.data[i]), `sigmoid(${Z[i]})`);
  });

  it("fresh masks: the WebAssembly fill equals the JavaScript fill, call after call", () => {
    for (const keepProb of [0.86, 0.5, 0.1, 0.999, 220 / 256, 220 / 256 + 1e-12]) {
      for (const n of [1, 3, 4, 5, 211, 4220]) {
        const { k: wk, m: [Dw] } = inWasm([1, n, new Float64Array(n)]);
        const Dj = M(1, n, new Float64Array(n));
        const a = randomStream(7), b = randomStream(7);
        for (let call = 0; call < 4; call++) {
          wk.fillMask(Dw, keepProb, a.state);
          jsKernels.fillMask(Dj, keepProb, b.state);
          assertEqualValues(Dw.data, Dj.data, `mask keepProb ${keepProb} n ${n} call ${call}`);
        }
        assert.equal(a.nextUint32(), b.nextUint32(), "the streams end in the same state");
      }
    }
  });
});

describe("the JavaScript loops equal the matrix primitives", () => {
  it("forwardLayerJs = matmul + addColumn, then ReLU and inverted dropout", () => {
    for (const [n, k, m] of SHAPES) {
      const W = fillRandom(new Float64Array(n * k)), A = fillRandom(new Float64Array(k * m)), b = fillRandom(new Float64Array(n));
      const D = mask01(new Float64Array(n * m), 0.8);
      const Z = new Float64Array(n * m), Aout = new Float64Array(n * m);
      jsKernels.linearForward(M(n, k, W), M(k, m, A), M(n, 1, b), M(n, m, Z), M(n, m, Aout), true, M(n, m, D), 0.8);
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

describe("randomStream", () => {
  it("is seedrandom's xor128: the same uniform sequence for the same seed", () => {
    for (const seed of [1, 42, "x"]) {
      const ours = randomStream(seed), theirs = seedrandom.xor128(String(seed));
      for (let i = 0; i < 1000; i++) assert.equal(ours.random(), theirs());
    }
  });

  it("masks keep about keepProb of the entries, and successive masks differ", () => {
    const s = randomStream(3);
    const D = new Float64Array(100000);
    for (const keepProb of [0.86, 0.5, 0.1]) {
      jsKernels.fillMask(M(1, D.length, D), keepProb, s.state);
      const kept = D.reduce((a, b) => a + b, 0) / D.length;
      const sd = Math.sqrt((keepProb * (1 - keepProb)) / D.length);
      assert.ok(Math.abs(kept - keepProb) < 5 * sd, `keepProb ${keepProb}: kept ${kept}`);
    }
    const first = dropoutMask(jsKernels, matrix(20, 211), 0.86, s).data;
    const second = dropoutMask(jsKernels, matrix(20, 211), 0.86, s).data;
    assert.notDeepEqual(first, second);
  });

  it("rejects a bad seed with a TypeError naming it", () => {
    assert.throws(() => randomStream(NaN), /randomStream: seed must be a finite number or a string, got NaN/);
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


function assertGradsClose(a: readonly { dZ: Matrix; dW: Matrix; db: Matrix; dA: Matrix | null }[], b: typeof a, what: string, tol: number): void {
  assert.equal(a.length, b.length, `${what}: layers`);
  a.forEach((g, l) => {
    for (const key of ["dZ", "dW", "db", "dA"] as const) {
      if (b[l][key] === null) assert.equal(g[key], null, `${what} ${key}${l + 1}`);
      else assertClose(g[key]!.data, b[l][key]!.data, `${what} ${key}${l + 1}`, tol);
    }
  });
}

describe("the workspace path equals the allocating path, WebAssembly equals JavaScript", { skip: skipWasm }, () => {
  const dims = [2, 20, 3, 1];
  for (const m of [211, 37, 1]) {
    it(`forward and backward, m = ${m}: plain, L2, dropout with fixed masks and with a stream`, () => {
      const { X, Y } = dataset(2, m, `ws-${m}`);
      const network = initializeHe(dims, randomStream(`init-${m}`));
      const ws = createWorkspace(dims, m);
      assert.equal(ws.kernels.backend, "wasm");
      const masks = [mask01(new Float64Array(20 * m), 0.8), mask01(new Float64Array(3 * m), 0.8)].map((d, i) => matrix(i === 0 ? 20 : 3, m, d));
      const cases = [
        { name: "plain", net: network, f: {}, b: {} },
        { name: "L2", net: network, f: {}, b: { lambd: 0.7 } },
        { name: "fixed masks", net: withKeepProb("t", network, 0.8), f: { training: true, masks }, b: {} },
        { name: "per-layer keepProb with L2", net: withKeepProb("t", network, [0.8, 0.9]), f: { training: true, masks }, b: { lambd: 0.3 } },
      ];
      for (const c of cases) {
        const plain = forward(X, c.net, { ...c.f, backend: "js" });
        const gPlain = backward(Y, c.net, plain.caches, { ...c.b, backend: "js" });
        const fast = forward(X, c.net, { ...c.f, workspace: ws });
        assert.equal(fast.AL, ws.caches[2].A, "the output is the workspace's buffer");
        assertEqualValues(fast.AL.data, plain.AL.data, `${c.name}: AL`);
        const gFast = backward(Y, c.net, fast.caches, { ...c.b, workspace: ws });
        assert.equal(gFast, ws.grads, "the gradients are the workspace's own");
        assertGradsClose(gFast, gPlain, c.name, 1e-12);
        const oneOff = backward(Y, c.net, plain.caches, c.b);
        assertGradsClose(oneOff, gPlain, `${c.name}, caches from elsewhere copied in`, 1e-12);
      }
      // A stream: two streams with one seed draw the same masks on either backend.
      const net = withKeepProb("t", network, 0.8);
      const a = forward(X, net, { training: true, rng: randomStream(5), workspace: ws });
      const aMasks = a.caches.map((cache) => cache.D?.data.slice());
      const b = forward(X, net, { training: true, rng: randomStream(5), backend: "js" });
      for (let l = 0; l < 2; l++) assertEqualValues(aMasks[l]!, b.caches[l].D!.data, `mask ${l + 1}`);
    });
  }

  it("rejects a network of other sizes than the workspace's", () => {
    const ws = createWorkspace([2, 4, 1], 5);
    const { X } = dataset(2, 5, "bad");
    const other = initializeHe([2, 3, 1], randomStream(1));
    assert.throws(() => forward(X, other, { workspace: ws }), /forward: the workspace is for layer sizes \[2,4,1\] and m = 5, got \[2,3,1\] and m = 5/);
  });
});

describe("every caller gets the fast backend: gradient checks, the course API, forward without a workspace", { skip: skipWasm }, () => {
  const { X, Y } = dataset(2, 40, "callers");
  // Random biases keep every pre-activation off ReLU's kink, where centered differences disagree.
  const network = initializeHe([2, 5, 3, 1], randomStream("callers"));
  for (const layer of network) for (let i = 0; i < layer.b.data.length; i++) layer.b.data[i] = 0.1 + 0.05 * i;
  const parameters = networkToParameters(network) as ReturnType<typeof initializeParameters>;
  const ran = (f: () => void): number => {
    const before = wasmForwardCalls();
    f();
    return wasmForwardCalls() - before;
  };

  it("forward without a workspace runs WebAssembly and equals the JavaScript backend bit for bit", () => {
    let fast: Matrix | undefined;
    assert.ok(ran(() => void (fast = forward(X, network).AL)) >= 3);
    assert.equal(ran(() => void forward(X, network, { backend: "js" })), 0, "the JavaScript backend runs no WebAssembly");
    assertEqualValues(fast!.data, forward(X, network, { backend: "js" }).AL.data, "AL");
    assert.ok(!inWasmMemory(fast!), "the result is copied out into an ordinary array");
    assert.ok(ran(() => void predictLabels(X, network)) >= 3, "predictions (decision-boundary grids) too");
  });

  it("the course API runs WebAssembly and agrees with the JavaScript backend to 1e-12", () => {
    let grads: Record<string, Matrix> = {};
    let A3: Matrix | undefined;
    assert.ok(ran(() => {
      const f = forwardPropagation(X, parameters);
      A3 = f.A3;
      grads = backwardPropagation(X, Y, f.cache);
    }) >= 3);
    assert.ok(ran(() => void predict(X, Y, parameters)) >= 3);
    const js = forward(X, network, { backend: "js" });
    assertClose(A3!.data, js.AL.data, "A3");
    const jsGrads = gradientsToRecord(backward(Y, network, js.caches, { backend: "js" }));
    for (const key of Object.keys(jsGrads)) assertClose(grads[key].data, jsGrads[key].data, key);
  });

  it("gradient checks run WebAssembly and agree with the JavaScript backend to 1e-12", () => {
    const grads = gradientsToRecord(backward(Y, network, forward(X, network).caches));
    let report: ReturnType<typeof gradientCheckN> | undefined;
    assert.ok(ran(() => void (report = gradientCheckN(networkToParameters(network), grads, X, Y))) > 100);
    const js = gradientCheckN(networkToParameters(network), grads, X, Y, 1e-7, { backend: "js" });
    assertClose(report!.gradapprox.data, js.gradapprox.data, "the numeric gradient");
    assert.equal(report!.passed, true);
  });
});

/**
 * The training loop written out with the public, allocating functions: the
 * course's order (forward, cost, backward, update) every iteration.
 */
function plainLoop(
  X: Matrix, Y: Matrix, initial: Network, iterations: number,
  opts: { lambd?: number; keepProb?: number; masks?: "fresh" | "course"; rng?: RandomStream },
): number[] {
  const keepProb = opts.keepProb ?? 1, lambd = opts.lambd ?? 0;
  const p = withKeepProb("t", cloneNetwork(initial), keepProb);
  const costs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // Course masks: np.random.seed(1) at the top of every forward pass.
    const rng = keepProb < 1 ? (opts.masks === "course" ? new NumpyRandomState(1) : opts.rng) : undefined;
    const { AL, caches } = forward(X, p, { training: keepProb < 1, rng });
    let cost = crossEntropy(AL, Y);
    if (lambd > 0) cost += l2Penalty(p.map((layer) => layer.W), lambd, X.cols);
    costs.push(cost);
    update(p, backward(Y, p, caches, { lambd }), 0.3);
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
        rng: randomStream(9),
        callbackEvery: 1,
        callback: (p) => void costs.push(p.cost),
      });
      const want = plainLoop(X, Y, initial, N, { ...c.o, rng: randomStream(9) });
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
    assert.equal(initial[0].W.data[0], initializeCourse([2, 20, 3, 1])[0].W.data[0], "initialParameters are left as they were");
    for (const layer of r.network) assert.ok(!inWasmMemory(layer.W) && !inWasmMemory(layer.b));
  });
});
