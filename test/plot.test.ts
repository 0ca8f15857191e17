/**
 * The plotting module: figure builders, HTML output (script injection), the
 * tslab display helper against a stand-in for the kernel's writer, and a real
 * Chromium rendering of standalone pages.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matrix, type Matrix } from "../src/matrix";
import { fromArray } from "../src/matrix-array";
import {
  accuracyFigure,
  costFigure,
  datasetFigure,
  decisionBoundaryFigure,
  decisionBoundaryGrid,
  escapeInlineScript,
  figureToHtml,
  liveFigure,
  plotlyBundle,
  plotlyScriptTag,
  showFigure,
  showTable,
  sweepFigure,
  tableToHtml,
  writeFigureHtml,
  type Figure,
  type PlotlyTrace,
} from "../src/plot";
import { decodeGrid, type TypedArraySpec } from "../src/plot/compact";
import { kernelName } from "../src/plot/kernel";

const INJECTION = "</script><script>window.__pwned=1</script>";

// Six labelled points: X (2, 6), Y (1, 6).
const X = fromArray([
  [-0.5, -0.2, 0.1, 0.3, -0.6, 0.2],
  [0.4, -0.3, 0.5, -0.6, -0.1, 0.0],
]);
const Y = fromArray([[0, 1, 1, 0, 0, 1]]);
const points = { X, Y };

/** Predicts 1 where x1 > x2: an asymmetric rule, so swapped axes would show. */
function aboveDiagonal(G: Matrix): Float64Array {
  const n = G.cols;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = G.data[k] > G.data[n + k] ? 1 : 0;
  return out;
}

