/**
 * Showing figures and tables in a tslab notebook, with no network access.
 *
 * plotly.js is embedded once per kernel process: the first figure first emits
 * the bundle (from the npm package) as its own `text/html` output. Each figure
 * is then sent as `text/html` (a div and a script that waits for plotly.js),
 * which classic Notebook 6 (trusted) and nbconvert's HTML export render. Where
 * tslab's internal writer is reachable, the same display also carries
 * `application/vnd.plotly.v1+json`, which JupyterLab and VS Code render
 * natively; otherwise it falls back to tslab's public, HTML-only display.
 *
 * tslab is loaded lazily, inside the functions, so this module loads anywhere.
 */
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { decisionBoundaryFigure, type DecisionBoundaryOptions } from "./boundary";
import { describeValue, type Figure, type Points, type PredictFn } from "./figures";
import { checkFigure, figureToHtml, plotlyScriptTag, tableToHtml, type FrameLike, type TableOptions } from "./html";

/** The subset of tslab's public `Display` used here. */
interface TslabDisplay {
  html(s: string): void;
}

interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/** tslab's internal display writer (tslab/dist/jupyter.js `lastWriteDisplayData`). */
type DisplayWriter = (
  message: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function notInKernel(fn: string, why: string): Error {
  return new Error(
    `${fn} needs the tslab Jupyter kernel (${why}). ` +
      `Outside a notebook, write the figure to a file with writeFigureHtml(figure, "figure.html") and open it in a browser.`,
  );
}

/**
 * tslab's public module, required on first use: the running kernel's own copy
 * (found next to its loaded jupyter.js) when there is one, else `require("tslab")`.
 */
function tslab(fn: string): TslabModule {
  let mod: Partial<TslabModule> | undefined;
  const active = activeJupyter();
  try {
    mod = require(active ? join(dirname(active.path), "public.js") : "tslab") as Partial<TslabModule>;
  } catch {
    throw notInKernel(fn, "the tslab package could not be loaded");
  }
  if (typeof mod?.display?.html !== "function" || typeof mod.newDisplay !== "function") {
    throw notInKernel(fn, "the loaded tslab has no display API");
  }
  return mod as TslabModule;
}

/**
 * The running kernel's internal module: a loaded tslab/dist/jupyter.js whose
 * `lastWriteDisplayData` is set (tslab sets it when a cell executes). This is
 * internal API: anything unexpected means "not available".
 */
function activeJupyter(): { path: string; write: DisplayWriter } | undefined {
  try {
    for (const [path, mod] of Object.entries(require.cache)) {
      if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(path)) continue;
      const write = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
      if (typeof write === "function") return { path, write: write as DisplayWriter };
    }
  } catch {
    // fall through: use the public API
  }
  return undefined;
}

/** Runs a call into tslab's public display, turning its errors into clear ones. */
function viaPublic(fn: string, action: () => void): void {
  try {
    action();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/not ready/i.test(msg)) throw notInKernel(fn, "no notebook cell is executing in a tslab kernel");
    throw new Error(`${fn}: tslab could not display the output: ${msg}`);
  }
}

/**
 * Sends one display with several MIME types through the internal writer.
 * Returns false (nothing sent) when that path is unavailable or fails.
 */
function sendBundle(data: Record<string, unknown>, displayId: string | undefined, update: boolean): boolean {
  const write = activeJupyter()?.write;
  if (write === undefined) return false;
  try {
    write({ data, metadata: {}, transient: displayId === undefined ? {} : { display_id: displayId } }, update);
    return true;
  } catch {
    return false;
  }
}

/** Shows raw HTML as one `text/html` output. */
export function showHtml(html: string): void {
  if (typeof html !== "string") throw new TypeError(`showHtml: html must be a string, got ${describeValue(html)}`);
  const t = tslab("showHtml");
  viaPublic("showHtml", () => t.display.html(html));
}

let plotlyEmbedded = false;

/**
 * Emits the plotly.js bundle as its own output, once per kernel process (or
 * again with `force`, e.g. after clearing the output that held it).
 */
export function embedPlotly(force = false): void {
  if (plotlyEmbedded && !force) return;
  showHtml(plotlyScriptTag());
  plotlyEmbedded = true;
}

export interface ShowFigureOptions {
  /** Emit the plotly.js bundle before this figure even if it was emitted before. */
  includePlotlyJs?: boolean;
  /** CSS width of the figure ("100%" by default). */
  width?: number | string;
  /** CSS height of the figure (the layout's height, else 450 px). */
  height?: number | string;
}

