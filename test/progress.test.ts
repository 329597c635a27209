// The progress line: shown only on a terminal outside CI, only after two seconds, and cleared at the end.
import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/cli/progress.js';
import type { Io } from '../src/cli/program.js';

function io(isTTY: boolean, env: Record<string, string> = {}) {
  const err: string[] = [];
  const value: Io = { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s), isTTY }, stdinIsTTY: false, env };
  return { value, err };
}

const step = { file: 'x.csv', bytesRead: 50 * 1048576, size: 100 * 1048576, lines: 1_000_000 };

describe('progressLine', () => {
  it.each([
    ['stderr is not a terminal', false, {}],
    ['CI is set', true, { CI: 'true' }],
  ])('is off when %s', (_why, tty, env) => {
    expect(progressLine(io(tty, env).value)).toBeNull();
  });

  it('says nothing in the first two seconds, then the share, speed and time left; done clears it', () => {
    let t = 0;
    const { value, err } = io(true);
    const p = progressLine(value, () => t)!;
    t = 1999;
    p.update(step);
    expect(err).toEqual([]);
    t = 2000;
    p.update(step);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain('x.csv 50% (50 of 100 MiB), 500,000 lines/s, about 2 s left to read');
    t = 2100; // within 200 ms of the last line: not redrawn
    p.update(step);
    expect(err).toHaveLength(1);
    p.done();
    expect(err[1]).toBe('\r\x1b[2K');
  });

  it('done writes nothing when nothing was shown', () => {
    const { value, err } = io(true);
    progressLine(value, () => 0)!.done();
    expect(err).toEqual([]);
  });
});
