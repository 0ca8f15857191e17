/**
 * Helpers for the notebook tests (test/notebooks.test.ts, test/browser.test.ts):
 * Jupyter and Chromium detection, the headless executor (scripts/run_notebooks.py),
 * a scripted kernel session, a live Notebook server and a headless Chromium.
 *
 * They call Debian's Jupyter (`jupyter`, `/usr/bin/python3` with nbclient) and
 * `/usr/bin/chromium` through playwright-core. Nothing is downloaded.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { TestContext } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";

/** The project root. */
export const ROOT = resolve(__dirname, "..", "..");
/** Where tslab notebooks live; the kernel's working directory (its rootDir) for them. */
export const NOTEBOOKS_DIR = join(ROOT, "notebooks");
/** Test outputs (gitignored): executed notebooks, HTML exports, screenshots. */
export const TEST_OUT = join(ROOT, "out", "test");
/** The Python that has Jupyter's libraries (the first python3 on PATH may be another one). */
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
/** Debian's chromium; override with $CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const KERNEL_NAME = "dropout-lab";

/** This project's two kernels: tslab ("dropout-lab (TypeScript)") and Deno's ("dropout-lab (Deno)"). */
export type Kernel = "tslab" | "deno";
export const KERNELS: readonly Kernel[] = ["tslab", "deno"];
/** The kernelspec names that scripts/kernel.mjs installs. */
export const KERNEL_SPECS: Record<Kernel, string> = { tslab: KERNEL_NAME, deno: "dropout-lab-deno" };
/** Where the real notebooks' shared executions (and their results files) go, per kernel. */
export function kernelOut(kernel: Kernel): string {
  return kernel === "tslab" ? TEST_OUT : join(TEST_OUT, "deno");
}
/** The project's own Deno (npm package "deno"). */
export const DENO = join(__dirname, "..", "..", "node_modules", ".bin", "deno");

const RUNNER = join(ROOT, "scripts", "run_notebooks.py");
const IN_CI = process.env.CI === "true";

// ---------------------------------------------------------------------------
// Tool detection

export interface Availability {
  ok: boolean;
  /** Why not, when `ok` is false. */
  reason?: string;
}

let jupyterCache: Availability | undefined;

/** Whether Jupyter Notebook, nbconvert and nbclient (for PYTHON) are installed. */
export function jupyterAvailable(): Availability {
  if (jupyterCache) return jupyterCache;
  const missing: string[] = [];
  const check = (what: string, cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    if (r.error || r.status !== 0) missing.push(what);
  };
  check("jupyter nbconvert", "jupyter", ["nbconvert", "--version"]);
  check("jupyter notebook", "jupyter", ["notebook", "--version"]);
  check(`nbclient for ${PYTHON}`, PYTHON, ["-c", "import nbclient, nbformat, jupyter_client"]);
  jupyterCache =
    missing.length === 0
      ? { ok: true }
      : {
          ok: false,
          reason:
            `Jupyter is not installed (${missing.join(", ")} missing); ` +
            "apt-get install -y jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client",
        };
  return jupyterCache;
}

let denoCache: Availability | undefined;

/** Whether the project's Deno runs (node_modules/.bin/deno from the npm package, a devDependency). */
export function denoAvailable(): Availability {
  if (denoCache) return denoCache;
  const r = spawnSync(DENO, ["--version"], { encoding: "utf8", env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } });
  denoCache = r.status === 0 ? { ok: true } : { ok: false, reason: `${DENO} does not run (npm ci installs the npm package deno): ${(r.error?.message ?? r.stderr ?? "").trim()}` };
  return denoCache;
}

/** What a test on `kernel` needs: Jupyter, and Deno for the Deno kernel. */
export function kernelTools(kernel: Kernel): Availability[] {
  return kernel === "deno" ? [jupyterAvailable(), denoAvailable()] : [jupyterAvailable()];
}

/** Whether headless Chromium can be driven: the binary and playwright-core. */
export function chromiumAvailable(): Availability {
  if (!existsSync(CHROMIUM)) return { ok: false, reason: `${CHROMIUM} not found; apt-get install -y chromium` };
  try {
    require.resolve("playwright-core");
  } catch {
    return { ok: false, reason: "playwright-core is not installed (npm ci)" };
  }
  return { ok: true };
}

/**
 * Skips the test with a visible notice when a tool is missing, or fails it
 * when CI=true (CI must have every tool). Returns true when the test may go on.
 */
