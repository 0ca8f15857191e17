import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultDataset, makeMoons } from "../src/data";
import { splitDataset, splitFrame, stratifiedDevRows } from "../src/data/split";
import { datasetToFrame } from "../src/data/frame";
import { randomStream } from "../src/random";
import type { Dataset } from "../src/data/dataset";

const ds = defaultDataset(1);
const labels = (Y: { data: Float64Array }) => Array.from(Y.data);
const count = (ys: number[], c: number) => ys.filter((v) => v === c).length;

test("splitDataset: disjoint and complete; every example keeps its features and label", () => {
  const s = splitDataset(ds, { devFraction: 0.25, seed: 7 });
  const all = [...s.trainIndex, ...s.devIndex].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: ds.train.X.cols }, (_, j) => j), "train ∪ dev is every training column, once");
  assert.equal(new Set(all).size, all.length);
  const m = ds.train.X.cols;
  for (const [part, index] of [[s.train, s.trainIndex], [s.dev, s.devIndex]] as const) {
    const k = index.length;
    assert.equal(part.X.cols, k);
    index.forEach((j, i) => {
      assert.equal(part.X.data[i], ds.train.X.data[j]);
      assert.equal(part.X.data[k + i], ds.train.X.data[m + j]);
      assert.equal(part.Y.data[i], ds.train.Y.data[j]);
    });
  }
  assert.equal(s.test, ds.test, "the test split is kept as it is");
});

test("splitDataset: stratified, each class contributes round(devFraction × its size)", () => {
  const y = labels(ds.train.Y);
  for (const f of [0.1, 0.25, 0.5]) {
    const s = splitDataset(ds, { devFraction: f, seed: 3 });
    const dev = labels(s.dev.Y);
    for (const c of [0, 1]) assert.equal(count(dev, c), Math.round(f * count(y, c)), `class ${c}, devFraction ${f}`);
  }
  // A skewed set: 90 of one class, 10 of the other, still 20% of each.
  const moons = makeMoons(100, 0.1, randomStream(2));
  const Y = { rows: 1, cols: 100, data: Float64Array.from({ length: 100 }, (_, j) => (j < 10 ? 1 : 0)) };
  const skewed: Dataset = { name: "skewed", source: "test", train: { X: moons.X, Y }, test: { X: moons.X, Y } };
  const dev = labels(splitDataset(skewed, { devFraction: 0.2, seed: 1 }).dev.Y);
  assert.deepEqual([count(dev, 0), count(dev, 1)], [18, 2]);
});

test("splitDataset: same seed same split; another seed another split", () => {
  const a = splitDataset(ds, { devFraction: 0.25, seed: 5 });
  const b = splitDataset(ds, { devFraction: 0.25, seed: 5 });
  const c = splitDataset(ds, { devFraction: 0.25, seed: 6 });
  assert.deepEqual(a.devIndex, b.devIndex);
  assert.notDeepEqual(a.devIndex, c.devIndex);
  assert.deepEqual(splitDataset(ds, { devFraction: 0.25 }).devIndex, splitDataset(ds, { devFraction: 0.25, seed: 1 }).devIndex, "seed 1 by default");
});

test("splitDataset: bad options name the argument and the value", () => {
  assert.throws(() => splitDataset(ds, { devFraction: 0 }), /splitDataset: options.devFraction must be a number in \(0, 1\), got 0/);
  assert.throws(() => splitDataset(ds, { devFraction: 1.5 }), /got 1.5/);
  assert.throws(() => splitDataset(ds, { devFraction: 0.5, seed: Number.NaN }), /options.seed must be a finite number, got NaN/);
  assert.throws(() => stratifiedDevRows([0, 1], { devFraction: 0.1 }), /leaves dev empty/);
  assert.throws(() => stratifiedDevRows([0, 1], { devFraction: 0.9 }), /leaves train empty/);
});

test("splitFrame: the same rows as splitDataset, marked dev; test rows untouched", () => {
  const df = datasetToFrame(ds);
  const marked = splitFrame(df, { devFraction: 0.25, seed: 7 });
  const split = marked.column("split").values as string[];
  const m = ds.train.X.cols;
  const devRows = split.flatMap((s, r) => (s === "dev" ? [r] : []));
  assert.deepEqual(devRows, splitDataset(ds, { devFraction: 0.25, seed: 7 }).devIndex);
  assert.ok(split.slice(m).every((s) => s === "test"));
  assert.deepEqual(df.column("split").values.slice(0, m), Array(m).fill("train"), "the input frame is not changed");
  assert.deepEqual(marked.column("x1").values, df.column("x1").values);
});
