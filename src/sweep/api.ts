/**
 * Sweeps: many independent trainings (dataset × keepProb × lambd × seed), run
 * on worker threads by `trainAll` (./train-all).
 *
 * Each configuration is exactly `trainAndEvaluate(ds.train, ds.test, options)`
 * with the grid's keepProb, lambd and seed, so a sweep's row equals a direct
 * call, number for number. Datasets are fixed per name (generated ones with
 * their default seed) and made once, here; the grid's seed is the training
 * seed (fresh masks, He initialization), not the data's.
 *
 * @example
 *   const { rows, frame, errors } = await sweep(
 *     { keepProb: [0.86, 1], lambd: [0, 0.7], seed: [1, 2], dataset: ["default", "moons"] },
 *     { numIterations: 10000, onProgress: (p) => console.log(`${p.done}/${p.total}, ETA ${p.etaSeconds} s`) },
 *   );
 *   frame.sortValues("testAccuracy", { ascending: false }).print();
 */
import type { DataFrame } from "danfojs-node";
import { loadDanfo } from "../data/frame";
import { normalizeOptions } from "../train/options";
import { checkCount, describe } from "../validate";
import { datasetByName, loadDataFile, type Dataset } from "../data";
import { splitDataset } from "../data/split";
import type { SweepCommon, SweepConfig, SweepRow, TrainedRun, TrainingJob } from "./protocol";
import { sweepConfigs, type SweepGrid } from "./grid";
import { trainAll } from "./train-all";

export type { SweepCommon, SweepConfig, SweepRow } from "./protocol";
export { sweepConfigs, type SweepGrid } from "./grid";

export interface SweepProgress {
  /** Configurations finished so far, rows and errors together: 1..total. */
  done: number;
  total: number;
  elapsedSeconds: number;
  /** elapsed / done × (total − done): 0 when done = total. */
  etaSeconds: number;
  /** The row just finished; undefined when that configuration failed. */
  last?: SweepRow;
}

export interface SweepOptions extends SweepCommon {
  /** Worker threads. Default os.availableParallelism(), never more than the configurations. */
  workers?: number;
  /** Called after every finished configuration (row or error). If it throws, the sweep stops and rejects with that error. */
  onProgress?: (progress: SweepProgress) => void;
  /** Aborting stops all workers; the sweep then resolves with `cancelled: true` and the rows finished so far. */
  signal?: AbortSignal;
}

export interface SweepError {
  config: SweepConfig;
  message: string;
}

export interface SweepResult {
  /** Finished trainings, in grid order (dataset, then keepProb, lambd, seed), diverged ones after the others. */
  rows: SweepRow[];
  /**
   * The rows as a danfojs DataFrame, columns dataset, keepProb, lambd, seed,
   * finalCost, trainAccuracy, testAccuracy, seconds. Built (and danfojs
   * loaded) on first access; not enumerable, so JSON.stringify(result) skips it.
   */
  readonly frame: DataFrame;
  /** Configurations that failed, in grid order, with the error's message. */
  errors: SweepError[];
  /** True when the signal aborted the sweep before every configuration finished. */
  cancelled: boolean;
  /** Wall-clock seconds of the whole sweep. */
  seconds: number;
}

/** The DataFrame columns, in order. */
export const SWEEP_COLUMNS = [
  "dataset",
  "keepProb",
  "lambd",
  "seed",
  "finalCost",
  "trainAccuracy",
  "devAccuracy",
  "testAccuracy",
  "seconds",
  "status",
] as const satisfies readonly (keyof SweepRow)[];

/** Checks the shared options (with the normaliser `model` uses); returns the plain object the workers get. */
function checkCommon(options: SweepOptions): SweepCommon {
  const fn = "sweep";
  const { numIterations, learningRate, layersDims, masks, init, dataPath, devFraction, devSeed } = options;
  normalizeOptions(fn, { numIterations, learningRate, layersDims, masks, init });
  if (devFraction !== undefined && !(typeof devFraction === "number" && devFraction > 0 && devFraction < 1)) {
    throw new RangeError(`${fn}: devFraction must be a number in (0, 1), got ${describe(devFraction)}`);
  }
  if (devSeed !== undefined && !Number.isInteger(devSeed)) throw new RangeError(`${fn}: devSeed must be an integer, got ${describe(devSeed)}`);
  if (dataPath !== undefined && (typeof dataPath !== "string" || dataPath === "")) {
    throw new TypeError(`${fn}: dataPath must be a non-empty string, got ${describe(dataPath)}`);
  }
  if (options.workers !== undefined) checkCount(fn, "workers", options.workers);
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new TypeError(`${fn}: onProgress must be a function, got ${describe(options.onProgress)}`);
  }
  return { numIterations, learningRate, layersDims: layersDims && [...layersDims], masks, init, dataPath, devFraction, devSeed };
}

/** The rows as a danfojs DataFrame (columns SWEEP_COLUMNS); loads danfojs. */
export function sweepFrame(rows: readonly SweepRow[]): DataFrame {
  const dfd = loadDanfo();
  // devAccuracy is a column only when the sweep held out a dev split.
  const names = SWEEP_COLUMNS.filter((c) => c !== "devAccuracy" || rows.some((r) => r.devAccuracy !== undefined));
  if (rows.length === 0) return new dfd.DataFrame([], { columns: names });
  const columns = Object.fromEntries(names.map((c) => [c, rows.map((r) => r[c])]));
  return new dfd.DataFrame(columns);
}

