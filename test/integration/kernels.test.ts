/**
 * The two kernels as installed by scripts/kernel.mjs: "dropout-lab (TypeScript)"
 * (tslab) and "dropout-lab (Deno)" (the project's node_modules/.bin/deno).
 *
 * - both kernelspecs are listed, each running this project's own program;
 * - interrupting a long cell on each kernel leaves it running and usable;
 * - the Deno kernel keeps its cache in the project, writes nothing in the
 *   user's home, runs a sweep on worker threads, and runs a notebook with no
 *   network at all (a network namespace with only loopback, where `unshare`
 *   works: as root);
 * - the executor's error handling on Deno: a thrown error fails its cell and,
 *   unlike tslab, the later cells still run.
 *
 * Without Jupyter or Deno the tests are skipped with a notice; with CI=true that is a failure.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import {
  cellOutputsText,
  DENO,
  executeNotebook,
  installKernel,
  jupyterAvailable,
  KERNEL_SPECS,
  KERNELS,
  kernelSession,
  kernelTools,
  NOTEBOOKS_DIR,
  notice,
  PYTHON,
  requireTools,
  ROOT,
  run,
  sleep,
  tempDir,
  TEST_OUT,
  withNotebookCopy,
  type NotebookRun,
} from "../helpers/jupyter";

const FIXTURES = join(ROOT, "test", "fixtures", "notebooks");
const OUT = join(TEST_OUT, "kernels");
const MINUTE = 60_000;
const describeRun = (r: NotebookRun) => r.errors.map((e) => `cell ${e.cell} (${e.kind}): ${e.text}`).join("\n") || "(no errors)";

/** A loop that would run for hours, inside a function (tslab makes top-level variables slow). */
const LONG_LOOP = "function spin(): number { let s = 0; for (let i = 0; i < 1e13; i++) s += i; return s; }\nspin();";

