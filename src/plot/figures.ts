/**
 * Pure figure builders. Each returns a plotly figure `{ data, layout }` made of
 * plain JSON-serialisable objects; nothing here touches the DOM or the kernel.
 *
 * Points come as matrices the way the course stores them: X is (2, m) with one
 * example per column, Y is (1, m) of 0/1 labels.
 */
import { assertShape, isMatrix, matrix, shapeOf, type Matrix } from "../matrix";
import { checkLabels } from "../validate";
import { accuracyRange, logTicks, positiveExtent } from "./axes";
import { int8Grid, roundSignificant, roundToExtent } from "./compact";

/** One plotly trace: `type` plus whatever attributes that trace type takes. */
export interface PlotlyTrace {
  type: string;
  [attribute: string]: unknown;
}

/** A plotly figure. `config` is optional and passed to `Plotly.newPlot`; `frames` are animation frames. */
export interface Figure {
  data: PlotlyTrace[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
  frames?: Record<string, unknown>[];
}

/** A labelled point set: X (2, m), Y (1, m) of 0/1. */
export interface Points {
  X: Matrix;
  Y: Matrix;
}

/** A classifier on a batch: X (2, N) in, N predictions out (labels or probabilities). */
export type PredictFn = (X: Matrix) => ArrayLike<number> | Matrix;

/** Class colours (class 0, class 1) and the two-tone fill of a decision boundary. */
export const CLASS_COLORS: readonly [string, string] = ["#d7301f", "#2c7fb8"];
const REGION_COLORS: readonly [string, string] = ["#fcbba1", "#c6dbef"];
/** The course's plot extents for this assignment's dataset. */
export const COURSE_X_RANGE: readonly [number, number] = [-0.75, 0.4];
export const COURSE_Y_RANGE: readonly [number, number] = [-0.75, 0.65];

const DEFAULT_RESOLUTION = 150;
const MAX_RESOLUTION = 400;

// ---------------------------------------------------------------------------
// dataset scatter

/**
 * Scatter of a dataset: four traces, train class 0 and 1 (circles), then test
 * class 0 and 1 (crosses) when `test` is given. Colour encodes the class.
 */
export function datasetFigure(train: Points, test?: Points, options: { title?: string } = {}): Figure {
  checkPoints("datasetFigure", "train", train);
  const data = classTraces(train, "train", "circle", 7);
  if (test !== undefined) {
    checkPoints("datasetFigure", "test", test);
    data.push(...classTraces(test, "test", "x", 7));
  }
  return {
    data,
    layout: {
      title: titleOf(options.title ?? (test ? "Dataset: train and test" : "Dataset")),
      // Each axis on the data's own range: equal scales would leave most of the plot empty.
      xaxis: { title: { text: "x1" }, zeroline: false, range: paddedRange(data.flatMap((t) => t.x as number[])) },
      yaxis: { title: { text: "x2" }, zeroline: false, range: paddedRange(data.flatMap((t) => t.y as number[])) },
      legend: { orientation: "v" },
      margin: { t: 60 },
    },
  };
}

// ---------------------------------------------------------------------------
// cost curves

export interface CostRun {
  name: string;
  /** Cost samples; sample k was taken at iteration k × every. */
  costs: ArrayLike<number>;
  /** Iterations between samples; 1000 by default, as `model` records them. */
  every?: number;
}

/** Cost against iteration, one line per run; `logY` puts the cost on a log axis. */
export function costFigure(runs: readonly CostRun[], options: { logY?: boolean; title?: string } = {}): Figure {
  const fn = "costFigure";
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new TypeError(`${fn}: runs must be a non-empty array of {name, costs, every?}, got ${describeValue(runs)}`);
  }
  const data = runs.map((run, r): PlotlyTrace => {
    if (typeof run !== "object" || run === null) throw new TypeError(`${fn}: runs[${r}] must be an object, got ${describeValue(run)}`);
    if (typeof run.name !== "string") throw new TypeError(`${fn}: runs[${r}].name must be a string, got ${describeValue(run.name)}`);
    if (!isArrayLike(run.costs)) throw new TypeError(`${fn}: runs[${r}].costs must be an array of numbers, got ${describeValue(run.costs)}`);
    const every = run.every ?? 1000;
    if (!(typeof every === "number" && every > 0 && Number.isFinite(every))) {
      throw new RangeError(`${fn}: runs[${r}].every must be a finite number > 0, got ${String(every)}`);
    }
    const y = Array.from(run.costs, (c) => (Number.isFinite(c) ? c : null));
    return {
      type: "scatter",
      mode: "lines",
      name: run.name,
      x: y.map((_, k) => k * every),
      y,
    };
  });
  return {
    data,
    layout: {
      title: titleOf(options.title ?? "Cost"),
      xaxis: { title: { text: "iteration" } },
      yaxis: { title: { text: "cost" }, ...(options.logY ? logAxis(data.flatMap((t) => t.y as (number | null)[])) : { type: "linear" }) },
      margin: { t: 60 },
    },
  };
}

