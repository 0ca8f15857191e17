#!/usr/bin/env node
/**
 * dropout-lab train [options]   train the course's network and report accuracy
 * dropout-lab sweep [options]   many trainings on every core
 */
import { UsageError } from "./options";
import { runTrainCommand, TRAIN_USAGE, type Io } from "./train";

export type { Io } from "./train";

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const USAGE = `Usage:
  dropout-lab train [options]   train the 3-layer network, print costs and accuracy
  dropout-lab sweep [options]   a grid of trainings on every core (dropout-lab sweep --help)

`+TRAIN_USAGE;

/** The CLI entry point; returns the exit code. Errors go to stderr as one line. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "train") return await runTrainCommand(rest, io, USAGE);
    if (command === "sweep") {
      // Loaded on demand: it brings in worker_threads and danfojs.
      const { runSweepCommand } = await import("./sweep");
      return await runSweepCommand(rest, io);
    }
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command ${JSON.stringify(command)}; expected "train" or "sweep"`);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = (error as Error).message;
    io.stderr(message.startsWith("dropout-lab") ? `${message}\n` : `dropout-lab: ${message}\n`);
    if (usage) io.stderr("Run dropout-lab --help for the options.\n");
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  // A reader that goes away (`dropout-lab train | head -1`) ends the output quietly.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
