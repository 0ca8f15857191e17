// Registers (or removes) the "dropout-lab (TypeScript)" Jupyter kernel for the
// current user. The kernel runs tslab from this project's own node_modules with
// the node that runs this script, both by absolute path: no global install and
// no `tslab install`.
//
//   node scripts/kernel.mjs install     (npm run kernel:install)
//   node scripts/kernel.mjs uninstall   (npm run kernel:uninstall)
//   node scripts/kernel.mjs spec        print the kernel.json that install writes
//
// Notebooks import the library as "dropout-lab" through the package link
// node_modules/dropout-lab -> project root (scripts/link-self.mjs), so a
// rebuild (npm run build) is picked up by the next kernel restart.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const NAME = "dropout-lab";
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const kernelDir = join(root, "kernel");
const tslab = join(root, "node_modules", "tslab", "bin", "tslab");
const APT_HINT =
  "Install Jupyter (Debian/Ubuntu): sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client";

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

/** The template kernel/kernel.json with @NODE@, @TSLAB@ and @ROOT@ filled in (absolute paths). */
function specText() {
  const fill = { "@NODE@": process.execPath, "@TSLAB@": tslab, "@ROOT@": root };
  const spec = JSON.parse(readFileSync(join(kernelDir, "kernel.json"), "utf8"), (_key, value) =>
    typeof value === "string" ? value.replace(/@(NODE|TSLAB|ROOT)@/g, (m) => fill[m]) : value,
  );
  return JSON.stringify(spec, null, 2) + "\n";
}

function install() {
  if (!existsSync(tslab)) fail(`${tslab} is missing: run "npm ci" in ${root} first.`);
  installedSpecs(); // checks that jupyter and its kernelspec command are there
  const staging = mkdtempSync(join(tmpdir(), "dropout-lab-kernel-"));
  try {
    const dir = join(staging, NAME);
    mkdirSync(dir);
    writeFileSync(join(dir, "kernel.json"), specText());
    for (const logo of ["logo-32x32.png", "logo-64x64.png"]) copyFileSync(join(kernelDir, logo), join(dir, logo));
    const r = jupyter(["kernelspec", "install", "--user", "--name", NAME, dir]);
    if (r.status !== 0) fail(`"jupyter kernelspec install" failed:\n${r.stderr.trim()}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const where = installedSpecs()[NAME];
  if (where === undefined) fail(`the kernelspec "${NAME}" is not listed after installing it.`);
  console.log(`kernel: installed "dropout-lab (TypeScript)" (${NAME}) at ${where}`);
  console.log(`kernel: it runs ${tslab} with ${process.execPath}`);
}

function uninstall() {
  const where = installedSpecs()[NAME];
  if (where === undefined) {
    console.log(`kernel: "${NAME}" is not installed; nothing to remove.`);
    return;
  }
  const r = jupyter(["kernelspec", "remove", "-f", NAME]);
  if (r.status !== 0) fail(`"jupyter kernelspec remove" failed:\n${r.stderr.trim()}`);
  console.log(`kernel: removed "${NAME}" from ${where}`);
}

const command = process.argv[2];
if (command === "install") install();
else if (command === "uninstall") uninstall();
else if (command === "spec") process.stdout.write(specText());
else fail(`unknown command ${JSON.stringify(command ?? "")}; use install, uninstall or spec.`);
