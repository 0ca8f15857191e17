/**
 * The course's published numbers for its three models, in one place, and the
 * comparison of a run's numbers with them.
 *
 * The course prints the cost at iterations 0, 10000 and 20000 and the train
 * and test accuracy of each model, trained on its own data.mat with its own
 * initial weights and (for dropout) its re-seeded masks. The last digits of a
 * cost depend on the order of summation, so costs match within a relative
 * 1e-9; accuracies are counts over 211 and 200 examples and must be equal.
 */

/** The course's numbers for one model. */
export interface CourseNumbers {
  /** Costs at iterations 0, 10000 and 20000 (`COURSE_COST_ITERATIONS`). */
  costs: readonly [number, number, number];
  trainAccuracy: number;
  testAccuracy: number;
}

/** The three course models, by the names the notebooks and the results file use. */
export const COURSE_REFERENCE: Readonly<Record<string, CourseNumbers>> = Object.freeze({
  "no regularization": {
    costs: [0.6557412523481002, 0.16329987525724213, 0.13851642423245572],
    trainAccuracy: 0.9478672985781991,
    testAccuracy: 0.915,
  },
  "L2 (lambd=0.7)": {
    costs: [0.6974484493131264, 0.2684918873282238, 0.2680916337127301],
    trainAccuracy: 0.9383886255924171,
    testAccuracy: 0.93,
  },
  "dropout (keepProb=0.86)": {
    costs: [0.6543912405149825, 0.0610169865749056, 0.060582435798513114],
    trainAccuracy: 0.9289099526066351,
    testAccuracy: 0.95,
  },
});

/** The iterations at which the course prints the cost. */
export const COURSE_COST_ITERATIONS: readonly number[] = [0, 10000, 20000];
/** The relative tolerance on costs (accuracies must be equal). */
export const COURSE_COST_RTOL = 1e-9;

/** One run's numbers, as `model` / `trainAndEvaluate` give them and 01-results.json stores them. */
export interface RunNumbers {
  name: string;
  /** costs[k] is the cost at iteration k × `every` (1000 for `model`'s record). */
  costs: ArrayLike<number>;
  trainAccuracy: number;
  testAccuracy: number;
}

/** One course model against the run of the same name. */
export interface CourseRunComparison {
  name: string;
  course: CourseNumbers;
  /** Our costs at `COURSE_COST_ITERATIONS` and our accuracies; undefined when no run has this name. */
  ours?: { costs: (number | undefined)[]; trainAccuracy: number; testAccuracy: number };
  /** The largest relative difference of the three costs (Infinity when one is missing). */
  worstCostRelative: number;
  costsMatch: boolean;
  accuraciesMatch: boolean;
  match: boolean;
}

export interface CourseComparison {
  runs: CourseRunComparison[];
  /** Every course model has a run of its name, and every one matches. */
  allMatch: boolean;
  /** The table of `courseTable(runs, { compare: true })` and a closing line. */
  summary: string;
}

/**
 * Compares runs with the course's three models by name: costs at iterations
 * 0, 10000 and 20000 within a relative `COURSE_COST_RTOL`, accuracies equal.
 * Runs of other names are ignored; a course model without a run is a mismatch.
 *
 * @param every iterations between two recorded costs (1000 by default, as `model` records them)
 */
export function compareWithCourse(runs: readonly RunNumbers[], options: { every?: number } = {}): CourseComparison {
  const fn = "compareWithCourse";
  if (!Array.isArray(runs)) throw new TypeError(`${fn}: runs must be an array of {name, costs, trainAccuracy, testAccuracy}, got ${typeof runs}`);
  const every = options.every ?? 1000;
  if (!(Number.isInteger(every) && every > 0 && COURSE_COST_ITERATIONS.every((i) => i % every === 0))) {
    throw new RangeError(`${fn}: options.every must be a positive integer dividing ${COURSE_COST_ITERATIONS.join(", ")}, got ${String(every)}`);
  }
  const byName = new Map<string, RunNumbers>();
  runs.forEach((r, k) => {
    if (typeof r !== "object" || r === null || typeof r.name !== "string") throw new TypeError(`${fn}: runs[${k}] must be an object with a string name`);
    byName.set(r.name, r);
  });
  const compared = Object.entries(COURSE_REFERENCE).map(([name, course]) => compareOne(name, course, byName.get(name), every));
  const allMatch = compared.every((c) => c.match);
  const closing = allMatch ? "All three course models reproduce the course's numbers." : "Some numbers do not match the course: see MISMATCH above.";
  return { runs: compared, allMatch, summary: `${courseTable(runs, { compare: true, every }).join("\n")}\n\n${closing}` };
}

/**
 * The course models as text table lines: our costs at 0/10000/20000 and our
 * accuracies per model and, with `compare`, the course's row and a MATCH or
 * MISMATCH line under each (the table `npm run reproduce` prints).
 */
export function courseTable(runs: readonly RunNumbers[], options: { compare: boolean; every?: number }): string[] {
  const every = options.every ?? 1000;
  const byName = new Map(runs.map((r) => [r.name, r]));
  const fmt = (x: unknown) => (typeof x === "number" ? String(x) : "—");
  const cols = ["model", "", "cost@0", "cost@10000", "cost@20000", "train acc", "test acc"];
  const rows: string[][] = [];
  for (const [name, course] of Object.entries(COURSE_REFERENCE)) {
    const run = byName.get(name);
    const ours = run ? [...COURSE_COST_ITERATIONS.map((i) => run.costs?.[i / every]), run.trainAccuracy, run.testAccuracy] : [];
    rows.push([name, "ours", ...[0, 1, 2, 3, 4].map((i) => fmt(ours[i]))]);
    if (!options.compare) continue;
    rows.push(["", "course", ...[...course.costs, course.trainAccuracy, course.testAccuracy].map(fmt)]);
    if (!run) {
      rows.push(["", "", "MISSING: no run with this name in the results file"]);
      continue;
    }
    const c = compareOne(name, course, run, every);
    rows.push([
      "",
      "",
      `${c.match ? "MATCH" : "MISMATCH"}: costs within ${c.worstCostRelative.toExponential(1)} relative (limit ${COURSE_COST_RTOL}), accuracies ${c.accuraciesMatch ? "equal" : "DIFFER"}`,
    ]);
  }
  const full = (r: string[]) => r.length === cols.length;
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.filter(full).map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (full(r) ? c.padEnd(widths[i]) : i === 2 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(cols), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function compareOne(name: string, course: CourseNumbers, run: RunNumbers | undefined, every: number): CourseRunComparison {
  if (run === undefined) return { name, course, worstCostRelative: Infinity, costsMatch: false, accuraciesMatch: false, match: false };
  const costs = COURSE_COST_ITERATIONS.map((i) => {
    const c = run.costs?.[i / every];
    return typeof c === "number" ? c : undefined;
  });
  const rel = course.costs.map((c, i) => (typeof costs[i] === "number" ? Math.abs((costs[i] as number) - c) / Math.abs(c) : Infinity));
  const worst = Math.max(...rel.map((r) => (Number.isNaN(r) ? Infinity : r)));
  const costsMatch = worst <= COURSE_COST_RTOL;
  const accuraciesMatch = run.trainAccuracy === course.trainAccuracy && run.testAccuracy === course.testAccuracy;
  return {
    name,
    course,
    ours: { costs, trainAccuracy: run.trainAccuracy, testAccuracy: run.testAccuracy },
    worstCostRelative: worst,
    costsMatch,
    accuraciesMatch,
    match: costsMatch && accuraciesMatch,
  };
}
