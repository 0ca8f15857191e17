/**
 * Displays in tslab's kernel, which sends each display synchronously.
 *
 * Where tslab's internal writer is reachable (tslab/dist/jupyter.js
 * `lastWriteDisplayData`, set while a cell executes) a display carries every
 * MIME type of its bundle; otherwise it falls back to tslab's public,
 * HTML-only display (`display.html`, and `newDisplay()` for outputs updated in
 * place). tslab is loaded lazily, so this module loads anywhere.
 */
import { dirname, join } from "node:path";
import type { MimeBundle } from "../jupyter-display";

/** The subset of tslab's public `Display` used here. */
interface TslabDisplay {
  html(s: string): void;
  text(s: string): void;
}

interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/** tslab's internal display writer (tslab/dist/jupyter.js `lastWriteDisplayData`). */
type DisplayWriter = (
  message: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

/** Thrown when no tslab kernel can show anything; `why` says what is missing. */
export class NoTslabKernel extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/**
 * The running kernel's internal module: a loaded tslab/dist/jupyter.js whose
 * `lastWriteDisplayData` is set (tslab sets it when a cell executes). This is
 * internal API: anything unexpected means "not available".
 */
function activeJupyter(): { path: string; write: DisplayWriter } | undefined {
  try {
    for (const [path, mod] of Object.entries(require.cache)) {
      if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(path)) continue;
      const write = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
      if (typeof write === "function") return { path, write: write as DisplayWriter };
    }
  } catch {
    // fall through: use the public API
  }
  return undefined;
}

/**
 * tslab's public module, required on first use: the running kernel's own copy
 * (found next to its loaded jupyter.js) when there is one, else `require("tslab")`.
 */
function publicModule(active: { path: string } | undefined): TslabModule {
  let mod: Partial<TslabModule> | undefined;
  try {
    mod = require(active ? join(dirname(active.path), "public.js") : "tslab") as Partial<TslabModule>;
  } catch {
    throw new NoTslabKernel("the tslab package could not be loaded");
  }
  if (typeof mod?.display?.html !== "function" || typeof mod.newDisplay !== "function") {
    throw new NoTslabKernel("the loaded tslab has no display API");
  }
  return mod as TslabModule;
}

/** Runs a call into tslab's public display, turning its errors into clear ones. */
function viaPublic(action: () => void): void {
  try {
    action();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/not ready/i.test(msg)) throw new NoTslabKernel("no notebook cell is executing in a tslab kernel");
    throw new Error(`tslab could not display the output: ${msg}`);
  }
}

/** Whether a tslab kernel is executing a cell in this process. */
export function tslabRunning(): boolean {
  return activeJupyter() !== undefined;
}

/** Public handles of outputs updated in place, by display id, for the HTML-only fallback. */
const handles = new Map<string, TslabDisplay>();

/** Sends through the internal writer; false (nothing sent) when that path is unavailable or fails. */
function sendInternal(write: DisplayWriter | undefined, bundle: MimeBundle, displayId: string | undefined, update: boolean): boolean {
  if (write === undefined) return false;
  try {
    write({ data: bundle, metadata: {}, transient: displayId === undefined ? {} : { display_id: displayId } }, update);
    return true;
  } catch {
    return false;
  }
}

/** The bundle as tslab's public API can send it: its HTML, else its text. */
function sendPublic(target: TslabDisplay, bundle: MimeBundle): void {
  const html = bundle["text/html"];
  viaPublic(() => (typeof html === "string" ? target.html(html) : target.text(String(bundle["text/plain"] ?? ""))));
}

/**
 * Shows `bundle` as a new output (`update` false) or replaces the output shown
 * with `displayId` (`update` true). Throws NoTslabKernel outside a tslab cell.
 */
export function tslabSend(bundle: MimeBundle, displayId: string | undefined, update: boolean): void {
  const active = activeJupyter();
  const tslab = publicModule(active);
  const fallback = displayId === undefined ? undefined : handles.get(displayId);
  if (fallback === undefined && sendInternal(active?.write, bundle, displayId, update)) return;
  if (update && fallback === undefined) {
    // The output was shown through the internal writer, which has stopped working.
    throw new Error("tslab's display writer stopped working");
  }
  if (displayId === undefined) return sendPublic(tslab.display, bundle);
  const handle = fallback ?? tslab.newDisplay();
  handles.set(displayId, handle);
  sendPublic(handle, bundle);
}
