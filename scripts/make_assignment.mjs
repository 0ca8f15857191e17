#!/usr/bin/env node
/**
 * Writes the learner's version of the assignment notebook from its source:
 *
 *   notebooks/assignment/regularization.source.ipynb   (solutions, committed)
 *     -> notebooks/assignment/regularization.ipynb     (exercises, committed)
 *
 * In every code cell, each region from a `// BEGIN SOLUTION` line to its
 * `// END SOLUTION` line (nbgrader's markers) becomes, at the same
 * indentation,
 *
 *   // YOUR CODE HERE
 *   return undefined;
 *
 * a stub that returns nothing usable: the checks report it as "not done yet".
 * A region must therefore be a whole function body. The line
 * `const VERSION = "source";` becomes `const VERSION = "learner";`. Outputs
 * and execution counts are cleared.
 *
 *   node scripts/make_assignment.mjs           write the learner's version
 *   node scripts/make_assignment.mjs --check   exit 1 if the committed one is stale
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = join(ROOT, "notebooks", "assignment", "regularization.source.ipynb");
const TARGET = join(ROOT, "notebooks", "assignment", "regularization.ipynb");

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;
const VERSION_LINE = /^const VERSION = "source";/m;

/** A cell's source with its solution regions replaced; throws on unbalanced markers. */
export function stripSolutions(source, where = "cell") {
  const out = [];
  let indent = null;
  let regions = 0;
  source.split("\n").forEach((line, i) => {
    const begin = BEGIN.exec(line);
    if (begin) {
      if (indent !== null) throw new Error(`${where}, line ${i + 1}: BEGIN SOLUTION inside another solution`);
      indent = begin[1];
      regions++;
      out.push(`${indent}// YOUR CODE HERE`, `${indent}return undefined;`);
    } else if (END.test(line)) {
      if (indent === null) throw new Error(`${where}, line ${i + 1}: END SOLUTION without BEGIN SOLUTION`);
      indent = null;
    } else if (indent === null) {
      out.push(line);
    }
  });
  if (indent !== null) throw new Error(`${where}: BEGIN SOLUTION without END SOLUTION`);
  return { source: out.join("\n"), regions };
}

const text = (s) => (Array.isArray(s) ? s.join("") : s);
const lines = (s) => {
  const parts = s.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? l + "\n" : l)).filter((l, i, a) => !(l === "" && i === a.length - 1));
};

/** The learner's notebook (as JSON text) from the source notebook's JSON text. */
export function learnerNotebook(sourceText) {
  const nb = JSON.parse(sourceText);
  let regions = 0;
  let version = 0;
  nb.cells.forEach((cell, k) => {
    if (cell.cell_type !== "code") return;
    let src = text(cell.source);
    const stripped = stripSolutions(src, `cell ${k}`);
    regions += stripped.regions;
    src = stripped.source;
    if (VERSION_LINE.test(src)) {
      src = src.replace(VERSION_LINE, 'const VERSION = "learner";');
      version++;
    }
    cell.source = lines(src);
    cell.outputs = [];
    cell.execution_count = null;
  });
  if (regions === 0) throw new Error("the source notebook has no // BEGIN SOLUTION regions");
  if (version !== 1) throw new Error(`expected one 'const VERSION = "source";' line, found ${version}`);
  return JSON.stringify(nb, null, 1) + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const wanted = learnerNotebook(readFileSync(SOURCE, "utf8"));
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(TARGET, "utf8");
    } catch {
      // missing counts as stale
    }
    if (current !== wanted) {
      console.error(`${relative(ROOT, TARGET)} is stale: run npm run assignment (node scripts/make_assignment.mjs) and commit it.`);
      process.exit(1);
    }
    console.log(`${relative(ROOT, TARGET)} is up to date.`);
  } else {
    writeFileSync(TARGET, wanted);
    console.log(`wrote ${relative(ROOT, TARGET)}`);
  }
}
