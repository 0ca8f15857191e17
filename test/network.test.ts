// Gradient checks of every backward, dropout statistics, determinism and bad input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  backward,
  crossEntropy,
  crossEntropyFromLogits,
  dictionaryToVector,
  dropoutBackward,
  dropoutForward,
  forward,
  gradientCheckN,
  gradientsToVector,
  initializeHe,
  linearBackward,
  linearForward,
  matrix,
  model,
  mul,
  networkCost,
  numericGradient,
  randomStream,
  relativeError,
  reluBackward,
  reluForward,
  sigmoidBackward,
  sigmoidForward,
  sum,
  vectorToDictionary,
  addL2Gradient,
  l2Penalty,
  type Matrix,
  type RandomStream,
} from "../src/index";

function randn(rows: number, cols: number, rng: RandomStream, scale = 1): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal() * scale;
  return m;
}

function labels(m: number, rng: RandomStream): Matrix {
  const Y = matrix(1, m);
  for (let j = 0; j < m; j++) Y.data[j] = j % 2 === 0 ? 1 : rng.random() < 0.5 ? 1 : 0;
  return Y;
}

/** Σ out ⊙ dout: a scalar whose gradient with respect to `out` is dout. */
function dot(a: Matrix, b: Matrix): number {
  return sum(mul(a, b));
}

describe("layer gradients against centered differences", () => {
  const rng = randomStream(11);

  it("linear: dW, db, dA_prev", () => {
    const W = randn(4, 3, rng), A = randn(3, 5, rng), b = randn(4, 1, rng), dZ = randn(4, 5, rng);
    const m = 5;
    // linearBackward averages over the m examples: J = Σ Z ⊙ dZ / m.
    const J = () => dot(linearForward(W, A, b), dZ) / m;
    const g = linearBackward(dZ, A, W);
    assert.ok(relativeError(g.dW, numericGradient(J, W)) < 1e-8);
    assert.ok(relativeError(g.db, numericGradient(J, b)) < 1e-8);
    const dAnum = numericGradient(() => dot(linearForward(W, A, b), dZ), A);
    assert.ok(relativeError(g.dAprev, dAnum) < 1e-8);
  });

  it("relu", () => {
    const Z = randn(6, 7, rng), dA = randn(6, 7, rng);
    for (let i = 0; i < Z.data.length; i++) if (Math.abs(Z.data[i]) < 1e-3) Z.data[i] = 0.5; // keep away from the kink
    const num = numericGradient(() => dot(reluForward(Z), dA), Z);
    assert.ok(relativeError(reluBackward(dA, Z), num) < 1e-8);
  });

  it("sigmoid", () => {
    const Z = randn(3, 8, rng), dA = randn(3, 8, rng);
    const num = numericGradient(() => dot(sigmoidForward(Z), dA), Z);
    assert.ok(relativeError(sigmoidBackward(dA, sigmoidForward(Z)), num) < 1e-8);
  });

  it("dropout with a fixed mask", () => {
    const A = randn(5, 9, rng), dOut = randn(5, 9, rng);
    const { D } = dropoutForward(A, 0.7, { rng });
    const num = numericGradient(() => dot(dropoutForward(A, 0.7, { mask: D }).A, dOut), A);
    assert.ok(relativeError(dropoutBackward(dOut, D, 0.7), num) < 1e-8);
  });

  it("L2 penalty", () => {
    const W = randn(4, 3, rng);
    const num = numericGradient(() => l2Penalty([W], 0.7, 10), W);
    const dW = addL2Gradient(matrix(4, 3), W, 0.7, 10);
    assert.ok(relativeError(dW, num) < 1e-8);
  });

  it("cross-entropy from logits equals the sigmoid form where it does not saturate", () => {
    const Z = randn(1, 20, rng, 3), Y = labels(20, rng);
    const a = crossEntropy(sigmoidForward(Z), Y), b = crossEntropyFromLogits(Z, Y);
    assert.ok(Math.abs(a - b) < 1e-12 * Math.abs(a), `${a} vs ${b}`);
  });

  it("cross-entropy counts a saturated correct term as zero, as np.nansum", () => {
    const AL = matrix(1, 2, Float64Array.from([1, 0.25])), Y = matrix(1, 2, Float64Array.from([1, 0]));
    assert.equal(crossEntropy(AL, Y), (1 / 2) * -Math.log(0.75));
    const Z = matrix(1, 2, Float64Array.from([40, Math.log(0.25 / 0.75)]));
    assert.ok(Number.isFinite(crossEntropyFromLogits(Z, Y)));
  });
});

