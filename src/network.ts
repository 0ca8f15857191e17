/**
 * The L-layer network: [LINEAR → RELU → (dropout)] × (L−1) → LINEAR → SIGMOID.
 *
 * Parameters are a record {W1, b1, …, WL, bL}: W_l is (n_l, n_{l−1}), b_l is
 * (n_l, 1). X is (n_0, m) with examples in columns; Y is (1, m) of 0/1.
 *
 * Training mode applies inverted dropout after each hidden layer whose keepProb
 * is below 1; evaluation mode never drops. Every buffer a pass needs can come
 * from a `Workspace`, so a training loop allocates nothing per iteration.
 */
import { addL2Gradient } from "./cost";
import { WasmArena } from "./kernels-wasm";
import { dropoutMask, linearForward, linearReluBackward, linearReluForward, linearWeightGradients, sigmoidForward } from "./layers";
import { assertShape, isMatrix, matrix, shapeOf, type Matrix } from "./matrix";
import { NumpyRandomState, type RandomSource, type RandomStream } from "./random";
import { checkCount, checkExamples, checkFinite, checkKeepProb, checkNonNegative } from "./validate";

/** {W1, b1, …, WL, bL}. */
export type Parameters = Record<string, Matrix>;

/** {dW1, db1, …}, plus the intermediate dZ_l and dA_l, named as in the course. */
export type Gradients = Record<string, Matrix>;

/** What one layer's forward pass keeps for its backward pass. */
export interface LayerCache {
  /** The layer's input (n_{l−1}, m): X, or the previous layer's output after dropout. */
  Aprev: Matrix;
  /** W·Aprev + b, (n_l, m). */
  Z: Matrix;
  /** The layer's output (n_l, m): relu(Z) or sigmoid(Z), then dropout when applied. */
  A: Matrix;
  /** The 0/1 dropout mask of A, or null when the layer did not drop. */
  D: Matrix | null;
}

/** The number of layers L of a parameter record {W1, b1, …, WL, bL}. */
export function layerCount(parameters: Parameters): number {
  let L = 0;
  while (parameters[names(L + 1).W[L + 1]] !== undefined) L++;
  return L;
}

/** Checks that W_l, b_l chain together; returns the layer sizes [n_0, …, n_L]. */
export function layerSizes(fn: string, parameters: Parameters): number[] {
  if (typeof parameters !== "object" || parameters === null) {
    throw new TypeError(`${fn}: parameters must be a record {W1, b1, ...}, got ${parameters === null ? "null" : typeof parameters}`);
  }
  const L = layerCount(parameters);
  if (L === 0) throw new Error(`${fn}: parameters has no W1; expected a record {W1, b1, ..., WL, bL}`);
  const dims = [parameters.W1.cols];
  for (let l = 1; l <= L; l++) {
    const W = parameters[`W${l}`];
    const b = parameters[`b${l}`];
    assertShape(fn, `parameters.W${l}`, W, undefined, dims[l - 1]);
    if (b === undefined) throw new Error(`${fn}: parameters.b${l} is missing`);
    assertShape(fn, `parameters.b${l}`, b, W.rows, 1);
    dims.push(W.rows);
  }
  if (dims[L] !== 1) throw new Error(`${fn}: the output layer W${L} has shape ${shapeOf(parameters[`W${L}`])}; expected one output unit`);
  return dims;
}

function checkLayersDims(fn: string, layersDims: readonly number[]): void {
  if (!Array.isArray(layersDims) || layersDims.length < 2) {
    throw new RangeError(`${fn}: layersDims must list at least an input and an output size, got ${JSON.stringify(layersDims)}`);
  }
  layersDims.forEach((n, i) => checkCount(fn, `layersDims[${i}]`, n));
}

/**
 * The course's initialization: np.random.seed(3), then for each layer
 * W_l = randn(n_l, n_{l−1}) / √n_{l−1} and b_l = 0. Pass `rng` to draw from
 * another NumpyRandomState instead of a fresh one seeded with 3.
 */
