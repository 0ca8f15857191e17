/** What a check returns, and its text and HTML forms. */
import { formatMatrix } from "../matrix-format";
import { isMatrix } from "../matrix";
import { TOLERANCE, describeDifference, fmt, type Difference, type Value } from "./compare";

export type CheckStatus = "passed" | "failed" | "not done yet";

export interface CaseReport {
  /** "course", "other", … */
  name: string;
  /** What the case is, e.g. "the course's test case: X (3, 5), keepProb 0.7". */
  description: string;
  status: "passed" | "failed" | "error" | "not done yet";
  /** Why it failed, in one line. */
  problem?: string;
  /** The first entry that differs (when the outputs could be compared). */
  difference?: Difference;
  expected: Record<string, Value>;
  received?: Record<string, unknown>;
}

export interface CheckResult {
  /** The graded function checked, e.g. "forwardPropagationWithDropout". */
  name: string;
  passed: boolean;
  status: CheckStatus;
  /** The whole report as text (what is printed outside a notebook). */
  message: string;
  /** The recognised classic mistake, if any. */
  mistake?: { id: string; hint: string };
  cases: CaseReport[];
  tolerance: { rtol: number; atol: number };
}

export function toleranceText(tol = TOLERANCE): string {
  return `|received − expected| ≤ ${tol.atol} + ${tol.rtol}·|expected| for every entry`;
}

function valueText(v: unknown): string {
  if (isMatrix(v)) return formatMatrix(v, { header: false });
  if (typeof v === "number") return fmt(v);
  return String(v);
}

/** The one-paragraph summary and the details, as text. */
export function messageFor(name: string, status: CheckStatus, cases: CaseReport[], mistake?: { id: string; hint: string }): string {
  const lines: string[] = [];
  if (status === "passed") {
    lines.push(`${name}: passed, ${cases.length} test cases (${toleranceText()}).`);
  } else if (status === "not done yet") {
    const why = cases.find((c) => c.status === "not done yet")?.problem ?? "it returned nothing";
    lines.push(`${name}: not done yet (${why}). Write it in the cell marked YOUR CODE HERE, run that cell, then this check again.`);
  } else {
    const failing = cases.filter((c) => c.status !== "passed");
    lines.push(`${name}: failed on ${failing.length} of ${cases.length} test cases.`);
    for (const c of failing) {
      lines.push(`  ${c.description}: ${c.problem ?? (c.difference ? describeDifference(c.difference) : c.status)}`);
    }
    if (mistake) lines.push(`  Likely mistake: ${mistake.hint}`);
  }
  const course = cases[0];
  if (course !== undefined) {
    lines.push(`Expected output for ${course.description}:`);
    for (const [k, v] of Object.entries(course.expected)) lines.push(`${k} =\n${valueText(v)}`);
  }
  return lines.join("\n");
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const COLOURS: Record<CheckStatus, string> = { passed: "#1a7f37", failed: "#cf222e", "not done yet": "#9a6700" };

/** The report as one HTML block (data-check / data-status attributes for tools and tests). */
export function htmlFor(result: CheckResult): string {
  const colour = COLOURS[result.status];
  const summary = result.message.split("\n")[0];
  const failing = result.cases.filter((c) => c.status !== "passed" && result.status === "failed");
  const items = failing.map((c) => `<li>${esc(c.description)}: ${esc(c.problem ?? (c.difference ? describeDifference(c.difference) : c.status))}</li>`).join("");
  const course = result.cases[0];
  const rows = course === undefined ? "" : Object.entries(course.expected).map(([k, v]) => {
    const got = course.received?.[k];
    return `<tr><td style="vertical-align:top"><b>${esc(k)}</b></td><td><pre style="margin:0">${esc(valueText(v))}</pre></td>` +
      `<td><pre style="margin:0">${got === undefined ? "—" : esc(valueText(got))}</pre></td></tr>`;
  }).join("");
  return (
    `<div class="dropout-lab-check" data-check="${esc(result.name)}" data-status="${esc(result.status)}" ` +
    `style="border-left:4px solid ${colour};padding:4px 10px;margin:4px 0;font-family:sans-serif">` +
    `<div style="color:${colour};font-weight:bold">${esc(summary)}</div>` +
    (items ? `<ul style="margin:4px 0">${items}</ul>` : "") +
    (result.mistake ? `<div><b>Likely mistake:</b> ${esc(result.mistake.hint)}</div>` : "") +
    (rows
      ? `<details${result.status === "passed" ? "" : " open"}><summary>Expected output for ${esc(course.description)}</summary>` +
        `<table><tr><th></th><th>expected</th><th>yours</th></tr>${rows}</table></details>`
      : "") +
    `<div style="color:#57606a;font-size:90%">Tolerance: ${esc(toleranceText(result.tolerance))}.</div>` +
    `</div>`
  );
}
