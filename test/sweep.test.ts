import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { runSweepCommand } from "../dist/cli/sweep";
import { datasetByName, readCsvDataset, writeCsvDataset, type Dataset } from "../src/data";
import { splitDataset } from "../src/data/split";
import { evaluate } from "../src/network/evaluate";
import { liveSweepWorkers, sweep, SWEEP_COLUMNS, sweepConfigs, type SweepProgress, type SweepRow } from "../dist/sweep/api";
import { trainAndEvaluate, type ModelOptions } from "../src/train";

const ROOT = resolve(__dirname, "..");
const SWEEP_SRC = join(ROOT, "dist", "sweep", "api.js");
const CLI_SRC = join(ROOT, "dist", "cli", "sweep.js");

const cache = new Map<string, Dataset>();
function data(name: string): Dataset {
  let ds = cache.get(name);
  if (!ds) cache.set(name, (ds = datasetByName(name)));
  return ds;
}

/** The same training, run directly in this thread. */
function direct(row: SweepRow, options: ModelOptions, ds = data(row.dataset)) {
  return trainAndEvaluate(ds.train, ds.test, { ...options, keepProb: row.keepProb, lambd: row.lambd, seed: row.seed });
}

function results(r: { finalCost: number; trainAccuracy: number; testAccuracy: number }) {
  return { finalCost: r.finalCost, trainAccuracy: r.trainAccuracy, testAccuracy: r.testAccuracy };
}

/** Captures what the CLI writes. */
function captureIo(signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), signal },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}