export function requireTools(t: TestContext, ...checks: Availability[]): boolean {
  const missing = checks.filter((c) => !c.ok).map((c) => c.reason);
  if (missing.length === 0) return true;
  const message = missing.join("; ");
  if (IN_CI) throw new Error(`CI=true, so this is a failure: ${message}`);
  notice(`skipped: ${message}`);
  t.skip(message);
  return false;
}

/** Prints a notice that shows in the test output whatever the reporter. */
export function notice(message: string): void {
  process.stderr.write(`\n  NOTICE: ${message}\n`);
}

let kernelInstalled = false;

/**
 * Makes the notebooks' setup hold, once per process: the package link
 * node_modules/dropout-lab (scripts/link-self.mjs; an `npm install NAME` prunes
 * it) and the kernelspecs "dropout-lab" and "dropout-lab-deno" (scripts/kernel.mjs install).
 */
export function installKernel(): void {
  if (kernelInstalled) return;
  const link = spawnSync(process.execPath, [join(ROOT, "scripts", "link-self.mjs")], { encoding: "utf8" });
  if (link.status !== 0) throw new Error(`scripts/link-self.mjs failed:\n${link.stdout}\n${link.stderr}`);
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "kernel.mjs"), "install"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scripts/kernel.mjs install failed:\n${r.stdout}\n${r.stderr}`);
  kernelInstalled = true;
}

/** The course's data file, by the library's rule: $DROPOUT_LAB_DATA, else <root>/../shared/datasets/data.mat. */
export function courseDataFile(): string | undefined {
  const env = process.env.DROPOUT_LAB_DATA;
  if (env) return existsSync(env) ? env : undefined;
  const candidate = resolve(ROOT, "..", "shared", "datasets", "data.mat");
  return existsSync(candidate) ? candidate : undefined;
}

// ---------------------------------------------------------------------------
// Notebooks

/** One output of a code cell (nbformat 4), as far as the tests read it. */
export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data";
  name?: "stdout" | "stderr";
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface Cell {
  id?: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A problem the executor found: `cell` is the 0-based index over all cells. */
export interface CellError {
  cell: number | null;
  kind: "error-reply" | "error-output" | "stderr" | "aborted" | "timeout" | "dead-kernel" | "exception" | "trust" | "html";
  text: string;
}

/** One notebook's run by scripts/run_notebooks.py. */
export interface NotebookRun {
  source: string;
  /** The executed copy (signed). */
  executed: string;
  /** Its HTML export, or null with `html: false`. */
  html: string | null;
  passed: boolean;
  seconds: number;
  errors: CellError[];
  /** The kernelspec it ran on. */
  kernel: string;
  /** The executed notebook, parsed. */
  notebook: Notebook;
  /** The executor's stdout and stderr. */
  log: string;
}

export interface ExecuteOptions {
  /** Folder for the executed copy, its HTML export and the notebook's results files ($DROPOUT_LAB_OUT). */
  outDir: string;
  /** Extra environment for the kernel; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Export HTML (default true). */
  html?: boolean;
  /** Seconds allowed per cell (default 1200). */
  cellTimeoutSeconds?: number;
  /** The kernel (default tslab). */
  kernel?: Kernel;
}

const text = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join("") : (s ?? ""));

/** A cell's source as one string. */
export function cellSource(cell: Cell): string {
  return text(cell.source);
}

/**
 * Executes a notebook headless with scripts/run_notebooks.py (kernel
 * `options.kernel`, tslab by default; working directory = the notebook's folder) and returns its
 * report and the executed notebook. Never throws for a failing notebook: look at
 * `passed` and `errors`. Throws when the executor itself could not run.
 */
export async function executeNotebook(path: string, options: ExecuteOptions): Promise<NotebookRun> {
  mkdirSync(options.outDir, { recursive: true });
  const report = join(options.outDir, `.report-${process.pid}-${randomBytes(4).toString("hex")}.json`);
  const args = [RUNNER, "--quiet", "--out", options.outDir, "--report", report];
  if (options.html === false) args.push("--no-html");
  if (options.cellTimeoutSeconds !== undefined) args.push("--timeout", String(options.cellTimeoutSeconds));
  args.push("--kernel", options.kernel ?? "tslab");
  args.push(path);
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const { code, output } = await run(PYTHON, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv });
  if (!existsSync(report)) throw new Error(`run_notebooks.py exited with ${code} and wrote no report:\n${output}`);
  try {
    const parsed = JSON.parse(readFileSync(report, "utf8")) as { notebooks: Omit<NotebookRun, "notebook" | "log">[] };
    const result = parsed.notebooks[0];
    const notebook = JSON.parse(readFileSync(result.executed, "utf8")) as Notebook;
    if ((code === 0) !== result.passed) throw new Error(`run_notebooks.py exit status ${code} disagrees with its report:\n${output}`);
    return { ...result, notebook, log: output };
  } finally {
    rmSync(report, { force: true });
  }
}

/**
 * Like `executeNotebook`, but one execution is shared by every test process of
 * a run: the result is reused while the notebook, dist/, the executor and
 * $DROPOUT_LAB_DATA are unchanged (a stamp file beside the output), and a lock
 * makes a second process wait for the first instead of executing again.
 * Notebook NN-*.ipynb's stale NN-results.json is removed before it runs.
 */
export async function executeNotebookShared(path: string, options: ExecuteOptions): Promise<NotebookRun> {
  const name = basename(path, ".ipynb");
  mkdirSync(options.outDir, { recursive: true });
  const stampFile = join(options.outDir, `${name}.stamp.json`);
  const stamp = fingerprint(path, options);
  const release = await lock(join(options.outDir, `${name}.lock`));
  try {
    if (existsSync(stampFile)) {
      const saved = JSON.parse(readFileSync(stampFile, "utf8")) as { stamp: string; run: Omit<NotebookRun, "notebook"> };
      if (saved.stamp === stamp && existsSync(saved.run.executed)) {
        const notebook = JSON.parse(readFileSync(saved.run.executed, "utf8")) as Notebook;
        return { ...saved.run, notebook };
      }
    }
    rmSync(stampFile, { force: true });
    rmSync(join(options.outDir, `${name.split("-")[0]}-results.json`), { force: true });
    const result = await executeNotebook(path, options);
    const { notebook: _notebook, ...rest } = result;
    writeFileSync(stampFile, JSON.stringify({ stamp, run: rest }, null, 2));
    return result;
  } finally {
    release();
  }
}

/** What a shared execution depends on. */
function fingerprint(path: string, options: ExecuteOptions): string {
  const hash = createHash("sha256");
  hash.update(readFileSync(path));
  hash.update(readFileSync(RUNNER));
  hash.update(JSON.stringify({ data: process.env.DROPOUT_LAB_DATA ?? null, course: courseDataFile() ?? null, options }));
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else {
        const s = statSync(p);
        hash.update(`${relative(ROOT, p)}:${s.size}:${s.mtimeMs}\n`);
      }
    }
  };
  walk(join(ROOT, "dist"));
  return hash.digest("hex");
}

/** A cross-process lock: a directory holding the owner's pid. Returns its release. */
async function lock(dir: string): Promise<() => void> {
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, "pid"), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(dir, "pid"), "utf8"));
    } catch {
      // being created or removed right now
    }
    if (Number.isInteger(owner) && !alive(owner)) rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`lock ${dir} is still held by process ${owner}`);
    await sleep(1000);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Copies `source` into notebooks/ as a hidden file (`.{tag}-{pid}-{name}`), so it
 * runs with notebooks/ as its folder, as the real notebooks do; calls `fn` with
 * the copy's path and deletes the copy (and any checkpoint of it) afterwards.
 */
export async function withNotebookCopy<T>(source: string, tag: string, fn: (copy: string) => Promise<T>): Promise<T> {
  const copy = join(NOTEBOOKS_DIR, `.${tag}-${process.pid}-${basename(source)}`);
  mkdirSync(NOTEBOOKS_DIR, { recursive: true });
  copyFileSync(source, copy);
  try {
    return await fn(copy);
  } finally {
    rmSync(copy, { force: true });
    // A live Notebook server may have saved a checkpoint of the copy.
    const checkpoints = join(NOTEBOOKS_DIR, ".ipynb_checkpoints");
    rmSync(join(checkpoints, `${basename(copy, ".ipynb")}-checkpoint.ipynb`), { force: true });
    try {
      rmdirSync(checkpoints); // only when empty: the server made it for the copy
    } catch {
      // absent, or holds someone's checkpoints
    }
  }
}

/**
 * The text a code cell printed: stdout and stderr streams and each display's or result's text/plain
 * (a Deno cell's last value is an execute_result; tslab prints it), ANSI colours removed.
 */
export function cellOutputsText(nb: Notebook, index: number): string {
  const cell = nb.cells[index];
  if (!cell) throw new RangeError(`cellOutputsText: cell ${index} does not exist (the notebook has ${nb.cells.length})`);
  return (cell.outputs ?? [])
    .map((o) => (o.output_type === "stream" ? text(o.text) : text(o.data?.["text/plain"] as string | string[] | undefined)))
    .join("")
    .replace(/\x1b\[[0-9;]*m/g, "");
}

/** Every text/html output of the notebook, in order. */
export function htmlOutputs(nb: Notebook): string[] {
  return nb.cells.flatMap((c) => (c.outputs ?? []).map((o) => o.data?.["text/html"]).filter((h) => h !== undefined)).map((h) => text(h as string | string[]));
}

/** How many dropout-lab figures (showFigure / liveFigure outputs) the notebook holds. */
export function figureCount(nb: Notebook): number {
  return htmlOutputs(nb).reduce((n, html) => n + (html.match(/class="dropout-lab-figure"/g) ?? []).length, 0);
}

/** Whether the notebook file is signed for this user (what `jupyter trust` does). */
export function isTrusted(path: string): boolean {
  const r = spawnSync(
    PYTHON,
    ["-c", "import sys, nbformat; from nbformat.sign import NotebookNotary; sys.exit(0 if NotebookNotary().check_signature(nbformat.read(sys.argv[1], as_version=4)) else 1)", path],
    { encoding: "utf8" },
  );
  return r.status === 0;
}

/** A minimal nbformat-4 notebook for the "dropout-lab" kernel, one code cell per source. */
export function makeNotebook(sources: readonly string[]): Notebook {
  return {
    cells: sources.map((source, i) => ({ cell_type: "code", id: `cell-${i}`, execution_count: null, metadata: {}, outputs: [], source })),
    metadata: {
      kernelspec: { name: KERNEL_NAME, display_name: "dropout-lab (TypeScript)", language: "typescript" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

// ---------------------------------------------------------------------------
// A scripted kernel session (jupyter_client), for restarts and pauses

/** What one execute request produced. */
export interface ExecuteReply {
  /** The execute_reply status: "ok", "error" or "abort" (tslab's). */
  status: string;
  stdout: string;
  stderr: string;
  /** The text/plain of the cell's execute_result (a Deno cell's last value), ANSI colours removed. */
  result: string;
}

export interface KernelSession {
  /** Executes `code` and waits for its reply (and, on Deno, the outputs that follow it). */
  run(code: string): Promise<ExecuteReply>;
  /** Executes `code`, interrupts the kernel after `afterMs` (as Jupyter's interrupt button does) and waits for the reply. */
  runAndInterrupt(code: string, afterMs: number): Promise<ExecuteReply>;
  /** Restarts the kernel process (a new node process: the require cache is gone). */
  restart(): Promise<void>;
  /** Whether the kernel process is alive. */
  alive(): Promise<boolean>;
  /** Shuts the kernel down. */
  close(): Promise<void>;
}

const DRIVER = String.raw`
import json, os, queue, re, sys, time
from jupyter_client.manager import KernelManager

