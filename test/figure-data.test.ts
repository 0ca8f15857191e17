/**
 * Compact figure data: no figure builder stores a numeric array (or a typed
 * array) of 10 or more entries twice within one figure, on the inputs the
 * notebooks give them (several panels on the same points, masks that repeat,
 * curves over the same iterations); and what was shared still reaches every
 * trace (through the figure's template).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Matrix } from "../src/matrix";
import { fromArray } from "../src/matrix-array";
import { defaultDataset } from "../src/data/generators";
import { model } from "../src/train";
import { accuracyFigure, costFigure, datasetFigure } from "../src/plot/charts";
import { decisionBoundaryFigure, decisionBoundaryGrid } from "../src/plot/boundary";
import { boundarySliderFigure } from "../src/plot/boundary-slider";
import { boundaryAnimationFigure } from "../src/plot/boundary-animation";
import { maskHeatmapFigure } from "../src/plot/mask-heatmap";
import { networkFigure } from "../src/plot/network-figure";
import { sweepFigure } from "../src/plot/sweep-chart";
import { validationFigure } from "../src/plot/curves";
import type { Figure } from "../src/plot/figures";
import { withTemplate } from "../src/plot/share";
import { describeRepeats, repeatedArrays } from "./helpers/figure-arrays";

const ds = defaultDataset();
/** Label 1 on one side of a line through the data: a different boundary for each angle. */
const line = (angle: number) => (G: Matrix) => Float64Array.from({ length: G.cols }, (_, j) => (Math.cos(angle) * G.data[j] + Math.sin(angle) * G.data[G.cols + j] > 0 ? 1 : 0));
const mask = (seed: number) => fromArray(Array.from({ length: 20 }, (_, u) => Array.from({ length: 211 }, (_, j) => ((u * 7 + j * 13 + seed * 31) % 7 === 0 ? 0 : 1))));
const metrics = (keepProb: number) => model(ds.train.X, ds.train.Y, { keepProb, numIterations: 3001, metricsEvery: 200, validation: ds.test }).metrics;
const costs = (k: number) => Array.from({ length: 31 }, (_, i) => 0.7 * Math.exp(-i / (5 + k)));

const figures: [string, () => Figure][] = [
  ["datasetFigure", () => datasetFigure(ds.train, ds.test)],
  ["costFigure", () => costFigure([0, 1, 2, 3].map((k) => ({ name: `run ${k}`, costs: costs(k) })), { logY: true })],
  ["decisionBoundaryFigure", () => decisionBoundaryFigure(line(0.3), ds.train)],
  ["decisionBoundaryFigure (probabilities)", () => decisionBoundaryFigure((G) => Float64Array.from(line(0.3)(G), (v, j) => 0.2 + 0.6 * v + 0.1 * Math.sin(j)), ds.train, { probabilities: true, resolution: 40 })],
  ["decisionBoundaryGrid", () => decisionBoundaryGrid([0.1, 0.5, 0.9].map((a) => ({ title: `a = ${a}`, predict: line(a), points: ds.train })), { resolution: 40 })],
  ["accuracyFigure", () => accuracyFigure([0.91, 0.93, 0.95, 0.92].map((a, k) => ({ name: `model ${k}`, train: a + 0.01, test: a })))],
  [
    "sweepFigure",
    () => sweepFigure(
      [0.5, 0.6, 0.7, 0.8, 0.86, 0.9, 0.95, 0.98, 0.99, 1, 0.4, 0.3].flatMap((keepProb) => [1, 2, 3].map((seed) => ({ keepProb, seed, trainAccuracy: 0.9 + keepProb / 20 + seed / 1000, testAccuracy: 0.88 + keepProb / 30 }))),
      { parameter: "keepProb" },
    ),
  ],
  ["validationFigure", () => validationFigure([1, 0.86, 0.7].map((k) => ({ name: `keepProb ${k}`, metrics: metrics(k) })))],
  [
    "boundarySliderFigure",
    () => boundarySliderFigure([0, 0.4, 0.8, 1.2, 1.6, 2, 2.4, 2.8, 3.2, 3.6, 4, 0.4].map((a, k) => ({ label: String(k), predict: line(a), note: `step ${k}` })), ds.train, { parameter: "angle", resolution: 40 }),
  ],
  [
    "boundaryAnimationFigure",
    () => boundaryAnimationFigure(
      ["course", "fresh"].map((name, r) => ({ name, snapshots: Array.from({ length: 14 }, (_, k) => ({ iteration: k * 100, predict: line(Math.min(k, 9) * 0.2 + r) })) })),
      ds.train,
      { resolution: 40 },
    ),
  ],
  ["maskHeatmapFigure", () => maskHeatmapFigure([1, 1, 1, 2, 3, 4].map((seed, k) => ({ title: `panel ${k}`, mask: mask(seed) })))],
  ["networkFigure", () => networkFigure([2, 20, 3, 1], [Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? 0 : 1)), [1, 0, 1]])],
];

for (const [name, build] of figures) {
  test(`${name}: no array of 10 or more numbers is stored twice`, () => {
    const fig = JSON.parse(JSON.stringify(build())) as Figure;
    const repeats = repeatedArrays(fig);
    assert.deepEqual(repeats, [], describeRepeats(repeats));
  });
}

test("shared arrays still reach every trace: the grid's panels all draw the training points", () => {
  const fig = decisionBoundaryGrid([0.1, 0.5, 0.9].map((a) => ({ title: `a = ${a}`, predict: line(a), points: ds.train })), { resolution: 20 });
  const scatter = fig.data.map((t, k) => [t, k] as const).filter(([t]) => t.type === "scatter");
  assert.equal(scatter.length, 6);
  const alone = datasetFigure(ds.train);
  for (const [t, k] of scatter) {
    assert.equal(t.x, undefined, "the points live in the template");
    const full = withTemplate(fig, k);
    const cls = (t.name as string).endsWith("y=0") ? 0 : 1;
    assert.deepEqual([full.x, full.y], [alone.data[cls].x, alone.data[cls].y]);
  }
  const masks = maskHeatmapFigure([1, 1, 2].map((seed, k) => ({ title: `p${k}`, mask: mask(seed) })));
  assert.deepEqual(masks.data.map((t) => t.z === undefined), [true, true, false], "the repeated mask is stored once");
  assert.deepEqual(withTemplate(masks, 0).z, withTemplate(masks, 1).z);
  assert.notDeepEqual(withTemplate(masks, 0).z, withTemplate(masks, 2).z);
});
