/**
 * Figures as HTML: a `<div>` and an inline script that draws it with plotly.js,
 * the plotly.js bundle itself from the npm package (no network), and
 * standalone HTML files.
 *
 * Safety: the figure goes into the script as JSON with `<`, `>`, `&`, U+2028 and
 * U+2029 written as \uXXXX, so no string in it (a title, a trace name, a column
 * name) can close the script block; text outside the script is HTML-escaped.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { plotlyScriptTag } from "./bundle";
import { describeValue, type Figure } from "./figures";

// The bundle's helpers, here too for the modules that import them from this file.
export { escapeInlineScript, PLOTLY_PACKAGE, plotlyBundle, plotlyScriptTag } from "./bundle";

export interface FigureHtmlOptions {
  /** The div's id; a random one by default. */
  divId?: string;
  /** Put the plotly.js bundle (about 1.5 MB) before the figure. Default false. */
  includePlotlyJs?: boolean;
  /** CSS width of the div, a number of pixels or a CSS length; "100%" by default. */
  width?: number | string;
  /** CSS height of the div; the layout's height or 450 px by default. */
  height?: number | string;
}

/** `&`, `<`, `>`, `"` and `'` as HTML entities. */
export function escapeHtml(s: string): string {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON that is safe inside an HTML `<script>` block: every `<`, `>`, `&`,
 * U+2028 and U+2029 is written as a \uXXXX escape (valid JSON and JS).
 */
export function scriptSafeJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`scriptSafeJson: value is not JSON-serialisable, got ${describeValue(value)}`);
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Throws a TypeError naming `name` unless `figure` looks like `{data: [...], layout: {...}}`. */
export function checkFigure(fn: string, name: string, figure: unknown): asserts figure is Figure {
  if (typeof figure !== "object" || figure === null || Array.isArray(figure)) {
    throw new TypeError(`${fn}: ${name} must be a plotly figure {data: [...], layout: {...}}, got ${describeValue(figure)}`);
  }
  const f = figure as Partial<Figure>;
  if (!Array.isArray(f.data)) throw new TypeError(`${fn}: ${name}.data must be an array of traces, got ${describeValue(f.data)}`);
  f.data.forEach((t, k) => {
    if (typeof t !== "object" || t === null) throw new TypeError(`${fn}: ${name}.data[${k}] must be a trace object, got ${describeValue(t)}`);
  });
  if (f.layout !== undefined && (typeof f.layout !== "object" || f.layout === null || Array.isArray(f.layout))) {
    throw new TypeError(`${fn}: ${name}.layout must be an object, got ${describeValue(f.layout)}`);
  }
}

/**
 * A `<div>` and an inline `<script>` that draws `figure` with `Plotly.newPlot`.
 * The script waits for `window.Plotly` and for its div, so the bundle may be
 * loaded later or in another output cell. After about 10 s it writes a
 * notice into the div and keeps waiting, for up to about 20 minutes.
 */
export function figureToHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  checkFigure("figureToHtml", "figure", figure);
  const id = options.divId ?? `dropout-lab-${randomBytes(6).toString("hex")}`;
  if (typeof id !== "string" || id === "") throw new TypeError(`figureToHtml: options.divId must be a non-empty string, got ${describeValue(id)}`);
  const layoutHeight = (figure.layout ?? {}).height;
  const width = cssLength("width", options.width ?? "100%");
  const height = cssLength("height", options.height ?? (typeof layoutHeight === "number" ? layoutHeight : 450));
  const payload = {
    data: figure.data,
    layout: figure.layout ?? {},
    config: { responsive: true, displaylogo: false, ...(figure.config ?? {}) },
    frames: figure.frames ?? [],
  };
  const script = `(function () {
  var id = ${scriptSafeJson(id)};
  var fig = ${scriptSafeJson(payload)};
  var tries = 0;
  function draw() {
    var el = document.getElementById(id);
    if (el && window.Plotly && typeof window.Plotly.newPlot === "function") {
      el.textContent = "";
      window.Plotly.newPlot(el, fig);
      return;
    }
    tries += 1;
    if ((!el && tries > 200) || tries > 2400) return;
    if (tries === 200 && el) {
      el.textContent = "Waiting for plotly.js. If this stays, the output that loads it is missing: run embedPlotly() or showFigure(fig, {includePlotlyJs: true}).";
    }
    setTimeout(draw, tries < 200 ? 50 : 500);
  }
  draw();
})();`;
  const div = `<div id="${escapeHtml(id)}" class="dropout-lab-figure" style="width:${width};height:${height};"></div>`;
  return `${options.includePlotlyJs ? plotlyScriptTag() + "\n" : ""}${div}\n<script type="text/javascript">\n${script}\n</script>`;
}

function cssLength(name: string, v: number | string): string {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return `${v}px`;
  if (typeof v === "string" && /^\d+(\.\d+)?(px|%|em|rem|vh|vw)$/.test(v)) return v;
  throw new TypeError(`figureToHtml: options.${name} must be a positive number of pixels or a CSS length like "100%", got ${describeValue(v)}`);
}