/** What the page checks read, typed here because the project's lib has no DOM. */
interface PageGlobals {
  document: {
    getElementById(id: string): { data: unknown[] } | null;
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  __pwned?: unknown;
}

const xs = (t: PlotlyTrace) => t.x as number[];
const ys = (t: PlotlyTrace) => t.y as number[];

// ---------------------------------------------------------------------------
// builders

test("datasetFigure: four scatter traces, train and test by class", () => {
  const test2 = { X: fromArray([[0.1, 0.2], [0.3, 0.4]]), Y: fromArray([[1, 0]]) };
  const f = datasetFigure(points, test2, { title: "data" });
  assert.equal(f.data.length, 4);
  assert.deepEqual(f.data.map((t) => t.type), ["scatter", "scatter", "scatter", "scatter"]);
  // Train class 0 holds columns 0, 3, 4; class 1 holds 1, 2, 5.
  assert.deepEqual(xs(f.data[0]), [-0.5, 0.3, -0.6]);
  assert.deepEqual(ys(f.data[0]), [0.4, -0.6, -0.1]);
  assert.deepEqual(xs(f.data[1]), [-0.2, 0.1, 0.2]);
  assert.deepEqual(xs(f.data[2]), [0.2]);
  assert.deepEqual(xs(f.data[3]), [0.1]);
  const symbol = (t: PlotlyTrace) => (t.marker as { symbol: string }).symbol;
  const color = (t: PlotlyTrace) => (t.marker as { color: string }).color;
  assert.equal(symbol(f.data[0]), symbol(f.data[1]));
  assert.notEqual(symbol(f.data[0]), symbol(f.data[2]));
  assert.equal(color(f.data[0]), color(f.data[2]));
  assert.notEqual(color(f.data[0]), color(f.data[1]));
  assert.equal(datasetFigure(points).data.length, 2);
  assert.doesNotThrow(() => JSON.stringify(f));
});

test("datasetFigure: bad points name the argument", () => {
  assert.throws(() => datasetFigure({ X: matrix(3, 6), Y }), /datasetFigure: train\.X has shape \(3, 6\)/);
  assert.throws(() => datasetFigure(points, { X, Y: fromArray([[0, 1, 2, 0, 0, 1]]) }), /test\.Y must hold only 0 and 1, got 2/);
  assert.throws(() => datasetFigure(undefined as never), /train must be \{X, Y\}/);
});

test("costFigure: runs overlaid, x = index × every, log option", () => {
  const f = costFigure([
    { name: "plain", costs: [0.7, 0.4, 0.3] },
    { name: "dropout", costs: [0.69, Number.NaN, 0.2], every: 500 },
  ]);
  assert.equal(f.data.length, 2);
  assert.deepEqual(xs(f.data[0]), [0, 1000, 2000]);
  assert.deepEqual(xs(f.data[1]), [0, 500, 1000]);
  assert.deepEqual(ys(f.data[1]), [0.69, null, 0.2]);
  assert.equal((f.layout.yaxis as { type: string }).type, "linear");
  assert.equal((costFigure([{ name: "a", costs: [1] }], { logY: true }).layout.yaxis as { type: string }).type, "log");
  assert.throws(() => costFigure([]), /costFigure: runs must be a non-empty array/);
  assert.throws(() => costFigure([{ name: "a", costs: [1], every: 0 }]), /runs\[0\]\.every must be a finite number > 0, got 0/);
});

test("decisionBoundaryFigure: predict once on a 2×N grid covering the course extents", () => {
  const calls: Matrix[] = [];
  const f = decisionBoundaryFigure(
    (G) => {
      calls.push(G);
      return aboveDiagonal(G);
    },
    points,
    { resolution: 50 },
  );
  assert.equal(calls.length, 1);
  const G = calls[0];
  assert.equal(G.rows, 2);
  assert.equal(G.cols, 50 * 50);
  const row = (r: number) => Array.from(G.data.subarray(r * G.cols, (r + 1) * G.cols));
  assert.equal(Math.min(...row(0)), -0.75);
  assert.equal(Math.max(...row(0)), 0.4);
  assert.equal(Math.min(...row(1)), -0.75);
  assert.equal(Math.max(...row(1)), 0.65);

  assert.deepEqual(f.data.map((t) => t.type), ["contour", "scatter", "scatter"]);
  const c = f.data[0];
  // Predictions travel as plotly's typed array of bytes: round(250 · P(y=1)), so labels are 0 and 250.
  assert.equal((c.z as TypedArraySpec).dtype, "u1");
  const z = decodeGrid(c.z as TypedArraySpec);
  // The grid is stored as origin and step (x0, dx, y0, dy), not as arrays.
  assert.equal(c.x, undefined);
  const axis = (v0: number, d: number, n: number) => Array.from({ length: n }, (_, k) => v0 + k * d);
  const gx = axis(c.x0 as number, c.dx as number, z[0].length);
  const gy = axis(c.y0 as number, c.dy as number, z.length);
  assert.equal(c.x0, -0.75);
  assert.ok(Math.abs(gx[gx.length - 1] - 0.4) < 1e-9 && Math.abs(gy[gy.length - 1] - 0.65) < 1e-9);
  assert.equal(z.length, gy.length);
  assert.equal(z[0].length, gx.length);
  // Orientation: z[j][i] is the rule at (x[i], y[j]).
  for (let j = 0; j < gy.length; j += 7) {
    for (let i = 0; i < gx.length; i += 5) assert.equal(z[j][i], gx[i] > gy[j] ? 250 : 0);
  }
  assert.ok(z.flat().every((v) => v === 0 || v === 250));
  assert.deepEqual(c.contours, { start: 125, end: 125, size: 250, coloring: "fill" }, "the two regions split at P(y=1) = 0.5");
  assert.equal(f.data[1].xaxis, "x");
  assert.deepEqual((f.layout.xaxis as { range: number[] }).range, [-0.75, 0.4]);
  assert.deepEqual((f.layout.yaxis as { range: number[] }).range, [-0.75, 0.65]);
});

test("decisionBoundaryFigure: options, probabilities and bad predictions", () => {
  let seen: Matrix | undefined;
  const f = decisionBoundaryFigure(
    (G) => {
      seen = G;
      return fromArray([Array.from({ length: G.cols }, (_, k) => (k % 3) / 3)]);
    },
    points,
    { xRange: [-2, 2], yRange: [0, 1], resolution: 4, probabilities: true },
  );
  assert.deepEqual(Array.from(seen!.data.subarray(0, 4)), [-2, -2 + 4 / 3, -2 + 8 / 3, 2]);
  assert.deepEqual(decodeGrid(f.data[0].z as TypedArraySpec)[0], [0, 83, 167, 0], "P(y=1) in steps of 1/250");
  assert.deepEqual((f.data[0].contours as { start: number; end: number }), { start: 25, end: 225, size: 25, coloring: "fill" });
  // Two regions from probabilities: the same bytes, one level at 0.5, so plotly interpolates the boundary between grid points.
  const two = decisionBoundaryFigure((G) => Float64Array.from({ length: G.cols }, (_, k) => (k % 3) / 3), points, { xRange: [-2, 2], yRange: [0, 1], resolution: 4 });
  assert.deepEqual(decodeGrid(two.data[0].z as TypedArraySpec)[0], [0, 83, 167, 0]);
  assert.deepEqual(two.data[0].contours, { start: 125, end: 125, size: 250, coloring: "fill" });
  assert.throws(() => decisionBoundaryFigure(() => [1, 0], points, { resolution: 3 }), /predict must return 9 values for a \(2, 9\) grid, got an array of length 2/);
  assert.throws(() => decisionBoundaryFigure(() => new Float64Array(4).fill(Number.NaN), points, { resolution: 2 }), /predict returned NaN/);
  assert.throws(() => decisionBoundaryFigure("nope" as never, points), /predict must be a function/);
  assert.throws(() => decisionBoundaryFigure(aboveDiagonal, points, { resolution: 1000 }), /resolution must be an integer in \[2, 400\], got 1000/);
  assert.throws(() => decisionBoundaryFigure(aboveDiagonal, points, { xRange: [1, 0] }), /xRange must be \[min, max\]/);
});

test("decisionBoundaryGrid: small multiples on their own axes", () => {
  const panels = ["a", "b", "c", "d", "e"].map((title) => ({ title, predict: aboveDiagonal, points }));
  const f = decisionBoundaryGrid(panels, { columns: 2, resolution: 10 });
  assert.equal(f.data.length, 15);
  assert.equal(f.data.filter((t) => t.type === "contour").length, 5);
  const axes = ["x", "x2", "x3", "x4", "x5"];
  axes.forEach((a, k) => {
    for (const t of f.data.slice(3 * k, 3 * k + 3)) {
      assert.equal(t.xaxis, a);
      assert.equal(t.yaxis, a.replace("x", "y"));
    }
    const suffix = k === 0 ? "" : String(k + 1);
    const xa = f.layout[`xaxis${suffix}`] as { domain: number[]; anchor: string };
    const ya = f.layout[`yaxis${suffix}`] as { domain: number[]; anchor: string };
    assert.equal(xa.anchor, `y${suffix}`);
    assert.equal(ya.anchor, `x${suffix}`);
    for (const d of [xa.domain, ya.domain]) assert.ok(d[0] >= 0 && d[0] < d[1] && d[1] <= 1, `domain ${d}`);
  });
  // Two columns: panel 1 and 2 share a row, side by side; panel 3 starts row 2, below.
  const dom = (s: string) => (f.layout[s] as { domain: number[] }).domain;
  assert.ok(dom("xaxis")[1] <= dom("xaxis2")[0]);
  assert.ok(dom("yaxis3")[1] <= dom("yaxis")[0]);
  assert.deepEqual((f.layout.annotations as { text: string }[]).map((a) => a.text), ["a", "b", "c", "d", "e"]);
  // Only the first panel's points carry the legend.
  assert.deepEqual(f.data.filter((t) => t.type === "scatter" && t.showlegend).length, 2);
  assert.throws(() => decisionBoundaryGrid([]), /panels must be a non-empty array/);
});

test("accuracyFigure: grouped train and test bars", () => {
  const f = accuracyFigure([
    { name: "plain", train: 0.95, test: 0.915 },
    { name: "L2", train: 0.94, test: 0.93 },
  ]);
  assert.equal(f.layout.barmode, "group");
  assert.deepEqual(f.data.map((t) => [t.type, t.name]), [["bar", "train"], ["bar", "test"]]);
  assert.deepEqual(f.data[0].x, ["plain", "L2"]);
  assert.deepEqual(f.data[1].y, [0.915, 0.93]);
  assert.throws(() => accuracyFigure([{ name: "x", train: 95, test: 0.9 }]), /rows\[0\]\.train must be an accuracy in \[0, 1\], got 95/);
});

test("sweepFigure: mean over seeds with sample standard deviation error bars", () => {
  const rows = [
    { keepProb: 0.9, seed: 1, trainAccuracy: 0.96, testAccuracy: 0.9 },
    { keepProb: 0.5, seed: 1, trainAccuracy: 0.9, testAccuracy: 0.8 },
    { keepProb: 0.5, seed: 2, trainAccuracy: 0.92, testAccuracy: 0.9 },
    { keepProb: 0.5, seed: 3, trainAccuracy: 0.94, testAccuracy: 0.85 },
  ];
  const f = sweepFigure(rows, { parameter: "keepProb" });
  const [train, test] = f.data;
  assert.deepEqual(train.x, [0.5, 0.9]);
  // By hand, keepProb 0.5: train 0.90, 0.92, 0.94 → mean 0.92, deviations ±0.02, 0
  // → sd = sqrt((0.0004 + 0.0004) / 2) = 0.02; test 0.80, 0.90, 0.85 → mean 0.85, sd 0.05.
  // keepProb 0.9 has one seed: sd 0.
  const near = (a: number[], b: number[]) => a.forEach((v, k) => assert.ok(Math.abs(v - b[k]) < 1e-12, `${a} vs ${b}`));
  near(train.y as number[], [0.92, 0.96]);
  near(test.y as number[], [0.85, 0.9]);
  near((train.error_y as { array: number[] }).array, [0.02, 0]);
  near((test.error_y as { array: number[] }).array, [0.05, 0]);
  assert.equal((f.layout.xaxis as { title: { text: string } }).title.text, "keepProb");

  const lam = sweepFigure(
    [
      { value: 0.1, trainAccuracy: 0.9, testAccuracy: 0.9 },
      { value: 0.01, trainAccuracy: 0.95, testAccuracy: 0.91 },
    ],
    { parameter: "lambd", logX: true },
  );
  assert.deepEqual(lam.data[0].x, [0.01, 0.1]);
  assert.equal((lam.layout.xaxis as { type: string }).type, "log");
  assert.throws(() => sweepFigure([{ value: 0, trainAccuracy: 1, testAccuracy: 1 }], { parameter: "lambd", logX: true }), /logX needs lambd > 0, got 0/);
  assert.throws(() => sweepFigure([{ trainAccuracy: 1, testAccuracy: 1 }], { parameter: "keepProb" }), /needs a finite number in "value" or "keepProb"/);
});

test("sweepFigure: rows with a dev accuracy draw train against dev, the line to choose by; test on request", () => {
  const rows = [
    { keepProb: 0.5, trainAccuracy: 0.9, devAccuracy: 0.8, testAccuracy: 0.7 },
    { keepProb: 0.5, trainAccuracy: 0.92, devAccuracy: 0.9, testAccuracy: 0.7123 },
    { keepProb: 1, trainAccuracy: 0.96, devAccuracy: 0.85, testAccuracy: 0.8 },
  ];
  const f = sweepFigure(rows, { parameter: "keepProb" });
  assert.deepEqual(f.data.map((t) => t.name), ["train", "dev"]);
  (f.data[1].y as number[]).forEach((v, i) => assert.ok(Math.abs(v - [(0.8 + 0.9) / 2, 0.85][i]) < 1e-6, `dev mean ${v}`));
  assert.ok(!JSON.stringify(f).includes("0.7123"), "no test accuracy in a dev chart");
  const t = sweepFigure(rows, { parameter: "keepProb", heldOut: "test" });
  assert.deepEqual(t.data.map((d) => d.name), ["train", "test"]);
  (t.data[1].y as number[]).forEach((v, i) => assert.ok(Math.abs(v - [(0.7 + 0.7123) / 2, 0.8][i]) < 1e-6, `test mean ${v}`));
  assert.throws(() => sweepFigure([{ keepProb: 1, trainAccuracy: 1, testAccuracy: 1 }], { parameter: "keepProb", heldOut: "dev" }), /options\.heldOut is "dev", but the rows have no devAccuracy/);
  assert.throws(() => sweepFigure(rows, { parameter: "keepProb", heldOut: "train" as "dev" }), /options\.heldOut must be "dev" or "test", got "train"/);
  assert.throws(() => sweepFigure([rows[0], { ...rows[1], devAccuracy: 90 }], { parameter: "keepProb" }), /rows\[1\]\.devAccuracy must be an accuracy in \[0, 1\], got 90/);
});

// ---------------------------------------------------------------------------
// HTML and script injection

/** Splits HTML into script bodies by counting tags, the way a browser's tokenizer ends them. */
function scriptBlocks(html: string): { opens: number; closes: number; bodies: string[] } {
  const opens = (html.match(/<script\b/gi) ?? []).length;
  const closes = (html.match(/<\/script/gi) ?? []).length;
  const bodies: string[] = [];
  const re = /<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) bodies.push(m[1]);
  return { opens, closes, bodies };
}

