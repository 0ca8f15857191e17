import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import type { Matrix } from "../src/matrix";
import { toArray } from "../src/matrix-array";
import { randomStream } from "../src/random";
import {
  DATASET_KINDS,
  DataFileError,
  MatFileError,
  courseDataPath,
  datasetByName,
  datasetToFrame,
  defaultDataset,
  frameToDataset,
  generateDataset,
  loadCourseData,
  loadDataFile,
  makeBlobs,
  makeCircles,
  makeCourseLike,
  makeMoons,
  makeSpirals,
  makeXor,
  parseMat,
  projectRoot,
  readCsvDataset,
  readMat,
  writeCsvDataset,
  type Dataset,
} from "../src/data";
import { courseLikeMat, writeMat } from "./helpers/mat-writer";

const dir = mkdtempSync(join(tmpdir(), "dropout-lab-data-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

/** Asserts that fn throws `type` and that its message contains every fragment. */
function throwsWith(fn: () => unknown, type: new (...a: never[]) => Error, ...fragments: string[]): void {
  assert.throws(fn, (err: Error) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err.constructor.name}: ${err.message}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(f)}`);
    return true;
  });
}

async function rejectsWith(p: Promise<unknown>, type: new (...a: never[]) => Error, ...fragments: string[]): Promise<void> {
  await assert.rejects(p, (err: Error) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${err.constructor.name}: ${err.message}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message)} lacks ${JSON.stringify(f)}`);
    return true;
  });
}

// Small hand-made course-shaped data (not the course's).
const TRAIN = {
  X: [
    [0.5, -0.25],
    [-0.125, 0.75],
    [0.1, 0.2],
  ],
  y: [1, 0, 1],
};
const TEST = {
  X: [
    [-0.5, 0.5],
    [0.3, -0.3],
  ],
  y: [0, 1],
};

describe("parseMat / readMat", () => {
  const M32 = [
    [1.5, -2],
    [Math.PI, 1e-300],
    [-0, 123456789.123],
  ];

  test("reads compressed and uncompressed elements, uint8-stored doubles, column-major to row-major", () => {
    const bytes = writeMat([
      { name: "A", rows: M32, compress: true },
      { name: "B", rows: M32 },
      { name: "y", dims: [4, 1], columnMajor: [0, 1, 1, 0], storage: "uint8", compress: true },
      { name: "row", rows: [[7, 8, 9]], storage: "uint8" },
    ]);
    const v = readMat(file("synthetic.mat", bytes));
    assert.deepEqual(Object.keys(v).sort(), ["A", "B", "row", "y"]);
    for (const k of ["A", "B"]) {
      assert.equal(v[k].rows, 3);
      assert.equal(v[k].cols, 2);
      assert.deepEqual(toArray(v[k]), M32); // exact, including -0
    }
    assert.deepEqual(toArray(v.y), [[0], [1], [1], [0]]);
    assert.deepEqual(toArray(v.row), [[7, 8, 9]]);
    assert.ok(v.A.data instanceof Float64Array);
  });

  test("reads every numeric storage type and class exactly", () => {
    const cases = [
      { storage: "int8", values: [-128, 0, 127] },
      { storage: "uint8", values: [0, 1, 255] },
      { storage: "int16", values: [-32768, 5, 32767] },
      { storage: "uint16", values: [0, 65535, 7] },
      { storage: "int32", values: [-2147483648, 2147483647, -1] },
      { storage: "uint32", values: [4294967295, 0, 3] },
      { storage: "single", values: [0.5, -1.25, 3] },
      { storage: "double", values: [0.1, -1 / 3, 5e-324] },
      { storage: "int64", values: [-(2 ** 53), 2 ** 53, -7] },
      { storage: "uint64", values: [0, 2 ** 53, 9] },
    ] as const;
    const classes = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    const bytes = writeMat(
      cases.map((c, k) => ({
        name: `v_${c.storage}`,
        dims: [1, 3],
        columnMajor: [...c.values],
        storage: c.storage,
        classCode: classes[k],
        compress: k % 2 === 0,
      })),
    );
    const v = parseMat(bytes, "types.mat");
    for (const c of cases) assert.deepEqual(Array.from(v[`v_${c.storage}`].data), c.values, c.storage);
  });

  test("skips unsupported variables, but not when asked for them", () => {
    const bytes = writeMat([
      { name: "s", dims: [1, 2], columnMajor: [104, 105], storage: "uint16", classCode: 4 }, // char 'hi'
      { name: "cube", dims: [2, 1, 2], columnMajor: [1, 2, 3, 4] },
      { name: "z", rows: [[1, 2]], complex: true, compress: true },
      { name: "ok", rows: [[1, 2]] },
    ]);
    assert.deepEqual(Object.keys(parseMat(bytes, "mixed.mat")), ["ok"]);
    throwsWith(() => parseMat(bytes, "mixed.mat", { variables: ["s"] }), MatFileError, "mixed.mat", "s is a char array");
    throwsWith(() => parseMat(bytes, "mixed.mat", { variables: ["cube"] }), MatFileError, "cube has 3 dimensions");
    throwsWith(() => parseMat(bytes, "mixed.mat", { variables: ["z"] }), MatFileError, "z is complex");
    throwsWith(
      () => parseMat(bytes, "mixed.mat", { variables: ["ok", "X"] }),
      MatFileError,
      "mixed.mat",
      "missing variable X",
      "s, cube, z, ok",
    );
  });
});

