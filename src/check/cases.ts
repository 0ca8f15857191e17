/**
 * The inputs of the checks, built as the course's test cases build them:
 * np.random.seed(1), then randn draws in the course's order (X, then W1, b1,
 * W2, b2, W3, b3), through NumpyRandomState. Each graded function is also run
 * on a second case of other shapes and hyperparameters ("other": seed 2,
 * X (4, 7), layers [4, 5, 5, 1]), so that a function written for the course's
 * shapes, or one that hard-codes a value, fails.
 *
 * The expected outputs are the library's own functions (./course) on these
 * inputs; test/check.test.ts shows that they equal numpy's and the numbers
 * the course prints.
 */
import { type CourseCache, type CourseParameters, forwardPropagation, forwardPropagationWithDropout } from "../course";
import { matrix, type Matrix } from "../matrix";
import { fromArray } from "../matrix-array";
import { NumpyRandomState } from "../random";

export type CaseName = "course" | "other";

export interface CaseInputs {
  name: CaseName;
  X: Matrix;
  Y: Matrix;
  parameters: CourseParameters;
}

function drawParameters(rs: NumpyRandomState, dims: readonly number[]): CourseParameters {
  const p: Record<string, Matrix> = {};
  for (let l = 1; l < dims.length; l++) {
    p[`W${l}`] = rs.randn(dims[l], dims[l - 1]);
    p[`b${l}`] = rs.randn(dims[l], 1);
  }
  return p as CourseParameters;
}

/** X, Y and the parameters of a case, freshly made on every call. */
export function caseInputs(name: CaseName): CaseInputs {
  if (name === "course") {
    const rs = new NumpyRandomState(1);
    const X = rs.randn(3, 5);
    const parameters = drawParameters(rs, [3, 2, 3, 1]);
    return { name, X, Y: fromArray([[1, 1, 0, 1, 0]]), parameters };
  }
  const rs = new NumpyRandomState(2);
  const X = rs.randn(4, 7);
  const parameters = drawParameters(rs, [4, 5, 5, 1]);
  const u = rs.rand(1, 7);
  const Y = matrix(1, 7, u.data.map((v) => (v > 0.5 ? 1 : 0)));
  return { name, X, Y, parameters };
}

/** The course's hard-coded A3 of its cost test case (8 decimals). */
const COURSE_COST_A3 = [[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]];

export interface CostCase { name: CaseName; A3: Matrix; Y: Matrix; parameters: CourseParameters; lambd: number }

/** computeCostWithRegularization: the course draws only the parameters (no X) and uses a fixed A3; λ = 0.1. */
export function costCase(name: CaseName): CostCase {
  if (name === "course") {
    const rs = new NumpyRandomState(1);
    const parameters = drawParameters(rs, [3, 2, 3, 1]);
    return { name, A3: fromArray(COURSE_COST_A3), Y: fromArray([[1, 1, 0, 1, 0]]), parameters, lambd: 0.1 };
  }
  const { X, Y, parameters } = caseInputs("other");
  return { name, A3: forwardPropagation(X, parameters).A3, Y, parameters, lambd: 0.3 };
}

export interface BackwardCase { name: CaseName; X: Matrix; Y: Matrix; cache: CourseCache; parameters: CourseParameters }

/** backwardPropagationWithRegularization: the cache of the plain forward pass; λ = 0.7 (course), 0.4 (other). */
export function regularizationCase(name: CaseName): BackwardCase & { lambd: number } {
  const { X, Y, parameters } = caseInputs(name);
  return { name, X, Y, parameters, cache: forwardPropagation(X, parameters).cache, lambd: name === "course" ? 0.7 : 0.4 };
}

/** forwardPropagationWithDropout: keepProb 0.7 (course), 0.6 (other). */
export function forwardDropoutCase(name: CaseName): CaseInputs & { keepProb: number } {
  return { ...caseInputs(name), keepProb: name === "course" ? 0.7 : 0.6 };
}

/**
 * backwardPropagationWithDropout. The course makes this cache with keep_prob
 * 0.5 (masks from np.random.seed(1)) and then calls the backward pass with
 * keep_prob 0.8; its printed dA1, dA2 are those numbers, so the same is done
 * here. The other case uses 0.75 for both.
 */
export function backwardDropoutCase(name: CaseName): BackwardCase & { keepProb: number; cacheKeepProb: number } {
  const { X, Y, parameters } = caseInputs(name);
  const cacheKeepProb = name === "course" ? 0.5 : 0.75;
  const { cache } = forwardPropagationWithDropout(X, parameters, cacheKeepProb);
  return { name, X, Y, parameters, cache, cacheKeepProb, keepProb: name === "course" ? 0.8 : 0.75 };
}

export const CASE_NAMES: readonly CaseName[] = ["course", "other"];
