// Writing a report (or a baseline) to the file the user named: checked before anything is read,
// written beside it and renamed into place, never through a link and never over a file the run reads.
import { randomBytes } from 'node:crypto';
import { accessSync, createWriteStream, closeSync, constants, lstatSync, openSync, renameSync, rmSync, type Stats, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ioReason } from '../input/errors.js';
import { sameFile } from '../input/identity.js';
import { UsageError } from './usage.js';

/** A file the run reads, and what it is to the user: "an input", "the --practices file". */
export interface ReadFile {
  path: string;
  as: string;
}

/** The path's own stats (a link is not followed); undefined when nothing is there. */
function lstatOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UsageError(`cannot write ${path} (${ioReason(e)})`);
  }
}

/** The stats of what the path leads to (links followed); undefined when it leads nowhere. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** A terminal, /dev/null or a pipe: written as it is, since there is no file to replace. */
function isDeviceOrPipe(st: Stats | undefined): boolean {
  return st !== undefined && (st.isCharacterDevice() || st.isFIFO() || st.isSocket());
}

/**
 * Checks, before any input is read, that a report can be written to path: its folder exists and
 * may be written, the path is not a folder, not a symbolic link (unless to a device or pipe, like
 * /dev/stdout) and not one of the files the run reads. `what` names the path in messages
 * ("--output", "the baseline file"). Throws a UsageError saying what is wrong.
 */
export function checkOutput(path: string, what: string, reads: readonly ReadFile[]): void {
  const st = lstatOf(path);
  if (st?.isSymbolicLink()) {
    // Writing through a link could overwrite any file it points to.
    if (isDeviceOrPipe(statOf(path))) return;
    throw new UsageError(`will not write ${path}: it is a symbolic link; give the path of the file itself`);
  }
  if (st?.isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder`);
  if (isDeviceOrPipe(st)) return;
  const folder = dirname(path);
  const dir = statOf(folder);
  if (!dir) throw new UsageError(`cannot write ${path}: the folder ${folder} does not exist`);
  if (!dir.isDirectory()) throw new UsageError(`cannot write ${path}: ${folder} is not a folder`);
  try {
    // The report is made in the folder and renamed over the file, so the folder must be writable;
    // a report the user made read-only stays as it is.
    accessSync(folder, constants.W_OK | constants.X_OK);
    if (st) accessSync(path, constants.W_OK);
  } catch (e) {
    throw new UsageError(`cannot write ${path} (${ioReason(e)})`);
  }
  for (const r of reads) {
    if (r.path !== '-' && sameFile(path, r.path)) throw new UsageError(`${what} ${path} is also ${r.as} (${r.path}); give another file to write to`);
  }
}

/** Runs a file operation on the way to writing path; its failure is a usage error naming path. */
function io<T>(path: string, op: () => T): T {
  try {
    return op();
  } catch (e) {
    throw new UsageError(`cannot write ${path} (${ioReason(e)})`);
  }
}

/**
 * Writes the pieces to path. A file is written whole or not at all: the pieces go to a new file
 * beside it (.<name>.<random>.tmp), which is then renamed over path, so a run that fails half-way
 * leaves no half report and the last report as it was. A link at path is replaced, not followed.
 * A device or pipe (/dev/null, /dev/stdout) is written as it is.
 */
export function writeOutput(path: string, pieces: Iterable<string | Uint8Array>): void {
  if (isDeviceOrPipe(statOf(path))) {
    const fd = io(path, () => openSync(path, 'w'));
    try {
      for (const piece of pieces) io(path, () => (typeof piece === 'string' ? writeSync(fd, piece) : writeSync(fd, piece)));
    } finally {
      closeSync(fd);
    }
    return;
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx' makes a new file or fails: never an existing file or a link someone put there.
  const fd = io(path, () => openSync(temp, 'wx'));
  let renamed = false;
  try {
    try {
      // No fsync: the point is a run that fails, not a machine that does; and a large report would wait for the disk.
      for (const piece of pieces) io(path, () => (typeof piece === 'string' ? writeSync(fd, piece) : writeSync(fd, piece)));
    } finally {
      closeSync(fd);
    }
    io(path, () => renameSync(temp, path));
    renamed = true;
  } finally {
    if (!renamed) rmSync(temp, { force: true });
  }
}

/**
 * Writes a report that a writer streams (the Excel workbook) to path, whole or not at all as
 * writeOutput does: into a new file beside it, renamed over path once the writer has finished.
 */
export async function writeOutputStream(path: string, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const device = isDeviceOrPipe(statOf(path));
  const target = device ? path : join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx' makes a new file or fails: never an existing file or a link someone put there.
  const out = createWriteStream(target, { flags: device ? 'w' : 'wx' });
  let done = false;
  try {
    await write(out).catch((e: unknown) => io(path, () => {
      throw e;
    }));
    if (!device) io(path, () => renameSync(target, path));
    done = true;
  } finally {
    if (!done) {
      out.destroy();
      if (!device) rmSync(target, { force: true });
    }
  }
}
