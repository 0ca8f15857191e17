/**
 * The worker side of `sweep` (see ./api and the messages in ./protocol): one
 * training per "run" message.
 *
 * Each dataset is loaded once per name and kept (a failed load is kept too, so
 * every configuration on a missing dataset fails with the same message).
 * A failing configuration is reported and the worker goes on with the next.
 */
import { parentPort, workerData } from "node:worker_threads";
import { datasetByName, loadDataFile, type Dataset } from "../data";
import { trainAndEvaluate } from "../train/model";
import type { SweepCommon, SweepConfig, SweepRow, WorkerReply, WorkerRequest } from "./protocol";

const datasets = new Map<string, Promise<Dataset>>();

/** The dataset for a grid name: "file" is the file at `dataPath`, any other name goes to datasetByName. */
function dataset(name: string, dataPath: string | undefined): Promise<Dataset> {
  const key = name === "file" ? `file:${dataPath}` : name;
  let ds = datasets.get(key);
  if (ds === undefined) {
    ds = name === "file" && dataPath !== undefined
      ? loadDataFile(dataPath)
      : Promise.resolve().then(() => datasetByName(name));
    ds.catch(() => undefined); // kept and rethrown per configuration, never unhandled
    datasets.set(key, ds);
  }
  return ds;
}

/** Trains one configuration; the same call, option for option, as a direct trainAndEvaluate. */
export async function runConfig(config: SweepConfig, options: SweepCommon): Promise<SweepRow> {
  const ds = await dataset(config.dataset, options.dataPath);
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
    testAccuracy: result.testAccuracy,
    seconds: result.seconds,
  };
}

const port = parentPort;
if (port !== null) {
  const common = (workerData as { common: SweepCommon }).common;
  port.on("message", (msg: WorkerRequest) => {
    if (msg.type !== "run") return;
    runConfig(msg.config, common).then(
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