describe("course data file", () => {
  test("data.mat: shapes, labels, finite values in range", (t) => {
    const path = courseDataPath();
    if (path === undefined || !existsSync(path)) {
      const why = `course data file not found: ${path ?? "set DROPOUT_LAB_DATA or put it at ../shared/datasets/data.mat"}`;
      if (process.env.CI === "true") assert.fail(`${why} (required when CI=true)`);
      t.skip(why);
      return;
    }
    const ds = loadCourseData(path);
    assert.equal(ds.name, "course");
    assert.ok(ds.source.includes(path));
    const expect: Record<string, [Matrix, number, number]> = {
      "train X": [ds.train.X, 2, 211],
      "train Y": [ds.train.Y, 1, 211],
      "test X": [ds.test.X, 2, 200],
      "test Y": [ds.test.Y, 1, 200],
    };
    for (const [what, [m, rows, cols]] of Object.entries(expect)) {
      assert.equal(m.rows, rows, what);
      assert.equal(m.cols, cols, what);
      for (const x of m.data) assert.ok(Number.isFinite(x) && x >= -1 && x <= 1, `${what}: ${x}`);
    }
    for (const s of [ds.train, ds.test]) {
      const ones = Array.from(s.Y.data).filter((y) => y === 1).length;
      const zeros = Array.from(s.Y.data).filter((y) => y === 0).length;
      assert.equal(ones + zeros, s.Y.cols);
      assert.ok(ones > 0 && zeros > 0);
    }
  });
});