function makeResult(rows: SweepRow[], errors: SweepError[], cancelled: boolean, seconds: number): SweepResult {
  const result = { rows, errors, cancelled, seconds } as SweepResult;
  let frame: DataFrame | undefined;
  Object.defineProperty(result, "frame", { get: () => (frame ??= sweepFrame(rows)), enumerable: false });
  return result;
}

/** Workers alive now, across all sweeps and trainAll runs (0 once every one has settled). */
export { liveWorkers as liveSweepWorkers } from "./train-all";

/** A dataset with its dev split when one is asked for; or why it could not be made (a string). */
function prepared(load: () => Dataset, common: SweepCommon): Dataset | string {
  try {
    const ds = load();
    return common.devFraction === undefined ? ds : splitDataset(ds, { devFraction: common.devFraction, seed: common.devSeed ?? 1 });
  } catch (error) {
    return (error as Error).message;
  }
}

/** A configuration's training job on its dataset. */
function jobOf(config: SweepConfig, ds: Dataset, common: SweepCommon): TrainingJob {
  const dev = (ds as Dataset & { dev?: TrainingJob["dev"] }).dev;
  return {
    train: ds.train,
    test: ds.test,
    ...(dev === undefined ? {} : { dev }),
    options: {
      keepProb: config.keepProb,
      lambd: config.lambd,
      seed: config.seed,
      numIterations: common.numIterations,
      learningRate: common.learningRate,
      layersDims: common.layersDims,
      masks: common.masks,
      init: common.init,
    },
  };
}

/** A finished training as a sweep row. */
export function sweepRow(config: SweepConfig, run: TrainedRun): SweepRow {
  return {
    ...config,
    finalCost: run.finalCost,
    trainAccuracy: run.trainAccuracy,
    ...(run.devAccuracy === undefined ? {} : { devAccuracy: run.devAccuracy }),
    testAccuracy: run.testAccuracy,
    seconds: run.seconds,
    status: run.status,
    ...(run.message === undefined ? {} : { message: run.message }),
  };
}

/**
 * Runs every configuration of `grid` on worker threads and collects the results.
 *
 * The grid and options are checked before any worker starts. A configuration
 * that fails (unknown dataset, a layersDims that does not fit the data, a
 * crashed worker) goes to `errors` with its configuration; the others go on.
 * All workers have exited by the time the promise settles.
 *
 * @returns rows (grid order; diverged trainings after the others), frame (a danfojs DataFrame of the rows), errors, cancelled, seconds
 * @throws (rejects) RangeError or TypeError for a bad grid value or option, naming it
 */
export async function sweep(grid: SweepGrid, options: SweepOptions = {}): Promise<SweepResult> {
  const configs = sweepConfigs(grid, options);
  const common = checkCommon(options);
  const { signal, onProgress } = options;
  const total = configs.length;
  const start = performance.now();
  const elapsed = (): number => (performance.now() - start) / 1000;
  if (signal?.aborted) return makeResult([], [], true, elapsed());
  // Each dataset made once. A grid without "file" starts its workers before sweep() returns.
  const datasets = new Map<string, Dataset | string>();
  for (const { dataset: name } of configs) {
    if (name !== "file" && !datasets.has(name)) datasets.set(name, prepared(() => datasetByName(name), common));
  }
  if (configs.some((c) => c.dataset === "file")) {
    const file = await loadDataFile(common.dataPath!).then((ds) => ds, (error: Error) => error.message);
    datasets.set("file", typeof file === "string" ? file : prepared(() => file, common));
    if (signal?.aborted) return makeResult([], [], true, elapsed());
  }

  const rows: (SweepRow | undefined)[] = new Array(total);
  const errors: (SweepError | undefined)[] = new Array(total);
  let done = 0;
  const report = (row: SweepRow | undefined): void => {
    done++;
    const t = elapsed();
    onProgress?.({ done, total, elapsedSeconds: t, etaSeconds: (t / done) * (total - done), last: row });
  };
  // Configurations on a dataset that could not be made fail at once; the others become jobs.
  const trained: number[] = [];
  const jobs: TrainingJob[] = [];
  configs.forEach((config, i) => {
    const ds = datasets.get(config.dataset)!;
    if (typeof ds === "string") errors[i] = { config, message: ds };
    else {
      trained.push(i);
      jobs.push(jobOf(config, ds, common));
    }
  });
  const stop = new AbortController();
  const cancel = (): void => stop.abort();
  signal?.addEventListener("abort", cancel, { once: true });
  const run = trainAll(jobs, {
    workers: options.workers,
    signal: stop.signal,
    onProgress: (p) => {
      const i = trained[p.index];
      if (p.result !== undefined) rows[i] = sweepRow(configs[i], p.result);
      else errors[i] = { config: configs[i], message: p.error! };
      report(rows[i]);
    },
  });
  try {
    for (const e of errors) if (e !== undefined) report(undefined);
  } catch (error) {
    stop.abort(); // onProgress threw: stop the workers, then reject with its error
    await run.catch(() => undefined);
    throw error;
  }
  const { cancelled } = await run.finally(() => signal?.removeEventListener("abort", cancel));
  const finished = rows.filter((r): r is SweepRow => r !== undefined);
  const kept = [...finished.filter((r) => r.status !== "diverged"), ...finished.filter((r) => r.status === "diverged")];
  return makeResult(kept, errors.filter((e): e is SweepError => e !== undefined), cancelled, elapsed());
}
