#!/usr/bin/env bash
# npm run reproduce: the main job.
#
# Does whatever setup is missing (Jupyter from Debian packages, npm ci, the
# build, the package link, the "dropout-lab (TypeScript)" kernel), executes
# every notebooks/*.ipynb headless into out/ (executed copies signed as
# `jupyter trust` does, plus one HTML export each; the sources are never
# touched), then prints the three course models beside the course's numbers.
#
#   bash scripts/reproduce.sh                 everything
#   bash scripts/reproduce.sh --summary FILE  only the table, from a results file
#
# Environment:
#   DROPOUT_LAB_DATA  the course's data.mat; by default the library looks for
#                     <project>/../shared/datasets/data.mat, and without it the
#                     notebooks use the built-in default dataset and say so.
#   DROPOUT_LAB_OUT   set by the executor for the notebooks: the absolute path
#                     of out/, where they write their results files.
#
# Contract for the notebooks: notebook NN-*.ipynb may write
# $DROPOUT_LAB_OUT/NN-results.json. Notebook 01 MUST write 01-results.json:
#
#   {
#     "dataSource": "course" | "default" | ...,   "course" (optionally "course: <path>")
#                                                 only when the course's data.mat was loaded
#     "runs": [                                   the three course runs, course mask mode
#       { "name": "no regularization",
#         "costs": [c0, c1000, c2000, ...],       costs[k] = cost at iteration 1000*k, as model() returns
#         "trainAccuracy": 0.94..., "testAccuracy": 0.91... },
#       { "name": "L2 (lambd=0.7)", ... },
#       { "name": "dropout (keepProb=0.86)", ... }
#     ]
#   }
#
# Accuracies are fractions in [0, 1]. Other runs (fresh masks, ...) may follow
# under other names; the table shows only the three above.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/out"
APT_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client)

STEP="start"
step() { STEP="$*"; printf '\n==> %s\n' "$*"; }
trap 'echo "reproduce: FAILED during \"$STEP\" (see the output above)." >&2' ERR
die() { printf 'reproduce: %s\n' "$*" >&2; exit 1; }