function figureBundle(figure: Figure, html: string): Record<string, unknown> {
  const t = (figure.layout ?? {}).title as { text?: unknown } | string | undefined;
  const title = typeof t === "string" ? t : typeof t?.text === "string" ? t.text : "figure";
  return {
    "text/html": html,
    // A JSON round trip drops undefined and turns NaN into null, as plotly expects.
    [PLOTLY_MIME]: JSON.parse(JSON.stringify({ data: figure.data, layout: figure.layout ?? {}, ...(figure.frames ? { frames: figure.frames } : {}) })),
    "text/plain": `<plotly figure: ${title}, ${figure.data.length} traces>`,
  };
}

/** Shows a figure in the notebook (see the module comment for the formats). */
export function showFigure(figure: Figure, options: ShowFigureOptions = {}): void {
  checkFigure("showFigure", "figure", figure);
  const html = figureToHtml(figure, { width: options.width, height: options.height });
  const t = tslab("showFigure");
  embedPlotly(options.includePlotlyJs === true);
  if (!sendBundle(figureBundle(figure, html), undefined, false)) viaPublic("showFigure", () => t.display.html(html));
}

/** Shows the decision boundary of `predict` over `points` (see `decisionBoundaryFigure`). */
export function plotDecisionBoundary(predict: PredictFn, points: Points, options: DecisionBoundaryOptions = {}): void {
  showFigure(decisionBoundaryFigure(predict, points, options));
}

/** Shows a DataFrame, a Series or an array of row objects as an HTML table. */
export function showTable(table: FrameLike | readonly Record<string, unknown>[], options: TableOptions = {}): void {
  showHtml(tableToHtml(table, options));
}

/** One notebook output that is redrawn in place. */
export interface LiveFigure {
  /** Replaces the output with `figure`; `statusText` is drawn above the plot. */
  update(figure: Figure, statusText?: string): void;
  /** Ends the handle; later updates throw. The last figure stays in the notebook. */
  close(): void;
}

/**
 * A figure output that updates in place, for live training progress: call
 * `update` with the cost curve so far and a status line (iteration, elapsed
 * time). Nothing is shown until the first update; the last update is what the
 * saved notebook keeps.
 */
export function liveFigure(options: Omit<ShowFigureOptions, "includePlotlyJs"> = {}): LiveFigure {
  const displayId = `dropout-lab-${randomBytes(8).toString("hex")}`;
  let mode: "internal" | "public" | undefined;
  let publicHandle: TslabDisplay | undefined;
  let closed = false;
  return {
    update(figure: Figure, statusText?: string): void {
      const fn = "liveFigure.update";
      if (closed) throw new Error(`${fn}: the live figure was closed`);
      checkFigure(fn, "figure", figure);
      if (statusText !== undefined && typeof statusText !== "string") {
        throw new TypeError(`${fn}: statusText must be a string, got ${describeValue(statusText)}`);
      }
      const shown = statusText === undefined ? figure : withStatus(figure, statusText);
      const html = figureToHtml(shown, { width: options.width, height: options.height });
      const t = tslab(fn);
      embedPlotly();
      const bundle = figureBundle(shown, html);
      if (statusText !== undefined) bundle["text/plain"] = `${bundle["text/plain"]}\n${statusText}`;
      if (mode !== "public" && sendBundle(bundle, displayId, mode === "internal")) {
        mode = "internal";
        return;
      }
      if (mode === "internal") throw new Error(`${fn}: tslab's display writer stopped working`);
      mode = "public";
      publicHandle ??= t.newDisplay();
      const handle = publicHandle;
      viaPublic(fn, () => handle.html(html));
    },
    close(): void {
      closed = true;
    },
  };
}

/** A copy of `figure` with `status` as a line of text above the plot area. */
function withStatus(figure: Figure, status: string): Figure {
  const layout = { ...(figure.layout ?? {}) };
  const annotations = Array.isArray(layout.annotations) ? [...layout.annotations] : [];
  annotations.push({
    text: status,
    xref: "paper",
    yref: "paper",
    x: 0,
    y: 1,
    xanchor: "left",
    yanchor: "bottom",
    yshift: 4,
    showarrow: false,
    font: { size: 12, color: "#444" },
  });
  layout.annotations = annotations;
  return { ...figure, layout };
}
