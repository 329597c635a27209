// Errors about the user's input as a whole (not one line): they end the run with exit code 2.
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
