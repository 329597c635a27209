// The package as a user gets it: `npm pack` of the working tree (built first: `npm test` builds),
// installed offline into a scratch project, imported from TypeScript through `exports`, and run.
// The runtime dependencies are packed from the repository's own node_modules and installed beside
// it, with a fresh, empty npm cache: the test needs neither the network nor what the cache holds.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const STEP = 120_000;

/**
 * The environment for child npm, node and tsc: this test's Node first on PATH (so `npm` and the
 * bin's `#!/usr/bin/env node` run on it), and no npm_* variables from an enclosing `npm test`
 * (npm_config_local_prefix and friends would point the scratch install at the repository; an
 * npm_config_cache would be the warm cache). The user config is kept; the cache is set per call.
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_userconfig$/i.test(k)) continue;
    env[k] = v;
  }
  env.PATH = [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter);
  env.NO_COLOR = '1';
  return env;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The folder Node would load `name` from for a package in `from`: the nearest node_modules/<name> upwards. */
function installedDep(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`${name} (needed by ${from}) is not installed: run npm ci`);
  }
}

/**
 * The folders of gpclaims's runtime dependencies and of theirs in turn, as the repository has them
 * installed. (Today none of the five has dependencies of its own; should one gain some, they come along.)
 */
function runtimeDeps(): string[] {
  const found = new Map<string, string>();
  const queue: [string, string][] = Object.keys(readManifest(ROOT).dependencies ?? {}).map((n) => [n, ROOT]);
  for (let next = queue.shift(); next; next = queue.shift()) {
    const [name, from] = next;
    const dir = installedDep(name, from);
    const seen = found.get(name);
    // Two copies of one name would need nesting, which a flat install of tarballs cannot give.
    if (seen !== undefined && seen !== dir) throw new Error(`two installed copies of ${name}: ${seen} and ${dir}`);
    if (seen !== undefined) continue;
    found.set(name, dir);
    const m = readManifest(dir);
    for (const sub of Object.keys(m.dependencies ?? {})) queue.push([sub, dir]);
  }
  return [...found.values()];
}

function run(cmd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: childEnv(), timeout: STEP, ...options });
  const out = { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
  return { ...out, show: `${cmd} ${args.join(' ')} -> ${out.code} ${out.error ?? ''}\n${out.stdout}\n${out.stderr}` };
}

/** Every file under a folder, as paths relative to `base` with forward slashes. */
function walk(dir: string, base = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(base, join(e.parentPath, e.name)).split(sep).join('/'));
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

let tmp: string;
let scratch: string;
let files: string[];
let installed: string;
let csvPath: string;
const timings: string[] = [];

function timed<T>(label: string, f: () => T): T {
  const t = performance.now();
  try {
    return f();
  } finally {
    timings.push(`${label} ${Math.round(performance.now() - t)} ms`);
  }
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'gpclaims-pack-'));
  // Every npm call gets this fresh, empty cache and --offline: nothing can come from a warm cache or the network.
  const npmFlags = ['--offline', '--cache', join(tmp, 'npm-cache')];
  // --ignore-scripts: the build is done; `prepare` would rebuild dist/ under the other tests' feet.
  const pack = timed('npm pack', () => run('npm', ['pack', '--json', '--ignore-scripts', ...npmFlags, '--pack-destination', tmp], { cwd: ROOT }));
  expect(pack.code, pack.show).toBe(0);
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  files = info!.files.map((f) => f.path).sort();
  const tarball = join(tmp, info!.filename);
  expect(existsSync(tarball), tarball).toBe(true);

  // The dependencies as published: each packed from the copy `npm ci` put in the repository's node_modules.
  const depPack = timed('npm pack (dependencies)', () => run('npm', ['pack', ...runtimeDeps(), '--json', '--ignore-scripts', ...npmFlags, '--pack-destination', tmp], { cwd: tmp }));
  expect(depPack.code, depPack.show).toBe(0);
  const deps = (JSON.parse(depPack.stdout) as { filename: string }[]).map((d) => join(tmp, d.filename));
  expect(deps.length).toBeGreaterThanOrEqual(Object.keys(readManifest(ROOT).dependencies ?? {}).length);

  scratch = join(tmp, 'scratch');
  mkdirSync(scratch);
  writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true, type: 'module' }, null, 2));
  // gpclaims's own ranges must accept these copies (checked below), so npm looks nothing up.
  const install = timed('npm install --offline', () => run('npm', ['install', tarball, ...deps, ...npmFlags, '--no-audit', '--no-fund'], { cwd: scratch }));
  expect(install.code, install.show).toBe(0);
  installed = join(scratch, 'node_modules', pkg.name);

  // Two basic services (grundydelser) for one patient on one day at one practice.
  csvPath = join(scratch, 'invoice.csv');
  writeFileSync(csvPath, 'ydernummer,cpr,dato,ydelseskode\n123456,0101601234,2025-03-05,0101\n123456,0101601234,2025-03-05,0120\n');
}, 4 * STEP);

