/**
 * The forward and backward passes: the layer pairs of ./layers in a loop
 * over the list of layers, in a Workspace.
 *
 * `forward` and `backward` are the checked entry points: they take the
 * caller's matrices, copy them into a workspace (the one given, or a new one
 * from the default backend) and return the workspace's results, which the
 * next pass in the same workspace overwrites. `forwardPass` and
 * `backwardPass` are the bare loops the training step runs.
 */
import { dropoutMask, hiddenBackward, hiddenForward, linearBackward, outputBackward, outputForward } from "./layers";
import type { BackendName } from "../kernels";
import { assertShape, copy, shapeOf, type Matrix } from "../matrix";
import type { RandomSource } from "../random";
import { checkNonNegative } from "../validate";
import { checkNetwork, type Layer, type LayerGrads } from "./parameters";
import { fits, scratchWorkspace, loadCaches, loadInput, loadMasks, loadNetwork, type LayerCache, type Workspace } from "./workspace";

/**
 * The forward pass over the workspace's input and parameters. In training
 * mode, hidden layer l with keepProb < 1 drops units with masks[l] when given,
 * else with a mask drawn from `rng` into the workspace; evaluation never drops.
 * Returns A_L (1, m).
 */
export function forwardPass(ws: Workspace, training: boolean, rng: RandomSource | null, masks: readonly (Matrix | null)[] | null): Matrix {
  const k = ws.kernels, network = ws.network, caches = ws.caches;
  const L = network.length;
  for (let l = 0; l < L - 1; l++) {
    const layer = network[l];
    let D: Matrix | null = null;
    if (training && layer.keepProb < 1) D = masks?.[l] ?? dropoutMask(k, ws.masks[l], layer.keepProb, rng!);
    hiddenForward(k, layer, caches[l], D);
  }
  outputForward(k, network[L - 1], caches[L - 1]);
  return caches[L - 1].A;
}

/**
 * The backward pass of sigmoid + cross-entropy through the network, from the
 * caches of the last forward pass: dZ_L = A_L − Y, then for each layer dW, db
 * (with λ > 0, dW += (λ/m)·W) and, into the layer below, dA and dZ through its
 * dropout and ReLU. Returns the workspace's gradients.
 */
export function backwardPass(ws: Workspace, Y: Matrix, lambd: number): LayerGrads[] {
  const k = ws.kernels, network = ws.network, caches = ws.caches, grads = ws.grads;
  const L = network.length;
  outputBackward(caches[L - 1], Y, grads[L - 1]);
  for (let l = L - 1; l >= 0; l--) {
    linearBackward(k, network[l], caches[l], grads[l], lambd);
    if (l > 0) hiddenBackward(k, network[l], grads[l], network[l - 1], caches[l - 1], grads[l - 1]);
  }
  return grads;
}

export interface ForwardOptions {
  /** Training mode applies dropout where a layer's keepProb < 1; evaluation (the default) never drops. */
  training?: boolean;
  /** Where fresh masks are drawn from, layer by layer. */
  rng?: RandomSource;
  /** Fixed 0/1 masks per hidden layer (null: draw from rng), reused instead of drawing. */
  masks?: readonly (Matrix | null | undefined)[];
  /**
   * The buffers to work in (from createWorkspace): the result is then the
   * workspace's own, overwritten by its next pass. Without one, the pass runs
   * in a scratch workspace and the result is copied into ordinary arrays.
   */
  workspace?: Workspace;
  /** The backend, when no workspace is given; default: the default backend. */
  backend?: BackendName;
}

export interface ForwardResult {
  /** The sigmoid output (1, m). */
  AL: Matrix;
  /** One cache per layer; caches[l].D is the mask layer l used, or null. */
  caches: LayerCache[];
}

/** The workspace to use: the given one (checked against the sizes), or a scratch one. */
function workspaceFor(fn: string, dims: readonly number[], m: number, ws: Workspace | undefined, backend: BackendName | undefined): Workspace {
  if (ws === undefined) return scratchWorkspace(dims, m, backend);
  if (!fits(ws, dims, m)) throw new Error(`${fn}: the workspace is for layer sizes [${ws.dims}] and m = ${ws.m}, got [${dims}] and m = ${m}`);
  return ws;
}

