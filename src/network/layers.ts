/**
 * The layers as forward/backward pairs over a backend's kernels, with named
 * caches (src/network/workspace.ts). The network's passes are these calls in
 * a loop; fusion is the kernels' business (one sweep computes W·A + b, ReLU
 * and the dropout mask; one sweep goes back through the product and the
 * dropout and ReLU of the layer below).
 *
 *   hidden layer   LINEAR → RELU → DROPOUT   hiddenForward  / linearBackward + hiddenBackward
 *   output layer   LINEAR → SIGMOID          outputForward  / outputBackward + linearBackward
 *
 * Shapes: a layer with n units over m examples has W (n, n_prev), b (n, 1), and
 * Z, A, D, dZ, dA (n, m). Nothing here checks: the callers (forward, backward,
 * the training step) checked once, at their edge.
 */
import { addL2Gradient } from "../cost";
import type { Kernels } from "../kernels";
import type { Matrix } from "../matrix";
import { SeededStream, type RandomSource } from "../random";
import type { Layer, LayerGrads } from "./parameters";
import type { LayerCache } from "./workspace";

/**
 * Inverted dropout's mask: D[i] = 1 where a uniform draw is < keepProb, else 0.
 * From a SeededStream the backend fills it in one sweep; from any other
 * source (a NumpyRandomState, for the course's masks) the draws are taken in
 * row-major order, as `np.random.rand(*shape) < keepProb`.
 */
export function dropoutMask(k: Kernels, D: Matrix, keepProb: number, rng: RandomSource): Matrix {
  if (rng instanceof SeededStream) {
    k.fillMask(D, keepProb, rng.state);
  } else {
    const d = D.data;
    for (let i = 0; i < d.length; i++) d[i] = rng.random() < keepProb ? 1 : 0;
  }
  return D;
}

/**
 * Z = W·A_prev + b, A = relu(Z), then A ⊙ D / keepProb when the layer drops
 * with mask D (inverted dropout: at evaluation nothing is dropped or scaled).
 * Reads cache.Aprev; writes cache.Z, cache.A and cache.D.
 */
export function hiddenForward(k: Kernels, layer: Layer, cache: LayerCache, D: Matrix | null): void {
  k.linearForward(layer.W, cache.Aprev, layer.b, cache.Z, cache.A, true, D, layer.keepProb);
  cache.D = D;
}

/** Z = W·A_prev + b, A = sigmoid(Z): the output probabilities (1, m). */
export function outputForward(k: Kernels, layer: Layer, cache: LayerCache): void {
  k.linearForward(layer.W, cache.Aprev, layer.b, cache.Z, null, false, null, 1);
  k.sigmoid(cache.Z, cache.A);
  cache.D = null;
}

/** Sigmoid and cross-entropy together: dZ = A − Y, (1, m). */
export function outputBackward(cache: LayerCache, Y: Matrix, grads: LayerGrads): void {
  const a = cache.A.data, y = Y.data, dz = grads.dZ.data;
  for (let i = 0; i < dz.length; i++) dz[i] = a[i] - y[i];
}

/** dW = dZ·A_prevᵀ / m (+ (λ/m)·W with L2) and db = Σ_columns dZ / m. */
export function linearBackward(k: Kernels, layer: Layer, cache: LayerCache, grads: LayerGrads, lambd: number): void {
  k.weightGradients(grads.dZ, cache.Aprev, grads.dW, grads.db);
  if (lambd > 0) addL2Gradient(grads.dW, layer.W, lambd, cache.Aprev.cols);
}

/**
 * Back into hidden layer l from the layer above it: dA_l = W_{l+1}ᵀ·dZ_{l+1},
 * through l's dropout (⊙ D / keepProb, the mask of the forward pass) and its
 * ReLU (dZ_l = dA_l where Z_l > 0, else 0). Writes grads.dA and grads.dZ.
 */
export function hiddenBackward(k: Kernels, above: Layer, aboveGrads: LayerGrads, layer: Layer, cache: LayerCache, grads: LayerGrads): void {
  k.inputGradients(above.W, aboveGrads.dZ, grads.dA!, cache.D, layer.keepProb, cache.Z, grads.dZ);
}
