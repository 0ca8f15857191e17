/**
 * Each array once per figure: small multiples draw the same points in every
 * panel, mask pictures show the same mask several times, curves share their
 * iterations. JSON has no references, so a figure that repeats an array
 * stores it again each time. Plotly's templates give the reference:
 * `layout.template.data[type][i]` supplies the attributes a trace leaves out,
 * for the i-th trace of that type, cycling (trace k of the type gets template
 * item k mod n). So an array repeated at a regular step among the traces of
 * one type moves into the template once, and the traces that repeated it
 * leave it out. Every plotly.js that draws these figures (the embedded bundle,
 * JupyterLab's and VS Code's renderers) applies templates the same way.
 */
import type { Figure, PlotlyTrace } from "./figures";

/** Arrays whose JSON is shorter than this stay where they are: sharing them saves nothing worth a template. */
const MIN_JSON = 48;
/** The longest cycle tried (a panel's traces of one type: the two classes of points, say). */
const MAX_PERIOD = 6;

const isValue = (x: unknown) => x === null || typeof x === "number" || typeof x === "string";

/**
 * A data array as plotly takes it: numbers, strings or nulls, rows of numbers,
 * or a typed array `{ dtype, bdata, shape? }`. Not a colour scale or other
 * attribute that happens to be a list of lists.
 */
function isDataArray(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(isValue) || v.every((row) => Array.isArray(row) && row.every((x) => x === null || typeof x === "number"));
  return typeof v === "object" && v !== null && typeof (v as { bdata?: unknown }).bdata === "string" && typeof (v as { dtype?: unknown }).dtype === "string";
}

interface Plan {
  period: number;
  /** items[r][attribute] = the JSON of the array that residue r shares. */
  items: Map<string, string>[];
  saved: number;
}

/** The best cycle for the traces of one type: the period that saves the most characters. */
function plan(traces: PlotlyTrace[]): Plan | undefined {
  let best: Plan | undefined;
  for (let period = 1; period <= Math.min(MAX_PERIOD, Math.floor(traces.length / 2)); period++) {
    const items: Map<string, string>[] = [];
    let saved = 0;
    for (let r = 0; r < period; r++) {
      const group = traces.filter((_, k) => k % period === r);
      const item = new Map<string, string>();
      // Only attributes that every trace of the group sets: a trace without one would pick up the shared array.
      const attributes = Object.keys(group[0]).filter((a) => a !== "type" && group.every((t) => isDataArray(t[a])));
      for (const a of attributes) {
        const counts = new Map<string, number>();
        for (const t of group) {
          const json = JSON.stringify(t[a]);
          counts.set(json, (counts.get(json) ?? 0) + 1);
        }
        let top: [string, number] | undefined;
        for (const entry of counts) if (top === undefined || entry[1] > top[1]) top = entry;
        if (top !== undefined && top[1] >= 2 && top[0].length >= MIN_JSON) {
          item.set(a, top[0]);
          saved += (top[1] - 1) * top[0].length;
        }
      }
      items.push(item);
    }
    if (saved > 0 && (best === undefined || saved > best.saved)) best = { period, items, saved };
  }
  return best;
}

/**
 * `figure` with every array that its traces of one type repeat at a regular
 * step stored once, in `layout.template.data` (see the module comment). The
 * drawing is the same. Types that already have template items are left as
 * they are. Returns a new figure; the input is not changed.
 */
export function shareRepeatedArrays(figure: Figure): Figure {
  const layout = { ...figure.layout };
  const template = { ...((layout.template as Record<string, unknown> | undefined) ?? {}) };
  const templateData = { ...((template.data as Record<string, unknown[]> | undefined) ?? {}) };
  const data = figure.data.map((t) => ({ ...t }));
  let changed = false;
  for (const type of new Set(data.map((t) => t.type))) {
    if (templateData[type] !== undefined) continue;
    const traces = data.filter((t) => t.type === type);
    const p = plan(traces);
    if (p === undefined) continue;
    traces.forEach((t, k) => {
      for (const [a, json] of p.items[k % p.period]) if (JSON.stringify(t[a]) === json) delete t[a];
    });
    templateData[type] = p.items.map((item) => Object.fromEntries([...item].map(([a, json]) => [a, JSON.parse(json)])));
    changed = true;
  }
  if (!changed) return figure;
  template.data = templateData;
  layout.template = template;
  return { ...figure, data, layout };
}

/**
 * Trace `index` of `figure` as plotly sees it: its own attributes over those
 * its template item supplies (top-level attributes only, which is all that
 * `shareRepeatedArrays` moves). For tests and readers of figures.
 */
export function withTemplate(figure: Figure, index: number): PlotlyTrace {
  const trace = figure.data[index];
  const items = ((figure.layout.template as { data?: Record<string, Record<string, unknown>[]> } | undefined)?.data ?? {})[trace.type];
  if (!Array.isArray(items) || items.length === 0) return trace;
  const k = figure.data.slice(0, index).filter((t) => t.type === trace.type).length;
  return { ...items[k % items.length], ...trace } as PlotlyTrace;
}