km = KernelManager(kernel_name=sys.argv[1])
env = dict(os.environ)
env.update(json.loads(sys.argv[3]))
km.start_kernel(cwd=sys.argv[2], env=env)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
# Deno may publish outputs after its idle status: read on until it has been quiet this long.
GRACE = 0.3 if os.path.basename(km.kernel_spec.argv[0]) == "deno" else 0.0

def run(code, interrupt_after=None):
    msg_id = kc.execute(code)
    out = {"stdout": "", "stderr": "", "result": ""}
    started = time.monotonic()
    idle = interrupted = False
    while not (idle and GRACE == 0):
        if interrupt_after is not None and not interrupted and time.monotonic() - started >= interrupt_after:
            km.interrupt_kernel()
            interrupted = True
        try:
            m = kc.get_iopub_msg(timeout=GRACE if idle else 0.05)
        except queue.Empty:
            if idle:
                break
            if time.monotonic() - started > 600:
                raise TimeoutError("no idle status within 600 s")
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        c = m["content"]
        if m["msg_type"] == "stream":
            out[c["name"]] += c["text"]
        elif m["msg_type"] == "error":
            out["stderr"] += c.get("ename", "") + ": " + c.get("evalue", "")
        elif m["msg_type"] == "execute_result":
            out["result"] += re.sub(r"\x1b\[[0-9;]*m", "", c["data"].get("text/plain", ""))
        elif m["msg_type"] == "status" and c["execution_state"] == "idle":
            idle = True
    while True:
        r = kc.get_shell_msg(timeout=600)
        if r["parent_header"].get("msg_id") == msg_id:
            out["status"] = r["content"]["status"]
            return out

