/**
 * Seeded two-class datasets in the plane.
 *
 * Every generator has the same shape, `(n, noise, rng) => Split`: n points,
 * X (2, n) with examples in columns, Y (1, n) of 0/1 labels. Classes alternate
 * (example j has class j % 2, except where a generator says otherwise), so
 * both are present whenever n >= 2. Generators draw only from the stream they
 * are given: the same seed gives the same points, and they never re-seed.
 * Points lie in about [-1, 1]², plus the noise.
 */
import { matrix } from "../matrix";
import { randomStream, type RandomStream } from "../random";
import { checkCount, checkNonNegative } from "../validate";
import type { Dataset, Split } from "./dataset";

/** n points with 0/1 labels: X (2, n), Y (1, n). `noise` is a standard deviation in coordinate units. */
export type Generator = (n: number, noise: number, rng: RandomStream) => Split;

/** Builds a split from a function giving point j's (x1, x2, label). */
function build(
  fn: string,
  n: number,
  noise: number,
  rng: RandomStream,
  point: (j: number) => [number, number, number],
): Split {
  checkCount(fn, "n", n);
  checkNonNegative(fn, "noise", noise);
  if (typeof rng !== "object" || rng === null || typeof rng.random !== "function" || typeof rng.normal !== "function") {
    throw new TypeError(`${fn}: rng must be a RandomStream (e.g. randomStream(seed)), got ${String(rng)}`);
  }
  const X = matrix(2, n);
  const Y = matrix(1, n);
  for (let j = 0; j < n; j++) {
    const [a, b, label] = point(j);
    X.data[j] = a;
    X.data[n + j] = b;
    Y.data[j] = label;
  }
  return { X, Y };
}

/**
 * Two interleaved half circles (class 0 the upper, class 1 the lower), scaled
 * into x1 ∈ [-1, 1], x2 ∈ [-0.5, 0.5], plus gaussian noise of std `noise`.
 */
export function makeMoons(n: number, noise: number, rng: RandomStream): Split {
  return build("makeMoons", n, noise, rng, (j) => {
    const c = j % 2;
    const t = Math.PI * rng.random();
    const x = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const y = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    return [(x - 0.5) / 1.5 + noise * rng.normal(), (y - 0.25) / 1.5 + noise * rng.normal(), c];
  });
}

/** A disc of radius 0.5 (class 1) inside a ring 0.7 to 1 (class 0), plus gaussian noise of std `noise`. */
export function makeCircles(n: number, noise: number, rng: RandomStream): Split {
  return build("makeCircles", n, noise, rng, (j) => {
    const c = j % 2;
    // Uniform over the area: r² uniform between the radii squared.
    const [r0, r1] = c === 1 ? [0, 0.5] : [0.7, 1];
    const r = Math.sqrt(r0 * r0 + rng.random() * (r1 * r1 - r0 * r0));
    const a = 2 * Math.PI * rng.random();
    return [r * Math.cos(a) + noise * rng.normal(), r * Math.sin(a) + noise * rng.normal(), c];
  });
}

/** Two interleaved spiral arms of 1.75 turns, radius 0.1 to 1, plus gaussian noise of std `noise`. */
export function makeSpirals(n: number, noise: number, rng: RandomStream): Split {
  return build("makeSpirals", n, noise, rng, (j) => {
    const c = j % 2;
    const t = rng.random();
    const r = 0.1 + 0.9 * t;
    const a = 1.75 * 2 * Math.PI * t + c * Math.PI;
    return [r * Math.cos(a) + noise * rng.normal(), r * Math.sin(a) + noise * rng.normal(), c];
  });
}

/**
 * Uniform points in [-1, 1]² kept 0.05 off the axes; class 1 where x1·x2 > 0.
 * The label is set before the gaussian noise (std `noise`) moves the point,
 * so noise near the axes acts as label noise.
 */
export function makeXor(n: number, noise: number, rng: RandomStream): Split {
  return build("makeXor", n, noise, rng, (j) => {
    const c = j % 2;
    const sx = rng.random() < 0.5 ? -1 : 1;
    const sy = c === 1 ? sx : -sx;
    const x = sx * (0.05 + 0.95 * rng.random());
    const y = sy * (0.05 + 0.95 * rng.random());
    return [x + noise * rng.normal(), y + noise * rng.normal(), c];
  });
}