// ---------------------------------------------------------------------------
// decision boundary

export interface DecisionBoundaryOptions {
  title?: string;
  /** x1 extent of the grid; the course's [-0.75, 0.40] by default. */
  xRange?: readonly [number, number];
  /** x2 extent of the grid; the course's [-0.75, 0.65] by default. */
  yRange?: readonly [number, number];
  /** Grid points per axis, 2 to 400; 150 by default. */
  resolution?: number;
  /**
   * false (default): predictions are thresholded at 0.5 and drawn as two filled
   * regions. true: they are probabilities, shaded continuously with the 0.5 line.
   */
  probabilities?: boolean;
}

/** A regular grid over the plane and its points as a (2, nx·ny) matrix, row-major in y. */
export interface Grid {
  x: number[];
  y: number[];
  /** Column j·nx + i holds (x[i], y[j]). */
  X: Matrix;
}

/** The grid a decision boundary is evaluated on (computed first, drawn second). */
export function decisionGrid(xRange: readonly [number, number], yRange: readonly [number, number], resolution: number): Grid {
  const fn = "decisionGrid";
  checkRange(fn, "xRange", xRange);
  checkRange(fn, "yRange", yRange);
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > MAX_RESOLUTION) {
    throw new RangeError(`${fn}: resolution must be an integer in [2, ${MAX_RESOLUTION}], got ${String(resolution)}`);
  }
  const x = linspace(xRange[0], xRange[1], resolution);
  const y = linspace(yRange[0], yRange[1], resolution);
  const n = x.length * y.length;
  const X = matrix(2, n);
  for (let j = 0; j < y.length; j++) {
    for (let i = 0; i < x.length; i++) {
      X.data[j * x.length + i] = x[i];
      X.data[n + j * x.length + i] = y[j];
    }
  }
  return { x, y, X };
}

/**
 * The model's prediction on a grid as a filled contour, with the points on
 * top. `predict` is called once, with the whole grid as a (2, nx·ny) matrix.
 * Three traces: the contour, then class 0 and class 1 points.
 */
export function decisionBoundaryFigure(predict: PredictFn, points: Points, options: DecisionBoundaryOptions = {}): Figure {
  const panel = boundaryPanel("decisionBoundaryFigure", predict, points, options, "x", "y", true);
  return {
    data: panel,
    layout: {
      title: titleOf(options.title ?? "Decision boundary"),
      xaxis: { title: { text: "x1" }, range: [...(options.xRange ?? COURSE_X_RANGE)], zeroline: false },
      yaxis: { title: { text: "x2" }, range: [...(options.yRange ?? COURSE_Y_RANGE)], zeroline: false },
      margin: { t: 60 },
    },
  };
}

export interface BoundaryPanel {
  title: string;
  predict: PredictFn;
  points: Points;
}

