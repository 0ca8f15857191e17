/**
 * Browser tests: the notebooks' charts render in a real browser, offline.
 * Debian's chromium, driven by playwright-core; every request that is not a
 * file or on 127.0.0.1 is blocked, as on a machine without network.
 *
 * 1. HTML exports. Each notebook is executed headless on each kernel, tslab's
 *    and Deno's (the execution is shared with test/notebooks.test.ts through
 *    out/test/ and out/test/deno/), its nbconvert HTML export
 *    is opened from disk, and every dropout-lab figure in it must render: a
 *    plotly `.main-svg` in which every visible trace is drawn. The number of
 *    figures must equal EXPECTED_CHARTS below. Screenshots go to
 *    out/screenshots/<notebook>-export.png (the page) and
 *    <notebook>-export-fig<N>.png (each figure, N from 1); the Deno kernel's
 *    are <notebook>-deno-export*.png.
 * 2. The live Notebook. A Jupyter Notebook server on 127.0.0.1 with a token
 *    opens 01-regularization (the smoke notebook until 01 exists) from a hidden
 *    copy in notebooks/, on each kernel, all cells are run through the page, and
 *    the charts must appear. Screenshot: out/screenshots/<notebook>[-deno]-live.png.
 *
 * Without Jupyter or Chromium the tests are skipped with a notice; with CI=true
 * that is a failure. A real notebook that does not exist yet is skipped.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  chromiumAvailable,
  executeNotebook,
  executeNotebookShared,
  figureCount,
  installKernel,
  jupyterAvailable,
  KERNEL_SPECS,
  kernelOut,
  KERNELS,
  kernelTools,
  type Kernel,
  launchChromium,
  notice,
  NOTEBOOKS_DIR,
  offlineOnly,
  requireTools,
  ROOT,
  sleep,
  startNotebookServer,
  TEST_OUT,
  withNotebookCopy,
} from "../helpers/jupyter";

/**
 * How many figures (showFigure, plotDecisionBoundary and liveFigure outputs)
 * each real notebook shows. Notebook authors: keep these in step with the
 * notebooks; a notebook without an entry fails with the count it found.
 */
const EXPECTED_CHARTS: Record<string, number | undefined> = {
  "01-regularization": 19,
  "02-gradient-check": 1,
  "03-experiments": 10,
};

/** The smoke notebook: scatter, bars, a live figure, a decision boundary, and the script-injection case. */
const SMOKE = join(ROOT, "test", "fixtures", "notebooks", "smoke-figure.ipynb");
const SMOKE_CHARTS = 5;
const INJECTION = "</script><script>window.__injected = true</script>";

const SCREENSHOTS = join(ROOT, "out", "screenshots");
const MINUTE = 60_000;

/** What one rendered figure looks like in the page. */
interface RenderedFigure {
  id: string;
  title: string;
  /** plotly's .main-svg layers inside the figure. */
  svgs: number;
  /** Traces plotly set visible. */
  visibleTraces: number;
  /** Trace groups drawn in the SVG (scatter/bar `g.trace`, `g.contour`, heatmap `g.hm`). */
  drawnTraces: number;
}

/** The dropout-lab figures in the page, as plotly drew them (runs in the browser). */
function renderedFigures(page: Page): Promise<RenderedFigure[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    return Array.from(doc.querySelectorAll(".dropout-lab-figure") as ArrayLike<any>).map((el) => ({
      id: String(el.id),
      title: String(el.querySelector(".gtitle")?.textContent ?? ""),
      svgs: el.querySelectorAll(".main-svg").length as number,
      visibleTraces: ((el._fullData ?? []) as any[]).filter((t) => t.visible === true).length,
      drawnTraces: el.querySelectorAll(".main-svg g.trace, .main-svg g.contour, .main-svg g.hm").length as number,
    }));
  });
}

const isDrawn = (f: RenderedFigure) => f.svgs > 0 && f.visibleTraces > 0 && f.drawnTraces >= f.visibleTraces;

/** Waits until `expected` figures are in the page and all of them are drawn; returns them. */
async function waitForFigures(page: Page, expected: number, timeoutMs = 2 * MINUTE): Promise<RenderedFigure[]> {
  const deadline = Date.now() + timeoutMs;
  let figures = await renderedFigures(page);
  while (!(figures.length >= expected && figures.every(isDrawn)) && Date.now() < deadline) {
    await sleep(500);
    figures = await renderedFigures(page);
  }
  return figures;
}

function assertAllDrawn(figures: RenderedFigure[], expected: number, where: string): void {
  const summary = figures.map((f, i) => `  ${i + 1}. "${f.title}": ${f.svgs} svg, ${f.drawnTraces}/${f.visibleTraces} traces drawn`).join("\n");
  assert.equal(figures.length, expected, `${where}: ${figures.length} figures, expected ${expected}\n${summary}`);
  const missing = figures.filter((f) => !isDrawn(f));
  assert.equal(missing.length, 0, `${where}: not every figure rendered with its traces\n${summary}`);
}