export function initializeCourse(layersDims: readonly number[], rng: RandomStream = new NumpyRandomState(3)): Parameters {
  checkLayersDims("initializeCourse", layersDims);
  // Divide, as the course does: multiplying by 1/√n can differ in the last bit.
  return initialize(layersDims, (nPrev) => {
    const s = Math.sqrt(nPrev);
    return () => rng.normal() / s;
  });
}

/** He initialization from a seeded stream: W_l = N(0, 1)·√(2 / n_{l−1}), b_l = 0. */
export function initializeHe(layersDims: readonly number[], rng: RandomStream): Parameters {
  checkLayersDims("initializeHe", layersDims);
  return initialize(layersDims, (nPrev) => {
    const s = Math.sqrt(2 / nPrev);
    return () => rng.normal() * s;
  });
}

/** Weights from `draw(nPrev)()` in row-major order, layer by layer; zero biases. */
function initialize(layersDims: readonly number[], draw: (nPrev: number) => () => number): Parameters {
  const parameters: Parameters = {};
  for (let l = 1; l < layersDims.length; l++) {
    const nPrev = layersDims[l - 1];
    const W = matrix(layersDims[l], nPrev);
    const next = draw(nPrev);
    for (let i = 0; i < W.data.length; i++) W.data[i] = next();
    parameters[`W${l}`] = W;
    parameters[`b${l}`] = matrix(layersDims[l], 1);
  }
  return parameters;
}

/** keepProb for each hidden layer: one number for all of them, or one per layer. */
export function keepProbsFor(fn: string, keepProb: number | readonly number[], hiddenLayers: number): number[] {
  if (typeof keepProb === "number") {
    checkKeepProb(fn, keepProb);
    return new Array<number>(hiddenLayers).fill(keepProb);
  }
  if (!Array.isArray(keepProb) || keepProb.length !== hiddenLayers) {
    throw new RangeError(`${fn}: keepProb must be a number or an array of ${hiddenLayers} numbers (one per hidden layer), got ${JSON.stringify(keepProb)}`);
  }
  keepProb.forEach((p, i) => checkKeepProb(fn, p, `keepProb[${i}]`));
  return [...keepProb];
}

/* ------------------------------------------------------------------------ */
/* Names and checks that allocate nothing                                    */
/* ------------------------------------------------------------------------ */

/** "W1", "b1", "dW1", …: built once per layer index, so passes build no strings. */
const NAMES = { W: [""], b: [""], dW: [""], db: [""], dZ: [""], dA: [""] };

function names(L: number): typeof NAMES {
  for (let l = NAMES.W.length; l <= L; l++) {
    NAMES.W.push(`W${l}`);
    NAMES.b.push(`b${l}`);
    NAMES.dW.push(`dW${l}`);
    NAMES.db.push(`db${l}`);
    NAMES.dZ.push(`dZ${l}`);
    NAMES.dA.push(`dA${l}`);
  }
  return NAMES;
}

function isShape(m: Matrix | undefined, rows: number, cols: number): boolean {
  return m !== undefined && isMatrix(m) && m.rows === rows && m.cols === cols;
}

/**
 * Checks that `parameters` is a network of exactly these layer sizes, without
 * allocating; on a mismatch, throws layerSizes' precise error (or a summary).
 */
function checkParametersFit(fn: string, parameters: Parameters, dims: readonly number[]): void {
  const L = dims.length - 1;
  const n = names(L + 1);
  let ok = typeof parameters === "object" && parameters !== null && parameters[n.W[L + 1]] === undefined;
  for (let l = 1; ok && l <= L; l++) {
    ok = isShape(parameters[n.W[l]], dims[l], dims[l - 1]) && isShape(parameters[n.b[l]], dims[l], 1);
  }
  if (!ok) {
    const got = layerSizes(fn, parameters);
    throw new Error(`${fn}: parameters are for layer sizes [${got}], the workspace for [${dims}]`);
  }
}

/** keepProb of hidden layer i (0-based) from a number or a per-layer array. */
function keepProbAt(keepProb: number | readonly number[], i: number): number {
  return typeof keepProb === "number" ? keepProb : keepProb[i];
}

