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
import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";
import type { DataFrame } from "danfojs-node";
import { loadDanfo } from "./data/frame";
import type { MaskPolicy } from "./train";
import { checkCount, checkKeepProb, checkNonNegative, checkPositive } from "./validate";
import type { WorkerReply, WorkerRequest } from "./sweep-worker";

/** The values to try; the sweep runs their cartesian product. */
export interface SweepGrid {
  /** keepProb for every hidden layer, each in (0, 1]. Default [1] (no dropout). */
  keepProb?: readonly number[];
  /** L2 strengths, each ≥ 0. Default [0]. */
  lambd?: readonly number[];
  /** Training seeds (fresh masks, He initialization). Default [1]. */
  seed?: readonly number[];
  /**
   * Dataset names for `datasetByName` ("course", "default", "moons", "circles",
   * "spirals", "xor", "blobs"), or "file" for the file at `options.dataPath`.
   * Default ["default"]. An unknown name fails only its own configurations.
   */
  dataset?: readonly string[];
}

/** One point of the grid. */
export interface SweepConfig {
  dataset: string;
  keepProb: number;
  lambd: number;
  seed: number;
}

/** One finished training: its configuration and its results. */
export interface SweepRow extends SweepConfig {
  /** The cost of the last iteration (with the L2 term when lambd > 0). */
  finalCost: number;
  /** Fraction correct, in [0, 1]. */
  trainAccuracy: number;
  testAccuracy: number;
  /** Wall-clock seconds of the training loop. */
  seconds: number;
}

/** The options every training of a sweep shares (they go to `model`). */
export interface SweepCommon {
  /** Default 30000, as `model`. */
  numIterations?: number;
  /** Default 0.3, as `model`. */
  learningRate?: number;
  /** [n_0, n_1, …, 1]. Default [2, 20, 3, 1] (the course's network, via `model`). */
  layersDims?: readonly number[];
  /** "fresh" (default) or "course"; see ./train. */
  masks?: MaskPolicy;
  /** "course" (default) or "he". */
  init?: "course" | "he";
  /** A .mat (course layout) or .csv (x1, x2, y, split) file: the grid's dataset "file". */
  dataPath?: string;
}

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
  /** Finished trainings, in grid order (dataset, then keepProb, lambd, seed). */
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
  "testAccuracy",
  "seconds",
] as const satisfies readonly (keyof SweepRow)[];

const GRID_KEYS = ["keepProb", "lambd", "seed", "dataset"] as const;

/**
 * The grid's configurations, in order: dataset, then keepProb, lambd, seed
 * (seed varies fastest). Checks every value first.
 *
 * @throws RangeError or TypeError naming the grid entry and the value received
 */
export function sweepConfigs(grid: SweepGrid, options: { dataPath?: string } = {}): SweepConfig[] {
  const fn = "sweep";
  if (typeof grid !== "object" || grid === null || Array.isArray(grid)) {
    throw new TypeError(`${fn}: grid must be an object { keepProb?, lambd?, seed?, dataset? }, got ${describe(grid)}`);
  }
  for (const key of Object.keys(grid)) {
    if (!(GRID_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`${fn}: grid has an unknown key ${JSON.stringify(key)}; expected ${GRID_KEYS.join(", ")}`);
    }
  }
  const keepProb = list(fn, "keepProb", grid.keepProb, [1]);
  keepProb.forEach((p, i) => checkKeepProb(fn, p, `grid.keepProb[${i}]`));
  const lambd = list(fn, "lambd", grid.lambd, [0]);
  lambd.forEach((l, i) => checkNonNegative(fn, `grid.lambd[${i}]`, l));
  const seed = list(fn, "seed", grid.seed, [1]);
  seed.forEach((s, i) => {
    if (typeof s !== "number" || !Number.isFinite(s)) throw new RangeError(`${fn}: grid.seed[${i}] must be a finite number, got ${describe(s)}`);
  });
  const dataset = list(fn, "dataset", grid.dataset, ["default"]);
  dataset.forEach((d, i) => {
    if (typeof d !== "string" || d === "") throw new TypeError(`${fn}: grid.dataset[${i}] must be a non-empty dataset name, got ${describe(d)}`);
    if (d === "file" && options.dataPath === undefined) {
      throw new TypeError(`${fn}: grid.dataset[${i}] is "file", but options.dataPath is not set; give the .mat or .csv file's path`);
    }
  });
  const configs: SweepConfig[] = [];
  for (const d of dataset) for (const k of keepProb) for (const l of lambd) for (const s of seed) configs.push({ dataset: d, keepProb: k, lambd: l, seed: s });
  return configs;
}

