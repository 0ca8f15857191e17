import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, test } from "node:test";
import { generateDataset } from "../src/data";
import { splitDataset } from "../src/data/split";
import { evaluate } from "../src/network/evaluate";
import { trainAndEvaluate } from "../src/train";
import { liveWorkers, trainAll, type JobProgress, type TrainingJob } from "../dist/sweep/train-all";

const moons = generateDataset("moons", { seed: 1 });
const circles = generateDataset("circles", { seed: 2 });

/** Everything a run computes, matrices as plain arrays, for bit-for-bit comparison. */
function numbers(run: { network: { W: { data: Float64Array }; b: { data: Float64Array }; keepProb: number }[]; costs: number[]; metrics: unknown[]; finalCost: number; trainAccuracy: number; testAccuracy: number; status: string }) {
  return {
    layers: run.network.map((l) => ({ W: [...l.W.data], b: [...l.b.data], keepProb: l.keepProb })),
    costs: run.costs,
    metrics: run.metrics,
    finalCost: run.finalCost,
    trainAccuracy: run.trainAccuracy,
    testAccuracy: run.testAccuracy,
    status: run.status,
  };
}

describe("trainAll", () => {
  test("each result equals a direct trainAndEvaluate, parameters and metrics bit for bit, in job order", async () => {
    const split = splitDataset(circles, { devFraction: 0.25, seed: 4 });
    const jobs: TrainingJob[] = [
      { train: moons.train, test: moons.test, options: { numIterations: 1500, keepProb: 0.8, seed: 3, init: "he", layersDims: [2, 12, 5, 1] } },
      { train: split.train, test: split.test, dev: split.dev, options: { numIterations: 1200, lambd: 0.3, validation: split.dev, metricsEvery: 400 } },
      { train: moons.train, test: moons.test, options: { numIterations: 900, keepProb: [0.9, 0.7], masks: "course" } },
    ];
    const { results, errors, cancelled } = await trainAll(jobs, { workers: 2 });
    assert.deepEqual(errors, []);
    assert.equal(cancelled, false);
    assert.equal(results.length, 3);
    jobs.forEach((job, i) => {
      const run = results[i]!;
      const here = trainAndEvaluate(job.train, job.test, job.options);
      assert.deepEqual(numbers(run), numbers(here), `job ${i}`);
      assert.equal(run.parameters.W1, run.network[0].W, "the record and the layers share their matrices, as in a direct call");
    });
    assert.equal(results[1]!.devAccuracy, evaluate(split.dev.X, split.dev.Y, results[1]!.network).accuracy);
    assert.equal(results[0]!.devAccuracy, undefined);
    assert.equal(results[1]!.metrics.length, 4, "iterations 0, 400, 800 and the last");
    assert.match(inspect(results[0]!.parameters.W1), /^Matrix \(12, 2\)\n\[\[/, "result matrices print like numpy again");
    assert.equal(liveWorkers(), 0);
  });

  test("onTraining: every progressEvery iterations and after the last, for the jobs that ask; onProgress once per job", async () => {
    const training: JobProgress[] = [];
    const finished: number[] = [];
    await trainAll(
      [
        { train: moons.train, test: moons.test, options: { numIterations: 2500 }, progressEvery: 1000 },
        { train: moons.train, test: moons.test, options: { numIterations: 300 } },
      ],
      { onTraining: (p) => training.push(p), onProgress: (p) => finished.push(p.index) },
    );
    assert.deepEqual(training.map((p) => [p.index, p.iteration]), [[0, 0], [0, 1000], [0, 2000], [0, 2499]]);
    const direct = trainAndEvaluate(moons.train, moons.test, { numIterations: 2500 });
    assert.deepEqual(training[3].costs, direct.costs);
    assert.equal(training[3].cost, direct.finalCost);
    assert.equal(training[3].numIterations, 2500);
    assert.deepEqual([...finished].sort(), [0, 1]);
  });

  test("a failing job is reported with its index; the others finish", async () => {
    const { results, errors } = await trainAll([
      { train: moons.train, test: moons.test, options: { numIterations: 50, layersDims: [3, 4, 1] } },
      { train: moons.train, test: moons.test, options: { numIterations: 50 } },
    ]);
    assert.equal(results[0], undefined);
    assert.ok(results[1] !== undefined);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].index, 0);
    assert.match(errors[0].message, /model: the network takes 3 inputs, X has 2 rows/);
  });

  test("aborting resolves with what finished and stops every worker", async () => {
    const controller = new AbortController();
    const job: TrainingJob = { train: moons.train, test: moons.test, options: { numIterations: 3000 } };
    const result = await trainAll([job, job, job, job, job], {
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 1) controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.results.filter((r) => r !== undefined).length, 1);
    assert.equal(liveWorkers(), 0);
  });

  test("bad jobs are rejected before any worker starts, naming the job and the option", async () => {
    const good = { train: moons.train, test: moons.test };
    const cases: [unknown, RegExp, ErrorConstructor][] = [
      ["not a list", /trainAll: jobs must be an array/, TypeError],
      [[good, null], /trainAll: jobs\[1\] must be an object/, TypeError],
      [[{ ...good, options: { callback: () => true } }], /trainAll: jobs\[0\]\.options\.callback cannot go to a worker thread: use the job's progressEvery/, TypeError],
      [[{ ...good, options: { keepProb: 2 } }], /trainAll: jobs\[0\]\.options: keepProb must be a number in \(0, 1\]/, RangeError],
      [[good, { ...good, test: { X: moons.test.X, Y: { rows: 1, cols: 3, data: new Float64Array(3) } } }], /trainAll: jobs\[1\]\.test: Y has shape \(1, 3\), expected \(1, 200\)/, Error],
      [[{ ...good, progressEvery: 0 }], /trainAll: jobs\[0\]: progressEvery must be/, RangeError],
      [[good], /trainAll: workers must be/, RangeError],
    ];
    for (const [jobs, message, type] of cases) {
      const options = message.source.includes("workers") ? { workers: 0 } : {};
      await assert.rejects(trainAll(jobs as TrainingJob[], options), (e: Error) => e instanceof type && message.test(e.message), String(message));
      assert.equal(liveWorkers(), 0, String(message));
    }
    assert.deepEqual((await trainAll([])).results, []);
  });

  test("an onProgress that throws rejects with its error and stops the workers", async () => {
    const job: TrainingJob = { train: moons.train, test: moons.test, options: { numIterations: 200 } };
    await assert.rejects(
      trainAll([job, job, job], {
        onProgress: () => {
          throw new Error("from the callback");
        },
      }),
      /from the callback/,
    );
    assert.equal(liveWorkers(), 0);
  });
});
