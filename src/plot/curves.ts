/**
 * Validation curves: training against validation cost and accuracy over the
 * iterations, one run per row of panels, from `model()`'s `metrics`. The gap
 * between the two lines is what regularization is meant to close.
 */
import type { Metrics } from "../train/metrics";
import { describe } from "../validate";
import type { Figure, PlotlyTrace } from "./figures";
import { roundSignificant } from "./compact";
import { escapeHtml } from "./html";
import { finishFigure } from "./finish";

export interface CurveRun {
  name: string;
  metrics: readonly Metrics[];
}

const TRAIN = "#2c7fb8";
const VALIDATION = "#e6550d";

/**
 * Two panels per run (cost; accuracy in %), train solid and validation dashed.
 * The accuracy axes share one range, fitted to the data past the first tenth of
 * training, so that differences of a percent or two stay visible.
 */
export function validationFigure(runs: readonly CurveRun[], options: { title?: string; validationName?: string } = {}): Figure {
  const fn = "validationFigure";
  if (!Array.isArray(runs) || runs.length === 0) throw new TypeError(`${fn}: runs must be a non-empty array of { name, metrics }, got ${describe(runs)}`);
  runs.forEach((run, r) => {
    if (typeof run?.name !== "string" || !Array.isArray(run.metrics) || run.metrics.length === 0) {
      throw new TypeError(`${fn}: runs[${r}] must be { name, metrics } with metrics from model({ validation }), got ${describe(run)}`);
    }
    if (run.metrics.some((m: Metrics) => m.validationAccuracy === undefined)) {
      throw new TypeError(`${fn}: runs[${r}].metrics have no validation values; train with model(X, Y, { validation: { X, Y } })`);
    }
  });
  const vname = options.validationName ?? "validation";
  // Fitted past the first tenth of training, where the start's low accuracies would flatten the rest.
  const settled = (run: CurveRun) => run.metrics.filter((m: Metrics) => m.iteration >= 0.1 * run.metrics[run.metrics.length - 1].iteration);
  const accuracies = runs.flatMap((run) => settled(run).flatMap((m: Metrics) => [m.trainAccuracy, m.validationAccuracy!]));
  const low = Math.max(0, Math.floor(100 * Math.min(...accuracies) - 1)), high = Math.min(100, Math.ceil(100 * Math.max(...accuracies) + 1));
  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {
    title: { text: options.title ?? "Training against validation" },
    grid: { rows: runs.length, columns: 2, pattern: "independent", roworder: "top to bottom", ygap: 0.4 },
    height: 260 * runs.length + 80,
    margin: { t: 70, l: 70, r: 30, b: 50 },
    legend: { orientation: "h", y: 1 + 0.55 / runs.length, x: 0, xanchor: "left" },
  };
  const annotations: unknown[] = [];
  layout.annotations = annotations;
  runs.forEach((run, r) => {
    const iterations = run.metrics.map((m: Metrics) => m.iteration);
    const axis = (k: number) => (k === 1 ? "" : String(k));
    const costAxis = axis(2 * r + 1), accAxis = axis(2 * r + 2);
    const line = (values: number[], name: string, color: string, dash: string, x: string, yy: string, legend: boolean): PlotlyTrace => ({
      type: "scatter", mode: "lines", name, x: iterations, y: values.map((v) => roundSignificant(v, 6)), xaxis: `x${x}`, yaxis: `y${yy}`,
      line: { color, dash, width: 2 }, legendgroup: name, showlegend: legend,
      hovertemplate: `${run.name}, ${name}<br>iteration %{x}<br>%{y:.4g}<extra></extra>`,
    });
    const first = r === 0;
    data.push(
      line(run.metrics.map((m: Metrics) => m.trainCost), "training set", TRAIN, "solid", costAxis, costAxis, first),
      line(run.metrics.map((m: Metrics) => m.validationCost!), `${vname} set`, VALIDATION, "dash", costAxis, costAxis, first),
      line(run.metrics.map((m: Metrics) => 100 * m.trainAccuracy), "training set", TRAIN, "solid", accAxis, accAxis, false),
      line(run.metrics.map((m: Metrics) => 100 * m.validationAccuracy!), `${vname} set`, VALIDATION, "dash", accAxis, accAxis, false),
    );
    layout[`xaxis${costAxis}`] = { title: { text: "iteration" } };
    layout[`xaxis${accAxis}`] = { title: { text: "iteration" } };
    layout[`yaxis${costAxis}`] = { title: { text: "cost" }, rangemode: "tozero" };
    layout[`yaxis${accAxis}`] = { title: { text: "accuracy (%)" }, range: [low, high] };
    annotations.push({
      text: `<b>${escapeHtml(run.name)}</b>`, showarrow: false, xref: `x${costAxis} domain`, yref: `y${costAxis} domain`,
      x: 0, y: 1.02, xanchor: "left", yanchor: "bottom", font: { size: 13 },
    });
  });
  // The runs' iterations are stored once for all their lines.
  return finishFigure({ data, layout });
}
