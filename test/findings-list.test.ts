// Compact findings: the list a check gives makes each finding only when it is read. Its order, its
// JSON text and its counts must be those of the findings made one by one and sorted as objects.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type CheckResult, type Finding } from '../src/index.js';
import { compareFindings } from '../src/report/finding.js';
import { applyExceptions } from '../src/report/exceptions.js';
import { limitFindings } from '../src/report/limit.js';
import { FindingTable } from '../src/engine/findings.js';
import type { FindingRule } from '../src/model/finding.js';
import { base, bundledRuleset, csv, P, type Row, rulesetWith, source } from './helpers.js';

const SAMPLES = join(import.meta.dirname, '..', 'samples');
const claimSamples = readdirSync(SAMPLES).filter((f) => f.endsWith('.csv') && !/honorartabel|praksisregister|takster/.test(f));

/** Every finding of the list made one by one, and the list's JSON of each, text and batches. */
function read(result: CheckResult): { made: Finding[]; json: string[]; batch: string } {
  const { list } = result;
  const made = Array.from({ length: list.length }, (_, k) => list.at(k));
  const json = made.map((_, k) => list.json(k));
  const pieces: string[] = [];
  for (let from = 0; from < list.length; from += 3) {
    const b = list.jsonBatch(from, Math.min(from + 3, list.length), ',\n');
    pieces.push(typeof b === 'string' ? b : new TextDecoder().decode(b));
  }
  return { made, json, batch: pieces.join(',\n') };
}

/** The checks below: each sample, and made-up inputs that reach the list's less common paths. */
async function cases(): Promise<[string, CheckResult][]> {
  const out: [string, CheckResult][] = [];
  for (const name of claimSamples) {
    const text = readFileSync(join(SAMPLES, name));
    out.push([name, await check([source(text, name)], { ruleset: bundledRuleset(), today: '2026-12-01' })]);
  }
  // The same duplicated lines in two files named out of order: a finding's lines span both
  // files, and its first location is in the file read second.
  const rows: Row[] = [
    ['1', 'a', '2025-03-04', '0101'],
    ['1', 'a', '2025-03-04', '0101'],
    ['1', 'b', '2025-03-04', '0204'],
    ['1', 'b', '2025-03-04', '0101'],
  ];
  out.push(['two files', await check([source(csv(rows), 'z.csv'), source(csv([rows[2]!, rows[0]!]), 'a.csv')], { ruleset: bundledRuleset(), today: '2026-12-01' })]);
  // A rule whose message shows the finding's own patient, date and practice (made per finding),
  // beside one whose message shows only codes and details (made once per rule, details, codes).
  const ruleset = rulesetWith([
    { id: 'egen', kind: 'same-day-exclusion', ...base({ message: { da: '{{patient}} {{date}} {{practice}} {{codes}}', en: '-' } }), params: { codes: ['0204'], notWith: ['0101'] } },
    { id: 'faelles', kind: 'same-day-exclusion', ...base({ message: { da: '{{codes}}: {{others}} æøå "citat"', en: '-' }, fix: { da: 'ret {{codes}}', en: 'fix' } }), params: { codes: ['0204'], notWith: ['0101'] } },
  ]);
  const own: Row[] = [
    ['1', 'a', '2025-03-04', '0204'],
    ['1', 'a', '2025-03-04', '0101'],
    ['2', 'b', '2025-03-05', '0101'],
    ['2', 'b', '2025-03-05', '0204'],
    ['x', 'c', '2025-03-05', '0204'],
  ];
  out.push(['own fields', await check([source(csv(own), 'eget.csv')], { ruleset, today: '2026-12-01' })]);
  return out;
}