/** keepProbsFor's checks, without building the array. */
function checkKeepProbs(fn: string, keepProb: number | readonly number[], hiddenLayers: number): void {
  if (typeof keepProb === "number") checkKeepProb(fn, keepProb);
  else if (!Array.isArray(keepProb) || keepProb.length !== hiddenLayers) keepProbsFor(fn, keepProb, hiddenLayers);
  else for (let i = 0; i < hiddenLayers; i++) checkKeepProb(fn, keepProb[i], "keepProb");
}

/* ------------------------------------------------------------------------ */
/* Workspace                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * Preallocated buffers for one network and one batch size m, so that a
 * training loop allocates nothing per iteration. Where WebAssembly is
 * available they all live in one WasmArena (see ./kernels-wasm), which lets
 * the SIMD kernels run; `X` and `parameters` are slots in that memory for the
 * training loop to copy its inputs into, since the fast kernels only run when
 * every array they touch is there.
 */
export interface Workspace {
  readonly m: number;
  readonly dims: readonly number[];
  /** Per layer l = 1..L (index l − 1). */
  readonly Z: Matrix[];
  readonly A: Matrix[];
  readonly D: Matrix[];
  readonly dZ: Matrix[];
  readonly dA: Matrix[];
  readonly dW: Matrix[];
  readonly db: Matrix[];
  /** (n_0, m): a slot for the input. */
  readonly X: Matrix;
  /** {W1, b1, …, WL, bL}: slots for the parameters. */
  readonly parameters: Parameters;
  /** The caches `forward` returns with this workspace; each pass overwrites them. */
  readonly caches: LayerCache[];
  /** What `forward` returns with this workspace: {AL: A[L − 1], caches}. */
  readonly result: ForwardResult;
  /** The record `backward` returns with this workspace; each pass overwrites it. */
  readonly grads: Gradients;
}

/** The buffers for layer sizes `dims` and m examples, in a WasmArena where available. */
export function createWorkspace(dims: readonly number[], m: number): Workspace {
  checkLayersDims("createWorkspace", dims);
  checkCount("createWorkspace", "m", m);
  const L = dims.length - 1;
  const lengths = [dims[0] * m];
  for (let l = 1; l <= L; l++) {
    const n = dims[l], nPrev = dims[l - 1];
    lengths.push(n * m, n * m, n * m, n * m, nPrev * m, n * nPrev, n, n * nPrev, n);
  }
  const arena = WasmArena.create(WasmArena.sizeFor(lengths));
  const alloc = (rows: number, cols: number): Matrix => (arena === null ? matrix(rows, cols) : arena.alloc(rows, cols));
  const n = names(L);
  const ws: Workspace = {
    m, dims: [...dims], Z: [], A: [], D: [], dZ: [], dA: [], dW: [], db: [],
    X: alloc(dims[0], m), parameters: {}, caches: [], grads: {}, result: { AL: matrix(0, 0), caches: [] },
  };
  for (let l = 1; l <= L; l++) {
    const rows = dims[l];
    ws.Z.push(alloc(rows, m));
    ws.A.push(alloc(rows, m));
    ws.D.push(alloc(rows, m));
    ws.dZ.push(alloc(rows, m));
    ws.dA.push(alloc(dims[l - 1], m)); // dA of this layer's input
    ws.dW.push(alloc(rows, dims[l - 1]));
    ws.db.push(alloc(rows, 1));
    ws.parameters[n.W[l]] = alloc(rows, dims[l - 1]);
    ws.parameters[n.b[l]] = alloc(rows, 1);
    ws.caches.push({ Aprev: l === 1 ? ws.X : ws.A[l - 2], Z: ws.Z[l - 1], A: ws.A[l - 1], D: null });
  }
  ws.result.AL = ws.A[L - 1];
  ws.result.caches = ws.caches;
  for (let l = L; l >= 1; l--) {
    ws.grads[n.dZ[l]] = ws.dZ[l - 1];
    ws.grads[n.dW[l]] = ws.dW[l - 1];
    ws.grads[n.db[l]] = ws.db[l - 1];
    if (l > 1) ws.grads[n.dA[l - 1]] = ws.dA[l - 1];
  }
  return ws;
}

