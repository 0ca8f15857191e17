/**
 * Notebook tests: the "dropout-lab (TypeScript)" kernel, the headless executor
 * (scripts/run_notebooks.py) and the real notebooks in notebooks/, executed on
 * both kernels, tslab's and Deno's (the Deno kernel itself: kernels.test.ts).
 *
 * They need Debian's Jupyter (jupyter-notebook, jupyter-nbconvert,
 * python3-nbclient, jupyter-client). Without it they are skipped with a notice;
 * with CI=true its absence is a failure. A real notebook that does not exist
 * yet is skipped with a notice.
 *
 * Contracts for the real notebooks. Each runs with the kernel "dropout-lab" and,
 * unchanged, with "dropout-lab-deno", its working directory notebooks/, and the
 * environment variable DROPOUT_LAB_OUT set to an absolute folder (out/ or
 * out/deno/ for `npm run reproduce`, out/test/ or out/test/deno/ here) where it
 * writes one small JSON file, with the same numbers on both kernels. The course file is found by the library's
 * `courseDataPath()` ($DROPOUT_LAB_DATA, else ../shared/datasets/data.mat).
 * No cell may fail: no type error, no throw, and no error text or stack on
 * stderr (show a caught error with console.log, not console.error).
 *
 * notebooks/01-regularization.ipynb writes 01-results.json:
 *   { "dataSource": "course" | "default" | ...,  starts with "course" exactly when data.mat was loaded
 *     "runs": [ { "name": "no regularization" | "L2 (lambd=0.7)" | "dropout (keepProb=0.86)" | other,
 *                 "costs": number[],            costs[k] = cost at iteration 1000*k (as model() returns)
 *                 "trainAccuracy": number,      fractions in [0, 1]
 *                 "testAccuracy": number } ] }
 *   With the course file, the three named runs (course mask mode) must match
 *   the course: cost@0, @10000, @20000 within 1e-9 relative, accuracies exactly.
 *
 * notebooks/02-gradient-check.ipynb writes 02-results.json:
 *   { "checks": [ { "name": string, "difference": number, "passed": boolean,
 *                   "wrong"?: string[] } ] }
 *   At least four correct checks (suggested names: "1-D", "N-D", "N-D with L2",
 *   "N-D with dropout"), each passed with difference < 2e-7, and at least one
 *   check whose name contains "broken" (the deliberately broken backward pass),
 *   not passed, difference >= 2e-7, with "wrong" naming the gradients it located
 *   (e.g. ["dW2", "db1"]).
 *
 * notebooks/03-experiments.ipynb writes 03-results.json:
 *   { "sweep": [ { ...one row per training... } ] }   non-empty; it also shows a table.
 *
 * Notebooks are committed without outputs; that is checked too.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { before, describe, test, type TestContext } from "node:test";
import { COURSE_REFERENCE, compareWithCourse } from "../../src/course-reference";
import {
  cellOutputsText,
  courseDataFile,
  executeNotebook,
  executeNotebookShared,
  htmlOutputs,
  installKernel,
  isTrusted,
  jupyterAvailable,
  kernelOut,
  KERNELS,
  kernelSession,
  kernelTools,
  notice,
  NOTEBOOKS_DIR,
  KERNEL_SPECS,
  type Notebook,
  type NotebookRun,
  PYTHON,
  requireTools,
  ROOT,
  run,
  sleep,
  tempDir,
  TEST_OUT,
  withNotebookCopy,
} from "../helpers/jupyter";

const FIXTURES = join(ROOT, "test", "fixtures", "notebooks");
const SMOKE_OUT = join(TEST_OUT, "smoke");
const IN_CI = process.env.CI === "true";
const MINUTE = 60_000;

/** Executes a smoke fixture from a hidden copy inside notebooks/, so it runs as a real notebook does. */
async function runFixture(name: string, options: { html?: boolean } = {}): Promise<NotebookRun> {
  return withNotebookCopy(join(FIXTURES, name), "smoke", (copy) =>
    executeNotebook(copy, { outDir: SMOKE_OUT, html: options.html ?? false }),
  );
}

/** The executor's findings, for assertion messages. */
function describeRun(r: NotebookRun): string {
  return r.errors.map((e) => `cell ${e.cell} (${e.kind}): ${e.text}`).join("\n") || "(no errors)";
}

