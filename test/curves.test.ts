// The validation-curve figure: built from model()'s metrics, every panel titled, ranges that show the gap.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultDataset, model, validationFigure } from "../src/index";
import { withTemplate } from "../src/plot/share";

describe("validationFigure", () => {
  const ds = defaultDataset();
  const runs = [{}, { keepProb: 0.8 }].map((o, i) => ({
    name: i === 0 ? "plain" : "dropout <0.8>",
    metrics: model(ds.train.X, ds.train.Y, { ...o, numIterations: 2001, validation: ds.test, metricsEvery: 100 }).metrics,
  }));

  it("draws train and validation cost and accuracy per run, with axis titles on every panel", () => {
    const fig = validationFigure(runs);
    assert.equal(fig.data.length, 8);
    for (const k of ["", "2", "3", "4"]) {
      assert.ok((fig.layout[`xaxis${k}`] as { title: { text: string } }).title.text.length > 0);
      assert.ok((fig.layout[`yaxis${k}`] as { title: { text: string } }).title.text.length > 0);
    }
    const acc = fig.data.filter((t) => t.yaxis === "y2" || t.yaxis === "y4");
    const values = acc.flatMap((t) => t.y as number[]);
    const [low, high] = (fig.layout.yaxis2 as { range: [number, number] }).range;
    assert.ok(high - low < 30, `an accuracy range of a few percent, got [${low}, ${high}]`);
    assert.ok(values.filter((v) => v >= low && v <= high).length > 0.9 * values.length);
    // The iterations are stored once (the template), and every line has them.
    assert.deepEqual(fig.data.map((_, k) => withTemplate(fig, k).x), fig.data.map(() => runs[0].metrics.map((m) => m.iteration)));
    assert.ok(fig.data.every((t) => t.x === undefined));
    assert.ok(fig.data.every((t) => (t.y as number[]).every(Number.isFinite)));
    const titles = (fig.layout.annotations as { text: string }[]).map((a) => a.text);
    assert.deepEqual(titles, ["<b>plain</b>", "<b>dropout &lt;0.8&gt;</b>"], "run names are escaped");
  });

  it("refuses runs without validation metrics, naming what to do", () => {
    const bare = model(ds.train.X, ds.train.Y, { numIterations: 20, metricsEvery: 10 }).metrics;
    assert.throws(() => validationFigure([{ name: "x", metrics: bare }]), /runs\[0\]\.metrics have no validation values; train with model\(X, Y, \{ validation/);
    assert.throws(() => validationFigure([]), /runs must be a non-empty array/);
  });
});