function figureJson(scriptBody: string): { data: PlotlyTrace[]; layout: Record<string, unknown> } {
  const m = /var fig = (.*);\n/.exec(scriptBody);
  assert.ok(m, "figure JSON found in the script");
  return JSON.parse(m[1]);
}

test("figureToHtml: an injected title, name or id cannot leave the script block", () => {
  const hostile = `${INJECTION} & <!-- \u2028\u2029 '"`;
  const fig: Figure = {
    data: [{ type: "scatter", name: hostile, x: [1, 2], y: [3, 4] }],
    layout: { title: { text: hostile }, xaxis: { title: { text: INJECTION } } },
  };
  const html = figureToHtml(fig, { divId: `d"><script>window.__pwned=2</script>` });
  const { opens, closes, bodies } = scriptBlocks(html);
  assert.equal(opens, 1, "exactly one script tag opens");
  assert.equal(closes, 1, "the only </script is the real closing tag");
  assert.ok(html.trimEnd().endsWith("</script>"));
  assert.ok(!/[\u2028\u2029]/.test(html));
  assert.ok(!bodies[0].includes("<!--"));
  const parsed = figureJson(bodies[0]);
  assert.equal((parsed.layout.title as { text: string }).text, hostile);
  assert.equal(parsed.data[0].name, hostile);
  assert.deepEqual(parsed.data, fig.data);
  assert.deepEqual({ ...parsed.layout }, fig.layout);
  // The div id is HTML-escaped in the attribute.
  assert.ok(html.includes(`id="d&quot;&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;"`));
});

