/**
 * `dropout-lab sweep`: a grid of trainings on every core (see ../sweep).
 *
 *   dropout-lab sweep --keep-prob 0.7,0.86,1 --lambd 0,0.1,0.7 --seeds 1,2,3 --datasets default,moons
 *
 * Output: progress lines on stderr and a results table on stdout; with --json,
 * one JSON object on stdout instead, `{ rows, errors, cancelled, seconds, options }`,
 * written in a single write once the sweep is over, so it is never half-written.
 * A usage error writes nothing on stdout, only a message on stderr.
 *
 * Exit codes: 0 all trainings finished; 1 some configuration failed (listed on
 * stderr, and in `errors`) or the sweep itself failed; 2 a bad option; 130
 * cancelled by Ctrl-C or SIGTERM (the finished rows are still printed; a second
 * Ctrl-C exits at once). A diverged training is a row with status "diverged",
 * listed after the others and named on stderr.
 */
import { checkRegularFile } from "../data/files";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { sweep, sweepConfigs, type SweepGrid, type SweepRow } from "../sweep";
import { normalizeOptions, type InitPolicy, type MaskPolicy } from "../train/options";
import { checkCount, checkKeepProb, checkNonNegative } from "../validate";
import { jsonNumbers } from "./train";
import { OPTION_NAMES, parseInteger, parseLayers, parseList, parseNumber, usage, UsageError } from "./options";

const FN = "dropout-lab sweep";

export const SWEEP_USAGE = `Usage: dropout-lab sweep [options]

Trains every combination of the grid's values, one training per worker thread.

Grid (comma-separated lists):
  --keep-prob P,...     keepProb of every hidden layer, each in (0, 1]     [1]
  --lambd L,...         L2 strengths, each >= 0                           [0]
  --seeds S,...         training seeds (fresh masks, He init)             [1]
  --datasets NAME,...   course, default, moons, circles, spirals, xor, blobs, file
                                                                          [default]
  --data FILE           a .mat (X, y, Xval, yval) or .csv (x1, x2, y, split) file:
                        the dataset "file", added to --datasets (alone when
                        --datasets is not given)

Training:
  --iterations N        gradient-descent iterations                       [30000]
  --learning-rate R     step size                                         [0.3]
  --layers N1,N2,...    hidden layer sizes: the network is [2, N1, N2, ..., 1]
                                                                          [20,3]
  --masks fresh|course  dropout masks: fresh each iteration, or the course's
                        fixed ones                                        [fresh]
  --init course|he      weight initialization                             [course]
  --dev-fraction F      hold out this fraction of each dataset's training examples
                        as a dev split (stratified, seeded) and rank by dev accuracy;
                        the test accuracy is printed once, for the best setting;
                        0 trains on all of it and shows test accuracy per row [0.2]

Run:
  --workers K           worker threads                [available cores, ${availableParallelism()} here]
  --json                print one JSON object { rows, errors, cancelled, seconds, options }
  -h, --help            this text

Exit codes: 0 done, 1 a configuration failed, 2 bad option, 130 cancelled (Ctrl-C).
`;

/** Where output goes: the same shape as src/cli.ts's Io, plus an optional signal. */
export interface SweepIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Cancels like Ctrl-C (for callers that run the command in-process). */
  signal?: AbortSignal;
}

const processIo: SweepIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/**
 * Runs `dropout-lab sweep` with `argv`, the arguments after "sweep".
 *
 * @returns the exit code (0, 1, 2 or 130; see the module comment)
 */
