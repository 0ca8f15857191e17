/**
 * Matrices printed the way numpy prints arrays, so that `console.log(A3)` and
 * a notebook cell ending in `A3` show the numbers the course prints:
 *
 *   Matrix (1, 5)
 *   [[0.36974721 0.00305176 0.04565099 0.49683389 0.36974721]]
 *
 * numpy's defaults are followed: 8 digits after the point at most, each value
 * with as many as it needs ("maxprec") and the column padded to the longest;
 * scientific notation when a value is ≥ 1e8, or the smallest non-zero
 * magnitude is < 1e-4, or the largest is over 1000 times the smallest; more
 * than 1000 entries are summarised to the first and last 3 rows and columns
 * with "..."; lines wrap at 75 characters.
 */
import type { MimeBundle } from "./jupyter-display";

/** What is printed: a matrix's shape and row-major values (the shape of ./matrix's Matrix, which imports this file). */
interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface FormatOptions {
  /** Digits after the point at most. Default 8 (numpy's precision). */
  precision?: number;
  /** Summarise above this many entries. Default 1000. */
  threshold?: number;
  /** Rows and columns kept at each end when summarising. Default 3. */
  edgeItems?: number;
  /** Wrap rows at this many characters. Default 75. */
  lineWidth?: number;
  /** Start with a "Matrix (rows, cols)" line. Default true. */
  header?: boolean;
}

/** The positions shown along one axis: all, or the ends with -1 marking "...". */
function shownIndices(n: number, summarise: boolean, edge: number): number[] {
  if (!summarise || n <= 2 * edge) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: edge }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => n - edge + i);
  return [...head, -1, ...tail];
}

function trimZeros(s: string): string {
  // "0.50000000" -> "0.5", "1.00000000" -> "1."
  return s.includes(".") ? s.replace(/0+$/, "") : s + ".";
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
}

/** A function that formats every shown value to one common width. */
function valueFormatter(values: number[], precision: number): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  const magnitudes = finite.map(Math.abs).filter((v) => v !== 0);
  let exponential = false;
  if (magnitudes.length > 0) {
    const max = Math.max(...magnitudes), min = Math.min(...magnitudes);
    exponential = max >= 1e8 || min < 1e-4 || max / min > 1e3;
  }
  let body: (x: number) => string;
  if (exponential) {
    // One mantissa precision for all: the most any value needs, at most `precision`.
    let digits = 0;
    for (const x of finite) {
      const mantissa = x.toExponential(precision).split("e")[0];
      const fraction = trimZeros(mantissa).split(".")[1] ?? "";
      digits = Math.max(digits, fraction.length);
    }
    body = (x) => {
      const [mantissa, exponent] = x.toExponential(digits).split("e");
      const sign = exponent[0] === "-" ? "-" : "+";
      const e = exponent.replace(/^[+-]/, "").padStart(2, "0");
      return `${digits === 0 ? mantissa + "." : mantissa}e${sign}${e}`;
    };
  } else {
    body = (x) => {
      const s = trimZeros(x.toFixed(precision));
      return Object.is(x, -0) && !s.startsWith("-") ? "-" + s : s;
    };
  }
  // Align on the point: pad the integer part left and the fraction right.
  const parts = finite.map((x) => {
    const s = body(x);
    const dot = s.indexOf(".");
    return { left: dot, right: s.length - dot - 1 };
  });
  const left = Math.max(0, ...parts.map((p) => p.left));
  const right = exponential ? 0 : Math.max(0, ...parts.map((p) => p.right));
  const width = Math.max(left + 1 + right, ...values.filter((x) => !Number.isFinite(x)).map((x) => nonFinite(x).length));
  return (x) => {
    if (!Number.isFinite(x)) return nonFinite(x).padStart(width);
    const s = body(x);
    const dot = s.indexOf(".");
    return (" ".repeat(left - dot) + s + " ".repeat(exponential ? 0 : right - (s.length - dot - 1))).padStart(width);
  };
}

/** numpy's str(a) for a 2-D array, optionally under a "Matrix (rows, cols)" line. */
export function formatMatrix(m: Matrix, options: FormatOptions = {}): string {
  const precision = options.precision ?? 8;
  const threshold = options.threshold ?? 1000;
  const edge = options.edgeItems ?? 3;
  const lineWidth = options.lineWidth ?? 75;
  const header = options.header ?? true;
  const title = `Matrix (${m.rows}, ${m.cols})`;
  if (m.rows === 0 || m.cols === 0) return header ? `${title}\n[]` : "[]";
  const summarise = m.rows * m.cols > threshold;
  const rows = shownIndices(m.rows, summarise, edge);
  const cols = shownIndices(m.cols, summarise, edge);
  const shown: number[] = [];
  for (const i of rows) if (i >= 0) for (const j of cols) if (j >= 0) shown.push(m.data[i * m.cols + j]);
  const fmt = valueFormatter(shown, precision);

  const lines: string[] = [];
  rows.forEach((i, r) => {
    const first = r === 0, last = r === rows.length - 1;
    if (i < 0) {
      lines.push(" ...");
      return;
    }
    const words = cols.map((j) => (j < 0 ? "..." : fmt(m.data[i * m.cols + j])));
    let line = first ? "[[" : " [";
    words.forEach((w, k) => {
      const end = k === words.length - 1 ? (last ? "]]" : "]") : "";
      const piece = (k === 0 ? "" : " ") + w;
      if (k > 0 && line.length + piece.length + end.length > lineWidth) {
        lines.push(line.trimEnd());
        line = "  " + w;
      } else {
        line += piece;
      }
      line += end;
    });
    lines.push(line);
  });
  const body = lines.join("\n");
  return header ? `${title}\n${body}` : body;
}

/** The key Node's util.inspect (console.log, the REPL, tslab's last-value output) looks for. */
export const inspectSymbol: unique symbol = Symbol.for("nodejs.util.inspect.custom") as never;

/** Installed (non-enumerable) on every matrix by matrix(). */
export function inspectMatrix(this: Matrix): string {
  return formatMatrix(this);
}

/**
 * Installed (non-enumerable) on every matrix by matrix(): a cell ending in a matrix shows
 * the numpy-like text in Deno too (as text/plain, and preformatted as text/html).
 */
export function matrixBundle(this: Matrix): MimeBundle {
  const text = formatMatrix(this);
  const html = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { "text/plain": text, "text/html": `<pre class="dropout-lab-matrix">${html}</pre>` };
}