/**
 * Writes a standalone HTML page with the plotly.js bundle inlined, so it opens
 * offline. The page title is `options.title`, else the figure's title.
 */
export function writeFigureHtml(figure: Figure, path: string, options: { title?: string } = {}): void {
  checkFigure("writeFigureHtml", "figure", figure);
  if (typeof path !== "string" || path === "") throw new TypeError(`writeFigureHtml: path must be a file path, got ${describeValue(path)}`);
  const title = options.title ?? layoutTitle(figure) ?? "dropout-lab figure";
  const page = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
</head>
<body>
${plotlyScriptTag()}
${figureToHtml(figure, { divId: "figure" })}
</body>
</html>
`;
  writeFileSync(path, page);
}

function layoutTitle(figure: Figure): string | undefined {
  const t = (figure.layout ?? {}).title;
  if (typeof t === "string") return t;
  if (typeof t === "object" && t !== null && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return undefined;
}

/** A danfojs DataFrame or Series, by shape: what `tableToHtml` reads from it. */
export interface FrameLike {
  columns: readonly (string | number)[];
  /** A DataFrame's rows (2-D), or a Series' values (1-D). */
  values: readonly unknown[];
  index?: readonly unknown[];
}

export interface TableOptions {
  /** Rows shown; the rest are counted in a footer line. 50 by default. */
  maxRows?: number;
  /** Significant digits of non-integer numbers; 6 by default. */
  digits?: number;
  caption?: string;
}

/**
 * An HTML table from a danfojs DataFrame or Series (read through `columns`,
 * `values` and `index`; danfojs is never imported here) or from an array of
 * row objects (columns in order of first appearance). Every header and cell is
 * HTML-escaped. A non-default index is shown as the first column.
 */
export function tableToHtml(table: FrameLike | readonly Record<string, unknown>[], options: TableOptions = {}): string {
  const fn = "tableToHtml";
  const maxRows = options.maxRows ?? 50;
  const digits = options.digits ?? 6;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`${fn}: options.maxRows must be an integer >= 1, got ${describeValue(maxRows)}`);
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new RangeError(`${fn}: options.digits must be an integer in [1, 17], got ${describeValue(digits)}`);
  const { columns, rows, index } = tableData(fn, table);

  const cell = (v: unknown): string => {
    if (typeof v === "number") return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(Number(v.toPrecision(digits)));
    if (v === null || v === undefined) return "";
    if (typeof v === "object") return escapeHtml(JSON.stringify(v) ?? String(v));
    return escapeHtml(String(v));
  };
  const head = (index ? "<th></th>" : "") + columns.map((c) => `<th>${escapeHtml(String(c))}</th>`).join("");
  const shown = rows.slice(0, maxRows);
  const body = shown
    .map((r, i) => `<tr>${index ? `<th>${cell(index[i])}</th>` : ""}${r.map((v) => `<td>${cell(v)}</td>`).join("")}</tr>`)
    .join("\n");
  const more = rows.length > shown.length ? `\n<p>… ${rows.length - shown.length} more rows (${rows.length} in all)</p>` : "";
  const caption = options.caption !== undefined ? `<caption>${escapeHtml(String(options.caption))}</caption>\n` : "";
  return `<table class="dataframe">\n${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${more}`;
}

function tableData(
  fn: string,
  table: FrameLike | readonly Record<string, unknown>[],
): { columns: string[]; rows: unknown[][]; index?: readonly unknown[] } {
  if (Array.isArray(table)) {
    const columns: string[] = [];
    const seen = new Set<string>();
    table.forEach((r, k) => {
      if (typeof r !== "object" || r === null || Array.isArray(r)) throw new TypeError(`${fn}: table[${k}] must be a row object, got ${describeValue(r)}`);
      for (const c of Object.keys(r)) if (!seen.has(c)) (seen.add(c), columns.push(c));
    });
    return { columns, rows: table.map((r: Record<string, unknown>) => columns.map((c) => r[c])) };
  }
  const f = table as FrameLike;
  if (typeof f !== "object" || f === null || !Array.isArray(f.columns) || !Array.isArray(f.values)) {
    throw new TypeError(`${fn}: table must be a danfojs DataFrame or Series, or an array of row objects, got ${describeValue(table)}`);
  }
  const columns = f.columns.map(String);
  const twoD = f.values.every((r) => Array.isArray(r));
  const rows = twoD && f.values.length > 0 ? (f.values as unknown[][]).map((r) => [...r]) : f.values.map((v) => [v]);
  if (!twoD && columns.length !== 1) columns.splice(0, columns.length, "value");
  const index = Array.isArray(f.index) && f.index.length === rows.length && !f.index.every((v, i) => v === i) ? f.index : undefined;
  return { columns, rows, index };
}
