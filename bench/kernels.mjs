#!/usr/bin/env node
// The WebAssembly kernels alone: microseconds per call of forward_layer,
// weight_gradients and input_gradients at the layer shapes of the course's
// [2, 20, 3, 1] (m = 211), notebook 03's [2, 40, 20, 1] on the spirals
// (m = 200) and [2, 40, 20, 10, 1] (m = 211), with and without dropout.
//
//   node bench/kernels.mjs [OTHER ...] [--rounds N] [--only TEXT]
//
// Times the built module (dist/kernels/module.js); each OTHER (a .wat file,
// assembled with the wabt dev dependency, or a module.js / module.ts holding
// the base64) is timed beside it, the modules taking turns, and the ratio
// other / built is printed (above 1: the built one is faster). Each figure is
// the fastest of N rounds (default 15) of about 5 ms each: the machine's
// noise only ever adds time.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const ROUNDS = Number(option("--rounds", "15"));
const only = option("--only", "");
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) {
  console.error("bench/kernels.mjs: --rounds takes a positive integer");
  process.exit(2);
}

/** The module's bytes from a .wat (assembled), or from a file holding the base64 in string literals. */
async function moduleBytes(path) {
  const text = readFileSync(path, "utf8");
  if (!path.endsWith(".wat")) return Buffer.from([...text.matchAll(/"([A-Za-z0-9+/=]+)"/g)].map((m) => m[1]).join(""), "base64");
  const wabt = await require("wabt")();
  const expanded = text.replace(/^[ \t]*;; include ([\w.-]+\.wat)[ \t]*$/gm, (_, file) => readFileSync(join(dirname(path), "wat", file), "utf8"));
  const module = wabt.parseWat(path, expanded, { simd: true });
  module.validate();
  return module.toBinary({}).buffer;
}

const paths = [join(root, "dist", "kernels", "module.js"), ...argv];
const modules = [];
for (const path of paths) {
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 64 });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(await moduleBytes(path)), { env: { memory } });
  const f64 = new Float64Array(memory.buffer);
  for (let i = 0; i < f64.length; i++) f64[i] = Math.sin(i * 0.7) * 1.5; // the same data in every module
  modules.push({ path, k: exports, f64 });
}

// Regions (byte offsets) far enough apart for (40, 211) matrices; D holds a 0/1 mask.
const at = (i) => 16 + i * 80000;
const [W, A, b, Z, Aout, D, dZ, Zp, dZp, dW, db] = Array.from({ length: 11 }, (_, i) => at(i));
for (const { f64 } of modules) for (let i = 0; i < 40 * 211; i++) f64[D / 8 + i] = (i * 7919) % 10 < 8 ? 1 : 0;

const NETWORKS = [
  ["course", [2, 20, 3, 1], 211],
  ["spirals", [2, 40, 20, 1], 200],
  ["deep", [2, 40, 20, 10, 1], 211],
];
const cases = [];
for (const [net, dims, m] of NETWORKS) {
  for (let l = 1; l < dims.length; l++) {
    const n = dims[l], k = dims[l - 1], hidden = l < dims.length - 1, flops = 2 * n * k * m;
    const shape = `${net} (${n}, ${k})`;
    cases.push([`forward ${shape}${hidden ? " relu" : ""}`, (e) => e.forward_layer(W, A, b, n, k, m, Z, hidden ? Aout : 0, hidden ? 3 : 0, 0, 1), flops]);
    if (hidden) cases.push([`forward ${shape} relu+dropout`, (e) => e.forward_layer(W, A, b, n, k, m, Z, Aout, 7, D, 0.8), flops]);
    cases.push([`weight_gradients ${shape}`, (e) => e.weight_gradients(dZ, A, n, k, m, dW, db), flops]);
    if (l > 1) {
      cases.push([`input_gradients ${shape} relu`, (e) => e.input_gradients(W, dZ, n, k, m, Aout, 0, 1, Zp, dZp, 2), flops]);
      cases.push([`input_gradients ${shape} dropout+relu`, (e) => e.input_gradients(W, dZ, n, k, m, Aout, D, 0.8, Zp, dZp, 3), flops]);
    }
  }
}
const chosen = cases.filter(([name]) => name.includes(only));
const best = chosen.map(() => modules.map(() => Infinity));
for (let round = 0; round <= ROUNDS; round++) {
  chosen.forEach(([, call, flops], c) => {
    const order = round % 2 ? [...modules.keys()].reverse() : [...modules.keys()];
    for (const i of order) {
      const reps = Math.max(20, Math.round(1e8 / flops));
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < reps; r++) call(modules[i].k);
      const us = Number(process.hrtime.bigint() - t0) / 1000 / reps;
      if (round > 0) best[c][i] = Math.min(best[c][i], us); // round 0 warms up (and tiers up) only
    }
  });
}
console.log(`modules: ${paths.map((p, i) => `[${i}] ${p}`).join("; ")}`);
console.log(`${"kernel, network (n, k)".padEnd(44)} ${paths.map((_, i) => `[${i}] µs  GFLOP/s${i ? "  ratio" : ""}`).join(" | ")}`);
chosen.forEach(([name, , flops], c) => {
  const cols = best[c].map((us, i) => `${us.toFixed(2).padStart(6)} ${(flops / us / 1000).toFixed(2).padStart(6)}${i ? `  ${(us / best[c][0]).toFixed(2).padStart(5)}` : ""}`);
  console.log(`${name.padEnd(44)} ${cols.join(" | ")}`);
});