describe("bad input", () => {
  const good = courseLikeMat(TRAIN, TEST);

  test("a missing file", async () => {
    const p = join(dir, "no-such-file.mat");
    throwsWith(() => readMat(p), MatFileError, p, "file not found");
    throwsWith(() => loadCourseData(p), MatFileError, p, "file not found");
    await rejectsWith(loadDataFile(p), MatFileError, p, "file not found");
    await rejectsWith(readCsvDataset(join(dir, "none.csv")), DataFileError, "none.csv", "file not found");
  });

  test("a truncated file", () => {
    const half = file("half.mat", good.subarray(0, Math.floor(good.length / 2)));
    throwsWith(() => loadCourseData(half), MatFileError, half, "truncated");
    const stub = file("stub.mat", good.subarray(0, 60));
    throwsWith(() => readMat(stub), MatFileError, stub, "truncated", "60 bytes");
    const empty = file("empty.mat", new Uint8Array(0));
    throwsWith(() => readMat(empty), MatFileError, empty, "not a MAT file");
  });

  test("corrupt zlib data", () => {
    const bad = good.slice();
    bad[136] = 0x00; // the zlib stream's header, just after the first tag
    bad[137] = 0x00;
    const p1 = file("bad-header.mat", bad);
    throwsWith(() => readMat(p1), MatFileError, p1, "compressed element at byte 128 is corrupt");

    const bad2 = good.slice();
    const len = new DataView(bad2.buffer).getUint32(132, true);
    bad2.fill(0x5a, 140, 136 + len - 4); // scribble over the deflate body
    const p2 = file("bad-body.mat", bad2);
    assert.throws(
      () => readMat(p2),
      (err: Error) => err instanceof MatFileError && /compressed element at byte 128 is corrupt/.test(err.message) && !/\n\s+at /.test(err.message),
    );
  });

  test("a v7.3 (HDF5) file", () => {
    const head = new Uint8Array(1024);
    head.set(new TextEncoder().encode("MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: today HDF5 schema 1.00 ."), 0);
    head.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512);
    const p = file("v73.mat", head);
    throwsWith(() => loadCourseData(p), MatFileError, p, "v7.3", "HDF5", "-v7");
    const bare = new Uint8Array(1024);
    bare.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512); // signature only, blank header text
    throwsWith(() => parseMat(bare, "bare.mat"), MatFileError, "bare.mat", "HDF5");
  });

  test("not a MAT file, or big-endian", () => {
    const p = file("text.mat", "x1,x2,y\n" + "0,0,1\n".repeat(40));
    throwsWith(() => readMat(p), MatFileError, p, "not a MAT file");
    throwsWith(() => parseMat(writeMat([{ name: "a", rows: [[1]] }], { endian: "MI" }), "be.mat"), MatFileError, "be.mat", "big-endian");
  });

  test("a file without the course's variables", () => {
    const p = file("other.mat", writeMat([{ name: "a", rows: [[1]] }, { name: "b", rows: [[2]], compress: true }]));
    throwsWith(() => loadCourseData(p), MatFileError, p, "missing variables X, y, Xval, yval", "holds a, b");
  });

  test("labels other than 0/1", () => {
    const p = file("labels.mat", courseLikeMat(TRAIN, { X: TEST.X, y: [0, 2] }));
    throwsWith(() => loadCourseData(p), MatFileError, p, "test split (Xval, yval)", "only 0 and 1", "got 2");
  });

  test("NaN or Infinity in X", () => {
    const p = file("nan.mat", courseLikeMat({ X: [[0, 0], [NaN, 1], [1, 1]], y: [0, 1, 0] }, TEST));
    throwsWith(() => loadCourseData(p), MatFileError, p, "train split (X, y)", "finite", "NaN");
    const q = file("inf.mat", courseLikeMat(TRAIN, { X: [[0, Infinity], [1, 1]], y: [0, 1] }, false));
    throwsWith(() => loadCourseData(q), MatFileError, q, "test split", "finite", "Infinity");
  });

  test("an empty dataset", () => {
    const bytes = writeMat([
      { name: "X", rows: [], emptyCols: 2 },
      { name: "y", dims: [0, 1], columnMajor: [] },
      { name: "Xval", rows: TEST.X },
      { name: "yval", dims: [2, 1], columnMajor: TEST.y },
    ]);
    const p = file("empty-split.mat", bytes);
    throwsWith(() => loadCourseData(p), MatFileError, p, "train split", "empty", "at least one example");
  });

  test("wrong shapes", () => {
    const p = file("shape.mat", courseLikeMat({ X: [[1, 2, 3]], y: [1] }, TEST));
    throwsWith(() => loadCourseData(p), MatFileError, p, "X has shape (1, 3)", "expected (m, 2)");
    const q = file("ylen.mat", courseLikeMat({ X: TRAIN.X, y: [1, 0] }, TEST));
    throwsWith(() => loadCourseData(q), MatFileError, q, "y has shape (2, 1)", "3 labels");
  });

  test("unknown file types and dataset names", async () => {
    const p = file("data.txt", "hello");
    await rejectsWith(loadDataFile(p), DataFileError, p, "unsupported file type", ".mat", ".csv");
    throwsWith(() => datasetByName("mnist"), Error, '"mnist"', "course, default, moons, circles, spirals, xor, blobs");
  });
});

