/**
 * `dropout-lab train`: train the course's network once and report costs and accuracy.
 *
 * Every option is checked (by the normaliser `model` uses, with the CLI's option
 * names) before anything is printed. Exit codes: 0 trained; 1 a data or
 * training failure; 2 a bad option; 3 the run diverged (its status says where).
 */
import { parseArgs } from "node:util";
import { defaultDataset, loadDataFile, type Dataset } from "../data";
import { checkMemory } from "../network/workspace";
import { trainAndEvaluate } from "../train/model";
import { normalizeOptions, type MaskPolicy, type Settings } from "../train/options";
import { OPTION_NAMES, parseInteger, parseLayers, parseList, parseNumber, usage, UsageError } from "./options";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const FN = "dropout-lab train";

export const TRAIN_USAGE = `train options:
  --data FILE            a course-style .mat file (X, y, Xval, yval) or a CSV with
                         columns x1, x2, y and an optional split (train/test);
                         without it, the built-in default dataset is used
  --lambd L              L2 strength (default 0)
  --keep-prob P          dropout keepProb, one for all hidden layers or one per
                         layer: 0.86 or 0.9,0.8 (default 1: no dropout)
  --learning-rate R      gradient-descent step (default 0.3)
  --iterations N         (default 30000)
  --layers 20,3          hidden-layer sizes (default 20,3)
  --seed S               seed of the stream for fresh masks (default 1)
  --masks fresh|course   fresh masks every iteration (default), or the course's
                         re-seeded masks, the same every iteration
  --json                 print one JSON object instead of text
`;

/** Numbers as JSON: NaN and ±Infinity become the strings "NaN", "Infinity", "-Infinity", never null. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

/** Runs `dropout-lab train`; returns the exit code. */
export async function runTrainCommand(argv: string[], io: Io, help: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: "string" },
      lambd: { type: "string" },
      "keep-prob": { type: "string" },
      "learning-rate": { type: "string" },
      iterations: { type: "string" },
      layers: { type: "string" },
      seed: { type: "string" },
      masks: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout(help);
    return 0;
  }
  const keepProbs = parseList("keep-prob", values["keep-prob"]);
  const hidden = parseLayers(values.layers ?? "20,3", 2) as number[];
  const settings = usage(() =>
    normalizeOptions(
      FN,
      {
        lambd: parseNumber("lambd", values.lambd),
        keepProb: keepProbs === undefined ? undefined : keepProbs.length === 1 ? keepProbs[0] : keepProbs,
        learningRate: parseNumber("learning-rate", values["learning-rate"]),
        numIterations: parseInteger("iterations", values.iterations),
        seed: parseInteger("seed", values.seed),
        masks: values.masks as MaskPolicy | undefined,
        layersDims: hidden,
      },
      OPTION_NAMES,
    ),
  );
  const data: Dataset = values.data === undefined ? defaultDataset() : await loadDataFile(values.data);
  const layersDims = [data.train.X.rows, ...hidden.slice(1)];
  usage(() => checkMemory(FN, layersDims, data.train.X.cols, "--layers"));
  const say = values.json ? () => {} : (line: string) => io.stdout(`${line}\n`);
  say(`Data: ${data.source}: ${data.train.X.cols} training and ${data.test.X.cols} test examples.`);
  if (values.data === undefined) say("(No --data given: using the built-in default dataset.)");
  say(describeRun(settings, layersDims));

  const { callbackEvery: _every, ...options } = settings;
  const result = trainAndEvaluate(data.train, data.test, {
    ...options,
    layersDims,
    callbackEvery: 10000,
    callback: values.json ? undefined : (p) => void (p.iteration % 10000 === 0 && say(`Cost after iteration ${p.iteration}: ${p.cost}`)),
  });
  const diverged = result.status === "diverged";
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          status: result.status,
          ...(diverged ? { message: result.message } : {}),
          costs: result.costs,
          finalCost: result.finalCost,
          trainAccuracy: result.trainAccuracy,
          testAccuracy: result.testAccuracy,
          seconds: result.seconds,
          iterations: result.iterations,
          options: { ...options, layersDims, data: values.data ?? null },
          data: { name: data.name, source: data.source, train: data.train.X.cols, test: data.test.X.cols },
        },
        jsonNumbers,
      ) + "\n",
    );
  } else if (diverged) {
    io.stderr(`${FN}: ${result.message}\n`);
  } else {
    say(`Train accuracy: ${result.trainAccuracy}`);
    say(`Test accuracy: ${result.testAccuracy}`);
    say(`Training took ${result.seconds.toFixed(2)} s (${Math.round(result.iterations / result.seconds)} iterations/s).`);
  }
  return diverged ? 3 : 0;
}

function describeRun(o: Settings, layersDims: readonly number[]): string {
  const parts = [`layers [${layersDims.join(", ")}]`, `learning rate ${o.learningRate}`, `${o.numIterations} iterations`];
  if (o.lambd) parts.push(`L2 lambd ${o.lambd}`);
  if (o.keepProb !== 1) parts.push(`dropout keepProb ${o.keepProb} with ${o.masks} masks${o.masks === "fresh" ? ` (seed ${o.seed})` : ""}`);
  return `Training: ${parts.join(", ")}.`;
}

export { UsageError };
