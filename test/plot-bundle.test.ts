/**
 * The embedded plotly.js bundle: the package's own file with the `image`
 * trace left out of its final registration call, and nothing else changed;
 * in Chromium it still knows every other trace type of the package.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { PLOTLY_PACKAGE, plotlyBundle, UNREGISTERED_TRACES, withoutTraces } from "../src/plot/bundle";

const original = readFileSync(require.resolve(PLOTLY_PACKAGE), "utf8");

test("withoutTraces drops the image trace's registration from the installed bundle, and only that", () => {
  const { source, dropped } = withoutTraces(original, UNREGISTERED_TRACES);
  assert.deepEqual(dropped, ["image"], `the installed ${PLOTLY_PACKAGE} no longer has the expected shape; update src/plot/bundle.ts`);
  assert.equal(plotlyBundle(), source);
  // One registration entry shorter ("xyz()," is 4 to 6 characters), and identical around it.
  const diff = original.length - source.length;
  assert.ok(diff >= 4 && diff <= 8, `removed ${diff} characters`);
  let head = 0;
  while (original[head] === source[head]) head++;
  assert.ok(original.slice(original.length - (source.length - head)) === source.slice(head), "only one span differs");
  const call = original.lastIndexOf(".register([", head);
  assert.ok(call > head - 120 && !original.slice(call, head).includes("]"), "the difference is inside the final register([...]) call");
});

test("withoutTraces on other text: unchanged, nothing dropped", () => {
  assert.deepEqual(withoutTraces("var a=1;", ["image"]), { source: "var a=1;", dropped: [] });
  const fake = 'var A=z((a,m)=>{"use strict";m.exports={moduleType:"trace",name:"bar"}});var B=z((b,n)=>{"use strict";n.exports=A()});R.register([B()])';
  assert.deepEqual(withoutTraces(fake, ["image"]).dropped, []);
  const out = withoutTraces(fake, ["bar"]);
  assert.deepEqual(out.dropped, ["bar"]);
  assert.ok(out.source.endsWith("R.register([])"));
});

const CHROMIUM = "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === "true") throw new Error(`plot-bundle.test: ${CHROMIUM} is missing, and CI=true requires the browser check`);

test("in Chromium the bundle registers every trace type of the package but image", { skip: haveChromium ? false : `${CHROMIUM} not found` }, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const traces = async (bundle: string): Promise<string[]> => {
      const page = await browser.newPage();
      await page.setContent("<!DOCTYPE html><body></body>");
      await page.addScriptTag({ content: bundle });
      const names = await page.evaluate(() => Object.keys((globalThis as unknown as { Plotly: { PlotSchema: { get(): { traces: object } } } }).Plotly.PlotSchema.get().traces).sort());
      await page.close();
      return names;
    };
    const all = await traces(original);
    const ours = await traces(plotlyBundle());
    assert.ok(all.includes("image"));
    assert.deepEqual(ours, all.filter((t) => t !== "image"));
    for (const t of ["scatter", "bar", "heatmap", "contour"]) assert.ok(ours.includes(t), `${t} is registered`);
  } finally {
    await browser.close();
  }
});
