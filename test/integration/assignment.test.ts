/**
 * The assignment notebook (notebooks/assignment/): the learner's version is
 * generated from the source (scripts/make_assignment.mjs) and committed up to
 * date; the source executes headless with every check passed and, on the
 * course's data, the course's numbers from the notebook's own functions; the
 * learner's version executes top to bottom with every check "not done yet".
 * Both versions run on both kernels, tslab's and Deno's, unchanged.
 *
 * Each version writes $DROPOUT_LAB_OUT/assignment-<version>-results.json:
 *   { version: "source" | "learner", dataSource: string,
 *     checks: [ { name, status: "passed" | "failed" | "not done yet", passed, mistake } ],
 *     runs: [ { name, functions: "library" | "yours", trained, costs, trainAccuracy, testAccuracy } ] }
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import {
  cellOutputsText,
  cellSource,
  courseDataFile,
  executeNotebook,
  htmlOutputs,
  installKernel,
  jupyterAvailable,
  kernelOut,
  KERNELS,
  kernelTools,
  requireTools,
  ROOT,
  type Notebook,
  type NotebookRun,
} from "../helpers/jupyter";

const DIR = join(ROOT, "notebooks", "assignment");
const SOURCE = join(DIR, "regularization.source.ipynb");
const LEARNER = join(DIR, "regularization.ipynb");
const MINUTE = 60_000;
const CHECKS = 6; // four graded functions and two gradient checks

const COURSE: Record<string, { costs: number[]; train: number; test: number }> = {
  "no regularization": { costs: [0.6557412523481002, 0.16329987525724213, 0.13851642423245572], train: 0.9478672985781991, test: 0.915 },
  "L2 (lambd=0.7)": { costs: [0.6974484493131264, 0.2684918873282238, 0.2680916337127301], train: 0.9383886255924171, test: 0.93 },
  "dropout (keepProb=0.86)": { costs: [0.6543912405149825, 0.0610169865749056, 0.060582435798513114], train: 0.9289099526066351, test: 0.95 },
};

const read = (path: string): Notebook => JSON.parse(readFileSync(path, "utf8"));
const describeRun = (r: NotebookRun) => r.errors.map((e) => `cell ${e.cell} (${e.kind}): ${e.text}`).join("\n") || "(no errors)";

/** The data-status of every check report the notebook displayed. */
function checkStatuses(nb: Notebook): string[] {
  return htmlOutputs(nb).flatMap((h) => [...h.matchAll(/class="dropout-lab-check" data-check="[^"]*" data-status="([^"]*)"/g)].map((m) => m[1]));
}

describe("the learner's version is generated from the source", () => {
  test("the committed learner's version is up to date (node scripts/make_assignment.mjs --check)", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts", "make_assignment.mjs"), "--check"], { encoding: "utf8" });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  test("every solution region became YOUR CODE HERE and a stub; nothing of the solutions is left", () => {
    const source = read(SOURCE), learner = read(LEARNER);
    assert.equal(learner.cells.length, source.cells.length);
    const solutionLines: string[] = [];
    for (const cell of source.cells) {
      const m = cellSource(cell).match(/\/\/ BEGIN SOLUTION\n([\s\S]*?)\n\s*\/\/ END SOLUTION/g) ?? [];
      for (const region of m) solutionLines.push(...region.split("\n").slice(1, -1).map((l) => l.trim()).filter((l) => l.length > 0));
    }
    assert.ok(solutionLines.length > 40, "the source has its solutions");
    const learnerCode = learner.cells.filter((c) => c.cell_type === "code").map(cellSource).join("\n");
    assert.equal((learnerCode.match(/\/\/ YOUR CODE HERE\n\s*return undefined;/g) ?? []).length, 4);
    assert.doesNotMatch(learnerCode, /BEGIN SOLUTION|END SOLUTION/);
    for (const line of solutionLines) {
      if (/^(const m = np\.shape\(X\)\[1\];|return \{ dZ3.*|const dZ3 = .*|const db3 = .*|const dA2 = .*|const dZ2 = .*|const db2 = .*|const dA1 = .*|const dZ1 = .*|const db1 = .*)$/.test(line)) continue; // also in the Markdown hints' code
      assert.ok(!learnerCode.includes(line), `the learner's version still contains a solution line: ${line}`);
    }
    assert.match(learnerCode, /const VERSION = "learner";/);
    for (const nb of [source, learner]) {
      for (const cell of nb.cells) if (cell.cell_type === "code") assert.deepEqual(cell.outputs ?? [], [], "committed with outputs");
    }
  });

  test("notebook 01 links to the exercise version in a Markdown cell", () => {
    const nb = read(join(ROOT, "notebooks", "01-regularization.ipynb"));
    assert.ok(nb.cells.some((c) => c.cell_type === "markdown" && cellSource(c).includes("(assignment/regularization.ipynb)")));
  });
});

for (const kernel of KERNELS) {
  const OUT = join(kernelOut(kernel), "assignment");
  describe(`the assignment notebooks execute headless on the ${kernel} kernel`, { concurrency: false }, () => {
    before(() => {
      if (jupyterAvailable().ok) installKernel();
    });

    test(`the source on ${kernel}: every check passed, and the course's numbers from the notebook's own functions`, { timeout: 20 * MINUTE }, async (t) => {
      if (!requireTools(t, ...kernelTools(kernel))) return;
      const r = await executeNotebook(SOURCE, { outDir: OUT, html: false, kernel });
      assert.ok(r.passed, describeRun(r));
      assert.deepEqual(checkStatuses(r.notebook), Array(CHECKS).fill("passed"));
      const results = JSON.parse(readFileSync(join(OUT, "assignment-source-results.json"), "utf8"));
      assert.equal(results.version, "source");
      assert.equal(results.checks.length, CHECKS);
      for (const c of results.checks) assert.equal(c.status, "passed", JSON.stringify(c));
      assert.deepEqual(results.runs.map((x: { functions: string; trained: boolean }) => [x.functions, x.trained]), [["library", true], ["yours", true], ["yours", true]]);
      if (courseDataFile() === undefined) {
        t.diagnostic("course data file not found: the course's numbers were not compared");
        return;
      }
      assert.match(results.dataSource, /^course/);
      const byName: Record<string, { costs: number[]; trainAccuracy: number; testAccuracy: number }> = {};
      for (const run of results.runs) {
        const c = COURSE[run.name];
        [0, 10, 20].forEach((k, i) => assert.ok(Math.abs(run.costs[k] - c.costs[i]) <= 1e-9 * c.costs[i], `${run.name} cost@${k * 1000}: ${run.costs[k]} vs ${c.costs[i]}`));
        assert.equal(run.trainAccuracy, c.train, run.name);
        assert.equal(run.testAccuracy, c.test, run.name);
        byName[run.name] = run;
      }
      // The conclusions' prose: the highest training accuracy and the lowest test accuracy without regularization.
      const plain = byName["no regularization"];
      for (const other of [byName["L2 (lambd=0.7)"], byName["dropout (keepProb=0.86)"]]) {
        assert.ok(plain.trainAccuracy > other.trainAccuracy && plain.testAccuracy < other.testAccuracy);
      }
      const table = htmlOutputs(r.notebook).find((h) => h.includes("The three models: the course and this notebook"));
      assert.ok(table, "the conclusions table is shown");
      assert.equal((table!.match(/<td[^>]*>yes<\/td>/g) ?? []).length, 3, "the table's match column says yes for the three runs");
    });

    test(`the learner's version on ${kernel}: runs top to bottom, every check reports not done yet`, { timeout: 10 * MINUTE }, async (t) => {
      if (!requireTools(t, ...kernelTools(kernel))) return;
      const r = await executeNotebook(LEARNER, { outDir: OUT, html: false, kernel });
      assert.ok(r.passed, describeRun(r)); // no error, no aborted (skipped) cell
      assert.ok(r.notebook.cells.filter((c) => c.cell_type === "code").every((c) => typeof c.execution_count === "number"), "a code cell was not executed");
      assert.deepEqual(checkStatuses(r.notebook), Array(CHECKS).fill("not done yet"));
      const results = JSON.parse(readFileSync(join(OUT, "assignment-learner-results.json"), "utf8"));
      assert.equal(results.version, "learner");
      for (const c of results.checks) assert.equal(c.status, "not done yet", JSON.stringify(c));
      assert.deepEqual(results.runs.map((x: { trained: boolean }) => x.trained), [true, false, false]);
      const text = r.notebook.cells.map((_, i) => cellOutputsText(r.notebook, i)).join("\n");
      assert.match(text, /L2 \(lambd=0\.7\), your functions: not trained yet: computeCostWithRegularization and backwardPropagationWithRegularization are not done yet/);
      assert.match(text, /Matrix \(20, 2\)\n\[\[/, "a cell ending in a matrix prints it like numpy");
    });
  });
}
