import { test } from "node:test";
import assert from "node:assert/strict";
import { COURSE_REFERENCE, compareWithCourse, courseTable, type RunNumbers } from "../src/course-reference";

/** A run with the course's own numbers, costs placed at every 1000 iterations (index 0, 10, 20). */
function courseLike(name: string, scale = 1): RunNumbers {
  const c = COURSE_REFERENCE[name];
  const costs = Array.from({ length: 30 }, () => 0.5);
  [0, 10, 20].forEach((k, i) => (costs[k] = c.costs[i] * scale));
  return { name, costs, trainAccuracy: c.trainAccuracy, testAccuracy: c.testAccuracy };
}
const NAMES = Object.keys(COURSE_REFERENCE);

test("compareWithCourse: the course's numbers match themselves, and costs within 1e-9 relative match", () => {
  const r = compareWithCourse(NAMES.map((n) => courseLike(n, 1 + 5e-10)));
  assert.equal(r.allMatch, true);
  assert.deepEqual(r.runs.map((c) => c.name), NAMES);
  for (const c of r.runs) {
    assert.ok(c.worstCostRelative > 4e-10 && c.worstCostRelative < 6e-10, String(c.worstCostRelative));
    assert.equal(c.match, true);
  }
  assert.match(r.summary, /All three course models reproduce the course's numbers\.$/);
  assert.equal((r.summary.match(/MATCH: costs within 5\.0e-10 relative \(limit 1e-9\), accuracies equal/g) ?? []).length, 3);
});

test("compareWithCourse: a cost off by 2e-9, an accuracy off by one example, a missing run", () => {
  const costOff = courseLike("no regularization", 1 + 2e-9);
  const accOff = { ...courseLike("L2 (lambd=0.7)"), testAccuracy: 0.925 };
  const r = compareWithCourse([costOff, accOff, { name: "other", costs: [], trainAccuracy: 0, testAccuracy: 0 }]);
  assert.equal(r.allMatch, false);
  const [a, b, c] = r.runs;
  assert.deepEqual([a.costsMatch, a.accuraciesMatch, a.match], [false, true, false]);
  assert.deepEqual([b.costsMatch, b.accuraciesMatch, b.match], [true, false, false]);
  assert.equal(c.ours, undefined);
  assert.equal(c.match, false);
  assert.match(r.summary, /MISMATCH: costs within 2\.0e-9 relative/);
  assert.match(r.summary, /accuracies DIFFER/);
  assert.match(r.summary, /MISSING: no run with this name/);
  assert.match(r.summary, /Some numbers do not match the course/);
});

test("compareWithCourse: NaN or missing costs never match; every reads costs at other spacings", () => {
  const nan = { ...courseLike("dropout (keepProb=0.86)"), costs: [Number.NaN] };
  assert.equal(compareWithCourse([nan]).runs[2].worstCostRelative, Infinity);
  const c = COURSE_REFERENCE["no regularization"];
  const every100 = Array.from({ length: 300 }, () => 1);
  [0, 100, 200].forEach((k, i) => (every100[k] = c.costs[i]));
  const run = { name: "no regularization", costs: every100, trainAccuracy: c.trainAccuracy, testAccuracy: c.testAccuracy };
  assert.equal(compareWithCourse([run], { every: 100 }).runs[0].match, true);
  assert.equal(compareWithCourse([run]).runs[0].match, false);
  assert.throws(() => compareWithCourse([run], { every: 3000 }), /options.every must be a positive integer dividing 0, 10000, 20000, got 3000/);
});

test("courseTable: ours only without compare; aligned columns", () => {
  const lines = courseTable(NAMES.map((n) => courseLike(n)), { compare: false });
  assert.equal(lines.length, 2 + 3);
  assert.match(lines[0], /^model\s+cost@0\s+cost@10000\s+cost@20000\s+train acc\s+test acc$/);
  assert.ok(lines.slice(2).every((l) => / ours /.test(l)));
  assert.equal(lines[2].indexOf("0.65574"), lines[0].indexOf("cost@0"));
});
