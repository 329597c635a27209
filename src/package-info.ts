// Where the installed package lives, and its name and version (for reports and --version).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * Makes packageRoot() answer `dir` (a folder with gpclaims's package.json and rules/), without
 * looking beside this module. Only the standalone binary calls it (src/sea-main.ts), before the
 * CLI runs: it has no package folder, so it unpacks one from its assets.
 */
export function setPackageRoot(dir: string): void {
  root = dir;
}

/** The folder holding gpclaims's package.json, found upwards from this module (works from src/ and dist/). */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'rules')) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'gpclaims') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('the gpclaims package folder was not found');
    dir = up;
  }
}

export function toolInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
