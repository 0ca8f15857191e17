import { test } from "node:test";
import assert from "node:assert/strict";
import type { Matrix } from "../src/matrix";
import { fromArray } from "../src/matrix-array";
import { boundaryAnimationFigure } from "../src/plot/boundary-animation";
import { boundarySliderFigure } from "../src/plot/boundary-slider";
import { decodeGrid, roundToExtent, type TypedArraySpec } from "../src/plot/compact";
import { accuracyRange, logTicks, tickLabel } from "../src/plot/axes";
import { maskHeatmapFigure } from "../src/plot/mask-heatmap";
import { networkFigure } from "../src/plot/network-figure";
import { costFigure } from "../src/plot/charts";
import { sweepFigure } from "../src/plot/sweep-chart";
import { type PlotlyTrace } from "../src/plot/figures";
import { withTemplate } from "../src/plot/share";

const points = { X: fromArray([[-0.5, -0.2, 0.1, 0.3], [0.4, 0.5, -0.6, -0.1]]), Y: fromArray([[0, 1, 1, 0]]) };
/** Label 1 where x1 > t. */
const rightOf = (t: number) => (G: Matrix) => Float64Array.from({ length: G.cols }, (_, j) => (G.data[j] > t ? 1 : 0));
/** Grid points predicted as class 1 (stored as 250, P(y=1) = 1). */
const ones = (z: unknown) => decodeGrid(z as TypedArraySpec).flat().filter((v) => v === 250).length;

test("boundarySliderFigure: one contour per distinct boundary, the slider shows one at a time", () => {
  const thresholds = [-0.4, 0, 0.3, 0];
  const steps = thresholds.map((t, k) => ({ label: `t${k}`, predict: rightOf(t), note: `step ${k}` }));
  const f = boundarySliderFigure(steps, points, { parameter: "threshold", resolution: 20, active: 1 });
  // Steps 1 and 3 draw the same boundary: one contour for both.
  assert.deepEqual(f.data.map((t) => t.type), ["contour", "contour", "contour", "scatter", "scatter"]);
  assert.equal(f.frames, undefined);
  const counts = f.data.slice(0, 3).map((t) => ones(t.z));
  assert.ok(counts[0] > counts[1] && counts[1] > counts[2], `a boundary further right leaves fewer 1s: ${counts}`);
  assert.deepEqual(f.data.map((t) => t.visible), [false, true, false, undefined, undefined], "the figure starts at the active step");
  const slider = (f.layout.sliders as { active: number; steps: { label: string; method: string; args: [{ visible: boolean[] }, Record<string, string>] }[] }[])[0];
  assert.equal(slider.active, 1);
  assert.deepEqual(slider.steps.map((s) => [s.label, s.method]), [["t0", "update"], ["t1", "update"], ["t2", "update"], ["t3", "update"]]);
  assert.deepEqual(slider.steps.map((s) => s.args[0].visible), [
    [true, false, false, true, true],
    [false, true, false, true, true],
    [false, false, true, true, true],
    [false, true, false, true, true],
  ]);
  assert.match(slider.steps[2].args[1]["title.text"], /threshold = t2 · step 2/);
  assert.match(String((f.layout.title as { text: string }).text), /threshold = t1 · step 1/);
  assert.throws(() => boundarySliderFigure([], points, { parameter: "p" }), /steps must be a non-empty array/);
  assert.throws(() => boundarySliderFigure(steps, points, { parameter: "p", active: 4 }), /options.active must be an integer in \[0, 3\], got 4/);
});

test("boundaryAnimationFigure: runs side by side, a frame per snapshot that switches contours, play/pause and a slider", () => {
  // Run b's boundary stops moving after its second snapshot: its last two snapshots share one contour.
  const snaps = (shifts: number[]) => shifts.map((shift, k) => ({ iteration: k * 100, predict: rightOf(shift) }));
  const many = { X: fromArray([Array.from({ length: 30 }, (_, j) => -0.7 + j / 30), Array.from({ length: 30 }, (_, j) => Math.sin(j) / 2)]), Y: fromArray([Array.from({ length: 30 }, (_, j) => j % 2)]) };
  const f = boundaryAnimationFigure([{ name: "a", snapshots: snaps([-0.4, -0.1, 0.2]) }, { name: "b", snapshots: snaps([-0.3, 0, 0]) }], many, { resolution: 16 });
  assert.deepEqual(f.data.map((t) => `${t.type}:${t.xaxis}`), ["contour:x", "contour:x", "contour:x", "contour:x2", "contour:x2", "scatter:x", "scatter:x", "scatter:x2", "scatter:x2"]);
  assert.equal(f.frames!.length, 3);
  const visible = f.frames!.map((fr) => (fr.data as { visible: boolean }[]).map((d) => d.visible));
  assert.deepEqual(visible, [
    [true, false, false, true, false],
    [false, true, false, false, true],
    [false, false, true, false, true],
  ]);
  assert.deepEqual(f.data.slice(0, 5).map((t) => t.visible), visible[0], "the figure starts at the first frame");
  const a = f.data.slice(0, 3).map((t) => ones(t.z));
  assert.ok(a[0] > a[1] && a[1] > a[2]);
  // Both panels show the same points, stored once.
  assert.deepEqual([5, 6, 7, 8].map((k) => withTemplate(f, k).x !== undefined && f.data[k].x === undefined), [true, true, true, true]);
  assert.deepEqual(withTemplate(f, 5).x, withTemplate(f, 7).x);
  const menu = (f.layout.updatemenus as { buttons: { label: string }[] }[])[0];
  assert.deepEqual(menu.buttons.map((b) => b.label), ["Play", "Pause"]);
  const slider = (f.layout.sliders as { steps: { label: string }[] }[])[0];
  assert.deepEqual(slider.steps.map((s) => s.label), ["0", "100", "200"]);
  assert.throws(
    () => boundaryAnimationFigure([{ name: "a", snapshots: snaps([0, 0, 0]) }, { name: "b", snapshots: snaps([0, 0, 0]).slice(1) }], points),
    /runs\[1\] has snapshots at iterations 100, 200; runs\[0\] has them at 0, 100, 200/,
  );
});