describe("whole-network gradient check", () => {
  const rng = randomStream(5);
  const dims = [3, 6, 4, 1];
  const X = randn(3, 10, rng), Y = labels(10, rng);
  const parameters = initializeHe(dims, rng);
  for (const k of ["b1", "b2", "b3"]) parameters[k] = randn(parameters[k].rows, 1, rng, 0.1);

  for (const [name, keepProb, lambd] of [
    ["plain", 1, 0],
    ["L2", 1, 0.7],
    ["dropout", 0.7, 0],
    ["dropout and L2", 0.8, 0.3],
  ] as const) {
    it(`${name}: difference < 2e-7`, () => {
      const { caches } = forward(X, parameters, { training: keepProb < 1, keepProb, rng });
      const masks = caches.slice(0, -1).map((c) => c.D);
      if (keepProb < 1) assert.ok(masks.every((D) => D !== null && sum(D) < D.data.length), "some units dropped");
      const grads = backward(Y, parameters, caches, { keepProb, lambd });
      const report = gradientCheckN(parameters, grads, X, Y, 1e-7, { keepProb, lambd, masks });
      assert.ok(report.difference < 2e-7, `difference ${report.difference}`);
      assert.equal(report.passed, true);
      assert.deepEqual(report.failing, []);
    });
  }

  it("a deliberately wrong gradient is detected and located", () => {
    const { caches } = forward(X, parameters);
    const grads = backward(Y, parameters, caches);
    const broken = { ...grads, dW2: matrix(grads.dW2.rows, grads.dW2.cols, grads.dW2.data.slice()) };
    broken.dW2.data[5] *= 1.5; // entry (0, 5) of a (4, 6) matrix
    broken.dW2.data[5] += 0.01;
    const report = gradientCheckN(parameters, broken, X, Y);
    assert.equal(report.passed, false);
    assert.ok(report.difference > 2e-7);
    assert.deepEqual(report.failing, ["W2"]);
    const w2 = report.parameters.find((p) => p.name === "W2")!;
    assert.deepEqual([w2.worst[0].row, w2.worst[0].col], [0, 5]);
  });

  it("a check that re-draws masks fails: masks must be held fixed", () => {
    const { caches } = forward(X, parameters, { training: true, keepProb: 0.5, rng });
    const grads = backward(Y, parameters, caches, { keepProb: 0.5 });
    const other = forward(X, parameters, { training: true, keepProb: 0.5, rng }).caches.slice(0, -1).map((c) => c.D);
    assert.equal(gradientCheckN(parameters, grads, X, Y, 1e-7, { keepProb: 0.5, masks: other }).passed, false);
  });

  it("vectorizes by the parameters' own shapes and back", () => {
    const { theta, layout } = dictionaryToVector(parameters);
    assert.equal(theta.rows, 3 * 6 + 6 + 6 * 4 + 4 + 4 + 1);
    assert.deepEqual(layout.map((s) => s.name), ["W1", "b1", "W2", "b2", "W3", "b3"]);
    const back = vectorToDictionary(theta, layout);
    for (const k of Object.keys(parameters)) assert.deepEqual(back[k].data, parameters[k].data);
    const grads = backward(Y, parameters, forward(X, parameters).caches);
    assert.deepEqual(gradientsToVector(grads, layout).data.subarray(0, 18), grads.dW1.data);
    assert.ok(Number.isFinite(networkCost(parameters, X, Y)));
  });
});

