/**
 * Sweeps: many independent trainings (dataset × keepProb × lambd × seed), run
 * on a small pool of worker threads, one training per worker at a time.
 *
 * Each configuration is exactly `trainAndEvaluate(ds.train, ds.test, options)`
 * with the grid's keepProb, lambd and seed, so a sweep's row equals a direct
 * call, number for number. Datasets are fixed per name (generated ones with
 * their default seed); the grid's seed is the training seed (fresh masks, He
 * initialization), not the data's.
 *
 * @example
 *   const { rows, frame, errors } = await sweep(
 *     { keepProb: [0.86, 1], lambd: [0, 0.7], seed: [1, 2], dataset: ["default", "moons"] },
 *     { numIterations: 10000, onProgress: (p) => console.log(`${p.done}/${p.total}, ETA ${p.etaSeconds} s`) },
 *   );
 *   frame.sortValues("testAccuracy", { ascending: false }).print();
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { DataFrame } from "danfojs-node";
import { loadDanfo } from "../data/frame";
import { normalizeOptions } from "../train/options";
import { checkCount, describe } from "../validate";
import { datasetByName, loadDataFile, type Dataset } from "../data";
import type { Preloaded, SweepCommon, SweepConfig, SweepRow, WorkerData, WorkerReply, WorkerRequest } from "./protocol";

import { sweepConfigs, type SweepGrid } from "./grid";

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

/**
 * The file-backed datasets of the grid, each loaded once (or why it failed):
 * every worker gets these copies. "course" is read synchronously, "file"
 * asynchronously, so a grid without "file" starts its workers at once.
 */
function preloadCourse(configs: readonly SweepConfig[]): Preloaded {
  const preloaded: Preloaded = {};
  if (configs.some((c) => c.dataset === "course")) preloaded.course = attempt(() => datasetByName("course"));
  return preloaded;
}

function attempt(load: () => Dataset): { dataset: Dataset } | { error: string } {
  try {
    return { dataset: load() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

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

/** Workers alive now, across all sweeps (0 once every sweep has settled). */
const live = new Set<Worker>();

export function liveSweepWorkers(): number {
  return live.size;
}

/**
 * A worker running ./worker.js beside this file (the built library: worker
 * threads do not take a TypeScript loader's hooks, so tests sweep with dist/).
 * No stdin; its stdout and stderr go to this process's stderr, so a
 * program's stdout (say, JSON) stays clean.
 */
function spawnWorker(data: WorkerData): Worker {
  const worker = new Worker(join(__dirname, "worker.js"), { workerData: data, stdin: false, stdout: true, stderr: true, execArgv: [] });
  const forward = (chunk: Buffer): void => void process.stderr.write(chunk);
  worker.stdout.on("data", forward);
  worker.stderr.on("data", forward);
  live.add(worker);
  worker.once("exit", () => live.delete(worker));
  return worker;
}

/**
 * Runs every configuration of `grid` on worker threads and collects the results.
 *
 * The grid and options are checked before any worker starts. A configuration
 * that fails (unknown dataset, a layersDims that does not fit the data, a
 * crashed worker) goes to `errors` with its configuration; the others go on.
 * All workers have exited by the time the promise settles.
 *
 * Datasets read from files ("file", "course") are loaded once, here, and
 * handed to every worker.
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
  const poolSize = Math.min(options.workers ?? availableParallelism(), total);
  const data: WorkerData = { common, preloaded: preloadCourse(configs) };
  if (configs.some((c) => c.dataset === "file")) {
    data.preloaded.file = await loadDataFile(common.dataPath!).then((dataset) => ({ dataset }), (error: Error) => ({ error: error.message }));
  }

  return new Promise<SweepResult>((resolve, reject) => {
    const rows: (SweepRow | undefined)[] = new Array(total);
    const errors: (SweepError | undefined)[] = new Array(total);
    const running = new Map<Worker, number>(); // worker → the configuration index it runs
    const pool = new Set<Worker>();
    const exits: Promise<unknown>[] = [];
    let next = 0;
    let done = 0;
    let settled = false;

    const close = (worker: Worker): void => {
      pool.delete(worker);
      running.delete(worker);
      exits.push(worker.terminate());
    };
    const settle = (outcome: { cancelled: boolean } | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      for (const worker of [...pool]) close(worker);
      void Promise.allSettled(exits).then(() => {
        if ("error" in outcome) reject(outcome.error);
        else {
          const done = rows.filter((r): r is SweepRow => r !== undefined);
          const kept = [...done.filter((r) => r.status !== "diverged"), ...done.filter((r) => r.status === "diverged")];
          const failed = errors.filter((e): e is SweepError => e !== undefined);
          resolve(makeResult(kept, failed, outcome.cancelled, elapsed()));
        }
      });
    };
    // An abort after the last configuration finished (say, from onProgress) changes nothing.
    const onAbort = (): void => settle({ cancelled: done < total });

    const feed = (worker: Worker): void => {
      if (next >= total) {
        close(worker);
        return;
      }
      const index = next++;
      running.set(worker, index);
      worker.postMessage({ type: "run", index, config: configs[index] } satisfies WorkerRequest);
    };
    const finished = (index: number, row: SweepRow | undefined): void => {
      done++;
      if (onProgress) {
        const t = elapsed();
        try {
          onProgress({ done, total, elapsedSeconds: t, etaSeconds: (t / done) * (total - done), last: row });
        } catch (error) {
          settle({ error });
          return;
        }
      }
      if (done === total) settle({ cancelled: false });
    };
    const fail = (index: number, message: string): void => {
      errors[index] = { config: configs[index], message };
      finished(index, undefined);
    };
    // A worker that died (uncaught error, or an exit we did not ask for):
    // its configuration fails, and a fresh worker takes over the queue.
    const died = (worker: Worker, message: string): void => {
      if (settled || !pool.has(worker)) return;
      const index = running.get(worker);
      close(worker);
      if (index !== undefined) fail(index, message);
      if (!settled && next < total) start();
    };
    const start = (): void => {
      const worker = spawnWorker(data);
      pool.add(worker);
      worker.on("message", (reply: WorkerReply) => {
        if (settled || running.get(worker) !== reply.index) return;
        running.delete(worker);
        if (reply.type === "row") {
          rows[reply.index] = reply.row;
          finished(reply.index, reply.row);
        } else {
          fail(reply.index, reply.message);
        }
        if (!settled) feed(worker);
      });
      worker.on("error", (err) => died(worker, `worker crashed: ${err.message}`));
      worker.on("exit", (code) => died(worker, `worker exited unexpectedly with code ${code}`));
      feed(worker);
    };

    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (let w = 0; w < poolSize; w++) start();
    } catch (error) {
      settle({ error });
    }
  });
}
