// Writing the report file: all or nothing, never through a link, never over an input.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutput } from '../src/cli/output.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'gpclaims-output-'));

describe('writeOutput', () => {
  it('writes the pieces, and leaves nothing else in the folder', () => {
    const dir = fresh();
    const path = join(dir, 'rapport.json');
    writeOutput(path, ['{"a":', '1}\n']);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    expect(readdirSync(dir)).toEqual(['rapport.json']);
  });

  it('replaces an existing report whole', () => {
    const dir = fresh();
    const path = join(dir, 'rapport.json');
    writeFileSync(path, 'an old report that is longer than the new one\n');
    writeOutput(path, ['ny\n']);
    expect(readFileSync(path, 'utf8')).toBe('ny\n');
    expect(readdirSync(dir)).toEqual(['rapport.json']);
  });

  it.each([
    ['a new file', false],
    ['an existing report', true],
  ])('a failure half-way through leaves no half report (%s) and no temporary file', (_, existing) => {
    const dir = fresh();
    const path = join(dir, 'rapport.json');
    if (existing) writeFileSync(path, 'old\n');
    function* pieces(): Generator<string> {
      yield '{"findings": [';
      throw new Error('the formatter failed');
    }
    expect(() => writeOutput(path, pieces())).toThrow('the formatter failed');
    expect(existing ? readFileSync(path, 'utf8') : existsSync(path)).toBe(existing ? 'old\n' : false);
    expect(readdirSync(dir)).toEqual(existing ? ['rapport.json'] : []);
  });

  it('a link at the path is replaced, never written through', () => {
    const dir = fresh();
    const other = join(dir, 'andet.csv');
    writeFileSync(other, 'not a report\n');
    const path = join(dir, 'rapport.json');
    symlinkSync(other, path);
    writeOutput(path, ['ny\n']);
    expect(readFileSync(other, 'utf8')).toBe('not a report\n');
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('ny\n');
  });

  it('the report gets the mode a new file gets (umask), not a stricter one', () => {
    const dir = fresh();
    const path = join(dir, 'rapport.json');
    writeOutput(path, ['x\n']);
    writeFileSync(join(dir, 'plain'), 'x\n');
    expect(statSync(path).mode & 0o777).toBe(statSync(join(dir, 'plain')).mode & 0o777);
  });

  it('/dev/null is written as it is (a device is not replaced)', () => {
    writeOutput('/dev/null', ['x\n']);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)('a folder that cannot be written: the error names the file (not as root, who may write anywhere)', () => {
    const dir = join(fresh(), 'mappe');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    try {
      expect(() => writeOutput(join(dir, 'r.json'), ['x'])).toThrow(`cannot write ${join(dir, 'r.json')} (EACCES)`);
    } finally {
      chmodSync(dir, 0o700);
    }
  });
});
