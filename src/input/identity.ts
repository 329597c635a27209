// Whether two paths are one file (the same device and inode, or the same real path), and which
// inputs are given twice: as the same file, or as files with identical content.
import { createHash } from 'node:crypto';
import { type BigIntStats, closeSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, ioReason, openInput } from './errors.js';

/** The file's device and inode (links followed), or undefined when it cannot be looked at. */
function stats(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

/** The path with every link resolved, as far as it exists (a file still to be made keeps its name). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** Whether a and b are one file: the same device and inode when both exist, else the same real path. */
export function sameFile(a: string, b: string): boolean {
  const sa = stats(a);
  const sb = stats(b);
  if (sa && sb) return sa.dev === sb.dev && sa.ino === sb.ino;
  return realPath(a) === realPath(b);
}

/** Two inputs that are one: the first two found, in the order given. */
export type Twins = { first: string; second: string; how: 'same file' | 'same content' } | { first: '-'; second: '-'; how: 'standard input' };

/**
 * The first pair of inputs that would be read twice: standard input ("-") given twice, one file
 * under two names (a link, another spelling), or two files with identical content. Content is
 * compared (sha256) only for regular files of the same size. Paths that cannot be looked at are
 * left to the reader to report.
 */
export function findTwins(inputs: readonly string[]): Twins | undefined {
  if (inputs.filter((p) => p === '-').length > 1) return { first: '-', second: '-', how: 'standard input' };
  const files = inputs.filter((p) => p !== '-').map((path) => ({ path, st: stats(path), hash: undefined as string | undefined }));
  for (let j = 1; j < files.length; j++) {
    const b = files[j]!;
    if (!b.st) continue;
    for (let i = 0; i < j; i++) {
      const a = files[i]!;
      if (!a.st) continue;
      if (a.st.dev === b.st.dev && a.st.ino === b.st.ino) return { first: a.path, second: b.path, how: 'same file' };
      if (!a.st.isFile() || !b.st.isFile() || a.st.size !== b.st.size) continue;
      a.hash ??= sha256(a.path);
      b.hash ??= sha256(b.path);
      if (a.hash === b.hash) return { first: a.path, second: b.path, how: 'same content' };
    }
  }
  return undefined;
}

function sha256(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openInput(path);
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } catch (e) {
    throw new InputError(path, `cannot be read (${ioReason(e)})`);
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