/**
 * Small multiples: one decision boundary per panel, laid out in a grid of
 * subplots (`columns` per row, 3 by default). Each panel adds three traces,
 * on axes x, y for the first panel, x2, y2 for the second, and so on.
 */
export function decisionBoundaryGrid(
  panels: readonly BoundaryPanel[],
  options: Omit<DecisionBoundaryOptions, "title"> & { title?: string; columns?: number; panelHeight?: number } = {},
): Figure {
  const fn = "decisionBoundaryGrid";
  if (!Array.isArray(panels) || panels.length === 0) {
    throw new TypeError(`${fn}: panels must be a non-empty array of {title, predict, points}, got ${describeValue(panels)}`);
  }
  const columns = options.columns ?? Math.min(3, panels.length);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`${fn}: columns must be an integer >= 1, got ${String(columns)}`);
  const rows = Math.ceil(panels.length / columns);
  const gap = 0.06;
  const w = (1 - gap * (columns - 1)) / columns;
  const h = (1 - gap * 1.6 * (rows - 1)) / rows;
  const xRange = [...(options.xRange ?? COURSE_X_RANGE)];
  const yRange = [...(options.yRange ?? COURSE_Y_RANGE)];

  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {
    title: titleOf(options.title ?? "Decision boundaries"),
    height: Math.round((options.panelHeight ?? 300) * rows + 100),
    margin: { t: 90 },
    // To the right of the panels: below them it covers the x-axis tick labels.
    legend: { orientation: "v", x: 1.02, xanchor: "left", y: 1, yanchor: "top" },
  };
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((p, k) => {
    if (typeof p !== "object" || p === null || typeof p.title !== "string") {
      throw new TypeError(`${fn}: panels[${k}] must be {title: string, predict, points}, got ${describeValue(p)}`);
    }
    const suffix = k === 0 ? "" : String(k + 1);
    const row = Math.floor(k / columns);
    const col = k % columns;
    const x0 = col * (w + gap);
    const y1 = 1 - row * (h + gap * 1.6);
    data.push(...boundaryPanel(`${fn}: panels[${k}]`, p.predict, p.points, options, `x${suffix}`, `y${suffix}`, k === 0));
    // Plotly resets a domain outside [0, 1], so round away float dust like -1e-16.
    const small = { font: { size: 11 }, standoff: 2 };
    layout[`xaxis${suffix}`] = { domain: [unit(x0), unit(x0 + w)], anchor: `y${suffix}`, range: xRange, zeroline: false, title: { text: "x1", ...small } };
    layout[`yaxis${suffix}`] = { domain: [unit(y1 - h), unit(y1)], anchor: `x${suffix}`, range: yRange, zeroline: false, title: { text: "x2", ...small } };
    annotations.push({
      text: p.title,
      xref: "paper",
      yref: "paper",
      x: x0 + w / 2,
      y: y1,
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 13 },
    });
  });
  layout.annotations = annotations;
  return { data, layout };
}

/**
 * One decision-boundary panel's traces: the contour of `predict` on the grid,
 * then class 0 and class 1 points, on axes `xaxis`/`yaxis` (for the builders
 * in this folder).
 */
