/**
 * The notebook kernel's own display API, one interface for tslab and Deno:
 * `kernelSend(fn, bundle, displayId?, update?)` shows a MIME bundle as a new
 * output, or replaces the output shown with `displayId`. Deno's kernel is
 * recognised by `Deno.jupyter`; anything else is tried as tslab. Outside a
 * notebook cell it throws an error naming `fn` and pointing to writeFigureHtml.
 */
import type { MimeBundle } from "../jupyter-display";
import { denoDisplaysSent, denoJupyter, denoSend } from "./kernel-deno";
import { NoTslabKernel, tslabRunning, tslabSend } from "./kernel-tslab";

export type KernelName = "tslab" | "deno";

function notInKernel(fn: string, why: string): Error {
  return new Error(
    `${fn} needs a Jupyter notebook kernel, tslab's or Deno's (${why}). ` +
      `Outside a notebook, write the figure to a file with writeFigureHtml(figure, "figure.html") and open it in a browser.`,
  );
}

/** Which notebook kernel runs this code: "deno", "tslab", or undefined outside a notebook cell. */
export function kernelName(): KernelName | undefined {
  if (denoJupyter() !== undefined) return "deno";
  return tslabRunning() ? "tslab" : undefined;
}

/** Shows `bundle` (a new output, or the new state of output `displayId` when `update`), in whichever kernel runs. */
export function kernelSend(fn: string, bundle: MimeBundle, displayId?: string, update = false): void {
  const deno = denoJupyter();
  if (deno !== undefined) return denoSend(deno, bundle, displayId, update);
  try {
    tslabSend(bundle, displayId, update);
  } catch (e) {
    if (e instanceof NoTslabKernel) throw notInKernel(fn, e.why);
    throw new Error(`${fn}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Resolves once every display so far has been handed to the kernel. tslab sends at once;
 * under Deno, `await displaysSent()` keeps later console.log text after the outputs shown before it.
 */
export function displaysSent(): Promise<void> {
  return denoDisplaysSent();
}