/* ------------------------------------------------------------------------ */
/* Forward and backward                                                      */
/* ------------------------------------------------------------------------ */

export interface ForwardOptions {
  /** Training mode applies dropout; evaluation mode (the default) never drops. */
  training?: boolean;
  /** keepProb per hidden layer (or one for all); 1 means no dropout. */
  keepProb?: number | readonly number[];
  /** Where fresh masks are drawn from, in layer order. */
  rng?: RandomSource;
  /** Fixed masks per hidden layer (null for none): reused instead of drawing. */
  masks?: readonly (Matrix | null | undefined)[];
  /** Buffers to write into instead of allocating. */
  workspace?: Workspace;
}

export interface ForwardResult {
  /** The sigmoid output (1, m). */
  AL: Matrix;
  /** One cache per layer, index l − 1 for layer l. */
  caches: LayerCache[];
}

/** The buffers one forward pass writes: Z and A per layer, D per dropping layer (a Workspace is one). */
export interface ForwardBuffers {
  readonly Z: Matrix[];
  readonly A: Matrix[];
  readonly D: (Matrix | undefined)[];
  readonly caches: LayerCache[];
  /** The object the pass returns: {AL, caches}. */
  readonly result: ForwardResult;
}

/**
 * The forward pass. In training mode, hidden layer l with keepProb < 1 drops
 * units with a mask taken from `masks[l − 1]` when given, else drawn from `rng`.
 * With a workspace, the result and its caches are the workspace's own
 * (overwritten by the next pass) and nothing is allocated.
 */
export function forward(X: Matrix, parameters: Parameters, options: ForwardOptions = {}): ForwardResult {
  const ws = options.workspace;
  let dims: readonly number[];
  if (ws !== undefined) {
    checkParametersFit("forward", parameters, ws.dims);
    dims = ws.dims;
    if (X.cols !== ws.m) throw new Error(`forward: workspace is for dims [${ws.dims}] and m = ${ws.m}, got dims [${dims}] and m = ${X.cols}`);
  } else {
    dims = layerSizes("forward", parameters);
  }
  assertShape("forward", "X", X, dims[0]);
  const L = dims.length - 1;
  const training = options.training === true;
  const keepProb = training ? options.keepProb ?? 1 : 1;
  if (training) checkKeepProbs("forward", keepProb, L - 1);
  const m = X.cols;
  for (let l = 1; l < L; l++) {
    const p = keepProbAt(keepProb, l - 1);
    if (p >= 1) continue;
    const mask = options.masks?.[l - 1] ?? undefined;
    if (mask !== undefined) assertShape("forward", `masks[${l - 1}]`, mask, dims[l], m);
    else if (options.rng === undefined) throw new Error(`forward: layer ${l} has keepProb ${p} but neither masks nor rng was given`);
  }
  let bufs: ForwardBuffers;
  if (ws !== undefined) {
    bufs = ws;
  } else {
    const Z: Matrix[] = [], A: Matrix[] = [], D: (Matrix | undefined)[] = [], caches: LayerCache[] = [];
    for (let l = 1; l <= L; l++) {
      Z.push(matrix(dims[l], m));
      A.push(matrix(dims[l], m));
      D.push(l < L && keepProbAt(keepProb, l - 1) < 1 && options.masks?.[l - 1] == null ? matrix(dims[l], m) : undefined);
      caches.push({ Aprev: X, Z: Z[l - 1], A: A[l - 1], D: null });
    }
    bufs = { Z, A, D, caches, result: { AL: A[L - 1], caches } };
  }
  return forwardPass(X, parameters, bufs, keepProb, options.rng, options.masks);
}

/**
 * `forward` without its checks, for a loop that checked its inputs once (the
 * training loop): the very pass `forward` runs. keepProb 1 means no dropout
 * (evaluation); a hidden layer with keepProb < 1 uses masks[l − 1] or draws into bufs.D.
 */
