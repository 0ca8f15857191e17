/**
 * The worker side of `sweep` (see ./api and the messages in ./protocol): one
 * training per "run" message.
 *
 * Each dataset is loaded once per name and kept (a failed load is kept too, so
 * every configuration on a missing dataset fails with the same message).
 * A failing configuration is reported and the worker goes on with the next.
 */
import { parentPort, workerData } from "node:worker_threads";
import { datasetByName, type Dataset } from "../data";
import { splitDataset } from "../data/split";
import { evaluate } from "../network/evaluate";
import { trainAndEvaluate } from "../train/model";
import type { Preloaded, SweepCommon, SweepConfig, SweepRow, WorkerData, WorkerReply, WorkerRequest } from "./protocol";

const datasets = new Map<string, Promise<Dataset>>();

/**
 * The dataset for a grid name: a file-backed one ("file", "course") from the
 * sweep's preloaded copies, any other generated here (seeded, so every worker
 * makes the same). Kept per name; a failure too, so every configuration on a
 * missing dataset fails with the same message.
 */
function dataset(name: string, preloaded: Preloaded): Promise<Dataset> {
  let ds = datasets.get(name);
  if (ds === undefined) {
    const given = preloaded[name];
    ds = given !== undefined
      ? ("error" in given ? Promise.reject(new Error(given.error)) : Promise.resolve(given.dataset))
      : Promise.resolve().then(() => datasetByName(name));
    ds.catch(() => undefined); // kept and rethrown per configuration, never unhandled
    datasets.set(name, ds);
  }
  return ds;
}

/** Trains one configuration; the same call, option for option, as a direct trainAndEvaluate. */
export async function runConfig(config: SweepConfig, options: SweepCommon, preloaded: Preloaded = {}): Promise<SweepRow> {
  const whole = await dataset(config.dataset, preloaded);
  const split = options.devFraction === undefined ? undefined : splitDataset(whole, { devFraction: options.devFraction, seed: options.devSeed ?? 1 });
  const ds = split ?? whole;
  const result = trainAndEvaluate(ds.train, ds.test, {
    keepProb: config.keepProb,
    lambd: config.lambd,
    seed: config.seed,
    numIterations: options.numIterations,
    learningRate: options.learningRate,
    layersDims: options.layersDims,
    masks: options.masks,
    init: options.init,
  });
  return {
    ...config,
    finalCost: result.finalCost,
    trainAccuracy: result.trainAccuracy,
    ...(split === undefined ? {} : { devAccuracy: evaluate(split.dev.X, split.dev.Y, result.network).accuracy }),
    testAccuracy: result.testAccuracy,
    seconds: result.seconds,
    status: result.status,
    ...(result.message === undefined ? {} : { message: result.message }),
  };
}

const port = parentPort;
if (port !== null) {
  const { common, preloaded } = workerData as WorkerData;
  port.on("message", (msg: WorkerRequest) => {
    if (msg.type !== "run") return;
    runConfig(msg.config, common, preloaded).then(
      (row) => port.postMessage({ type: "row", index: msg.index, row } satisfies WorkerReply),
      (err: unknown) =>
        port.postMessage({
          type: "failed",
          index: msg.index,
          message: err instanceof Error ? err.message : String(err),
        } satisfies WorkerReply),
    );
  });
}
