/**
 * Charts: pure plotly figure builders, HTML output, and the notebook display
 * helpers (tslab's kernel and Deno's). The builders exported here return
 * figures that also render as charts when they are a Deno cell's last value
 * (`richFigure`); their files return the plain figures.
 */
import * as boundary from "./boundary";
import * as boundaryAnimation from "./boundary-animation";
import * as boundarySlider from "./boundary-slider";
import * as charts from "./charts";
import * as curves from "./curves";
import { richFigure } from "./display";
import type { Figure } from "./figures";
import * as maskHeatmap from "./mask-heatmap";
import * as networkFig from "./network-figure";
import * as sweepChart from "./sweep-chart";

/** `build`, with its figures made rich (see `richFigure`). */
function rich<A extends unknown[], F extends Figure>(build: (...args: A) => F): (...args: A) => F {
  return (...args: A) => richFigure(build(...args));
}

export { CLASS_COLORS, COURSE_X_RANGE, COURSE_Y_RANGE, describeValue } from "./figures";
export type { Figure, PlotlyTrace, Points, PredictFn } from "./figures";
export const accuracyFigure = rich(charts.accuracyFigure);
export const costFigure = rich(charts.costFigure);
export const datasetFigure = rich(charts.datasetFigure);
export type { AccuracyRow, CostRun } from "./charts";
export const decisionBoundaryFigure = rich(boundary.decisionBoundaryFigure);
export const decisionBoundaryGrid = rich(boundary.decisionBoundaryGrid);
export { decisionGrid } from "./boundary";
export type { BoundaryPanel, DecisionBoundaryOptions, Grid } from "./boundary";
export const sweepFigure = rich(sweepChart.sweepFigure);
export { summarizeSweep } from "./sweep-chart";
export type { SweepChartRow, SweepSummary } from "./sweep-chart";
export { escapeInlineScript, plotlyBundle, plotlyScriptTag, PLOTLY_PACKAGE, UNREGISTERED_TRACES, withoutTraces } from "./bundle";
export {
  checkFigure,
  escapeHtml,
  figureToHtml,
  scriptSafeJson,
  tableToHtml,
  writeFigureHtml,
} from "./html";
export type { FigureHtmlOptions, FrameLike, TableOptions } from "./html";
export { embedPlotly, liveFigure, plotDecisionBoundary, richFigure, showFigure, showHtml, showTable } from "./display";
export { displaysSent, kernelName } from "./kernel";
export type { KernelName } from "./kernel";
export type { LiveFigure, ShowFigureOptions } from "./display";
export const validationFigure = rich(curves.validationFigure);
export type { CurveRun } from "./curves";
export const boundarySliderFigure = rich(boundarySlider.boundarySliderFigure);
export type { BoundarySliderOptions, BoundaryStep } from "./boundary-slider";
export const boundaryAnimationFigure = rich(boundaryAnimation.boundaryAnimationFigure);
export type { AnimatedRun, BoundaryAnimationOptions, BoundarySnapshot } from "./boundary-animation";
export const maskHeatmapFigure = rich(maskHeatmap.maskHeatmapFigure);
export type { MaskPanel } from "./mask-heatmap";
export const networkFigure = rich(networkFig.networkFigure);
export type { NetworkFigureOptions } from "./network-figure";