describe("tslab kernel and headless executor", { concurrency: false }, () => {
  before(() => {
    if (jupyterAvailable().ok) installKernel();
  });

  test("a notebook in notebooks/ imports dropout-lab by package name, type-checked", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    const source = readFileSync(join(FIXTURES, "smoke-import.ipynb"), "utf8");
    const r = await runFixture("smoke-import.ipynb", { html: true });
    assert.ok(r.passed, describeRun(r));
    const nb = r.notebook;
    assert.match(cellOutputsText(nb, 1), /^shape 2x3 \[\[1,2,3\],\[4,5,6\]\]$/m);
    // The @ts-expect-error in cell 2 is only satisfied if fromArray's real signature was checked.
    assert.match(cellOutputsText(nb, 2), /types checked: function/);
    assert.equal(cellOutputsText(nb, 3), `cwd ${NOTEBOOKS_DIR}\n`);
    // A warning on stderr is not an error.
    assert.match(cellOutputsText(nb, 4), /a warning on stderr is not an error/);
    // DROPOUT_LAB_OUT points the notebook at the output folder.
    const written = JSON.parse(readFileSync(join(SMOKE_OUT, "smoke-results.json"), "utf8"));
    assert.deepEqual(written, { rows: 2, cols: 3, cwd: NOTEBOOKS_DIR });
    // The executed copy is signed and exported; the source is untouched.
    assert.ok(isTrusted(r.executed), `${r.executed} is not trusted`);
    assert.ok(r.html && existsSync(r.html), "no HTML export");
    assert.match(readFileSync(r.html!, "utf8"), /shape 2x3/);
    assert.equal(readFileSync(join(FIXTURES, "smoke-import.ipynb"), "utf8"), source);
  });

  test("a type error in a cell fails the run and names the cell and the diagnostic", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    const r = await runFixture("smoke-type-error.ipynb");
    assert.equal(r.passed, false);
    assert.deepEqual(
      r.errors.map((e) => [e.cell, e.kind]),
      [
        [2, "error-reply"],
        [3, "aborted"], // tslab aborts the cells queued behind an error
      ],
      describeRun(r),
    );
    assert.match(r.errors[0].text, /1:7 - Type 'string' is not assignable to type 'number'/);
    assert.match(cellOutputsText(r.notebook, 1), /^before$/m);
    assert.equal(cellOutputsText(r.notebook, 3), "", "the aborted cell printed something");
    assert.match(r.log, /FAIL .*smoke-type-error[\s\S]*cell 2 \(error-reply\)[\s\S]*not assignable/);
  });

  test("the library's own types are checked: a wrong use of dropout-lab is a type error", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    const r = await runFixture("smoke-library-type-error.ipynb");
    assert.equal(r.passed, false);
    assert.equal(r.errors[0].cell, 1, describeRun(r));
    assert.equal(r.errors[0].kind, "error-reply");
    assert.match(r.errors[0].text, /Type 'number' is not assignable to type 'string'/);
  });

  test("an error thrown at run time fails the run, with its message and stack", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    const r = await runFixture("smoke-throw.ipynb");
    assert.equal(r.passed, false);
    assert.deepEqual(
      r.errors.map((e) => [e.cell, e.kind]),
      [
        [2, "error-reply"],
        [3, "aborted"],
      ],
      describeRun(r),
    );
    assert.match(r.errors[0].text, /Error: fromArray: row 1 has 1 values, row 0 has 2/);
    assert.match(r.errors[0].text, /^\s+at .*fromArray/m);
  });

  test("an uncaught asynchronous error, which tslab reports only as stderr text, fails the run", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    const r = await runFixture("smoke-async-error.ipynb");
    assert.equal(r.passed, false);
    assert.deepEqual(r.errors.map((e) => [e.cell, e.kind]), [[1, "stderr"]], describeRun(r));
    assert.match(r.errors[0].text, /deliberate async failure/);
    assert.match(cellOutputsText(r.notebook, 2), /after/); // the kernel replied "ok", so the next cell ran
  });

  test("after an error the kernel keeps running, with its state, once tslab's short abort window is over", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    const session = await kernelSession(NOTEBOOKS_DIR);
    try {
      assert.equal((await session.run("const kept = 41;")).status, "ok");
      const failed = await session.run('const n: number = "x";');
      assert.equal(failed.status, "error");
      assert.match(failed.stderr, /not assignable to type 'number'/);
      // Requests that arrive within ~200 ms of an error are aborted (see NOTES); then the kernel runs cells again.
      let reply = await session.run("console.log(kept + 1);");
      for (let i = 0; reply.status === "abort" && i < 40; i++) {
        await sleep(250);
        reply = await session.run("console.log(kept + 1);");
      }
      assert.equal(reply.status, "ok", reply.stderr);
      assert.equal(reply.stdout, "42\n");
    } finally {
      await session.close();
    }
  });

  test("a rebuilt package is picked up by a kernel restart, values and types", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    // A throwaway project wired like this one: node_modules/<name> links to a
    // package whose `types` point at its built dist/, and a notebooks/ folder.
    const project = tempDir("restart");
    const lib = join(project, "lib");
    const build = (version: number, extra: { js: string; dts: string } = { js: "", dts: "" }) => {
      mkdirSync(join(lib, "dist"), { recursive: true });
      writeFileSync(join(lib, "dist", "index.js"), `"use strict";\nexports.version = ${version};\n${extra.js}`);
      writeFileSync(join(lib, "dist", "index.d.ts"), `export declare const version: number;\n${extra.dts}`);
    };
    build(1);
    writeFileSync(join(lib, "package.json"), JSON.stringify({ name: "restart-probe", main: "dist/index.js", types: "dist/index.d.ts" }));
    mkdirSync(join(project, "node_modules"));
    symlinkSync("../lib", join(project, "node_modules", "restart-probe"), "dir");
    mkdirSync(join(project, "notebooks"));
    const session = await kernelSession(join(project, "notebooks"));
    try {
      const first = await session.run('import { version } from "restart-probe";\nconsole.log("version " + version);');
      assert.deepEqual([first.status, first.stdout], ["ok", "version 1\n"], first.stderr);
      // "npm run build": new code, and a new export in the declarations.
      build(2, { js: 'exports.label = "rebuilt";\n', dts: "export declare const label: string;\n" });
      const stale = await session.run('import { version as v } from "restart-probe";\nconsole.log("version " + v);');
      assert.deepEqual([stale.status, stale.stdout], ["ok", "version 1\n"], "without a restart the old build stays loaded");
      await session.restart();
      const fresh = await session.run('import { version, label } from "restart-probe";\nconsole.log("version " + version + " " + label);');
      assert.deepEqual([fresh.status, fresh.stdout], ["ok", "version 2 rebuilt\n"], fresh.stderr);
    } finally {
      await session.close();
      rmSync(project, { recursive: true, force: true });
    }
  });

  test("the executor refuses to write its output over the source notebooks", { timeout: MINUTE }, async (t) => {
    if (!requireTools(t, jupyterAvailable())) return;
    await withNotebookCopy(join(FIXTURES, "smoke-import.ipynb"), "refuse", async (copy) => {
      const before = readFileSync(copy, "utf8");
      const r = await run(PYTHON, [join(ROOT, "scripts", "run_notebooks.py"), "--out", NOTEBOOKS_DIR, copy]);
      assert.equal(r.code, 2, r.output);
      assert.match(r.output, /would overwrite the source notebook/);
      assert.equal(readFileSync(copy, "utf8"), before);
    });
  });
});

