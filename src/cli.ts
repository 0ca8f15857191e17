#!/usr/bin/env node
/**
 * dropout-lab train [options]   train the course's network and report accuracy
 * dropout-lab sweep [options]   many trainings on every core
 */
import { parseArgs } from "node:util";
import { defaultDataset, loadDataFile, type Dataset } from "./data";
import { parseLayers, parseList, parseMasks, parseNumber, parseInteger, UsageError } from "./cli/options";
import { trainAndEvaluate, type ModelOptions } from "./train";
import { checkKeepProb, checkNonNegative } from "./validate";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const USAGE = `Usage:
  dropout-lab train [options]   train the 3-layer network, print costs and accuracy
  dropout-lab sweep [options]   a grid of trainings on every core (dropout-lab sweep --help)

train options:
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

/** Runs `dropout-lab train`; returns the exit code. */
export async function runTrainCommand(argv: string[], io: Io = processIo): Promise<number> {
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
    io.stdout(USAGE);
    return 0;
  }
  const keepProbs = parseList("keep-prob", values["keep-prob"]);
  const partial: ModelOptions = {
    lambd: parseNumber("lambd", values.lambd) ?? 0,
    keepProb: keepProbs === undefined ? 1 : keepProbs.length === 1 ? keepProbs[0] : keepProbs,
    learningRate: parseNumber("learning-rate", values["learning-rate"]) ?? 0.3,
    numIterations: parseInteger("iterations", values.iterations) ?? 30000,
    seed: parseInteger("seed", values.seed) ?? 1,
    masks: parseMasks(values.masks) ?? "fresh",
  };

  if (keepProbs !== undefined) keepProbs.forEach((p, i) => checkKeepProb("dropout-lab train", p, keepProbs.length === 1 ? "--keep-prob" : `--keep-prob[${i}]`));
  checkNonNegative("dropout-lab train", "--lambd", partial.lambd!);
  const data: Dataset = values.data === undefined ? defaultDataset() : await loadDataFile(values.data);
  const options: ModelOptions = { ...partial, layersDims: parseLayers(values.layers ?? "20,3", data.train.X.rows) };
  const say = values.json ? () => {} : (line: string) => io.stdout(`${line}\n`);
  say(`Data: ${data.source}: ${data.train.X.cols} training and ${data.test.X.cols} test examples.`);
  if (values.data === undefined) say("(No --data given: using the built-in default dataset.)");
  say(describeRun(options));

  const result = trainAndEvaluate(data.train, data.test, {
    ...options,
    callbackEvery: 10000,
    callback: values.json ? undefined : (p) => void (p.iteration % 10000 === 0 && say(`Cost after iteration ${p.iteration}: ${p.cost}`)),
  });
  if (values.json) {
    io.stdout(
      JSON.stringify({
        costs: result.costs,
        finalCost: result.finalCost,
        trainAccuracy: result.trainAccuracy,
        testAccuracy: result.testAccuracy,
        seconds: result.seconds,
        iterations: result.iterations,
        options: { ...options, data: values.data ?? null },
        data: { name: data.name, source: data.source, train: data.train.X.cols, test: data.test.X.cols },
      }) + "\n",
    );
  } else {
    say(`Train accuracy: ${result.trainAccuracy}`);
    say(`Test accuracy: ${result.testAccuracy}`);
    say(`Training took ${result.seconds.toFixed(2)} s (${Math.round(result.iterations / result.seconds)} iterations/s).`);
  }
  return 0;
}

function describeRun(o: ModelOptions): string {
  const parts = [`layers [${o.layersDims?.join(", ")}]`, `learning rate ${o.learningRate}`, `${o.numIterations} iterations`];
  if (o.lambd) parts.push(`L2 lambd ${o.lambd}`);
  if (o.keepProb !== 1) parts.push(`dropout keepProb ${o.keepProb} with ${o.masks} masks${o.masks === "fresh" ? ` (seed ${o.seed})` : ""}`);
  return `Training: ${parts.join(", ")}.`;
}

/** The CLI entry point; returns the exit code. Errors go to stderr as one line. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "train") return await runTrainCommand(rest, io);
    if (command === "sweep") {
      // Loaded on demand: it brings in worker_threads and danfojs.
      const { runSweepCommand } = await import("./cli/sweep");
      return await runSweepCommand(rest, io);
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}; expected "train" or "sweep"`);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    io.stderr(`dropout-lab: ${(error as Error).message}\n`);
    if (usage) io.stderr("Run dropout-lab --help for the options.\n");
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
