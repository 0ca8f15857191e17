// A run that diverges says so, and the one normaliser of options rejects what it must (issue 10's
// model and CLI defects): the library, then the CLI as a user runs it (dist/cli/index.js).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { computeCost, defaultDataset, full, matrix, model, trainAndEvaluate } from "../src/index";

const ds = defaultDataset();
const { X, Y } = ds.train;
const cli = join(__dirname, "..", "dist", "cli", "index.js");
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

describe("divergence is an outcome, never a number", () => {
  it("a learning rate of 1e300: status diverged, where and why, no cost reported as 0", () => {
    const r = model(X, Y, { learningRate: 1e300, numIterations: 20001 });
    assert.equal(r.status, "diverged");
    assert.match(r.message!, /^diverged at iteration \d+ \((cost NaN|cost Infinity|parameters not finite); learning rate 1e\+300 is probably too large\)$/);
    assert.ok(r.iterations < 20001, "training stopped");
    assert.ok(!Number.isFinite(r.finalCost) || r.message!.includes("parameters"), `finalCost ${r.finalCost}`);
    assert.notEqual(r.finalCost, 0);
  });

  it("lambd 1e6 names lambd; a sane run is ok", () => {
    const r = model(X, Y, { lambd: 1e6, numIterations: 3000 });
    assert.equal(r.status, "diverged");
    assert.match(r.message!, /lambd 1000000 with learning rate 0\.3 is probably too large/);
    assert.equal(model(X, Y, { numIterations: 50 }).status, "ok");
  });

  it("a single X value of 1e200 diverges instead of reporting cost 0", () => {
    const big = matrix(X.rows, X.cols, X.data.slice());
    big.data[0] = 1e200;
    const r = trainAndEvaluate({ X: big, Y }, ds.test, { numIterations: 2000 });
    assert.equal(r.status, "diverged");
  });

  it("computeCost of all-NaN predictions is NaN, not 0", () => {
    assert.ok(Number.isNaN(computeCost(full(1, 2, NaN), matrix(1, 2, Float64Array.from([1, 0])))));
  });
});

describe("the normaliser of options: model's edges", () => {
  const cases: [object | null, RegExp][] = [
    [null, /^model: options must be an object, got null$/],
    [{ numIterations: 0 }, /^model: numIterations must be an integer >= 1, got 0$/],
    [{ keepProb: null }, /^model: keepProb must not be null; leave it out for the default$/],
    [{ learningRate: "0.3" }, /^model: learningRate must be a finite number > 0, got "0\.3"$/],
    [{ seed: 1.5 }, /^model: seed must be an integer, got 1\.5$/],
    [{ keepProb: 0.5, layersDims: [2, 1] }, /^model: keepProb 0\.5 needs a hidden layer to drop, and the network \[2,1\] has none$/],
    [{ keepProb: [0.9, 0.8, 0.7] }, /^model: keepProb has 3 values, the network \[2,20,3,1\] has 2 hidden layers$/],
  ];
  for (const [options, message] of cases) {
    it(`${JSON.stringify(options)} → ${message.source.slice(1, 50)}…`, () => {
      assert.throws(() => model(X, Y, options as never), (e: Error) => {
        assert.match(e.message, message);
        return e instanceof RangeError || e instanceof TypeError;
      });
    });
  }
});

describe("dropout-lab train: options checked before any output; divergence exits 3", () => {
  for (const [args, option] of [
    [["--learning-rate", "0"], "--learning-rate"],
    [["--iterations=-1"], "--iterations"],
    [["--keep-prob", "0.9,0.8,0.7"], "--keep-prob"],
    [["--keep-prob", "0"], "--keep-prob"],
    [["--layers", "10000000,3000"], "--layers"],
  ] as const) {
    it(`train ${args.join(" ")}: exit 2, nothing on stdout, the message names ${option} once`, () => {
      const r = run(["train", ...args]);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, "");
      assert.ok(r.stderr.startsWith(`dropout-lab train: ${option}`), r.stderr);
      assert.ok(!r.stderr.includes("dropout-lab: dropout-lab"), "no doubled prefix");
    });
  }

  it("train --learning-rate 1e300: exit 3, the status on stderr; --json carries it and writes NaN as a string", () => {
    const r = run(["train", "--learning-rate", "1e300", "--iterations", "20001"]);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /dropout-lab train: diverged at iteration \d+/);
    assert.doesNotMatch(r.stdout, /Cost after iteration 10000: 0\n/);
    const j = run(["train", "--learning-rate", "1e300", "--iterations", "20001", "--json"]);
    assert.equal(j.status, 3);
    const parsed = JSON.parse(j.stdout);
    assert.equal(parsed.status, "diverged");
    assert.match(parsed.message, /^diverged at iteration/);
    assert.ok(parsed.finalCost === "NaN" || parsed.finalCost === "Infinity", `finalCost ${parsed.finalCost}`);
    assert.ok(!j.stdout.includes("null,") || !/"finalCost":null/.test(j.stdout));
  });

  it("train | head -1 ends quietly (EPIPE), with no stack trace", () => {
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${cli}" train --iterations 30000 | head -1`], { encoding: "utf8" });
    assert.match(r.stdout, /^Data: /);
    assert.equal(r.stderr, "");
  });
});

describe("sizes beyond memory, and labels, get clear errors", () => {
  it("a network too large for this machine's memory is refused up front, naming layersDims, the need and the limit", () => {
    assert.throws(
      () => model(X, Y, { layersDims: [2, 1e6, 1e3, 1], numIterations: 1 }),
      (e: Error) => e instanceof RangeError && /^model: layersDims \[2,1000000,1000,1\] over m = 211 examples need [\d.]+ GB for parameters and buffers; the limit is [\d.]+ GB/.test(e.message),
    );
    // Within the limit but over WebAssembly's 4 GiB: the JavaScript kernels take over (checked in kernels.test.ts).
  });

  it("computeCost refuses labels other than 0 and 1", () => {
    assert.throws(() => computeCost(full(1, 2, 0.5), matrix(1, 2, Float64Array.from([2, 0]))), /computeCost: Y must hold only 0 and 1, got 2 at column 0/);
  });
});
