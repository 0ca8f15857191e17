/**
 * NumpyRandomState against numpy's legacy RandomState (fixtures from
 * scripts/make_fixtures.py), and the seeded stream's determinism.
 *
 * `rand` must match numpy bit for bit. `randn` may differ by a few ulp where
 * V8's Math.log rounds differently from glibc's log; the tests allow 4 ulp
 * and report how many values differ at all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Matrix } from "../src/matrix";
import { NumpyRandomState, randomStream } from "../src/random";

interface FixtureMatrix {
  rows: number;
  cols: number;
  data: number[];
}
interface SequenceStep {
  call: "rand" | "randn";
  rows: number;
  cols: number;
  value: FixtureMatrix;
}
interface RandomFixtures {
  numpy: string;
  seeds: { seed: number; sequence: SequenceStep[]; reseed: { first: FixtureMatrix; again: FixtureMatrix } }[];
  longRandn: { seed: number; value: FixtureMatrix };
  mask: { seed: number; rows: number; cols: number; keepProb: number; count: number; firstRow: number[] };
  courseInit: { seed: number; layersDims: number[]; W: FixtureMatrix[] };
}

const fixtures: RandomFixtures = JSON.parse(
  readFileSync(join(__dirname, "fixtures", "numpy-random.json"), "utf8"),
);

const MAX_ULP = 4;

/** Float64 bit patterns mapped to integers that count up with the value (±0 both map to 0). */
function orderedBits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/** How many representable doubles lie between a and b; Infinity if either is NaN. */
function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const d = orderedBits(a) - orderedBits(b);
  return Number(d < 0n ? -d : d);
}

test("ulpDistance counts representable doubles", () => {
  assert.equal(ulpDistance(1, 1), 0);
  assert.equal(ulpDistance(1, 1 + Number.EPSILON), 1);
  assert.equal(ulpDistance(1, 1 - Number.EPSILON / 2), 1);
  assert.equal(ulpDistance(0, -0), 0);
  assert.equal(ulpDistance(Number.MIN_VALUE, -Number.MIN_VALUE), 2);
  assert.equal(ulpDistance(-2, -2 - 2 * Number.EPSILON), 1);
  assert.equal(ulpDistance(NaN, 1), Infinity);
});

function checkShape(label: string, actual: Matrix, expected: FixtureMatrix): void {
  assert.equal(actual.rows, expected.rows, `${label}: rows`);
  assert.equal(actual.cols, expected.cols, `${label}: cols`);
  assert.equal(actual.data.length, expected.data.length, `${label}: length`);
}

/** Every value identical to numpy's, bit for bit. */
function assertBitEqual(label: string, actual: Matrix, expected: FixtureMatrix): void {
  checkShape(label, actual, expected);
  for (let k = 0; k < expected.data.length; k++) {
    assert.ok(
      Object.is(actual.data[k], expected.data[k]),
      `${label}[${k}]: got ${actual.data[k]}, numpy gives ${expected.data[k]}`,
    );
  }
}

/** Running tally of randn values that are not bit-identical to numpy's. */
const gaussTally = { compared: 0, differing: 0, maxUlp: 0 };

/** Every value within MAX_ULP of numpy's; tallies the ones that differ at all. */
function assertUlpClose(label: string, actual: Matrix, expected: FixtureMatrix): void {
  checkShape(label, actual, expected);
  for (let k = 0; k < expected.data.length; k++) {
    const d = ulpDistance(actual.data[k], expected.data[k]);
    gaussTally.compared++;
    if (d > 0) gaussTally.differing++;
    gaussTally.maxUlp = Math.max(gaussTally.maxUlp, d);
    assert.ok(
      d <= MAX_ULP,
      `${label}[${k}]: got ${actual.data[k]}, numpy gives ${expected.data[k]} (${d} ulp apart, allowed ${MAX_ULP})`,
    );
  }
}

for (const { seed, sequence, reseed } of fixtures.seeds) {
  test(`seed ${seed}: rand(3,4), randn(5,3), rand(2,2), randn(1,1) match numpy ${fixtures.numpy}`, () => {
    const rs = new NumpyRandomState(seed);
    sequence.forEach((step, i) => {
      const label = `seed ${seed}, step ${i} ${step.call}(${step.rows}, ${step.cols})`;
      if (step.call === "rand") assertBitEqual(label, rs.rand(step.rows, step.cols), step.value);
      else assertUlpClose(label, rs.randn(step.rows, step.cols), step.value);
    });
  });

  test(`seed ${seed}: seeding again drops the cached Gaussian`, () => {
    const rs = new NumpyRandomState(seed);
    const first = rs.randn(1, 1);
    rs.seed(seed);
    const again = rs.randn(1, 1);
    assertUlpClose(`seed ${seed} first`, first, reseed.first);
    assertUlpClose(`seed ${seed} again`, again, reseed.again);
    // Without the reset, `again` would be the cached second value of the pair.
    assert.ok(Object.is(again.data[0], first.data[0]), `reseed gave ${again.data[0]}, first draw was ${first.data[0]}`);
  });
}

test("seed 0: random() draws the same doubles as rand(), bit for bit", () => {
  const step = fixtures.seeds.find((s) => s.seed === 0)!.sequence[0];
  assert.equal(step.call, "rand");
  const rs = new NumpyRandomState(0);
  const drawn = { rows: step.rows, cols: step.cols, data: new Float64Array(step.rows * step.cols) };
  for (let k = 0; k < drawn.data.length; k++) drawn.data[k] = rs.random();
  assertBitEqual("random()", drawn, step.value);
});

