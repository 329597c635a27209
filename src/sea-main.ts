// Entry point of the standalone binary (npm run build:binary; Node's single executable application
// support, see scripts/build-binary.ts). The binary has no package folder beside it: package.json and
// every file under rules/ ride along as SEA assets. On the first run they are unpacked into a folder
// named by version and content hash in the user's cache folder ($XDG_CACHE_HOME/gpclaims or
// ~/.cache/gpclaims; %LOCALAPPDATA%\gpclaims on Windows), or in the temp folder when there is no usable
// home. They are written to a fresh folder and renamed into place, so a half-written one is never
// used. Later runs use the folder only when nobody else can change it and every file has the sha256
// the manifest gives; otherwise they unpack afresh. Then packageRoot() is pointed there and the CLI
// runs exactly as bin/gpclaims.ts runs it.
//
// Outside a binary (node dist/src/sea-main.js) it simply runs the CLI from the package folder.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, type Stats, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { getAsset, isSea } from 'node:sea';
import { processIo, run } from './cli/program.js';
import { ioReason } from './input/errors.js';
import { setPackageRoot } from './package-info.js';

/** The asset scripts/build-binary.ts writes beside the files (the same name there). */
const MANIFEST = 'gpclaims-sea.json';

interface Manifest {
  name: string;
  version: string;
  /** sha256 (hex) over every asset's path and bytes. */
  hash: string;
  /** Asset keys are the paths relative to the package folder, with forward slashes; sha256 in hex. */
  files: { path: string; size: number; sha256: string }[];
}

/** Why the rules cannot be unpacked, and under which folder (main() makes it the one-line error). */
class UnpackError extends Error {
  constructor(
    readonly base: string,
    reason: string,
  ) {
    super(reason);
  }
}

/** This user's id; undefined on Windows, where a folder under %LOCALAPPDATA% is the user's own. */
const uid = process.getuid?.();

/** Whether only this user can change the entry: owned by this user, group and others cannot write it. */
function ownedAlone(st: Stats): boolean {
  return uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
}

/**
 * Why another user could replace what is in folder `base` (and so swap our folder for theirs), or
 * undefined when none can: it must be owned by this user or root, and not writable by group or
 * others unless sticky, like /tmp.
 */
function unsafeParent(base: string): string | undefined {
  const st = statSync(base);
  if (!st.isDirectory()) return 'not a folder';
  if (uid === undefined) return undefined;
  if (st.uid !== uid && st.uid !== 0) return 'owned by another user';
  if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) return 'writable by other users';
  return undefined;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Whether `dir` holds exactly the manifest's files with their sha256, and nobody but this user can
 * change it: the folder and every folder and file in it owned by this user and not writable by
 * group or others, and no links. Reads every file: the rules are small (hashing them takes a few ms).
 */
function trusted(dir: string, m: Manifest): boolean {
  try {
    const top = lstatSync(dir);
    if (!top.isDirectory() || !ownedAlone(top)) return false;
    const want = new Map(m.files.map((f) => [f.path, f]));
    let found = 0;
    for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      const path = join(e.parentPath, e.name);
      const st = lstatSync(path);
      if (!ownedAlone(st)) return false;
      if (st.isDirectory()) continue;
      const f = want.get(relative(dir, path).split(sep).join('/'));
      if (!st.isFile() || f === undefined || st.size !== f.size || sha256(readFileSync(path)) !== f.sha256) return false;
      found++;
    }
    return found === want.size;
  } catch {
    return false;
  }
}

/** The user's cache folder for gpclaims, or undefined without a usable home (then the temp folder is used). */
function cacheFolder(): string | undefined {
  if (process.platform === 'win32') {
    const local = process.env.LOCALAPPDATA;
    return local && isAbsolute(local) ? join(local, 'gpclaims') : undefined;
  }
  // The XDG base directory spec: a relative XDG_CACHE_HOME is to be ignored.
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'gpclaims');
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  // A HOME that does not exist (HOME=/nonexistent for service users) is not made here.
  try {
    if (!home || !isAbsolute(home) || !statSync(home).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return join(home, '.cache', 'gpclaims');
}

/** Where the unpacked folder lives: the folder it goes in, its name, and the prefix of fresh folders. */
interface Place {
  base: string;
  name: string;
  prefix: string;
}

function place(m: Manifest): Place {
  const cache = cacheFolder();
  if (cache !== undefined) {
    try {
      mkdirSync(cache, { recursive: true, mode: 0o700 });
      if (unsafeParent(cache) === undefined) return { base: cache, name: `${m.version}-${m.hash.slice(0, 16)}`, prefix: 'unpacking-' };
    } catch {
      // A read-only or foreign cache folder: the temp folder will do.
    }
  }
  const base = tmpdir();
  let unsafe: string | undefined;
  try {
    unsafe = unsafeParent(base);
  } catch (e) {
    throw new UnpackError(base, ioReason(e));
  }
  // A fresh folder there could be swapped too, so there is no safe place to unpack to.
  if (unsafe !== undefined) throw new UnpackError(base, `${unsafe}; set XDG_CACHE_HOME or TMPDIR to a folder of your own`);
  const user = uid === undefined ? '' : `-u${uid}`;
  return { base, name: `${m.name}-${m.version}-${m.hash.slice(0, 16)}${user}`, prefix: `${m.name}-unpacking-` };
}

/** Writes every asset into a new private folder (mode 0700, files 0600) in `p.base` and returns it. */
function writeFresh(p: Place, m: Manifest): string {
  const fresh = mkdtempSync(join(p.base, p.prefix)); // mode 0700
  for (const f of m.files) {
    const file = join(fresh, ...f.path.split('/'));
    // Explicit modes: under a umask such as 002 the defaults would be group-writable, never trusted.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, new Uint8Array(getAsset(f.path)), { mode: 0o600 });
  }
  return fresh;
}

/** The folder with the unpacked package.json and rules/: found and verified, or written now. */
function unpack(m: Manifest): string {
  const p = place(m);
  const dir = join(p.base, p.name);
  if (trusted(dir, m)) return dir;
  let fresh: string;
  try {
    fresh = writeFresh(p, m);
  } catch (e) {
    throw new UnpackError(p.base, ioReason(e));
  }
  try {
    renameSync(fresh, dir);
    return dir;
  } catch {
    // Another run got there first, or a changed, incomplete or foreign folder is in the way.
  }
  if (trusted(dir, m)) {
    rmSync(fresh, { recursive: true, force: true });
    return dir;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    renameSync(fresh, dir);
    return dir;
  } catch {
    // Not ours to replace: use the fresh folder (ours, in a safe place) for this run only.
    process.on('exit', () => rmSync(fresh, { recursive: true, force: true }));
    return fresh;
  }
}

function main(): void {
  if (isSea()) {
    try {
      setPackageRoot(unpack(JSON.parse(getAsset(MANIFEST, 'utf8')) as Manifest));
    } catch (e) {
      const base = e instanceof UnpackError ? e.base : tmpdir();
      process.stderr.write(`gpclaims: cannot unpack the bundled rules under ${base} (${e instanceof UnpackError ? e.message : ioReason(e)})\n`);
      process.exitCode = 2;
      return;
    }
  }
  void run(process.argv, processIo()).then((code) => {
    process.exitCode = code;
  });
}

main();
