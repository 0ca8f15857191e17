/**
 * Showing a check's report: as HTML when a notebook cell is running (tslab's
 * kernel or Deno's), as text on the console elsewhere. Never throws.
 *
 * The result also renders as its report when it is a Deno cell's last value;
 * when the report was shown already, that value is only its first line, so a
 * cell ending in `check.…(fn)` shows the report once.
 */
import { displayAs } from "../jupyter-display";
import { showHtml } from "../plot/display";
import { htmlFor, type CheckResult } from "./report";

export type DisplayMode = "auto" | "html" | "text" | "none";

export interface CheckOptions {
  /** "auto" (default): HTML in a notebook, text on the console elsewhere; "none": only return the result. */
  display?: DisplayMode;
}

export function show(result: CheckResult, mode: DisplayMode = "auto"): void {
  let shownAsHtml = false;
  displayAs(result, () =>
    shownAsHtml ? { "text/plain": result.message.split("\n")[0] } : { "text/html": htmlFor(result), "text/plain": result.message },
  );
  if (mode === "none") return;
  if (mode !== "text") {
    try {
      showHtml(htmlFor(result));
      shownAsHtml = true;
      return;
    } catch {
      // not in a notebook (or the display failed): fall back to text
    }
  }
  try {
    console.log(result.message);
  } catch {
    // nowhere to print: the result is still returned
  }
}