export async function runSweepCommand(argv: string[], io: SweepIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(argv);
  } catch (err) {
    const message = (err as Error).message.replace(/^dropout-lab sweep: /, "");
    io.stderr(`${FN}: ${message}\nRun "dropout-lab sweep --help" for the options.\n`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout(SWEEP_USAGE);
    return 0;
  }
  const { grid, options, json } = parsed;

  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    io.stderr(`\n${FN}: cancelling (Ctrl-C again to quit at once)\n`);
    controller.abort();
  };
  const onExternalAbort = (): void => controller.abort();
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint); // a termination request ends the sweep the same way: finished rows printed
  io.signal?.addEventListener("abort", onExternalAbort, { once: true });
  if (io.signal?.aborted) controller.abort();
  try {
    const total = sweepConfigs(grid, options).length;
    const workers = Math.min(options.workers ?? availableParallelism(), total);
    const result = await sweep(grid, {
      ...options,
      workers,
      signal: controller.signal,
      onProgress: json
        ? undefined
        : (p) => {
            const score = p.last?.devAccuracy !== undefined ? `dev ${pct(p.last.devAccuracy)}` : `test ${pct(p.last?.testAccuracy ?? NaN)}`;
            const what = p.last ? `${label(p.last)}: cost ${fmt(p.last.finalCost)}, ${score}` : "a configuration failed";
            io.stderr(`[${p.done}/${p.total}] ${p.elapsedSeconds.toFixed(1)} s elapsed, ETA ${p.etaSeconds.toFixed(1)} s  ${what}\n`);
          },
    });
    const { rows, errors, cancelled, seconds } = result;
    if (json) {
      io.stdout(`${JSON.stringify({ rows, errors, cancelled, seconds, options: { grid, ...options, workers } }, jsonNumbers)}\n`);
    } else {
      io.stdout(table(rows));
      const best = bestByDev(rows);
      if (best !== undefined) {
        io.stdout(`\nBest by dev accuracy: ${label(best)}: dev ${pct(best.devAccuracy!)}, test ${pct(best.testAccuracy)} (the test set, reported once, for this setting)\n`);
      }
    }
    for (const e of errors) io.stderr(`${FN}: failed ${label(e.config)}: ${e.message}\n`);
    for (const r of rows) if (r.status === "diverged") io.stderr(`${FN}: ${label(r)}: ${r.message}\n`);
    const summary = `${rows.length} of ${total} trainings finished${errors.length > 0 ? `, ${errors.length} failed` : ""}, in ${seconds.toFixed(1)} s on ${workers} worker${workers === 1 ? "" : "s"}`;
    if (cancelled) {
      io.stderr(`${FN}: cancelled: ${summary}\n`);
      return 130;
    }
    if (!json || errors.length > 0) io.stderr(`${errors.length > 0 ? `${FN}: ` : ""}${summary}\n`);
    return errors.length > 0 ? 1 : 0;
  } catch (err) {
    io.stderr(`${FN}: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onSigint);
    io.signal?.removeEventListener("abort", onExternalAbort);
  }
}

interface Command {
  grid: Required<SweepGrid>;
  options: {
    numIterations: number;
    learningRate: number;
    layersDims: number[];
    masks: "fresh" | "course";
    init: "course" | "he";
    dataPath?: string;
    workers?: number;
    devFraction?: number;
  };
  json: boolean;
}

function parseCommand(argv: string[]): Command | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        "keep-prob": { type: "string" },
        lambd: { type: "string" },
        seeds: { type: "string" },
        datasets: { type: "string" },
        data: { type: "string" },
        iterations: { type: "string" },
        "learning-rate": { type: "string" },
        layers: { type: "string" },
        masks: { type: "string" },
        init: { type: "string" },
        "dev-fraction": { type: "string" },
        workers: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return "help";

  const keepProb = parseList("keep-prob", values["keep-prob"]) ?? [1];
  usage(() => keepProb.forEach((p) => checkKeepProb(FN, p, "--keep-prob")));
  const lambd = parseList("lambd", values.lambd) ?? [0];
  usage(() => lambd.forEach((l) => checkNonNegative(FN, "--lambd", l)));
  const seed = parseList("seeds", values.seeds, true) ?? [1];

  const dataPath = values.data;
  if (dataPath !== undefined) {
    // The check every loader makes: a regular file (FIFOs, devices, directories and links to them are refused).
    checkRegularFile(dataPath, (problem) => new UsageError(`--data: ${problem}: ${JSON.stringify(dataPath)}`));
    const ext = extname(dataPath).toLowerCase();
    if (ext !== ".mat" && ext !== ".csv") {
      throw new UsageError(`--data must be a .mat or .csv file, got ${JSON.stringify(dataPath)}`);
    }
  }
  let dataset = values.datasets === undefined ? (dataPath === undefined ? ["default"] : []) : names("--datasets", values.datasets);
  if (dataPath !== undefined && !dataset.includes("file")) dataset = [...dataset, "file"];
  if (dataPath === undefined && dataset.includes("file")) {
    throw new UsageError(`--datasets names "file", which needs --data FILE`);
  }

  // Every dataset here has two features.
  const layersDims = parseLayers(values.layers ?? "20,3", 2) as number[];
  const given = {
    numIterations: parseInteger("iterations", values.iterations as string | undefined),
    learningRate: parseNumber("learning-rate", values["learning-rate"] as string | undefined),
    layersDims,
    masks: values.masks as MaskPolicy | undefined,
    init: values.init as InitPolicy | undefined,
  };
  const { numIterations, learningRate, masks, init } = usage(() => normalizeOptions(FN, given, OPTION_NAMES));
  const workers = parseInteger("workers", values.workers);
  if (workers !== undefined) usage(() => checkCount(FN, "--workers", workers));
  const dev = parseNumber("dev-fraction", values["dev-fraction"] as string | undefined) ?? 0.2;
  if (!(dev >= 0 && dev < 1)) throw new UsageError(`--dev-fraction must be a number in [0, 1), got ${JSON.stringify(values["dev-fraction"])}`);
  const devFraction = dev === 0 ? undefined : dev;
  return {
    grid: { keepProb, lambd, seed, dataset },
    options: { numIterations, learningRate, layersDims, masks, init, dataPath, workers, devFraction },
    json: values.json ?? false,
  };
}

/** The comma-separated names of an option's value; none may be empty. */
function names(option: string, text: string): string[] {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.some((part) => part === "")) throw new UsageError(`${option} must be a comma-separated list of names, got ${JSON.stringify(text)}`);
  return parts;
}

function label(c: { dataset: string; keepProb: number; lambd: number; seed: number }): string {
  return `${c.dataset} keepProb=${c.keepProb} lambd=${c.lambd} seed=${c.seed}`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** The finished row with the highest dev accuracy (the first of ties), among those that did not diverge. */
function bestByDev(rows: readonly SweepRow[]): SweepRow | undefined {
  let best: SweepRow | undefined;
  for (const r of rows) if (r.status === "ok" && r.devAccuracy !== undefined && (best === undefined || r.devAccuracy > best.devAccuracy!)) best = r;
  return best;
}

/**
 * The rows as an aligned text table, one line per row: dev accuracy when the
 * sweep held out a dev split (the test accuracy is then printed once, for the
 * best row), else test accuracy.
 */
function table(rows: readonly SweepRow[]): string {
  const dev = rows.some((r) => r.devAccuracy !== undefined);
  const head = ["dataset", "keepProb", "lambd", "seed", "finalCost", "train", dev ? "dev" : "test", "seconds", "status"];
  const body = rows.map((r) => [
    r.dataset,
    String(r.keepProb),
    String(r.lambd),
    String(r.seed),
    fmt(r.finalCost),
    pct(r.trainAccuracy),
    pct(dev ? r.devAccuracy! : r.testAccuracy),
    r.seconds.toFixed(2),
    r.status,
  ]);
  const widths = head.map((h, j) => Math.max(h.length, ...body.map((b) => b[j].length)));
  const line = (cells: string[]): string =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join("  ").trimEnd() + "\n";
  return line(head) + body.map(line).join("");
}
