/** Decision boundaries: computed on a grid first (decisionGrid), drawn second, alone or as small multiples. */
import { isMatrix, matrix, shapeOf, type Matrix } from "../matrix";
import { uint8Grid } from "./compact";
import { finishFigure } from "./finish";
import { checkPoints, checkRange, classTraces, COURSE_X_RANGE, COURSE_Y_RANGE, DEFAULT_RESOLUTION, describeValue, type Figure, gridAxes, isArrayLike, linspace, MAX_RESOLUTION, panelTitle, type PlotlyTrace, type Points, type PredictFn, REGION_COLORS, titleOf, unit } from "./figures";

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
   * false (default): two filled regions split at 0.5. true: predictions are
   * probabilities, shaded continuously (levels every 0.1) with the 0.5 line.
   * Either way `predict` may return labels (0/1) or probabilities (P(y=1));
   * with probabilities the 0.5 line is interpolated between grid points, so
   * it is smooth and placed within a fraction of a grid step.
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
  return finishFigure({
    data: panel,
    layout: {
      title: titleOf(options.title ?? "Decision boundary"),
      xaxis: { title: { text: "x1" }, range: [...(options.xRange ?? COURSE_X_RANGE)], zeroline: false },
      yaxis: { title: { text: "x2" }, range: [...(options.yRange ?? COURSE_Y_RANGE)], zeroline: false },
      margin: { t: 60 },
    },
  });
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
    annotations.push(panelTitle(p.title, x0 + w / 2, y1, 13));
  });
  layout.annotations = annotations;
  // Panels on the same points store them once.
  return finishFigure({ data, layout });
}

/** A contour's z is round(Z_SCALE · P(y=1)), one unsigned byte per grid point. */
export const Z_SCALE = 250;

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
  // One byte per grid point (a typed array): P(y=1) in steps of 1/Z_SCALE, so a label is 0 or Z_SCALE.
  const z = uint8Grid(grid.y.length, nx, (j, i) => Math.round(Z_SCALE * Math.min(1, Math.max(0, at(i, j)))));
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
      zmax: Z_SCALE,
      colorscale: [
        [0, REGION_COLORS[0]],
        [0.5, "#ffffff"],
        [1, REGION_COLORS[1]],
      ],
      contours: { start: 0.1 * Z_SCALE, end: 0.9 * Z_SCALE, size: 0.1 * Z_SCALE, coloring: "fill" },
      showscale: showLegend,
      colorbar: { title: { text: "P(y=1)" }, len: 0.6, y: 0, yanchor: "bottom", tickvals: [0, 0.25, 0.5, 0.75, 1].map((p) => p * Z_SCALE), ticktext: ["0", "0.25", "0.5", "0.75", "1"] },
    });
  } else {
    Object.assign(contour, {
      zmin: 0,
      zmax: Z_SCALE,
      colorscale: [
        [0, REGION_COLORS[0]],
        [1, REGION_COLORS[1]],
      ],
      contours: { start: Z_SCALE / 2, end: Z_SCALE / 2, size: Z_SCALE, coloring: "fill" },
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
