/**
 * Independent trainings on a small pool of worker threads, one training per
 * worker at a time: the parallel path under `sweep` and under any list of runs
 * that do not depend on each other (a notebook's comparisons, say).
 *
 * Each job is exactly `trainAndEvaluate(job.train, job.test, job.options)`, so
 * its result equals a direct call, number for number, parameters included.
 *
 * @example
 *   const { results } = await trainAll([
 *     { train: ds.train, test: ds.test, options: { keepProb: 0.86 } },
 *     { train: ds.train, test: ds.test, options: { lambd: 0.7 } },
 *   ]);
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { matrix, type Matrix } from "../matrix";
import { networkToParameters } from "../course";
import { normalizeOptions } from "../train/options";
import { checkCount, checkExamples, describe } from "../validate";
import type { Split } from "../data/dataset";
import type { JobOptions, JobProgress, TrainedRun, TrainingJob, WorkerReply, WorkerRequest } from "./protocol";

export type { JobOptions, JobProgress, TrainedRun, TrainingJob } from "./protocol";

export interface TrainAllProgress {
  /** Jobs finished so far, results and failures together: 1..total. */
  done: number;
  total: number;
  elapsedSeconds: number;
  /** elapsed / done × (total − done): 0 when done = total. */
  etaSeconds: number;
  /** The job just finished, its index in the list. */
  index: number;
  /** Its result; undefined when it failed (`error` says why). */
  result?: TrainedRun;
  error?: string;
}

export interface TrainAllOptions {
  /** Worker threads. Default os.availableParallelism(), never more than the jobs. */
  workers?: number;
  /** Called after every finished job. If it throws, trainAll stops and rejects with that error. */
  onProgress?: (progress: TrainAllProgress) => void;
  /** Called with the progress of jobs that set `progressEvery`. If it throws, trainAll stops and rejects with that error. */
  onTraining?: (progress: JobProgress) => void;
  /** Aborting stops all workers; trainAll then resolves with `cancelled: true` and what finished so far. */
  signal?: AbortSignal;
}

export interface TrainAllResult {
  /** One per job, in job order: its result, or undefined when it failed or never ran (cancelled). */
  results: (TrainedRun | undefined)[];
  /** The jobs that failed, in job order, with the error's message. */
  errors: { index: number; message: string }[];
  /** True when the signal aborted before every job finished. */
  cancelled: boolean;
  /** Wall-clock seconds of the whole run. */
  seconds: number;
}

/** Options a worker cannot receive, and what to use instead. */
const NOT_PORTABLE: Record<string, string> = {
  callback: "use the job's progressEvery and trainAll's onTraining",
  log: "printed lines have nowhere to go from a worker",
  printCost: "printed lines have nowhere to go from a worker; use progressEvery and onTraining",
  rng: "give the job a seed instead",
  implementation: "the learner's functions run in the notebook's own thread; call model() there",
  initialParameters: "workers start from the seed's initialization",
};

/** Checks every job before any worker starts, and copies its matrices into buffers of their own. */
function portableJobs(jobs: readonly TrainingJob[]): TrainingJob[] {
  const fn = "trainAll";
  if (!Array.isArray(jobs)) throw new TypeError(`${fn}: jobs must be an array of { train, test, dev?, options?, progressEvery? }, got ${describe(jobs)}`);
  return jobs.map((job, i) => {
    const at = `${fn}: jobs[${i}]`;
    if (typeof job !== "object" || job === null) throw new TypeError(`${at} must be an object { train, test, dev?, options?, progressEvery? }, got ${describe(job)}`);
    const options = job.options ?? {};
    for (const [key, why] of Object.entries(NOT_PORTABLE)) {
      if ((options as Record<string, unknown>)[key] !== undefined) throw new TypeError(`${at}.options.${key} cannot go to a worker thread: ${why}`);
    }
    normalizeOptions(`${at}.options`, options);
    if (options.metricsEvery !== undefined) checkCount(`${at}.options`, "metricsEvery", options.metricsEvery);
    if (job.progressEvery !== undefined) checkCount(at, "progressEvery", job.progressEvery);
    const portable: TrainingJob = {
      train: split(`${at}.train`, job.train),
      test: split(`${at}.test`, job.test),
      options: { ...options, ...(options.validation === undefined ? {} : { validation: split(`${at}.options.validation`, options.validation) }) } as JobOptions,
    };
    if (job.dev !== undefined) portable.dev = split(`${at}.dev`, job.dev);
    if (job.progressEvery !== undefined) portable.progressEvery = job.progressEvery;
    return portable;
  });
}

/** A checked copy of a split: structured cloning a view would copy its whole buffer (a WebAssembly memory, say). */
function split(name: string, s: Split): Split {
  if (typeof s !== "object" || s === null) throw new TypeError(`${name} must be { X, Y }, got ${describe(s)}`);
  checkExamples(name, s.X, s.Y);
  return { X: copy(s.X), Y: copy(s.Y) };
}

