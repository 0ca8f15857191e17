/**
 * Fuzz test of the CSV reader (issue 10, acceptance): seeded mutations of a
 * small CSV this test writes (characters, fields, lines, long cells, quotes,
 * odd Unicode), one to four at a time.
 *
 * Every case must end with a dataset or a DataFileError, quickly. A dataset
 * must be well-formed (X (2, m) finite, Y (1, m) of 0/1, m ≥ 1); a message
 * must be short even when the input holds a 100,000-character cell; no case
 * may allocate much memory, and the process's peak RSS stays under a cap.
 * A failing case prints its seed and index: rerun with FUZZ_SEED and
 * FUZZ_CASES to reproduce.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DataFileError, parseCsvDataset, readCsvDataset, type Dataset } from "../src/data";
import { below, mutateText, randomStream } from "./helpers/fuzz";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.FUZZ_CASES ?? 3000);
const RSS_CAP_MB = 400;
const CASE_MS = 2_000;
/** The longest message allowed, beyond the file name. */
const MESSAGE_CHARS = 400;

const dir = mkdtempSync(join(tmpdir(), "dropout-lab-fuzz-csv-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function base(split: boolean): string {
  const lines = [split ? "x1,x2,y,split" : "x1,x2,y"];
  for (let i = 0; i < 12; i++) {
    const row = [(Math.sin(i) * 0.9).toString(), (Math.cos(3 * i) * 0.7).toFixed(6), String(i % 2)];
    if (split) row.push(i < 8 ? "train" : "test");
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}

function checkDataset(ds: Dataset, where: string): void {
  for (const [name, s] of [["train", ds.train], ["test", ds.test]] as const) {
    const m = s.X.cols;
    assert.ok(m >= 1, `${where}: ${name} split is empty`);
    assert.equal(s.X.rows, 2, where);
    assert.equal(s.X.data.length, 2 * m, where);
    assert.equal(s.Y.rows, 1, where);
    assert.equal(s.Y.cols, m, where);
    for (const x of s.X.data) assert.ok(Number.isFinite(x), `${where}: ${name} X holds ${x}`);
    for (const y of s.Y.data) assert.ok(y === 0 || y === 1, `${where}: ${name} Y holds ${y}`);
  }
}

test(`CSV reader: ${CASES} seeded mutations (seed ${SEED}) give datasets or DataFileError, fast, with short messages`, { timeout: 120_000 }, async () => {
  const originals = [base(true), base(false)];
  for (const text of originals) checkDataset(parseCsvDataset(text, "base", "base"), "original");

  const rng = randomStream(SEED);
  const counts = { ok: 0, refused: 0 };
  const messages = new Map<string, number>();
  let slowest = 0;
  const t0 = performance.now();
  for (let k = 0; k < CASES; k++) {
    let text = originals[below(rng, 2)];
    const rounds = 1 + below(rng, 4);
    for (let r = 0; r < rounds; r++) text = mutateText(rng, text);
    const where = `case ${k} (seed ${SEED})`;
    const buffersBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    try {
      checkDataset(parseCsvDataset(text, "fuzz", "fuzz.csv"), where);
      counts.ok++;
    } catch (err) {
      if (!(err instanceof DataFileError)) {
        writeFileSync(join(tmpdir(), `dropout-lab-fuzz-case-${SEED}-${k}.csv`), text);
        assert.fail(`${where}: ${(err as Error).constructor.name}: ${(err as Error).message.slice(0, 500)}\n${(err as Error).stack}`);
      }
      assert.ok(err.message.startsWith("fuzz.csv: "), `${where}: ${err.message.slice(0, 200)}`);
      assert.ok(err.problem.length <= MESSAGE_CHARS, `${where}: a ${err.problem.length}-character message: ${err.problem.slice(0, 200)}…`);
      const key = err.problem.replace(/\d+/g, "N").replace(/got .*/, "got …").slice(0, 70);
      messages.set(key, (messages.get(key) ?? 0) + 1);
      counts.refused++;
    }
    const ms = performance.now() - start;
    slowest = Math.max(slowest, ms);
    assert.ok(ms < CASE_MS, `${where}: took ${ms.toFixed(0)} ms`);
    const grew = (process.memoryUsage().heapUsed - buffersBefore) / 2 ** 20;
    assert.ok(grew < 64, `${where}: the heap grew by ${grew.toFixed(0)} MB`);
    // Every 100th case also goes through a file.
    if (k % 100 === 0) {
      const p = join(dir, `case-${k}.csv`);
      writeFileSync(p, text);
      try {
        checkDataset(await readCsvDataset(p), where);
      } catch (err) {
        assert.ok(err instanceof DataFileError, `${where}: readCsvDataset threw ${(err as Error).constructor.name}: ${(err as Error).message.slice(0, 300)}`);
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(
    `  CSV fuzz: ${CASES} cases in ${seconds.toFixed(1)} s (slowest ${slowest.toFixed(0)} ms), ${counts.ok} read, ${counts.refused} refused, ` +
      `${messages.size} kinds of message; peak RSS ${rssMB.toFixed(0)} MB\n`,
  );
  assert.ok(rssMB < RSS_CAP_MB, `peak RSS ${rssMB.toFixed(0)} MB, cap ${RSS_CAP_MB} MB`);
  assert.ok(counts.ok > CASES / 20 && counts.refused > CASES / 4, JSON.stringify(counts));
  assert.ok(messages.size >= 10, `only ${messages.size} kinds of message: ${[...messages.keys()].join(" | ")}`);
});
