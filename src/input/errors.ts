// Errors about the user's input as a whole (not one line): they end the run with exit code 2.
import { openSync } from 'node:fs';
export class InputError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'InputError';
  }
}

/** The short reason for a failed file operation: its error code (ENOENT) where there is one. */
export function ioReason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/** Opens an input file for reading; a file that cannot be opened is an InputError naming it. */
export function openInput(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, `cannot be read (${ioReason(e)})`);
  }
}
