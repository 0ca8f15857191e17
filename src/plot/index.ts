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
export { validationFigure } from "./curves";
export type { CurveRun } from "./curves";