test("figureToHtml: bad figures name the argument", () => {
  assert.throws(() => figureToHtml(null as never), /figureToHtml: figure must be a plotly figure/);
  assert.throws(() => figureToHtml({ data: "x" } as never), /figureToHtml: figure\.data must be an array of traces/);
  assert.throws(() => figureToHtml({ data: [], layout: {} }, { height: "1px; background:url(x)" }), /options\.height must be/);
});

test("escapeInlineScript and plotlyScriptTag: the bundle cannot end its own script early", () => {
  const src = `var a = "</script><!-- x"; var b = '</SCRIPT >'; var r = /<\\/script>/;`;
  const safe = escapeInlineScript(src);
  assert.equal((safe.match(/<\/script/gi) ?? []).length, 0);
  assert.ok(!safe.includes("<!--"));
  // Same meaning: the strings and the regular expression are unchanged.
  const run = (code: string) => new Function(`${code}; return [a, b, r.source];`)();
  assert.deepEqual(run(safe), run(src));

  const tag = plotlyScriptTag();
  const { opens, closes } = scriptBlocks(tag);
  assert.equal(opens, 1);
  assert.equal(closes, 1);
  assert.ok(tag.endsWith("</script>"));
  assert.ok(plotlyBundle().length > 1e6, "the plotly.js bundle is read from the npm package");
  assert.equal(plotlyBundle(), plotlyBundle());
});

