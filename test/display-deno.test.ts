/**
 * The display layer under Deno's Jupyter kernel, against a stand-in for
 * `Deno.jupyter` (the real kernel runs in test/integration/): the order of
 * outputs, in-place updates coalesced while they wait, the plotly.js bundle
 * once, a failed display reported on stderr; and the values that render
 * richly as a cell's last value (`Symbol.for("Jupyter.display")`): matrices,
 * the exported figure builders' figures and check results.
 */
import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import * as lib from "../src/index";
import { fromArray } from "../src/matrix-array";
import { costFigure as plainCostFigure } from "../src/plot/charts";
import { plotlyScriptTag } from "../src/plot/html";

const DISPLAY = Symbol.for("Jupyter.display");
type Options = { raw?: boolean; update?: boolean; display_id?: string };
type Sent = { bundle: Record<string, unknown>; options: Options };

/** Installs a stand-in `Deno.jupyter` whose display resolves after `delayMs`; returns what it was sent. */
function fakeDeno(delayMs = 1, fail?: (bundle: Record<string, unknown>) => boolean): Sent[] {
  const sent: Sent[] = [];
  let busy = false;
  (globalThis as Record<string, unknown>).Deno = {
    jupyter: {
      display: async (bundle: Record<string, unknown>, options: Options) => {
        assert.equal(busy, false, "a display started before the previous one settled");
        busy = true;
        await new Promise((r) => setTimeout(r, delayMs));
        busy = false;
        if (fail?.(bundle)) throw new Error("socket closed");
        sent.push({ bundle, options });
      },
    },
  };
  return sent;
}

afterEach(async () => {
  await lib.displaysSent();
  delete (globalThis as Record<string, unknown>).Deno;
});

const html = (s: Sent) => String(s.bundle["text/html"] ?? "");

