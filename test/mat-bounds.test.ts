/**
 * The .mat reader is bounded against decompression bombs (issue 10, item 3).
 * Before, a 2.1 MB file inflated to 2 GiB and was accepted after 24 s at
 * 6.3 GB of RSS, and a 5.3 MB one failed after 9.8 s at 4.4 GB with a
 * misleading "compressed element … is corrupt".
 *
 * The bombs are built here (test/helpers/mat-bomb.ts), never from the course
 * file. Each is read in a child process that reports its time and peak RSS.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { loadCourseData, MAX_MAT_MEMORY_BYTES, MatFileError, parseMat } from "../src/data";
import { bombMat } from "./helpers/mat-bomb";
import { header, matrixElement } from "./helpers/mat-writer";

const ROOT = resolve(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "dropout-lab-bombs-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const GiB = 1024 ** 3;
/** Peak RSS allowed for a child that reads a bomb (Node and tsx alone take about 80 MB). */
const RSS_LIMIT_MB = 250;
const TIME_LIMIT_MS = 3_000;

interface Probe {
  outcome: string;
  ms: number;
  maxRssMB: number;
}

/** Reads `path` with `fn` ("readMat" or "loadCourseData") in a child process. */
function probe(path: string, fn: "readMat" | "loadCourseData"): Probe {
  const code = `
    const data = require("./src/data");
    const t0 = performance.now();
    let outcome;
    try {
      const v = data[${JSON.stringify(fn)}](process.argv[1]);
      outcome = "ok " + Object.keys(v).join(",");
    } catch (e) {
      outcome = e.constructor.name + ": " + e.message;
    }
    const ms = performance.now() - t0;
    process.stdout.write(JSON.stringify({ outcome, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code, path], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
    // A runaway reader dies here instead of taking the machine's memory.
    env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=512" },
  });
  assert.equal(r.signal, null, `the reader was killed (${r.signal}):\n${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Probe;
}

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe("decompression bombs", { timeout: 120_000 }, () => {
  test("2 MB file declaring a 2 GiB matrix: refused before inflating, fast, small memory", () => {
    const bytes = bombMat({ inflatedBytes: 2 * GiB - 1024 });
    assert.ok(bytes.length > 2_000_000 && bytes.length < 2_200_000, `bomb size ${bytes.length}`);
    const p = write("bomb-2g.mat", bytes);
    const r = probe(p, "readMat");
    assert.equal(
      r.outcome,
      `MatFileError: ${p}: compressed element at byte 128: its matrix header declares 2147482680 bytes; reading it needs ` +
        `2147482688 bytes (2048 MiB), more than the reader's limit of 512 MiB per file; refused`,
    );
    assert.ok(r.ms < TIME_LIMIT_MS, `${r.ms} ms`);
    assert.ok(r.maxRssMB < RSS_LIMIT_MB, `peak RSS ${r.maxRssMB} MB`);
  });

  test("5 MB file inflating to 5 GiB past a 48-byte header: refused as a bomb, not 'corrupt'", () => {
    const bytes = bombMat({ inflatedBytes: 5 * GiB, declared: 48 });
    assert.ok(bytes.length > 5_000_000 && bytes.length < 5_500_000, `bomb size ${bytes.length}`);
    const p = write("bomb-5g.mat", bytes);
    for (const fn of ["readMat", "loadCourseData"] as const) {
      const r = probe(p, fn);
      assert.equal(
        r.outcome,
        `MatFileError: ${p}: compressed element at byte 128 inflates to more than the 56 bytes its matrix header declares ` +
          `(a decompression bomb, or a damaged file); refused after 56 bytes`,
        fn,
      );
      assert.ok(!/corrupt/.test(r.outcome));
      assert.ok(r.ms < TIME_LIMIT_MS, `${fn}: ${r.ms} ms`);
      assert.ok(r.maxRssMB < RSS_LIMIT_MB, `${fn}: peak RSS ${r.maxRssMB} MB`);
    }
  });

  test("a bomb in a variable not asked for is skipped unread; the course variables load", () => {
    const bomb = bombMat({ inflatedBytes: 2 * GiB - 1024, name: "junk" }).subarray(128);
    const vars = [
      { name: "X", rows: [[0.5, -0.25], [0.1, 0.2]], compress: true },
      { name: "y", dims: [2, 1], columnMajor: [1, 0], storage: "uint8" as const, compress: true },
      { name: "Xval", rows: [[-0.5, 0.5]], compress: true },
      { name: "yval", dims: [1, 1], columnMajor: [1], storage: "uint8" as const, compress: true },
    ].map(matrixElement);
    const file = Buffer.concat([header(), vars[0], vars[1], bomb, vars[2], vars[3]]);
    const p = write("course-with-bomb.mat", file);
    const r = probe(p, "loadCourseData");
    assert.equal(r.outcome, "ok name,source,train,test");
    assert.ok(r.ms < TIME_LIMIT_MS && r.maxRssMB < RSS_LIMIT_MB, JSON.stringify(r));
    // Asked for by name, it is refused.
    assert.throws(
      () => parseMat(file, "f.mat", { variables: ["junk"] }),
      (e: Error) => e instanceof MatFileError && e.message.includes("limit of 512 MiB per file"),
    );
    assert.deepEqual(Object.keys(loadCourseData(p).train), ["X", "Y"]);
  });

  test("the per-file budget counts decoded matrices: a uint8-stored matrix 8 times as large as float64", () => {
    assert.equal(MAX_MAT_MEMORY_BYTES, 512 * 1024 * 1024);
    // 80 MiB of uint8 values inflate to 80 MiB and decode to 640 MiB of float64: refused at decoding.
    const n = 80 * 1024 * 1024;
    const el = matrixElement({ name: "big", dims: [n, 1], columnMajor: [], storage: "uint8" });
    // matrixElement wrote no values; patch the real part's length to n and append zeros.
    const v = new DataView(el.buffer, el.byteOffset, el.byteLength);
    const realTag = el.length - 8;
    v.setUint32(realTag + 4, n, true);
    v.setUint32(4, el.length - 8 + n, true);
    const file = Buffer.concat([header(), el, Buffer.alloc(n)]);
    assert.throws(
      () => parseMat(file, "wide.mat"),
      (e: Error) =>
        e instanceof MatFileError &&
        e.message === `wide.mat: element at byte 128: variable big (${n}x1) as float64 needs ${n * 8} bytes (640 MiB), more than the reader's limit of 512 MiB per file; refused`,
    );
  });
});
