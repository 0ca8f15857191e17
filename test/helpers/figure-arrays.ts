/**
 * "No array stored twice within a figure": walks a figure's JSON and reports
 * every numeric array (or plotly typed array) of at least `minLength` entries
 * that occurs more than once in it, with the paths where it occurs. A 2-D
 * array (z, rows of numbers) counts as one array. Also: the figures inside a
 * notebook's outputs, read back from their HTML.
 */

/** A repeated array: its length and the JSON paths of its copies. */
export interface Repeat {
  length: number;
  paths: string[];
}

const isNumberish = (x: unknown) => x === null || typeof x === "number";

/** Every numeric array of `minLength` entries or more that `value` holds more than once. */
export function repeatedArrays(value: unknown, minLength = 10): Repeat[] {
  const seen = new Map<string, Repeat>();
  const note = (key: string, length: number, path: string) => {
    const r = seen.get(key) ?? { length, paths: [] };
    r.paths.push(path);
    seen.set(key, r);
  };
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      if (v.length >= minLength && v.every(isNumberish)) return note(JSON.stringify(v), v.length, path);
      const rows = v.length > 0 && v.every((row) => Array.isArray(row) && row.every(isNumberish));
      const cells = rows ? (v as unknown[][]).reduce((n, row) => n + row.length, 0) : 0;
      if (rows && cells >= minLength) return note(JSON.stringify(v), cells, path);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
      return;
    }
    if (typeof v === "object" && v !== null) {
      const spec = v as { bdata?: unknown; dtype?: unknown };
      if (typeof spec.bdata === "string" && typeof spec.dtype === "string") {
        const bytes = Buffer.from(spec.bdata, "base64").length;
        if (bytes >= minLength) note(`${spec.dtype}:${spec.bdata}`, bytes, path);
        return;
      }
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    }
  };
  walk(value, "figure");
  return [...seen.values()].filter((r) => r.paths.length > 1);
}

/** A one-line description of the repeats, for assertion messages. */
export function describeRepeats(repeats: readonly Repeat[]): string {
  return repeats.map((r) => `${r.length} values at ${r.paths.join(", ")}`).join("; ");
}

/** The figures (`{data, layout, config, frames}`) drawn by a notebook's or a page's dropout-lab figure scripts. */
export function figuresInHtml(html: string): unknown[] {
  const figures: unknown[] = [];
  for (const m of html.matchAll(/\n  var fig = (\{[\s\S]*?\});\n  var tries = 0;/g)) figures.push(JSON.parse(m[1]));
  return figures;
}
