/** Charts: pure plotly figure builders, HTML output, and the tslab display helper. */
export { CLASS_COLORS, COURSE_X_RANGE, COURSE_Y_RANGE, describeValue } from "./figures";
export type { Figure, PlotlyTrace, Points, PredictFn } from "./figures";
export { accuracyFigure, costFigure, datasetFigure } from "./charts";
export type { AccuracyRow, CostRun } from "./charts";
export { decisionBoundaryFigure, decisionBoundaryGrid, decisionGrid } from "./boundary";
export type { BoundaryPanel, DecisionBoundaryOptions, Grid } from "./boundary";
export { summarizeSweep, sweepFigure } from "./sweep-chart";
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
export { embedPlotly, liveFigure, plotDecisionBoundary, showFigure, showHtml, showTable } from "./display";
export type { LiveFigure, ShowFigureOptions } from "./display";
export { validationFigure } from "./curves";
export type { CurveRun } from "./curves";
export { boundarySliderFigure } from "./boundary-slider";
export type { BoundarySliderOptions, BoundaryStep } from "./boundary-slider";
export { boundaryAnimationFigure } from "./boundary-animation";
export type { AnimatedRun, BoundaryAnimationOptions, BoundarySnapshot } from "./boundary-animation";
export { maskHeatmapFigure } from "./mask-heatmap";
export type { MaskPanel } from "./mask-heatmap";
export { networkFigure } from "./network-figure";
export type { NetworkFigureOptions } from "./network-figure";
