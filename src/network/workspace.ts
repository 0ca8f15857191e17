/**
 * A Workspace: every buffer one network needs for m examples, allocated once
 * from one backend's kernels, so that a training loop allocates nothing per
 * iteration and the WebAssembly kernels can read everything they touch.
 *
 * Inputs from outside (X, the parameters, fixed masks, caches) are copied into
 * the workspace's own slots by the `load…` functions; the training loop keeps
 * its parameters there and copies nothing.
 */
import { totalmem } from "node:os";
import { backendFor, kernelsWithRoom, type Backend, type BackendName, type Kernels } from "../kernels";
import type { Matrix } from "../matrix";
import { checkCount } from "../validate";
import { checkLayersDims, type Layer, type LayerGrads, type Network } from "./parameters";

/** What one layer's forward pass keeps for its backward pass. */
export interface LayerCache {
  /** The layer's input (n_{l−1}, m): X, or the previous layer's output after dropout. */
  Aprev: Matrix;
  /** W·Aprev + b, (n_l, m). */
  Z: Matrix;
  /** The layer's output (n_l, m): relu(Z) or sigmoid(Z), then dropout when applied. */
  A: Matrix;
  /** The 0/1 dropout mask applied to A, or null when the layer did not drop. */
  D: Matrix | null;
}

export interface Workspace {
  readonly kernels: Kernels;
  /** [n_0, …, n_L] */
  readonly dims: readonly number[];
  readonly m: number;
  /** (n_0, m): the input slot; caches[0].Aprev. */
  readonly X: Matrix;
  /** The parameter slots, one layer each. */
  readonly network: Network;
  /** A mask buffer per hidden layer (n_l, m), where fresh masks are drawn and fixed ones copied. */
  readonly masks: Matrix[];
  /** Per layer; each pass overwrites them. caches[l].Aprev is caches[l − 1].A. */
  readonly caches: LayerCache[];
  /** Per layer; each backward pass overwrites them. */
  readonly grads: LayerGrads[];
}

/**
 * The buffers for layer sizes `dims` and m examples, from `backend` (default:
 * the default backend). When WebAssembly memory cannot hold them, the
 * JavaScript kernels are used instead (`ws.kernels.backend` says which).
 */
export function createWorkspace(dims: readonly number[], m: number, backend?: Backend | BackendName): Workspace {
  checkLayersDims("createWorkspace", dims);
  checkCount("createWorkspace", "m", m);
  checkMemory("createWorkspace", dims, m);
  const doubles = workspaceDoubles(dims, m);
  const chosen = typeof backend === "object" ? backend : backendFor(backend);
  const k = kernelsWithRoom(chosen, doubles);
  try {
    return allocate(k, dims, m);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const gb = ((doubles * 8) / 1e9).toFixed(1);
    throw new RangeError(
      `createWorkspace: layer sizes [${dims}] over m = ${m} examples need ${gb} GB of buffers, more than this runtime could allocate (${error.message}); use fewer units or examples`,
    );
  }
}

function allocate(k: Kernels, dims: readonly number[], m: number): Workspace {
  const L = dims.length - 1;
  const X = k.alloc(dims[0], m);
  const ws: Workspace = { kernels: k, dims: [...dims], m, X, network: [], masks: [], caches: [], grads: [] };
  for (let l = 1; l <= L; l++) {
    const n = dims[l], nPrev = dims[l - 1];
    ws.network.push(parameterSlot(k.alloc(n, nPrev), k.alloc(n, 1)));
    ws.masks.push(k.alloc(n, m));
    ws.caches.push({ Aprev: l === 1 ? X : ws.caches[l - 2].A, Z: k.alloc(n, m), A: k.alloc(n, m), D: null });
    ws.grads.push({ dZ: k.alloc(n, m), dW: k.alloc(n, nPrev), db: k.alloc(n, 1), dA: l < L ? k.alloc(n, m) : null });
  }
  return ws;
}

/** The float64 values a workspace for these sizes holds (with alignment padding). */
function workspaceDoubles(dims: readonly number[], m: number): number {
  let doubles = dims[0] * m + 1;
  for (let l = 1; l < dims.length; l++) doubles += 6 * (dims[l] * m + 1) + 2 * (dims[l] * dims[l - 1] + 1) + 2 * (dims[l] + 1);
  return doubles;
}

/** The most memory one network's parameters and workspace may take: half of this machine's. */
const MEMORY_LIMIT_BYTES = totalmem() / 2;

