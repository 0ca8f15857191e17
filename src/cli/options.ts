/** Parsing helpers shared by the CLI commands: each error names the option. */

import type { TrainingOptions } from "../train/options";

export class UsageError extends Error {}

/** The CLI's names of the training options, for the normaliser's messages. */
export const OPTION_NAMES: Partial<Record<keyof TrainingOptions, string>> = {
  learningRate: "--learning-rate",
  numIterations: "--iterations",
  lambd: "--lambd",
  keepProb: "--keep-prob",
  layersDims: "--layers",
  masks: "--masks",
  init: "--init",
  seed: "--seed",
};

/** Runs a check; a RangeError or TypeError it throws is a usage error (exit code 2). */
export function usage<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
}

export function parseNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${option} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

export function parseInteger(option: string, text: string | undefined): number | undefined {
  const value = parseNumber(option, text);
  if (value !== undefined && !Number.isInteger(value)) throw new UsageError(`--${option} must be an integer, got ${JSON.stringify(text)}`);
  return value;
}

export function parseList(option: string, text: string | undefined, integer = false): number[] | undefined {
  if (text === undefined) return undefined;
  const parse = integer ? parseInteger : parseNumber;
  return text.split(",").map((part) => parse(option, part) as number);
}

/** "20,3" → [nx, 20, 3, 1]. */
export function parseLayers(text: string | undefined, inputs: number): number[] | undefined {
  const hidden = parseList("layers", text, true);
  if (hidden === undefined) return undefined;
  if (hidden.some((n) => n < 1)) throw new UsageError(`--layers must list positive hidden-layer sizes, got ${JSON.stringify(text)}`);
  return [inputs, ...hidden, 1];
}
