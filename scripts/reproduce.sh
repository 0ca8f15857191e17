#!/usr/bin/env bash
# npm run reproduce: the main job.
#
# Does whatever setup is missing (Jupyter from Debian packages, npm ci, the
# build, the package link, the two kernels), executes every notebooks/*.ipynb
# headless into out/ (executed copies signed as `jupyter trust` does, plus one
# HTML export each; the sources are never touched), then prints the three
# course models beside the course's numbers.
#
#   bash scripts/reproduce.sh                  everything, on the "dropout-lab (TypeScript)" kernel (tslab)
#   bash scripts/reproduce.sh --kernel deno    the same on "dropout-lab (Deno)", into out/deno/
#   bash scripts/reproduce.sh --kernel tslab   the default, into out/
#   bash scripts/reproduce.sh --summary FILE   only the table, from a results file
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
  node - "$1" "$ROOT" <<'EOF'
const { readFileSync } = require("node:fs");
const [file, root] = process.argv.slice(2);
// The course's numbers and the comparison live in the library (src/course-reference.ts).
const { compareWithCourse, courseTable } = require(`${root}/dist/index.js`);
let results;
try {
  results = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.log(`No course summary: ${file} could not be read (${e.message}).`);
  process.exit(0);
}
const fromCourse = typeof results.dataSource === "string" && /^course\b/.test(results.dataSource);
const runs = results.runs ?? [];
console.log(`Course models (notebook 01), data source: ${results.dataSource ?? "unknown"}`);
if (!fromCourse) {
  for (const line of courseTable(runs, { compare: false })) console.log(line);
  console.log(`\nThese runs used "${results.dataSource ?? "unknown"}", not the course's data.mat: the course's numbers do not apply.`);
  console.log("Set DROPOUT_LAB_DATA to the course file (or place it at ../shared/datasets/data.mat) to compare.");
  process.exit(0);
}
const comparison = compareWithCourse(runs);
console.log(comparison.summary);
process.exit(comparison.allMatch ? 0 : 1);
EOF
}

USAGE="usage: bash scripts/reproduce.sh [--kernel tslab|deno] | --summary FILE"
if [[ "${1:-}" == "--summary" ]]; then
  [[ $# -eq 2 ]] || die "$USAGE"
  summary "$2"
  exit $?
fi
KERNEL=tslab
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kernel) [[ $# -ge 2 ]] || die "--kernel needs tslab or deno ($USAGE)"; KERNEL="$2"; shift 2 ;;
    --kernel=*) KERNEL="${1#--kernel=}"; shift ;;
    *) die "unknown argument: $1 ($USAGE)" ;;
  esac
done
case "$KERNEL" in
  tslab) KERNEL_LABEL="dropout-lab (TypeScript)" ;;
  deno) KERNEL_LABEL="dropout-lab (Deno)"; OUT="$ROOT/out/deno" ;;
  *) die "unknown kernel \"$KERNEL\": expected tslab or deno" ;;
esac
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
echo "jupyter: $(command -v jupyter); python: $PYTHON; kernel: $KERNEL_LABEL"

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
"$PYTHON" scripts/run_notebooks.py --kernel "$KERNEL" --out "$OUT" "${NOTEBOOKS[@]}" || status=$?

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
echo "Executed notebooks (trusted, kernel $KERNEL_LABEL) and HTML exports are in $OUT:"
for nb in "${NOTEBOOKS[@]}"; do
  name="$(basename "$nb" .ipynb)"
  echo "  ${OUT#"$ROOT"/}/$name.ipynb   ${OUT#"$ROOT"/}/$name.html"
done
if [[ $status -ne 0 ]]; then
  echo "reproduce: FAILED (see above)." >&2
fi
exit $status
