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
import {
  dropoutBackward,
  dropoutForward,
  linearBackward,
  linearForward,
  reluBackward,
  reluForward,
  sigmoidForward,
} from "./layers";
import { assertShape, matrix, shapeOf, type Matrix } from "./matrix";
import { NumpyRandomState, type RandomSource, type RandomStream } from "./random";
import { checkCount, checkExamples, checkFinite, checkKeepProb } from "./validate";

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
  while (parameters[`W${L + 1}`] !== undefined) L++;
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

/** Preallocated buffers for one network and one batch size m. */
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
}

export function createWorkspace(dims: readonly number[], m: number): Workspace {
  const ws: Workspace = { m, dims: [...dims], Z: [], A: [], D: [], dZ: [], dA: [], dW: [], db: [] };
  for (let l = 1; l < dims.length; l++) {
    const n = dims[l];
    ws.Z.push(matrix(n, m));
    ws.A.push(matrix(n, m));
    ws.D.push(matrix(n, m));
    ws.dZ.push(matrix(n, m));
    ws.dA.push(matrix(dims[l - 1], m)); // dA of this layer's input
    ws.dW.push(matrix(n, dims[l - 1]));
    ws.db.push(matrix(n, 1));
  }
  return ws;
}

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

/**
 * The forward pass. In training mode, hidden layer l with keepProb < 1 drops
 * units with a mask taken from `masks[l − 1]` when given, else drawn from `rng`.
 */
export function forward(X: Matrix, parameters: Parameters, options: ForwardOptions = {}): ForwardResult {
  const dims = layerSizes("forward", parameters);
  assertShape("forward", "X", X, dims[0]);
  const L = dims.length - 1;
  const keepProbs = options.training ? keepProbsFor("forward", options.keepProb ?? 1, L - 1) : null;
  const ws = options.workspace;
  if (ws !== undefined && (ws.m !== X.cols || ws.dims.join() !== dims.join())) {
    throw new Error(`forward: workspace is for dims [${ws.dims}] and m = ${ws.m}, got dims [${dims}] and m = ${X.cols}`);
  }
  const caches: LayerCache[] = [];
  let Aprev = X;
  for (let l = 1; l <= L; l++) {
    const Z = linearForward(parameters[`W${l}`], Aprev, parameters[`b${l}`], ws?.Z[l - 1]);
    if (l === L) {
      const A = sigmoidForward(Z, ws?.A[l - 1]);
      caches.push({ Aprev, Z, A, D: null });
      return { AL: A, caches };
    }
    let A = reluForward(Z, ws?.A[l - 1]);
    let D: Matrix | null = null;
    const keepProb = keepProbs === null ? 1 : keepProbs[l - 1];
    if (keepProb < 1) {
      const mask = options.masks?.[l - 1] ?? undefined;
      if (mask === undefined && options.rng === undefined) {
        throw new Error(`forward: layer ${l} has keepProb ${keepProb} but neither masks nor rng was given`);
      }
      ({ A, D } = dropoutForward(A, keepProb, { rng: options.rng, mask }, { A, D: ws?.D[l - 1] }));
    }
    caches.push({ Aprev, Z, A, D });
    Aprev = A;
  }
  throw new Error("forward: unreachable");
}

export interface BackwardOptions {
  /** keepProb per hidden layer, as used in the forward pass. */
  keepProb?: number | readonly number[];
  /** L2 strength λ; 0 for none. */
  lambd?: number;
  workspace?: Workspace;
}

/**
 * The backward pass of sigmoid + cross-entropy through the network:
 * dZ_L = A_L − Y, then for each layer dW, db, dA_prev; through dropout
 * dA ⊙ D / keepProb, through ReLU dA where Z > 0. With λ > 0 each dW_l gets
 * + (λ/m)·W_l. Returns {dZ_l, dW_l, db_l, dA_{l−1}} for l = L..1 (dA0 omitted).
 */
export function backward(Y: Matrix, parameters: Parameters, caches: readonly LayerCache[], options: BackwardOptions = {}): Gradients {
  const L = caches.length;
  const AL = caches[L - 1].A;
  if (Y.rows !== AL.rows || Y.cols !== AL.cols) {
    throw new Error(`backward: Y has shape ${shapeOf(Y)}, expected ${shapeOf(AL)} to match the output`);
  }
  const lambd = options.lambd ?? 0;
  const keepProbs = keepProbsFor("backward", options.keepProb ?? 1, L - 1);
  const ws = options.workspace;
  const m = Y.cols;
  const grads: Gradients = {};

  const dZL = ws?.dZ[L - 1] ?? matrix(AL.rows, m);
  for (let i = 0; i < dZL.data.length; i++) dZL.data[i] = AL.data[i] - Y.data[i];
  let dZ = dZL;
  for (let l = L; l >= 1; l--) {
    const { Aprev } = caches[l - 1];
    const W = parameters[`W${l}`];
    const g = linearBackward(dZ, Aprev, W, ws && { dW: ws.dW[l - 1], db: ws.db[l - 1], dAprev: ws.dA[l - 1] });
    if (lambd > 0) addL2Gradient(g.dW, W, lambd, m);
    grads[`dZ${l}`] = dZ;
    grads[`dW${l}`] = g.dW;
    grads[`db${l}`] = g.db;
    if (l === 1) break;
    const below = caches[l - 2];
    let dA = g.dAprev;
    if (below.D !== null) dA = dropoutBackward(dA, below.D, keepProbs[l - 2], dA);
    grads[`dA${l - 1}`] = dA;
    dZ = reluBackward(dA, below.Z, ws?.dZ[l - 2]);
  }
  return grads;
}

/** Gradient descent: θ ← θ − α·dθ for every W_l and b_l, in place. */
export function updateInPlace(parameters: Parameters, grads: Gradients, learningRate: number): void {
  const L = layerCount(parameters);
  for (let l = 1; l <= L; l++) {
    for (const name of [`W${l}`, `b${l}`]) {
      const p = parameters[name].data;
      const d = grads[`d${name}`].data;
      for (let i = 0; i < p.length; i++) p[i] -= learningRate * d[i];
    }
  }
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
