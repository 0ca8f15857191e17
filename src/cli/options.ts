/** Parsing helpers shared by the CLI commands: each error names the option. */

export class UsageError extends Error {}

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

export function parseMasks(text: string | undefined): "fresh" | "course" | undefined {
  if (text === undefined || text === "fresh" || text === "course") return text;
  throw new UsageError(`--masks must be "fresh" or "course", got ${JSON.stringify(text)}`);
}
