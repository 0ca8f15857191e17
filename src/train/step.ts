/**
 * One iteration of full-batch gradient descent: the forward pass (training
 * mode), the cost when asked, the backward pass, the update. `model()`, the
 * sweep workers (through model) and the benchmark all run this function.
 */
import { crossEntropy, l2Penalty } from "../cost";
import type { Matrix } from "../matrix";
import { backwardPass, forwardPass } from "../network/passes";
import { update } from "../network/parameters";
import type { Workspace } from "../network/workspace";
import type { RandomSource } from "../random";

/** What one iteration needs, gathered once, so that each call passes one object. */
export interface StepPlan {
  readonly ws: Workspace;
  readonly Y: Matrix;
  /** The source of fresh masks, or null. */
  readonly rng: RandomSource | null;
  /** Fixed masks per hidden layer (the course's), or null. */
  readonly masks: readonly (Matrix | null)[] | null;
  /** The weights, for the L2 term of the cost. */
  readonly weights: readonly Matrix[];
  /** [lambd, learningRate], boxed (see boxedNumbers). */
  readonly scalars: readonly number[];
}

export function stepPlan(
  ws: Workspace, Y: Matrix, lambd: number, learningRate: number, rng: RandomSource | null, masks: readonly (Matrix | null)[] | null,
): StepPlan {
  return { ws, Y, rng, masks, weights: ws.network.map((layer) => layer.W), scalars: boxedNumbers([lambd, learningRate]) };
}

/**
 * One iteration on the workspace's parameters. With `withCost`, returns the
 * cost of this iteration's forward pass (the course's nansum cross-entropy,
 * plus the L2 term when lambd > 0, from the parameters before the update);
 * otherwise NaN, and no cost is computed (it takes two logs per example).
 */
export function trainStep(plan: StepPlan, withCost: boolean): number {
  const ws = plan.ws, lambd = plan.scalars[0];
  const AL = forwardPass(ws, true, plan.rng, plan.masks);
  let cost = NaN;
  if (withCost) {
    cost = crossEntropy(AL, plan.Y);
    if (lambd > 0) cost += l2Penalty(plan.weights, lambd, ws.m);
  }
  update(ws.network, backwardPass(ws, plan.Y, lambd), plan.scalars[1]);
  return cost;
}

/**
 * The same numbers in a generic (not double-typed) array. V8 then keeps each
 * as one boxed number, and passing it to a function allocates nothing, where
 * a double array or a double field would box a new number on every call,
 * every iteration. (The loop's hyperparameters travel this way.)
 */
function boxedNumbers(xs: readonly number[]): number[] {
  const out: unknown[] = [null]; // a generic-elements array from the start
  out.pop();
  out.push(...xs);
  return out as number[];
}
