/** Sweeps: many independent trainings on worker threads. */
export { sweep, sweepConfigs, sweepFrame, SWEEP_COLUMNS } from "./api";
export type { SweepError, SweepGrid, SweepOptions, SweepProgress, SweepResult } from "./api";
export type { SweepCommon, SweepConfig, SweepRow } from "./protocol";
