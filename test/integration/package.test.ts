// Packaging: `npm pack`, installed into an empty folder, works and type-checks
// from both `require` and `import`.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(__dirname, "..", "..");


describe("the packed package", { timeout: 10 * 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "dropout-lab-pack-"));
  const sh = (cmd: string, args: string[], cwd = dir) =>
    execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });

  it("installs into an empty folder", () => {
    const tarball = sh("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], root).trim().split("\n").pop()!;
    const ours = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    // A consumer needs the same overrides: danfojs-node 1.2.0 as published fetches a CDN tarball.
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, overrides: ours.overrides }));
    sh("npm", ["install", "--prefer-offline", "--no-package-lock", join(dir, tarball), `typescript@${ours.devDependencies.typescript}`, `@types/node@${ours.devDependencies["@types/node"]}`]);
  });

  it("runs from require and import", () => {
    const use = `model(fromArray([[0, 1, 0, 1], [0, 0, 1, 1]]), fromArray([[0, 1, 1, 0]]), { numIterations: 10, layersDims: [2, 4, 3, 1] }).costs.length`;
    writeFileSync(join(dir, "a.cjs"), `const { model, fromArray } = require("dropout-lab");\nconsole.log(${use});\n`);
    writeFileSync(join(dir, "b.mjs"), `import { model, fromArray } from "dropout-lab";\nconsole.log(${use});\n`);
    assert.equal(sh(process.execPath, ["a.cjs"]).trim(), "1");
    assert.equal(sh(process.execPath, ["b.mjs"]).trim(), "1");
    assert.match(sh(join(dir, "node_modules", ".bin", "dropout-lab"), ["train", "--iterations", "3", "--json"]), /"costs":\[/);
  });

  it("type-checks from require and import, and rejects a wrong call", () => {
    const use = (ns: string) =>
      `const r = ${ns}model(${ns}fromArray([[0, 1]]), ${ns}fromArray([[0, 1]]), { keepProb: 0.8 });\nconst c: number[] = r.costs;\nexport { c };\n`;
    writeFileSync(join(dir, "c.cts"), `import dl = require("dropout-lab");\n${use("dl.")}`);
    writeFileSync(join(dir, "d.mts"), `import { model, fromArray } from "dropout-lab";\n${use("")}`);
    const args = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", "--types", "node"];
    sh(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), ...args, "c.cts", "d.mts"]);
    writeFileSync(join(dir, "e.mts"), `import { model } from "dropout-lab";\nmodel("not a matrix");\n`);
    assert.throws(() => sh(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), ...args, "e.mts"]), (e: { stdout: string }) => /TS2345|TS2554/.test(e.stdout));
  });
});
