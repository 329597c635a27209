// Builds the standalone binary (npm run build:binary, after npm run build): one executable that runs
// gpclaims on a machine without Node, with the bundled rules inside. It uses Node's own single
// executable application (SEA) support and nothing from the network:
//
//   1. rolldown bundles dist/src/sea-main.js and everything it imports into one CommonJS file
//      (Node 24's SEA runs a CommonJS main script only; `require` there loads built-in modules only);
//   2. the Node of the `node` devDependency writes the SEA blob (--experimental-sea-config) with that
//      script and, as assets, package.json and every file under rules/ (src/sea-main.ts unpacks them);
//   3. a copy of that same Node (the blob only fits the Node that made it) is stripped of its symbol
//      tables when `strip` is there, and postject injects the blob into it.
//
// Usage: node dist/scripts/build-binary.js [--out FILE] [--no-strip]   (default: dist-bin/gpclaims)
//
// Only Linux is built and tested. Elsewhere: on macOS, remove the signature of the copy first
// (codesign --remove-signature), pass --macho-segment-name NODE_SEA to postject, and sign the result
// (codesign --sign -); leave out strip, or strip before signing. On Windows the base is node.exe,
// the output needs the .exe extension, and the result can be signed with signtool. In both cases
// the node binary to copy is the platform's own (a Linux node cannot become a Mac binary).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'rolldown';

const ROOT = resolve(import.meta.dirname, '..', '..'); // dist/scripts -> the package folder
const require = createRequire(import.meta.url);
/** The sentinel Node's SEA support and postject agree on. */
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The manifest asset src/sea-main.ts reads (the same name there). */
const MANIFEST = 'gpclaims-sea.json';

class BuildError extends Error {}

function fail(message: string): never {
  throw new BuildError(message);
}

function exec(what: string, cmd: string, args: string[], cwd = ROOT): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`${what} failed (${r.error?.message ?? `exit ${r.status}`})\n${r.stdout ?? ''}${r.stderr ?? ''}`);
}

/** Every file under a folder, as paths relative to the package folder with forward slashes. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
}

const { values: flags } = parseArgs({ options: { out: { type: 'string' }, strip: { type: 'boolean', default: true } }, allowNegative: true });
const out = resolve(flags.out ?? join(ROOT, 'dist-bin', process.platform === 'win32' ? 'gpclaims.exe' : 'gpclaims'));
const partial = `${out}.partial`;
const started = performance.now();

const entry = join(ROOT, 'dist', 'src', 'sea-main.js');
const baseNode = join(dirname(require.resolve('node/package.json')), 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
for (const [file, hint] of [[entry, 'run npm run build first'], [baseNode, 'the node devDependency is not installed (npm ci)']] as const) {
  if (!existsSync(file)) {
    process.stderr.write(`build-binary: ${relative(ROOT, file)} is missing: ${hint}\n`);
    process.exit(1);
  }
}
const postject = join(dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

const work = mkdtempSync(join(tmpdir(), 'gpclaims-sea-build-'));
try {
  // 1. One CommonJS script.
  const main = join(work, 'sea-main.cjs');
  await build({ input: entry, platform: 'node', logLevel: 'warn', output: { format: 'cjs', file: main, codeSplitting: false } });

  // 2. The blob: the script, package.json and rules/, and a manifest naming them.
  const files = ['package.json', ...filesUnder('rules')];
  const hash = createHash('sha256');
  const entries = files.map((path) => {
    const bytes = readFileSync(join(ROOT, path));
    hash.update(`${path}\0`).update(bytes).update('\0');
    // Each file's own sha256: a run checks every unpacked file against it before using the folder.
    return { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  writeFileSync(join(work, MANIFEST), JSON.stringify({ name: pkg.name, version: pkg.version, hash: hash.digest('hex'), files: entries }));
  const config = {
    main,
    output: join(work, 'sea-prep.blob'),
    disableExperimentalSEAWarning: true, // stderr must be what `npx gpclaims` writes
    useCodeCache: true, // compiled once here rather than at every start
    assets: Object.fromEntries([[MANIFEST, join(work, MANIFEST)], ...files.map((f) => [f, join(ROOT, f)])]),
  };
  writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config, null, 2));
  exec('node --experimental-sea-config', baseNode, ['--experimental-sea-config', join(work, 'sea-config.json')], work);

  // 3. A copy of that Node with the blob injected, written beside `out` and renamed into place.
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(baseNode, partial);
  chmodSync(partial, 0o755);
  // strip(1) drops about 18 MB of symbol tables; Node and the injected blob do not need them.
  const stripped = flags.strip && process.platform === 'linux' && onPath('strip');
  if (stripped) exec('strip', 'strip', [partial]);
  // postject's LIEF prints warnings about the note sections of the Node binary; shown only on failure.
  exec('postject', process.execPath, [postject, partial, 'NODE_SEA_BLOB', config.output, '--sentinel-fuse', FUSE]);
  renameSync(partial, out);

  // A binary that cannot start is worse than none.
  // (Its rules are unpacked into the work folder, not the builder's cache or temp folder.)
  const check = spawnSync(out, ['--version'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: work, LOCALAPPDATA: work, TMPDIR: work } });
  if (check.status !== 0 || check.stdout.trim() !== pkg.version) {
    rmSync(out, { force: true });
    fail(`the new binary does not start: ${out} --version -> ${check.status} ${check.error?.message ?? ''}\n${check.stdout}${check.stderr}`);
  }
  const mb = (statSync(out).size / 1e6).toFixed(0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const shown = relative(process.cwd(), out);
  process.stdout.write(`${shown.startsWith('..') ? out : shown}: gpclaims ${pkg.version}, ${files.length} files carried, ${mb} MB${stripped ? ' (stripped)' : ''}, built in ${seconds} s\n`);
} catch (e) {
  if (!(e instanceof BuildError)) throw e;
  process.stderr.write(`build-binary: ${e.message}\n`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(partial, { force: true });
}