function list<T>(fn: string, key: string, value: readonly T[] | undefined, fallback: T[]): T[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`${fn}: grid.${key} must be a non-empty array, got ${describe(value)}`);
  }
  return [...value];
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

/** Checks the shared options; returns the plain object the workers get. */
function checkCommon(options: SweepOptions): SweepCommon {
  const fn = "sweep";
  const { numIterations, learningRate, layersDims, masks, init, dataPath } = options;
  if (numIterations !== undefined) checkCount(fn, "numIterations", numIterations, 0);
  if (learningRate !== undefined) checkPositive(fn, "learningRate", learningRate);
  if (layersDims !== undefined) {
    if (!Array.isArray(layersDims) || layersDims.length < 2 || !layersDims.every((n) => Number.isInteger(n) && n >= 1)) {
      throw new RangeError(`${fn}: layersDims must be an array of at least 2 integers >= 1, [n_0, …, 1], got ${describe(layersDims)}`);
    }
  }
  if (masks !== undefined && masks !== "fresh" && masks !== "course") {
    throw new RangeError(`${fn}: masks must be "fresh" or "course", got ${describe(masks)}`);
  }
  if (init !== undefined && init !== "course" && init !== "he") {
    throw new RangeError(`${fn}: init must be "course" or "he", got ${describe(init)}`);
  }
  if (dataPath !== undefined && (typeof dataPath !== "string" || dataPath === "")) {
    throw new TypeError(`${fn}: dataPath must be a non-empty string, got ${describe(dataPath)}`);
  }
  if (options.workers !== undefined) checkCount(fn, "workers", options.workers);
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new TypeError(`${fn}: onProgress must be a function, got ${describe(options.onProgress)}`);
  }
  return { numIterations, learningRate, layersDims: layersDims && [...layersDims], masks, init, dataPath };
}

/** The rows as a danfojs DataFrame (columns SWEEP_COLUMNS); loads danfojs. */
export function sweepFrame(rows: readonly SweepRow[]): DataFrame {
  const dfd = loadDanfo();
  if (rows.length === 0) return new dfd.DataFrame([], { columns: [...SWEEP_COLUMNS] });
  const columns = Object.fromEntries(SWEEP_COLUMNS.map((c) => [c, rows.map((r) => r[c])]));
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
 * A worker running ./sweep-worker: the compiled .js beside this file, or,
 * when this module runs as TypeScript source (tsx), the .ts through tsx's
 * CommonJS hook (Node 20 does not apply `--import tsx` hooks inside workers).
 * No stdin; its stdout and stderr go to this process's stderr, so a
 * program's stdout (say, JSON) stays clean.
 */
function spawnWorker(common: SweepCommon): Worker {
  const ext = extname(__filename);
  const file = join(__dirname, `sweep-worker${ext}`);
  const opts = { workerData: { common }, stdin: false, stdout: true, stderr: true, execArgv: [] as string[] };
  let worker: Worker;
  if (ext === ".ts") {
    const tsx = require.resolve("tsx/cjs", { paths: [__dirname] });
    worker = new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`, { ...opts, eval: true });
  } else {
    worker = new Worker(file, opts);
  }
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
 * @returns rows (grid order), frame (a danfojs DataFrame of the rows), errors, cancelled, seconds
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
          const kept = rows.filter((r): r is SweepRow => r !== undefined);
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
      const worker = spawnWorker(common);
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
