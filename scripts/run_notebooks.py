#!/usr/bin/python3
"""Execute notebooks headless on tslab's or Deno's kernel, detect their errors, sign and export them.

    /usr/bin/python3 scripts/run_notebooks.py [--out DIR] [--kernel NAME]
        [--timeout SECONDS] [--idle-grace SECONDS] [--no-html] [--report FILE]
        [--quiet] NOTEBOOK...

For each notebook:

- execute it with nbclient on the kernel NAME: a kernelspec name, or "tslab"
  (the default, kernelspec "dropout-lab") or "deno" ("dropout-lab-deno"), with
  the notebook's own folder as the kernel's working directory (tslab's rootDir,
  so `import ... from "dropout-lab"` and relative paths behave as in Jupyter);
  the executed copy's kernelspec metadata names the kernel it ran on;
- write the executed copy to DIR/<name>.ipynb (DIR defaults to <project>/out;
  a source notebook is never overwritten: DIR may not be the notebook's folder);
- sign it as `jupyter trust` does (python3 -m nbformat.sign), so its HTML/script outputs (plotly charts)
  render when it is opened in Jupyter, and export DIR/<name>.html with
  `jupyter nbconvert --to html`;
- print PASS or FAIL with the offending cell's index (0-based, over all cells)
  and its error text.

Deno's kernel may publish a cell's outputs after its idle status, where stock
nbclient stops reading. So after idle this executor keeps reading until the
kernel has been quiet for --idle-grace seconds (default 0.2 on a Deno kernel, 0
otherwise; a second after the last cell), and an output that still comes later,
while the next cell runs, goes into the cell it belongs to (by its parent
message), not nowhere.

Errors are detected in four ways, because tslab does not send `error` messages:
the cell's execute_reply status ("error" for a type error or a throw; "abort"
for the cells tslab skips after an error), any `error` output, and any stderr
stream that looks like a tslab error: a TypeScript diagnostic ("1:7 - Type ...")
or a JavaScript error and stack ("RangeError: ...", "    at f (...)",
"UncaughtException: Error: ..."). Other stderr text (warnings) is allowed.

The kernel inherits this process's environment (DROPOUT_LAB_DATA, for one),
plus DROPOUT_LAB_OUT=<absolute DIR>, where notebooks write small JSON results.

Exit status: 0 when every notebook passed, 1 when any failed, 2 on bad usage.
With --report FILE, a JSON report is written:
    {"notebooks": [{"source", "executed", "html", "passed", "seconds",
                    "errors": [{"cell", "kind", "text"}]}]}
where kind is "error-reply", "error-output", "stderr", "aborted", "timeout",
"dead-kernel" or "exception" (and "trust"/"html" for a failed signing/export).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

import asyncio
import queue

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Short names for this project's two kernelspecs (scripts/kernel.mjs installs them).
KERNELS = {"tslab": "dropout-lab", "deno": "dropout-lab-deno"}
# Quiet time after idle before a cell counts as done, on a Deno kernel and on others.
DENO_GRACE, OTHER_GRACE, LAST_CELL_GRACE = 0.2, 0.0, 1.0


class LateOutputClient(NotebookClient):
    """A NotebookClient that keeps reading a cell's outputs after its idle status.

    After idle it reads on until no message has come for `idle_grace` seconds
    (LAST_CELL_GRACE at least, after the notebook's last code cell). A message
    whose parent is an earlier cell's request, arriving while a later cell
    runs, is processed into that earlier cell.
    """

    def __init__(self, nb, idle_grace=0.0, **kwargs):
        super().__init__(nb, **kwargs)
        self.idle_grace = idle_grace
        self.late_outputs = 0  # outputs that came after their cell's idle status
        self._cells_by_parent = {}
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        self._last_code_cell = code[-1] if code else None

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        self._cells_by_parent[parent_msg_id] = (cell, cell_index)
        grace = self.idle_grace
        if cell_index == self._last_code_cell:
            grace = max(grace, LAST_CELL_GRACE) if self.idle_grace > 0 else 0.0
        idle = False
        while True:
            if idle and grace <= 0:
                return
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=grace if idle else None))
            except (queue.Empty, asyncio.TimeoutError):
                return
            parent = msg["parent_header"].get("msg_id")
            if parent == parent_msg_id:
                if idle and msg["msg_type"] != "status":
                    self.late_outputs += 1
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    idle = True
            elif parent in self._cells_by_parent and msg["msg_type"] != "status":
                earlier, earlier_index = self._cells_by_parent[parent]
                self.late_outputs += 1
                try:
                    self.process_message(msg, earlier, earlier_index)
                except CellExecutionComplete:
                    pass


def kernel_spec(name):
    """(kernelspec name, its spec) for a name or a short name; exits 2 when it is not installed."""
    spec_name = KERNELS.get(name, name)
    try:
        return spec_name, KernelSpecManager().get_kernel_spec(spec_name)
    except NoSuchKernel:
        hint = " (npm run kernel:install installs dropout-lab and dropout-lab-deno)" if spec_name in KERNELS.values() else ""
        print(f"run_notebooks.py: no kernelspec named {spec_name!r}{hint}", file=sys.stderr)
        sys.exit(2)


def is_deno(spec):
    return bool(spec.argv) and os.path.basename(spec.argv[0]) == "deno"

# Lines that mark stderr text as a tslab error rather than a warning.
ERROR_LINE = re.compile(
    r"^(\d+:\d+ - .+"  # TypeScript diagnostic: "1:7 - Type 'string' is not ..."
    r"|(Uncaught\w*: )?([A-Z]\w*)?(Error|Exception)(: .*)?"  # "RangeError: boom", "UncaughtException: Error: x"
    r"|\s+at .+[)\d]"  # stack frame: "    at f (evalmachine.<anonymous>:3:22)"
    r")$",
    re.MULTILINE,
)


def looks_like_error(text):
    """True when stderr text holds a TypeScript diagnostic or a JavaScript error or stack frame."""
    return ERROR_LINE.search(text) is not None


def output_text(output):
    """The text of one output: a stream's text, or an error's name, value and traceback."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        return "".join(text) if isinstance(text, list) else text
    if output.get("output_type") == "error":
        tb = "\n".join(output.get("traceback", []))
        return f"{output.get('ename', '')}: {output.get('evalue', '')}\n{tb}".strip()
    return ""


def cell_errors(nb, replies):
    """Every problem found in the executed notebook, in cell order."""
    errors = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        stderr = "".join(output_text(o) for o in cell.get("outputs", [])
                         if o.get("output_type") == "stream" and o.get("name") == "stderr")
        error_outputs = [output_text(o) for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        reply = replies.get(i)
        status = reply.get("status") if reply else None
        if status == "error":
            text = stderr.strip() or f"{reply.get('ename', '')}: {reply.get('evalue', '')}".strip()
            errors.append({"cell": i, "kind": "error-reply", "text": text})
        elif status == "aborted" or status == "abort":
            errors.append({"cell": i, "kind": "aborted",
                           "text": "not run: the kernel aborted it after an earlier error"})
        elif error_outputs:
            errors.append({"cell": i, "kind": "error-output", "text": "\n".join(error_outputs)})
        elif looks_like_error(stderr):
            errors.append({"cell": i, "kind": "stderr", "text": stderr.strip()})
    return errors


def execute(path, kernel, spec, timeout, idle_grace, progress):
    """Executes one notebook; returns (executed notebook, errors)."""
    nb = nbformat.read(path, as_version=4)
    replies = {}
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    name = os.path.basename(path)
    started = time.monotonic()
    done = [0]

    def on_cell_executed(cell, cell_index, execute_reply):
        replies[cell_index] = execute_reply.get("content", {})
        done[0] += 1
        if progress:
            status = replies[cell_index].get("status", "?")
            print(f"  {name}: cell {cell_index} {status} ({done[0]}/{code_cells} code cells, "
                  f"{time.monotonic() - started:.1f} s)", file=sys.stderr, flush=True)

    client = LateOutputClient(
        nb,
        idle_grace=idle_grace,
        kernel_name=kernel,
        timeout=timeout,
        iopub_timeout=max(60, timeout),  # how long nbclient waits for our reading past idle
        allow_errors=True,  # errors are detected below, from replies and stderr
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(path)}},
    )
    client.on_cell_executed = on_cell_executed
    fatal = []
    try:
        client.execute()
    except CellTimeoutError as e:
        fatal.append({"cell": _running_cell(nb, replies), "kind": "timeout",
                      "text": f"no reply within {timeout} s: {e}".strip()})
    except DeadKernelError as e:
        fatal.append({"cell": _running_cell(nb, replies), "kind": "dead-kernel", "text": str(e).strip()})
    except Exception as e:  # kernel missing, bad notebook, ...: report it as this notebook's failure
        fatal.append({"cell": _running_cell(nb, replies), "kind": "exception",
                      "text": f"{type(e).__name__}: {e}".strip()})
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": spec.display_name, "language": spec.language}
    if progress and client.late_outputs:
        print(f"  {name}: {client.late_outputs} outputs came after their cell's idle status (kept)",
              file=sys.stderr, flush=True)
    return nb, cell_errors(nb, replies) + fatal


