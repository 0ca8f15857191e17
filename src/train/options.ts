/**
 * One normaliser of training options, for every entry point that trains:
 * `model`, `sweep` (its shared options) and the CLI (which passes its own
 * option names, so that messages say `--learning-rate` where the user typed
 * that). It checks each value once and fills in the defaults.
 */
import { checkLayersDims } from "../network/parameters";
import { checkCount, checkKeepProb, checkNonNegative, checkPositive, describe } from "../validate";

export type MaskPolicy = "fresh" | "course";
export type InitPolicy = "course" | "he";

/** The plain (serializable) options of one training; see ModelOptions for each. */
export interface TrainingOptions {
  learningRate?: number;
  numIterations?: number;
  lambd?: number;
  keepProb?: number | readonly number[];
  layersDims?: readonly number[];
  masks?: MaskPolicy;
  init?: InitPolicy;
  seed?: number;
  callbackEvery?: number;
}

/** TrainingOptions checked, with every default filled in (layersDims stays undefined: it defaults from X). */
export interface Settings {
  learningRate: number;
  numIterations: number;
  lambd: number;
  keepProb: number | number[];
  layersDims: number[] | undefined;
  masks: MaskPolicy;
  init: InitPolicy;
  seed: number;
  callbackEvery: number;
}

export const DEFAULTS = {
  learningRate: 0.3,
  numIterations: 30000,
  lambd: 0,
  keepProb: 1,
  masks: "fresh",
  init: "course",
  seed: 1,
  callbackEvery: 1000,
} as const;

/**
 * Checks `options` and fills in the defaults. `fn` starts every message;
 * `names` renames options in messages (the CLI's `--learning-rate`).
 *
 * @throws RangeError or TypeError naming the option, what was expected and what was received
 */
export function normalizeOptions(fn: string, options: TrainingOptions, names: Partial<Record<keyof TrainingOptions, string>> = {}): Settings {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${options === null ? "null" : describe(options)}`);
  }
  const name = (key: keyof TrainingOptions): string => names[key] ?? key;
  const given = <K extends keyof TrainingOptions>(key: K): TrainingOptions[K] | undefined => {
    const value = options[key];
    if (value === null) throw new TypeError(`${fn}: ${name(key)} must not be null; leave it out for the default`);
    return value;
  };
  const learningRate = given("learningRate") ?? DEFAULTS.learningRate;
  checkPositive(fn, name("learningRate"), learningRate);
  const numIterations = given("numIterations") ?? DEFAULTS.numIterations;
  checkCount(fn, name("numIterations"), numIterations, 1);
  const lambd = given("lambd") ?? DEFAULTS.lambd;
  checkNonNegative(fn, name("lambd"), lambd);
  const callbackEvery = given("callbackEvery") ?? DEFAULTS.callbackEvery;
  checkCount(fn, name("callbackEvery"), callbackEvery);
  const masks = given("masks") ?? DEFAULTS.masks;
  if (masks !== "fresh" && masks !== "course") throw new RangeError(`${fn}: ${name("masks")} must be "fresh" or "course", got ${describe(masks)}`);
  const init = given("init") ?? DEFAULTS.init;
  if (init !== "course" && init !== "he") throw new RangeError(`${fn}: ${name("init")} must be "course" or "he", got ${describe(init)}`);
  const seed = given("seed") ?? DEFAULTS.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed)) throw new RangeError(`${fn}: ${name("seed")} must be an integer, got ${describe(seed)}`);
  const keepProb = checkKeepProbs(fn, name("keepProb"), given("keepProb") ?? DEFAULTS.keepProb);
  const layersDims = given("layersDims");
  if (layersDims !== undefined) checkLayersDims(fn, layersDims);
  if (layersDims !== undefined && Array.isArray(keepProb)) keepProbFits(fn, name("keepProb"), keepProb, layersDims);
  return { learningRate, numIterations, lambd, keepProb, layersDims: layersDims && [...layersDims], masks, init, seed, callbackEvery };
}

/** One keepProb in (0, 1], or a non-empty array of them (one per hidden layer). */
function checkKeepProbs(fn: string, name: string, keepProb: number | readonly number[]): number | number[] {
  if (Array.isArray(keepProb)) {
    if (keepProb.length === 0) throw new RangeError(`${fn}: ${name} must be a number or a non-empty array (one per hidden layer), got []`);
    keepProb.forEach((p, i) => checkKeepProb(fn, p, `${name}[${i}]`));
    return [...keepProb];
  }
  if (typeof keepProb !== "number") {
    throw new RangeError(`${fn}: ${name} must be a number in (0, 1] or an array of them (one per hidden layer), got ${describe(keepProb)}`);
  }
  checkKeepProb(fn, keepProb as number, name);
  return keepProb as number;
}

/** Throws unless keepProb suits a network of these sizes: one per hidden layer, and dropout only where there is one. */
export function keepProbFits(fn: string, name: string, keepProb: number | readonly number[], layersDims: readonly number[]): void {
  const hidden = layersDims.length - 2;
  if (Array.isArray(keepProb) && keepProb.length !== hidden) {
    throw new RangeError(`${fn}: ${name} has ${keepProb.length} values, the network [${layersDims}] has ${hidden} hidden layers`);
  }
  if (hidden === 0 && keepProb !== 1) {
    throw new RangeError(`${fn}: ${name} ${describe(keepProb)} needs a hidden layer to drop, and the network [${layersDims}] has none`);
  }
}
