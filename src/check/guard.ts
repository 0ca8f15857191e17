/**
 * Calling a learner's function without letting it crash the check: what it
 * threw, or what it returned and whether it changed any of its inputs.
 */
import { isMatrix, type Matrix } from "../matrix";

export type Outcome =
  | { kind: "returned"; value: unknown; mutated: string | null }
  | { kind: "threw"; error: string; notDone: boolean };

/** A stub's error, or a function that returns nothing: the exercise is not done yet. */
const NOT_DONE = /not (yet )?(done|implemented)|YOUR CODE HERE/i;

interface Watched { name: string; holder: Record<string, unknown>; key: string; matrix: Matrix; data: Float64Array }

/** Every matrix reachable as `name.key` in the given inputs (one level deep), with a copy of its data. */
function watch(inputs: Record<string, unknown>): Watched[] {
  const out: Watched[] = [];
  const add = (name: string, holder: Record<string, unknown>, key: string) => {
    const m = holder[key];
    if (isMatrix(m)) out.push({ name, holder, key, matrix: m, data: Float64Array.from(m.data) });
  };
  for (const [name, value] of Object.entries(inputs)) {
    if (isMatrix(value)) add(name, inputs, name);
    else if (typeof value === "object" && value !== null) {
      for (const key of Object.keys(value)) add(`${name}.${key}`, value as Record<string, unknown>, key);
    }
  }
  return out;
}

function firstChange(watched: Watched[]): string | null {
  for (const w of watched) {
    if (w.holder[w.key] !== w.matrix) return `${w.name} was replaced by another value`;
    const d = w.matrix.data;
    for (let k = 0; k < d.length; k++) {
      if (!Object.is(d[k], w.data[k])) {
        const i = Math.floor(k / w.matrix.cols), j = k % w.matrix.cols;
        return `${w.name}[${i}, ${j}] was ${w.data[k]} before the call and ${d[k]} after it`;
      }
    }
  }
  return null;
}

/**
 * Calls fn(...args). `inputs` names the arguments (e.g. { X, Y, cache }) for
 * the mutation check; they must be the same objects as in `args`.
 */
export function callSafely(fn: (...args: never[]) => unknown, args: unknown[], inputs: Record<string, unknown>): Outcome {
  const watched = watch(inputs);
  let value: unknown;
  try {
    value = (fn as (...a: unknown[]) => unknown)(...args);
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return { kind: "threw", error, notDone: NOT_DONE.test(error) };
  }
  return { kind: "returned", value, mutated: firstChange(watched) };
}

export function isNotDoneValue(value: unknown): boolean {
  return value === undefined || value === null;
}
