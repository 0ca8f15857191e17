/**
 * Rich values for Deno's Jupyter kernel: when a cell's last expression is an
 * object with a `[Symbol.for("Jupyter.display")]()` method, Deno renders the
 * MIME bundle that method returns (tslab ignores it and prints the value).
 *
 * `displayAs` installs that method without changing what the value is: it is
 * not enumerable, so comparisons, JSON and structured cloning see the same
 * plain data as before.
 */

/** One output in several forms: MIME type -> content ("text/plain", "text/html", …). */
export type MimeBundle = Record<string, unknown>;

/** The key Deno's Jupyter kernel looks for on a cell's value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** Makes `value` render as `bundle()` when it is a Deno notebook cell's last value; returns `value`. */
export function displayAs<T extends object>(value: T, bundle: (this: T) => MimeBundle): T {
  Object.defineProperty(value, JUPYTER_DISPLAY, { value: bundle, configurable: true });
  return value;
}
