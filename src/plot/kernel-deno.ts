/**
 * Displays in Deno's Jupyter kernel (`deno jupyter`), through
 * `Deno.jupyter.display(bundle, { raw: true, display_id, update })`.
 *
 * Deno's display is asynchronous: its promise must settle before the next
 * display starts, and nothing is sent until the cell's synchronous code
 * yields to the event loop (a synchronous training loop's live chart goes out
 * when the loop ends; an `await` lets it out at once). So displays wait in one
 * queue, in order, and an update whose output still waits to be sent replaces
 * what waits (only the newest state of an output matters): a live chart
 * updated 30 times inside a synchronous loop costs one message, not 30.
 * Under Deno, text printed with console.log is sent at once, so it can come
 * before the displays queued ahead of it. Sending starts from a microtask (see
 * denoSend).
 */
import type { MimeBundle } from "../jupyter-display";

interface DenoDisplayOptions {
  raw?: boolean;
  update?: boolean;
  display_id?: string;
}

interface DenoJupyter {
  display(value: unknown, options?: DenoDisplayOptions): Promise<void>;
}

/** `Deno.jupyter` when this code runs in Deno's Jupyter kernel, else undefined (elsewhere Deno's getter throws). */
export function denoJupyter(): DenoJupyter | undefined {
  try {
    const deno = (globalThis as { Deno?: { jupyter?: Partial<DenoJupyter> } }).Deno;
    const jupyter = deno?.jupyter;
    return typeof jupyter?.display === "function" ? (jupyter as DenoJupyter) : undefined;
  } catch {
    return undefined;
  }
}

interface Waiting {
  bundle: MimeBundle;
  displayId: string | undefined;
  update: boolean;
}

const waiting: Waiting[] = [];
let sending: Promise<void> | undefined;

/** Queues `bundle` as a new output, or as the new state of the output `displayId` (`update`). */
export function denoSend(jupyter: DenoJupyter, bundle: MimeBundle, displayId: string | undefined, update: boolean): void {
  if (update && displayId !== undefined) {
    // The output (or an update of it) has not gone out yet: it goes out with this state instead.
    const queued = waiting.find((w) => w.displayId === displayId);
    if (queued !== undefined) {
      queued.bundle = bundle;
      return;
    }
  }
  waiting.push({ bundle, displayId, update });
  // Start from a microtask, never inside the caller's synchronous code: a large display
  // started synchronously while a cell is being evaluated makes Deno 2.9 fail the cell
  // ("Execution failed", the inspector's "Promise was collected"); deferred, it does not.
  sending ??= Promise.resolve().then(() => pump(jupyter));
}

async function pump(jupyter: DenoJupyter): Promise<void> {
  try {
    for (let next = waiting.shift(); next !== undefined; next = waiting.shift()) {
      const options: DenoDisplayOptions = { raw: true };
      if (next.displayId !== undefined) options.display_id = next.displayId;
      if (next.update) options.update = true;
      try {
        await jupyter.display(next.bundle, options);
      } catch (e) {
        // Nobody awaits this: say it where the notebook shows it (and the headless runner flags it).
        console.error(`DisplayError: dropout-lab could not send an output to the Deno kernel: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } finally {
    sending = undefined;
  }
}

/** Resolves once every queued display has been handed to the kernel. */
export async function denoDisplaysSent(): Promise<void> {
  while (sending !== undefined) await sending;
}