test("writeFigureHtml: a standalone page holding the bundle and the figure", () => {
  const dir = mkdtempSync(join(tmpdir(), "plot-"));
  try {
    const path = join(dir, "f.html");
    const fig = costFigure([{ name: "run", costs: [0.6, 0.2] }], { title: INJECTION });
    writeFigureHtml(fig, path);
    const page = readFileSync(path, "utf8");
    assert.ok(page.includes(plotlyBundle().slice(0, 2000)));
    assert.ok(page.includes(plotlyBundle().slice(-2000)));
    assert.ok(page.includes(`<title>&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>`));
    const { opens, closes, bodies } = scriptBlocks(page);
    assert.equal(opens, 2);
    assert.equal(closes, 2);
    assert.deepEqual(figureJson(bodies[1]).data, JSON.parse(JSON.stringify(fig.data)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("tableToHtml: DataFrame-like, Series-like and row objects, all escaped", () => {
  const rows = tableToHtml([{ model: INJECTION, acc: 0.123456789 }, { acc: 1, extra: null }]);
  assert.ok(!rows.includes("<script"));
  assert.ok(rows.includes("<th>model</th><th>acc</th><th>extra</th>"));
  assert.ok(rows.includes("<td>&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;</td><td>0.123457</td><td></td>"));

  // The shape danfojs gives: columns, values (rows), index; describe() has a named index.
  const df = { columns: ["x1", "<y>"], values: [[3, 3], [0.5, 0.25]], index: ["count", "mean"] };
  const t = tableToHtml(df, { caption: "a & b" });
  assert.ok(t.includes("<th></th><th>x1</th><th>&lt;y&gt;</th>"));
  assert.ok(t.includes("<tr><th>count</th><td>3</td><td>3</td></tr>"));
  assert.ok(t.includes("<caption>a &amp; b</caption>"));
  // A default index 0..n-1 is not shown; a Series is one column.
  const series = tableToHtml({ columns: ["y"], values: [1, 0], index: [0, 1] });
  assert.ok(series.includes("<thead><tr><th>y</th></tr></thead>"));
  assert.ok(series.includes("<tr><td>1</td></tr>"));
  assert.ok(tableToHtml([{ a: 1 }, { a: 2 }, { a: 3 }], { maxRows: 2 }).includes("1 more rows (3 in all)"));
  assert.throws(() => tableToHtml(42 as never), /table must be a danfojs DataFrame or Series, or an array of row objects, got 42/);
});

// ---------------------------------------------------------------------------
// the display helper in tslab (Deno: test/display-deno.test.ts)

test("showFigure outside a kernel: a clear error pointing to writeFigureHtml", () => {
  const fig = costFigure([{ name: "a", costs: [1] }]);
  assert.throws(() => showFigure(fig), (e: Error) => /^showFigure needs a Jupyter notebook kernel, tslab's or Deno's/.test(e.message) && /writeFigureHtml/.test(e.message));
  assert.throws(() => showFigure({ layout: {} } as never), /showFigure: figure\.data must be an array/);
  assert.throws(() => showTable([{ a: 1 }]), /showHtml needs a Jupyter notebook kernel, tslab's or Deno's \(no notebook cell is executing in a tslab kernel\)/);
});

test("showFigure and liveFigure in a (simulated) kernel: bundle once, multi-MIME, in-place updates", () => {
  // tslab's kernel sets this writer while a cell runs; stand in for it.
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  type Sent = { data: Record<string, unknown>; transient: { display_id?: string }; update: boolean };
  const sent: Sent[] = [];
  jupyter.lastWriteDisplayData = (msg: Omit<Sent, "update">, update: boolean) => sent.push({ ...msg, update: Boolean(update) });
  try {
    assert.equal(kernelName(), "tslab");
    const fig = costFigure([{ name: INJECTION, costs: [0.6, 0.3] }]);
    showFigure(fig);
    showFigure(accuracyFigure([{ name: "m", train: 1, test: 0.5 }]));
    assert.equal(sent.length, 3);
    assert.deepEqual(Object.keys(sent[0].data), ["text/html"]);
    assert.equal(sent[0].data["text/html"], plotlyScriptTag());
    for (const s of sent.slice(1)) {
      assert.deepEqual(Object.keys(s.data).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
      assert.equal(s.update, false);
      assert.ok(!(s.data["text/html"] as string).includes("embedded by dropout-lab"), "the bundle is not sent again");
    }
    assert.deepEqual(sent[1].data["application/vnd.plotly.v1+json"], JSON.parse(JSON.stringify({ data: fig.data, layout: fig.layout })));
    assert.equal(scriptBlocks(sent[1].data["text/html"] as string).closes, 1);

    sent.length = 0;
    const live = liveFigure();
    live.update(costFigure([{ name: "run", costs: [0.7] }]), "iteration 0, 0.0 s");
    live.update(costFigure([{ name: "run", costs: [0.7, 0.5] }]), "iteration 1000, 0.4 s");
    assert.equal(sent.length, 2);
    assert.deepEqual(sent.map((s) => s.update), [false, true]);
    assert.ok(sent[0].transient.display_id);
    assert.equal(sent[0].transient.display_id, sent[1].transient.display_id);
    const last = sent[1].data["application/vnd.plotly.v1+json"] as Figure;
    assert.deepEqual(last.data[0].y, [0.7, 0.5]);
    assert.equal((last.layout.annotations as { text: string }[])[0].text, "iteration 1000, 0.4 s");
    assert.throws(() => live.update({} as never), /liveFigure\.update: figure\.data must be an array/);
    live.close();
    assert.throws(() => live.update(costFigure([{ name: "run", costs: [1] }])), /closed/);
    assert.equal(sent.length, 2);
  } finally {
    jupyter.lastWriteDisplayData = null;
  }
});

// ---------------------------------------------------------------------------
// a real browser

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI === "true") throw new Error(`plot.test: ${CHROMIUM} is missing, and CI=true requires the browser check`);
  console.log(`NOTICE: ${CHROMIUM} not found; skipping the real-browser plot checks (they are required when CI=true).`);
}

test("Chromium renders standalone pages; the injected title stays text", { skip: haveChromium ? false : `${CHROMIUM} not found` }, async () => {
  const { chromium } = await import("playwright-core");
  const dir = mkdtempSync(join(tmpdir(), "plot-browser-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    const boundary = join(dir, "boundary.html");
    writeFigureHtml(decisionBoundaryFigure(aboveDiagonal, points, { title: INJECTION, resolution: 40 }), boundary);
    await page.goto(`file://${boundary}`);
    await page.waitForSelector("#figure .main-svg", { timeout: 30000 });
    const b = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return {
        traces: w.document.getElementById("figure")?.data.length,
        contours: w.document.querySelectorAll(".contourlayer > g.contour").length,
        scatters: w.document.querySelectorAll(".scatterlayer .trace").length,
        title: w.document.querySelector(".gtitle")?.textContent,
        pwned: w.__pwned,
      };
    });
    assert.deepEqual(b, { traces: 3, contours: 1, scatters: 2, title: INJECTION, pwned: undefined });

    // Order does not matter: here the figure comes before the bundle that draws it.
    const late = join(dir, "late.html");
    const grid = decisionBoundaryGrid(
      ["a", "b"].map((title) => ({ title, predict: aboveDiagonal, points })),
      { resolution: 20, title: INJECTION },
    );
    writeFileSync(late, `<!DOCTYPE html><meta charset="utf-8"><body>${figureToHtml(grid, { divId: "g" })}\n${plotlyScriptTag()}</body>`);
    await page.goto(`file://${late}`);
    await page.waitForSelector("#g .main-svg", { timeout: 30000 });
    const g = await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      return {
        traces: w.document.getElementById("g")?.data.length,
        contours: w.document.querySelectorAll(".contourlayer > g.contour").length,
        scatters: w.document.querySelectorAll(".scatterlayer .trace").length,
        title: w.document.querySelector(".gtitle")?.textContent,
        pwned: w.__pwned,
      };
    });
    assert.deepEqual(g, { traces: 6, contours: 2, scatters: 4, title: INJECTION, pwned: undefined });
    // The template's axis defaults reach every axis, and the shared points every panel.
    const full = await page.evaluate(() => {
      const el = (globalThis as unknown as { document: { getElementById(id: string): unknown } }).document.getElementById("g") as {
        _fullLayout: Record<string, { ticklabeloverflow?: string }>;
        _fullData: { type: string; x?: ArrayLike<number> }[];
      };
      return {
        overflow: ["xaxis", "yaxis", "xaxis2", "yaxis2"].map((a) => el._fullLayout[a].ticklabeloverflow),
        points: el._fullData.filter((t) => t.type === "scatter").map((t) => t.x?.length ?? 0),
      };
    });
    assert.deepEqual(full, { overflow: ["allow", "allow", "allow", "allow"], points: [3, 3, 3, 3] });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
