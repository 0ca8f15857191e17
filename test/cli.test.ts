// The CLI, run as a user runs it: the built dist/cli/index.js in a child process.
// Includes the acceptance check: the course's printed numbers from its own data file.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { COURSE_REFERENCE, compareWithCourse } from "../src/course-reference";
import { courseDataPath } from "../src/data";
import { writeMat } from "./helpers/mat-writer";

const cli = join(__dirname, "..", "dist", "cli", "index.js");
const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

const tmp = mkdtempSync(join(tmpdir(), "dropout-lab-cli-"));

describe("dropout-lab train", () => {
  it("without --data uses the built-in default dataset and says so", async () => {
    const r = await run(["train", "--iterations", "20001"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /built-in default dataset/);
    assert.match(r.stdout, /No --data given/);
    const printed = [...r.stdout.matchAll(/Cost after iteration (\d+): ([0-9.e-]+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(printed, [0, 10000, 20000]);
    assert.match(r.stdout, /Train accuracy: 0\.\d+/);
    assert.match(r.stdout, /Test accuracy: 0\.\d+/);
  });

  it("--json prints one object with costs every 1000 iterations and the options used", async () => {
    const r = await run(["train", "--iterations", "2500", "--keep-prob", "0.9,0.8", "--layers", "8,4", "--seed", "3", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.costs.length, 3);
    assert.equal(out.finalCost > 0, true);
    assert.ok(out.trainAccuracy > 0.5 && out.trainAccuracy <= 1);
    assert.ok(out.seconds > 0);
    assert.deepEqual(out.options.keepProb, [0.9, 0.8]);
    assert.deepEqual(out.options.layersDims, [2, 8, 4, 1]);
    assert.equal(out.options.masks, "fresh");
    assert.equal(out.options.seed, 3);
  });

  it("reads a CSV with a split column", async () => {
    const rows = ["x1,x2,y,split"];
    for (let i = 0; i < 40; i++) rows.push(`${Math.cos(i)},${Math.sin(i * 1.7)},${i % 2},${i < 30 ? "train" : "test"}`);
    const csv = join(tmp, "points.csv");
    writeFileSync(csv, rows.join("\n") + "\n");
    const out = JSON.parse((await run(["train", "--data", csv, "--iterations", "10", "--json"])).stdout);
    assert.deepEqual([out.data.train, out.data.test], [30, 10]);
  });

  const bad: [string, string[], RegExp][] = [
    ["keepProb 0", ["--keep-prob", "0"], /keep-prob must be a number in \(0, 1\], got 0/],
    ["keepProb 1.5", ["--keep-prob", "1.5"], /keep-prob must be a number in \(0, 1\], got 1\.5/],
    ["a word for a number", ["--lambd", "much"], /--lambd must be a number, got "much"/],
    ["an unknown mask policy", ["--masks", "random"], /--masks must be "fresh" or "course", got "random"/],
    ["a missing file", ["--data", join(tmp, "missing.mat")], /missing\.mat.*not found/],
  ];
  for (const [name, args, message] of bad) {
    it(`${name}: exits non-zero with a clear message and no JSON`, async () => {
      const r = await run(["train", ...args, "--json", "--iterations", "5"]);
      assert.notEqual(r.code, 0);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, message);
    });
  }

  it("a truncated .mat file: names the file and the problem, no zlib stack", async () => {
    const whole = writeMat([{ name: "X", rows: [[0.5, 0.25], [0.1, 0.2]], compress: true }]);
    const file = join(tmp, "cut.mat");
    writeFileSync(file, whole.subarray(0, whole.length - 20));
    const r = await run(["train", "--data", file, "--json"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /cut\.mat/);
    assert.doesNotMatch(r.stderr, /at .*zlib|node:internal/);
  });

  it("a .mat without the course's variables names what is missing", async () => {
    const file = join(tmp, "other.mat");
    writeFileSync(file, writeMat([{ name: "A", rows: [[1]] }]));
    const r = await run(["train", "--data", file]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /other\.mat/);
    assert.match(r.stderr, /\bX\b/);
  });

  it("an unknown command exits 2", async () => {
    const r = await run(["fly"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "fly"/);
  });
});

// The course's three runs (30000 iterations, learning rate 0.3, course masks), by the names of
// COURSE_REFERENCE, the one home of the course's published numbers.
const COURSE_RUNS: [string, string[]][] = [
  ["no regularization", []],
  ["L2 (lambd=0.7)", ["--lambd", "0.7"]],
  ["dropout (keepProb=0.86)", ["--keep-prob", "0.86"]],
];

describe("the course's numbers from its own data file", () => {
  const path = courseDataPath();
  for (const [name, args] of COURSE_RUNS) {
    it(`train --masks course ${args.join(" ") || "(no regularization)"}`, async (t) => {
      if (path === undefined) {
        if (process.env.CI === "true") assert.fail("the course data file ../shared/datasets/data.mat is required in CI");
        t.skip("course data file not found (../shared/datasets/data.mat or DROPOUT_LAB_DATA): skipped");
        return;
      }
      const r = await run(["train", "--data", path, "--masks", "course", "--json", ...args]);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.costs.length, 30);
      const compared = compareWithCourse([{ name, ...out }]).runs.find((c) => c.name === name)!;
      assert.ok(compared.match, `${name}: ${JSON.stringify(compared)}`);
      assert.ok(compared.worstCostRelative <= 1e-9);
      assert.equal(out.trainAccuracy, COURSE_REFERENCE[name].trainAccuracy);
      assert.equal(out.testAccuracy, COURSE_REFERENCE[name].testAccuracy);
    });
  }
});
