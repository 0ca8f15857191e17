/**
 * The shared course of every check: call the learner's function on each case
 * (guarded), validate what it returned, compare it with the expected outputs,
 * and when it is wrong, look for a known mistake whose outputs it reproduces.
 */
import { isMatrix } from "../matrix";
import { TOLERANCE, agrees, compareOutputs, describeDifference, typeName, type Value } from "./compare";
import { show, type CheckOptions } from "./display";
import { callSafely, isNotDoneValue } from "./guard";
import { messageFor, type CaseReport, type CheckResult, type CheckStatus } from "./report";

export interface CaseSpec {
  name: string;
  description: string;
  /** Fresh arguments for the learner's function (never shared with the reference). */
  args: unknown[];
  /** The same objects by name, for the mutation check ({ X, Y, cache }). */
  inputs: Record<string, unknown>;
  expected: Record<string, Value>;
}

export interface Mistake {
  id: string;
  hint: string;
  /** The outputs this mistake produces on a case, or null where it cannot happen (e.g. shapes do not fit). */
  outputs(caseName: string): Record<string, Value> | null;
}

export interface CheckSpec {
  name: string;
  cases: CaseSpec[];
  /** Turns the learner's return value into named outputs, or says what is wrong with it. */
  extract(value: unknown): { outputs: Record<string, unknown> } | { problem: string };
  mistakes: Mistake[];
}

function hasNaN(outputs: Record<string, unknown>): string | null {
  for (const [k, v] of Object.entries(outputs)) {
    if (typeof v === "number" && Number.isNaN(v)) return k;
    if (isMatrix(v)) {
      const i = v.data.findIndex(Number.isNaN);
      if (i >= 0) return `${k} at [${Math.floor(i / v.cols)}, ${i % v.cols}]`;
    }
  }
  return null;
}

function runCase(spec: CheckSpec, c: CaseSpec, fn: (...a: never[]) => unknown): CaseReport {
  const base = { name: c.name, description: c.description, expected: c.expected };
  const outcome = callSafely(fn, c.args, c.inputs);
  if (outcome.kind === "threw") {
    if (outcome.notDone) return { ...base, status: "not done yet", problem: `it threw "${outcome.error}"` };
    return { ...base, status: "error", problem: `your function threw an error: ${outcome.error}` };
  }
  if (isNotDoneValue(outcome.value)) return { ...base, status: "not done yet", problem: `it returned ${typeName(outcome.value)}` };
  const extracted = spec.extract(outcome.value);
  if ("problem" in extracted) return { ...base, status: "failed", problem: extracted.problem };
  const received = extracted.outputs;
  if (outcome.mutated !== null) {
    return { ...base, status: "failed", received, problem: `your function changed its input: ${outcome.mutated}. Compute new matrices instead (the np helpers never write into their arguments).` };
  }
  const difference = compareOutputs(received, c.expected) ?? undefined;
  if (difference === undefined) return { ...base, status: "passed", received };
  const nan = hasNaN(received);
  const problem = nan !== null && difference.kind === "value"
    ? `it returned NaN (${nan}); look for a log of 0 or of a negative number, or 0/0`
    : describeDifference(difference);
  return { ...base, status: "failed", received, difference, problem };
}

/** The first mistake that reproduces the learner's outputs on every case where they could be compared. */
function diagnose(spec: CheckSpec, reports: CaseReport[]): { id: string; hint: string } | undefined {
  const wrong = reports.filter((r) => r.status === "failed" && r.difference?.kind === "value" && r.received !== undefined);
  if (wrong.length === 0) return undefined;
  for (const m of spec.mistakes) {
    let matched = 0, applies = true;
    for (const r of wrong) {
      let outputs: Record<string, Value> | null;
      try {
        outputs = m.outputs(r.name);
      } catch {
        outputs = null; // the mistake cannot happen on this case (e.g. the shapes do not fit)
      }
      if (outputs === null) continue;
      if (!agrees(r.received!, outputs)) {
        applies = false;
        break;
      }
      matched++;
    }
    if (applies && matched > 0) return { id: m.id, hint: m.hint };
  }
  return undefined;
}

export function runCheck(spec: CheckSpec, fn: unknown, options: CheckOptions = {}): CheckResult {
  let result: CheckResult;
  try {
    result = evaluate(spec, fn);
  } catch (e) {
    // A bug in the check itself must not take the notebook down either.
    const msg = e instanceof Error ? e.message : String(e);
    result = { name: spec.name, passed: false, status: "failed", message: `${spec.name}: the check could not run: ${msg}`, cases: [], tolerance: { ...TOLERANCE } };
  }
  show(result, options.display);
  return result;
}

function evaluate(spec: CheckSpec, fn: unknown): CheckResult {
  const tolerance = { ...TOLERANCE };
  if (typeof fn !== "function") {
    const status: CheckStatus = fn === undefined || fn === null ? "not done yet" : "failed";
    const cases: CaseReport[] = spec.cases.map((c) => ({
      name: c.name, description: c.description, expected: c.expected,
      status: status === "failed" ? "failed" : "not done yet",
      problem: `expected a function, got ${typeName(fn)}`,
    }));
    return { name: spec.name, passed: false, status, message: messageFor(spec.name, status, cases), cases, tolerance };
  }
  const cases = spec.cases.map((c) => runCase(spec, c, fn as (...a: never[]) => unknown));
  let status: CheckStatus;
  if (cases.every((c) => c.status === "passed")) status = "passed";
  else if (cases.some((c) => c.status === "not done yet")) status = "not done yet";
  else status = "failed";
  const mistake = status === "failed" ? diagnose(spec, cases) : undefined;
  const result: CheckResult = { name: spec.name, passed: status === "passed", status, message: messageFor(spec.name, status, cases, mistake), cases, tolerance };
  if (mistake) result.mistake = mistake;
  return result;
}

/** Named matrix outputs of a gradients record, or what is wrong with it. */
export function extractRecord(fn: string, value: unknown, keys: readonly string[]): { outputs: Record<string, unknown> } | { problem: string } {
  if (typeof value !== "object" || value === null || isMatrix(value) || Array.isArray(value)) {
    return { problem: `${fn} should return a record like { ${keys.join(", ")} }, got ${typeName(value)}` };
  }
  const rec = value as Record<string, unknown>;
  const missing = keys.filter((k) => rec[k] === undefined);
  if (missing.length > 0) return { problem: `what ${fn} returned has no ${missing.join(", ")}` };
  for (const k of keys) if (!isMatrix(rec[k])) return { problem: `${k} should be a Matrix, got ${typeName(rec[k])}` };
  return { outputs: Object.fromEntries(keys.map((k) => [k, rec[k]])) };
}
