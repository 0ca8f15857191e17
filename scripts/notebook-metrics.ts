/**
 * How heavy the notebooks are and how fast they open:
 *
 *   node --import tsx scripts/notebook-metrics.ts [--out DIR] [--no-open] [--no-03]
 *
 * 1. The size of every executed notebook (DIR/*.ipynb) and HTML export
 *    (DIR/*.html) in DIR (default out/, from `npm run reproduce`), with the
 *    largest inline <script> of each.
 * 2. The time the live Notebook (Jupyter Notebook on 127.0.0.1, Chromium
 *    headless, offline) takes to open the executed DIR/01-regularization.ipynb
 *    until every chart in it is drawn: from the page request to the last
 *    `.dropout-lab-figure` with its traces in the SVG. No cell is run.
 * 3. Notebook 03's headless time: scripts/run_notebooks.py executes it into a
 *    temporary folder (no HTML export) and reports its seconds.
 *
 * It prints one block of plain text; the numbers are also written as JSON to
 * DIR/notebook-metrics.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { launchChromium, offlineOnly, PYTHON, ROOT, sleep, startNotebookServer } from "../test/helpers/jupyter";

interface FileMetric {
  file: string;
  bytes: number;
  /** The largest inline script's length in characters (of the file's text, JSON escapes included). */
  largestScript: number;
  scripts: number;
}

const MB = 1e6;
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const OUT = resolve(outIndex >= 0 ? args[outIndex + 1] : join(ROOT, "out"));

/** Inline scripts in an HTML text (an export) or in a notebook's text/html outputs. */
function scriptLengths(text: string): number[] {
  const lengths: number[] = [];
  const re = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) lengths.push(m[1].length);
  return lengths;
}

function notebookHtml(path: string): string {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  const parts: string[] = [];
  for (const cell of nb.cells) {
    for (const o of cell.outputs ?? []) {
      const html = o.data?.["text/html"];
      if (html !== undefined) parts.push(Array.isArray(html) ? html.join("") : String(html));
    }
  }
  return parts.join("\n");
}

function fileMetrics(): FileMetric[] {
  if (!existsSync(OUT)) return [];
  return readdirSync(OUT)
    .filter((f) => /^\d\d-.*\.(ipynb|html)$/.test(f))
    .sort()
    .map((f) => {
      const path = join(OUT, f);
      const scripts = scriptLengths(f.endsWith(".ipynb") ? notebookHtml(path) : readFileSync(path, "utf8"));
      return { file: f, bytes: statSync(path).size, largestScript: Math.max(0, ...scripts), scripts: scripts.length };
    });
}

/** Seconds from opening the executed notebook in the live Notebook until all its charts are drawn. */
async function openTime(notebook: string): Promise<{ seconds: number; loadedSeconds?: number; figures: number; errors: string[] }> {
  const nb = JSON.parse(readFileSync(notebook, "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  const expected = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => /class="dropout-lab-figure"/.test(String(o.data?.["text/html"] ?? ""))).length;
  const server = await startNotebookServer(OUT);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await offlineOnly(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const started = Date.now();
    await page.goto(`${server.url}/notebooks/${encodeURIComponent(basename(notebook))}?token=${server.token}`, { waitUntil: "commit" });
    const deadline = started + 120_000;
    let drawn = 0;
    let loadedAt: number | undefined;
    for (;;) {
      const state = await page.evaluate(() => {
        const g = globalThis as any;
        const doc = g.document;
        const figures = Array.from(doc.querySelectorAll(".dropout-lab-figure") as ArrayLike<any>).filter((el) => {
          const visible = ((el._fullData ?? []) as any[]).filter((t) => t.visible === true).length;
          const traces = el.querySelectorAll(".main-svg g.trace, .main-svg g.contour, .main-svg g.hm").length;
          return visible > 0 && traces >= visible;
        }).length;
        return { figures, loaded: Boolean(g.Jupyter?.notebook?._fully_loaded) };
      });
      drawn = state.figures;
      if (state.loaded && loadedAt === undefined) loadedAt = Date.now();
      if ((drawn >= expected && loadedAt !== undefined) || Date.now() > deadline) break;
      await sleep(50);
    }
    const seconds = (Date.now() - started) / 1000;
    const loadedSeconds = loadedAt === undefined ? undefined : (loadedAt - started) / 1000;
    if (drawn < expected) errors.push(`only ${drawn} of ${expected} charts drawn after ${seconds.toFixed(1)} s`);
    return { seconds, loadedSeconds, figures: expected, errors };
  } finally {
    await browser.close();
    await server.stop();
  }
}

function notebook03Seconds(): number {
  const dir = mkdtempSync(join(tmpdir(), "dropout-lab-metrics-"));
  try {
    const report = join(dir, "report.json");
    execFileSync(PYTHON, [join(ROOT, "scripts", "run_notebooks.py"), "--out", dir, "--no-html", "--quiet", "--report", report, join(ROOT, "notebooks", "03-experiments.ipynb")], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const r = JSON.parse(readFileSync(report, "utf8")) as { notebooks: { seconds: number; passed: boolean }[] };
    if (!r.notebooks[0].passed) throw new Error("notebook 03 failed to execute");
    return r.notebooks[0].seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const files = fileMetrics();
  console.log(`Notebook sizes in ${OUT}:`);
  if (files.length === 0) console.log("  none: run npm run reproduce first");
  for (const f of files) {
    console.log(`  ${f.file.padEnd(28)} ${(f.bytes / MB).toFixed(2).padStart(6)} MB   largest inline script ${(f.largestScript / MB).toFixed(2)} MB (${f.scripts} scripts)`);
  }
  const result: Record<string, unknown> = { files };
  const executed01 = join(OUT, "01-regularization.ipynb");
  if (!args.includes("--no-open") && existsSync(executed01)) {
    const open = await openTime(executed01);
    result.open01 = open;
    const loaded = open.loadedSeconds === undefined ? "" : ` (the notebook itself loaded at ${open.loadedSeconds.toFixed(2)} s)`;
    console.log(`Live Notebook opens the executed 01-regularization.ipynb with all ${open.figures} charts drawn in ${open.seconds.toFixed(2)} s${loaded}${open.errors.length ? `; ${open.errors.join("; ")}` : ""}`);
    console.log(`Load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")} (${cpus().length} cores)`);
  }
  if (!args.includes("--no-03")) {
    const s = notebook03Seconds();
    result.notebook03Seconds = s;
    console.log(`Notebook 03 headless: ${s.toFixed(1)} s`);
  }
  writeFileSync(join(OUT, "notebook-metrics.json"), JSON.stringify(result, null, 2));
}

main().catch((e) => {
  console.error(`notebook-metrics: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
