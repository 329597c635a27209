// Entry point of the standalone binary (npm run build:binary; Node's single executable application
// support, see scripts/build-binary.ts). The binary has no package folder beside it: package.json and
// every file under rules/ ride along as SEA assets. On the first run they are unpacked into a folder
// under the temp folder named by version and content hash (written to a fresh folder and renamed
// into place, so a half-written one is never used); later runs find it and only check it. Then
// packageRoot() is pointed there and the CLI runs exactly as bin/gpclaims.ts runs it.
//
// Outside a binary (node dist/src/sea-main.js) it simply runs the CLI from the package folder.
import { lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  /** Asset keys are the paths relative to the package folder, with forward slashes. */
  files: { path: string; size: number }[];
}

/** Whether `dir` is a folder of ours holding every file at its size (temp folders get cleaned by age). */
function complete(dir: string, m: Manifest): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    // In a shared /tmp, only trust a folder this user owns and nobody else can write to.
    if (process.getuid && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return false;
    return m.files.every((f) => statSync(join(dir, f.path)).size === f.size);
  } catch {
    return false;
  }
}

/** The folder with the unpacked package.json and rules/: found, or written now. */
function unpack(m: Manifest): string {
  const base = tmpdir();
  const uid = process.getuid ? `-u${process.getuid()}` : '';
  const dir = join(base, `${m.name}-${m.version}-${m.hash.slice(0, 16)}${uid}`);
  if (complete(dir, m)) return dir;

  const fresh = mkdtempSync(join(base, `${m.name}-unpacking-`)); // mode 0700
  for (const f of m.files) {
    const file = join(fresh, ...f.path.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, new Uint8Array(getAsset(f.path)));
  }
  try {
    renameSync(fresh, dir);
    return dir;
  } catch {
    // Another run got there first, or an incomplete or foreign folder is in the way.
  }
  if (complete(dir, m)) {
    rmSync(fresh, { recursive: true, force: true });
    return dir;
  }
  try {
    rmSync(dir, { recursive: true, force: true });
    renameSync(fresh, dir);
    return dir;
  } catch {
    // Not ours to replace: use the fresh folder for this run only.
    process.on('exit', () => rmSync(fresh, { recursive: true, force: true }));
    return fresh;
  }
}

function main(): void {
  if (isSea()) {
    try {
      setPackageRoot(unpack(JSON.parse(getAsset(MANIFEST, 'utf8')) as Manifest));
    } catch (e) {
      process.stderr.write(`gpclaims: cannot unpack the bundled rules under ${tmpdir()} (${ioReason(e)})\n`);
      process.exitCode = 2;
      return;
    }
  }
  void run(process.argv, processIo()).then((code) => {
    process.exitCode = code;
  });
}

main();
