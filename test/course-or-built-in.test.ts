import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { courseOrBuiltIn } from "../src/data/course-or-built-in";
import { defaultDataset } from "../src/data/generators";
import { courseLikeMat } from "./helpers/mat-writer";

/** Runs `fn` with DROPOUT_LAB_DATA set to `value`, restoring it afterwards. */
function withData<T>(value: string, fn: () => T): T {
  const saved = process.env.DROPOUT_LAB_DATA;
  process.env.DROPOUT_LAB_DATA = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.DROPOUT_LAB_DATA;
    else process.env.DROPOUT_LAB_DATA = saved;
  }
}

test("courseOrBuiltIn: a missing course file falls back to the built-in dataset and says why", () => {
  const c = withData("/nonexistent/data.mat", () => courseOrBuiltIn());
  assert.equal(c.onCourseData, false);
  assert.deepEqual(Array.from(c.dataset.train.X.data), Array.from(defaultDataset(1).train.X.data));
  assert.match(c.message, /DROPOUT_LAB_DATA is \/nonexistent\/data\.mat, but that file does not exist\. Falling back to the built-in default dataset/);
  assert.match(c.message, /the course's published numbers do not apply/);
  assert.equal(c.dataSource, `default: ${c.dataset.source}`);
  assert.notDeepEqual(Array.from(withData("/nonexistent/data.mat", () => courseOrBuiltIn({ seed: 2 })).dataset.train.X.data), Array.from(c.dataset.train.X.data));
});

test("courseOrBuiltIn: a course-style file is loaded and named; a broken one throws", () => {
  const dir = mkdtempSync(join(tmpdir(), "course-or-built-in-"));
  try {
    const good = join(dir, "data.mat");
    writeFileSync(good, courseLikeMat({ X: [[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6]], y: [0, 1, 0] }, { X: [[0, 0]], y: [1] }));
    const c = withData(good, () => courseOrBuiltIn());
    assert.equal(c.onCourseData, true);
    assert.equal(c.dataSource, `course: ${good}`);
    assert.equal(c.message, `Data: course file ${good}.`);
    assert.equal(c.dataset.train.X.cols, 3);
    const broken = join(dir, "broken.mat");
    writeFileSync(broken, "not a mat file");
    assert.throws(() => withData(broken, () => courseOrBuiltIn()), /broken\.mat/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