def _running_cell(nb, replies):
    """Index of the first code cell with no reply: the one that was running when execution stopped."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and i not in replies:
            return i
    return None


def run(command):
    """Runs a command; returns None on success, else its error text."""
    try:
        r = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError:
        return f"{command[0]} was not found on PATH"
    return None if r.returncode == 0 else (r.stderr.strip() or f"exit status {r.returncode}")


def shown(path):
    """A path relative to the current folder when it is inside it, else absolute."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def first_lines(text, n=25):
    lines = text.splitlines()
    return "\n".join(lines[:n] + ([f"... ({len(lines) - n} more lines)"] if len(lines) > n else []))


def main():
    parser = argparse.ArgumentParser(description="Execute notebooks headless (tslab or Deno) and report their errors.")
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    parser.add_argument("--out", default=os.path.join(ROOT, "out"), help="output folder (default: <project>/out)")
    parser.add_argument("--kernel", default="tslab",
                        help="tslab, deno, or a kernelspec name (default: tslab, the kernelspec dropout-lab)")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per cell (default: 1200)")
    parser.add_argument("--idle-grace", type=float, default=None,
                        help=f"seconds of quiet after a cell's idle status before it counts as done "
                             f"(default: {DENO_GRACE} on a Deno kernel, {OTHER_GRACE} otherwise)")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML export")
    parser.add_argument("--report", help="write a JSON report to this file")
    parser.add_argument("--quiet", action="store_true", help="no per-cell progress on stderr")
    args = parser.parse_args()

    out_dir = os.path.abspath(args.out)
    sources = [os.path.abspath(p) for p in args.notebooks]
    for src in sources:
        if not os.path.isfile(src):
            parser.error(f"no such notebook: {src}")
        if os.path.realpath(os.path.dirname(src)) == os.path.realpath(out_dir):
            parser.error(f"--out {out_dir} is the folder of {src}: that would overwrite the source notebook")
    names = [os.path.basename(s) for s in sources]
    if len(set(names)) != len(names):
        parser.error("two notebooks share a file name; their executed copies would collide")
    kernel, spec = kernel_spec(args.kernel)
    idle_grace = args.idle_grace if args.idle_grace is not None else (DENO_GRACE if is_deno(spec) else OTHER_GRACE)
    os.makedirs(out_dir, exist_ok=True)
    os.environ["DROPOUT_LAB_OUT"] = out_dir

    results = []
    for src in sources:
        name = os.path.basename(src)
        executed = os.path.join(out_dir, name)
        html = os.path.splitext(executed)[0] + ".html"
        print(f"run   {shown(src)} -> {shown(executed)} (kernel {kernel})", file=sys.stderr, flush=True)
        started = time.monotonic()
        nb, errors = execute(src, kernel, spec, args.timeout, idle_grace, not args.quiet)
        seconds = time.monotonic() - started
        nbformat.write(nb, executed)
        # What `jupyter trust` runs; Debian's Jupyter ships no jupyter-trust command.
        problem = run([sys.executable, "-m", "nbformat.sign", executed])
        if problem:
            errors.append({"cell": None, "kind": "trust", "text": problem})
        if not args.no_html:
            if os.path.exists(html):
                os.remove(html)
            problem = run(["jupyter", "nbconvert", "--to", "html", "--log-level", "WARN", "--output-dir", out_dir, executed])
            if problem:
                errors.append({"cell": None, "kind": "html", "text": problem})
        passed = not errors
        results.append({"source": src, "executed": executed, "html": None if args.no_html else html,
                        "kernel": kernel, "passed": passed, "seconds": round(seconds, 2), "errors": errors})
        status = "PASS" if passed else "FAIL"
        print(f"{status}  {shown(src)}  ({seconds:.1f} s, {kernel})", flush=True)
        aborted = [e["cell"] for e in errors if e["kind"] == "aborted"]
        for e in errors:
            if e["kind"] == "aborted":
                continue
            where = f"cell {e['cell']}" if e["cell"] is not None else e["kind"]
            source = nb.cells[e["cell"]].source.splitlines()[:1] if e["cell"] is not None else []
            print(f"      {where} ({e['kind']})" + (f": {source[0][:80]}" if source else ""), flush=True)
            print("        " + first_lines(e["text"]).replace("\n", "\n        "), flush=True)
        if aborted:
            which = f"cells {', '.join(map(str, aborted))} were" if len(aborted) > 1 else f"cell {aborted[0]} was"
            print(f"      {which} not run (the kernel aborted the cells after an error, as tslab does)", flush=True)

    if args.report:
        with open(args.report, "w") as f:
            json.dump({"notebooks": results}, f, indent=2)
    failed = [r for r in results if not r["passed"]]
    print(f"{len(results) - len(failed)} of {len(results)} notebooks passed; outputs in {shown(out_dir)}",
          flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
