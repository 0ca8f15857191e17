/**
 * The interactive figures really move, in real Chromium, offline.
 *
 * 1. Standalone pages (writeFigureHtml) of a slider figure and an animation on
 *    a small dataset: moving the slider and pressing Play change the drawn
 *    contour (its SVG path) and the title, and no script error is logged.
 * 2. Notebook 01's HTML export (executed headless, shared with the other
 *    notebook tests through out/test/): the keepProb slider and the training
 *    animation change what is drawn when moved. Screenshots of the slider figure
 *    and of the mask heatmap go to out/screenshots/ and, with
 *    DROPOUT_LAB_DOCS=1, to docs/ (the README's pictures).
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { trainAndEvaluate } from "../../src/train";
import { predictLabels } from "../../src/network";
import { parametersToNetwork } from "../../src/course";
import { makeMoons } from "../../src/data/generators";
import { randomStream } from "../../src/random";
import { boundaryAnimationFigure } from "../../src/plot/boundary-animation";
import { boundarySliderFigure } from "../../src/plot/boundary-slider";
import { writeFigureHtml } from "../../src/plot/html";
import type { Matrix } from "../../src/matrix";
import {
  chromiumAvailable,
  executeNotebookShared,
  jupyterAvailable,
  launchChromium,
  NOTEBOOKS_DIR,
  offlineOnly,
  requireTools,
  ROOT,
  sleep,
  TEST_OUT,
} from "../helpers/jupyter";

const MINUTE = 60_000;
const SCREENSHOTS = join(ROOT, "out", "screenshots");

/** What a figure shows now: its title, its contour paths, its slider's active step. */
async function drawn(figure: Locator): Promise<{ title: string; contours: string; active: number }> {
  return figure.evaluate((el: any) => ({
    title: String(el.querySelector(".gtitle")?.textContent ?? ""),
    contours: Array.from(el.querySelectorAll(".contourlayer path") as ArrayLike<any>)
      .map((p) => String(p.getAttribute("d") ?? ""))
      .join("|"),
    active: Number(el._fullLayout?.sliders?.[0]?.active ?? -1),
  }));
}

/** Waits until `figure` shows something other than `before`, up to `ms`; returns what it shows. */
async function changed(figure: Locator, before: { contours: string; active: number }, ms = 10_000) {
  const deadline = Date.now() + ms;
  let now = await drawn(figure);
  while ((now.contours === before.contours || now.active === before.active) && Date.now() < deadline) {
    await sleep(100);
    now = await drawn(figure);
  }
  return now;
}

/** Clicks the slider's rail at a fraction of its length (0 = first step, 1 = last), as a user would. */
async function clickSlider(page: Page, figure: Locator, fraction: number): Promise<void> {
  const rail = figure.locator(".slider-rail-touch-rect").first();
  await rail.scrollIntoViewIfNeeded();
  const box = await rail.boundingBox();
  assert.ok(box, "the slider's rail is drawn");
  await page.mouse.click(box.x + Math.max(2, Math.min(box.width - 2, fraction * box.width)), box.y + box.height / 2);
}