describe('the findings list', async () => {
  const all = await cases();

  it.each(all)('%s: each finding JSON is JSON.stringify of the finding made', (_name, result) => {
    const { made, json, batch } = read(result);
    expect(made.length).toBeGreaterThan(0);
    expect(json).toEqual(made.map((f) => JSON.stringify(f)));
    expect(batch).toBe(made.map((f) => JSON.stringify(f)).join(',\n'));
  });

  it.each(all)('%s: the list is in report order (compareFindings, ties as made)', (_name, result) => {
    const { made } = read(result);
    const sorted = [...made].sort(compareFindings);
    expect(made).toEqual(sorted);
  });

  it.each(all)('%s: the summary counts the list by severity and topic', (_name, result) => {
    const { made } = read(result);
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const f of made) bySeverity[f.severity]++;
    expect(result.summary.bySeverity).toEqual(bySeverity);
    expect(result.summary.findings).toBe(made.length);
    for (const [topic, counts] of Object.entries(result.summary.byTopic)) expect(counts.total).toBe(made.filter((f) => f.topic === topic).length);
  });

  it('findings is the list made whole, and JSON of the result leaves the list out', () => {
    const result = all[0]![1];
    expect(result.findings).toEqual(read(result).made);
    expect(Object.keys(result)).not.toContain('list');
    expect(JSON.stringify(result)).not.toContain('"list"');
  });

  it('a finding with its own fields in the message shows them, another shares the text made for its codes', () => {
    const result = all.find(([n]) => n === 'own fields')![1];
    const messages = result.findings.filter((f) => !f.ruleId.startsWith('input/')).map((f) => [f.ruleId, f.message]);
    expect(messages).toEqual([
      ['egen', `${P.a!.slice(0, 6)}-**** 2025-03-04 1 0101, 0204`],
      ['faelles', '0101, 0204: 0101 æøå "citat"'],
      ['egen', `${P.b!.slice(0, 6)}-**** 2025-03-05 2 0101, 0204`],
      ['faelles', '0101, 0204: 0101 æøå "citat"'],
    ]);
  });

  it('the first location of lines in two files is in the file whose name sorts first', () => {
    const result = all.find(([n]) => n === 'two files')![1];
    const dup = result.findings.find((f) => f.ruleId === 'dubleret-linje' && f.locations.length === 3)!;
    expect(dup.locations).toEqual([
      { file: 'a.csv', line: 3 },
      { file: 'z.csv', line: 2 },
      { file: 'z.csv', line: 3 },
    ]);
  });

  it.each([1, 2, 5])('--max-findings %i keeps the most severe about lines and every finding about no line, in report order, and lists them as JSON alike', (max) => {
    const result = all.find(([n]) => n === 'fejl-alle-familier.csv')![1];
    const made = read(result).made;
    const limited = limitFindings(result, max);
    const rank = { error: 0, warning: 1, info: 2 };
    const lineless = made.map((f, at) => ({ f, at })).filter((x) => x.f.locations.length === 0);
    expect(lineless.length).toBeGreaterThan(0);
    const expected = [
      ...lineless,
      ...made
        .map((f, at) => ({ f, at }))
        .filter((x) => x.f.locations.length > 0)
        .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.at - b.at)
        .slice(0, max),
    ]
      .sort((a, b) => a.at - b.at)
      .map((x) => x.f);
    expect(read(limited).made).toEqual(expected);
    expect(read(limited).json).toEqual(expected.map((f) => JSON.stringify(f)));
  });

  it('suppressed findings listed with their mark, and an expired suppression among those without a location', () => {
    const result = all.find(([n]) => n === 'fejl-alle-familier.csv')![1];
    const ruleId = result.findings[0]!.ruleId;
    const applied = applyExceptions(result, {
      suppressions: {
        file: 'undtagelser.json',
        entries: [
          { ruleId, reason: 'aftalt med regionen' },
          { ruleId: 'grundydelse-samme-dag', practice: '0', reason: 'gammel', expires: '2020-01-01' },
        ],
      },
      today: '2026-12-01',
      showSuppressed: true,
      lang: 'da',
    });
    const { made, json } = read(applied);
    expect(json).toEqual(made.map((f) => JSON.stringify(f)));
    expect(made).toEqual([...made].sort(compareFindings));
    const marked = made.filter((f) => (f.details as { suppressed?: unknown } | null)?.suppressed);
    expect(marked.length).toBe(result.findings.filter((f) => f.ruleId === ruleId).length);
    expect(made.filter((f) => f.ruleId === 'undtagelse-udloebet')).toHaveLength(1);
    expect(Array.from({ length: applied.list.length }, (_, k) => applied.list.suppressed(k)).filter(Boolean)).toHaveLength(marked.length);
  });
});

