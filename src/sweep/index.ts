/** Sweeps and other independent trainings, on worker threads. */
export { sweep, sweepConfigs, sweepFrame, sweepRow, SWEEP_COLUMNS } from "./api";
export type { SweepError, SweepGrid, SweepOptions, SweepProgress, SweepResult } from "./api";
export type { SweepCommon, SweepConfig, SweepRow } from "./protocol";
export { trainAll } from "./train-all";
export type { JobOptions, JobProgress, TrainAllOptions, TrainAllProgress, TrainAllResult, TrainedRun, TrainingJob } from "./train-all";
