// A large input is checked by a process that asks glibc for huge pages (the CLI replaces itself,
// Linux only); a small one, or a user's own GLIBC_TUNABLES, is checked as it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'dist', 'bin', 'gpclaims.js');
const dir = mkdtempSync(join(tmpdir(), 'gpclaims-huge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 70 MiB of NUL bytes, sparse (no disk written): past the size, and rejected at once as binary.
const large = join(dir, 'stor.csv');
writeFileSync(large, '');
truncateSync(large, 70 * 1024 * 1024);
const small = join(dir, 'lille.csv');
writeFileSync(small, Buffer.alloc(1024));

const CHILD = 'checking it with huge pages';

describe.runIf(process.platform === 'linux')('huge pages for a large input', () => {
  it.each([
    { name: 'a large input', file: large, env: {}, child: true },
    { name: 'a small input', file: small, env: {}, child: false },
    { name: 'a large input with the user\'s own GLIBC_TUNABLES', file: large, env: { GLIBC_TUNABLES: '' }, child: false },
  ])('$name', ({ file, env, child }) => {
    const r = spawnSync(process.execPath, [BIN, 'check', file], { encoding: 'utf8', env: { ...process.env, GLIBC_TUNABLES: undefined, ...env, GPCLAIMS_DEBUG: '1' } });
    // The child's exit code and its one error line come through as they are, once.
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes(CHILD))).toHaveLength(child ? 1 : 0);
    expect(lines.filter((l) => l.startsWith(`gpclaims: ${file}`))).toHaveLength(1);
  });
});