/** Two round gaussian blobs of std `noise`: class 0 around (-0.5, -0.5), class 1 around (0.5, 0.5). */
export function makeBlobs(n: number, noise: number, rng: RandomStream): Split {
  return build("makeBlobs", n, noise, rng, (j) => {
    const c = j % 2;
    const center = c === 1 ? 0.5 : -0.5;
    return [center + noise * rng.normal(), center + noise * rng.normal(), c];
  });
}

/**
 * The built-in default: shaped like the course's data, not taken from it.
 *
 * Points fill an ellipse centered at (-0.15, -0.1) with half-axes 0.45 and
 * 0.7. A curved boundary x1 = -0.1 + 0.3·x2 − 0.25·x2² + 0.05·sin(8·x2)
 * separates class 1 (left of it) from class 0 (right). Labels within 0.1 of the
 * boundary flip with probability 0.1, elsewhere with 0.02, and then gaussian
 * jitter of std `noise` moves the points (clamped to [-1, 1]², which at the
 * default noise never binds). So the classes overlap a little, and a net without
 * regularization has noise to overfit. Labels follow the geometry, not j % 2.
 */
export function makeCourseLike(n: number, noise: number, rng: RandomStream): Split {
  return build("makeCourseLike", n, noise, rng, () => {
    let u: number, v: number;
    do {
      u = 2 * rng.random() - 1;
      v = 2 * rng.random() - 1;
    } while (u * u + v * v > 1);
    const x = -0.15 + 0.45 * u;
    const y = -0.1 + 0.7 * v;
    const gap = x - (-0.1 + 0.3 * y - 0.25 * y * y + 0.05 * Math.sin(8 * y));
    let c = gap < 0 ? 1 : 0;
    if (rng.random() < (Math.abs(gap) < 0.1 ? 0.1 : 0.02)) c = 1 - c;
    const clamp = (z: number): number => Math.min(1, Math.max(-1, z));
    return [clamp(x + noise * rng.normal()), clamp(y + noise * rng.normal()), c];
  });
}

export type DatasetKind = "default" | "moons" | "circles" | "spirals" | "xor" | "blobs";

/** Each kind's generator and default noise. */
export const GENERATORS: Readonly<Record<DatasetKind, { generate: Generator; noise: number }>> = {
  default: { generate: makeCourseLike, noise: 0.03 },
  moons: { generate: makeMoons, noise: 0.1 },
  circles: { generate: makeCircles, noise: 0.08 },
  spirals: { generate: makeSpirals, noise: 0.05 },
  xor: { generate: makeXor, noise: 0.08 },
  blobs: { generate: makeBlobs, noise: 0.35 },
};

export const DATASET_KINDS = Object.keys(GENERATORS) as DatasetKind[];

export interface GenerateOptions {
  /** Training points; default 211 for "default", else 200. */
  nTrain?: number;
  /** Test points; default 200. */
  nTest?: number;
  /** Gaussian noise std; default per kind (see GENERATORS). */
  noise?: number;
  /** Seed of the one stream both splits are drawn from (train first); default 1. */
  seed?: number;
}

/**
 * A generated dataset: train then test, drawn from one stream `randomStream(seed)`.
 *
 * @example
 *   const ds = generateDataset("moons", { seed: 3, noise: 0.2 });
 *   ds.train.X; // (2, 200)
 */
export function generateDataset(kind: DatasetKind, options: GenerateOptions = {}): Dataset {
  const spec = GENERATORS[kind];
  if (spec === undefined || !Object.prototype.hasOwnProperty.call(GENERATORS, kind)) {
    throw new Error(`generateDataset: kind must be one of ${DATASET_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
  }
  const seed = options.seed ?? 1;
  const nTrain = options.nTrain ?? (kind === "default" ? 211 : 200);
  const nTest = options.nTest ?? 200;
  const noise = options.noise ?? spec.noise;
  const rng = randomStream(seed);
  const train = spec.generate(nTrain, noise, rng);
  const test = spec.generate(nTest, noise, rng);
  const isDefault = kind === "default" && nTrain === 211 && nTest === 200 && noise === spec.noise;
  const source = isDefault
    ? `built-in default dataset (seed ${seed})`
    : `generated ${kind === "default" ? "default-shaped" : kind} dataset (seed ${seed}, noise ${noise}, ${nTrain} train / ${nTest} test)`;
  return { name: kind, source, train, test };
}

/**
 * The built-in default dataset, used when there is no course file: 211
 * training and 200 test points in [-1, 1]², shaped like the course's.
 */
export function defaultDataset(seed = 1): Dataset {
  return generateDataset("default", { seed });
}
