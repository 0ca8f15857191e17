/**
 * The WebAssembly SIMD kernels (src/wasm/kernels.wat) and the memory they work in.
 *
 * WebAssembly code can only read its own linear memory, so a `WasmArena` owns
 * one WebAssembly.Memory and hands out matrices whose `data` are Float64Array
 * views into it. A Workspace allocates all its buffers from an arena; the
 * training loop also copies X and the parameters into it. When every array a
 * kernel touches lives in one arena, src/kernels.ts runs the WebAssembly
 * version; otherwise the JavaScript one. Both compute the same thing.
 *
 * An arena never grows (growing would detach every view), so it is sized up
 * front. Set DROPOUT_LAB_WASM=0 to turn the WebAssembly kernels off.
 */
import type { Matrix } from "./matrix";
import { KERNELS_WASM_BASE64 } from "./wasm/kernels-wasm";

/** The module's exports; pointers are byte offsets into the arena's memory. */
export interface WasmKernels {
  forward_layer(
    W: number, A: number, b: number, n: number, k: number, m: number,
    Z: number, Aout: number, flags: number, D: number, keepProb: number,
  ): void;
  weight_gradients(dZ: number, Aprev: number, n: number, k: number, m: number, dW: number, db: number): void;
  input_gradients(
    W: number, dZ: number, n: number, k: number, m: number, dA: number,
    D: number, keepProb: number, Zprev: number, dZprev: number, flags: number,
  ): void;
  fill_mask(D: number, count: number, keepProb: number, state: number): void;
  sigmoid(Z: number, A: number, count: number): void;
  /** e^x, bit for bit V8's Math.exp (for the tests). */
  exp(x: number): number;
}

// The few WebAssembly JS API types used here (this project's tsconfig has no DOM lib).
type WasmModule = object;
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable or turned off. */
function wasmModule(): WasmModule | null {
  if (compiled === undefined) {
    compiled = null;
    if (process.env.DROPOUT_LAB_WASM !== "0" && wasmApi !== undefined) {
      try {
        compiled = new wasmApi.Module(Buffer.from(KERNELS_WASM_BASE64, "base64"));
      } catch {
        compiled = null; // no SIMD support: the JavaScript kernels do the work
      }
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernels are in use. */
export function wasmAvailable(): boolean {
  return wasmModule() !== null;
}

const arenas = new WeakMap<ArrayBufferLike, WasmArena>();

/** A fixed-size WebAssembly memory with its own kernel instance and a bump allocator. */
export class WasmArena {
  readonly kernels: WasmKernels;
  readonly buffer: ArrayBuffer;
  /** 8 spare int32 at the start of the memory, for passing small state (a generator's) in and out. */
  readonly scratch: Int32Array;
  private top = 4; // after the scratch

  private constructor(api: WasmApi, module: WasmModule, readonly capacity: number) {
    const pages = Math.max(1, Math.ceil((capacity * 8) / 65536));
    const memory = new api.Memory({ initial: pages, maximum: pages });
    const instance = new api.Instance(module, { env: { memory } });
    this.kernels = instance.exports as unknown as WasmKernels;
    this.buffer = memory.buffer;
    this.scratch = new Int32Array(this.buffer, 0, 8);
    arenas.set(this.buffer, this);
  }

  /** An arena for `doubles` float64 values, or null without WebAssembly. */
  static create(doubles: number): WasmArena | null {
    const module = wasmModule();
    return module === null || wasmApi === undefined ? null : new WasmArena(wasmApi, module, doubles + 4);
  }

  /** A zeroed (rows, cols) matrix in this arena, 16-byte aligned. */
  alloc(rows: number, cols: number): Matrix {
    const length = rows * cols;
    if (this.top + length > this.capacity) {
      throw new Error(`WasmArena.alloc: out of room for (${rows}, ${cols}): ${this.capacity - this.top} of ${this.capacity} values left`);
    }
    const data = new Float64Array(this.buffer, this.top * 8, length);
    this.top += length + (length % 2); // keep the next one 16-byte aligned
    return { rows, cols, data };
  }

  /** Values needed for matrices of these sizes, with alignment padding. */
  static sizeFor(lengths: readonly number[]): number {
    let total = 0;
    for (const n of lengths) total += n + (n % 2);
    return total;
  }
}

/** The arena whose memory holds `a`, or null. */
export function arenaOf(a: Float64Array): WasmArena | null {
  return arenas.get(a.buffer) ?? null;
}

/**
 * The kernels of the arena holding all of these arrays (null entries are
 * ignored), or null when they are not all in one arena.
 *
 * Reading `.buffer` of a view into WebAssembly memory costs ~60 ns, and a
 * training iteration asks this 8 times with up to 6 arrays each, about the
 * same questions every time. So the last SLOTS positive answers are kept, and
 * a repeated question is answered by comparing references alone.
 */
export function kernelsFor(
  a: Float64Array, b: Float64Array, c: Float64Array | null, d: Float64Array | null,
  e: Float64Array | null = null, f: Float64Array | null = null,
): WasmKernels | null {
  for (let s = 0, o = 0; s < SLOTS; s++, o += 6) {
    if (seen[o] === a && seen[o + 1] === b && seen[o + 2] === c && seen[o + 3] === d && seen[o + 4] === e && seen[o + 5] === f) {
      return seenKernels[s];
    }
  }
  const buffer = a.buffer;
  const arena = arenas.get(buffer);
  if (
    arena === undefined ||
    b.buffer !== buffer ||
    (c !== null && c.buffer !== buffer) ||
    (d !== null && d.buffer !== buffer) ||
    (e !== null && e.buffer !== buffer) ||
    (f !== null && f.buffer !== buffer)
  ) {
    return null;
  }
  const o = nextSlot * 6;
  seen[o] = a; seen[o + 1] = b; seen[o + 2] = c; seen[o + 3] = d; seen[o + 4] = e; seen[o + 5] = f;
  seenKernels[nextSlot] = arena.kernels;
  nextSlot = (nextSlot + 1) % SLOTS;
  return arena.kernels;
}

/** Remembered argument lists of kernelsFor (6 references per slot) and their answers. */
const SLOTS = 16;
const seen: (Float64Array | null | undefined)[] = new Array(SLOTS * 6).fill(undefined);
const seenKernels: WasmKernels[] = new Array(SLOTS);
let nextSlot = 0;
