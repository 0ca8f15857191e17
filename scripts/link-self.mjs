// Links node_modules/dropout-lab to this project, so code anywhere in the tree
// (notebooks/ in particular, where tslab sets rootDir to the notebook's folder)
// imports the built library by package name, with its types.
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const link = join(root, "node_modules", "dropout-lab");
let current = null;
try {
  if (lstatSync(link).isSymbolicLink()) current = readlinkSync(link);
  else rmSync(link, { recursive: true, force: true });
} catch {
  // no link yet
}
if (current !== "..") {
  if (current !== null) rmSync(link);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync("..", link, "dir");
}
