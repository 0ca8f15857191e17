/** Sweeps: mean ± standard deviation over seeds, per parameter value. */
import { accuracyRange } from "./axes";
import { roundSignificant } from "./compact";
import { finishFigure } from "./finish";
import { checkFraction, describeValue, logAxis, mean, sampleStd, titleOf, type Figure, type PlotlyTrace } from "./figures";

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
    y: y.map((v) => roundSignificant(v, 6)),
    error_y: { type: "data", array: err.map((v) => roundSignificant(v, 6)), visible: true },
    marker: { color },
    line: { color },
  });
  return finishFigure({
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
  });
}
