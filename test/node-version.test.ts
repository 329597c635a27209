// The Node.js version check: the comparison on version strings, and the built bin and library
// started by a Node older than package.json's engines (found on this machine, if there is one).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_NODE, nodeVersionProblem, supportsNode } from '../src/node-version.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const LIBRARY = join(ROOT, 'dist', 'src', 'index.js');

describe('supportsNode', () => {
  it.each([
    ['20.19.0', false],
    ['22.11.9', false],
    ['22.12.0', true],
    ['23.0.0', true],
    ['24.1.0', true],
    ['v20.20.2', false],
    ['v22.12.1', true],
    ['21.99.99', false],
    ['22.13.0-pre', true],
    ['100.0.0', true],
  ])('%s -> %s', (version, ok) => {
    expect(supportsNode(version)).toBe(ok);
  });

  it('is the minimum package.json declares in engines', () => {
    const engines = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines;
    expect(engines.node).toBe(`>=${MIN_NODE}`);
  });

  it.each([
    ['20.20.2', 'gpclaims needs Node.js 22.12 or later; this is 20.20.2'],
    ['22.11.9', 'gpclaims needs Node.js 22.12 or later; this is 22.11.9'],
    ['22.12.0', undefined],
  ])('the message for %s', (version, message) => {
    expect(nodeVersionProblem(version)).toBe(message);
  });
});

/** The first node on PATH or in the usual places that is older than the minimum, with its version. */
function findOldNode(): { path: string; version: string } | undefined {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== '').map((d) => join(d, 'node')), '/usr/bin/node', '/usr/local/bin/node', '/bin/node'];
  for (const path of new Set(candidates)) {
    if (!existsSync(path)) continue;
    const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 10_000 });
    const version = r.stdout?.trim() ?? '';
    if (r.status === 0 && /^\d+\.\d+\.\d+/.test(version) && !supportsNode(version)) return { path, version };
  }
  return undefined;
}

const oldNode = findOldNode();
const NO_OLD_NODE = 'no Node.js older than 22.12 on PATH or in /usr/bin, /usr/local/bin, /bin';

describe(`under an old Node.js (${oldNode ? `${oldNode.path}, ${oldNode.version}` : 'none found'})`, () => {
  // it.for (not it.each) passes the test context, whose skip() shows the reason.
  it.for([{ args: ['check', 'samples/fejl-alle-familier.csv'] }, { args: ['--version'] }, { args: ['check', '--format', 'json', 'samples/findes-ikke.csv'] }, { args: [] }])(
    'the bin with $args prints one line naming the versions and exits 2',
    ({ args }, ctx) => {
      if (!oldNode) return ctx.skip(NO_OLD_NODE);
      const r = spawnSync(oldNode.path, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`gpclaims: gpclaims needs Node.js 22.12 or later; this is ${oldNode.version}\n`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    },
  );

  it('importing the library throws an Error with that message', (ctx) => {
    if (!oldNode) return ctx.skip(NO_OLD_NODE);
    const script = `try { await import(${JSON.stringify(pathToFileURL(LIBRARY).href)}); process.stdout.write('loaded'); } catch (e) { process.stdout.write(JSON.stringify([e instanceof Error, e.message])); }`;
    const r = spawnSync(oldNode.path, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([true, `gpclaims needs Node.js 22.12 or later; this is ${oldNode.version}`]);
  });
});