// ---------------------------------------------------------------------------
// The real notebooks

interface Results01 {
  dataSource: string;
  runs: { name: string; costs: number[]; trainAccuracy: number; testAccuracy: number }[];
}
interface Results02 {
  checks: { name: string; difference: number; passed: boolean; wrong?: string[] }[];
}
interface SweepRow03 {
  experiment: string;
  keepProb: number;
  lambd: number;
  seed: number;
  trainAccuracy: number;
  devAccuracy: number;
  testAccuracy: number;
}
interface Results03 {
  devFraction: number;
  sweep: SweepRow03[];
  chosen: { experiment: string; setting: string; devAccuracy: number; testAccuracy: number; seeds: number }[];
  corners: { name: string; final: { trainAccuracy: number; validationAccuracy: number } }[];
  shapes: { dataset: string; model: string; "test accuracy": number }[];
  deep: { network: string; trainAccuracy: number; testAccuracy: number }[];
}

function readResults<T>(name: string, dir = TEST_OUT): T {
  const file = join(dir, name);
  assert.ok(existsSync(file), `the notebook did not write ${file} (it should write $DROPOUT_LAB_OUT/${name})`);
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function check01(t: TestContext, nb: Notebook, dir: string): void {
  const results = readResults<Results01>("01-results.json", dir);
  assert.equal(typeof results.dataSource, "string", "01-results.json: dataSource must be a string");
  const course = courseDataFile();
  const fromCourse = /^course\b/.test(results.dataSource);
  assert.equal(fromCourse, course !== undefined, `dataSource is "${results.dataSource}" but the course file is ${course ?? "absent"}`);
  for (const name of Object.keys(COURSE_REFERENCE)) {
    const r = results.runs.find((x) => x.name === name);
    assert.ok(r, `01-results.json has no run named "${name}"`);
    assert.ok(r.costs.length >= 21, `${name}: ${r.costs.length} costs, expected one per 1000 iterations`);
    for (const acc of [r.trainAccuracy, r.testAccuracy]) assert.ok(acc >= 0 && acc <= 1, `${name}: accuracy ${acc} is not a fraction`);
  }
  assert.ok(htmlOutputs(nb).some((h) => /<table/i.test(h)), "01 shows no table");
  if (course === undefined) {
    const message = "01: the course file is absent (set DROPOUT_LAB_DATA or place ../shared/datasets/data.mat); course numbers not compared";
    if (IN_CI) assert.fail(`CI=true: ${message}`);
    notice(message);
    t.diagnostic(message);
    return;
  }
  const comparison = compareWithCourse(results.runs);
  assert.ok(comparison.allMatch, `01 does not reproduce the course:\n${comparison.summary}`);
}

/** 01's prose about fresh masks against course masks, checked against its results and outputs. */
function check01Claims(nb: Notebook, dir: string): void {
  const { runs } = readResults<Results01>("01-results.json", dir);
  const course = runs.find((r) => r.name === "dropout (keepProb=0.86)");
  const fresh = runs.find((r) => /fresh masks/.test(r.name));
  assert.ok(course && fresh, "01-results.json needs the course-mask and the fresh-mask dropout runs");
  // "With fresh masks the final recorded cost is higher ..."
  assert.ok(fresh.costs[fresh.costs.length - 1] > course.costs[course.costs.length - 1], "01 says fresh masks end at a higher cost than course masks");
  // "... and the curve goes up more often from one record to the next."
  const ups = (c: number[]) => c.slice(1).filter((v, i) => v > c[i]).length;
  assert.ok(ups(fresh.costs) > ups(course.costs), `01 says the fresh-mask cost goes up more often: ${ups(fresh.costs)} against ${ups(course.costs)}`);
  // The plain statement of what fresh-mask dropout reaches carries the run's own number.
  const text = nb.cells.map((_, i) => cellOutputsText(nb, i)).join("\n");
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  assert.ok(text.includes(`dropout with keepProb 0.86 reaches ${pct(fresh.testAccuracy)} test accuracy`), "01 states the fresh-mask test accuracy");
  assert.match(text, /course masks: iterations 2 and 3 equal iteration 1\? true\.  fresh masks: iteration 2 or 3 equal to iteration 1\? false\./);
}

function check02(dir: string): void {
  const { checks } = readResults<Results02>("02-results.json", dir);
  assert.ok(Array.isArray(checks), "02-results.json: checks must be an array");
  const broken = checks.filter((c) => /broken/i.test(c.name));
  const correct = checks.filter((c) => !/broken/i.test(c.name));
  assert.ok(correct.length >= 4, `expected at least 4 correct checks (1-D, N-D, L2, dropout), got ${correct.map((c) => c.name).join(", ")}`);
  for (const c of correct) {
    assert.ok(c.passed === true && c.difference < 2e-7, `check "${c.name}": passed=${c.passed}, difference ${c.difference} (must pass, < 2e-7)`);
  }
  assert.ok(broken.length >= 1, 'no check named "...broken..." for the deliberately broken backward pass');
  for (const c of broken) {
    assert.ok(c.passed === false && c.difference >= 2e-7, `check "${c.name}": passed=${c.passed}, difference ${c.difference} (must fail)`);
    assert.ok(Array.isArray(c.wrong) && c.wrong.length > 0, `check "${c.name}": "wrong" must name the gradients it located`);
  }
}

function check03(_t: TestContext, nb: Notebook, dir: string): void {
  const results = readResults<Results03>("03-results.json", dir);
  const { sweep, chosen } = results;
  assert.ok(Array.isArray(sweep) && sweep.length > 0, "03-results.json: sweep must be a non-empty array");
  assert.ok(htmlOutputs(nb).some((h) => /<table/i.test(h)), "03 shows no sweep table");
  const text = nb.cells.map((_, i) => cellOutputsText(nb, i)).join("\n");
  const source = nb.cells.map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join("\n");
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  // Sweeps choose on dev: every row has a dev accuracy, and nothing ranks on the test set.
  for (const row of sweep) assert.ok(row.devAccuracy >= 0 && row.devAccuracy <= 1, `sweep row without a dev accuracy: ${JSON.stringify(row)}`);
  assert.doesNotMatch(source + text, /by test accuracy|best by test/i, "03 must not rank on the test set");
  // Each choice is the setting with the highest mean dev accuracy, and its test accuracy is reported once.
  const experiments: [string, ("keepProb" | "lambd")[]][] = [["keepProb sweep", ["keepProb"]], ["lambd sweep", ["lambd"]], ["dropout and L2", ["keepProb", "lambd"]]];
  for (const [experiment, by] of experiments) {
    const rows = sweep.filter((r) => r.experiment === experiment);
    const groups = new Map<string, SweepRow03[]>();
    for (const r of rows) {
      const key = by.map((p) => `${p} = ${r[p]}`).join(", ");
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const best = [...groups].reduce((a, b) => (mean(b[1].map((r) => r.devAccuracy)) > mean(a[1].map((r) => r.devAccuracy)) ? b : a));
    const choice = chosen.find((c) => c.experiment === experiment);
    assert.ok(choice, `03 chose nothing for ${experiment}`);
    assert.equal(choice.setting, best[0], `${experiment}: chosen on dev`);
    assert.equal(choice.testAccuracy, mean(best[1].map((r) => r.testAccuracy)));
    assert.ok(text.includes(`Chosen on dev: ${best[0]} (mean dev accuracy ${pct(mean(best[1].map((r) => r.devAccuracy)))}`), `${experiment}: the choice line`);
    const testLines = text.split("\n").filter((l) => l.includes("test accuracy, looked at once"));
    assert.equal(testLines.length, experiments.length, "one test accuracy per sweep, for its chosen setting");
  }
  // The keepProb trend line says what the rows say (the contradiction the issue found).
  const keepRows = sweep.filter((r) => r.experiment === "keepProb sweep");
  const values = [...new Set(keepRows.map((r) => r.keepProb))].sort((a, b) => a - b);
  const trainMeans = values.map((v) => mean(keepRows.filter((r) => r.keepProb === v).map((r) => r.trainAccuracy)));
  const rising = trainMeans.slice(1).filter((m, i) => m > trainMeans[i]).length;
  assert.ok(text.includes(`mean training accuracy rises at ${rising} of the ${values.length - 1} steps`), "03's keepProb trend line");
  const lowest = values[trainMeans.indexOf(Math.min(...trainMeans))];
  assert.ok(text.includes(`lowest at keepProb = ${lowest} (`), "03 names the keepProb with the lowest mean training accuracy");
  // The corners' smallest gap, each dataset's verdict, the deep network's narrowest gap: from the results.
  const gaps = results.corners.map((c) => ({ name: c.name, gap: c.final.trainAccuracy - c.final.validationAccuracy }));
  const smallest = gaps.reduce((a, b) => (b.gap < a.gap ? b : a));
  assert.ok(text.includes(`smallest final train − test accuracy gap here: ${smallest.name} (`), "03's smallest-gap line");
  for (const kind of ["moons", "circles", "spirals"]) {
    const [plain, dropped] = ["no regularization", "dropout 0.8"].map((m) => results.shapes.find((r) => r.dataset === kind && r.model === m)!["test accuracy"]);
    const verdict = dropped > plain ? "better" : dropped < plain ? "worse" : "no different";
    assert.ok(text.includes(`${kind}: without regularization test ${pct(plain)}`) && text.includes(`dropout 0.8 makes it ${verdict}`), `03's ${kind} line`);
  }
  const settings = [...new Set(results.deep.map((r) => r.network))].map((name) => {
    const runs = results.deep.filter((r) => r.network === name);
    return { name, gap: mean(runs.map((r) => r.trainAccuracy)) - mean(runs.map((r) => r.testAccuracy)) };
  });
  assert.ok(text.includes(`The narrowest gap: ${settings.reduce((a, b) => (b.gap < a.gap ? b : a)).name};`), "03's deep-network gap line");
}

/** The real notebooks and what each must show. Shared with test/browser.test.ts through out/test/ (and out/test/deno/). */
const REAL: { file: string; minutes: number; check: (t: TestContext, nb: Notebook, dir: string) => void }[] = [
  { file: "01-regularization.ipynb", minutes: 20, check: (t, nb, dir) => (check01(t, nb, dir), check01Claims(nb, dir)) },
  { file: "02-gradient-check.ipynb", minutes: 20, check: (_t, _nb, dir) => check02(dir) },
  { file: "03-experiments.ipynb", minutes: 30, check: check03 },
];

for (const kernel of KERNELS) {
  describe(`the real notebooks, executed headless on the ${kernel} kernel`, { concurrency: false }, () => {
    before(() => {
      if (jupyterAvailable().ok) installKernel();
    });

    for (const spec of REAL) {
      const path = join(NOTEBOOKS_DIR, spec.file);
      test(`${spec.file} on ${kernel}: every cell runs without error and its results hold`, { timeout: spec.minutes * MINUTE }, async (t) => {
        if (!existsSync(path)) {
          notice(`skipped: ${spec.file} does not exist yet`);
          t.skip(`${spec.file} does not exist yet`);
          return;
        }
        if (!requireTools(t, ...kernelTools(kernel))) return;
        const source = JSON.parse(readFileSync(path, "utf8")) as Notebook;
        for (const [i, cell] of source.cells.entries()) {
          if (cell.cell_type !== "code") continue;
          assert.deepEqual([cell.outputs ?? [], cell.execution_count ?? null], [[], null], `${spec.file} cell ${i} is committed with outputs`);
        }
        const dir = kernelOut(kernel);
        const r = await executeNotebookShared(path, { outDir: dir, kernel });
        assert.ok(r.passed, `${basename(path)} failed on ${kernel}:\n${describeRun(r)}`);
        assert.ok(isTrusted(r.executed), `${r.executed} is not trusted`);
        assert.equal((r.notebook.metadata.kernelspec as { name?: string } | undefined)?.name, KERNEL_SPECS[kernel], "the executed copy names its kernel");
        spec.check(t, r.notebook, dir);
      });
    }
  });
}

/** The same numbers on both kernels: notebook 01's course runs and 02's checks, from their results files. */
test("01 and 02 give the same numbers on tslab and on Deno", { timeout: MINUTE }, (t) => {
  const files = ["01-results.json", "02-results.json"];
  const missing = KERNELS.flatMap((k) => files.map((f) => join(kernelOut(k), f))).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    // The notebook tests above wrote them, unless they were skipped or failed (which says why).
    notice(`skipped: ${missing.join(", ")} not written`);
    t.skip("results files missing");
    return;
  }
  const [tslab, deno] = KERNELS.map((k) => readResults<Results01>("01-results.json", kernelOut(k)));
  for (const name of Object.keys(COURSE_REFERENCE)) {
    const a = tslab.runs.find((r) => r.name === name)!, b = deno.runs.find((r) => r.name === name)!;
    assert.deepEqual([b.trainAccuracy, b.testAccuracy], [a.trainAccuracy, a.testAccuracy], `${name}: accuracies`);
    a.costs.forEach((c, k) => assert.ok(Math.abs(b.costs[k] - c) <= 1e-9 * Math.abs(c), `${name} cost ${k}: tslab ${c}, Deno ${b.costs[k]}`));
  }
  const [c1, c2] = KERNELS.map((k) => readResults<Results02>("02-results.json", kernelOut(k)).checks);
  assert.deepEqual(c2.map((c) => [c.name, c.passed, c.wrong ?? null]), c1.map((c) => [c.name, c.passed, c.wrong ?? null]));
});
