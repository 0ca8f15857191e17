/**
 * The public surface of dropout-lab: what README documents, grouped as there.
 * Internals (workspaces' loaders, kernels, the training step, sweep workers)
 * are imported from their own files by the tests and the benchmark.
 */

// The matrix, numpy-named helpers and numpy-like printing.
export { np } from "./np";
export type { Operand, SumOptions } from "./np";
export { formatMatrix } from "./matrix-format";
export type { FormatOptions } from "./matrix-format";
export { add, addColumn, copy, full, isMatrix, map, matmul, matmulTransA, matmulTransB, matrix, mul, rowSums, scale, shapeOf, sub, sum, sumSquares, transpose, zeros } from "./matrix";
export { fromArray, toArray } from "./matrix-array";
export type { Matrix } from "./matrix";

// Randomness.
export { NumpyRandomState, randomStream } from "./random";
export type { RandomSource, RandomStream, SeededStream } from "./random";

// The course API.
export {
  backwardPropagation, backwardPropagationWithDropout, backwardPropagationWithRegularization, computeCost,
  computeCostWithRegularization, forwardPropagation, forwardPropagationWithDropout, gradientsToRecord, initializeParameters,
  networkToParameters, parametersToNetwork, predict, updateParameters,
} from "./course";
export type { CourseCache, CourseGradients, CourseParameters, Gradients, Parameters } from "./course";
export { model, trainAndEvaluate } from "./train/model";
export type { ModelOptions, ModelResult, Progress, RunResult, TrainingStatus } from "./train/types";
export { trainWithImplementation } from "./train/implementation";
export type { Implementation } from "./train/implementation";

// The assignment's checks.
export { check, TOLERANCE as CHECK_TOLERANCE } from "./check";
export type {
  CaseReport, CheckOptions, CheckResult, CheckStatus, Difference as CheckDifference, DisplayMode, GradientsCheckResult, GradientsOptions,
} from "./check";
export type { InitPolicy, MaskPolicy, TrainingOptions } from "./train/options";
export type { LabelledSet, Metrics } from "./train/metrics";
export { COURSE_COST_ITERATIONS, COURSE_COST_RTOL, COURSE_REFERENCE, compareWithCourse, courseTable } from "./course-reference";
export type { CourseComparison, CourseNumbers, CourseRunComparison, RunNumbers } from "./course-reference";

// Gradient checking.
export {
  dictionaryToVector, gradientCheck, gradientCheckN, gradientsToVector, networkCost, normalizedDifference, numericGradient,
  relativeError, vectorToDictionary,
} from "./gradcheck";
export type { CostOptions, EntryReport, GradientCheckOptions, GradientCheckReport, ParameterReport, ParameterSlot } from "./gradcheck";

// The general network: a list of layers.
export { cloneNetwork, initializeCourse, initializeHe, layerDims, withKeepProb } from "./network/parameters";
export type { Layer, LayerGrads, Network } from "./network/parameters";
export { createWorkspace } from "./network/workspace";
export type { LayerCache, Workspace } from "./network/workspace";
export { backward, forward } from "./network/passes";
export type { BackwardOptions, ForwardOptions, ForwardResult } from "./network/passes";
export { accuracy, evaluate, predictLabels, predictProba } from "./network/evaluate";
export { crossEntropy, crossEntropyFromLogits, l2Penalty } from "./cost";
export { wasmAvailable } from "./kernels";
export type { BackendName } from "./kernels";

// Data.
export {
  DataFileError, DATASET_NAMES, datasetByName, datasetToFrame, defaultDataset, frameToDataset, generateDataset, loadCourseData,
  courseDataPath, loadDanfo, loadDataFile, makeBlobs, makeCircles, makeCourseLike, makeMoons, makeSpirals, makeXor, MatFileError,
  parseMat, readCsvDataset, readMat, writeCsvDataset,
} from "./data";
export type { Dataset, DatasetKind, GenerateOptions, Generator, ParseMatOptions, Split } from "./data";
export { MAX_CSV_FILE_BYTES, MAX_DATA_FILE_BYTES, MAX_ECHO_CHARS, MAX_MAT_MEMORY_BYTES, parseCsvDataset } from "./data";
export { splitDataset, splitFrame, stratifiedDevRows } from "./data/split";
export type { DevSplitDataset, DevSplitOptions } from "./data/split";
export { courseOrBuiltIn } from "./data/course-or-built-in";
export type { DataChoice } from "./data/course-or-built-in";

// Charts.
export {
  accuracyFigure, boundaryAnimationFigure, boundarySliderFigure, CLASS_COLORS, costFigure, COURSE_X_RANGE, COURSE_Y_RANGE, datasetFigure, decisionBoundaryFigure,
  decisionBoundaryGrid, decisionGrid, displaysSent, embedPlotly, escapeHtml, figureToHtml, kernelName, liveFigure, plotDecisionBoundary, richFigure, showFigure, showHtml,
  maskHeatmapFigure, networkFigure, PLOTLY_PACKAGE, showTable, summarizeSweep, sweepFigure, tableToHtml, validationFigure,
  writeFigureHtml,
} from "./plot";
export type {
  AnimatedRun, BoundaryAnimationOptions, BoundarySliderOptions, BoundarySnapshot, BoundaryStep, MaskPanel, NetworkFigureOptions,
  AccuracyRow, BoundaryPanel, CostRun, CurveRun, DecisionBoundaryOptions, Figure, FigureHtmlOptions, FrameLike, Grid, KernelName, LiveFigure, PlotlyTrace,
  Points, PredictFn, ShowFigureOptions, SweepChartRow, SweepSummary, TableOptions,
} from "./plot";

// Sweeps.
export { sweep, sweepConfigs, sweepFrame, SWEEP_COLUMNS, trainAll } from "./sweep";
export type { SweepCommon, SweepConfig, SweepError, SweepGrid, SweepOptions, SweepProgress, SweepResult, SweepRow } from "./sweep";
export type { JobOptions, JobProgress, TrainAllOptions, TrainAllProgress, TrainAllResult, TrainedRun, TrainingJob } from "./sweep";
