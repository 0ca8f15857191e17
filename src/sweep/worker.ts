/**
 * The worker side of `trainAll` (see ./train-all and the messages in
 * ./protocol): one training per "train" message. A failing job is reported
 * and the worker goes on with the next.
 */
import { parentPort } from "node:worker_threads";
import { evaluate } from "../network/evaluate";
import { trainAndEvaluate } from "../train/model";
import type { JobProgress, TrainedRun, TrainingJob, WorkerReply, WorkerRequest } from "./protocol";

/** Trains one job: the same call, option for option, as a direct trainAndEvaluate. */
export function runJob(job: TrainingJob, report?: (progress: Omit<JobProgress, "index">) => void): TrainedRun {
  const every = job.progressEvery;
  const result = trainAndEvaluate(job.train, job.test, {
    ...job.options,
    ...(every === undefined || report === undefined
      ? {}
      : {
          callbackEvery: every,
          callback: (p) =>
            report({ iteration: p.iteration, cost: p.cost, costs: [...p.costs], metrics: [...p.metrics], elapsedSeconds: p.elapsedSeconds, numIterations: p.numIterations }),
        }),
  });
  return job.dev === undefined ? result : { ...result, devAccuracy: evaluate(job.dev.X, job.dev.Y, result.network).accuracy };
}

const port = parentPort;
if (port !== null) {
  port.on("message", (msg: WorkerRequest) => {
    if (msg.type !== "train") return;
    const { index } = msg;
    let reply: WorkerReply;
    try {
      const result = runJob(msg.job, (progress) => port.postMessage({ type: "progress", index, progress: { index, ...progress } } satisfies WorkerReply));
      reply = { type: "result", index, result };
    } catch (err) {
      reply = { type: "failed", index, message: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
}
