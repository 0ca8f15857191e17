// Gradient checks of every backward, dropout statistics, determinism and bad input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  backward,
  crossEntropy,
  crossEntropyFromLogits,
  dictionaryToVector,
  forward,
  gradientCheckN,
  gradientsToRecord,
  gradientsToVector,
  initializeHe,
  matrix,
  model,
  mul,
  networkCost,
  networkToParameters,
  numericGradient,
  randomStream,
  relativeError,
  rowSums,
  scale,
  sum,
  vectorToDictionary,
  l2Penalty,
  withKeepProb,
  type Matrix,
  type Network,
  type RandomStream,
} from "../src/index";
import { addL2Gradient } from "../src/cost";
import { jsKernels } from "../src/kernels/js";
import { dropoutMask } from "../src/network/layers";
import { linear, linearBackward, linearRelu, reluDropoutBackward, sigmoid } from "./helpers/layers";

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
    // The weight gradients average over the m examples: J = Σ Z ⊙ dZ / m.
    const J = () => dot(linear(W, A, b), dZ) / m;
    const g = linearBackward(dZ, A, W);
    assert.ok(relativeError(g.dW, numericGradient(J, W)) < 1e-8);
    assert.ok(relativeError(g.db, numericGradient(J, b)) < 1e-8);
    const dAnum = numericGradient(() => dot(linear(W, A, b), dZ), A);
    assert.ok(relativeError(g.dAprev, dAnum) < 1e-8);
  });

  /** A hidden layer (ReLU, optional dropout with a fixed mask) under a linear layer: J = Σ Z2 ⊙ dZ2. */
  function hiddenLayerCheck(D: Matrix | null, keepProb: number): void {
    const A0 = randn(3, 7, rng), W1 = randn(6, 3, rng), b1 = randn(6, 1, rng), W2 = randn(2, 6, rng), b2 = randn(2, 1, rng), dZ2 = randn(2, 7, rng);
    const J = () => dot(linear(W2, linearRelu(W1, A0, b1, D, keepProb), b2), dZ2);
    const Z1 = linear(W1, A0, b1);
    for (let i = 0; i < Z1.data.length; i++) assert.ok(Math.abs(Z1.data[i]) > 1e-4, "away from ReLU's kink");
    const dZ1 = reluDropoutBackward(W2, dZ2, Z1, D, keepProb);
    // The weight gradients average over m: scale back by m for the unaveraged J.
    assert.ok(relativeError(scale(linearBackward(dZ1, A0, W1).dW, 7), numericGradient(J, W1)) < 1e-8);
    assert.ok(relativeError(rowSums(dZ1), numericGradient(J, b1)) < 1e-8);
  }

  it("relu", () => hiddenLayerCheck(null, 1));

  it("dropout with a fixed mask", () => {
    const D = dropoutMask(jsKernels, matrix(6, 7), 0.7, rng);
    assert.ok(sum(D) > 0 && sum(D) < 42, "some units dropped, some kept");
    hiddenLayerCheck(D, 0.7);
  });

  it("sigmoid with cross-entropy: dZ = A − Y is m times the gradient of the cost", () => {
    const Z = randn(1, 8, rng), Y = labels(8, rng);
    const num = numericGradient(() => 8 * crossEntropyFromLogits(Z, Y), Z);
    const A = sigmoid(Z);
    const dZ = matrix(1, 8);
    for (let j = 0; j < 8; j++) dZ.data[j] = A.data[j] - Y.data[j];
    assert.ok(relativeError(dZ, num) < 1e-8);
  });

  it("L2 penalty", () => {
    const W = randn(4, 3, rng);
    const num = numericGradient(() => l2Penalty([W], 0.7, 10), W);
    const dW = addL2Gradient(matrix(4, 3), W, 0.7, 10);
    assert.ok(relativeError(dW, num) < 1e-8);
  });

  it("cross-entropy from logits equals the sigmoid form where it does not saturate", () => {
    const Z = randn(1, 20, rng, 3), Y = labels(20, rng);
    const a = crossEntropy(sigmoid(Z), Y), b = crossEntropyFromLogits(Z, Y);
    assert.ok(Math.abs(a - b) < 1e-12 * Math.abs(a), `${a} vs ${b}`);
  });

  it("cross-entropy counts a saturated correct term as zero, as np.nansum", () => {
    const AL = matrix(1, 2, Float64Array.from([1, 0.25])), Y = matrix(1, 2, Float64Array.from([1, 0]));
    assert.equal(crossEntropy(AL, Y), (1 / 2) * -Math.log(0.75));
    const Z = matrix(1, 2, Float64Array.from([40, Math.log(0.25 / 0.75)]));
    assert.ok(Number.isFinite(crossEntropyFromLogits(Z, Y)));
  });

  it("a cost whose terms are all NaN is NaN, never 0", () => {
    const AL = matrix(1, 2, Float64Array.from([NaN, NaN])), Y = matrix(1, 2, Float64Array.from([1, 0]));
    assert.ok(Number.isNaN(crossEntropy(AL, Y)));
  });
});