export function forwardPass(
  X: Matrix, parameters: Parameters, bufs: ForwardBuffers, keepProb: number | readonly number[],
  rng: RandomSource | undefined, masks: readonly (Matrix | null | undefined)[] | undefined,
): ForwardResult {
  const L = bufs.Z.length;
  const n = names(L);
  let Aprev = X;
  for (let l = 1; l < L; l++) {
    const p = keepProbAt(keepProb, l - 1);
    let D: Matrix | null = null;
    if (p < 1) {
      D = masks?.[l - 1] ?? null;
      if (D === null) D = dropoutMask(bufs.Z[l - 1].rows, X.cols, p, rng!, bufs.D[l - 1]);
    }
    linearReluForward(parameters[n.W[l]], Aprev, parameters[n.b[l]], bufs.Z[l - 1], bufs.A[l - 1], D, p);
    const cache = bufs.caches[l - 1];
    cache.Aprev = Aprev;
    cache.D = D;
    Aprev = bufs.A[l - 1];
  }
  const Z = linearForward(parameters[n.W[L]], Aprev, parameters[n.b[L]], bufs.Z[L - 1]);
  const AL = sigmoidForward(Z, bufs.A[L - 1]);
  const last = bufs.caches[L - 1];
  last.Aprev = Aprev;
  last.D = null;
  bufs.result.AL = AL;
  return bufs.result;
}

export interface BackwardOptions {
  /** keepProb per hidden layer, as used in the forward pass. */
  keepProb?: number | readonly number[];
  /** L2 strength λ; 0 for none. */
  lambd?: number;
  workspace?: Workspace;
}

/** The buffers one backward pass writes, and the record it returns (a Workspace is one). */
export interface BackwardBuffers {
  readonly dZ: Matrix[];
  readonly dA: Matrix[];
  readonly dW: Matrix[];
  readonly db: Matrix[];
  readonly grads: Gradients;
}

/**
 * The backward pass of sigmoid + cross-entropy through the network:
 * dZ_L = A_L − Y, then for each layer dW, db, dA_prev; through dropout
 * dA ⊙ D / keepProb, through ReLU dA where Z > 0. With λ > 0 each dW_l gets
 * + (λ/m)·W_l. Returns {dZ_l, dW_l, db_l, dA_{l−1}} for l = L..1 (dA0 omitted).
 * With a workspace, the record is the workspace's own and nothing is allocated.
 */
export function backward(Y: Matrix, parameters: Parameters, caches: readonly LayerCache[], options: BackwardOptions = {}): Gradients {
  const L = caches.length;
  const AL = caches[L - 1].A;
  if (Y.rows !== AL.rows || Y.cols !== AL.cols) {
    throw new Error(`backward: Y has shape ${shapeOf(Y)}, expected ${shapeOf(AL)} to match the output`);
  }
  const lambd = options.lambd ?? 0;
  checkNonNegative("backward", "lambd", lambd);
  const keepProb = options.keepProb ?? 1;
  checkKeepProbs("backward", keepProb, L - 1);
  const ws = options.workspace;
  if (ws !== undefined) {
    checkParametersFit("backward", parameters, ws.dims);
    if (L !== ws.dims.length - 1 || Y.cols !== ws.m) {
      throw new Error(`backward: workspace is for dims [${ws.dims}] and m = ${ws.m}, got ${L} caches and m = ${Y.cols}`);
    }
    return backwardPass(Y, parameters, caches, keepProb, lambd, ws);
  }
  const m = Y.cols;
  const n = names(L);
  const bufs: BackwardBuffers = { dZ: [], dA: [], dW: [], db: [], grads: {} };
  for (let l = 1; l <= L; l++) {
    const W = parameters[n.W[l]];
    if (W === undefined) throw new Error(`backward: parameters.${n.W[l]} is missing for cache ${l - 1}`);
    bufs.dZ.push(matrix(W.rows, m));
    bufs.dA.push(matrix(W.cols, m));
    bufs.dW.push(matrix(W.rows, W.cols));
    bufs.db.push(matrix(W.rows, 1));
  }
  for (let l = L; l >= 1; l--) {
    bufs.grads[n.dZ[l]] = bufs.dZ[l - 1];
    bufs.grads[n.dW[l]] = bufs.dW[l - 1];
    bufs.grads[n.db[l]] = bufs.db[l - 1];
    if (l > 1) bufs.grads[n.dA[l - 1]] = bufs.dA[l - 1];
  }
  return backwardPass(Y, parameters, caches, keepProb, lambd, bufs);
}

