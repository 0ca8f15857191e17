/**
 * What every figure builder shares: the plotly figure types, the class
 * colours and the course's plotting ranges, and the small helpers (argument
 * checks, class traces, ranges). Builders live beside it, one file per kind:
 * charts.ts (dataset, cost, accuracy), boundary.ts (decision boundaries),
 * sweep-chart.ts (sweeps), and the interactive ones.
 *
 * Every builder returns a plotly figure `{ data, layout }` of plain JSON
 * values; nothing here touches the DOM or the kernel. Points come as matrices
 * the way the course stores them: X is (2, m) with one example per column,
 * Y is (1, m) of 0/1 labels.
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
export const REGION_COLORS: readonly [string, string] = ["#fcbba1", "#c6dbef"];
/** The course's plot extents for this assignment's dataset. */
export const COURSE_X_RANGE: readonly [number, number] = [-0.75, 0.4];
export const COURSE_Y_RANGE: readonly [number, number] = [-0.75, 0.65];

export const DEFAULT_RESOLUTION = 150;
export const MAX_RESOLUTION = 400;

// ---------------------------------------------------------------------------
// helpers

export function classTraces(points: Points, label: string, symbol: string, size: number): PlotlyTrace[] {
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

export function checkPoints(fn: string, name: string, p: Points): void {
  if (typeof p !== "object" || p === null) throw new TypeError(`${fn}: ${name} must be {X, Y}, got ${describeValue(p)}`);
  assertShape(fn, `${name}.X`, p.X, 2);
  checkLabels(fn, `${name}.Y`, p.Y, p.X.cols);
}

export function checkRange(fn: string, name: string, r: readonly [number, number]): void {
  if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    throw new RangeError(`${fn}: ${name} must be [min, max] with finite min < max, got ${describeValue(r)}`);
  }
}

export function checkFraction(fn: string, name: string, v: unknown): void {
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
export function logAxis(values: Iterable<number | null | undefined>): Record<string, unknown> {
  const extent = positiveExtent(values);
  return extent ? { type: "log", tickmode: "array", ...logTicks(extent[0], extent[1]) } : { type: "log" };
}

/** [min, max] of the finite values, widened by 5 % of their extent on each side. */
export function paddedRange(values: readonly (number | null)[]): [number, number] | undefined {
  const v = values.filter((x): x is number => typeof x === "number" && Number.isFinite(x));
  if (v.length === 0) return undefined;
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
  return [roundSignificant(lo - pad, 4), roundSignificant(hi + pad, 4)];
}

/** A domain bound: rounded to 1e-6 and clamped to [0, 1]. */
export function unit(v: number): number {
  return Math.min(1, Math.max(0, Math.round(v * 1e6) / 1e6));
}

export function linspace(a: number, b: number, n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(k === n - 1 ? b : a + ((b - a) * k) / (n - 1));
  return out;
}

export function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

export function sampleStd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const mu = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - mu) * (x - mu);
  return Math.sqrt(s / (xs.length - 1));
}

export function isArrayLike(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || ArrayBuffer.isView(x);
}

/**
 * Titles go to plotly as given. Plotly draws text as SVG text nodes: it styles
 * a few tags (`<b>`, `<br>`, `<sup>`…) and shows any other tag literally.
 */
export function titleOf(text: string): Record<string, unknown> {
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

/** The title of one panel of a grid of panels: centred above it, in paper coordinates (x the panel's centre, y its top). */
export function panelTitle(text: string, x: number, y: number, size: number): Record<string, unknown> {
  return { text, xref: "paper", yref: "paper", x, y, xanchor: "center", yanchor: "bottom", showarrow: false, font: { size } };
}
