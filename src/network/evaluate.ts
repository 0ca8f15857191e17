/** Predictions and accuracy, in evaluation mode (no dropout). */
import type { BackendName } from "../kernels";
import { matrix, shapeOf, type Matrix } from "../matrix";
import { checkExamples, checkFinite } from "../validate";
import type { Layer } from "./parameters";
import { forward } from "./passes";

/** The output probabilities (1, m), in an ordinary array. */
export function predictProba(X: Matrix, network: readonly Layer[], options: { backend?: BackendName } = {}): Matrix {
  checkFinite("predictProba", "X", X);
  return forward(X, network, { backend: options.backend }).AL;
}

/** 0/1 predictions (1, m): probability > 0.5. */
export function predictLabels(X: Matrix, network: readonly Layer[], options: { backend?: BackendName } = {}): Matrix {
  const P = predictProba(X, network, options);
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
export function evaluate(X: Matrix, Y: Matrix, network: readonly Layer[]): { predictions: Matrix; accuracy: number } {
  checkExamples("evaluate", X, Y);
  const predictions = predictLabels(X, network);
  return { predictions, accuracy: accuracy(predictions, Y) };
}
