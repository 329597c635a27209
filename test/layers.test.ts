// The layers of src/: every import points down the stack or within its own folder, and no files import each other in a circle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseSync } from 'rolldown/utils';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/**
 * The stack, bottom first: a file may import files of its own layer and of the layers before it.
 * A folder of src/ is a layer; a file directly in src/ is placed by name in FILE_LAYERS.
 */
const STACK = [
  'root utilities', // src/node-version.ts, src/package-info.ts: anything may import them
  'model',
  'catalog',
  'input',
  'store',
  'ledger',
  'kinds',
  'ruleset',
  'engine',
  'report',
  'audit',
  'browse',
  'formatters',
  'library root', // src/index.ts
  'cli',
  'standalone binary', // src/sea-main.ts
];

const FILE_LAYERS: Record<string, string> = {
  'node-version.ts': 'root utilities',
  'package-info.ts': 'root utilities',
  'index.ts': 'library root',
  'sea-main.ts': 'standalone binary',
};

/**
 * Upward imports that are allowed, each as [importer, imported] below src/: none. An entry that
 * no longer occurs fails the test, so the list can only shrink.
 */
const ALLOWED_UPWARD: readonly (readonly [string, string])[] = [];

/** Every module a source text imports or re-exports from (`import type` too), as written, each once. */
function specifiers(source: string, file: string): string[] {
  // rolldown's parser (oxc) lists a module's imports and exports; a re-export is listed once per name.
  const { module, errors } = parseSync(file, source);
  if (errors.length) throw new Error(`${file} does not parse: ${errors[0]!.message}`);
  return [
    ...new Set([
      ...module.staticImports.map((i) => i.moduleRequest.value),
      ...module.staticExports.flatMap((e) => e.entries.flatMap((x) => (x.moduleRequest ? [x.moduleRequest.value] : []))),
    ]),
  ];
}

/** The .ts files under dir, as paths relative to src/ with forward slashes. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => relative(SRC, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

/** The layer of a file relative to src/, or undefined when it has none. */
function layerOf(file: string): string | undefined {
  const slash = file.indexOf('/');
  return slash < 0 ? FILE_LAYERS[file] : file.slice(0, slash);
}

/** The place of a file's layer in the stack, -1 when its layer is not in the stack. */
function levelOf(file: string): number {
  return STACK.indexOf(layerOf(file) ?? '');
}

/** The import graph of src/: for each file, the src/ files it imports (relative imports only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const targets = specifiers(readFileSync(join(SRC, file), 'utf8'), file)
      .filter((s) => s.startsWith('.'))
      // The sources import each other as .js (ESM under nodenext); the file is the .ts beside it.
      .map((s) => relative(SRC, resolve(SRC, dirname(file), s)).split('\\').join('/').replace(/\.js$/, '.ts'));
    graph.set(file, targets);
  }
  return graph;
}

/** One circle of imports in the graph, as its files with the first repeated at the end; none when there is no circle. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | undefined => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the import reader and the circle finder themselves', () => {
  it.each([
    ['a value import', "import { a } from './a.js';", ['./a.js']],
    ['a type import', "import type { A } from '../x/a.js';", ['../x/a.js']],
    ['an import over several lines', "import {\n  a,\n  type B,\n} from './a.js';", ['./a.js']],
    ['a side-effect import', "import './node-version.js';", ['./node-version.js']],
    ['a re-export', "export { a, type B } from './a.js';\nexport * from '../b.js';", ['./a.js', '../b.js']],
    ['a package import', "import { z } from 'zod';", ['zod']],
    ['no import in a comment or a string', "// import { a } from './a.js';\nconst s = \"import b from './b.js'\";", []],
  ])('reads %s', (_what, source, expected) => {
    expect(specifiers(source, 'x.ts')).toEqual(expected);
  });

  it.each([
    ['no circle', { a: ['b'], b: ['c'], c: [] }, undefined],
    ['a file importing itself', { a: ['a'] }, ['a', 'a']],
    ['two files', { a: ['b'], b: ['a'] }, ['a', 'b', 'a']],
    ['three files behind an entry', { x: ['a'], a: ['b'], b: ['c'], c: ['a'] }, ['a', 'b', 'c', 'a']],
    ['a diamond, which is no circle', { a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }, undefined],
  ])('finds %s', (_what, edges, expected) => {
    expect(findCycle(new Map(Object.entries(edges)))).toEqual(expected);
  });
});

describe('src/ layers', () => {
  const graph = importGraph();

  it('every source file belongs to a layer of the stack, and every import is a source file', () => {
    const unplaced = [...graph.keys()].filter((f) => levelOf(f) < 0);
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${file} -> ${t}`));
    expect({ unplaced, missing }).toEqual({ unplaced: [], missing: [] });
  });

  const allowed = new Set(ALLOWED_UPWARD.map(([from, to]) => `${from} -> ${to}`));
  /** Imports of files in a higher layer than the importer's, as "from -> to". */
  const upward = [...graph].flatMap(([file, targets]) => targets.filter((t) => levelOf(t) > levelOf(file)).map((t) => `${file} -> ${t}`));

  it.each(STACK.map((layer) => [layer]))('%s imports nothing above it in the stack', (layer) => {
    const own = upward.filter((edge) => layerOf(edge.split(' -> ')[0]!) === layer && !allowed.has(edge));
    expect(own).toEqual([]);
  });

  it.each(ALLOWED_UPWARD.map(([from, to]) => [from, to]))('the allowed upward import %s -> %s still occurs (else take it off the list)', (from, to) => {
    expect(graph.get(from) ?? []).toContain(to);
  });

  it('no files import each other in a circle', () => {
    expect(findCycle(graph)).toBeUndefined();
  });
});