describe("course-shaped synthetic file", () => {
  test("loadCourseData transposes to examples in columns", () => {
    const p = file("course-like.mat", courseLikeMat(TRAIN, TEST));
    const ds = loadCourseData(p);
    assert.equal(ds.source, `course file ${p}`);
    assert.deepEqual(toArray(ds.train.X), [
      [0.5, -0.125, 0.1],
      [-0.25, 0.75, 0.2],
    ]);
    assert.deepEqual(toArray(ds.train.Y), [[1, 0, 1]]);
    assert.deepEqual(toArray(ds.test.X), [
      [-0.5, 0.3],
      [0.5, -0.3],
    ]);
    assert.deepEqual(toArray(ds.test.Y), [[0, 1]]);
    assert.deepEqual(datasetByName("course", { path: p }), ds);
  });

  test("courseDataPath honours DROPOUT_LAB_DATA; projectRoot finds the package", async () => {
    const saved = process.env.DROPOUT_LAB_DATA;
    const p = file("via-env.mat", courseLikeMat(TRAIN, TEST));
    try {
      process.env.DROPOUT_LAB_DATA = p;
      assert.equal(courseDataPath(), p);
      assert.deepEqual((await loadDataFile(p)).train.Y.data, new Float64Array([1, 0, 1]));
      assert.equal(datasetByName("course").source, `course file ${p}`);
    } finally {
      if (saved === undefined) delete process.env.DROPOUT_LAB_DATA;
      else process.env.DROPOUT_LAB_DATA = saved;
    }
    const root = projectRoot();
    assert.equal(root, resolve(__dirname, ".."));
    const pkg = JSON.parse(readFileSync(join(root!, "package.json"), "utf8")) as { name: string };
    assert.equal(pkg.name, "dropout-lab");
  });
});

