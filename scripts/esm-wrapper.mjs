// Writes dist/index.mjs and dist/index.d.mts: an ES-module face over the one
// CommonJS build, so `import` and `require` share a single copy of the code.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const names = Object.keys(require("../dist/index.js")).filter((n) => n !== "default" && n !== "__esModule");
writeFileSync(
  new URL("../dist/index.mjs", import.meta.url),
  `import cjs from "./index.js";\nexport const {\n  ${names.join(",\n  ")},\n} = cjs;\n`,
);
writeFileSync(new URL("../dist/index.d.mts", import.meta.url), `export * from "./index.js";\n`);