for line in sys.stdin:
    cmd = json.loads(line)
    try:
        if cmd["op"] == "run":
            res = run(cmd["code"])
        elif cmd["op"] == "interrupt":
            res = run(cmd["code"], interrupt_after=cmd["after"])
        elif cmd["op"] == "restart":
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=120)
            res = {"status": "ok"}
        elif cmd["op"] == "alive":
            res = {"status": "ok", "alive": km.is_alive()}
        else:
            break
    except Exception as e:
        res = {"status": "driver-error", "stdout": "", "stderr": type(e).__name__ + ": " + str(e)}
    print(json.dumps(res), flush=True)
kc.stop_channels()
km.shutdown_kernel(now=True)
`;

/**
 * Starts a kernel (the kernelspec `kernelName`, "dropout-lab" by default) with `cwd` as its working
 * directory, driven through jupyter_client; `env` is added to the kernel's environment.
 */
export async function kernelSession(cwd: string, kernelName = KERNEL_NAME, env: Record<string, string> = {}): Promise<KernelSession> {
  const child = spawn(PYTHON, ["-c", DRIVER, kernelName, cwd, JSON.stringify(env)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const request = async (cmd: object): Promise<ExecuteReply & { alive?: boolean }> => {
    child.stdin!.write(JSON.stringify(cmd) + "\n");
    const next = await lines.next();
    if (next.done) throw new Error(`the kernel driver exited:\n${stderr}`);
    const reply = JSON.parse(next.value) as ExecuteReply & { alive?: boolean };
    if (reply.status === "driver-error") throw new Error(`kernel driver: ${reply.stderr}\n${stderr}`);
    return reply;
  };
  return {
    run: (code) => request({ op: "run", code }),
    runAndInterrupt: (code, afterMs) => request({ op: "interrupt", code, after: afterMs / 1000 }),
    restart: async () => {
      await request({ op: "restart" });
    },
    alive: async () => (await request({ op: "alive" })).alive === true,
    close: async () => {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---------------------------------------------------------------------------
// A live Notebook server and a headless Chromium

export interface NotebookServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (no token). */
  url: string;
  /** The server process's id. */
  pid: number;
  token: string;
  port: number;
  /** The server's log so far. */
  log(): string;
  /** Shuts the server and its kernels down. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts Jupyter Notebook on `dir` (default notebooks/), bound to 127.0.0.1 on
 * a free port with a random token (passed in JUPYTER_TOKEN, as
 * scripts/notebook.mjs does), hidden files served (the tests' copies are
 * hidden), no browser. Resolves once the API answers.
 */
export async function startNotebookServer(dir = NOTEBOOKS_DIR): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const args = [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--NotebookApp.port_retries=0",
    `--notebook-dir=${dir}`,
    "--ContentsManager.allow_hidden=True",
    "--MappingKernelManager.cull_idle_timeout=0",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  // A private runtime dir: connection files and cookies of this server only.
  const runtime = mkdtempSync(join(tmpdir(), "dropout-lab-jupyter-runtime-"));
  // The token goes in the environment, not the command line (which every local user can read).
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_RUNTIME_DIR: runtime, JUPYTER_TOKEN: token };
  delete env.JUPYTER_TOKEN_FILE;
  const child: ChildProcess = spawn("jupyter", args, { stdio: ["ignore", "pipe", "pipe"], env });
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const url = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `token ${token}` };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        await fetch(`${url}/api/shutdown`, { method: "POST", headers });
      } catch {
        // already gone
      }
      const term = setTimeout(() => child.kill("SIGTERM"), 10_000);
      const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(term);
      clearTimeout(kill);
    }
    process.removeListener("exit", killOnExit);
    rmSync(runtime, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter notebook exited with ${child.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${url}/api/status`, { headers });
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`jupyter notebook did not answer within 60 s:\n${log}`);
    }
    await sleep(250);
  }
  return { url, token, port, pid: child.pid!, log: () => log, stop };
}

/**
 * Launches Debian's Chromium headless through playwright-core, with
 * --no-sandbox --disable-gpu --disable-background-networking. Each launch
 * gets a fresh temporary profile (playwright's default user-data-dir).
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/**
 * Lets a browser context reach only file: URLs and this machine (127.0.0.1,
 * localhost), as on a machine with no network. Returns the list of blocked URLs.
 */
export async function offlineOnly(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "file:" || u.protocol === "data:" || u.protocol === "blob:" || u.hostname === "127.0.0.1" || u.hostname === "localhost") {
      return route.continue();
    }
    blocked.push(u.href);
    return route.abort();
  });
  return blocked;
}

// ---------------------------------------------------------------------------

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a command to completion; resolves with its exit code and combined output. */
export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** A fresh temporary directory; remove it with `rmSync(dir, { recursive: true, force: true })`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `dropout-lab-${prefix}-`));
}