afterAll(() => {
  console.log(`pack test: ${timings.join(', ')}`);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds the library, its types, the CLI, the rules and the docs', () => {
    const must = ['package.json', 'README.md', 'CHANGELOG.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/gpclaims-cli.mjs'];
    if (existsSync(join(ROOT, 'LICENSE'))) must.push('LICENSE');
    // Everything package.json points at.
    must.push(...Object.values(pkg.bin), pkg.main, pkg.types);
    for (const target of Object.values(pkg.exports)) must.push(...(typeof target === 'string' ? [target] : Object.values(target)));
    // Every bundled rule file, catalogue, schema and rule doc.
    const rules = walk(join(ROOT, 'rules'));
    expect(rules.some((f) => f.startsWith('rules/catalog/'))).toBe(true);
    expect(rules.some((f) => f.startsWith('rules/docs/'))).toBe(true);
    must.push(...rules);
    // Every library module, compiled, with its declarations.
    for (const f of walk(join(ROOT, 'src'))) if (f.endsWith('.ts')) must.push(`dist/${f.slice(0, -3)}.js`, `dist/${f.slice(0, -3)}.d.ts`);
    const missing = [...new Set(must.map((f) => f.replace(/^\.\//, '')))].filter((f) => !files.includes(f));
    expect(missing).toEqual([]);
  });

  it('holds a LICENSE whose licence is the one package.json names', () => {
    expect(files).toContain('LICENSE');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    const text = readFileSync(join(installed, 'LICENSE'), 'utf8');
    // The SPDX id's title line, as choosealicense.com and the SPDX list give the MIT text.
    expect(manifest.license).toBe('MIT');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toContain('Permission is hereby granted, free of charge');
  });

  it('runs no script when it is installed: the build runs when it is packed', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const scripts = manifest.scripts ?? {};
    // The lifecycle scripts npm runs on install of a tarball or a registry package, and prepare (run on a git install and a plain `npm install` in a clone).
    expect(Object.keys(scripts).filter((k) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(k))).toEqual([]);
    expect(scripts.prepack).toBe('npm run build');
  });

  it('holds no tests, benchmarks, scripts, samples, TypeScript sources, source maps or stale build output', () => {
    const banned = /^(test|bench|samples|scripts|src|bin|node_modules|dist\/bench|dist\/scripts)\//;
    expect(files.filter((f) => banned.test(f))).toEqual([]);
    expect(files.filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.map') || f.endsWith('.tgz'))).toEqual([]);
    expect(files.filter((f) => /^(tsconfig|vitest|rolldown)[^/]*$|^package-lock\.json$|^\./.test(f))).toEqual([]);
    // Output that tsc left in dist/ from a source since removed would ship too.
    const stale = files.filter((f) => f.startsWith('dist/src/') && !existsSync(join(ROOT, f.replace(/^dist\//, '').replace(/(\.d\.ts|\.js)$/, '.ts'))));
    expect(stale).toEqual([]);
  });

  it('holds no CPR-shaped number outside the rule docs (whose examples are made up)', () => {
    const cpr = /(?<![0-9])(0[1-9]|[12][0-9]|3[01])(0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}(?![0-9])/;
    expect(cpr.test('x,0101601234,y') && cpr.test('010160-1234') && !cpr.test('3213601234')).toBe(true);
    const hits = files
      .filter((f) => !/^rules\/docs\/.*\.md$/.test(f))
      .flatMap((f) => {
        const m = cpr.exec(readFileSync(join(installed, f), 'latin1'));
        return m ? [`${f}: ${m[0]}`] : [];
      });
    expect(hits).toEqual([]);
  });

  it('installs exactly the packed files, with the dependencies', () => {
    const got = walk(installed, installed).sort();
    expect(got).toEqual(files);
    const runtime = Object.keys(readManifest(ROOT).dependencies ?? {});
    expect(runtime.sort()).toEqual(['@cj-tech-master/excelts', 'chalk', 'commander', 'decimal.js', 'zod']);
    for (const dep of runtime) expect(existsSync(join(scratch, 'node_modules', dep, 'package.json')), dep).toBe(true);
    // Each is the repository's copy, which gpclaims's range accepted without a lookup (nothing nested under it).
    for (const dep of Object.keys(readManifest(ROOT).dependencies ?? {})) {
      expect(readManifest(join(scratch, 'node_modules', dep)).version, dep).toBe(readManifest(join(ROOT, 'node_modules', dep)).version);
    }
  });
});

describe('the installed package', () => {
  const demo = `import { check, loadRuleset, formatters, type Finding, type CheckResult } from 'gpclaims';

const file: string = process.argv[2] ?? 'missing.csv';
const ruleset = loadRuleset();
const result: CheckResult = await check([file], { ruleset, lang: 'en' });
const ids: string[] = result.findings.map((f: Finding) => f.ruleId);
const lines: number[][] = result.findings.map((f: Finding) => f.locations.map((l) => l.line));
const json = formatters['json'];
if (!json) throw new Error('no json formatter');
const report: string = json(result, { tool: { name: 'scratch', version: '1.0.0' }, lang: 'en', colorLevel: 0 });

// The types are the package's own, not any: each of these must be an error (never called).
function typeErrors(): void {
  // @ts-expect-error a source is a path or a named stream
  void check([42]);
  // @ts-expect-error ruleId is a string
  const wrong: number = result.findings[0]!.ruleId;
  void wrong;
  // @ts-expect-error no such summary field
  void result.summary.noSuchField;
}
void typeErrors;

process.stdout.write(JSON.stringify({ ids, lines, linesRead: result.summary.linesRead, report }));
`;

  it('type-checks an import of check, loadRuleset and formatters (with Finding, CheckResult) through exports', () => {
    writeFileSync(join(scratch, 'demo.ts'), demo);
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2024',
          lib: ['es2024'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // The repository's @types/node, for process in the demo; the package itself needs none.
          typeRoots: [join(ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['demo.ts'],
      }),
    );
    // The trace of every module resolved is several megabytes, past spawnSync's default 1 MiB buffer.
    const tsc = timed('tsc', () => run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', scratch, '--traceResolution'], { cwd: scratch, maxBuffer: 256 * 1024 * 1024 }));
    expect(tsc.code, tsc.show).toBe(0);
    // 'gpclaims' resolves through the exports "types" condition to the installed copy's declarations.
    const start = tsc.stdout.indexOf("======== Resolving module 'gpclaims' ");
    expect(start, tsc.stdout.slice(0, 2000)).toBeGreaterThanOrEqual(0);
    const end = tsc.stdout.indexOf('======== Resolving module ', start + 1);
    const trace = tsc.stdout.slice(start, end < 0 ? undefined : end);
    expect(trace).toContain("Matched 'exports' condition 'types'.");
    expect(trace).toContain(`Module name 'gpclaims' was successfully resolved to '${join(installed, 'dist', 'src', 'index.d.ts')}'`);
  });

  it('checks a CSV from TypeScript run by Node and formats the result as JSON', () => {
    const r = timed('node demo.ts', () => run(process.execPath, [join(scratch, 'demo.ts'), csvPath], { cwd: scratch }));
    expect(r.code, r.show).toBe(0);
    const out = JSON.parse(r.stdout) as { ids: string[]; lines: number[][]; linesRead: number; report: string };
    const at = out.ids.indexOf('grundydelse-samme-dag');
    expect(at, r.stdout).toBeGreaterThanOrEqual(0);
    // The rule reports the group: both lines of the day (the header is line 1).
    expect(out.lines[at]).toEqual(expect.arrayContaining([2, 3]));
    expect(out.linesRead).toBe(2);
    const report = JSON.parse(out.report) as { summary: { linesRead: number }; findings: { ruleId: string }[] };
    expect(report.summary.linesRead).toBe(2);
    expect(report.findings.map((f) => f.ruleId)).toEqual(out.ids);
  });

  it('loads with require() too (the default condition)', () => {
    const r = run(process.execPath, ['-e', "const g = require('gpclaims'); process.stdout.write([typeof g.check, typeof g.loadRuleset, typeof g.formatters.json].join())"], { cwd: scratch });
    expect(r.code, r.show).toBe(0);
    expect(r.stdout).toBe('function,function,function');
  });

  it('runs the installed bin: exit 1 with the finding', () => {
    const r = timed('gpclaims check', () => run(join(scratch, 'node_modules', '.bin', 'gpclaims'), ['check', csvPath, '--format', 'json'], { cwd: scratch }));
    expect(r.code, r.show).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { linesRead: number }; findings: { ruleId: string; locations: { file: string; line: number }[] }[] };
    const found = report.findings.find((f) => f.ruleId === 'grundydelse-samme-dag');
    expect(found, r.stdout).toBeDefined();
    expect(found!.locations.map((l) => l.line)).toEqual(expect.arrayContaining([2, 3]));
    expect(report.summary.linesRead).toBe(2);
  });
});