test("maskHeatmapFigure: each panel is its mask, 1 kept and 0 dropped, with the kept share", () => {
  const D = fromArray([[1, 0, 1.25], [0, 0, 2]]);
  const f = maskHeatmapFigure([{ title: "first", mask: D }, { title: "second", mask: fromArray([[1, 1, 1], [1, 1, 0]]) }]);
  assert.deepEqual(decodeGrid(f.data[0].z as TypedArraySpec), [[1, 0, 1], [0, 0, 1]]);
  assert.deepEqual(decodeGrid(f.data[1].z as TypedArraySpec), [[1, 1, 1], [1, 1, 0]]);
  const notes = (f.layout.annotations as { text: string }[]).map((a) => a.text);
  assert.ok(notes.includes("first · 50.0% kept") && notes.includes("second · 83.3% kept"), notes.join(" | "));
  assert.equal((f.layout.xaxis2 as { title: { text: string } }).title.text, "example");
  assert.throws(() => maskHeatmapFigure([{ title: "a", mask: D }, { title: "b", mask: fromArray([[1]]) }]), /panels\[1\].mask is \(1, 1\); panels\[0\].mask is \(2, 3\)/);
});

test("networkFigure: dropped units and their edges are drawn apart", () => {
  const f = networkFigure([2, 4, 3, 1], [[1, 0, 1, 0], [1, 1, 0]]);
  const [onEdges, offEdges, kept, dropped] = f.data;
  assert.equal((kept.x as number[]).length, 2 + 2 + 2 + 1);
  assert.equal((dropped.x as number[]).length, 3);
  // Edges: 2·4 + 4·3 + 3·1 = 23. Touching a dropped unit: 2·2 into hidden 1, 4·3 − 2·2 between the hidden layers, 1 out.
  const segments = (t: PlotlyTrace) => (t.x as unknown[]).filter((v) => v === null).length;
  assert.equal(segments(onEdges) + segments(offEdges), 23);
  assert.equal(segments(offEdges), 4 + 8 + 1);
  assert.match(String((f.layout.title as { text: string }).text), /2 of 4 in hidden 1, 1 of 3 in hidden 2/);
  assert.throws(() => networkFigure([2, 4, 1], [[1, 0]]), /kept\[0\] must have 4 entries/);
});

test("log axes: 1-2-5 ticks with plain labels, no SI prefixes", () => {
  assert.deepEqual(logTicks(0.06, 0.7).ticktext, ["0.07", "0.1", "0.15", "0.2", "0.3", "0.5", "0.7"]);
  assert.deepEqual(logTicks(1e-3, 0.7).ticktext, ["0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5"]);
  assert.deepEqual(logTicks(1e-4, 0.7).ticktext, ["0.0001", "0.001", "0.01", "0.1"]);
  assert.deepEqual(logTicks(1e-8, 1).ticktext, ["1e-8", "1e-7", "1e-6", "1e-5", "0.0001", "0.001", "0.01", "0.1", "1"]);
  assert.equal(tickLabel(2e-5), "2e-5");
  const f = costFigure([{ name: "r", costs: [0.65, 0.2, 0.06] }], { logY: true });
  const y = f.layout.yaxis as { type: string; ticktext: string[] };
  assert.equal(y.type, "log");
  assert.ok(y.ticktext.every((t) => /^[\d.]+$/.test(t) && Number(t) > 0), y.ticktext.join(" "));
  const s = sweepFigure([{ lambd: 1e-4, trainAccuracy: 0.9, testAccuracy: 0.9 }, { lambd: 1, trainAccuracy: 0.92, testAccuracy: 0.91 }], { parameter: "lambd", logX: true });
  assert.ok(!(s.layout.xaxis as { ticktext: string[] }).ticktext.some((t) => /µ/.test(t)));
});

test("accuracy ranges show differences of a few percent; coordinates are rounded to 1e-5 of the data's extent or finer", () => {
  const [lo, hi] = accuracyRange([0.915, 0.95]);
  assert.ok(lo > 0.85 && lo < 0.915 && hi > 0.95 && hi <= 1.02, `${lo} ${hi}`);
  assert.ok(accuracyRange([0.93, 0.931])[1] - accuracyRange([0.93, 0.931])[0] >= 0.04);
  assert.deepEqual(roundToExtent([0.123456789, -0.5, Number.NaN]), [0.123457, -0.5, null]);
  assert.deepEqual(roundToExtent([1000.123456, 1000.2]), [1000.123456, 1000.2]);
});