describe('the JSON report in pieces', () => {
  // More findings than one batch of pieces holds (2,000): every line twice is a duplicate finding.
  const rows: Row[] = [];
  for (let k = 0; k < 1500; k++) rows.push(['1', `010170${String(k).padStart(4, '0')}`, `2025-03-${String(1 + (k % 28)).padStart(2, '0')}`, '0101']);
  const text = csv([...rows, ...rows]);

  it('pieces that reuse one buffer, each written out before the next, give the same report as copies', async () => {
    const { jsonChunks } = await import('../src/formatters/json.js');
    const result = await check([source(text, 'stor.csv')], { ruleset: bundledRuleset(), today: '2026-12-01' });
    expect(result.list.length).toBeGreaterThan(2000);
    const ctx = { tool: { name: 'gpclaims', version: '0' }, lang: 'da' as const, colorLevel: 0 as const };
    const decoder = new TextDecoder();
    const written = (reuse: boolean): string => {
      let out = '';
      // Decoded at once, as a file is written at once: a reused buffer is read before it changes.
      for (const piece of jsonChunks(result, ctx, { reuse })) out += typeof piece === 'string' ? piece : decoder.decode(piece);
      return out;
    };
    const copied = written(false);
    expect(written(true) === copied).toBe(true);
    expect(JSON.parse(copied).findings).toHaveLength(result.list.length);
    // Kept without reading them at once, copies stay whole; reused views do not.
    const kept = [...jsonChunks(result, ctx)].map((p) => (typeof p === 'string' ? p : decoder.decode(p))).join('');
    expect(kept === copied).toBe(true);
  });
});

describe('a finding table made on another thread, appended', () => {
  const rule = (id: string): FindingRule => ({ id, severity: 'warning', topic: 't', message: { da: id, en: id }, fix: null, source: 's' }) as FindingRule;
  const [a, b, other] = [rule('a'), rule('b'), rule('made-there')];
  const parts = { practice: '1', cpr: null, date: null, codes: [101], locations: [] };

  it('gives the table one thread makes: rules, details (shared by their text), lines, parts and counts', () => {
    // The same findings made on one table, and split after the third onto a second one.
    const make = (t: FindingTable, k: number): void => {
      if (k === 0) t.addLines(a, [4, 5], { n: 1 });
      if (k === 1) t.addLines(b, [6], null);
      if (k === 2) t.addParts(a, { ...parts, details: { n: 2 } });
      if (k === 3) t.addLines(b, [7, 8, 9], { n: 1 });
      if (k === 4) t.addLines(other, [10], { n: 3 });
      if (k === 5) t.addParts(b, { ...parts, details: null });
    };
    const one = new FindingTable();
    for (let k = 0; k < 6; k++) make(one, k);
    const here = new FindingTable();
    const there = new FindingTable();
    for (let k = 0; k < 6; k++) make(k < 3 ? here : there, k);
    // What crosses threads is a copy: rules by a reference the receiver resolves.
    const sent = structuredClone(there.part((r) => (r === a ? 'a' : r === b ? 'b' : r)));
    here.append(sent, (ref) => (ref === 'a' ? a : ref === 'b' ? b : (ref as FindingRule)));
    const view = (t: FindingTable): unknown[] =>
      Array.from({ length: t.length }, (_, i) => [t.rules[t.rule[i]!]!.id, Array.from(t.linesOf(i)), t.detailsOf(i), t.parts.get(i) ?? null]);
    expect(view(here)).toEqual(view(one));
    expect(here.length).toBe(6);
    // Details with the same text are one object, wherever they were made.
    expect(here.detailsOf(3)).toBe(here.detailsOf(0));
    expect(here.rules.slice(0, 2)).toEqual([a, b]);
    expect(here.perRule).toEqual([2, 3, 1]);
  });
});
