// Shipped text cites public documents only: no rule file, doc page, catalogue entry, README,
// CHANGELOG or source file names a working file of the project (seed documents, shared notes,
// the fact sheet) or an issue number. Users cannot open those; the public title can be looked up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

/** What shipped text may not name, with a word on what it is. */
const FORBIDDEN: [RegExp, string][] = [
  [/\b00[0-4]_[0-9a-f]{16}\b/, 'a seed file name'],
  [/\bseed 00/i, 'a seed file'],
  [/\bshared\//, 'the shared working folder'],
  [/\bdomain\.md\b/, 'the domain fact sheet'],
  [/\bpeers\.md\b|\bdesign\.md\b/, 'a working note'],
  [/\/work\/|\.library\b|\bnotes\/[\w.-]+\.md\b/, 'a file of the tooling'],
  [/\bissue\s*#?\d/i, 'an issue number'],
];

/** Every file under a folder (or the file itself), relative to the repository. */
function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((f) => relative(ROOT, join(full, f)))
    .filter((f) => statSync(join(ROOT, f)).isFile())
    .sort();
}

// What the package ships (package.json "files": rules/, CHANGELOG.md, dist built from src/ and
// bin/) and what npm adds (README.md).
const SHIPPED = ['rules', 'src', 'bin', 'README.md', 'CHANGELOG.md'].flatMap(files).filter((f) => /\.(json|md|ts|js|mjs)$/.test(f));

/** The lines of a text that name something forbidden, as "line: what (text)". */
function forbiddenIn(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, k) => {
    for (const [pattern, what] of FORBIDDEN) {
      const m = pattern.exec(line);
      if (m) out.push(`${k + 1}: ${what} (${m[0]})`);
    }
  });
  return out;
}

describe('the scan finds what it looks for', () => {
  it.each([
    ['seed: 003_1fb10bca968c5ce3.txt', 'a seed file name'],
    ['seed 000_… slide', 'a seed file'],
    ['(shared/domain.md §3)', 'the shared working folder'],
    ['see domain.md §8.12', 'the domain fact sheet'],
    ['as decided in gpclaims issue 2', 'an issue number'],
    ['Issue #14', 'an issue number'],
    ['/work/shared/seeds/x.txt', 'a file of the tooling'],
  ])('%s is %s', (text, what) => {
    expect(forbiddenIn(text).join('\n')).toContain(what);
  });

  it.each(['PLO-Midtjylland, medlemsmøde marts 2023 (dias), "Fejlregninger og controlling"', 'a seeded synthetic year', 'npm run schema', 'the issue is'])(
    '%s is fine',
    (text) => {
      expect(forbiddenIn(text)).toEqual([]);
    },
  );

  it('scans the rules, the catalogue, the doc pages, the sources, README and CHANGELOG', () => {
    for (const f of ['rules/catalog/national.json', 'rules/docs/grundydelse-samme-dag.md', 'rules/honorar.json', 'src/ruleset/builtin.ts', 'README.md', 'CHANGELOG.md']) {
      expect(SHIPPED).toContain(f);
    }
  });
});

describe('shipped text names no working file, seed file or issue', () => {
  it.each(SHIPPED)('%s', (file) => {
    expect(forbiddenIn(readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
