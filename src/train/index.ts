/** Training: the options' normaliser, the one training step, the loop. */
export { model, trainAndEvaluate } from "./model";
export type { ModelOptions, ModelResult, Progress, RunResult, TrainingStatus } from "./types";
export { trainWithImplementation } from "./implementation";
export type { Implementation } from "./implementation";
export { normalizeOptions, DEFAULTS } from "./options";
export type { InitPolicy, MaskPolicy, Settings, TrainingOptions } from "./options";
export { stepPlan, trainStep } from "./step";
export type { StepPlan } from "./step";
export { metricsRecorder } from "./metrics";
export type { LabelledSet, Metrics } from "./metrics";