function copy(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

/** A worker's result with its matrices made library matrices again (printing like numpy). */
function revive(run: TrainedRun): TrainedRun {
  const network = run.network.map((layer) => ({
    W: matrix(layer.W.rows, layer.W.cols, layer.W.data),
    b: matrix(layer.b.rows, layer.b.cols, layer.b.data),
    keepProb: layer.keepProb,
  }));
  return { ...run, network, parameters: networkToParameters(network) };
}

/** Workers alive now, across all runs (0 once every trainAll has settled). */
const live = new Set<Worker>();

export function liveWorkers(): number {
  return live.size;
}

/**
 * A worker running ./worker.js beside this file (the built library: worker
 * threads do not take a TypeScript loader's hooks, so tests use dist/).
 * No stdin; its stdout and stderr go to this process's stderr, so a
 * program's stdout (say, JSON) stays clean.
 */
function spawnWorker(): Worker {
  const worker = new Worker(join(__dirname, "worker.js"), { stdin: false, stdout: true, stderr: true, execArgv: [] });
  const forward = (chunk: Buffer): void => void process.stderr.write(chunk);
  worker.stdout.on("data", forward);
  worker.stderr.on("data", forward);
  live.add(worker);
  worker.once("exit", () => live.delete(worker));
  return worker;
}

/**
 * Runs every job on worker threads and collects the results.
 *
 * The jobs are checked before any worker starts (and the workers have started
 * by the time this returns its promise). A job that fails (a network that
 * does not fit its data, a crashed worker) goes to `errors`; the others go on.
 * All workers have exited by the time the promise settles.
 *
 * @throws (rejects) RangeError or TypeError for a bad job or option, naming it
 */
export async function trainAll(jobs: readonly TrainingJob[], options: TrainAllOptions = {}): Promise<TrainAllResult> {
  const fn = "trainAll";
  const queue = portableJobs(jobs);
  const { signal, onProgress, onTraining } = options;
  if (options.workers !== undefined) checkCount(fn, "workers", options.workers);
  for (const [name, f] of [["onProgress", onProgress], ["onTraining", onTraining]] as const) {
    if (f !== undefined && typeof f !== "function") throw new TypeError(`${fn}: ${name} must be a function, got ${describe(f)}`);
  }
  const total = queue.length;
  const start = performance.now();
  const elapsed = (): number => (performance.now() - start) / 1000;
  const results: (TrainedRun | undefined)[] = new Array(total).fill(undefined);
  const errors: (string | undefined)[] = new Array(total).fill(undefined);
  const outcome = (cancelled: boolean): TrainAllResult => ({
    results,
    errors: errors.flatMap((message, index) => (message === undefined ? [] : [{ index, message }])),
    cancelled,
    seconds: elapsed(),
  });
  if (total === 0) return outcome(false);
  if (signal?.aborted) return outcome(true);
  const poolSize = Math.min(options.workers ?? availableParallelism(), total);

  return new Promise<TrainAllResult>((resolve, reject) => {
    const running = new Map<Worker, number>(); // worker → the job it runs
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
    const settle = (end: { cancelled: boolean } | { error: unknown }): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      for (const worker of [...pool]) close(worker);
      void Promise.allSettled(exits).then(() => ("error" in end ? reject(end.error) : resolve(outcome(end.cancelled))));
    };
    // An abort after the last job finished (say, from onProgress) changes nothing.
    const onAbort = (): void => settle({ cancelled: done < total });
    /** Calls a user callback; if it throws, everything stops with its error. */
    const call = <T>(f: ((arg: T) => void) | undefined, arg: T): boolean => {
      try {
        f?.(arg);
        return true;
      } catch (error) {
        settle({ error });
        return false;
      }
    };

    const feed = (worker: Worker): void => {
      if (next >= total) {
        close(worker);
        return;
      }
      const index = next++;
      running.set(worker, index);
      worker.postMessage({ type: "train", index, job: queue[index] } satisfies WorkerRequest);
    };
    const finished = (index: number, result: TrainedRun | undefined, error?: string): void => {
      results[index] = result;
      errors[index] = error;
      done++;
      const t = elapsed();
      const progress: TrainAllProgress = { done, total, elapsedSeconds: t, etaSeconds: (t / done) * (total - done), index, result, error };
      if (call(onProgress, progress) && done === total) settle({ cancelled: false });
    };
    // A worker that died (uncaught error, or an exit we did not ask for):
    // its job fails, and a fresh worker takes over the queue.
    const died = (worker: Worker, message: string): void => {
      if (settled || !pool.has(worker)) return;
      const index = running.get(worker);
      close(worker);
      if (index !== undefined) finished(index, undefined, message);
      if (!settled && next < total) startWorker();
    };
    const startWorker = (): void => {
      const worker = spawnWorker();
      pool.add(worker);
      worker.on("message", (reply: WorkerReply) => {
        if (settled || running.get(worker) !== reply.index) return;
        if (reply.type === "progress") {
          call(onTraining, reply.progress);
          return;
        }
        running.delete(worker);
        if (reply.type === "result") finished(reply.index, revive(reply.result));
        else finished(reply.index, undefined, reply.message);
        if (!settled) feed(worker);
      });
      worker.on("error", (err) => died(worker, `worker crashed: ${err.message}`));
      worker.on("exit", (code) => died(worker, `worker exited unexpectedly with code ${code}`));
      feed(worker);
    };

    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (let w = 0; w < poolSize; w++) startWorker();
    } catch (error) {
      settle({ error });
    }
  });
}
