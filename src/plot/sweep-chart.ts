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
  /** On a dev split (a sweep with devFraction): what to choose by. */
  devAccuracy?: number;
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
  /** When every row has a devAccuracy. */
  devMean?: number;
  devStd?: number;
}

/**
 * Rows grouped by swept value, ascending: mean and standard deviation of the
 * train, test and (when every row has one) dev accuracy over the rows (seeds)
 * of each group. The standard deviation is the sample one (divides by n − 1),
 * and 0 for a single seed.
 */
export function summarizeSweep(rows: readonly SweepChartRow[], parameter: string): SweepSummary[] {
  const fn = "sweepFigure";
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new TypeError(`${fn}: rows must be a non-empty array of {value, seed?, trainAccuracy, testAccuracy}, got ${describeValue(rows)}`);
  }
  const withDev = rows.every((r) => typeof r === "object" && r !== null && r.devAccuracy !== undefined);
  const groups = new Map<number, { train: number[]; test: number[]; dev: number[] }>();
  rows.forEach((r, k) => {
    if (typeof r !== "object" || r === null) throw new TypeError(`${fn}: rows[${k}] must be an object, got ${describeValue(r)}`);
    const value = r.value ?? r[parameter];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(`${fn}: rows[${k}] needs a finite number in "value" or "${parameter}", got ${describeValue(value)}`);
    }
    checkFraction(fn, `rows[${k}].trainAccuracy`, r.trainAccuracy);
    checkFraction(fn, `rows[${k}].testAccuracy`, r.testAccuracy);
    if (withDev) checkFraction(fn, `rows[${k}].devAccuracy`, r.devAccuracy);
    const g = groups.get(value) ?? { train: [], test: [], dev: [] };
    g.train.push(r.trainAccuracy);
    g.test.push(r.testAccuracy);
    if (withDev) g.dev.push(r.devAccuracy!);
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
      ...(withDev ? { devMean: mean(g.dev), devStd: sampleStd(g.dev) } : {}),
    }));
}

/**
 * Mean accuracy (train, and dev or test) against a swept parameter such as
 * keepProb or lambd, with error bars of one standard deviation over seeds (see
 * `summarizeSweep`). Rows may be plain objects or DataFrame rows by name.
 * When every row has a devAccuracy (a sweep with a dev split), the held-out
 * line is the dev accuracy, the one to choose by, and the test accuracy is
 * left out; `heldOut: "test"` draws the test line instead.
 */
export function sweepFigure(
  rows: readonly SweepChartRow[],
  options: { parameter: string; logX?: boolean; title?: string; heldOut?: "dev" | "test" },
): Figure {
  const fn = "sweepFigure";
  if (typeof options !== "object" || options === null || typeof options.parameter !== "string" || options.parameter === "") {
    throw new TypeError(`${fn}: options.parameter must name the swept parameter (e.g. "keepProb"), got ${describeValue(options?.parameter)}`);
  }
  const summary = summarizeSweep(rows, options.parameter);
  const heldOut = options.heldOut ?? (summary[0].devMean !== undefined ? "dev" : "test");
  if (heldOut !== "dev" && heldOut !== "test") throw new RangeError(`${fn}: options.heldOut must be "dev" or "test", got ${describeValue(heldOut)}`);
  if (heldOut === "dev" && summary[0].devMean === undefined) {
    throw new TypeError(`${fn}: options.heldOut is "dev", but the rows have no devAccuracy (sweep with a devFraction)`);
  }
  const held = summary.map((s) => (heldOut === "dev" ? { mean: s.devMean!, std: s.devStd! } : { mean: s.testMean, std: s.testStd }));
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
      line(heldOut, held.map((h) => h.mean), held.map((h) => h.std), "#fd8d3c"),
    ],
    layout: {
      title: titleOf(options.title ?? `Accuracy against ${options.parameter}`),
      xaxis: { title: { text: options.parameter }, ...(options.logX ? logAxis(x) : { type: "linear" }) },
      yaxis: {
        title: { text: "accuracy (mean ± sd over seeds)" },
        range: accuracyRange([...summary.flatMap((s) => [s.trainMean - s.trainStd, s.trainMean + s.trainStd]), ...held.flatMap((h) => [h.mean - h.std, h.mean + h.std])]),
        tickformat: ".1%",
      },
      margin: { t: 60 },
    },
  });
}
