// Writing a report (or a baseline) to the file the user named.
import { closeSync, openSync, writeSync } from 'node:fs';
import { ioReason } from '../input/errors.js';
import { UsageError } from './program.js';

/** Writes the pieces to the file. */
export function writeOutput(output: string, pieces: Iterable<string>): void {
  try {
    const fd = openSync(output, 'w');
    try {
      for (const piece of pieces) writeSync(fd, piece);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new UsageError(`cannot write ${output} (${ioReason(e)})`);
  }
}
