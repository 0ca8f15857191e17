/**
 * Opening data files safely: only regular files are read, and only up to a
 * size limit, so that no path can hang the process or fill its memory.
 *
 * A FIFO would block `open` or `read` for ever, `/dev/zero` never ends, a
 * directory or socket cannot be read as data. `readRegularFile` refuses them
 * up front (lstat, then stat through a symbolic link), opens with O_NONBLOCK
 * (so even a FIFO swapped in after the check cannot block the open), checks
 * again with fstat on the open descriptor, and reads at most `maxBytes`.
 *
 * Every problem is a `DataFileError` that names the file and what is wrong.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from "node:fs";

/** A problem with a data file: `file` names it, `problem` says what is wrong. */
export class DataFileError extends Error {
  readonly file: string;
  readonly problem: string;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = "DataFileError";
    this.file = file;
    this.problem = problem;
  }
}

/** The default limit of `readRegularFile`: 256 MiB. */
export const MAX_DATA_FILE_BYTES = 256 * 1024 * 1024;

/** How errors are made: `problem` is the plain reason, without the file name. */
export type MakeFileError = (problem: string, cause?: unknown) => Error;

export interface ReadFileOptions {
  /** Refuse a file larger than this many bytes; default `MAX_DATA_FILE_BYTES`. */
  maxBytes?: number;
  /** Builds the error; default a `DataFileError` naming the path. */
  makeError?: MakeFileError;
}

/** What a file system entry is, for messages: "a directory", "a FIFO (named pipe)"… */
export function fileKind(stats: Stats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** Whether `path` looks like a URL (`scheme://…`) rather than a file path. */
export function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

/**
 * Checks, without opening it, that `path` names a regular file (directly or
 * through symbolic links), and returns its size in bytes.
 *
 * @throws TypeError for a path that is not a non-empty string
 * @throws DataFileError (or what `makeError` builds): a URL, not found, permission
 *   denied, or not a regular file (saying what it is: directory, FIFO, device, socket)
 */
export function checkRegularFile(path: string, makeError?: MakeFileError): number {
  const make = makeError ?? defaultMaker(path);
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`checkRegularFile: path must be a non-empty string, got ${describe(path)}`);
  }
  if (isUrl(path)) {
    throw make("is a URL; only local files can be read (there is no network access): download it and pass its path");
  }
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (err) {
    throw make(errnoProblem(err), err);
  }
  let target = link;
  if (link.isSymbolicLink()) {
    try {
      target = statSync(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw make(code === "ENOENT" ? "is a symbolic link to a file that does not exist" : errnoProblem(err), err);
    }
  }
  if (!target.isFile()) {
    const what = link.isSymbolicLink() ? `a symbolic link to ${fileKind(target)}` : fileKind(target);
    throw make(`is ${what}, not a regular file; give the path of a data file`);
  }
  return target.size;
}

/**
 * The bytes of the regular file at `path`, read through one descriptor that
 * is checked with fstat after opening. Never blocks on a FIFO or device.
 *
 * @throws TypeError for a bad path or maxBytes
 * @throws DataFileError (or what `makeError` builds): see `checkRegularFile`;
 *   also a file larger than `maxBytes`
 */
export function readRegularFile(path: string, options: ReadFileOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? MAX_DATA_FILE_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new TypeError(`readRegularFile: maxBytes must be a non-negative integer, got ${describe(maxBytes)}`);
  }
  const make = options.makeError ?? defaultMaker(path);
  checkRegularFile(path, make);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw make(errnoProblem(err), err);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw make(`is ${fileKind(stats)}, not a regular file (it changed while being opened)`);
    const tooBig = (size: string) =>
      make(`is ${size} bytes, more than the limit of ${maxBytes} bytes (${formatBytes(maxBytes)}) for a data file`);
    if (stats.size > maxBytes) throw tooBig(String(stats.size));
    // Read to the end even if the file grew since fstat, but never past the limit.
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, stats.size + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) throw tooBig(`more than ${maxBytes}`);
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (err) {
        throw make(errnoProblem(err), err);
      }
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function defaultMaker(path: string): MakeFileError {
  return (problem, cause) => new DataFileError(String(path), problem, cause === undefined ? undefined : { cause });
}

function errnoProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "file not found";
    case "ENOTDIR":
      return "file not found (a part of the path is not a directory)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory, not a regular file; give the path of a data file";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return `cannot read the file (${code ?? String(err)})`;
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function describe(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "number") return String(x);
  return x === null ? "null" : typeof x;
}
