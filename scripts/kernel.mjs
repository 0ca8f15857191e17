// Registers (or removes) this project's two Jupyter kernels for the current
// user, each run from this project's own node_modules by absolute path (no
// global install, no `tslab install`, no `deno jupyter --install`):
//
//   dropout-lab        "dropout-lab (TypeScript)"  tslab, with the node that runs this script
//   dropout-lab-deno   "dropout-lab (Deno)"        node_modules/.bin/deno jupyter (npm package "deno");
//                      interrupt by message (the kernel survives it), Deno's cache (DENO_DIR) in
//                      node_modules/.cache/deno, no update check, no prompts
//
//   node scripts/kernel.mjs install          (npm run kernel:install)  both
//   node scripts/kernel.mjs uninstall        (npm run kernel:uninstall) both
//   node scripts/kernel.mjs spec [tslab|deno] print the kernel.json that install writes
//
// Only the kernelspecs go into the user's folder (or $JUPYTER_DATA_DIR): Deno
// runs with the project's deno.json (node_modules as npm installed it, no lock
// file), so it neither downloads nor writes anything outside the project.
//
// Notebooks import the library as "dropout-lab" through the package link
// node_modules/dropout-lab -> project root (scripts/link-self.mjs), so a
// rebuild (npm run build) is picked up by the next kernel restart.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const kernelDir = join(root, "kernel");
const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
const deno = join(root, "node_modules", ".bin", "deno");
const APT_HINT =
  "Install Jupyter (Debian/Ubuntu): sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client";

/** The two kernels: spec name, template, and what must exist for it to run. */
const KERNELS = {
  tslab: { name: "dropout-lab", template: join(kernelDir, "kernel.json"), program: tslab },
  deno: { name: "dropout-lab-deno", template: join(kernelDir, "deno", "kernel.json"), program: deno },
};

function fail(message) {
  console.error(`kernel: ${message}`);
  process.exit(1);
}

/** Runs `jupyter ARGS`; exits with a clear message when jupyter is missing. */
function jupyter(args) {
  const r = spawnSync("jupyter", args, { encoding: "utf8" });
  if (r.error && r.error.code === "ENOENT") fail(`the jupyter command was not found on PATH.\n${APT_HINT}`);
  if (r.error) fail(`jupyter ${args.join(" ")}: ${r.error.message}`);
  return r;
}

/** The installed kernelspecs: name -> resource_dir. */
function installedSpecs() {
  const r = jupyter(["kernelspec", "list", "--json"]);
  if (r.status !== 0) fail(`"jupyter kernelspec list" failed (is jupyter-client installed?).\n${r.stderr.trim()}\n${APT_HINT}`);
  const specs = JSON.parse(r.stdout).kernelspecs ?? {};
  return Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, s.resource_dir]));
}

/** A kernel's template with @NODE@, @TSLAB@, @DENO@ and @ROOT@ filled in (absolute paths). */
function specText(kernel) {
  const fill = { "@NODE@": process.execPath, "@TSLAB@": tslab, "@DENO@": deno, "@ROOT@": root };
  const spec = JSON.parse(readFileSync(kernel.template, "utf8"), (_key, value) =>
    typeof value === "string" ? value.replace(/@(NODE|TSLAB|DENO|ROOT)@/g, (m) => fill[m]) : value,
  );
  return JSON.stringify(spec, null, 2) + "\n";
}

/** Why the Deno binary cannot run here, or null when `deno --version` works. */
function denoProblem() {
  if (!existsSync(deno)) return `${deno} is missing (the npm package "deno" is a devDependency: run "npm ci")`;
  const r = spawnSync(deno, ["--version"], { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
  if (r.error || r.status !== 0) return `${deno} --version failed: ${(r.error?.message ?? r.stderr).trim()}`;
  return null;
}

function installOne(kernel) {
  const staging = mkdtempSync(join(tmpdir(), "dropout-lab-kernel-"));
  try {
    const dir = join(staging, kernel.name);
    mkdirSync(dir);
    writeFileSync(join(dir, "kernel.json"), specText(kernel));
    for (const logo of ["logo-32x32.png", "logo-64x64.png"]) copyFileSync(join(kernelDir, logo), join(dir, logo));
    const r = jupyter(["kernelspec", "install", "--user", "--name", kernel.name, dir]);
    if (r.status !== 0) fail(`"jupyter kernelspec install" failed for ${kernel.name}:\n${r.stderr.trim()}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function install() {
  if (!existsSync(tslab)) fail(`${tslab} is missing: run "npm ci" in ${root} first.`);
  installedSpecs(); // checks that jupyter and its kernelspec command are there
  const problem = denoProblem();
  installOne(KERNELS.tslab);
  if (problem === null) installOne(KERNELS.deno);
  const where = installedSpecs();
  for (const kernel of problem === null ? [KERNELS.tslab, KERNELS.deno] : [KERNELS.tslab]) {
    if (where[kernel.name] === undefined) fail(`the kernelspec "${kernel.name}" is not listed after installing it.`);
  }
  console.log(`kernel: installed "dropout-lab (TypeScript)" (${KERNELS.tslab.name}) at ${where[KERNELS.tslab.name]}`);
  console.log(`kernel:   it runs ${tslab} with ${process.execPath}`);
  if (problem === null) {
    console.log(`kernel: installed "dropout-lab (Deno)" (${KERNELS.deno.name}) at ${where[KERNELS.deno.name]}`);
    console.log(`kernel:   it runs ${deno} jupyter, with DENO_DIR ${join(root, "node_modules", ".cache", "deno")}`);
  } else {
    // Not fatal: the TypeScript kernel works without it (the Deno notebook tests then fail, naming this).
    console.error(`kernel: NOT installed "dropout-lab (Deno)": ${problem}`);
  }
}

function uninstall() {
  const where = installedSpecs();
  for (const kernel of [KERNELS.tslab, KERNELS.deno]) {
    if (where[kernel.name] === undefined) {
      console.log(`kernel: "${kernel.name}" is not installed; nothing to remove.`);
      continue;
    }
    const r = jupyter(["kernelspec", "remove", "-f", kernel.name]);
    if (r.status !== 0) fail(`"jupyter kernelspec remove" failed for ${kernel.name}:\n${r.stderr.trim()}`);
    console.log(`kernel: removed "${kernel.name}" from ${where[kernel.name]}`);
  }
}

const [command, which] = process.argv.slice(2);
if (command === "install") install();
else if (command === "uninstall") uninstall();
else if (command === "spec") {
  const kernel = KERNELS[which ?? "tslab"];
  if (kernel === undefined) fail(`unknown kernel ${JSON.stringify(which)}; use tslab or deno.`);
  process.stdout.write(specText(kernel));
} else fail(`unknown command ${JSON.stringify(command ?? "")}; use install, uninstall or spec [tslab|deno].`);