describe("inverted dropout", () => {
  it("keeps about keepProb of the units, preserves the mean, scales survivors by 1/keepProb", () => {
    const rng = randomStream(2024);
    const A = matrix(200, 500);
    for (let i = 0; i < A.data.length; i++) A.data[i] = 1 + rng.random();
    for (const keepProb of [0.5, 0.86]) {
      const { A: out, D } = dropoutForward(A, keepProb, { rng });
      const n = A.data.length;
      const kept = sum(D) / n;
      const sd = Math.sqrt((keepProb * (1 - keepProb)) / n);
      assert.ok(Math.abs(kept - keepProb) < 5 * sd, `kept ${kept}`);
      assert.ok(Math.abs(sum(out) / sum(A) - 1) < 0.01, "mean preserved");
      for (let i = 0; i < n; i++) {
        assert.equal(out.data[i], D.data[i] === 1 ? A.data[i] / keepProb : 0);
      }
    }
  });

  it("evaluation mode is the identity: predictions ignore keepProb and draw nothing", () => {
    const rng = randomStream(3);
    const X = randn(2, 30, rng);
    const parameters = initializeHe([2, 5, 3, 1], rng);
    const untouched = { random: () => assert.fail("eval must not draw") };
    const a = forward(X, parameters, { keepProb: 0.5, rng: untouched }).AL;
    const b = forward(X, parameters, { training: true, keepProb: 1 }).AL;
    assert.deepEqual(a.data, b.data);
  });

  it("keepProb 1 is a no-op and draws nothing", () => {
    const A = matrix(2, 3, Float64Array.from([1, 2, 3, 4, 5, 6]));
    const { A: out } = dropoutForward(A, 1, { rng: { random: () => assert.fail("no draw") } });
    assert.deepEqual(out.data, A.data);
  });
});

describe("determinism", () => {
  const rng = randomStream(9);
  const X = randn(2, 40, rng), Y = labels(40, rng);
  const run = (seed: number) => model(X, Y, { numIterations: 300, keepProb: 0.8, seed });

  it("the same seed gives the same result", () => {
    const a = run(4), b = run(4);
    assert.deepEqual(a.costs, b.costs);
    assert.deepEqual(a.parameters.W1.data, b.parameters.W1.data);
  });

  it("another seed gives other masks, and fresh masks differ between iterations", () => {
    assert.notDeepEqual(run(4).parameters.W1.data, run(5).parameters.W1.data);
    const stream = randomStream(4);
    const A = matrix(10, 10, new Float64Array(100).fill(1));
    const first = dropoutForward(A, 0.5, { rng: stream }).D.data.slice();
    const second = dropoutForward(A, 0.5, { rng: stream }).D.data;
    assert.notDeepEqual(first, second);
  });

  it("course masks are the same every iteration; fresh masks are not", () => {
    const seen = (masks: "course" | "fresh") => {
      const costs: number[] = [];
      model(X, Y, { numIterations: 3, keepProb: 0.5, masks, learningRate: 1e-12, callbackEvery: 1, callback: (p) => void costs.push(p.cost) });
      return costs;
    };
    const course = seen("course");
    assert.ok(Math.abs(course[0] - course[2]) < 1e-9, "a tiny step, same masks: the same cost");
    const fresh = seen("fresh");
    assert.ok(Math.abs(fresh[0] - fresh[2]) > 1e-6, "new masks: another cost");
  });
});

describe("bad input", () => {
  const rng = randomStream(1);
  const X = randn(2, 6, rng), Y = labels(6, rng);

  for (const keepProb of [0, 1.5, -0.1, NaN]) {
    it(`keepProb ${keepProb} is a RangeError naming keepProb and the value, never clamped`, () => {
      assert.throws(() => model(X, Y, { keepProb, numIterations: 1 }), (e: Error) => {
        assert.ok(e instanceof RangeError);
        assert.match(e.message, /keepProb/);
        assert.ok(e.message.includes(String(keepProb)), e.message);
        return true;
      });
      assert.throws(() => dropoutForward(X, keepProb, { rng }), RangeError);
    });
  }

  it("a shape mismatch names the function and both shapes", () => {
    assert.throws(() => model(X, matrix(1, 5), { numIterations: 1 }), /model: Y has shape \(1, 5\), expected \(1, 6\).*\(2, 6\)/);
    assert.throws(() => linearForward(matrix(3, 4), X, matrix(3, 1)), /matmul: shapes \(3, 4\) and \(2, 6\)/);
  });

  it("labels other than 0/1", () => {
    const bad = matrix(1, 6, Float64Array.from([0, 1, 2, 0, 1, 0]));
    assert.throws(() => model(X, bad, { numIterations: 1 }), /Y must hold only 0 and 1, got 2 at column 2/);
  });

  it("NaN or Infinity in X", () => {
    for (const v of [NaN, Infinity]) {
      const bad = matrix(2, 6, X.data.slice());
      bad.data[7] = v;
      assert.throws(() => model(bad, Y, { numIterations: 1 }), new RegExp(`X must be finite, got ${v} at row 1, column 1`));
    }
  });

  it("an empty dataset", () => {
    assert.throws(() => model(matrix(2, 0), matrix(1, 0)), /X is empty/);
  });
});