test(`randn(40, 50) after seed ${fixtures.longRandn.seed} is within ${MAX_ULP} ulp of numpy`, (t) => {
  const { seed, value } = fixtures.longRandn;
  const before = gaussTally.differing;
  assertUlpClose(`long randn, seed ${seed}`, new NumpyRandomState(seed).randn(value.rows, value.cols), value);
  t.diagnostic(`${gaussTally.differing - before} of ${value.data.length} values differ from numpy in the last bits`);
});

test("a keepProb 0.86 mask after seed 1 keeps as many entries as numpy's", () => {
  const { seed, rows, cols, keepProb, count, firstRow } = fixtures.mask;
  const u = new NumpyRandomState(seed).rand(rows, cols);
  let kept = 0;
  for (const v of u.data) if (v < keepProb) kept++;
  assert.equal(kept, count);
  assert.deepEqual(
    Array.from(u.data.subarray(0, cols), (v) => (v < keepProb ? 1 : 0)),
    firstRow,
  );
});

test("the course's initialization drawn by hand matches numpy within a few ulp", () => {
  const { seed, layersDims, W } = fixtures.courseInit;
  const rs = new NumpyRandomState(seed);
  for (let l = 1; l < layersDims.length; l++) {
    const w = rs.randn(layersDims[l], layersDims[l - 1]);
    const s = Math.sqrt(layersDims[l - 1]);
    for (let k = 0; k < w.data.length; k++) w.data[k] /= s;
    assertUlpClose(`W${l}`, w, W[l - 1]);
  }
});

test("randn values differing from numpy are reported", (t) => {
  // Runs after the comparisons above (tests in a file run in order).
  assert.ok(gaussTally.compared > 2000, `only ${gaussTally.compared} Gaussians were compared`);
  t.diagnostic(
    `randn: ${gaussTally.differing} of ${gaussTally.compared} values differ from numpy ` +
      `(max ${gaussTally.maxUlp} ulp; V8 Math.log vs glibc log)`,
  );
});

test("seeds 0 and 2**32 - 1 are accepted, by the constructor and by seed()", () => {
  for (const s of [0, 2 ** 32 - 1]) {
    const rs = new NumpyRandomState(s);
    assert.doesNotThrow(() => rs.seed(s));
  }
});

test("a seed outside the integers [0, 2**32 - 1] throws a RangeError naming it", () => {
  for (const bad of [-1, 2 ** 32, 1.5, NaN]) {
    const expected = (e: unknown) =>
      e instanceof RangeError && /seed/.test(e.message) && e.message.includes(String(bad));
    assert.throws(() => new NumpyRandomState(bad), expected, `constructor with ${bad}`);
    const rs = new NumpyRandomState(0);
    assert.throws(() => rs.seed(bad), expected, `seed(${bad})`);
  }
});

/* ------------------------------------------------------------------------ */
/* randomStream                                                              */
/* ------------------------------------------------------------------------ */

function draws(stream: { random(): number; normal(): number }, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(i % 3 === 2 ? stream.normal() : stream.random());
  return out;
}

test("randomStream: the same seed gives the same sequence", () => {
  for (const seed of [0, 7, 123456789, "dropout"]) {
    assert.deepEqual(draws(randomStream(seed), 200), draws(randomStream(seed), 200), `seed ${seed}`);
  }
});

test("randomStream: successive draws from one stream differ", () => {
  const s = randomStream(1);
  const u = [s.random(), s.random(), s.random()];
  assert.equal(new Set(u).size, 3, `uniform draws ${u}`);
  const g = [s.normal(), s.normal(), s.normal()];
  assert.equal(new Set(g).size, 3, `normal draws ${g}`);
});

test("randomStream: different seeds give different sequences", () => {
  const a = draws(randomStream(1), 20);
  const b = draws(randomStream(2), 20);
  assert.notDeepEqual(a, b);
  assert.notDeepEqual(draws(randomStream("1"), 20), draws(randomStream("one"), 20));
});

test("randomStream: uniforms lie in [0, 1) with mean near 1/2", () => {
  const s = randomStream(11);
  const n = 100_000;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = s.random();
    assert.ok(u >= 0 && u < 1, `draw ${i} is ${u}`);
    sum += u;
  }
  // Standard error of the mean is sqrt(1/12 / n) ≈ 0.0009; allow 6 of them.
  assert.ok(Math.abs(sum / n - 0.5) < 6 * Math.sqrt(1 / 12 / n), `mean ${sum / n}`);
});

test("randomStream: normal() has mean near 0 and variance near 1", () => {
  const s = randomStream(42);
  const n = 100_000;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const z = s.normal();
    assert.ok(Number.isFinite(z), `draw ${i} is ${z}`);
    sum += z;
    sumSq += z * z;
  }
  const mean = sum / n;
  const variance = sumSq / n - mean * mean;
  // Standard errors: mean 1/sqrt(n) ≈ 0.0032, variance sqrt(2/n) ≈ 0.0045; allow 6 of them.
  assert.ok(Math.abs(mean) < 6 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 6 * Math.sqrt(2 / n), `variance ${variance}`);
});

test("randomStream: a bad seed throws a TypeError naming it", () => {
  for (const bad of [NaN, Infinity]) {
    assert.throws(() => randomStream(bad), (e: unknown) => e instanceof TypeError && e.message.includes(String(bad)));
  }
});