test("under Deno: outputs go out in order, one at a time, the plotly.js bundle first and once", async () => {
  assert.equal(lib.kernelName(), undefined, "outside a notebook cell");
  const sent = fakeDeno();
  assert.equal(lib.kernelName(), "deno");
  lib.showFigure(lib.costFigure([{ name: "a", costs: [1, 0.5] }]));
  lib.showTable([{ a: 1 }], { caption: "t" });
  lib.showFigure(lib.accuracyFigure([{ name: "m", train: 1, test: 0.5 }]));
  assert.equal(sent.length, 0, "Deno's display is asynchronous: nothing is sent synchronously");
  await lib.displaysSent();
  assert.equal(sent.length, 4);
  assert.equal(html(sent[0]), plotlyScriptTag());
  assert.match(html(sent[1]), /class="dropout-lab-figure"/);
  assert.deepEqual(Object.keys(sent[1].bundle).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.match(html(sent[2]), /<caption>t<\/caption>/);
  assert.match(html(sent[3]), /class="dropout-lab-figure"/);
  for (const s of sent) assert.deepEqual(s.options, { raw: true }, "a new output has no display id and is no update");
});

test("under Deno: a live figure is one output; states that wait to be sent are coalesced", async () => {
  const sent = fakeDeno(5);
  lib.embedPlotly(); // once per process: sent here unless an earlier test did
  await lib.displaysSent();
  sent.length = 0;
  const live = lib.liveFigure();
  for (let i = 1; i <= 30; i++) live.update(lib.costFigure([{ name: "run", costs: Array.from({ length: i }, (_, k) => 1 / (k + 1)) }]), `iteration ${i}`);
  live.close();
  lib.showTable([{ after: "the loop" }]);
  await lib.displaysSent();
  // Nothing goes out during synchronous code: the 30 states became one new output, with the newest state.
  assert.equal(sent.length, 2, sent.map((s) => JSON.stringify(s.options)).join("\n"));
  const id = sent[0].options.display_id;
  assert.ok(id && /^dropout-lab-[0-9a-f]{16}$/.test(id));
  assert.deepEqual(sent[0].options, { raw: true, display_id: id });
  const last = sent[0].bundle["application/vnd.plotly.v1+json"] as { data: { y: number[] }[] };
  assert.equal(last.data[0].y.length, 30, "the output that went out holds the newest state");
  assert.match(String(sent[0].bundle["text/plain"]), /iteration 30$/);
  assert.deepEqual(sent[1].options, { raw: true }, "the table is a new output, after");
  assert.match(html(sent[1]), /the loop/);
});

test("under Deno: a live figure updated from asynchronous code sends every state", async () => {
  const sent = fakeDeno(1);
  const live = lib.liveFigure();
  for (let i = 1; i <= 3; i++) {
    live.update(lib.costFigure([{ name: "run", costs: [1, 1 / i] }]), `step ${i}`);
    await lib.displaysSent();
  }
  const mine = sent.filter((s) => s.options.display_id !== undefined);
  assert.deepEqual(mine.map((s) => Boolean(s.options.update)), [false, true, true]);
});

test("under Deno: a display that fails is reported on stderr, and later ones still go out", async (t) => {
  const sent = fakeDeno(1, (b) => String(b["text/html"]).includes("doomed"));
  const errors: string[] = [];
  t.mock.method(console, "error", (m: string) => errors.push(m));
  lib.showHtml("<p>doomed</p>");
  lib.showHtml("<p>fine</p>");
  await lib.displaysSent();
  assert.deepEqual(errors, ["DisplayError: dropout-lab could not send an output to the Deno kernel: socket closed"]);
  assert.deepEqual(sent.map(html), ["<p>fine</p>"]);
});

test("a matrix renders as numpy-like text in Deno; its data is unchanged", () => {
  const A = fromArray([[1, 2.5], [3, 4]]);
  const bundle = (A as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]();
  assert.equal(bundle["text/plain"], "Matrix (2, 2)\n[[1.  2.5]\n [3.  4. ]]");
  assert.equal(bundle["text/html"], `<pre class="dropout-lab-matrix">Matrix (2, 2)\n[[1.  2.5]\n [3.  4. ]]</pre>`);
  assert.deepEqual(Object.keys(A), ["rows", "cols", "data"]);
  assert.equal(JSON.stringify(A), JSON.stringify({ rows: 2, cols: 2, data: A.data }));
});

test("the exported builders' figures render as charts in Deno; the figure files' figures are plain", () => {
  const fig = lib.costFigure([{ name: "a", costs: [1, 0.5] }]);
  assert.deepEqual(fig, plainCostFigure([{ name: "a", costs: [1, 0.5] }]), "the same figure data");
  assert.equal(typeof (plainCostFigure([{ name: "a", costs: [1] }]) as unknown as Record<symbol, unknown>)[DISPLAY], "undefined");
  const bundle = (fig as unknown as Record<symbol, () => Record<string, unknown>>)[DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.match(String(bundle["text/html"]), /class="dropout-lab-figure"/);
  assert.equal(JSON.stringify(fig), JSON.stringify({ data: fig.data, layout: fig.layout }));
  for (const name of [
    "accuracyFigure", "boundaryAnimationFigure", "boundarySliderFigure", "costFigure", "datasetFigure", "decisionBoundaryFigure",
    "decisionBoundaryGrid", "maskHeatmapFigure", "networkFigure", "sweepFigure", "validationFigure",
  ]) {
    assert.equal(typeof (lib as Record<string, unknown>)[name], "function", name);
  }
  const net = lib.networkFigure([2, 3, 1], [[1, 0, 1]]) as unknown as Record<symbol, unknown>;
  assert.equal(typeof net[DISPLAY], "function", "networkFigure's figure is rich");
});

test("a check result renders as its report in Deno, or as one line when the report was shown already", () => {
  const notShown = lib.check.computeCostWithRegularization(undefined, { display: "none" }) as unknown as Record<symbol, () => Record<string, string>>;
  const full = notShown[DISPLAY]();
  assert.match(full["text/html"], /class="dropout-lab-check" data-check="computeCostWithRegularization" data-status="not done yet"/);
  assert.match(full["text/plain"], /^computeCostWithRegularization: not done yet/);
  fakeDeno();
  const shown = lib.check.computeCostWithRegularization(undefined) as unknown as Record<symbol, () => Record<string, string>>;
  assert.deepEqual(Object.keys(shown[DISPLAY]()), ["text/plain"]);
  assert.doesNotMatch(shown[DISPLAY]()["text/plain"], /\n/);
});