async function openOffline(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await offlineOnly(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(url, { waitUntil: "load", timeout: 2 * MINUTE });
  return { page, errors };
}

/** The figure whose title contains `text`, once drawn. */
async function figureTitled(page: Page, text: string): Promise<Locator> {
  const figure = page.locator(".dropout-lab-figure", { has: page.locator(".gtitle", { hasText: text }) }).first();
  await figure.locator(".main-svg").first().waitFor({ timeout: 2 * MINUTE });
  return figure;
}

describe("interactive figures in Chromium", { concurrency: false }, () => {
  let browser: Browser | undefined;
  before(async () => {
    if (chromiumAvailable().ok) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  test("standalone pages: the slider swaps the boundary, Play steps through the frames", { timeout: 5 * MINUTE }, async (t) => {
    if (!requireTools(t, chromiumAvailable())) return;
    const data = makeMoons(120, 0.2, randomStream(4));
    const ds = { X: data.X, Y: data.Y };
    const clf = (p: Record<string, Matrix>) => (X: Matrix) => predictLabels(X, parametersToNetwork("clf", p));
    const runs = [1000, 4000].map((n) => trainAndEvaluate(ds, ds, { layersDims: [2, 10, 1], numIterations: n, init: "he", seed: 2 }));
    const xr: [number, number] = [-1.5, 2.5];
    const yr: [number, number] = [-1, 1.5];
    const slider = boundarySliderFigure(
      runs.map((r, k) => ({ label: k === 0 ? "1000" : "4000", predict: clf(r.parameters), note: `train ${(100 * r.trainAccuracy).toFixed(1)}%` })),
      ds,
      { parameter: "iterations", title: "slider test", xRange: xr, yRange: yr, resolution: 60 },
    );
    const snaps: { iteration: number; predict: (X: Matrix) => Matrix }[] = [];
    trainAndEvaluate(ds, ds, {
      layersDims: [2, 10, 1],
      numIterations: 3000,
      init: "he",
      seed: 2,
      callbackEvery: 1000,
      callback: (p) => {
        const copyOf = Object.fromEntries(Object.entries(p.parameters).map(([k, v]) => [k, { rows: v.rows, cols: v.cols, data: Float64Array.from(v.data) }]));
        snaps.push({ iteration: p.iteration, predict: clf(copyOf) });
      },
    });
    const animation = boundaryAnimationFigure([{ name: "run", snapshots: snaps }], ds, { title: "animation test", xRange: xr, yRange: yr, resolution: 60, frameDuration: 300 });
    const dir = mkdtempSync(join(tmpdir(), "interactive-"));
    try {
      writeFigureHtml(slider, join(dir, "slider.html"));
      writeFigureHtml(animation, join(dir, "animation.html"));

      const s = await openOffline(browser!, `file://${join(dir, "slider.html")}`);
      const sf = await figureTitled(s.page, "slider test");
      const s0 = await drawn(sf);
      assert.equal(s0.active, 0);
      assert.match(s0.title, /iterations = 1000/);
      await clickSlider(s.page, sf, 1);
      const s1 = await changed(sf, s0);
      assert.equal(s1.active, 1, "the slider moved to the last step");
      assert.notEqual(s1.contours, s0.contours, "the drawn boundary changed");
      assert.match(s1.title, /iterations = 4000/);
      assert.deepEqual(s.errors, [], "script errors in the slider page");
      await s.page.context().close();

      const a = await openOffline(browser!, `file://${join(dir, "animation.html")}`);
      const af = await figureTitled(a.page, "animation test");
      const a0 = await drawn(af);
      await af.locator(".updatemenu-button", { hasText: "Play" }).click();
      const a1 = await changed(af, a0);
      assert.ok(a1.active > 0, `Play advanced the slider (active ${a1.active})`);
      assert.notEqual(a1.contours, a0.contours, "the drawn boundary changed while playing");
      await sleep(1500);
      await clickSlider(a.page, af, 0);
      const a2 = await changed(af, await drawn(af));
      assert.equal(a2.active, 0, "the slider steps back to the first frame");
      assert.equal(a2.contours, a0.contours, "the first frame's boundary is drawn again");
      assert.deepEqual(a.errors, [], "script errors in the animation page");
      await a.page.context().close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("notebook 01's HTML export: the keepProb slider and the training animation move", { timeout: 30 * MINUTE }, async (t) => {
    const path = join(NOTEBOOKS_DIR, "01-regularization.ipynb");
    if (!requireTools(t, jupyterAvailable(), chromiumAvailable())) return;
    const run = await executeNotebookShared(path, { outDir: TEST_OUT });
    assert.ok(run.passed, run.errors.map((e) => `cell ${e.cell}: ${e.text}`).join("\n"));
    const { page, errors } = await openOffline(browser!, `file://${run.html}`);
    try {
      const slider = await figureTitled(page, "the decision boundary against keepProb");
      const s0 = await drawn(slider);
      assert.match(s0.title, /keepProb = 0\.86 · train [\d.]+%, test [\d.]+%/);
      await clickSlider(page, slider, 0);
      const s1 = await changed(slider, s0);
      assert.equal(s1.active, 0);
      assert.match(s1.title, /keepProb = 0\.5 · /);
      assert.notEqual(s1.contours, s0.contours, "moving the keepProb slider changes the drawn boundary");

      const animation = await figureTitled(page, "the decision boundary during training");
      const a0 = await drawn(animation);
      await clickSlider(page, animation, 1);
      const a1 = await changed(animation, a0);
      assert.ok(a1.active > 0);
      assert.notEqual(a1.contours, a0.contours, "stepping the animation changes the drawn boundaries");

      const masks = await figureTitled(page, "Layer 1 dropout masks");
      assert.ok((await masks.locator(".hm").count()) >= 6 || (await masks.locator("image").count()) >= 6, "six mask heatmaps are drawn");
      const curves = await figureTitled(page, "Training set against test set");
      assert.ok((await curves.locator(".scatterlayer .trace").count()) >= 12, "validation curves: 4 lines × 3 runs are drawn");
      assert.deepEqual(errors, [], "script errors in the page");

      mkdirSync(SCREENSHOTS, { recursive: true });
      await curves.screenshot({ path: join(SCREENSHOTS, "validation-curves.png") });
      await clickSlider(page, slider, 4 / 6);
      await changed(slider, s1);
      await slider.screenshot({ path: join(SCREENSHOTS, "keepprob-slider.png") });
      await masks.screenshot({ path: join(SCREENSHOTS, "dropout-masks.png") });
      if (process.env.DROPOUT_LAB_DOCS === "1") {
        copyFileSync(join(SCREENSHOTS, "keepprob-slider.png"), join(ROOT, "docs", "keepprob-slider.png"));
        copyFileSync(join(SCREENSHOTS, "dropout-masks.png"), join(ROOT, "docs", "dropout-masks.png"));
        copyFileSync(join(SCREENSHOTS, "validation-curves.png"), join(ROOT, "docs", "validation-curves.png"));
      }
      assert.ok(existsSync(join(SCREENSHOTS, "dropout-masks.png")));
    } finally {
      await page.context().close();
    }
  });
});
