// The standalone binary (npm run build:binary): built once from the built tree (npm test builds
// first; the script is run directly, since `npm run build:binary` would rebuild dist/ under the other
// tests' feet), then run with no Node on PATH. Its stdout, stderr and exit code must be those of
// `npx gpclaims` (node dist/bin/gpclaims.js) on the same command. Linux only, like the binary.
// It unpacks its rules into the user's cache folder, or the temp folder without a home: each test
// gives it its own HOME, XDG_CACHE_HOME and TMPDIR under this test's temp folder.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
/** The binary's temp folder, where it unpacks its rules (its HOME does not exist unless a test gives one). */
let binTmp: string;
/** A HOME that does not exist: no usable home, so the temp folder is used. */
let noHome: string;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** What a run shows: the exit code, stdout and stderr. */
function runBinary(args: string[], cwd = ROOT, env: { HOME?: string; XDG_CACHE_HOME?: string; TMPDIR?: string } = {}) {
  const r = spawnSync(binary, args, { cwd, encoding: 'utf8', env: { PATH: PATH_WITHOUT_NODE, HOME: noHome, TMPDIR: binTmp, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error?.message };
}

const npxAnswers = new Map<string, ReturnType<typeof runNpx>>();
/** runNpx's answer, run once per command: the tests below ask for the same few often. */
function npxAnswer(args: string[]) {
  const key = JSON.stringify(args);
  if (!npxAnswers.has(key)) npxAnswers.set(key, runNpx(args));
  return npxAnswers.get(key)!;
}

let fresh = 0;
/** A new empty folder under the test's temp folder. */
function freshDir(label: string): string {
  const dir = join(tmp, `${label}-${fresh++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The one folder the binary unpacked into `base`. */
function unpackedIn(base: string): string {
  const dirs = readdirSync(base);
  expect(dirs, base).toHaveLength(1);
  return join(base, dirs[0]!);
}

/** `dir` holds exactly package.json and rules/ as in the repository, and only this user can change any of it. */
function expectPristine(dir: string): void {
  const rules = files(join(ROOT, 'rules'));
  expect(files(dir)).toEqual(['package.json', ...rules.map((f) => `rules/${f}`)].sort());
  for (const f of ['package.json', ...rules.map((r) => `rules/${r}`)]) expect(readFileSync(join(dir, f)).equals(readFileSync(join(ROOT, f))), f).toBe(true);
  for (const e of [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f))]) {
    const st = lstatSync(e);
    expect(st.mode & 0o022, `${e} mode ${(st.mode & 0o7777).toString(8)}`).toBe(0);
    expect(st.uid, e).toBe(process.getuid!());
  }
}

/** Replaces one byte of a file by another: a change of the same size. */
function tamper(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, file).toContain(from);
  expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
  writeFileSync(file, text.replace(from, to));
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
    noHome = join(tmp, 'no-such-home');
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

  it.each([
    { what: 'with HOME set: into ~/.cache/gpclaims', xdg: false },
    { what: 'with XDG_CACHE_HOME set: into $XDG_CACHE_HOME/gpclaims, not ~/.cache', xdg: true },
  ])('unpacks $what (mode 0700), not into the temp folder', ({ xdg }) => {
    const home = freshDir('home');
    const xdgHome = join(freshDir('xdg'), 'cache'); // not there yet: made on the first run
    const tmpDir = freshDir('tmp');
    const env = { HOME: home, TMPDIR: tmpDir, ...(xdg ? { XDG_CACHE_HOME: xdgHome } : {}) };
    expect(runBinary(['--version'], ROOT, env)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '', error: undefined });
    const cache = xdg ? join(xdgHome, 'gpclaims') : join(home, '.cache', 'gpclaims');
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expectPristine(unpackedIn(cache));
    expect(readdirSync(tmpDir)).toEqual([]);
    if (xdg) expect(readdirSync(home)).toEqual([]);
  });

  // Each change leaves every size as it was (or only adds), which the sizes alone would not show.
  // Where: the cache folder (a HOME) or the temp folder (no home). Each run must give npx's answer
  // and leave the folder repaired: exactly the bundled files, and only this user able to change it.
  const changes: { what: string; where: 'cache' | 'temp'; args: string[]; change: (dir: string) => void }[] = [
    { what: 'package.json with another version of the same length', where: 'cache', args: ['--version'], change: (d) => tamper(join(d, 'package.json'), `"version": "${version}"`, `"version": "${version.replace(/\d$/, (c) => String((Number(c) + 1) % 10))}"`) },
    { what: 'a rule doc with one letter changed', where: 'temp', args: ['rules', 'samtaleterapi-over-7-pr-aar'], change: (d) => tamper(join(d, 'rules', 'docs', 'samtaleterapi-over-7-pr-aar.md'), 'At most 7', 'At most 9') },
    { what: 'an extra rule file', where: 'cache', args: ['check', SAMPLE, '--format', 'json'], change: (d) => copyFileSync(join(d, 'rules', 'samtaleterapi.json'), join(d, 'rules', 'zz-extra.json')) },
    { what: 'the folder at mode 0777', where: 'cache', args: ['--version'], change: (d) => chmodSync(d, 0o777) },
    { what: 'rules/docs at mode 0777', where: 'temp', args: ['rules', 'samtaleterapi-over-7-pr-aar'], change: (d) => chmodSync(join(d, 'rules', 'docs'), 0o777) },
    { what: 'rules/catalog group-writable', where: 'cache', args: ['--version'], change: (d) => chmodSync(join(d, 'rules', 'catalog'), 0o770) },
  ];
  it.each(changes)('does not use its folder in the $where folder with $what', ({ where, args, change }) => {
    const home = where === 'cache' ? freshDir('home') : noHome;
    const tmpDir = freshDir('tmp');
    const env = { HOME: home, TMPDIR: tmpDir };
    const base = where === 'cache' ? join(home, '.cache', 'gpclaims') : tmpDir;
    expect(runBinary(['--version'], ROOT, env).code).toBe(0);
    const dir = unpackedIn(base);
    change(dir);
    expect(runBinary(args, ROOT, env)).toEqual(npxAnswer(args));
    expect(unpackedIn(base)).toBe(dir);
    expectPristine(dir);
  });

  it.skipIf(process.getuid?.() !== 0)('(as root) does not use a folder whose rules/ another user owns', () => {
    const home = freshDir('home');
    const env = { HOME: home, TMPDIR: freshDir('tmp') };
    expect(runBinary(['--version'], ROOT, env).code).toBe(0);
    const dir = unpackedIn(join(home, '.cache', 'gpclaims'));
    chownSync(join(dir, 'rules'), 65534, 65534);
    expect(runBinary(['--version'], ROOT, env)).toEqual(npxAnswer(['--version']));
    expectPristine(dir);
  });

  // it.for (not it.each) passes the test context, for the root-only row's skip.
  it.for([
    { mode: 0o777, what: 'writable by all without the sticky bit: refuses with one line, exit 2', refused: 'writable by other users' },
    { mode: 0o775, what: 'writable by its group without the sticky bit: refuses', refused: 'writable by other users' },
    { mode: 0o755, owner: 65534, what: 'owned by another user: refuses (as root)', refused: 'owned by another user' },
    { mode: 0o1777, what: 'writable by all with the sticky bit (like /tmp): unpacks there' },
    { mode: 0o700, what: 'private: unpacks there' },
  ])('without a home, a temp folder $what', ({ mode, owner, refused }, ctx) => {
    if (owner !== undefined && process.getuid?.() !== 0) return ctx.skip('only root can give a folder to another user');
    const tmpDir = freshDir('tmp');
    chmodSync(tmpDir, mode);
    if (owner !== undefined) chownSync(tmpDir, owner, owner);
    const r = runBinary(['--version'], ROOT, { TMPDIR: tmpDir });
    if (refused === undefined) {
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '', error: undefined });
      expectPristine(unpackedIn(tmpDir));
    } else {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`gpclaims: cannot unpack the bundled rules under ${tmpDir} (${refused}; set XDG_CACHE_HOME or TMPDIR to a folder of your own)\n`);
      expect(readdirSync(tmpDir)).toEqual([]);
    }
  });
});
