/**
 * Choosing a backend, once. Every caller (model, forward/backward, gradient
 * checks, the course API, decision-boundary grids, sweeps) gets the default
 * backend unless it asks for another: WebAssembly SIMD where it is available,
 * else JavaScript. DROPOUT_LAB_WASM=0 makes JavaScript the default.
 */
import { jsBackend, jsKernels } from "./js";
import { wasmBackend } from "./wasm";
import type { Backend, BackendName, Kernels } from "./backend";

export type { Backend, BackendName, Kernels } from "./backend";
export { jsBackend } from "./js";

let wasm: Backend | null | undefined;
let fallback: Backend | undefined;

function wasmOrNull(): Backend | null {
  if (wasm === undefined) wasm = wasmBackend();
  return wasm;
}

/** The backend called `name`, or the default one. */
export function backendFor(name?: BackendName): Backend {
  if (name === undefined) {
    fallback ??= (process.env.DROPOUT_LAB_WASM !== "0" && wasmOrNull()) || jsBackend;
    return fallback;
  }
  if (name === "js") return jsBackend;
  if (name === "wasm") {
    const b = wasmOrNull();
    if (b === null) throw new Error('backend: "wasm" was asked for, but WebAssembly SIMD is not available in this runtime; use "js"');
    return b;
  }
  throw new RangeError(`backend must be "js" or "wasm", got ${JSON.stringify(name)}`);
}

/** Whether the default backend is WebAssembly. */
export function wasmAvailable(): boolean {
  return backendFor().name === "wasm";
}

/**
 * Kernels of `backend` with room for `doubles` values. When a WebAssembly
 * memory cannot hold them (over 4 GiB, or the runtime refuses the memory),
 * the JavaScript kernels take over: same results, ordinary arrays.
 */
export function kernelsWithRoom(backend: Backend, doubles: number): Kernels {
  if (doubles > backend.capacity) return jsKernels;
  try {
    return backend.kernels(doubles);
  } catch (error) {
    if (error instanceof RangeError) return jsKernels; // WebAssembly.Memory could not be allocated
    throw error;
  }
}
