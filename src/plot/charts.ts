/** Static charts: the dataset scatter, cost curves, accuracy bars. */
import { accuracyRange } from "./axes";
import { roundSignificant } from "./compact";
import { finishFigure } from "./finish";
import { checkFraction, checkPoints, classTraces, describeValue, isArrayLike, logAxis, paddedRange, titleOf, type Figure, type PlotlyTrace, type Points } from "./figures";

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
  return finishFigure({
    data,
    layout: {
      title: titleOf(options.title ?? (test ? "Dataset: train and test" : "Dataset")),
      // Each axis on the data's own range: equal scales would leave most of the plot empty.
      xaxis: { title: { text: "x1" }, zeroline: false, range: paddedRange(data.flatMap((t) => t.x as number[])) },
      yaxis: { title: { text: "x2" }, zeroline: false, range: paddedRange(data.flatMap((t) => t.y as number[])) },
      legend: { orientation: "v" },
      margin: { t: 60 },
    },
  });
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
    // Six significant digits: a millionth of the value, far below a pixel on a linear or a log axis.
    const y = Array.from(run.costs as ArrayLike<number>, (c) => (Number.isFinite(c) ? roundSignificant(c, 6) : null));
    return {
      type: "scatter",
      mode: "lines",
      name: run.name,
      x: y.map((_, k) => k * every),
      y,
    };
  });
  return finishFigure({
    data,
    layout: {
      title: titleOf(options.title ?? "Cost"),
      xaxis: { title: { text: "iteration" } },
      yaxis: { title: { text: "cost" }, ...(options.logY ? logAxis(data.flatMap((t) => t.y as (number | null)[])) : { type: "linear" }) },
      margin: { t: 60 },
    },
  });
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
  return finishFigure({
    data: [bar("train", "#6baed6"), bar("test", "#fd8d3c")],
    layout: {
      title: titleOf(options.title ?? "Accuracy"),
      barmode: "group",
      // Not from 0: 91.5 % and 95 % must look different. The bars' labels give the values.
      yaxis: { title: { text: "accuracy" }, range: accuracyRange(rows.flatMap((r) => [r.train, r.test]), 0.02), tickformat: ".0%" },
      margin: { t: 60 },
    },
  });
}