/**
 * Throws, naming the sizes, the memory they need and the limit, when a network
 * of these sizes over m examples would need more than MEMORY_LIMIT_BYTES.
 */
export function checkMemory(fn: string, dims: readonly number[], m: number, name = "layer sizes"): void {
  let parameters = 0;
  for (let l = 1; l < dims.length; l++) parameters += dims[l] * (dims[l - 1] + 1);
  const bytes = 8 * (workspaceDoubles(dims, m) + 2 * parameters);
  if (bytes > MEMORY_LIMIT_BYTES) {
    const gb = (x: number) => (x / 1e9).toFixed(1);
    throw new RangeError(
      `${fn}: ${name} [${dims}] over m = ${m} examples need ${gb(bytes)} GB for parameters and buffers; the limit is ${gb(MEMORY_LIMIT_BYTES)} GB (half this machine's memory): use fewer units or examples`,
    );
  }
}

/**
 * A workspace for a one-off pass (forward or backward without a workspace of
 * the caller's): the last few are kept by backend, sizes and m and reused, so
 * that a loop of such calls (the course API, gradient checks, predictions)
 * makes no new memory each time. Callers copy their results out.
 */
export function scratchWorkspace(dims: readonly number[], m: number, backend?: BackendName): Workspace {
  const key = `${backend ?? "default"}:${dims.join(",")}:${m}`;
  let ws = scratch.get(key);
  if (ws === undefined) {
    ws = createWorkspace(dims, m, backend);
    if (scratch.size >= SCRATCH_SLOTS) scratch.delete(scratch.keys().next().value!);
  } else {
    scratch.delete(key); // re-inserted below: most recently used last
  }
  scratch.set(key, ws);
  return ws;
}
const SCRATCH_SLOTS = 4;
const scratch = new Map<string, Workspace>();

/**
 * A layer whose keepProb field V8 keeps "tagged" (a pointer to a boxed
 * number) rather than as a raw double, because its first value is not a
 * number. Reading a raw double field and passing it on boxes a new number on
 * every read, twice per hidden layer per iteration; reading a tagged one
 * passes the existing box. (The bench's allocation probe measures this.)
 */
function parameterSlot(W: Matrix, b: Matrix): Layer {
  const slot = { W, b, keepProb: null as unknown as number };
  slot.keepProb = 1;
  return slot;
}

/** Whether a workspace fits a network of these sizes and m examples. */
export function fits(ws: Workspace, dims: readonly number[], m: number): boolean {
  return ws.m === m && ws.dims.length === dims.length && ws.dims.every((n, i) => n === dims[i]);
}

/** Copies X into the input slot (nothing to do when X is the slot). */
export function loadInput(ws: Workspace, X: Matrix): void {
  if (X !== ws.X) ws.X.data.set(X.data);
}

/** Copies the parameters and keepProbs into the parameter slots (nothing to do for the workspace's own). */
export function loadNetwork(ws: Workspace, network: readonly Layer[]): void {
  if (network === ws.network) return;
  for (let l = 0; l < network.length; l++) {
    const slot = ws.network[l], layer = network[l];
    if (layer.W !== slot.W) slot.W.data.set(layer.W.data);
    if (layer.b !== slot.b) slot.b.data.set(layer.b.data);
    slot.keepProb = layer.keepProb;
  }
}

/** Copies fixed masks (null: that layer draws or does not drop) into the mask buffers; returns the buffers to use. */
export function loadMasks(ws: Workspace, masks: readonly (Matrix | null | undefined)[]): (Matrix | null)[] {
  return ws.masks.map((buffer, l) => {
    const mask = masks[l];
    if (mask === null || mask === undefined) return null;
    if (mask !== buffer) buffer.data.set(mask.data);
    return buffer;
  });
}

/** Copies a forward pass's caches (made elsewhere) into the workspace's own, masks included. */
export function loadCaches(ws: Workspace, caches: readonly LayerCache[]): void {
  if (caches === ws.caches) return;
  loadInput(ws, caches[0].Aprev);
  for (let l = 0; l < caches.length; l++) {
    const own = ws.caches[l], given = caches[l];
    own.Z.data.set(given.Z.data);
    own.A.data.set(given.A.data);
    own.D = null;
    if (given.D !== null) {
      ws.masks[l].data.set(given.D.data);
      own.D = ws.masks[l];
    }
  }
}
