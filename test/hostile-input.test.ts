// Input that is hostile or just wrong: no full CPR number in any output, and every echoed value
// short, masked and with its control characters escaped, in every format and on stderr.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cliRun, type Io } from '../src/cli/program.js';
import { check, InputError } from '../src/index.js';
import { source } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-hostile-'));

/** Writes a file in the test folder and returns its path. */
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The CLI run in this process, as the bin runs it: exit code, stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdinIsTTY: false,
    env: { NO_COLOR: '1' },
  };
  const code = await cliRun(['node', 'gpclaims', ...args], io);
  return { code, stdout, stderr };
}

/** The message of what the check throws for this input, read from a file (hot path) or a stream (general path). */
async function failure(text: string, path: 'file' | 'stream'): Promise<string> {
  const input = path === 'file' ? file('in.csv', text) : source(text, 'in.csv');
  try {
    await check([input]);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('the check did not fail');
}

const CPR = '2903550819';

describe('a header without the required columns is quoted, not echoed', () => {
  it.each(['file', 'stream'] as const)('a data line taken for the header (%s): the CPR is masked', async (path) => {
    const message = await failure(`234567,${CPR},2025-03-04,0101\n`, path);
    expect(message).not.toContain(CPR);
    expect(message).toContain('(header: 234567,290355-****,2025-03-04,0101)');
  });

  it.each(['file', 'stream'] as const)('a huge first line with no line end (%s): about 80 characters of it', async (path) => {
    const message = await failure(`a,${'b'.repeat(2_000_000)}`, path);
    expect(message.length).toBeLessThan(250);
    expect(message).toContain(`(header: a,${'b'.repeat(78)}…)`);
  });

  it.each(['file', 'stream'] as const)('terminal escapes and tabs in it are shown escaped (%s)', async (path) => {
    const message = await failure('x\x1b[2K\ty\x1b[8m\tz\n', path);
    expect(message).toContain('(header: x\\x1b[2K\\ty\\x1b[8m\\tz)');
  });

  it('the CLI says it in one line, exit 2', async () => {
    const r = await cli(['check', file('h.csv', `234567,${CPR},2025-03-04,0101\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([expect.stringContaining('missing required columns'), '']);
    expect(r.stderr).not.toContain(CPR);
  });
});