describe("DataFrame and CSV", () => {
  const sameSplit = (a: Dataset["train"], b: Dataset["train"]): void => {
    assert.deepEqual(a.X.data, b.X.data);
    assert.deepEqual(a.Y.data, b.Y.data);
    assert.equal(a.X.rows, b.X.rows);
  };

  test("datasetToFrame has x1, x2, y, split; frameToDataset inverts it", () => {
    const ds = generateDataset("moons", { nTrain: 7, nTest: 5, seed: 4 });
    const df = datasetToFrame(ds);
    assert.deepEqual(df.columns, ["x1", "x2", "y", "split"]);
    assert.deepEqual(df.shape, [12, 4]);
    assert.deepEqual(df.column("split").values, [...Array(7).fill("train"), ...Array(5).fill("test")]);
    assert.deepEqual(df.column("x2").values.slice(0, 7), Array.from(ds.train.X.data.subarray(7)));
    const back = frameToDataset(df, "moons", "frame");
    sameSplit(back.train, ds.train);
    sameSplit(back.test, ds.test);
  });

  test("loading the library does not load danfojs", () => {
    const code = "require('./src/data'); process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('danfojs'))))";
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", code], { cwd: resolve(__dirname, ".."), encoding: "utf8" });
    assert.equal(out, "false");
  });

  test("datasetToFrame rejects a bad dataset", () => {
    const ds = generateDataset("xor", { nTrain: 4, nTest: 4 });
    ds.test.Y.data[2] = 3;
    throwsWith(() => datasetToFrame(ds), RangeError, "test split", "only 0 and 1", "got 3");
  });

  test("CSV round trip is exact", async () => {
    const ds = generateDataset("spirals", { nTrain: 50, nTest: 30, seed: 9 });
    // Values that need all 17 significant digits, and extremes.
    ds.train.X.data.set([0.1 + 0.2, 1 / 3, -2 / 3, 5e-324, 0.9999999999999999, -1e-17]);
    const p = join(dir, "round.csv");
    await writeCsvDataset(ds, p);
    const back = await readCsvDataset(p);
    assert.equal(back.source, `CSV file ${p}`);
    assert.equal(back.name, "round");
    sameSplit(back.train, ds.train);
    sameSplit(back.test, ds.test);
  });

  test("CSV with a split column in any order, 17-digit values exact", async () => {
    const p = file(
      "split.csv",
      [
        "y,x2,split,x1",
        "1,0.30000000000000004,test,0.12345678901234568",
        "0,-0.33333333333333331,train,0.66666666666666663",
        "1,1e-5,train,-0.99999999999999989",
      ].join("\n") + "\n",
    );
    const ds = await readCsvDataset(p);
    // Row-major (2, 2): x1 of the train rows, then their x2.
    assert.deepEqual(Array.from(ds.train.X.data), [2 / 3, -(1 - 2 ** -53), -1 / 3, 1e-5]);
    assert.deepEqual(Array.from(ds.train.Y.data), [0, 1]);
    assert.deepEqual(Array.from(ds.test.X.data), [0.12345678901234568, 0.1 + 0.2]);
    assert.deepEqual(Array.from(ds.test.Y.data), [1]);
  });

  test("CSV without a split column: every row is train, test is the same rows, and source says so", async () => {
    const p = file("nosplit.csv", "x1,x2,y\n0.5,0.25,1\n-0.5,0,0\n");
    const ds = await readCsvDataset(p);
    assert.deepEqual(toArray(ds.train.X), [
      [0.5, -0.5],
      [0.25, 0],
    ]);
    assert.deepEqual(ds.test, ds.train);
    assert.notEqual(ds.test.X.data, ds.train.X.data); // a copy, not shared
    assert.match(ds.source, /no split column: test split = train split/);
  });

  test("CSV with a missing column, bad labels, empty cells, bad split values", async () => {
    const p = file("missing.csv", "x1,x2,label\n0,0,1\n");
    await rejectsWith(readCsvDataset(p), DataFileError, p, "missing column y", "present are x1, x2, label");
    const q = file("labels.csv", "x1,x2,y\n0,0,1\n0,1,2\n");
    await rejectsWith(readCsvDataset(q), DataFileError, q, "column y, row 1", "0 or 1", "got 2");
    const r = file("hole.csv", "x1,x2,y\n0,0,1\n0,,0\n");
    await rejectsWith(readCsvDataset(r), DataFileError, r, "column x2, row 1", "finite number", "empty cell");
    const s = file("splitval.csv", "x1,x2,y,split\n0,0,1,train\n0,1,0,validation\n");
    await rejectsWith(readCsvDataset(s), DataFileError, s, "column split, row 1", '"validation"');
    const u = file("notest.csv", "x1,x2,y,split\n0,0,1,train\n");
    await rejectsWith(readCsvDataset(u), DataFileError, u, 'no "test" rows');
  });
});

