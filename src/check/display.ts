/**
 * Showing a check's report: as HTML when a tslab notebook cell is running,
 * as text on the console elsewhere. Never throws.
 */
import { showHtml } from "../plot/display";
import { htmlFor, type CheckResult } from "./report";

export type DisplayMode = "auto" | "html" | "text" | "none";

export interface CheckOptions {
  /** "auto" (default): HTML in a notebook, text on the console elsewhere; "none": only return the result. */
  display?: DisplayMode;
}

export function show(result: CheckResult, mode: DisplayMode = "auto"): void {
  if (mode === "none") return;
  if (mode !== "text") {
    try {
      showHtml(htmlFor(result));
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
