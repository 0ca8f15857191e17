#!/usr/bin/env node
/**
 * One summary line per version of the assignment notebook, from the results
 * files they write into out/ (assignment-source-results.json,
 * assignment-learner-results.json). Exit status 1 when a version did not do
 * what it must:
 *   source:  every check passed; on the course's data, the course's three runs
 *            (costs at 0, 10000, 20000 within 1e-9 relative, accuracies equal);
 *   learner: every check "not done yet".
 *
 *   node scripts/assignment_summary.mjs <out folder>
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const COURSE = {
  "no regularization": { costs: [0.6557412523481002, 0.16329987525724213, 0.13851642423245572], train: 0.9478672985781991, test: 0.915 },
  "L2 (lambd=0.7)": { costs: [0.6974484493131264, 0.2684918873282238, 0.2680916337127301], train: 0.9383886255924171, test: 0.93 },
  "dropout (keepProb=0.86)": { costs: [0.6543912405149825, 0.0610169865749056, 0.060582435798513114], train: 0.9289099526066351, test: 0.95 },
};

const out = process.argv[2] ?? "out";
let ok = true;
for (const version of ["source", "learner"]) {
  const file = join(out, `assignment-${version}-results.json`);
  if (!existsSync(file)) {
    console.log(`assignment (${version}): no ${file}: the notebook did not write its results.`);
    ok = false;
    continue;
  }
  const r = JSON.parse(readFileSync(file, "utf8"));
  const counts = {};
  for (const c of r.checks) counts[c.status] = (counts[c.status] ?? 0) + 1;
  const checks = Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(", ");
  if (version === "source") {
    const allPassed = r.checks.every((c) => c.passed);
    let course = "course numbers: not compared (default data)";
    if (String(r.dataSource).startsWith("course")) {
      let worst = 0, accuracies = true, trained = true;
      for (const run of r.runs) {
        const c = COURSE[run.name];
        if (!run.trained || c === undefined) { trained = false; continue; }
        [0, 10, 20].forEach((k, i) => { worst = Math.max(worst, Math.abs(run.costs[k] - c.costs[i]) / Math.abs(c.costs[i])); });
        accuracies &&= run.trainAccuracy === c.train && run.testAccuracy === c.test;
      }
      const match = trained && worst <= 1e-9 && accuracies;
      course = `course numbers ${match ? "MATCH" : "MISMATCH"} (costs within ${worst.toExponential(1)} relative, accuracies ${accuracies ? "equal" : "DIFFER"}, L2 and dropout trained with the notebook's own functions)`;
      ok &&= match;
    }
    console.log(`assignment (source):  checks ${checks}; ${course}`);
    ok &&= allPassed;
  } else {
    const allWaiting = r.checks.every((c) => c.status === "not done yet");
    console.log(`assignment (learner): checks ${checks}; ${allWaiting ? "every check reports not done yet, as it should" : "UNEXPECTED: a check did not report not done yet"}`);
    ok &&= allWaiting;
  }
}
process.exit(ok ? 0 : 1);
