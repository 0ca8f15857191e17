/**
 * Special files are refused up front wherever the data loaders take a path
 * (issue 10, item 4): before, `loadCourseData` on a FIFO blocked for ever and
 * a symbolic link to /dev/zero grew without bound. A FIFO, a device, a
 * directory, a socket and symbolic links to them must each give a clear
 * DataFileError at once.
 *
 * The special-file calls run in a child process with a timeout: a blocking
 * open or read would freeze this process's event loop, so a test timeout here
 * could not end it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import {
  checkRegularFile,
  DataFileError,
  isUrl,
  loadDataFile,
  MatFileError,
  readCsvDataset,
  readMat,
  readRegularFile,
} from "../src/data";
import { courseLikeMat } from "./helpers/mat-writer";

const ROOT = resolve(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "dropout-lab-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const TRAIN = { X: [[0.5, -0.25], [-0.125, 0.75]], y: [1, 0] };
const TEST = { X: [[-0.5, 0.5]], y: [0] };

/** The loaders a path reaches, by name; each returns a promise or throws. */
const LOADERS = ["readMat", "loadCourseData", "readCsvDataset", "loadDataFile", "readRegularFile", "checkRegularFile"] as const;

/**
 * Calls every loader on every path in a child process (killed after 30 s) and
 * returns, per path and loader, the error's class and message or "ok".
 */
function probeInChild(paths: string[]): Record<string, Record<string, string>> {
  const code = `
    const data = require("./src/data");
    (async () => {
      const out = {};
      for (const p of JSON.parse(process.argv[1])) {
        out[p] = {};
        for (const name of ${JSON.stringify(LOADERS)}) {
          try {
            await data[name](p);
            out[p][name] = "ok";
          } catch (e) {
            out[p][name] = e.constructor.name + ": " + e.message;
          }
        }
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code, JSON.stringify(paths)], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 30_000,
    killSignal: "SIGKILL",
  });
  assert.equal(r.signal, null, `the loaders hung on a special file (killed after ${Date.now() - t0} ms):\n${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, Record<string, string>>;
}

describe("special files are refused without blocking", { timeout: 60_000 }, () => {
  test("FIFO, /dev/zero link, directory, socket, and links to them", async () => {
    const fifo = join(dir, "pipe.mat");
    const mk = spawnSync("mkfifo", [fifo]);
    assert.equal(mk.status, 0, `mkfifo failed: ${mk.stderr}`);
    const fifoCsv = join(dir, "pipe.csv");
    symlinkSync(fifo, fifoCsv);
    const zero = join(dir, "zero.mat");
    symlinkSync("/dev/zero", zero);
    const zeroCsv = join(dir, "zero.csv");
    symlinkSync("/dev/zero", zeroCsv);
    const folder = join(dir, "folder.mat");
    mkdirSync(folder);
    const folderLink = join(dir, "folder-link.csv");
    symlinkSync(folder, folderLink);
    const socket = join(dir, "sock.mat");
    const server = createServer();
    await new Promise<void>((r) => server.listen(socket, r));
    const dangling = join(dir, "dangling.mat");
    symlinkSync(join(dir, "nowhere.mat"), dangling);
    const txtFifo = join(dir, "pipe.txt");
    symlinkSync(fifo, txtFifo);

    const expected: Record<string, string> = {
      [fifo]: "is a FIFO (named pipe), not a regular file",
      [fifoCsv]: "is a symbolic link to a FIFO (named pipe), not a regular file",
      [txtFifo]: "is a symbolic link to a FIFO (named pipe), not a regular file",
      [zero]: "is a symbolic link to a character device, not a regular file",
      [zeroCsv]: "is a symbolic link to a character device, not a regular file",
      [folder]: "is a directory, not a regular file",
      [folderLink]: "is a symbolic link to a directory, not a regular file",
      [socket]: "is a socket, not a regular file",
      [dangling]: "is a symbolic link to a file that does not exist",
    };
    const t0 = Date.now();
    let results: Record<string, Record<string, string>>;
    try {
      results = probeInChild(Object.keys(expected));
    } finally {
      server.close();
    }
    for (const [p, fragment] of Object.entries(expected)) {
      for (const name of LOADERS) {
        const got = results[p][name];
        // The .mat readers say MatFileError (a DataFileError); the others DataFileError.
        const cls = name === "readMat" || name === "loadCourseData" || (name === "loadDataFile" && p.endsWith(".mat")) ? "MatFileError" : "DataFileError";
        assert.equal(got, `${cls}: ${p}: ${fragment}${fragment.includes("not a regular file") ? "; give the path of a data file" : ""}`, `${name}(${p})`);
      }
    }
    assert.ok(Date.now() - t0 < 25_000);
  });

  test("a URL is refused as such; a relative path starting with http is a file", async () => {
    for (const url of ["http://example.com/data.csv", "https://example.com/data.mat", "file:///tmp/x.csv"]) {
      assert.ok(isUrl(url));
      await assert.rejects(loadDataFile(url), (e: Error) => e instanceof DataFileError && e.message === `${url}: is a URL; only local files can be read (there is no network access): download it and pass its path`);
    }
    const saved = process.cwd();
    process.chdir(dir);
    try {
      writeFileSync("http_data.csv", "x1,x2,y\n0.5,0.25,1\n-0.5,0,0\n");
      writeFileSync("https.mat", courseLikeMat(TRAIN, TEST));
      assert.ok(!isUrl("http_data.csv") && !isUrl("http:data.csv"));
      const csv = await readCsvDataset("http_data.csv");
      assert.deepEqual(Array.from(csv.train.Y.data), [1, 0]);
      assert.equal(csv.name, "http_data");
      assert.deepEqual(Array.from((await loadDataFile("https.mat")).train.Y.data), [1, 0]);
    } finally {
      process.chdir(saved);
    }
  });

  test("regular files, directly or through a link, are read; a size limit holds", () => {
    const p = join(dir, "ok.mat");
    writeFileSync(p, courseLikeMat(TRAIN, TEST));
    const link = join(dir, "ok-link.mat");
    symlinkSync(p, link);
    assert.deepEqual(Object.keys(readMat(link)).sort(), ["X", "Xval", "y", "yval"]);
    assert.equal(checkRegularFile(link), readRegularFile(p).length);
    assert.throws(
      () => readRegularFile(p, { maxBytes: 100 }),
      (e: Error) => e instanceof DataFileError && e.message.includes(`${p}: is `) && e.message.includes("more than the limit of 100 bytes"),
    );
    assert.throws(() => readMat(join(dir, "missing.mat")), (e: Error) => e instanceof MatFileError && /file not found$/.test(e.message));
    assert.throws(() => readRegularFile(""), TypeError);
    assert.throws(() => readRegularFile(p, { maxBytes: -1 }), TypeError);
  });
});