describe("whole-network gradient check", () => {
  const rng = randomStream(5);
  const dims = [3, 6, 4, 1];
  const X = randn(3, 10, rng), Y = labels(10, rng);
  const network: Network = initializeHe(dims, rng);
  for (const layer of network) layer.b = randn(layer.b.rows, 1, rng, 0.1);
  const parameters = networkToParameters(network);

  for (const [name, keepProb, lambd] of [
    ["plain", 1, 0],
    ["L2", 1, 0.7],
    ["dropout", 0.7, 0],
    ["dropout and L2", 0.8, 0.3],
  ] as const) {
    it(`${name}: difference < 2e-7`, () => {
      const net = withKeepProb("test", network, keepProb);
      const { caches } = forward(X, net, { training: keepProb < 1, rng });
      const masks = caches.slice(0, -1).map((c) => c.D);
      if (keepProb < 1) assert.ok(masks.every((D) => D !== null && sum(D) < D.data.length), "some units dropped");
      const grads = gradientsToRecord(backward(Y, net, caches, { lambd }));
      const report = gradientCheckN(parameters, grads, X, Y, 1e-7, { keepProb, lambd, masks });
      assert.ok(report.difference < 2e-7, `difference ${report.difference}`);
      assert.equal(report.passed, true);
      assert.deepEqual(report.failing, []);
    });
  }

  it("a deliberately wrong gradient is detected and located", () => {
    const { caches } = forward(X, network);
    const grads = gradientsToRecord(backward(Y, network, caches));
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
    const net = withKeepProb("test", network, 0.5);
    const { caches } = forward(X, net, { training: true, rng });
    const grads = gradientsToRecord(backward(Y, net, caches));
    const other = forward(X, net, { training: true, rng }).caches.slice(0, -1).map((c) => c.D);
    assert.equal(gradientCheckN(parameters, grads, X, Y, 1e-7, { keepProb: 0.5, masks: other }).passed, false);
  });

  it("vectorizes by the parameters' own shapes and back", () => {
    const { theta, layout } = dictionaryToVector(parameters);
    assert.equal(theta.rows, 3 * 6 + 6 + 6 * 4 + 4 + 4 + 1);
    assert.deepEqual(layout.map((s) => s.name), ["W1", "b1", "W2", "b2", "W3", "b3"]);
    const back = vectorToDictionary(theta, layout);
    for (const k of Object.keys(parameters)) assert.deepEqual(back[k].data, parameters[k].data);
    const grads = gradientsToRecord(backward(Y, network, forward(X, network).caches));
    assert.deepEqual(gradientsToVector(grads, layout).data.subarray(0, 18), grads.dW1.data);
    assert.ok(Number.isFinite(networkCost(parameters, X, Y)));
  });
});

describe("inverted dropout", () => {
  it("keeps about keepProb of the units, preserves the mean, scales survivors by 1/keepProb", () => {
    const rng = randomStream(2024);
    const A = matrix(50, 400);
    for (let i = 0; i < A.data.length; i++) A.data[i] = 1 + rng.random();
    const I = matrix(50, 50);
    for (let i = 0; i < 50; i++) I.data[i * 50 + i] = 1;
    for (const keepProb of [0.5, 0.86]) {
      const D = dropoutMask(jsKernels, matrix(50, 400), keepProb, rng);
      const out = linearRelu(I, A, matrix(50, 1), D, keepProb);
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
    const network = initializeHe([2, 5, 3, 1], rng);
    const untouched = { random: () => assert.fail("eval must not draw") };
    const a = forward(X, withKeepProb("test", network, 0.5), { rng: untouched }).AL;
    const b = forward(X, network).AL;
    assert.deepEqual(a.data, b.data);
  });

  it("keepProb 1 is a no-op and draws nothing", () => {
    const rng = randomStream(3);
    const X = randn(2, 30, rng);
    const network = initializeHe([2, 5, 3, 1], rng);
    const a = forward(X, network, { training: true, rng: { random: () => assert.fail("no draw") } }).AL;
    assert.deepEqual(a.data, forward(X, network).AL.data);
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
    const first = dropoutMask(jsKernels, matrix(10, 10), 0.5, stream).data;
    const second = dropoutMask(jsKernels, matrix(10, 10), 0.5, stream).data;
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
      const network = initializeHe([2, 3, 1], rng);
      assert.throws(() => forward(X, [{ ...network[0], keepProb }, network[1]]), RangeError);
    });
  }

  it("a shape mismatch names the function and both shapes", () => {
    assert.throws(() => model(X, matrix(1, 5), { numIterations: 1 }), /model: Y has shape \(1, 5\), expected \(1, 6\).*\(2, 6\)/);
    const wide = [{ W: matrix(3, 4), b: matrix(3, 1), keepProb: 1 }, { W: matrix(1, 3), b: matrix(1, 1), keepProb: 1 }];
    assert.throws(() => forward(X, wide), /forward: X has shape \(2, 6\), expected \(4, any\)/);
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