describe("generators", () => {
  const generators = { makeMoons, makeCircles, makeSpirals, makeXor, makeBlobs, makeCourseLike };

  for (const [name, gen] of Object.entries(generators)) {
    test(`${name}: shapes, labels, both classes, finite, deterministic`, () => {
      const a = gen(101, 0.1, randomStream(5));
      assert.equal(a.X.rows, 2);
      assert.equal(a.X.cols, 101);
      assert.equal(a.Y.rows, 1);
      assert.equal(a.Y.cols, 101);
      for (const x of a.X.data) assert.ok(Number.isFinite(x));
      for (const y of a.Y.data) assert.ok(y === 0 || y === 1);
      assert.ok(a.Y.data.includes(0) && a.Y.data.includes(1));
      const same = gen(101, 0.1, randomStream(5));
      assert.deepEqual(same, a);
      assert.notDeepEqual(gen(101, 0.1, randomStream(6)).X, a.X);
      // Two draws from one stream differ: the generator advances it, never re-seeds it.
      const rng = randomStream(5);
      const first = gen(20, 0.1, rng);
      assert.notDeepEqual(gen(20, 0.1, rng).X, first.X);
    });
  }

  test("bad n, noise or stream", () => {
    throwsWith(() => makeMoons(0, 0.1, randomStream(1)), RangeError, "makeMoons", "n", "got 0");
    throwsWith(() => makeXor(2.5, 0.1, randomStream(1)), RangeError, "makeXor", "n", "2.5");
    throwsWith(() => makeCircles(10, -1, randomStream(1)), RangeError, "makeCircles", "noise", "-1");
    throwsWith(() => makeBlobs(10, NaN, randomStream(1)), RangeError, "noise", "NaN");
    throwsWith(() => makeSpirals(10, 0.1, undefined as never), TypeError, "makeSpirals", "rng");
    throwsWith(() => generateDataset("waves" as never), Error, "generateDataset", "moons", '"waves"');
  });

  test("never calls Math.random", (t) => {
    t.mock.method(Math, "random", () => {
      throw new Error("Math.random called");
    });
    for (const kind of DATASET_KINDS) generateDataset(kind, { seed: 2 });
  });

  test("defaultDataset: 211 train and 200 test points in [-1, 1]², both classes, seeded", () => {
    const ds = defaultDataset();
    assert.equal(ds.name, "default");
    assert.equal(ds.source, "built-in default dataset (seed 1)");
    assert.deepEqual([ds.train.X.rows, ds.train.X.cols, ds.train.Y.cols], [2, 211, 211]);
    assert.deepEqual([ds.test.X.rows, ds.test.X.cols, ds.test.Y.cols], [2, 200, 200]);
    for (const s of [ds.train, ds.test]) {
      for (const x of s.X.data) assert.ok(Number.isFinite(x) && x >= -1 && x <= 1, String(x));
      const ones = s.Y.data.reduce((a, b) => a + b, 0);
      assert.ok(ones > 0.3 * s.Y.cols && ones < 0.7 * s.Y.cols, `class balance ${ones}/${s.Y.cols}`);
    }
    assert.deepEqual(defaultDataset(1), ds);
    assert.deepEqual(datasetByName("default"), ds);
    assert.notDeepEqual(defaultDataset(2).train.X, ds.train.X);
    // Train and test come from one stream, so they differ.
    assert.notDeepEqual(ds.test.X.data.subarray(0, 20), ds.train.X.data.subarray(0, 20));
  });

  test("generateDataset options and datasetByName for each kind", () => {
    const ds = generateDataset("circles", { nTrain: 30, nTest: 12, noise: 0, seed: 7 });
    assert.equal(ds.train.X.cols, 30);
    assert.equal(ds.test.X.cols, 12);
    assert.equal(ds.source, "generated circles dataset (seed 7, noise 0, 30 train / 12 test)");
    // noise 0: class 1 within radius 0.5, class 0 in the ring 0.7..1.
    const { X, Y } = ds.train;
    for (let j = 0; j < X.cols; j++) {
      const r = Math.hypot(X.data[j], X.data[X.cols + j]);
      assert.ok(Y.data[j] === 1 ? r <= 0.5 : r >= 0.7 && r <= 1, `r=${r}, y=${Y.data[j]}`);
    }
    for (const kind of DATASET_KINDS) {
      assert.deepEqual(datasetByName(kind, { seed: 3 }), generateDataset(kind, { seed: 3 }));
    }
  });
});
