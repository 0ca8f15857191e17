/** Charts: pure plotly figure builders, HTML output, and the tslab display helper. */
export {
  accuracyFigure,
  CLASS_COLORS,
  costFigure,
  COURSE_X_RANGE,
  COURSE_Y_RANGE,
  datasetFigure,
  decisionBoundaryFigure,
  decisionBoundaryGrid,
  decisionGrid,
  summarizeSweep,
  sweepFigure,
} from "./figures";
export type {
  AccuracyRow,
  BoundaryPanel,
  CostRun,
  DecisionBoundaryOptions,
  Figure,
  Grid,
  PlotlyTrace,
  Points,
  PredictFn,
  SweepChartRow,
  SweepSummary,
} from "./figures";
export {
  checkFigure,
  escapeHtml,
  escapeInlineScript,
  figureToHtml,
  plotlyBundle,
  plotlyScriptTag,
  scriptSafeJson,
  tableToHtml,
  writeFigureHtml,
} from "./html";
export type { FigureHtmlOptions, FrameLike, TableOptions } from "./html";
export { embedPlotly, liveFigure, plotDecisionBoundary, showFigure, showHtml, showTable } from "./display";
export type { LiveFigure, ShowFigureOptions } from "./display";
export { boundarySliderFigure } from "./boundary-slider";
export type { BoundarySliderOptions, BoundaryStep } from "./boundary-slider";
export { boundaryAnimationFigure } from "./boundary-animation";
export type { AnimatedRun, BoundaryAnimationOptions, BoundarySnapshot } from "./boundary-animation";
export { maskHeatmapFigure } from "./mask-heatmap";
export type { MaskPanel } from "./mask-heatmap";
export { networkFigure } from "./network-figure";
export type { NetworkFigureOptions } from "./network-figure";
export { PLOTLY_PACKAGE } from "./html";
