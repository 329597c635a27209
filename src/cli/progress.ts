// A progress line on stderr while a large file is read: only on a terminal, never in CI or pipes.
import type { Io } from './io.js';

const SHOW_AFTER_MS = 2000;
const EVERY_MS = 200;

export interface Progress {
  update(p: { file: string; bytesRead: number; size: number; lines: number }): void;
  /** Clears the line. */
  done(): void;
}

/** A reporter, or null when stderr is not a terminal or CI is set. */
export function progressLine(io: Io, now: () => number = () => performance.now()): Progress | null {
  if (!io.stderr.isTTY || io.env.CI) return null;
  const start = now();
  let last = 0;
  let shown = false;
  return {
    update({ file, bytesRead, size, lines }) {
      const t = now();
      if (t - start < SHOW_AFTER_MS || t - last < EVERY_MS) return;
      last = t;
      shown = true;
      const seconds = (t - start) / 1000;
      const share = size > 0 ? bytesRead / size : 1;
      const eta = share > 0 ? Math.max(0, seconds / share - seconds) : 0;
      const mib = (b: number): string => (b / 1048576).toFixed(0);
      io.stderr.write(
        `\r\x1b[2Kgpclaims: reading ${file} ${(share * 100).toFixed(0)}% (${mib(bytesRead)} of ${mib(size)} MiB), ${Math.round(lines / seconds).toLocaleString('en')} lines/s, about ${Math.ceil(eta)} s left to read`,
      );
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