export function boundaryPanel(
  fn: string,
  predict: PredictFn,
  points: Points,
  options: DecisionBoundaryOptions,
  xaxis: string,
  yaxis: string,
  showLegend: boolean,
): PlotlyTrace[] {
  if (typeof predict !== "function") throw new TypeError(`${fn}: predict must be a function (X: Matrix) => predictions, got ${describeValue(predict)}`);
  checkPoints(fn, "points", points);
  const grid = decisionGrid(options.xRange ?? COURSE_X_RANGE, options.yRange ?? COURSE_Y_RANGE, options.resolution ?? DEFAULT_RESOLUTION);
  const n = grid.X.cols;
  const out = predict(grid.X);
  const values = isMatrix(out) ? out.data : out;
  if (!isArrayLike(values) || values.length !== n) {
    throw new Error(
      `${fn}: predict must return ${n} values for a (2, ${n}) grid, got ${isMatrix(out) ? `a matrix ${shapeOf(out)}` : describeValue(out)}`,
    );
  }
  const probabilities = options.probabilities === true;
  const nx = grid.x.length;
  const at = (i: number, j: number): number => {
    const v = values[j * nx + i];
    if (typeof v !== "number" || Number.isNaN(v)) {
      throw new RangeError(`${fn}: predict returned ${String(v)} at grid point (${grid.x[i]}, ${grid.y[j]})`);
    }
    return v;
  };
  // Labels are 0/1 bytes (a typed array); probabilities keep 4 decimals: a small notebook.
  const z = probabilities
    ? grid.y.map((_, j) => grid.x.map((_, i) => Math.round(at(i, j) * 1e4) / 1e4))
    : int8Grid(grid.y.length, nx, (j, i) => (at(i, j) > 0.5 ? 1 : 0));
  // A regular grid needs no coordinate arrays: its origin and step say it all.
  const contour: PlotlyTrace = {
    type: "contour",
    name: "prediction",
    ...gridAxes(grid),
    z,
    xaxis,
    yaxis,
    hoverinfo: "skip",
    showlegend: false,
    line: { width: 1, color: "#555" },
  };
  if (probabilities) {
    Object.assign(contour, {
      zmin: 0,
      zmax: 1,
      colorscale: [
        [0, REGION_COLORS[0]],
        [0.5, "#ffffff"],
        [1, REGION_COLORS[1]],
      ],
      contours: { start: 0.1, end: 0.9, size: 0.1, coloring: "fill" },
      showscale: showLegend,
      colorbar: { title: { text: "P(y=1)" }, len: 0.6, y: 0, yanchor: "bottom" },
    });
  } else {
    Object.assign(contour, {
      zmin: 0,
      zmax: 1,
      colorscale: [
        [0, REGION_COLORS[0]],
        [1, REGION_COLORS[1]],
      ],
      contours: { start: 0.5, end: 0.5, size: 1, coloring: "fill" },
      showscale: false,
    });
  }
  const scatter = classTraces(points, "", "circle", 6);
  for (const t of scatter) {
    t.xaxis = xaxis;
    t.yaxis = yaxis;
    t.legendgroup = t.name;
    t.showlegend = showLegend;
  }
  return [contour, ...scatter];
}

// ---------------------------------------------------------------------------
// accuracy bars

export interface AccuracyRow {
  name: string;
  /** Accuracies as fractions in [0, 1]. */
  train: number;
  test: number;
}

/** Grouped bars: train and test accuracy per model (two bar traces). */
export function accuracyFigure(rows: readonly AccuracyRow[], options: { title?: string } = {}): Figure {
  const fn = "accuracyFigure";
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new TypeError(`${fn}: rows must be a non-empty array of {name, train, test}, got ${describeValue(rows)}`);
  }
  rows.forEach((r, k) => {
    if (typeof r !== "object" || r === null || typeof r.name !== "string") {
      throw new TypeError(`${fn}: rows[${k}] must be {name: string, train, test}, got ${describeValue(r)}`);
    }
    checkFraction(fn, `rows[${k}].train`, r.train);
    checkFraction(fn, `rows[${k}].test`, r.test);
  });
  const names = rows.map((r) => r.name);
  const bar = (label: "train" | "test", color: string): PlotlyTrace => {
    const y = rows.map((r) => r[label]);
    return {
      type: "bar",
      name: label,
      x: names,
      y,
      text: y.map((v) => `${(100 * v).toFixed(1)}%`),
      textposition: "outside",
      marker: { color },
    };
  };
  return {
    data: [bar("train", "#6baed6"), bar("test", "#fd8d3c")],
    layout: {
      title: titleOf(options.title ?? "Accuracy"),
      barmode: "group",
      // Not from 0: 91.5 % and 95 % must look different. The bars' labels give the values.
      yaxis: { title: { text: "accuracy" }, range: accuracyRange(rows.flatMap((r) => [r.train, r.test]), 0.02), tickformat: ".0%" },
      margin: { t: 60 },
    },
  };
}

