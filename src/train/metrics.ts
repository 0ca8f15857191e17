/**
 * Validation curves: the cost and accuracy of the current parameters on the
 * training set and on a validation set, in evaluation mode (no dropout),
 * recorded every N iterations. Each set gets a workspace of its own, made
 * once, so recording allocates little and leaves the training untouched.
 */
import { crossEntropyFromLogits } from "../cost";
import type { BackendName } from "../kernels";
import type { Matrix } from "../matrix";
import type { Layer } from "../network/parameters";
import { forwardPass } from "../network/passes";
import { createWorkspace, loadInput, loadNetwork, type Workspace } from "../network/workspace";
import { checkExamples } from "../validate";

/**
 * One recording: the parameters after iteration `iteration`. Costs are the
 * cross-entropy alone (no L2 term, so train and validation compare), computed
 * from the logits: finite even where a sigmoid saturates on a wrong answer.
 */
export interface Metrics {
  iteration: number;
  trainCost: number;
  /** Fraction correct, in [0, 1]. */
  trainAccuracy: number;
  /** Present when a validation set was given. */
  validationCost?: number;
  validationAccuracy?: number;
}

export interface LabelledSet {
  X: Matrix;
  Y: Matrix;
}

/** Cost and accuracy of `network` on one set, in its own workspace. */
class SetEvaluator {
  private readonly ws: Workspace;

  constructor(dims: readonly number[], private readonly set: LabelledSet, backend: BackendName | undefined) {
    this.ws = createWorkspace(dims, set.X.cols, backend);
    loadInput(this.ws, set.X);
  }

  measure(network: readonly Layer[]): { cost: number; accuracy: number } {
    loadNetwork(this.ws, network);
    const A = forwardPass(this.ws, false, null, null);
    const a = A.data, y = this.set.Y.data;
    let hits = 0;
    for (let j = 0; j < a.length; j++) if ((a[j] > 0.5 ? 1 : 0) === y[j]) hits++;
    const ZL = this.ws.caches[this.ws.caches.length - 1].Z;
    return { cost: crossEntropyFromLogits(ZL, this.set.Y), accuracy: hits / a.length };
  }
}

/** A function recording the metrics of a network of these sizes on `train` (and `validation`). */
export function metricsRecorder(
  dims: readonly number[], train: LabelledSet, validation: LabelledSet | undefined, backend: BackendName | undefined,
): (iteration: number, network: readonly Layer[]) => Metrics {
  if (validation !== undefined) {
    checkExamples("model", validation.X, validation.Y);
    if (validation.X.rows !== dims[0]) {
      throw new Error(`model: validation.X has ${validation.X.rows} rows, the network takes ${dims[0]} inputs`);
    }
  }
  const onTrain = new SetEvaluator(dims, train, backend);
  const onValidation = validation === undefined ? undefined : new SetEvaluator(dims, validation, backend);
  return (iteration, network) => {
    const t = onTrain.measure(network);
    const record: Metrics = { iteration, trainCost: t.cost, trainAccuracy: t.accuracy };
    if (onValidation !== undefined) {
      const v = onValidation.measure(network);
      record.validationCost = v.cost;
      record.validationAccuracy = v.accuracy;
    }
    return record;
  };
}
