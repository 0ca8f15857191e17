/**
 * Fuzz test of the .mat reader (issue 10, acceptance): a few thousand seeded
 * mutations of .mat files this test writes itself (never the course file).
 * Three kinds: byte mutations of a compressed file, of an uncompressed file,
 * and mutations of a matrix element's inflated bytes, deflated again (so they
 * reach the matrix parser behind zlib).
 *
 * Every case must end with a value or a MatFileError, quickly; the values
 * must be well-formed matrices; no case may allocate more than 64 MB of
 * buffers, and the process's peak RSS must stay under a cap.
 * A failing case prints its seed and index: rerun with FUZZ_SEED and
 * FUZZ_CASES to reproduce.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { deflateSync } from "node:zlib";
import { loadCourseData, MatFileError, parseMat } from "../src/data";
import { isMatrix } from "../src/matrix";
import { below, mutateBytes, randomStream } from "./helpers/fuzz";
import { concat, element15, header, matrixElement, writeMat, type MatVariable } from "./helpers/mat-writer";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.FUZZ_CASES ?? 5000);
/** Peak RSS allowed for the whole test process (a default run peaks near 170 MB). */
const RSS_CAP_MB = 400;
/** Buffer memory one case may allocate (the inputs are a few KB). */
const CASE_BUFFER_MB = 64;
/** No single case may take longer than this. */
const CASE_MS = 2_000;

const dir = mkdtempSync(join(tmpdir(), "dropout-lab-fuzz-mat-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Small synthetic variables: the course layout, other storage types and kinds the reader skips. */
function variables(compress: boolean): MatVariable[] {
  const X = Array.from({ length: 12 }, (_, i) => [Math.sin(i) * 0.9, Math.cos(3 * i) * 0.7]);
  const y = X.map(([a, b]) => (a * b > 0 ? 1 : 0));
  return [
    { name: "X", rows: X, compress },
    { name: "y", dims: [y.length, 1], columnMajor: y, storage: "uint8", compress },
    { name: "Xval", rows: X.slice(0, 5).map(([a, b]) => [b, a]), compress },
    { name: "yval", dims: [5, 1], columnMajor: y.slice(0, 5), storage: "uint8", compress },
    { name: "w16", dims: [2, 3], columnMajor: [1, -2, 3, -4, 5, -6], storage: "int16", classCode: 10, compress },
    { name: "s", dims: [1, 2], columnMajor: [104, 105], storage: "uint16", classCode: 4, compress },
    { name: "z", rows: [[1, 2]], complex: true, compress },
    { name: "cube", dims: [1, 2, 2], columnMajor: [1, 2, 3, 4], compress },
  ];
}

test(`.mat reader: ${CASES} seeded mutations (seed ${SEED}) give values or MatFileError, fast, in bounded memory`, { timeout: 120_000 }, () => {
  const compressedFile = writeMat(variables(true));
  const plainFile = writeMat(variables(false));
  const plainElements = variables(false).map(matrixElement);
  // The originals load.
  assert.deepEqual(Object.keys(parseMat(compressedFile)).sort(), ["X", "Xval", "w16", "y", "yval"]);
  assert.deepEqual(parseMat(plainFile), parseMat(compressedFile));

  const rng = randomStream(SEED);
  const counts = { ok: 0, refused: 0 };
  const messages = new Map<string, number>();
  let slowest = 0;
  const t0 = performance.now();
  for (let k = 0; k < CASES; k++) {
    const kind = below(rng, 3);
    let bytes: Uint8Array;
    if (kind === 0) bytes = mutateBytes(rng, compressedFile);
    else if (kind === 1) bytes = mutateBytes(rng, plainFile);
    else {
      // Mutate one element behind zlib: its inflated bytes, compressed again.
      const target = below(rng, plainElements.length);
      let inner = plainElements[target];
      const rounds = 1 + below(rng, 3);
      for (let r = 0; r < rounds; r++) inner = mutateBytes(rng, inner);
      bytes = concat([header(), ...plainElements.map((e, i) => element15(deflateSync(i === target ? inner : e)))]);
    }
    const wanted = rng.random() < 0.5 ? ["X", "y", "Xval", "yval"] : undefined;
    const where = `case ${k} (seed ${SEED}, kind ${kind})`;
    const buffersBefore = process.memoryUsage().arrayBuffers;
    const start = performance.now();
    try {
      const vars = parseMat(bytes, "fuzz.mat", wanted ? { variables: wanted } : {});
      for (const [name, m] of Object.entries(vars)) assert.ok(isMatrix(m), `${where}: ${name} is not a well-formed matrix`);
      if (wanted) for (const name of wanted) assert.ok(name in vars, `${where}: ${name} missing without an error`);
      counts.ok++;
    } catch (err) {
      if (!(err instanceof MatFileError)) {
        writeFileSync(join(tmpdir(), `dropout-lab-fuzz-case-${SEED}-${k}.mat`), bytes);
        assert.fail(`${where}: ${(err as Error).constructor.name}: ${(err as Error).message}\n${(err as Error).stack}`);
      }
      assert.ok(err.message.startsWith("fuzz.mat: "), `${where}: ${err.message}`);
      assert.ok(!/\n\s+at /.test(err.message), `${where}: a stack trace in the message`);
      const key = err.problem.replace(/\d+/g, "N").slice(0, 60);
      messages.set(key, (messages.get(key) ?? 0) + 1);
      counts.refused++;
    }
    const ms = performance.now() - start;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < CASE_MS, `${where}: took ${ms.toFixed(0)} ms`);
    const grew = (process.memoryUsage().arrayBuffers - buffersBefore) / 2 ** 20;
    assert.ok(grew < CASE_BUFFER_MB, `${where}: allocated ${grew.toFixed(0)} MB of buffers`);
    // Every 100th case also goes through a file and the course loader.
    if (k % 100 === 0) {
      const p = join(dir, `case-${k}.mat`);
      writeFileSync(p, bytes);
      try {
        loadCourseData(p);
      } catch (err) {
        assert.ok(err instanceof MatFileError, `${where}: loadCourseData threw ${(err as Error).constructor.name}: ${(err as Error).message}`);
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(
    `  .mat fuzz: ${CASES} cases in ${seconds.toFixed(1)} s (slowest ${slowest.toFixed(0)} ms), ${counts.ok} read, ${counts.refused} refused, ` +
      `${messages.size} kinds of message; peak RSS ${rssMB.toFixed(0)} MB\n`,
  );
  assert.ok(rssMB < RSS_CAP_MB, `peak RSS ${rssMB.toFixed(0)} MB, cap ${RSS_CAP_MB} MB`);
  // The mutations must exercise both outcomes and many different checks.
  assert.ok(counts.ok > CASES / 20 && counts.refused > CASES / 4, JSON.stringify(counts));
  assert.ok(messages.size >= 15, `only ${messages.size} kinds of message: ${[...messages.keys()].join(" | ")}`);
});