// ---------------------------------------------------------------------------
// sweeps

export interface SweepChartRow {
  /** The swept value; when absent, the row's field named by `options.parameter` is used. */
  value?: number;
  seed?: number;
  trainAccuracy: number;
  testAccuracy: number;
  [column: string]: unknown;
}

export interface SweepSummary {
  value: number;
  seeds: number;
  trainMean: number;
  trainStd: number;
  testMean: number;
  testStd: number;
}

/**
 * Rows grouped by swept value, ascending: mean and standard deviation of the
 * train and test accuracy over the rows (seeds) of each group. The standard
 * deviation is the sample one (divides by n − 1), and 0 for a single seed.
 */
export function summarizeSweep(rows: readonly SweepChartRow[], parameter: string): SweepSummary[] {
  const fn = "sweepFigure";
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new TypeError(`${fn}: rows must be a non-empty array of {value, seed?, trainAccuracy, testAccuracy}, got ${describeValue(rows)}`);
  }
  const groups = new Map<number, { train: number[]; test: number[] }>();
  rows.forEach((r, k) => {
    if (typeof r !== "object" || r === null) throw new TypeError(`${fn}: rows[${k}] must be an object, got ${describeValue(r)}`);
    const value = r.value ?? r[parameter];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(`${fn}: rows[${k}] needs a finite number in "value" or "${parameter}", got ${describeValue(value)}`);
    }
    checkFraction(fn, `rows[${k}].trainAccuracy`, r.trainAccuracy);
    checkFraction(fn, `rows[${k}].testAccuracy`, r.testAccuracy);
    const g = groups.get(value) ?? { train: [], test: [] };
    g.train.push(r.trainAccuracy);
    g.test.push(r.testAccuracy);
    groups.set(value, g);
  });
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([value, g]) => ({
      value,
      seeds: g.train.length,
      trainMean: mean(g.train),
      trainStd: sampleStd(g.train),
      testMean: mean(g.test),
      testStd: sampleStd(g.test),
    }));
}

/**
 * Mean accuracy (train and test) against a swept parameter such as keepProb or
 * lambd, with error bars of one standard deviation over seeds (see
 * `summarizeSweep`). Rows may be plain objects or DataFrame rows by name.
 */
export function sweepFigure(
  rows: readonly SweepChartRow[],
  options: { parameter: string; logX?: boolean; title?: string },
): Figure {
  const fn = "sweepFigure";
  if (typeof options !== "object" || options === null || typeof options.parameter !== "string" || options.parameter === "") {
    throw new TypeError(`${fn}: options.parameter must name the swept parameter (e.g. "keepProb"), got ${describeValue(options?.parameter)}`);
  }
  const summary = summarizeSweep(rows, options.parameter);
  if (options.logX) {
    const bad = summary.find((s) => s.value <= 0);
    if (bad) throw new RangeError(`${fn}: logX needs ${options.parameter} > 0, got ${bad.value}`);
  }
  const x = summary.map((s) => s.value);
  const line = (name: string, y: number[], err: number[], color: string): PlotlyTrace => ({
    type: "scatter",
    mode: "lines+markers",
    name,
    x,
    y,
    error_y: { type: "data", array: err, visible: true },
    marker: { color },
    line: { color },
  });
  return {
    data: [
      line("train", summary.map((s) => s.trainMean), summary.map((s) => s.trainStd), "#6baed6"),
      line("test", summary.map((s) => s.testMean), summary.map((s) => s.testStd), "#fd8d3c"),
    ],
    layout: {
      title: titleOf(options.title ?? `Accuracy against ${options.parameter}`),
      xaxis: { title: { text: options.parameter }, ...(options.logX ? logAxis(x) : { type: "linear" }) },
      yaxis: {
        title: { text: "accuracy (mean ± sd over seeds)" },
        range: accuracyRange(summary.flatMap((s) => [s.trainMean - s.trainStd, s.trainMean + s.trainStd, s.testMean - s.testStd, s.testMean + s.testStd])),
        tickformat: ".1%",
      },
      margin: { t: 60 },
    },
  };
}