describe("sweep", () => {
  test("every configuration, in grid order, equal to a direct trainAndEvaluate", async () => {
    const grid = { keepProb: [0.8, 1], lambd: [0, 0.5], seed: [1, 2], dataset: ["default", "moons"] };
    const options = { numIterations: 150, init: "he" as const, masks: "fresh" as const };
    const result = await sweep(grid, { ...options, workers: 2 });
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.errors, []);
    assert.equal(result.rows.length, 16);
    const expected = [];
    for (const dataset of grid.dataset)
      for (const keepProb of grid.keepProb)
        for (const lambd of grid.lambd) for (const seed of grid.seed) expected.push({ dataset, keepProb, lambd, seed });
    assert.deepEqual(
      result.rows.map(({ dataset, keepProb, lambd, seed }) => ({ dataset, keepProb, lambd, seed })),
      expected,
    );
    assert.deepEqual(sweepConfigs(grid), expected);
    for (const row of result.rows) {
      assert.deepEqual(results(row), results(direct(row, options)), JSON.stringify(row));
      assert.ok(row.seconds >= 0);
    }
    // He initialization and fresh masks both follow the seed.
    assert.notEqual(result.rows[0].finalCost, result.rows[1].finalCost);
    assert.ok(result.seconds > 0);
    assert.equal(liveSweepWorkers(), 0);
  });

  test("course masks, another network, one worker: still equal to the direct call", async () => {
    const options = { numIterations: 80, masks: "course" as const, layersDims: [2, 5, 4, 1], learningRate: 0.1 };
    const result = await sweep({ keepProb: [0.7], dataset: ["xor", "circles"] }, { ...options, workers: 1 });
    assert.equal(result.rows.length, 2);
    for (const row of result.rows) assert.deepEqual(results(row), results(direct(row, options)));
  });

  test("frame: a danfojs DataFrame of the rows, left out of JSON", async () => {
    const result = await sweep({ lambd: [0, 0.3] }, { numIterations: 20 });
    const frame = result.frame;
    const columns = SWEEP_COLUMNS.filter((c) => c !== "devAccuracy"); // no dev split in this sweep
    assert.deepEqual(frame.columns, columns);
    assert.deepEqual(frame.shape, [2, columns.length]);
    assert.deepEqual(
      frame.values,
      result.rows.map((r) => columns.map((c) => r[c])),
    );
    assert.equal(result.frame, frame);
    assert.equal("frame" in JSON.parse(JSON.stringify(result)), false);
  });

  test("the dataset \"file\" is options.dataPath (CSV here)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sweep-test-"));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "blobs.csv");
    await writeCsvDataset(data("blobs"), path);
    const options = { numIterations: 60 };
    const result = await sweep({ dataset: ["file"], seed: [3] }, { ...options, dataPath: path });
    assert.deepEqual(result.errors, []);
    assert.equal(result.rows[0].dataset, "file");
    assert.deepEqual(results(result.rows[0]), results(direct(result.rows[0], options, await readCsvDataset(path))));
  });

  test("progress: done 1..total, elapsed and ETA consistent", async () => {
    const seen: SweepProgress[] = [];
    const result = await sweep(
      { keepProb: [0.9, 1], seed: [1, 2, 3] },
      { numIterations: 50, workers: 2, onProgress: (p) => seen.push(p) },
    );
    assert.deepEqual(
      seen.map((p) => p.done),
      [1, 2, 3, 4, 5, 6],
    );
    let last = 0;
    for (const p of seen) {
      assert.equal(p.total, 6);
      assert.ok(p.elapsedSeconds >= last, "elapsed never goes back");
      last = p.elapsedSeconds;
      assert.ok(p.etaSeconds >= 0);
      assert.equal(p.etaSeconds, (p.elapsedSeconds / p.done) * (p.total - p.done));
      assert.ok(p.last !== undefined && result.rows.includes(p.last), "last is the row just finished");
    }
    assert.equal(seen[5].etaSeconds, 0);
  });

  test("a failing configuration is reported with its configuration; the others finish", async () => {
    const progress: SweepProgress[] = [];
    const result = await sweep(
      { dataset: ["nope", "default"], lambd: [0, 0.1] },
      { numIterations: 30, workers: 2, onProgress: (p) => progress.push(p) },
    );
    assert.equal(result.cancelled, false);
    assert.deepEqual(
      result.rows.map((r) => [r.dataset, r.lambd]),
      [["default", 0], ["default", 0.1]],
    );
    assert.deepEqual(
      result.errors.map((e) => e.config),
      [
        { dataset: "nope", keepProb: 1, lambd: 0, seed: 1 },
        { dataset: "nope", keepProb: 1, lambd: 0.1, seed: 1 },
      ],
    );
    for (const e of result.errors) assert.match(e.message, /"nope"/);
    assert.equal(progress.length, 4);
    assert.equal(progress.filter((p) => p.last === undefined).length, 2);
  });

  test("a configuration that does not fit the data fails alone", async () => {
    // layersDims for 3 inputs: every 2-D dataset fails inside model().
    const result = await sweep({ seed: [1, 2] }, { numIterations: 5, layersDims: [3, 4, 1] });
    assert.equal(result.rows.length, 0);
    assert.equal(result.errors.length, 2);
    for (const e of result.errors) assert.match(e.message, /model: the network takes 3 inputs, X has 2 rows/);
  });

  test("aborting keeps the finished rows and stops every worker", async () => {
    const controller = new AbortController();
    const result = await sweep(
      { seed: [1, 2, 3, 4, 5, 6] },
      {
        numIterations: 4000,
        workers: 2,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done === 1) controller.abort();
        },
      },
    );
    assert.equal(result.cancelled, true);
    assert.equal(result.rows.length, 1);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(results(result.rows[0]), results(direct(result.rows[0], { numIterations: 4000 })));
    assert.equal(liveSweepWorkers(), 0);
  });

  test("an already aborted signal starts nothing", async () => {
    const pending = sweep({ seed: [1, 2] }, { signal: AbortSignal.abort() });
    assert.equal(liveSweepWorkers(), 0);
    const result = await pending;
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.rows, []);
  });

  test("bad grid values and options are rejected before any worker starts", async () => {
    // Control: a good sweep has started its workers by the time sweep() returns.
    const good = sweep({ seed: [1, 2] }, { numIterations: 1, workers: 2 });
    assert.equal(liveSweepWorkers(), 2);
    await good;
    assert.equal(liveSweepWorkers(), 0);

    const cases: [Parameters<typeof sweep>, RegExp, ErrorConstructor][] = [
      [[{ keepProb: [0.5, 1.5] }], /sweep: grid\.keepProb\[1\] must be a number in \(0, 1\], got 1\.5/, RangeError],
      [[{ keepProb: [0] }], /grid\.keepProb\[0\] .* got 0/, RangeError],
      [[{ lambd: [-0.1] }], /sweep: grid\.lambd\[0\] must be a finite number >= 0, got -0\.1/, RangeError],
      [[{ seed: [NaN] }], /grid\.seed\[0\] must be a finite number, got NaN/, RangeError],
      [[{ dataset: [""] }], /grid\.dataset\[0\] must be a non-empty dataset name/, TypeError],
      [[{ dataset: ["file"] }], /grid\.dataset\[0\] is "file", but options\.dataPath is not set/, TypeError],
      [[{ keepProb: [] }], /grid\.keepProb must be a non-empty array, got \[\]/, TypeError],
      [[{ keepProbs: [1] } as never], /unknown key "keepProbs"/, TypeError],
      [[{}, { numIterations: 1.5 }], /sweep: numIterations must be an integer >= 1, got 1\.5/, RangeError],
      [[{}, { numIterations: 0 }], /sweep: numIterations must be an integer >= 1, got 0/, RangeError],
      [[{}, { learningRate: 0 }], /sweep: learningRate must be a finite number > 0, got 0/, RangeError],
      [[{}, { workers: 0 }], /sweep: workers must be an integer >= 1, got 0/, RangeError],
      [[{}, { masks: "sometimes" as never }], /masks must be "fresh" or "course", got "sometimes"/, RangeError],
      [[{}, { layersDims: [2, 0, 1] }], /layersDims\[1\] must be an integer >= 1, got 0/, RangeError],
    ];
    for (const [args, message, type] of cases) {
      const pending = sweep(...args);
      assert.equal(liveSweepWorkers(), 0, String(message));
      await assert.rejects(pending, (err: Error) => {
        assert.ok(err instanceof type, `${err.name}: ${err.message}`);
        assert.match(err.message, message);
        return true;
      });
    }
  });

  test("the process exits by itself after a finished and after a cancelled sweep", () => {
    const script = `
      const { sweep } = require(${JSON.stringify(SWEEP_SRC)});
      (async () => {
        const a = await sweep({ seed: [1, 2, 3] }, { numIterations: 10, workers: 2 });
        const c = new AbortController();
        const b = await sweep({ seed: [1, 2, 3, 4] }, { numIterations: 3000, workers: 2, signal: c.signal,
          onProgress: () => c.abort() });
        console.log(JSON.stringify([a.rows.length, b.rows.length, b.cancelled]));
      })();`;
    // The timeout only guards against a hang; a process kept alive by a worker would hit it.
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
    assert.equal(child.signal, null, `killed: the process did not exit by itself\n${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout.trim()), [3, 1, true]);
  });
});

describe("dropout-lab sweep", () => {
  test("--json prints exactly one parseable object", async () => {
    const cap = captureIo();
    const code = await runSweepCommand(
      ["--keep-prob", "0.86,1", "--lambd", "0,0.7", "--seeds", "1", "--datasets", "default", "--iterations", "40", "--layers", "6,3", "--workers", "2", "--dev-fraction", "0", "--json"],
      cap.io,
    );
    assert.equal(code, 0, cap.stderr());
    const out = cap.stdout();
    assert.equal(out.split("\n").filter((l) => l !== "").length, 1);
    const parsed = JSON.parse(out);
    assert.deepEqual(Object.keys(parsed), ["rows", "errors", "cancelled", "seconds", "options"]);
    assert.equal(parsed.rows.length, 4);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.cancelled, false);
    assert.deepEqual(parsed.options.grid, { keepProb: [0.86, 1], lambd: [0, 0.7], seed: [1], dataset: ["default"] });
    assert.deepEqual(parsed.options.layersDims, [2, 6, 3, 1]);
    assert.equal(parsed.options.numIterations, 40);
    for (const row of parsed.rows as SweepRow[]) {
      assert.deepEqual(results(row), results(direct(row, { numIterations: 40, layersDims: [2, 6, 3, 1] })));
    }
  });

  test("a failing configuration: still one JSON object, exit code 1, the failure on stderr", async () => {
    const cap = captureIo();
    const code = await runSweepCommand(["--datasets", "default,nope", "--iterations", "10", "--json"], cap.io);
    assert.equal(code, 1);
    const parsed = JSON.parse(cap.stdout());
    assert.equal(parsed.rows.length, 1);
    assert.deepEqual(parsed.errors[0].config, { dataset: "nope", keepProb: 1, lambd: 0, seed: 1 });
    assert.match(cap.stderr(), /failed nope keepProb=1 lambd=0 seed=1: .*"nope"/);
  });

  test("without --json: a table on stdout, progress on stderr", async () => {
    const cap = captureIo();
    const code = await runSweepCommand(["--seeds", "1,2", "--keep-prob", "0.9", "--iterations", "10"], cap.io);
    assert.equal(code, 0, cap.stderr());
    const lines = cap.stdout().trimEnd().split("\n");
    assert.match(lines[0], /^dataset\s+keepProb\s+lambd\s+seed\s+finalCost\s+train\s+dev\s+seconds\s+status$/);
    assert.equal(lines.length, 5, "header, two rows, a blank line, the best-by-dev line");
    assert.match(lines[4], /^Best by dev accuracy: default /);
    assert.match(lines[1], /^default\s+0\.9\s+0\s+1\s/);
    assert.match(cap.stderr(), /\[1\/2\] .* elapsed, ETA /);
    assert.match(cap.stderr(), /\[2\/2\] .* ETA 0\.0 s/);
  });

  test("a cancelled run prints what finished and returns 130", async () => {
    const controller = new AbortController();
    controller.abort();
    const cap = captureIo(controller.signal);
    const code = await runSweepCommand(["--seeds", "1,2", "--json"], cap.io);
    assert.equal(code, 130);
    const parsed = JSON.parse(cap.stdout());
    assert.equal(parsed.cancelled, true);
    assert.deepEqual(parsed.rows, []);
    assert.match(cap.stderr(), /cancelled/);
  });

  test("invalid options exit 2 with a message naming the option, and nothing on stdout", async () => {
    const cases: [string[], RegExp][] = [
      [["--keep-prob", "0.5,1.2"], /--keep-prob must be a number in \(0, 1\], got 1\.2/],
      [["--keep-prob", "0.5,,1"], /--keep-prob must be a number, got ""/],
      [["--lambd=-1"], /--lambd must be a finite number >= 0, got -1/],
      [["--seeds", "1,two"], /--seeds must be a number, got "two"/],
      [["--seeds", "1.5"], /--seeds must be an integer, got "1.5"/],
      [["--datasets", "default,"], /--datasets must be a comma-separated list of names, got "default,"/],
      [["--iterations", "0"], /--iterations must be an integer >= 1, got 0/],
      [["--iterations", "many"], /--iterations must be a number, got "many"/],
      [["--learning-rate=-0.1"], /--learning-rate must be a finite number > 0/],
      [["--layers", "20,2.5"], /--layers must be an integer, got "2\.5"/],
      [["--layers", "20,0"], /--layers must list positive hidden-layer sizes/],
      [["--masks", "always"], /--masks must be "fresh" or "course", got "always"/],
      [["--init", "xavier"], /--init must be "course" or "he", got "xavier"/],
      [["--workers", "0"], /--workers must be an integer >= 1, got 0/],
      [["--data", "/nonexistent/data.csv"], /--data: file not found/],
      [["--data", __filename], /--data must be a \.mat or \.csv file/],
      [["--datasets", "file"], /--datasets names "file", which needs --data FILE/],
      [["--frobnicate"], /Unknown option '--frobnicate'/],
      [["extra"], /extra/],
    ];
    for (const [argv, message] of cases) {
      const cap = captureIo();
      const code = await runSweepCommand([...argv, "--json"], cap.io);
      assert.equal(code, 2, argv.join(" "));
      assert.equal(cap.stdout(), "", argv.join(" "));
      assert.match(cap.stderr(), /^dropout-lab sweep: /);
      assert.match(cap.stderr(), message);
    }
    assert.equal(liveSweepWorkers(), 0);
  });

  test("--help prints the usage", async () => {
    const cap = captureIo();
    assert.equal(await runSweepCommand(["--help"], cap.io), 0);
    assert.match(cap.stdout(), /Usage: dropout-lab sweep/);
    assert.match(cap.stdout(), /--keep-prob/);
  });

  for (const sig of ["SIGINT", "SIGTERM"] as const) {
  test(`${sig === "SIGINT" ? "Ctrl-C (SIGINT)" : "SIGTERM"} cancels, prints the finished rows, exits 130`, async () => {
    const script = `require(${JSON.stringify(CLI_SRC)}).runSweepCommand(process.argv.slice(1)).then((c) => { process.exitCode = c; });`;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "-e", script, "--", "--seeds", "1,2,3,4,5,6,7,8", "--iterations", "3000", "--workers", "2"],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      if (/\[1\/8\]/.test(stderr) && !child.killed) child.kill(sig);
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on("close", (c, s) => done([c, s])));
    assert.equal(signal, null, stderr);
    assert.equal(code, 130, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0], /^dataset\s+keepProb/);
    assert.ok(lines.length >= 2 && lines.length < 9, stdout);
    assert.match(stderr, /cancelled: \d of 8 trainings finished/);
  });
  }

  test("a diverged training is a row with its status, after the others, named on stderr", async () => {
    const cap = captureIo();
    const code = await runSweepCommand(["--learning-rate", "40", "--lambd", "0,1e6", "--iterations", "1500", "--json"], cap.io);
    assert.equal(code, 0, cap.stderr());
    const parsed = JSON.parse(cap.stdout());
    assert.deepEqual(parsed.rows.map((r: SweepRow) => [r.lambd, r.status]), [[0, "ok"], [1e6, "diverged"]]);
    assert.ok(["NaN", "Infinity"].includes(parsed.rows[1].finalCost), `finalCost written as ${parsed.rows[1].finalCost}`);
    assert.match(cap.stderr(), /lambd=1000000 .*diverged at iteration \d+/);
  });
});

describe("the sweep loads data files once", () => {
  test("a file that cannot be read fails its configurations with the reader's message; the others train", async () => {
    const result = await sweep({ dataset: ["file", "default"] }, { numIterations: 20, dataPath: "/nonexistent/never-there.csv" });
    assert.deepEqual(result.rows.map((r) => r.dataset), ["default"]);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].config.dataset, "file");
    assert.match(result.errors[0].message, /never-there\.csv/);
  });
});

describe("a dev split: choose on dev, report test once", () => {
  test("every row's devAccuracy is the trained network's accuracy on the seeded, stratified dev split", async () => {
    const result = await sweep({ keepProb: [0.86, 1], seed: [1, 2] }, { numIterations: 200, devFraction: 0.25, devSeed: 3, workers: 2 });
    assert.equal(result.rows.length, 4);
    const ds = data("default");
    const split = splitDataset(ds, { devFraction: 0.25, seed: 3 });
    for (const row of result.rows) {
      const run = trainAndEvaluate(split.train, ds.test, { numIterations: 200, keepProb: row.keepProb, seed: row.seed });
      assert.equal(row.devAccuracy, evaluate(split.dev.X, split.dev.Y, run.network).accuracy);
      assert.equal(row.trainAccuracy, run.trainAccuracy, "trained on the train part only");
      assert.equal(row.testAccuracy, run.testAccuracy);
    }
    assert.ok(result.frame.columns.includes("devAccuracy"));
    await assert.rejects(sweep({}, { devFraction: 1 }), /sweep: devFraction must be a number in \(0, 1\), got 1/);
  });

  test("the CLI ranks by dev accuracy and prints the test accuracy once, for the best setting", async () => {
    const cap = captureIo();
    assert.equal(await runSweepCommand(["--keep-prob", "0.86,1", "--iterations", "300", "--workers", "2"], cap.io), 0, cap.stderr());
    const lines = cap.stdout().trimEnd().split("\n");
    assert.match(lines[0], /\bdev\b/);
    assert.doesNotMatch(lines[0], /\btest\b/);
    const best = lines.filter((l) => l.startsWith("Best by dev accuracy: "));
    assert.equal(best.length, 1);
    assert.match(best[0], /dev \d+\.\d%, test \d+\.\d% \(the test set, reported once, for this setting\)$/);
  });
});
