// The streams and environment the command line runs with, and whether it colours: shared by its commands.
export interface Io {
  stdout: { write(s: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  stdinIsTTY: boolean;
  env: Record<string, string | undefined>;
}

/** The running process's streams and environment: what bin/gpclaims.ts and the binary give run(). */
export function processIo(): Io {
  // A reader that stops early (gpclaims check ... | head) closes the pipe. Like the Unix tools,
  // stop writing quietly instead of dying with a stack trace; the run still ends with its exit code.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    process.stdout.destroy();
  });
  return { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: Boolean(process.stdin.isTTY), env: process.env };
}

/** chalk's colour level: colour only on a terminal, unless NO_COLOR is set or TERM is dumb. */
export function colourLevel(io: Io, toTerminal: boolean): 0 | 1 {
  return toTerminal && !('NO_COLOR' in io.env && io.env.NO_COLOR !== '') && io.env.TERM !== 'dumb' ? 1 : 0;
}
