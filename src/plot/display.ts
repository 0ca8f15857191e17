/**
 * Showing figures and tables in a notebook, tslab's kernel or Deno's, with no
 * network access. Each call goes through the running kernel's own display API
 * (./kernel): tslab sends at once; Deno queues, in order (see ./kernel-deno).
 *
 * plotly.js is embedded once per kernel process: the first figure first emits
 * the bundle (from the npm package) as its own `text/html` output. Each figure
 * is then sent as `text/html` (a div and a script that waits for plotly.js),
 * which classic Notebook 6 (trusted) and nbconvert's HTML export render, and in
 * the same display as `application/vnd.plotly.v1+json`, which JupyterLab and VS
 * Code render natively (tslab's HTML-only fallback sends the HTML alone).
 *
 * `richFigure` makes a figure render the same way when it is a Deno cell's
 * last value (the package's builders return such figures).
 */
import { randomBytes } from "node:crypto";
import { displayAs, type MimeBundle } from "../jupyter-display";
import { decisionBoundaryFigure, type DecisionBoundaryOptions } from "./boundary";
import { describeValue, type Figure, type Points, type PredictFn } from "./figures";
import { checkFigure, figureToHtml, plotlyScriptTag, tableToHtml, type FrameLike, type TableOptions } from "./html";
import { kernelSend } from "./kernel";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** Shows raw HTML as one `text/html` output. */
export function showHtml(html: string): void {
  if (typeof html !== "string") throw new TypeError(`showHtml: html must be a string, got ${describeValue(html)}`);
  kernelSend("showHtml", { "text/html": html });
}

let plotlyEmbedded = false;

/** Emits the plotly.js bundle unless this kernel process has (errors name `fn`). */
function embed(fn: string, force: boolean): void {
  if (plotlyEmbedded && !force) return;
  kernelSend(fn, { "text/html": plotlyScriptTag() });
  plotlyEmbedded = true;
}

/**
 * Emits the plotly.js bundle as its own output, once per kernel process (or
 * again with `force`, e.g. after clearing the output that held it).
 */
export function embedPlotly(force = false): void {
  embed("embedPlotly", force);
}

export interface ShowFigureOptions {
  /** Emit the plotly.js bundle before this figure even if it was emitted before. */
  includePlotlyJs?: boolean;
  /** CSS width of the figure ("100%" by default). */
  width?: number | string;
  /** CSS height of the figure (the layout's height, else 450 px). */
  height?: number | string;
}

function figureBundle(figure: Figure, html: string): MimeBundle {
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
  embed("showFigure", options.includePlotlyJs === true);
  kernelSend("showFigure", figureBundle(figure, html));
}

/**
 * `figure`, made to render as a chart when it is a Deno notebook cell's last value (as
 * showFigure shows it; the plotly.js bundle goes in front of the first one, once per
 * kernel process). The figure's data is unchanged: the method is not enumerable.
 */
export function richFigure<F extends Figure>(figure: F): F {
  return displayAs(figure, function (this: F) {
    const html = figureToHtml(this);
    const bundle = figureBundle(this, plotlyEmbedded ? html : `${plotlyScriptTag()}\n${html}`);
    plotlyEmbedded = true;
    return bundle;
  });
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
 * saved notebook keeps. (Under Deno, updates made by synchronous code go out
 * when it yields: see ./kernel-deno.)
 */
export function liveFigure(options: Omit<ShowFigureOptions, "includePlotlyJs"> = {}): LiveFigure {
  const displayId = `dropout-lab-${randomBytes(8).toString("hex")}`;
  let shown = false;
  let closed = false;
  return {
    update(figure: Figure, statusText?: string): void {
      const fn = "liveFigure.update";
      if (closed) throw new Error(`${fn}: the live figure was closed`);
      checkFigure(fn, "figure", figure);
      if (statusText !== undefined && typeof statusText !== "string") {
        throw new TypeError(`${fn}: statusText must be a string, got ${describeValue(statusText)}`);
      }
      const drawn = statusText === undefined ? figure : withStatus(figure, statusText);
      const html = figureToHtml(drawn, { width: options.width, height: options.height });
      embed(fn, false);
      const bundle = figureBundle(drawn, html);
      if (statusText !== undefined) bundle["text/plain"] = `${bundle["text/plain"]}\n${statusText}`;
      kernelSend(fn, bundle, displayId, shown);
      shown = true;
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