// ---------------------------------------------------------------------------
// helpers

function classTraces(points: Points, label: string, symbol: string, size: number): PlotlyTrace[] {
  const { X, Y } = points;
  const m = X.cols;
  return [0, 1].map((cls): PlotlyTrace => {
    const x: number[] = [];
    const y: number[] = [];
    for (let j = 0; j < m; j++) {
      if (Y.data[j] === cls) {
        x.push(X.data[j]);
        y.push(X.data[m + j]);
      }
    }
    return {
      x: roundToExtent(x),
      y: roundToExtent(y),
      type: "scatter",
      mode: "markers",
      name: label ? `${label}, y=${cls}` : `y=${cls}`,
      marker: {
        symbol,
        size,
        color: CLASS_COLORS[cls],
        line: { width: symbol === "circle" ? 0.6 : 0, color: "#222" },
      },
    };
  });
}

function checkPoints(fn: string, name: string, p: Points): void {
  if (typeof p !== "object" || p === null) throw new TypeError(`${fn}: ${name} must be {X, Y}, got ${describeValue(p)}`);
  assertShape(fn, `${name}.X`, p.X, 2);
  checkLabels(fn, `${name}.Y`, p.Y, p.X.cols);
}

function checkRange(fn: string, name: string, r: readonly [number, number]): void {
  if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    throw new RangeError(`${fn}: ${name} must be [min, max] with finite min < max, got ${describeValue(r)}`);
  }
}

function checkFraction(fn: string, name: string, v: unknown): void {
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new RangeError(`${fn}: ${name} must be an accuracy in [0, 1], got ${describeValue(v)}`);
}

/** A regular grid's axes as plotly's x0/dx/y0/dy (the step to 12 significant digits). */
export function gridAxes(grid: { x: readonly number[]; y: readonly number[] }): Record<string, number> {
  const axis = (v: readonly number[]) => [v[0], roundSignificant((v[v.length - 1] - v[0]) / (v.length - 1), 12)];
  const [x0, dx] = axis(grid.x);
  const [y0, dy] = axis(grid.y);
  return { x0, dx, y0, dy };
}

/** A log axis with 1-2-5 ticks and plain labels over the positive values (plotly's defaults when there are none). */
function logAxis(values: Iterable<number | null | undefined>): Record<string, unknown> {
  const extent = positiveExtent(values);
  return extent ? { type: "log", tickmode: "array", ...logTicks(extent[0], extent[1]) } : { type: "log" };
}

/** [min, max] of the finite values, widened by 5 % of their extent on each side. */
function paddedRange(values: readonly (number | null)[]): [number, number] | undefined {
  const v = values.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return undefined;
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
  return [roundSignificant(lo - pad, 4), roundSignificant(hi + pad, 4)];
}

/** A domain bound: rounded to 1e-6 and clamped to [0, 1]. */
function unit(v: number): number {
  return Math.min(1, Math.max(0, Math.round(v * 1e6) / 1e6));
}

function linspace(a: number, b: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(k === n - 1 ? b : a + ((b - a) * k) / (n - 1));
  return out;
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sampleStd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const mu = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - mu) * (x - mu);
  return Math.sqrt(s / (xs.length - 1));
}

function isArrayLike(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/**
 * Titles go to plotly as given. Plotly draws text as SVG text nodes: it styles
 * a few tags (`<b>`, `<br>`, `<sup>`…) and shows any other tag literally.
 */
function titleOf(text: string): Record<string, unknown> {
  return { text: String(text) };
}

/** A short description of a received value for error messages. */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (x === undefined) return "undefined";
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (isMatrix(x)) return `a matrix ${shapeOf(x)}`;
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === "number" || typeof x === "boolean") return String(x);
  if (typeof x === "function") return "a function";
  return typeof x;
}
