/**
 * The WebAssembly backend: the SIMD kernels of ./kernels.wat (assembled into
 * ./module.ts), each instance with a fixed-size memory of its own and a bump
 * allocator handing out matrices whose `data` are Float64Array views into it.
 *
 * A memory never grows (growing would detach every view), so it is sized up
 * front, by the Workspace that asks for it.
 */
import type { Matrix } from "../matrix";
import type { Backend, Kernels } from "./backend";
import { KERNELS_WASM_BASE64 } from "./module";

/** The module's exports; pointers are byte offsets into the instance's memory. */
interface WasmExports {
  forward_layer(W: number, A: number, b: number, n: number, k: number, m: number, Z: number, Aout: number, flags: number, D: number, keepProb: number): void;
  weight_gradients(dZ: number, Aprev: number, n: number, k: number, m: number, dW: number, db: number): void;
  input_gradients(W: number, dZ: number, n: number, k: number, m: number, dA: number, D: number, keepProb: number, Zprev: number, dZprev: number, flags: number): void;
  fill_mask(D: number, count: number, keepProb: number, state: number): void;
  sigmoid(Z: number, A: number, count: number): void;
  /** e^x, bit for bit V8's Math.exp (for the tests). */
  exp(x: number): number;
}

// The few WebAssembly JS API types used here (this project's tsconfig has no DOM lib).
type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum?: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: WasmModule, imports: object) => { exports: object };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where WebAssembly SIMD is unavailable. */
function wasmModule(): WasmModule | null {
  if (compiled === undefined) {
    compiled = null;
    if (wasmApi !== undefined) {
      try {
        compiled = new wasmApi.Module(Buffer.from(KERNELS_WASM_BASE64, "base64"));
      } catch {
        compiled = null; // no SIMD support
      }
    }
  }
  return compiled;
}

const PAGE = 65536;
/** A 32-bit WebAssembly memory holds at most 65536 pages of 64 KiB: 4 GiB. */
const MAX_PAGES = 65536;
/** 8 int32 at the start of every memory, for passing a generator's state in and out. */
const SCRATCH_DOUBLES = 4;

/** The memories made by this backend, so that tests can tell where a matrix lives. */
const memories = new WeakSet<ArrayBufferLike>();

/** Forward-layer calls run by WebAssembly kernels so far (for tests: which backend a caller got). */
let forwardCalls = 0;

export function wasmForwardCalls(): number {
  return forwardCalls;
}

/** Whether `m` lives in the memory of a WebAssembly backend's kernels (for tests). */
export function inWasmMemory(m: Matrix): boolean {
  return memories.has(m.data.buffer);
}

class WasmKernels implements Kernels {
  readonly backend = "wasm";
  private readonly k: WasmExports;
  private readonly buffer: ArrayBuffer;
  private readonly scratch: Int32Array;
  private readonly capacity: number;
  private top = SCRATCH_DOUBLES;

  constructor(api: WasmApi, module: WasmModule, doubles: number) {
    this.capacity = doubles + SCRATCH_DOUBLES;
    const pages = Math.max(1, Math.ceil((this.capacity * 8) / PAGE));
    const memory = new api.Memory({ initial: pages, maximum: pages });
    this.k = new api.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
    this.buffer = memory.buffer;
    this.scratch = new Int32Array(this.buffer, 0, 8);
    memories.add(this.buffer);
  }

  alloc(rows: number, cols: number): Matrix {
    const length = rows * cols;
    if (this.top + length > this.capacity) {
      throw new Error(`WasmKernels.alloc: out of room for (${rows}, ${cols}): ${this.capacity - this.top} of ${this.capacity} values left`);
    }
    const data = new Float64Array(this.buffer, this.top * 8, length);
    this.top += length + (length % 2); // keep the next one 16-byte aligned
    return { rows, cols, data };
  }

  linearForward(W: Matrix, A: Matrix, b: Matrix, Z: Matrix, out: Matrix | null, relu: boolean, D: Matrix | null, keepProb: number): void {
    const flags = (out !== null ? 1 : 0) | (relu ? 2 : 0) | (D !== null ? 4 : 0);
    forwardCalls++;
    this.k.forward_layer(
      W.data.byteOffset, A.data.byteOffset, b.data.byteOffset, W.rows, W.cols, A.cols,
      Z.data.byteOffset, out === null ? 0 : out.data.byteOffset, flags, D === null ? 0 : D.data.byteOffset, keepProb,
    );
  }

  weightGradients(dZ: Matrix, Aprev: Matrix, dW: Matrix, db: Matrix): void {
    this.k.weight_gradients(dZ.data.byteOffset, Aprev.data.byteOffset, dZ.rows, Aprev.rows, dZ.cols, dW.data.byteOffset, db.data.byteOffset);
  }

  inputGradients(W: Matrix, dZ: Matrix, dA: Matrix, D: Matrix | null, keepProb: number, Zprev: Matrix | null, dZprev: Matrix | null): void {
    const relu = Zprev !== null && dZprev !== null;
    const flags = (D !== null ? 1 : 0) | (relu ? 2 : 0);
    this.k.input_gradients(
      W.data.byteOffset, dZ.data.byteOffset, W.rows, W.cols, dZ.cols, dA.data.byteOffset,
      D === null ? 0 : D.data.byteOffset, keepProb, relu ? Zprev.data.byteOffset : 0, relu ? dZprev.data.byteOffset : 0, flags,
    );
  }

  sigmoid(Z: Matrix, A: Matrix): void {
    this.k.sigmoid(Z.data.byteOffset, A.data.byteOffset, Z.data.length);
  }

  fillMask(D: Matrix, keepProb: number, state: Int32Array): void {
    const scratch = this.scratch;
    for (let i = 0; i < 4; i++) scratch[i] = state[i];
    this.k.fill_mask(D.data.byteOffset, D.data.length, keepProb, scratch.byteOffset);
    for (let i = 0; i < 4; i++) state[i] = scratch[i];
  }

  /** e^x as the kernels compute it (for the tests). */
  exp(x: number): number {
    return this.k.exp(x);
  }
}

/** The WebAssembly backend, or null where WebAssembly SIMD is unavailable. */
export function wasmBackend(): Backend | null {
  const module = wasmModule();
  if (module === null || wasmApi === undefined) return null;
  return {
    name: "wasm",
    capacity: (MAX_PAGES * PAGE) / 8 - SCRATCH_DOUBLES,
    kernels: (doubles) => new WasmKernels(wasmApi, module, doubles),
  };
}