/** Saves a full-page screenshot and one per figure. */
async function screenshots(page: Page, name: string, figures: RenderedFigure[]): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  for (const [i, f] of figures.entries()) {
    await page.locator(`[id="${f.id}"]`).screenshot({ path: join(SCREENSHOTS, `${name}-fig${i + 1}.png`) });
  }
}

/** Whether the built library exports the notebook display helpers yet. */
function plotExported(): boolean {
  try {
    const lib = require(join(ROOT, "dist", "index.js")) as Record<string, unknown>;
    return typeof lib.showFigure === "function" && typeof lib.liveFigure === "function";
  } catch {
    return false;
  }
}

function skipUnlessPlotExported(t: TestContext): boolean {
  if (plotExported()) return true;
  const message = "showFigure/liveFigure are not exported from dist/index.js yet (npm run build)";
  notice(`skipped: ${message}`);
  t.skip(message);
  return false;
}

/** Opens an HTML file offline in a new page; returns the page, its script errors and the blocked requests. */
async function openOffline(browser: Browser, url: string): Promise<{ page: Page; errors: string[]; blocked: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const blocked = await offlineOnly(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load", timeout: 2 * MINUTE });
  return { page, errors, blocked };
}

const REAL = ["01-regularization", "02-gradient-check", "03-experiments"];

describe("HTML exports in Chromium", { concurrency: false }, () => {
  let browser: Browser | undefined;
  before(async () => {
    if (!jupyterAvailable().ok || !chromiumAvailable().ok) return;
    installKernel();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const kernel of KERNELS) {
    test(`smoke notebook on ${kernel}: every figure renders offline, and a label with </script> stays text`, { timeout: 10 * MINUTE }, async (t) => {
      if (!requireTools(t, ...kernelTools(kernel), chromiumAvailable())) return;
      if (!skipUnlessPlotExported(t)) return;
      const run = await withNotebookCopy(SMOKE, "smoke", (copy) => executeNotebook(copy, { outDir: join(kernelOut(kernel), "smoke"), kernel }));
      assert.ok(run.passed, run.errors.map((e) => `cell ${e.cell}: ${e.text}`).join("\n"));
      assert.equal(figureCount(run.notebook), SMOKE_CHARTS, "figures in the executed notebook");
      const { page, errors } = await openOffline(browser!, `file://${run.html}`);
      try {
        const figures = await waitForFigures(page, SMOKE_CHARTS);
        assertAllDrawn(figures, SMOKE_CHARTS, "smoke-figure HTML export");
        assert.deepEqual(
          figures.map((f) => f.title),
          ["smoke: scatter", "smoke: bars", "smoke: live", "smoke: decision boundary", INJECTION],
        );
        // The live figure kept its last update.
        assert.match((await page.locator(`[id="${figures[2].id}"]`).textContent()) ?? "", /iteration 4000/);
        // The injection attempt is drawn as text (title and legend) and never ran.
        assert.equal(await page.evaluate(() => (globalThis as { __injected?: unknown }).__injected), undefined);
        assert.match((await page.locator(`[id="${figures[4].id}"] .legendtext`).textContent()) ?? "", /<\/script><script>window\.__injected/);
        assert.deepEqual(errors, [], "script errors in the page");
        await screenshots(page, `smoke-figure${shotSuffix(kernel)}-export`, figures);
      } finally {
        await page.context().close();
      }
    });
  }

  for (const kernel of KERNELS) for (const name of REAL) {
    const path = join(NOTEBOOKS_DIR, `${name}.ipynb`);
    test(`${name} on ${kernel}: every chart in the HTML export renders`, { timeout: 30 * MINUTE }, async (t) => {
      if (!existsSync(path)) {
        notice(`skipped: ${basename(path)} does not exist yet`);
        t.skip(`${basename(path)} does not exist yet`);
        return;
      }
      if (!requireTools(t, ...kernelTools(kernel), chromiumAvailable())) return;
      const run = await executeNotebookShared(path, { outDir: kernelOut(kernel), kernel });
      assert.ok(run.passed, `${name} failed to execute:\n${run.errors.map((e) => `cell ${e.cell}: ${e.text}`).join("\n")}`);
      const emitted = figureCount(run.notebook);
      const expected = EXPECTED_CHARTS[name];
      assert.notEqual(expected, undefined, `set EXPECTED_CHARTS["${name}"] in test/browser.test.ts (the executed notebook shows ${emitted} figures)`);
      assert.equal(emitted, expected, `${name} shows ${emitted} figures, EXPECTED_CHARTS says ${expected}`);
      const { page, errors } = await openOffline(browser!, `file://${run.html}`);
      try {
        const figures = await waitForFigures(page, expected!);
        assertAllDrawn(figures, expected!, `${name} HTML export (${kernel})`);
        assert.deepEqual(errors, [], "script errors in the page");
        await screenshots(page, `${name}${shotSuffix(kernel)}-export`, figures);
      } finally {
        await page.context().close();
      }
    });
  }
});

/** "" for tslab, "-deno" for Deno: screenshot names. */
const shotSuffix = (kernel: Kernel) => (kernel === "tslab" ? "" : `-${kernel}`);

/** A copy of notebook `source` whose kernelspec is `kernel`'s, in a temporary file (removed by `fn`'s end). */
async function onKernel<T>(source: string, kernel: Kernel, fn: (path: string) => Promise<T>): Promise<T> {
  if (kernel === "tslab") return fn(source);
  const nb = JSON.parse(readFileSync(source, "utf8"));
  nb.metadata.kernelspec = { name: KERNEL_SPECS[kernel], display_name: "dropout-lab (Deno)", language: "typescript" };
  const dir = join(TEST_OUT, "live");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${kernel}-${basename(source)}`);
  writeFileSync(path, JSON.stringify(nb, null, 1));
  try {
    return await fn(path);
  } finally {
    rmSync(path, { force: true });
  }
}

describe("the live Notebook server in Chromium", { concurrency: false }, () => {
  for (const kernel of KERNELS) {
    test(`runs every cell through the page on ${kernel} and the charts appear`, { timeout: 30 * MINUTE }, async (t) => {
      if (!requireTools(t, ...kernelTools(kernel), chromiumAvailable())) return;
      const real = join(NOTEBOOKS_DIR, "01-regularization.ipynb");
      const useReal = existsSync(real);
      if (!useReal) {
        notice("01-regularization.ipynb does not exist yet: the live test runs the smoke notebook");
        if (!skipUnlessPlotExported(t)) return;
      }
      const original = useReal ? real : SMOKE;
      const name = basename(original, ".ipynb");
      const expected = useReal ? EXPECTED_CHARTS[name] : SMOKE_CHARTS;
      assert.notEqual(expected, undefined, `set EXPECTED_CHARTS["${name}"] in test/browser.test.ts`);
      installKernel();
      const server = await startNotebookServer(NOTEBOOKS_DIR);
      const browser = await launchChromium();
      try {
        await onKernel(original, kernel, (source) => withNotebookCopy(source, "live", async (copy) => {
          const { page, errors } = await openOffline(browser, `${server.url}/notebooks/${encodeURIComponent(basename(copy))}?token=${server.token}`);
          await page.waitForFunction(() => {
            const J = (globalThis as any).Jupyter;
            return Boolean(J?.notebook?.kernel?.is_connected?.());
          }, null, { timeout: 2 * MINUTE });
          assert.equal(await page.evaluate(() => (globalThis as any).Jupyter.notebook.kernel.name), KERNEL_SPECS[kernel]);
          await page.evaluate(() => (globalThis as any).Jupyter.notebook.execute_all_cells());

          // Wait until every code cell has an execution count, or a cell shows an error.
          const deadline = Date.now() + 25 * MINUTE;
          let state = { total: 0, done: 0, busy: true, errors: [] as string[] };
          let idlePolls = 0;
          for (;;) {
            state = await page.evaluate(() => {
              const J = (globalThis as any).Jupyter;
              const cells = J.notebook.get_cells().filter((c: any) => c.cell_type === "code");
              const doc = (globalThis as any).document;
              // tslab writes errors to stderr; Deno sends them as error outputs.
            const stderr = Array.from(doc.querySelectorAll(".output_stderr, .output_error") as ArrayLike<{ textContent: string }>).map((e) => e.textContent);
              return {
                total: cells.length,
                done: cells.filter((c: any) => typeof c.input_prompt_number === "number").length,
                busy: Boolean(J.notebook.kernel_busy),
                errors: stderr.filter((s) => /^\d+:\d+ - |(^|\n)\s*([A-Z]\w*)?(Error|Exception)(: |$)|\n\s+at /.test(s)),
              };
            });
            if (state.errors.length > 0 || (state.done === state.total && !state.busy)) break;
            idlePolls = state.busy ? 0 : idlePolls + 1;
            if (idlePolls >= 30) break; // the kernel is idle but cells were never run
            if (Date.now() > deadline) break;
            await sleep(1000);
          }
          assert.deepEqual(state.errors, [], "a cell reported an error in the live notebook");
          assert.equal(state.done, state.total, `only ${state.done} of ${state.total} code cells ran`);

          const figures = await waitForFigures(page, expected!);
          assertAllDrawn(figures, expected!, `${name} in the live Notebook (${kernel})`);
          if (!useReal) assert.equal(await page.evaluate(() => (globalThis as { __injected?: unknown }).__injected), undefined);
          assert.deepEqual(errors, [], "script errors in the page");
          await screenshots(page, `${name}${shotSuffix(kernel)}-live`, figures);
          await page.context().close();
        }));
      } finally {
        await browser.close();
        await server.stop();
      }
    });
  }
});