/**
 * The forward pass, checked. X (n_0, m) with examples in columns.
 *
 * @example
 *   const { AL, caches } = forward(X, network, { training: true, rng: randomStream(7) });
 *   const grads = backward(Y, network, caches);
 */
export function forward(X: Matrix, network: readonly Layer[], options: ForwardOptions = {}): ForwardResult {
  const dims = checkNetwork("forward", network);
  assertShape("forward", "X", X, dims[0]);
  const m = X.cols;
  const training = options.training === true;
  const given = options.masks;
  if (given !== undefined && !Array.isArray(given)) throw new TypeError(`forward: masks must be an array with one mask (or null) per hidden layer`);
  for (let l = 0; training && l < network.length - 1; l++) {
    if (network[l].keepProb >= 1) continue;
    const mask = given?.[l];
    if (mask !== undefined && mask !== null) assertShape("forward", `masks[${l}]`, mask, dims[l + 1], m);
    else if (options.rng === undefined) throw new Error(`forward: layer ${l + 1} has keepProb ${network[l].keepProb} but neither masks[${l}] nor rng was given`);
  }
  const ws = workspaceFor("forward", dims, m, options.workspace, options.backend);
  loadInput(ws, X);
  loadNetwork(ws, network);
  const masks = training && given !== undefined ? loadMasks(ws, given) : null;
  const AL = forwardPass(ws, training, options.rng ?? null, masks);
  if (options.workspace !== undefined) return { AL, caches: ws.caches };
  const caches: LayerCache[] = [];
  ws.caches.forEach((c, l) => {
    caches.push({ Aprev: l === 0 ? X : caches[l - 1].A, Z: copy(c.Z), A: copy(c.A), D: c.D === null ? null : given?.[l] ?? copy(c.D) });
  });
  return { AL: caches[caches.length - 1].A, caches };
}

export interface BackwardOptions {
  /** L2 strength λ; 0 for none. */
  lambd?: number;
  /** The buffers to work in (the one `forward` ran in: its caches then need no copy); without one, a scratch workspace and copied results. */
  workspace?: Workspace;
  backend?: BackendName;
}

/**
 * The backward pass, checked, from the caches of a forward pass (its own
 * workspace's, or any with the right shapes: those are copied in). Layers whose
 * cache has a mask D go back through it, scaled by that layer's keepProb.
 * Returns per layer {dZ, dW, db, dA}.
 */
export function backward(Y: Matrix, network: readonly Layer[], caches: readonly LayerCache[], options: BackwardOptions = {}): LayerGrads[] {
  const dims = checkNetwork("backward", network);
  const L = network.length;
  if (!Array.isArray(caches) || caches.length !== L) {
    throw new Error(`backward: caches must hold one cache per layer (${L}), got ${Array.isArray(caches) ? caches.length : typeof caches}`);
  }
  const m = caches[0].Aprev?.cols;
  caches.forEach((c, l) => {
    assertShape("backward", `caches[${l}].Aprev`, c.Aprev, dims[l], m);
    assertShape("backward", `caches[${l}].Z`, c.Z, dims[l + 1], m);
    assertShape("backward", `caches[${l}].A`, c.A, dims[l + 1], m);
    if (c.D !== null && c.D !== undefined) assertShape("backward", `caches[${l}].D`, c.D, dims[l + 1], m);
  });
  if (Y.rows !== 1 || Y.cols !== m) throw new Error(`backward: Y has shape ${shapeOf(Y)}, expected (1, ${m}) to match the output`);
  const lambd = options.lambd ?? 0;
  checkNonNegative("backward", "lambd", lambd);
  const ws = workspaceFor("backward", dims, m, options.workspace, options.backend);
  loadCaches(ws, caches);
  loadNetwork(ws, network);
  const grads = backwardPass(ws, Y, lambd);
  if (options.workspace !== undefined) return grads;
  return grads.map((g) => ({ dZ: copy(g.dZ), dW: copy(g.dW), db: copy(g.db), dA: g.dA === null ? null : copy(g.dA) }));
}

