#!/usr/bin/env node
// `npm run bench`: times dropout-lab's training (the built library in dist/)
// against the course's formulation in numpy (bench/course_numpy.py), run
// interleaved on the same data, and reports speed, allocation, memory,
// agreement, the sweep's speed-up and the headless time of notebook 01.
//
//   node --expose-gc bench/bench.mjs [--runs N] [--iterations N] [--no-numpy]
//       [--variants NAME,...] [--no-sweep] [--no-notebook] [--json FILE]
//
// The npm script builds first. DROPOUT_LAB_DATA picks the course file (as the
// library does); without one, the built-in default dataset is used, and said.
// DROPOUT_LAB_WASM=0 times the plain JavaScript kernels instead of WebAssembly.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
if (!existsSync(join(root, "dist", "index.js"))) {
  console.error("bench: dist/ is missing; run `npm run build` first (npm run bench does)");
  process.exit(1);
}
const lib = require(join(root, "dist", "index.js"));
const { wasmAvailable } = lib;

/* ---------------------------------------------------------------------- */
/* Options                                                                 */
/* ---------------------------------------------------------------------- */

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const RUNS = Number(value("--runs", "5"));
const ITERATIONS = Number(value("--iterations", "30000"));
const jsonOut = value("--json", undefined);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(ITERATIONS) || ITERATIONS < 1) {
  console.error("bench: --runs and --iterations take positive integers");
  process.exit(2);
}

const ALL_VARIANTS = [
  { name: "plain", label: "plain", options: {}, numpy: { variant: "plain" }, comparable: true },
  { name: "l2", label: "L2 λ=0.7", options: { lambd: 0.7 }, numpy: { variant: "l2", lambd: 0.7 }, comparable: true },
  {
    name: "dropout-fresh",
    label: "dropout 0.86, fresh masks",
    options: { keepProb: 0.86, masks: "fresh" },
    numpy: { variant: "dropout", keep_prob: 0.86, masks: "fresh" },
    comparable: false,
    why: "fresh masks come from different generators", // xor128 here, MT19937 in numpy
  },
  {
    name: "dropout-course",
    label: "dropout 0.86, course masks",
    options: { keepProb: 0.86, masks: "course" },
    numpy: { variant: "dropout", keep_prob: 0.86, masks: "course" },
    comparable: true, // the same masks: numpy's rand after seed(1), bit for bit
  },
  {
    // A wider, deeper network (the one notebook 03 trains): where the time goes to the wide layers' products.
    name: "deep",
    label: "deep [2, 40, 20, 10, 1]",
    hidden: [40, 20, 10],
    options: {},
    numpy: { variant: "plain" },
    comparable: true,
    // Its training amplifies last-bit differences (numpy's sums against ours, or our two backends
    // against each other: 1e-13 relative at iteration 3000, 1e-10 at 6000, then O(1)), so the cost
    // compared is iteration 3000's; the final one is shown.
    compareAt: 3000,
    why: "from about iteration 6000 on, this network's training amplifies the last-bit differences of summation order",
  },
];
const chosen = value("--variants", undefined)?.split(",");
const unknown = chosen?.filter((n) => !ALL_VARIANTS.some((v) => v.name === n)) ?? [];
if (chosen?.length === 0 || unknown.length > 0) {
  console.error(`bench: --variants takes names from ${ALL_VARIANTS.map((v) => v.name).join(", ")}, got ${JSON.stringify(unknown[0] ?? "")}`);
  process.exit(2);
}
const VARIANTS = chosen ? ALL_VARIANTS.filter((v) => chosen.includes(v.name)) : ALL_VARIANTS;