/** `backward` without its checks, for a loop that checked its inputs once: the very pass `backward` runs. */
export function backwardPass(
  Y: Matrix, parameters: Parameters, caches: readonly LayerCache[], keepProb: number | readonly number[],
  lambd: number, bufs: BackwardBuffers,
): Gradients {
  const L = caches.length;
  const n = names(L);
  const m = Y.cols;
  const AL = caches[L - 1].A.data, y = Y.data, dZL = bufs.dZ[L - 1].data;
  for (let i = 0; i < dZL.length; i++) dZL[i] = AL[i] - y[i];
  for (let l = L; l >= 1; l--) {
    const W = parameters[n.W[l]];
    const dZ = bufs.dZ[l - 1];
    const dW = bufs.dW[l - 1];
    linearWeightGradients(dZ, caches[l - 1].Aprev, dW, bufs.db[l - 1]);
    if (lambd > 0) addL2Gradient(dW, W, lambd, m);
    if (l > 1) {
      const below = caches[l - 2];
      linearReluBackward(W, dZ, below.Z, bufs.dA[l - 1], bufs.dZ[l - 2], below.D, keepProbAt(keepProb, l - 2));
    }
  }
  return bufs.grads;
}

/** Gradient descent: θ ← θ − α·dθ for every W_l and b_l, in place. */
export function updateInPlace(parameters: Parameters, grads: Gradients, learningRate: number): void {
  const L = layerCount(parameters);
  const n = names(L);
  for (let l = 1; l <= L; l++) {
    step(parameters[n.W[l]].data, grads[n.dW[l]].data, learningRate);
    step(parameters[n.b[l]].data, grads[n.db[l]].data, learningRate);
  }
}

function step(p: Float64Array, d: Float64Array, learningRate: number): void {
  for (let i = 0; i < p.length; i++) p[i] -= learningRate * d[i];
}

/** "W{l}", "b{l}", "dW{l}", … for l = 0..L, built once (index 0 is unused). */
export function parameterNames(L: number): { readonly W: readonly string[]; readonly b: readonly string[] } {
  return names(L);
}

/** A deep copy of the parameters. */
export function cloneParameters(parameters: Parameters): Parameters {
  const out: Parameters = {};
  for (const [k, v] of Object.entries(parameters)) out[k] = matrix(v.rows, v.cols, v.data.slice());
  return out;
}

/** The output probabilities (1, m) in evaluation mode (no dropout). */
export function predictProba(X: Matrix, parameters: Parameters): Matrix {
  checkFinite("predictProba", "X", X);
  return forward(X, parameters).AL;
}

/** 0/1 predictions (1, m): probability > 0.5. */
export function predictLabels(X: Matrix, parameters: Parameters): Matrix {
  const P = predictProba(X, parameters);
  const out = matrix(1, P.cols);
  for (let j = 0; j < P.cols; j++) out.data[j] = P.data[j] > 0.5 ? 1 : 0;
  return out;
}

/** The fraction of predictions equal to the labels. */
export function accuracy(predictions: Matrix, Y: Matrix): number {
  if (predictions.rows !== Y.rows || predictions.cols !== Y.cols) {
    throw new Error(`accuracy: predictions ${shapeOf(predictions)} and Y ${shapeOf(Y)} must have the same shape`);
  }
  let hits = 0;
  for (let j = 0; j < Y.data.length; j++) if (predictions.data[j] === Y.data[j]) hits++;
  return hits / Y.data.length;
}

/** Predictions and accuracy on a labelled set, in evaluation mode. */
export function evaluate(X: Matrix, Y: Matrix, parameters: Parameters): { predictions: Matrix; accuracy: number } {
  checkExamples("evaluate", X, Y);
  const predictions = predictLabels(X, parameters);
  return { predictions, accuracy: accuracy(predictions, Y) };
}
