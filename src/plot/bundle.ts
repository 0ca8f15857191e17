/**
 * The plotly.js bundle that notebooks and standalone pages embed, read from
 * the npm package (no network), with one trace type left unregistered.
 *
 * Why: evaluating the package's bundle is the largest single cost of opening
 * an executed notebook in the live Notebook, and almost two thirds of it is the
 * initialisation of the `image` trace (raster images, with an image-size
 * prober), which no figure here uses. The bundle registers its trace modules
 * in one call at its end, `Registry.register([bar(), box(), …, image(), …])`,
 * and builds each module only when that call asks for it; leaving `image()` out
 * of the list skips that work and changes nothing else (the code stays in the
 * file, unused). Measured in Chromium on this project's machine: evaluating the
 * bundle in the loaded live Notebook took 0.93 s with every trace type and
 * 0.32–0.76 s without `image` (medians of 5, under load).
 */
import { readFileSync } from "node:fs";

/**
 * The npm package whose bundle is embedded: plotly.js's minified "cartesian"
 * partial bundle (1.5 MB against 10.1 MB for plotly.js-dist and 4.8 MB for
 * plotly.js-dist-min). It holds every trace type the figure builders use
 * (scatter, bar, heatmap, contour) and plotly's core: sliders, updatemenus,
 * frames and animation. plotly.js-basic-dist-min has no contour or heatmap.
 */
export const PLOTLY_PACKAGE = "plotly.js-cartesian-dist-min";

/** Trace types the embedded bundle does not register (see the module comment). */
export const UNREGISTERED_TRACES: readonly string[] = ["image"];

/**
 * `source` (a plotly.js bundle built by esbuild, as the npm packages are) with
 * the trace types in `names` taken out of its final `register([...])` call.
 * Each entry of that call is a lazy module `ID()` whose definition is
 * `var ID=wrap((…,m)=>{"use strict";m.exports=INNER()})`, and INNER's module
 * declares `moduleType:"trace",name:"…"`. Returns the source unchanged and
 * `dropped: []` when that shape is not found.
 */
export function withoutTraces(source: string, names: readonly string[]): { source: string; dropped: string[] } {
  const calls = [...source.matchAll(/[\w$]+\.register\(\[((?:[\w$]+\(\),)*[\w$]+\(\))\]\)/g)];
  const call = calls[calls.length - 1];
  if (call === undefined) return { source, dropped: [] };
  const entries = call[1].split(",").map((e) => e.slice(0, -2));
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const id of entries) {
    const name = moduleName(source, id);
    if (name !== undefined && names.includes(name)) dropped.push(name);
    else kept.push(id);
  }
  if (dropped.length === 0) return { source, dropped };
  const at = call.index! + call[0].indexOf("[");
  const replaced = `[${kept.map((id) => `${id}()`).join(",")}]`;
  return { source: source.slice(0, at) + replaced + source.slice(at + call[1].length + 2), dropped };
}

const esc = (id: string) => id.replace(/\$/g, "\\$");

/** The trace or component name of the lazy module `id` of an esbuild bundle, if it can be read. */
function moduleName(source: string, id: string): string | undefined {
  const wrapper = new RegExp(`var ${esc(id)}=([\\w$]+)\\(\\(([\\w$]+),([\\w$]+)\\)=>\\{"use strict";\\3\\.exports=([\\w$]+)\\(\\)\\}\\)`).exec(source);
  if (wrapper === null) return undefined;
  const start = source.indexOf(`var ${wrapper[4]}=${wrapper[1]}((`);
  if (start < 0) return undefined;
  // The module's own text: up to the next top-level lazy module definition.
  const next = source.slice(start + 1).search(new RegExp(`;var [\\w$]+=${esc(wrapper[1])}\\(\\(`));
  const body = source.slice(start, next < 0 ? undefined : start + 1 + next);
  return /moduleType:"(?:trace|component)",name:"(\w+)"/.exec(body)?.[1];
}

let bundle: string | undefined;

/** The plotly.js bundle (see `PLOTLY_PACKAGE`, `UNREGISTERED_TRACES`), read once and cached. */
export function plotlyBundle(): string {
  if (bundle === undefined) {
    let path: string;
    try {
      path = require.resolve(PLOTLY_PACKAGE);
    } catch (e) {
      throw new Error(`plotlyBundle: cannot find the npm package ${PLOTLY_PACKAGE} (${(e as Error).message}); install it with npm install`);
    }
    bundle = withoutTraces(readFileSync(path, "utf8"), UNREGISTERED_TRACES).source;
  }
  return bundle;
}

/**
 * Makes JavaScript source safe as the body of an HTML `<script>` element:
 * `</script` becomes `<\/script` and `<!--` becomes `\x3C!--`. Both rewrites
 * mean the same inside a string, a template or a regular expression, which is
 * the only place such text appears in a minified bundle.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "\\x3C!--");
}

let bundleTag: string | undefined;

/** The plotly.js bundle wrapped in a `<script>` element, cached. */
export function plotlyScriptTag(): string {
  if (bundleTag === undefined) {
    bundleTag = `<script type="text/javascript">/* ${PLOTLY_PACKAGE} without the ${UNREGISTERED_TRACES.join(", ")} trace, embedded by dropout-lab */\n${escapeInlineScript(plotlyBundle())}\n</script>`;
  }
  return bundleTag;
}