describe("the two kernels", { concurrency: false }, () => {
  before(() => {
    if (jupyterAvailable().ok) installKernel();
  });

  test("both kernelspecs are listed, each running this project's own program", (t) => {
    if (!requireTools(t, ...kernelTools("deno"))) return;
    const r = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const specs = JSON.parse(r.stdout).kernelspecs as Record<string, { spec: { argv: string[]; display_name: string; interrupt_mode?: string; env?: Record<string, string> } }>;
    const tslab = specs[KERNEL_SPECS.tslab]?.spec, deno = specs[KERNEL_SPECS.deno]?.spec;
    assert.ok(tslab && deno, `both kernelspecs listed: ${Object.keys(specs).join(", ")}`);
    assert.equal(tslab.display_name, "dropout-lab (TypeScript)");
    assert.equal(tslab.argv[1], join(ROOT, "node_modules", "tslab", "bin", "tslab"));
    assert.equal(deno.display_name, "dropout-lab (Deno)");
    assert.equal(deno.argv[0], DENO);
    assert.deepEqual(deno.argv.slice(1), ["jupyter", "--quiet", "--kernel", "--conn", "{connection_file}"]);
    assert.equal(deno.interrupt_mode, "message", "interrupting must not kill Deno's kernel");
    assert.equal(deno.env?.DENO_DIR, join(ROOT, "node_modules", ".cache", "deno"));
    assert.equal(deno.env?.DENO_NO_UPDATE_CHECK, "1");
  });

  for (const kernel of KERNELS) {
    test(`${kernel}: interrupting a long cell leaves the kernel running, with its state`, { timeout: 5 * MINUTE }, async (t) => {
      if (!requireTools(t, ...kernelTools(kernel))) return;
      const session = await kernelSession(NOTEBOOKS_DIR, KERNEL_SPECS[kernel]);
      try {
        assert.equal((await session.run("const kept = 41;")).status, "ok");
        const started = Date.now();
        const interrupted = await session.runAndInterrupt(LONG_LOOP, 1500);
        const seconds = (Date.now() - started) / 1000;
        assert.ok(seconds < 60, `the interrupted cell took ${seconds} s: the interrupt did not stop it`);
        assert.equal(interrupted.status, "error", `the interrupted cell's reply: ${JSON.stringify(interrupted)}`);
        assert.ok(await session.alive(), "the kernel process died");
        // tslab aborts requests for ~200 ms after an error (see NOTES); then it runs cells again.
        let reply = await session.run("console.log(kept + 1);");
        for (let i = 0; reply.status === "abort" && i < 40; i++) {
          await sleep(250);
          reply = await session.run("console.log(kept + 1);");
        }
        assert.deepEqual([reply.status, reply.stdout], ["ok", "42\n"], reply.stderr);
        const sum = await session.run("1 + 1");
        assert.equal(kernel === "deno" ? sum.result : sum.stdout.trim(), "2", JSON.stringify(sum));
      } finally {
        await session.close();
      }
    });
  }

  test("deno: the cache stays in the project, nothing is written in the user's home, sweeps run on worker threads", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, ...kernelTools("deno"))) return;
    const home = tempDir("deno-home");
    const session = await kernelSession(NOTEBOOKS_DIR, KERNEL_SPECS.deno, { HOME: home, XDG_CACHE_HOME: join(home, ".cache") });
    try {
      const r = await session.run(
        [
          'import { sweep, kernelName, costFigure, showFigure } from "dropout-lab";',
          "const result = await sweep({ keepProb: [1, 0.86], seed: [1] }, { numIterations: 200, workers: 2 });",
          "showFigure(costFigure([{ name: 'a', costs: [1, 0.5] }]));",
          'console.log(kernelName(), Deno.env.get("DENO_DIR"), Deno.env.get("HOME"), result.rows.length, result.errors.length);',
        ].join("\n"),
      );
      assert.equal(r.status, "ok", r.stderr);
      assert.equal(r.stdout.trim(), `deno ${join(ROOT, "node_modules", ".cache", "deno")} ${home} 2 0`);
    } finally {
      await session.close();
    }
    const left = readdirSync(home, { recursive: true });
    rmSync(home, { recursive: true, force: true });
    assert.deepEqual(left, [], "Deno wrote into the user's home");
    assert.ok(existsSync(join(ROOT, "node_modules", ".cache", "deno")), "Deno's cache is in node_modules/.cache/deno");
    assert.equal(existsSync(join(ROOT, "deno.lock")), false, "no deno.lock is written");
  });

  test("deno: a notebook runs with no network at all (only loopback)", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, ...kernelTools("deno"))) return;
    const probe = spawnSync("unshare", ["--net", "true"], { encoding: "utf8" });
    if (probe.status !== 0) {
      notice(`skipped: unshare --net does not work here (${(probe.error?.message ?? probe.stderr).trim()}); it needs root`);
      t.skip("no network namespaces");
      return;
    }
    await withNotebookCopy(join(FIXTURES, "smoke-import.ipynb"), "offline", async (copy) => {
      const runner = [PYTHON, join(ROOT, "scripts", "run_notebooks.py"), "--quiet", "--no-html", "--kernel", "deno", "--out", OUT, copy];
      const quoted = runner.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
      const r = await run("unshare", ["--net", "sh", "-c", `ip link set lo up && ! ip route get 1.1.1.1 >/dev/null 2>&1 && ${quoted}`]);
      assert.equal(r.code, 0, r.output);
      assert.match(r.output, /PASS .*smoke-import/);
    });
  });

  test("deno: a thrown error fails its cell, with its message; the later cells still run", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, ...kernelTools("deno"))) return;
    const r = await withNotebookCopy(join(FIXTURES, "smoke-throw.ipynb"), "smoke", (copy) => executeNotebook(copy, { outDir: OUT, html: false, kernel: "deno" }));
    assert.equal(r.passed, false);
    assert.deepEqual(r.errors.map((e) => [e.cell, e.kind]), [[2, "error-reply"]], describeRun(r));
    assert.match(r.errors[0].text, /Error: fromArray: row 1 has 1 values, row 0 has 2/);
    assert.equal(cellOutputsText(r.notebook, 3), "after\n", "Deno runs the cells after an error");
  });

  test("deno: the smoke notebook imports dropout-lab by package name and writes its results", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, ...kernelTools("deno"))) return;
    const r = await withNotebookCopy(join(FIXTURES, "smoke-import.ipynb"), "smoke", (copy) => executeNotebook(copy, { outDir: OUT, html: false, kernel: "deno" }));
    assert.ok(r.passed, describeRun(r));
    assert.match(cellOutputsText(r.notebook, 1), /^shape 2x3 \[\[1,2,3\],\[4,5,6\]\]$/m);
    assert.equal(cellOutputsText(r.notebook, 3), `cwd ${NOTEBOOKS_DIR}\n`);
    assert.deepEqual(JSON.parse(readFileSync(join(OUT, "smoke-results.json"), "utf8")), { rows: 2, cols: 3, cwd: NOTEBOOKS_DIR });
  });
});
