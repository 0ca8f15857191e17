/**
 * Readable axes: log-axis ticks at 1-2-5 with plain labels, and accuracy
 * ranges that show differences of a few percent.
 */

/** A tick label: plain decimals from 0.0001 to 99999 ("0.002", "50"), else "1e-5" style. */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0";
  const short = Number(v.toPrecision(3));
  if (a >= 1e-4 && a < 1e5) return String(short);
  const [mantissa, exponent] = short.toExponential().split("e");
  return `${mantissa}e${Number(exponent)}`;
}

/**
 * Ticks for a log axis covering [min, max] (both > 0): 1, 1.5, 2, 3, 5 and 7
 * times each power of ten when the range spans up to 1.3 decades, 1, 2 and 5
 * up to 3.2 decades,
 * else the powers of ten only (every k-th one when there are more than ten), labelled with
 * `tickLabel`. Plotly's own log ticks label the minor ticks with bare digits
 * ("7 6 5 4 3 2 0.1") and small values with SI prefixes ("100µ").
 */
export function logTicks(min: number, max: number): { tickvals: number[]; ticktext: string[] } {
  if (!(min > 0 && max >= min && Number.isFinite(max))) throw new RangeError(`logTicks: need 0 < min <= max, got ${min}, ${max}`);
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const decades = hi - lo;
  const span = Math.log10(max / min);
  const steps = span <= 1.3 ? [1, 1.5, 2, 3, 5, 7] : span <= 3.2 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / 10));
  const tickvals: number[] = [];
  for (let e = lo; e <= hi; e++) {
    if ((e - lo) % every !== 0) continue;
    for (const s of steps) {
      const v = Number((s * 10 ** e).toPrecision(12));
      // Keep one tick beyond each end when the range is narrow, so there are always some.
      if (v >= min / 2.5 && v <= max * 2.5) tickvals.push(v);
    }
  }
  const inside = tickvals.filter((v) => v >= min && v <= max);
  const vals = inside.length >= 2 ? inside : tickvals;
  return { tickvals: vals, ticktext: vals.map(tickLabel) };
}

/** Finite positive values of `values` as [min, max], or undefined when there are none. */
export function positiveExtent(values: Iterable<number | null | undefined>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v === "number" && Number.isFinite(v) && v > 0) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * An accuracy axis range around `values` (fractions): from a little below the
 * lowest to a little above the highest (room for labels), at least 4 points
 * of percentage wide, within [0, 1.02]. Starting at 0 would make 91.5 % and
 * 95 % look alike.
 */
export function accuracyRange(values: readonly number[], headroom = 0.01): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  const pad = Math.max(0.01, (hi - lo) * 0.15);
  lo -= pad;
  hi += pad + headroom;
  if (hi - lo < 0.04) {
    const mid = (lo + hi) / 2;
    lo = mid - 0.02;
    hi = mid + 0.02;
  }
  return [Math.max(0, Math.floor(lo * 200) / 200), Math.min(1.02, Math.ceil(hi * 200) / 200)];
}