# Prints the course table from a 01-results.json file. Exit status 1 when the
# course file was used and a number does not match (costs to 1e-9 relative,
# accuracies exactly), 0 otherwise.
summary() {
  node - "$1" <<'EOF'
const { readFileSync } = require("node:fs");
const file = process.argv[2];
const COURSE = {
  "no regularization": { costs: [0.6557412523481002, 0.16329987525724213, 0.13851642423245572], train: 0.9478672985781991, test: 0.915 },
  "L2 (lambd=0.7)": { costs: [0.6974484493131264, 0.2684918873282238, 0.2680916337127301], train: 0.9383886255924171, test: 0.93 },
  "dropout (keepProb=0.86)": { costs: [0.6543912405149825, 0.0610169865749056, 0.060582435798513114], train: 0.9289099526066351, test: 0.95 },
};
const AT = [0, 10, 20]; // costs[k] is the cost at iteration 1000*k
let results;
try {
  results = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.log(`No course summary: ${file} could not be read (${e.message}).`);
  process.exit(0);
}
const fromCourse = typeof results.dataSource === "string" && /^course\b/.test(results.dataSource);
const runs = new Map((results.runs ?? []).map((r) => [r.name, r]));
const fmt = (x) => (typeof x === "number" ? String(x) : "—");
const cols = ["model", "", "cost@0", "cost@10000", "cost@20000", "train acc", "test acc"];
const rows = [];
let allMatch = true;
for (const [name, course] of Object.entries(COURSE)) {
  const run = runs.get(name);
  const ours = run ? [...AT.map((k) => run.costs?.[k]), run.trainAccuracy, run.testAccuracy] : [];
  rows.push([name, "ours", ...[0, 1, 2, 3, 4].map((i) => fmt(ours[i]))]);
  if (!fromCourse) continue;
  rows.push(["", "course", ...[...course.costs, course.train, course.test].map(fmt)]);
  if (!run) {
    rows.push(["", "", "MISSING: no run with this name in the results file"]);
    allMatch = false;
    continue;
  }
  const rel = course.costs.map((c, i) => (typeof ours[i] === "number" ? Math.abs(ours[i] - c) / Math.abs(c) : Infinity));
  const worst = Math.max(...rel);
  const accOk = ours[3] === course.train && ours[4] === course.test;
  const ok = worst <= 1e-9 && accOk;
  allMatch &&= ok;
  rows.push(["", "", `${ok ? "MATCH" : "MISMATCH"}: costs within ${worst.toExponential(1)} relative (limit 1e-9), accuracies ${accOk ? "equal" : "DIFFER"}`]);
}
const widths = cols.map((c, i) => Math.max(c.length, ...rows.filter((r) => r.length === cols.length).map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (r.length === cols.length ? c.padEnd(widths[i]) : i === 2 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
console.log(`Course models (notebook 01), data source: ${results.dataSource ?? "unknown"}`);
console.log(line(cols));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line(r));
if (!fromCourse) {
  console.log(`\nThese runs used "${results.dataSource ?? "unknown"}", not the course's data.mat: the course's numbers do not apply.`);
  console.log("Set DROPOUT_LAB_DATA to the course file (or place it at ../shared/datasets/data.mat) to compare.");
  process.exit(0);
}
console.log(allMatch ? "\nAll three course models reproduce the course's numbers." : "\nSome numbers do not match the course: see MISMATCH above.");
process.exit(allMatch ? 0 : 1);
EOF
}

if [[ "${1:-}" == "--summary" ]]; then
  [[ $# -eq 2 ]] || die "usage: bash scripts/reproduce.sh --summary FILE"
  summary "$2"
  exit $?
fi
[[ $# -eq 0 ]] || die "unknown arguments: $* (usage: bash scripts/reproduce.sh [--summary FILE])"
cd "$ROOT"

# --- Setup -------------------------------------------------------------------

command -v node >/dev/null || die "node is not on PATH: install Node.js 20 or newer."
command -v npm >/dev/null || die "npm is not on PATH: install npm (it comes with Node.js)."
step "Setup (only what is missing)"
bash scripts/setup.sh notebooks || die "setup failed (see above)."

# The Python with Jupyter's libraries: Debian's, else the first python3 that has them.
find_python() {
  local py
  for py in /usr/bin/python3 "$(command -v python3 || true)"; do
    if [[ -n "$py" && -x "$py" ]] && "$py" -c "import nbclient, nbformat, nbconvert" 2>/dev/null; then
      echo "$py"
      return 0
    fi
  done
  return 1
}
PYTHON="$(find_python)" || die "no python3 with nbclient, nbformat and nbconvert: install ${APT_PACKAGES[*]}."
echo "jupyter: $(command -v jupyter); python: $PYTHON"

# --- Notebooks ---------------------------------------------------------------

step "Notebooks"
shopt -s nullglob
NOTEBOOKS=(notebooks/*.ipynb notebooks/assignment/*.ipynb)
if [[ ${#NOTEBOOKS[@]} -eq 0 ]]; then
  echo "No notebooks in notebooks/ yet: nothing to execute."
  exit 0
fi
if [[ -n "${DROPOUT_LAB_DATA:-}" ]]; then
  echo "course data: $DROPOUT_LAB_DATA (DROPOUT_LAB_DATA)"
elif [[ -f "$ROOT/../shared/datasets/data.mat" ]]; then
  echo "course data: $(cd "$ROOT/../shared/datasets" && pwd)/data.mat"
else
  echo "course data: not found; the notebooks use the built-in default dataset"
fi
mkdir -p "$OUT"
for nb in "${NOTEBOOKS[@]}"; do # no stale results from an earlier run
  name="$(basename "$nb")"
  rm -f "$OUT/${name%%-*}-results.json"
done
rm -f "$OUT"/assignment-*-results.json
status=0
"$PYTHON" scripts/run_notebooks.py --out "$OUT" "${NOTEBOOKS[@]}" || status=$?

# --- Summary -----------------------------------------------------------------

step "Summary"
if [[ -f "$OUT/01-results.json" ]]; then
  summary "$OUT/01-results.json" || status=1
else
  echo "No $OUT/01-results.json: notebook 01 did not write its results."
  [[ -f notebooks/01-regularization.ipynb ]] && status=1
fi
if [[ -f notebooks/assignment/regularization.source.ipynb ]]; then
  node scripts/assignment_summary.mjs "$OUT" || status=1
fi
echo
echo "Executed notebooks (trusted) and HTML exports are in $OUT:"
for nb in "${NOTEBOOKS[@]}"; do
  name="$(basename "$nb" .ipynb)"
  echo "  out/$name.ipynb   out/$name.html"
done
if [[ $status -ne 0 ]]; then
  echo "reproduce: FAILED (see above)." >&2
fi
exit $status
