// Validation curves: metrics recorded during training equal a separate evaluation of the same
// parameters at those iterations, and recording them changes nothing of the training.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cloneNetwork, crossEntropyFromLogits, defaultDataset, evaluate, forward, model, type Network } from "../src/index";

const ds = defaultDataset();
const train = ds.train, validation = ds.test;

describe("metrics recorded while training", () => {
  for (const options of [{}, { keepProb: 0.8 }, { keepProb: 0.86, masks: "course" as const, lambd: 0.3 }]) {
    it(`equal a separate evaluation of the same parameters: ${JSON.stringify(options)}`, () => {
      const snapshots = new Map<number, Network>();
      const r = model(train.X, train.Y, {
        ...options,
        numIterations: 1201,
        validation,
        metricsEvery: 300,
        callbackEvery: 300,
        callback: (p) => void snapshots.set(p.iteration, cloneNetwork(p.network)),
      });
      assert.deepEqual(r.metrics.map((m) => m.iteration), [0, 300, 600, 900, 1200]);
      for (const m of r.metrics) {
        const net = snapshots.get(m.iteration)!;
        assert.equal(m.trainAccuracy, evaluate(train.X, train.Y, net).accuracy);
        assert.equal(m.validationAccuracy, evaluate(validation.X, validation.Y, net).accuracy);
        const logits = (X: typeof train.X) => forward(X, net).caches[2].Z;
        assert.equal(m.trainCost, crossEntropyFromLogits(logits(train.X), train.Y));
        assert.equal(m.validationCost, crossEntropyFromLogits(logits(validation.X), validation.Y));
        assert.ok(Number.isFinite(m.validationCost!));
      }
    });
  }

  it("leave the trained parameters bit-identical to a run without them", () => {
    for (const options of [{ keepProb: 0.8, seed: 4 }, { lambd: 0.7 }]) {
      const plain = model(train.X, train.Y, { ...options, numIterations: 1500 });
      const recorded = model(train.X, train.Y, { ...options, numIterations: 1500, validation, metricsEvery: 100 });
      assert.equal(recorded.metrics.length, 16);
      plain.network.forEach((layer, l) => {
        assert.deepEqual(recorded.network[l].W.data, layer.W.data);
        assert.deepEqual(recorded.network[l].b.data, layer.b.data);
      });
      assert.deepEqual(recorded.costs, plain.costs);
    }
  });

  it("are recorded every 1000 iterations by default with a validation set, never without one", () => {
    assert.deepEqual(model(train.X, train.Y, { numIterations: 2500, validation }).metrics.map((m) => m.iteration), [0, 1000, 2000, 2499]);
    assert.deepEqual(model(train.X, train.Y, { numIterations: 50 }).metrics, []);
    const trainOnly = model(train.X, train.Y, { numIterations: 50, metricsEvery: 10 }).metrics;
    assert.equal(trainOnly.length, 6);
    assert.equal(trainOnly[0].validationAccuracy, undefined);
  });

  it("reject a validation set of the wrong width, and a bad metricsEvery", () => {
    assert.throws(() => model(train.X, train.Y, { numIterations: 5, validation: { X: train.X.rows === 2 ? ds.train.Y : train.X, Y: ds.train.Y } }), /validation\.X has 1 rows, the network takes 2 inputs|Y has shape/);
    assert.throws(() => model(train.X, train.Y, { numIterations: 5, metricsEvery: 0 }), /model: metricsEvery must be an integer >= 1, got 0/);
  });
});
