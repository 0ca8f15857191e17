/**
 * CSV input the reader used to refuse or echo badly (issue 10, item 8): a
 * header with spaces, trailing blank lines, finite values of 2^53 and above,
 * and a message that repeated a whole 5 MB cell. (A relative path starting
 * with "http" is in test/data-files.test.ts.)
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DataFileError, MAX_ECHO_CHARS, parseCsvDataset, readCsvDataset } from "../src/data";

const dir = mkdtempSync(join(tmpdir(), "dropout-lab-csv-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function rejectsWith(p: Promise<unknown>, ...fragments: string[]): Promise<string> {
  let message = "";
  await assert.rejects(p, (err: Error) => {
    assert.ok(err instanceof DataFileError, `expected DataFileError, got ${err.constructor.name}: ${err.message}`);
    for (const f of fragments) assert.ok(err.message.includes(f), `message ${JSON.stringify(err.message.slice(0, 500))} lacks ${JSON.stringify(f)}`);
    message = err.message;
    return true;
  });
  return message;
}

describe("CSV input", () => {
  test("a header with spaces, spaces around cells, CRLF and trailing blank lines are accepted", async () => {
    const p = file("spaces.csv", "x1, x2, y, split\r\n 0.5 , -0.25,1, train\r\n-0.125,0.75 ,0 ,test\r\n\r\n\r\n   \r\n");
    const ds = await readCsvDataset(p);
    assert.deepEqual(Array.from(ds.train.X.data), [0.5, -0.25]);
    assert.deepEqual(Array.from(ds.train.Y.data), [1]);
    assert.deepEqual(Array.from(ds.test.X.data), [-0.125, 0.75]);
    assert.deepEqual(Array.from(ds.test.Y.data), [0]);
    const q = file("blank.csv", "x1,x2,y\n1,2,1\n3,4,0\n\n\n\n");
    assert.equal((await readCsvDataset(q)).train.X.cols, 2);
  });

  test("finite values of 2^53 and above are numbers, parsed as JavaScript parses them", async () => {
    const p = file("big.csv", 'x1,x2,y\n1e16,-9007199254740993,1\n1.7976931348623157e308,"2.5E+20",0\n');
    const ds = await readCsvDataset(p);
    assert.deepEqual(Array.from(ds.train.X.data), [1e16, 1.7976931348623157e308, -9007199254740992, 2.5e20]);
  });

  test("non-finite and non-decimal cells are refused with the column and row", async () => {
    const cases: [string, string][] = [
      ["1e400", "1e400"],
      ["Infinity", '"Infinity"'],
      ["NaN", '"NaN"'],
      ["0x10", '"0x10"'],
      ["1,5", ""], // a field too many
      ["abc", '"abc"'],
    ];
    for (const [cell, shown] of cases) {
      const p = file("bad.csv", `x1,x2,y\n0,0,1\n0,${cell},0\n`);
      if (shown === "") await rejectsWith(readCsvDataset(p), p, "line 3 (data row 1) has 4 fields, the header has 3");
      else await rejectsWith(readCsvDataset(p), p, "column x2, row 1", "expected a finite number", `got ${shown}`);
    }
    const q = file("label.csv", "x1,x2,y\n0,0,true\n");
    await rejectsWith(readCsvDataset(q), "column y, row 0", "a label 0 or 1", 'got "true"');
  });

  test("a 5 MB bad cell is echoed as a short prefix with its length", async () => {
    const cell = "z".repeat(5_000_000);
    const p = file("huge.csv", `x1,x2,y\n0,${cell},1\n`);
    const message = await rejectsWith(readCsvDataset(p), "column x2, row 0", `got "${"z".repeat(MAX_ECHO_CHARS)}"…(5000000 characters)`);
    assert.ok(message.length < p.length + 150, `message is ${message.length} characters`);
    const digits = "7".repeat(1000) + "e999999";
    const q = file("huge-number.csv", `x1,x2,y\n${digits},0,1\n`);
    const m2 = await rejectsWith(readCsvDataset(q), "column x1, row 0", `…(${digits.length} characters)`);
    assert.ok(m2.length < q.length + 150);
    const name = "w".repeat(100_000);
    const r = file("huge-name.csv", `x1,x2,${name}\n0,0,1\n`);
    const m3 = await rejectsWith(readCsvDataset(r), "missing column y", "…(100000 characters)");
    assert.ok(m3.length < r.length + 250);
  });

  test("invisible characters in a name or cell are shown escaped", async () => {
    await rejectsWith(readCsvDataset(file("zw.csv", "x\u200b1,x2,y\n0,0,1\n")), "missing column x1", 'present are "x\\u200b1", x2, y');
    await rejectsWith(readCsvDataset(file("nul.csv", "x1,x2,y\n0,1\u0000,1\n")), "column x2, row 0", 'got "1\\u0000"');
    await rejectsWith(readCsvDataset(file("pua.csv", "x1,x2,y\n0,1\u{F0000},1\n")), 'got "1\\u{f0000}"');
  });

  test("an empty file, a header only, a duplicated column, unbalanced quotes", async () => {
    await rejectsWith(readCsvDataset(file("empty.csv", "\n\n")), "is empty");
    await rejectsWith(readCsvDataset(file("head.csv", "x1,x2,y\n")), "no rows");
    await rejectsWith(readCsvDataset(file("dup.csv", "x1,x1,x2,y\n0,0,0,1\n")), "column x1 appears twice");
    await rejectsWith(readCsvDataset(file("quote.csv", 'x1,x2,y\n"0,0,1\n')), "cannot parse as CSV", "line");
    assert.throws(() => parseCsvDataset(5 as never, "n", "s"), TypeError);
  });
});
