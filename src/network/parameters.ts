/**
 * The network is a list of layers: [LINEAR → RELU → (dropout)] × (L−1) →
 * LINEAR → SIGMOID. Layer l (index l − 1) holds W (n_l, n_{l−1}), b (n_l, 1)
 * and the keepProb of its output: below 1, training drops units of that
 * hidden layer; the output layer's keepProb is always 1.
 */
import { assertShape, matrix, shapeOf, type Matrix } from "../matrix";
import { NumpyRandomState, type RandomStream } from "../random";
import { checkCount, checkKeepProb, describe } from "../validate";

export interface Layer {
  /** (n_l, n_{l−1}) */
  W: Matrix;
  /** (n_l, 1) */
  b: Matrix;
  /** The chance that a unit of this layer's output is kept in training, in (0, 1]. */
  keepProb: number;
}

export type Network = Layer[];

/** The gradients of one layer, as the backward pass leaves them. */
export interface LayerGrads {
  /** ∂J/∂Z·m per example (the course's dZ): (n_l, m). */
  dZ: Matrix;
  /** (n_l, n_{l−1}) */
  dW: Matrix;
  /** (n_l, 1) */
  db: Matrix;
  /** The gradient of this layer's output A (after its dropout), (n_l, m); null for the output layer. */
  dA: Matrix | null;
}

/** [n_0, n_1, …, n_L] of a network that passed checkNetwork. */
export function layerDims(network: readonly Layer[]): number[] {
  return [network[0].W.cols, ...network.map((layer) => layer.W.rows)];
}

/** Throws unless `dims` lists at least an input and an output size, all integers ≥ 1. */
export function checkLayersDims(fn: string, dims: readonly number[]): void {
  if (!Array.isArray(dims) || dims.length < 2) {
    throw new RangeError(`${fn}: layersDims must list at least an input and an output size, got ${describe(dims)}`);
  }
  dims.forEach((n, i) => checkCount(fn, `layersDims[${i}]`, n));
  if (dims[dims.length - 1] !== 1) {
    throw new RangeError(`${fn}: layersDims must end with 1 (one output unit), got ${describe(dims)}`);
  }
}

/**
 * Checks that `network` is a list of layers whose W and b chain together, with
 * one output unit and keepProb in (0, 1] (1 on the output layer); returns
 * the layer sizes [n_0, …, n_L].
 */
export function checkNetwork(fn: string, network: readonly Layer[], name = "network"): number[] {
  if (!Array.isArray(network) || network.length === 0) {
    throw new TypeError(`${fn}: ${name} must be a non-empty list of layers { W, b, keepProb }, got ${describe(network)}`);
  }
  const dims = [0];
  network.forEach((layer, i) => {
    if (typeof layer !== "object" || layer === null) throw new TypeError(`${fn}: ${name}[${i}] must be a layer { W, b, keepProb }, got ${describe(layer)}`);
    assertShape(fn, `${name}[${i}].W`, layer.W, undefined, i === 0 ? undefined : dims[i]);
    if (i === 0) dims[0] = layer.W.cols;
    assertShape(fn, `${name}[${i}].b`, layer.b, layer.W.rows, 1);
    checkKeepProb(fn, layer.keepProb, `${name}[${i}].keepProb`);
    dims.push(layer.W.rows);
  });
  const last = network[network.length - 1];
  if (last.W.rows !== 1) throw new Error(`${fn}: the output layer's W has shape ${shapeOf(last.W)}; expected one output unit`);
  if (last.keepProb !== 1) throw new RangeError(`${fn}: the output layer's keepProb must be 1 (it is never dropped), got ${last.keepProb}`);
  return dims;
}

/**
 * The course's initialization: np.random.seed(3), then for each layer
 * W_l = randn(n_l, n_{l−1}) / √n_{l−1} and b_l = 0; keepProb 1. Pass `rng` to
 * draw from another NumpyRandomState instead of a fresh one seeded with 3.
 */
export function initializeCourse(layersDims: readonly number[], rng: RandomStream = new NumpyRandomState(3)): Network {
  checkLayersDims("initializeCourse", layersDims);
  // Divide, as the course does: multiplying by 1/√n can differ in the last bit.
  return initialize(layersDims, (nPrev) => {
    const s = Math.sqrt(nPrev);
    return () => rng.normal() / s;
  });
}

/** He initialization from a seeded stream: W_l = N(0, 1)·√(2 / n_{l−1}), b_l = 0; keepProb 1. */
export function initializeHe(layersDims: readonly number[], rng: RandomStream): Network {
  checkLayersDims("initializeHe", layersDims);
  return initialize(layersDims, (nPrev) => {
    const s = Math.sqrt(2 / nPrev);
    return () => rng.normal() * s;
  });
}

/** Weights from `draw(nPrev)()` in row-major order, layer by layer; zero biases. */
function initialize(layersDims: readonly number[], draw: (nPrev: number) => () => number): Network {
  const network: Network = [];
  for (let l = 1; l < layersDims.length; l++) {
    const nPrev = layersDims[l - 1];
    const W = matrix(layersDims[l], nPrev);
    const next = draw(nPrev);
    for (let i = 0; i < W.data.length; i++) W.data[i] = next();
    network.push({ W, b: matrix(layersDims[l], 1), keepProb: 1 });
  }
  return network;
}

/**
 * The same layers (sharing W and b) with keepProb set on the hidden layers:
 * one number for all of them, or one per hidden layer.
 */
export function withKeepProb(fn: string, network: readonly Layer[], keepProb: number | readonly number[]): Network {
  const hidden = network.length - 1;
  const probs = typeof keepProb === "number" ? new Array<number>(hidden).fill(keepProb) : keepProb;
  if (!Array.isArray(probs) || probs.length !== hidden) {
    throw new RangeError(`${fn}: keepProb must be a number or an array of ${hidden} numbers (one per hidden layer), got ${describe(keepProb)}`);
  }
  probs.forEach((p, i) => checkKeepProb(fn, p, typeof keepProb === "number" ? "keepProb" : `keepProb[${i}]`));
  return network.map((layer, i) => ({ W: layer.W, b: layer.b, keepProb: i < hidden ? probs[i] : 1 }));
}

/** A deep copy, in ordinary arrays. */
export function cloneNetwork(network: readonly Layer[]): Network {
  return network.map((layer) => ({
    W: matrix(layer.W.rows, layer.W.cols, layer.W.data.slice()),
    b: matrix(layer.b.rows, layer.b.cols, layer.b.data.slice()),
    keepProb: layer.keepProb,
  }));
}

/** Gradient descent, in place: θ ← θ − α·dθ for every W and b. The one update of the library. */
export function update(network: readonly Layer[], grads: readonly Pick<LayerGrads, "dW" | "db">[], learningRate: number): void {
  for (let l = 0; l < network.length; l++) {
    step(network[l].W.data, grads[l].dW.data, learningRate);
    step(network[l].b.data, grads[l].db.data, learningRate);
  }
}

function step(p: Float64Array, d: Float64Array, learningRate: number): void {
  for (let i = 0; i < p.length; i++) p[i] -= learningRate * d[i];
}
