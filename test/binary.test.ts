// The standalone binary (npm run build:binary): built once from the built tree (npm test builds
// first; the script is run directly, since `npm run build:binary` would rebuild dist/ under the other
// tests' feet), then run with no Node on PATH. Its stdout, stderr and exit code must be those of
// `npx gpclaims` (node dist/bin/gpclaims.js) on the same command. Linux only, like the binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const NPX_BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const SAMPLE = 'samples/fejl-alle-familier.csv';
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** PATH without any folder that holds a node executable. */
const PATH_WITHOUT_NODE = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => d !== '' && !existsSync(join(d, 'node')))
  .join(delimiter);

let tmp: string;
let binary: string;
/** The binary's temp folder, where it unpacks its rules. */
let binTmp: string;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** What a run shows: the exit code, stdout and stderr. */
function runBinary(args: string[], cwd = ROOT) {
  const r = spawnSync(binary, args, { cwd, encoding: 'utf8', env: { PATH: PATH_WITHOUT_NODE, HOME: process.env.HOME ?? tmp, TMPDIR: binTmp } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error?.message };
}

function runNpx(args: string[], cwd = ROOT) {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmp, TMPDIR: join(tmp, 'npx-tmp') };
  const r = spawnSync(process.execPath, [NPX_BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error?.message };
}

describe.skipIf(process.platform !== 'linux')('standalone binary', () => {
  let buildLog = '';

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'gpclaims-binary-'));
    binary = join(tmp, 'gpclaims');
    binTmp = join(tmp, 'bin-tmp');
    mkdirSync(binTmp);
    mkdirSync(join(tmp, 'npx-tmp'));
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'build-binary.js'), '--out', binary], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
    buildLog = `${r.stdout}${r.stderr}`;
    expect(r.status, `${r.error?.message ?? ''}\n${buildLog}`).toBe(0);
  }, 180_000);

  afterAll(() => {
    if (buildLog) console.log(`binary test: ${buildLog.trim()}`);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('is one executable file, and the PATH it runs with has no node', () => {
    expect(statSync(binary).mode & 0o111).not.toBe(0);
    const which = spawnSync('/bin/sh', ['-c', 'command -v node'], { encoding: 'utf8', env: { PATH: PATH_WITHOUT_NODE } });
    expect(which.status, which.stdout).not.toBe(0);
    expect(which.stdout).toBe('');
  });

  it('checks the sample exactly as npx gpclaims does', () => {
    const args = ['check', SAMPLE, '--format', 'json'];
    const bin = runBinary(args);
    expect(bin).toEqual(runNpx(args));
    expect(bin.code).toBe(1); // findings
    expect((JSON.parse(bin.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
  });

  it('reports the same version, from any folder', () => {
    const bin = runBinary(['--version'], tmp);
    expect(bin).toEqual(runNpx(['--version'], tmp));
    expect(bin.stdout.trim()).toBe(version);
  });

  it('carries the rule docs', () => {
    const args = ['rules', 'samtaleterapi-over-7-pr-aar'];
    const bin = runBinary(args);
    expect(bin).toEqual(runNpx(args));
    expect(bin.code).toBe(0);
    expect(bin.stdout).toContain('samtaleterapi-over-7-pr-aar');
  });

  it('fails on a missing input with exit 2 and the same one-line message', () => {
    const args = ['check', 'samples/findes-ikke.csv', '--format', 'json'];
    const bin = runBinary(args);
    expect(bin).toEqual(runNpx(args));
    expect(bin.code).toBe(2);
    expect(bin.stdout).toBe('');
    expect(bin.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('unpacked package.json and every rules file into one folder in its temp folder, and repairs it', () => {
    runBinary(['--version']);
    const dirs = readdirSync(binTmp);
    expect(dirs).toHaveLength(1);
    expect(dirs[0]).toMatch(new RegExp(`^gpclaims-${version.replace(/\./g, '\\.')}-[0-9a-f]{16}`));
    const unpacked = join(binTmp, dirs[0]!);
    const rules = files(join(ROOT, 'rules'));
    expect(files(unpacked)).toEqual(['package.json', ...rules.map((f) => `rules/${f}`)].sort());
    for (const f of rules) expect(readFileSync(join(unpacked, 'rules', f), 'utf8'), f).toBe(readFileSync(join(ROOT, 'rules', f), 'utf8'));

    // A temp cleaner took a file: the next run puts it back.
    const doc = join(unpacked, 'rules', 'docs', 'samtaleterapi-over-7-pr-aar.md');
    rmSync(doc);
    expect(runBinary(['rules', 'samtaleterapi-over-7-pr-aar'])).toEqual(runNpx(['rules', 'samtaleterapi-over-7-pr-aar']));
    expect(existsSync(doc)).toBe(true);
    expect(readdirSync(binTmp)).toEqual(dirs);
  });
});
