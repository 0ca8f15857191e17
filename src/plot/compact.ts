/**
 * Compact figure data: coordinates rounded where the rounding cannot show.
 *
 * A chart is at most a few thousand pixels wide, so a coordinate rounded to a
 * step of 1e-5 of the data's extent moves by well under a hundredth of a pixel.
 * The step is a power of ten, so the JSON holds short decimals ("0.12346"),
 * not 17-digit doubles.
 */

/** Rounds `values` to a power-of-ten step no larger than 1e-5 of their extent (non-finite values become null). */
export function roundToExtent(values: ArrayLike<number>): (number | null)[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const extent = hi - lo > 0 ? hi - lo : Math.max(Math.abs(hi), Math.abs(lo), 1);
  const decimals = Math.max(0, Math.min(15, Math.ceil(5 - Math.log10(extent))));
  return Array.from(values, (v) => (Number.isFinite(v) ? roundDecimals(v, decimals) : null));
}

/** `v` rounded to `decimals` places after the point (0 to 15). */
export function roundDecimals(v: number, decimals: number): number {
  return Number(v.toFixed(decimals));
}

/** `v` rounded to `digits` significant digits (1 to 17): for log axes, where relative error is what shows. */
export function roundSignificant(v: number, digits = 6): number {
  return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(digits)) : v;
}

/** plotly.js's typed-array form of an array: base64 bytes, their dtype and the shape ("rows,cols"). */
export interface TypedArraySpec {
  dtype: "i1" | "u1";
  bdata: string;
  shape: string;
}

/**
 * A rows × cols grid of small integers (0/1 labels, masks) as plotly's typed
 * array (`dtype: "i1"`): one byte per value, base64 in the figure, where a JSON
 * array takes two or more characters per value, and a notebook's pretty-printed
 * JSON about fifteen. `value(r, c)` gives the entry at row r, column c.
 */
export function int8Grid(rows: number, cols: number, value: (r: number, c: number) => number): TypedArraySpec {
  return byteGrid("int8Grid", "i1", rows, cols, value);
}

/** Like `int8Grid`, for integers in [0, 255] (`dtype: "u1"`). */
export function uint8Grid(rows: number, cols: number, value: (r: number, c: number) => number): TypedArraySpec {
  return byteGrid("uint8Grid", "u1", rows, cols, value);
}

function byteGrid(fn: string, dtype: "i1" | "u1", rows: number, cols: number, value: (r: number, c: number) => number): TypedArraySpec {
  const bytes = dtype === "i1" ? new Int8Array(rows * cols) : new Uint8Array(rows * cols);
  const [lo, hi] = dtype === "i1" ? [-128, 127] : [0, 255];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = value(r, c);
      if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${fn}: value at (${r}, ${c}) must be an integer in [${lo}, ${hi}], got ${String(v)}`);
      bytes[r * cols + c] = v;
    }
  }
  return { dtype, bdata: Buffer.from(bytes.buffer).toString("base64"), shape: `${rows},${cols}` };
}

/** The rows of a typed-array grid (the inverse of `int8Grid`, for tests and readers of figures). */
export function decodeGrid(spec: TypedArraySpec): number[][] {
  const [rows, cols] = spec.shape.split(",").map(Number);
  const buf = Buffer.from(spec.bdata, "base64");
  const bytes = spec.dtype === "i1" ? new Int8Array(buf.buffer, buf.byteOffset, buf.length) : new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  return Array.from({ length: rows }, (_, r) => Array.from(bytes.subarray(r * cols, (r + 1) * cols)));
}
