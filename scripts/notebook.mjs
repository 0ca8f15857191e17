// npm run notebook: starts Jupyter Notebook on notebooks/, bound to 127.0.0.1,
// with token authentication on and no browser, and prints the URL to open.
//
//   npm run notebook [-- --port N]
//
// The token is random for each start. It reaches Jupyter through the
// JUPYTER_TOKEN environment variable, never the command line: any local user
// can read a process's command line (ps, /proc/PID/cmdline), but only its
// owner can read its environment. The kernels "dropout-lab (TypeScript)" and
// "dropout-lab (Deno)" are installed first when one is missing. Stop the server with Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const notebooks = join(root, "notebooks");

function fail(message) {
  console.error(`notebook: ${message}`);
  process.exit(1);
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers an authenticated status request (or the child exits). */
async function waitUntilUp(base, token, child) {
  for (;;) {
    if (child.exitCode !== null) return false;
    try {
      const r = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : await freePort();
if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`--port expects a port number, got ${process.argv[portArg + 1]}`);

if (!existsSync(join(root, "dist", "index.js"))) fail(`dist/ is missing: run "npm run build" first.`);
const specs = spawnSync("jupyter", ["kernelspec", "list", "--json"], { encoding: "utf8" });
if (specs.error) fail(`the jupyter command was not found on PATH. Install it (Debian/Ubuntu):\n  sudo apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client`);
const installed = JSON.parse(specs.stdout || "{}").kernelspecs ?? {};
if (!installed["dropout-lab"] || !installed["dropout-lab-deno"]) {
  const r = spawnSync(process.execPath, [join(root, "scripts", "kernel.mjs"), "install"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const token = randomBytes(24).toString("hex");
const args = [
  "notebook",
  "--no-browser",
  "--ip=127.0.0.1",
  `--port=${port}`,
  "--NotebookApp.port_retries=0",
  `--notebook-dir=${notebooks}`,
];
if (process.getuid?.() === 0) args.push("--allow-root"); // Jupyter refuses root without it
// Notebook 6 takes its token from JUPYTER_TOKEN when no --NotebookApp.token is given.
const env = { ...process.env, JUPYTER_TOKEN: token };
delete env.JUPYTER_TOKEN_FILE;
const child = spawn("jupyter", args, { stdio: "inherit", env });
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
// Ctrl-C reaches Jupyter directly (same process group): it asks to confirm the shutdown.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));

const base = `http://127.0.0.1:${port}`;
if (await waitUntilUp(base, token, child)) {
  const url = `${base}/?token=${token}`;
  const line = "-".repeat(Math.max(60, url.length + 4));
  console.log(`\n${line}\n  dropout-lab notebooks are served at:\n\n  ${url}\n\n  Open it in a browser, then pick the kernel "dropout-lab (TypeScript)" or "dropout-lab (Deno)".\n  After "npm run build", restart the kernel to load the new build.\n  Stop the server with Ctrl-C.\n${line}\n`);
}