const out = { machine: {}, data: {}, variants: {}, memory: {}, sweep: null, notebook: null };
const print = (line = "") => console.log(line);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const fmt = (x, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/* ---------------------------------------------------------------------- */
/* Data and the numpy peer                                                 */
/* ---------------------------------------------------------------------- */

const tmp = mkdtempSync(join(os.tmpdir(), "dropout-lab-bench-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

const coursePath = lib.courseDataPath();
const ds = coursePath !== undefined && existsSync(coursePath) ? lib.loadCourseData(coursePath) : lib.defaultDataset();
// numpy reads the .mat itself with scipy; this JSON copy is its fallback without
// scipy, and its data for the built-in dataset.
const dataJson = join(tmp, "data.json");
writeFileSync(dataJson, JSON.stringify({ X: lib.toArray(ds.train.X), Y: lib.toArray(ds.train.Y) }));
const numpyArgs = ds.name === "course" ? [coursePath, dataJson] : [dataJson];
const { X, Y } = ds.train;
const dims = [X.rows, 20, 3, 1];
/** A variant's layer sizes: the course's network unless it names other hidden layers. */
const dimsOf = (v) => (v.hidden ? [X.rows, ...v.hidden, 1] : dims);
out.data = { source: ds.source, nx: X.rows, m: X.cols, dims };

/** One long-lived numpy process, answering one JSON request per line. */
function startNumpy() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // they slow current numpy down; unset for numpy only
  delete env.OPENBLAS_L2_SIZE;
  const child = spawn("/usr/bin/python3", [join(root, "bench", "course_numpy.py"), ...numpyArgs], {
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (line) => waiting.shift()?.resolve(JSON.parse(line)));
  child.on("exit", (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`numpy peer exited with code ${code}`));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  return {
    ready: next(),
    request(req) {
      const reply = next();
      child.stdin.write(JSON.stringify(req) + "\n");
      return reply;
    },
    stop() {
      child.stdin.end();
    },
  };
}

let numpy = null;
let numpyInfo = null;
if (!flag("--no-numpy")) {
  if (!existsSync("/usr/bin/python3")) {
    print("numpy: /usr/bin/python3 not found; timing dropout-lab alone");
  } else {
    numpy = startNumpy();
    try {
      numpyInfo = await numpy.ready;
    } catch (err) {
      print(`numpy: could not start the peer (${err.message}); timing dropout-lab alone`);
      numpy = null;
    }
  }
}

/* ---------------------------------------------------------------------- */
/* Machine                                                                 */
/* ---------------------------------------------------------------------- */

const cpus = os.cpus();
const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
const mhz = cpus[0]?.speed || Number(/cpu MHz\s*:\s*([\d.]+)/.exec(cpuinfo)?.[1]) || undefined;
const family = /cpu family\s*:\s*(\d+)/.exec(cpuinfo)?.[1], cpuModel = /^model\s*:\s*(\d+)/m.exec(cpuinfo)?.[1];
out.machine = {
  cpu: `${cpus[0]?.model ?? "unknown"}${family ? ` (family ${family}, model ${cpuModel})` : ""}`,
  cores: os.availableParallelism?.() ?? cpus.length,
  mhz: mhz ? Math.round(mhz) : undefined,
  node: process.version,
  v8: process.versions.v8,
  kernels: wasmAvailable() ? "WebAssembly SIMD" : "JavaScript",
  numpy: numpyInfo?.numpy ?? null,
  python: numpyInfo?.python ?? null,
  blas: numpyInfo?.blas ?? null,
  loadavg: os.loadavg(),
};
const blas = numpyInfo?.blas;
const blasText = !blas
  ? "n/a"
  : Array.isArray(blas)
    ? blas.map((b) => `${b.internal_api} ${b.version} ${b.architecture} (${b.num_threads} threads)`).join("; ")
    : `${blas.config ?? blas.libraries?.join(", ")}; kernel ${blas.corename ?? "?"}, ${blas.threads ?? "?"} threads`;
print("# dropout-lab benchmark");
print();
print(`machine: ${out.machine.cpu}, ${out.machine.cores} cores${out.machine.mhz ? ` @ ${out.machine.mhz} MHz` : ""}`);
print(`node:    ${process.version} (V8 ${process.versions.v8}); kernels: ${out.machine.kernels}`);
print(`numpy:   ${numpyInfo ? `${numpyInfo.numpy} on Python ${numpyInfo.python}; BLAS: ${blasText}` : "not run"}`);
print(`load:    ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (1/5/15-minute load average at start: other work on the cores slows both sides)`);
print(`data:    ${ds.source}${coursePath === undefined || !existsSync(coursePath) ? " (no course file: set DROPOUT_LAB_DATA to use it)" : ""}; X (${X.rows}, ${X.cols})`);
const otherDims = [...new Set(VARIANTS.filter((v) => v.hidden).map((v) => `[${dimsOf(v)}] (${v.name})`))];
print(`network: [${dims}]${otherDims.length ? `, and ${otherDims.join(", ")}` : ""}; ${ITERATIONS} iterations, learning rate 0.3; ${RUNS} runs per variant, interleaved`);
print();

/* ---------------------------------------------------------------------- */
/* Floating-point operations per iteration, counted from the shapes        */
/* ---------------------------------------------------------------------- */

/**
 * What one iteration of the course's formulation computes: for each layer the
 * product (2·n·n_prev·m), bias (n·m), activation (ReLU 1, sigmoid 4 per
 * value), dropout (compare, multiply, divide forward; multiply, divide
 * backward, per hidden value), the cost (about 7 per example), dZ_L = A − Y,
 * dW (2·n·n_prev·m + n·n_prev for the 1/m), db (n·m + n), dA_prev
 * (2·n·n_prev·m, not for the input), ReLU backward (1 per hidden value), L2
 * (2 per weight for the gradient, 2 for the cost) and the update (2 per parameter).
 */
function flopsPerIteration(dims, m, { lambd = 0, keepProb = 1 } = {}) {
  const L = dims.length - 1;
  let f = 0;
  let weights = 0;
  let biases = 0;
  for (let l = 1; l <= L; l++) {
    const n = dims[l], p = dims[l - 1];
    weights += n * p;
    biases += n;
    f += 2 * n * p * m + n * m; // W·A + b
    f += l < L ? n * m : 4 * n * m; // ReLU or sigmoid
    if (l < L && keepProb < 1) f += 3 * n * m + 2 * n * m; // dropout forward and backward
    f += 2 * n * p * m + n * p + n * m + n; // dW, db
    if (l > 1) f += 2 * n * p * m + p * m; // dA_prev and the ReLU backward below
  }
  f += 7 * m + m; // cost, dZ_L
  if (lambd > 0) f += 4 * weights;
  f += 2 * (weights + biases); // update
  return f;
}

/* ---------------------------------------------------------------------- */
/* Timed runs                                                              */
/* ---------------------------------------------------------------------- */

// Identical initial weights on both sides: numpy's np.random.seed(3) randn / √n, for each network.
const initialByDims = new Map();
for (const v of VARIANTS) {
  const key = String(dimsOf(v));
  if (initialByDims.has(key)) continue;
  initialByDims.set(
    key,
    numpy
      ? Object.fromEntries(Object.entries((await numpy.request({ variant: "init", dims: dimsOf(v) })).parameters).map(([k, p]) => [k, lib.fromArray(p)]))
      : lib.initializeCourse(dimsOf(v)),
  );
}
const initialFor = (v) => initialByDims.get(String(dimsOf(v)));
const numpyRequest = (v, iterations) => ({ ...v.numpy, ...(v.hidden ? { dims: dimsOf(v) } : {}), iterations });

function runOurs(variant, iterations = ITERATIONS) {
  const t0 = performance.now();
  const r = lib.model(X, Y, { ...variant.options, numIterations: iterations, initialParameters: initialFor(variant) });
  return { seconds: (performance.now() - t0) / 1000, finalCost: r.finalCost, costs: r.costs };
}

// Warm-up: JIT and caches on our side, imports and BLAS threads on numpy's.
for (const v of VARIANTS) {
  runOurs(v, 2000);
  if (numpy) await numpy.request(numpyRequest(v, 500));
}

const results = Object.fromEntries(VARIANTS.map((v) => [v.name, { ours: [], numpy: [], oursCost: NaN, numpyCost: NaN }]));
for (let run = 0; run < RUNS; run++) {
  for (const v of VARIANTS) {
    const r = results[v.name];
    const oursFirst = (run + VARIANTS.indexOf(v)) % 2 === 0; // alternate who goes first
    for (const side of oursFirst ? ["ours", "numpy"] : ["numpy", "ours"]) {
      if (side === "ours") {
        const o = runOurs(v);
        r.ours.push(o.seconds);
        r.oursCost = o.finalCost;
        r.oursCosts = o.costs;
      } else if (numpy) {
        const n = await numpy.request(numpyRequest(v, ITERATIONS));
        r.numpy.push(n.seconds);
        r.numpyCost = n.final_cost;
        r.numpyCosts = n.costs;
        r.numpyRss = n.max_rss_kb;
      }
    }
  }
  process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
}

print("## Training time (median of runs; lower is better)");
print();
print("| variant | dropout-lab s | numpy s | numpy / dropout-lab | dropout-lab it/s | numpy it/s | flops/it | dropout-lab GFLOP/s | numpy GFLOP/s |");
print("|---|---|---|---|---|---|---|---|---|");
for (const v of VARIANTS) {
  const r = results[v.name];
  const flops = flopsPerIteration(dimsOf(v), X.cols, v.options);
  const ours = median(r.ours);
  const np = r.numpy.length ? median(r.numpy) : NaN;
  const row = {
    label: v.label,
    oursSeconds: ours,
    numpySeconds: np,
    ratio: np / ours,
    oursItPerSec: ITERATIONS / ours,
    numpyItPerSec: ITERATIONS / np,
    flopsPerIteration: flops,
    oursGflops: (flops * ITERATIONS) / ours / 1e9,
    numpyGflops: (flops * ITERATIONS) / np / 1e9,
    oursRuns: r.ours,
    numpyRuns: r.numpy,
    oursFinalCost: r.oursCost,
    numpyFinalCost: r.numpyCost,
  };
  out.variants[v.name] = row;
  print(
    `| ${v.label} | ${fmt(ours)} | ${fmt(np)} | **${fmt(row.ratio, 2)}×** | ${fmt(row.oursItPerSec, 0)} | ${fmt(row.numpyItPerSec, 0)} | ` +
      `${(flops / 1000).toFixed(1)}k | ${fmt(row.oursGflops, 2)} | ${fmt(row.numpyGflops, 2)} |`,
  );
}
print();
print("All runs (seconds):");
for (const v of VARIANTS) {
  const r = results[v.name];
  print(`  ${v.name.padEnd(15)} dropout-lab ${r.ours.map((s) => s.toFixed(3)).join(" ")}${r.numpy.length ? ` | numpy ${r.numpy.map((s) => s.toFixed(3)).join(" ")}` : ""}`);
}
print();

/* ---------------------------------------------------------------------- */
/* Agreement                                                               */
/* ---------------------------------------------------------------------- */

print("## Same model, same result (final cost after the last iteration, identical initial weights)");
print();
let agreementOk = true;
for (const v of VARIANTS) {
  const r = results[v.name];
  if (!numpy) {
    print(`  ${v.name.padEnd(15)} dropout-lab ${r.oursCost}`);
    continue;
  }
  const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
  out.variants[v.name].finalCostRelativeDifference = rel(r.oursCost, r.numpyCost);
  const final = `dropout-lab ${r.oursCost}  numpy ${r.numpyCost}`;
  if (!v.comparable) {
    print(`  ${v.name.padEnd(15)} ${final}  (not comparable: ${v.why})`);
    continue;
  }
  // The cost at iteration `compareAt` (costs are recorded every 1000 iterations), else the final one.
  const at = v.compareAt !== undefined && v.compareAt < ITERATIONS ? v.compareAt / 1000 : null;
  const [ours, theirs] = at === null ? [r.oursCost, r.numpyCost] : [r.oursCosts[at], r.numpyCosts[at]];
  const diff = rel(ours, theirs);
  const ok = diff <= 1e-9;
  agreementOk &&= ok;
  const verdict = `relative difference ${diff.toExponential(2)} ${ok ? "(agree within 1e-9)" : "(MISMATCH: more than 1e-9)"}`;
  if (at === null) {
    print(`  ${v.name.padEnd(15)} ${final}  ${verdict}`);
  } else {
    out.variants[v.name].comparedAt = { iteration: v.compareAt, relativeDifference: diff };
    print(`  ${v.name.padEnd(15)} iteration ${v.compareAt}: dropout-lab ${ours}  numpy ${theirs}  ${verdict}`);
    print(`  ${"".padEnd(15)} final: ${final}  (not compared: ${v.why})`);
  }
}
print();

/* ---------------------------------------------------------------------- */
/* Allocation, GC and memory                                               */
/* ---------------------------------------------------------------------- */

/**
 * Allocation in one training after warm-up (iteration 1000 on): the heap's
 * growth between consecutive progress callbacks (every 1000 iterations), summed
 * over the intervals in which no GC ran (a GC shrinks the heap and hides what
 * was allocated), and the GCs that ran, by kind. V8 also collects on timers
 * ("memory reducer"), so a GC alone does not prove allocation; the bytes do.
 */
async function allocationProbe(variant) {
  globalThis.gc?.();
  const gcs = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  const marks = []; // [time, heapUsed] at iterations 1000, 2000, …
  lib.model(X, Y, {
    ...variant.options,
    numIterations: ITERATIONS,
    initialParameters: initialFor(variant),
    callbackEvery: 1000,
    callback: (p) => {
      if (p.iteration >= 1000 && p.iteration % 1000 === 0) marks.push([performance.now(), process.memoryUsage().heapUsed]);
    },
  });
  await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
  observer.disconnect();
  const t0 = marks[0][0], t1 = marks[marks.length - 1][0];
  const during = gcs.filter((e) => e.startTime >= t0 && e.startTime <= t1);
  let bytes = 0, iterations = 0;
  for (let i = 1; i < marks.length; i++) {
    const [ta, ha] = marks[i - 1], [tb, hb] = marks[i];
    if (during.some((e) => e.startTime >= ta && e.startTime <= tb)) continue;
    bytes += hb - ha;
    iterations += 1000;
  }
  // What the probe's own callback allocates (a progress record, memoryUsage, a mark), per call.
  const idle = [];
  const h0 = process.memoryUsage().heapUsed;
  for (let k = 0; k < 100; k++) idle.push([performance.now(), process.memoryUsage().heapUsed, { iteration: k, cost: 0, costs: [] }]);
  const callbackBytes = (process.memoryUsage().heapUsed - h0) / 100;
  const kinds = { 1: "minor", 2: "major", 4: "incremental", 8: "weak callbacks" };
  const byKind = {};
  for (const e of during) {
    const k = kinds[e.detail?.kind ?? e.kind] ?? "other";
    byKind[k] = (byKind[k] ?? 0) + 1;
  }
  return {
    iterations: (marks.length - 1) * 1000,
    measuredIterations: iterations,
    bytesPerIteration: iterations ? bytes / iterations : NaN,
    callbackBytesPerIteration: callbackBytes / 1000,
    gcCount: during.length,
    gcByKind: byKind,
  };
}

print("## Allocation and memory (dropout-lab)");
print();
if (ITERATIONS >= 3000) {
  for (const v of VARIANTS) {
    const a = await allocationProbe(v);
    out.memory[v.name] = a;
    const kinds = Object.entries(a.gcByKind).map(([k, n]) => `${n} ${k}`).join(", ");
    print(
      `  ${v.name.padEnd(15)} model(), iterations 1000–${1000 + a.iterations}: ${fmt(a.bytesPerIteration, 2)} bytes/iteration of heap growth ` +
        `over ${a.measuredIterations} GC-free iterations, all of it from the reporting every 1000 iterations ` +
        `(cost, progress record; the probe's own callback ~${fmt(a.callbackBytesPerIteration, 2)}); ${a.gcCount} GCs${kinds ? ` (${kinds})` : ""}`,
    );
  }
} else {
  print("  (skipped: needs at least 3000 iterations)");
}
// The iteration alone, without the training loop's reporting: trainStep, the
// very function model() calls each iteration (forward, backward, update over
// one workspace), 20000 times after a warm-up.
if (ITERATIONS >= 3000) {
  const { stepPlan, trainStep } = require(join(root, "dist", "train", "step.js"));
  const { createWorkspace, loadInput, loadNetwork } = require(join(root, "dist", "network", "workspace.js"));
  const { withKeepProb } = require(join(root, "dist", "network", "parameters.js"));
  const { dropoutMask } = require(join(root, "dist", "network", "layers.js"));
  for (const v of VARIANTS) {
    const initial = initialFor(v);
    const start = Array.isArray(initial) ? initial : lib.parametersToNetwork("bench", initial);
    const network = withKeepProb("bench", start, v.options.keepProb ?? 1);
    const ws = createWorkspace(dimsOf(v), X.cols);
    loadInput(ws, X);
    loadNetwork(ws, network);
    const rng = v.options.masks === "fresh" ? lib.randomStream(1) : null;
    const courseRng = new lib.NumpyRandomState(1); // the course's masks: drawn once, layer by layer, as model() does
    const masks = v.options.masks === "course" ? [0, 1].map((l) => dropoutMask(ws.kernels, ws.masks[l], 0.86, courseRng)) : null;
    const plan = stepPlan(ws, Y, v.options.lambd ?? 0, 0.3, rng, masks);
    const step = () => trainStep(plan, false);
    for (let i = 0; i < 5000; i++) step();
    globalThis.gc?.();
    let gcs = 0;
    const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
    observer.observe({ entryTypes: ["gc"] });
    const h0 = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20000; i++) step();
    const h1 = process.memoryUsage().heapUsed;
    await new Promise((r) => setTimeout(r, 50));
    observer.disconnect();
    out.memory[v.name].loopBodyBytesPerIteration = (h1 - h0) / 20000;
    out.memory[v.name].loopBodyGCs = gcs;
    print(`  ${v.name.padEnd(15)} the iteration alone (trainStep, as model() runs it; 20000 times): ${fmt((h1 - h0) / 20000, 2)} bytes/iteration, ${gcs} GCs`);
  }
}
const rssMB = process.resourceUsage().maxRSS / 1024;
out.memory.peakRssMB = rssMB;
out.memory.numpyPeakRssMB = VARIANTS.some((v) => results[v.name].numpyRss) ? Math.max(...VARIANTS.map((v) => results[v.name].numpyRss ?? 0)) / 1024 : null;
print(`  peak RSS: dropout-lab (this whole benchmark process) ${rssMB.toFixed(1)} MB${out.memory.numpyPeakRssMB ? `; numpy peer ${out.memory.numpyPeakRssMB.toFixed(1)} MB` : ""}`);
print();
numpy?.stop();

/* ---------------------------------------------------------------------- */
/* Sweep speed-up                                                          */
/* ---------------------------------------------------------------------- */

print("## Sweep: speed-up over one worker");
print();
if (flag("--no-sweep")) {
  print("  (skipped: --no-sweep)");
} else if (typeof lib.sweep !== "function") {
  print("  sweep: not available yet");
} else {
  const grid = { keepProb: [1, 0.86], lambd: [0, 0.7], seed: [1, 2, 3], dataset: ["default", "moons"] };
  const common = { numIterations: 10000 };
  const total = lib.sweepConfigs ? lib.sweepConfigs(grid).length : 24;
  const workersMax = os.availableParallelism?.() ?? cpus.length;
  const times = { 1: [], [workersMax]: [] };
  let failures = 0;
  for (let round = 0; round < 3; round++) {
    for (const workers of round % 2 === 0 ? [1, workersMax] : [workersMax, 1]) {
      const t0 = performance.now();
      const res = await lib.sweep(grid, { ...common, workers });
      times[workers].push((performance.now() - t0) / 1000);
      failures += res.errors.length;
    }
  }
  const one = median(times[1]);
  const many = median(times[workersMax]);
  out.sweep = { trainings: total, iterations: common.numIterations, workers: workersMax, oneWorkerSeconds: one, allWorkersSeconds: many, speedup: one / many, runs: times, failures };
  print(`  ${total} trainings × ${common.numIterations} iterations (keepProb × lambd × seed × dataset), median of 3 interleaved rounds:`);
  print(`  1 worker ${fmt(one, 2)} s; ${workersMax} workers ${fmt(many, 2)} s; speed-up **${fmt(one / many, 2)}×**${failures ? `; ${failures} failed trainings` : ""}`);
}
print();

/* ---------------------------------------------------------------------- */
/* Notebook 01, headless                                                   */
/* ---------------------------------------------------------------------- */

print("## Notebook 01, executed headless");
print();
const notebook = join(root, "notebooks", "01-regularization.ipynb");
const runner = join(root, "scripts", "run_notebooks.py");
if (flag("--no-notebook")) {
  print("  (skipped: --no-notebook)");
} else if (!existsSync(notebook) || !existsSync(runner)) {
  print("  notebook 01: not available yet");
} else {
  const report = join(tmp, "report.json");
  const t0 = performance.now();
  const proc = spawnSync("/usr/bin/python3", [runner, "--out", join(tmp, "nb"), "--no-html", "--quiet", "--report", report, notebook], {
    cwd: root,
    encoding: "utf8",
  });
  const seconds = (performance.now() - t0) / 1000;
  let reported = null;
  try {
    reported = JSON.parse(readFileSync(report, "utf8")).notebooks?.[0] ?? null;
  } catch {
    // no report: the runner failed before writing it
  }
  out.notebook = { seconds, executionSeconds: reported?.seconds ?? null, passed: proc.status === 0 };
  if (proc.status === 0) {
    print(`  notebooks/01-regularization.ipynb: ${fmt(seconds, 1)} s wall-clock in all (kernel start, execution, signing)${reported?.seconds ? `; execution ${fmt(reported.seconds, 1)} s` : ""}`);
  } else {
    print(`  notebooks/01-regularization.ipynb: FAILED after ${fmt(seconds, 1)} s (exit ${proc.status})`);
    print((proc.stdout + proc.stderr).split("\n").slice(-8).map((l) => "    " + l).join("\n"));
  }
}
print();

/* ---------------------------------------------------------------------- */
/* The notebooks' weight and speed                                         */
/* ---------------------------------------------------------------------- */

// Executes 01-03 with their HTML exports into a scratch folder, then
// scripts/notebook-metrics.ts reads their sizes and largest embedded script,
// opens executed 01 in the live Notebook (Chromium) until every chart is
// drawn, and executes 03 headless once more for its time.
print("## Notebooks: sizes, opening 01 in the live Notebook, notebook 03's time");
print();
if (flag("--no-notebook")) {
  print("  (skipped: --no-notebook)");
} else {
  const dir = join(tmp, "notebooks");
  const nbs = ["01-regularization", "02-gradient-check", "03-experiments"].map((n) => join(root, "notebooks", `${n}.ipynb`));
  const ran = spawnSync("/usr/bin/python3", [runner, "--out", dir, "--quiet", ...nbs], { cwd: root, encoding: "utf8" });
  if (ran.status !== 0) {
    print(`  executing the notebooks FAILED (exit ${ran.status})`);
    print((ran.stdout + ran.stderr).split("\n").slice(-8).map((l) => "    " + l).join("\n"));
  } else {
    const metrics = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "notebook-metrics.ts"), "--out", dir], { cwd: root, encoding: "utf8" });
    print((metrics.stdout || "").trimEnd().split("\n").map((l) => "  " + l).join("\n"));
    if (metrics.status !== 0) print(`  notebook-metrics FAILED (exit ${metrics.status}): ${(metrics.stderr || "").trim().split("\n").slice(-3).join(" / ")}`);
    try {
      out.notebooks = JSON.parse(readFileSync(join(dir, "notebook-metrics.json"), "utf8"));
    } catch {
      out.notebooks = null;
    }
  }
}
print();
print(`load at end: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(out, null, 2) + "\n");
if (numpy && !agreementOk) {
  console.error("bench: dropout-lab and numpy disagree by more than 1e-9 on a comparable variant");
  process.exitCode = 1;
}
