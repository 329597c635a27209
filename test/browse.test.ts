// The rule book: listRules, findRule and listCodes on the bundled ruleset, their text, and `gpclaims rules` / `gpclaims codes` end to end.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog.js';
import { catalogFile, type CatalogEntry } from '../src/catalog/schema.js';
import { colourLevel } from '../src/cli/program.js';
import { Decimal } from 'decimal.js';
import { codesText, rulesText, ruleText } from '../src/formatters/browse.js';
import { formatKroner } from '../src/model/format.js';
import { KINDS, kindByName } from '../src/kinds/index.js';
import { parseIsoDate } from '../src/model/date.js';
import { findRule, listCodes, listRules, LookupError, type CodeEntry } from '../src/index.js';
import { bundledRulesDir, OPEN_END } from '../src/ruleset/load.js';
import { base, bundledRuleset, rulesetWith } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const RULES = bundledRulesDir();
const ruleset = bundledRuleset();
const ids = ruleset.rules.map((r) => r.id);
const ctx = { tool: { name: 'gpclaims', version: 'test' }, lang: 'da' as const, colorLevel: 0 as const };

/** Every rule as written in the bundled rule files, by id. */
const written = new Map<string, { params: unknown; description?: string; file: string }>();
for (const file of readdirSync(RULES).filter((f) => f.endsWith('.json') && f !== 'schema.json' && f !== 'ruleset.json')) {
  for (const r of JSON.parse(readFileSync(join(RULES, file), 'utf8')).rules) written.set(r.id, { ...r, file });
}

/** Every catalogue entry as written, by code. */
const catalogued = new Map<string, CatalogEntry>();
for (const file of readdirSync(join(RULES, 'catalog')).filter((f) => f !== 'schema.json')) {
  for (const e of JSON.parse(readFileSync(join(RULES, 'catalog', file), 'utf8')).codes) catalogued.set(e.code, e);
}

const docPath = (id: string) => join(RULES, 'docs', `${id}.md`);
const notEvaluatedIds = [...written].flatMap(([id, r]) => {
  const child = (r.params as { notEvaluated?: { id?: string } }).notEvaluated?.id;
  return child ? [[child, id] as const] : [];
});

function gpclaims(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('listRules', () => {
  const rules = listRules(ruleset);

  it('lists every rule of the ruleset once', () => {
    expect(rules.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it('sorts by topic, then id', () => {
    for (let n = 1; n < rules.length; n++) {
      const [a, b] = [rules[n - 1]!, rules[n]!];
      const byTopic = a.topic.localeCompare(b.topic, 'da');
      expect(byTopic < 0 || (byTopic === 0 && a.id < b.id)).toBe(true);
    }
  });

  describe.each(ids)('%s', (id) => {
    const entry = rules.find((r) => r.id === id)!;
    const rule = ruleset.rules.find((r) => r.id === id)!;
    it('has a source, a known kind, its severity, topic and file', () => {
      expect(entry.source.length).toBeGreaterThan(0);
      expect(KINDS.map((k) => k.kind)).toContain(entry.kind);
      expect([entry.kind, entry.severity, entry.topic, entry.source, entry.file]).toEqual([rule.kind, rule.severity, rule.topic, rule.source, written.get(id)!.file]);
    });
    it('has its validity as dates, validTo null when open', () => {
      expect(parseIsoDate(entry.validFrom)).toBe(rule.validFrom);
      if (rule.validTo === OPEN_END) expect(entry.validTo).toBeNull();
      else expect(parseIsoDate(entry.validTo!)).toBe(rule.validTo);
    });
    it("has the rule file's description, or null", () => {
      expect(entry.description).toBe(written.get(id)!.description ?? null);
    });
    it('names its doc page when there is one', () => {
      expect(entry.doc).toBe(existsSync(docPath(id)) ? `rules/docs/${id}.md` : null);
    });
  });

  it('gives doc null for a rule without a page', () => {
    const [entry] = listRules(rulesetWith([{ ...base(), id: 'ingen-side', kind: 'requires-same-day', params: { codes: ['6101'], anyOf: ['0101'] } }]));
    expect([entry!.id, entry!.doc, entry!.description]).toEqual(['ingen-side', null, null]);
  });
});

describe('findRule', () => {
  it.each(ids)('%s: params as written, its kind, its doc page', (id) => {
    const rule = findRule(ruleset, id);
    expect(rule.id).toBe(id);
    expect(rule.params).toEqual(written.get(id)!.params);
    expect(rule.kindDescription).toBe(kindByName(rule.kind)!.description);
    expect(rule.docText).toBe(existsSync(docPath(id)) ? readFileSync(docPath(id), 'utf8') : null);
  });

  it('there is a rule that reports under a second id', () => {
    expect(notEvaluatedIds.length).toBeGreaterThan(0);
  });

  it.each(notEvaluatedIds)('%s finds its rule %s', (child, parent) => {
    expect(ids).not.toContain(child);
    expect(findRule(ruleset, child).id).toBe(parent);
  });

  it('keeps params as written: a default the schema fills in is not added', () => {
    const params = { code: '0204', factor: '1.25', notEvaluated: { id: 'x-ikke-evalueret', message: { da: 'd', en: 'e' } } };
    const rs = rulesetWith([{ ...base(), id: 'x', kind: 'practice-ratio', params }]);
    expect(rs.rules[0]!.params).toMatchObject({ minPractices: 2 });
    expect(findRule(rs, 'x').params).toEqual(params);
    expect(findRule(rs, 'x').docText).toBeNull();
  });

  const unknown: [string, string[]][] = [
    ['nope', []],
    ['palliation', ids.filter((id) => id.startsWith('palliation'))],
    ['samtaleterapi-over-7', ['samtaleterapi-over-7-pr-aar']],
    ['grundydelse-samme-dage', ['grundydelse-samme-dag']],
  ];
  it.each(unknown)('unknown id %s throws, suggesting %j', (asked, closest) => {
    let error: unknown;
    try {
      findRule(ruleset, asked);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LookupError);
    expect((error as LookupError).names).toEqual([asked]);
    expect([...(error as LookupError).suggestions].sort()).toEqual([...closest].sort());
    expect((error as LookupError).message).toContain(asked);
  });
});

describe('listCodes', () => {
  it('with no codes lists the whole catalogue by code', () => {
    const codes = listCodes(ruleset).map((e) => e.code);
    expect(codes).toEqual([...catalogued.keys()].sort());
  });

  const asked: [string[], string[]][] = [
    [['101'], ['0101']],
    [['0101'], ['0101']],
    [['204', '6101'], ['0204', '6101']],
    [['6101', '0204'], ['6101', '0204']],
    [['101', '0101'], ['0101']],
  ];
  it.each(asked)('%j gives %j', (codes, expected) => {
    for (const code of expected) expect(catalogued.has(code)).toBe(true);
    expect(listCodes(ruleset, codes).map((e) => e.code)).toEqual(expected);
  });

  it.each([...catalogued.keys()])('%s: name, class, validity and tariffs as catalogued', (code) => {
    const e = catalogued.get(code)!;
    const [entry] = listCodes(ruleset, [code]);
    const names = typeof e.name === 'string' ? [{ name: e.name, from: null, to: null }] : e.name;
    const both = (t: string | { da: string; en: string }) => (typeof t === 'string' ? { da: t, en: t } : t);
    expect(entry).toMatchObject({ code, name: names.at(-1)!.name, names, class: e.class, groups: e.groups ?? [], validFrom: e.validFrom, validTo: e.validTo, source: e.source });
    expect(entry!.note).toEqual(e.note === undefined ? null : both(e.note));
    expect('knownUntil' in entry!).toBe((e as { knownUntil?: string }).knownUntil !== undefined);
    expect([...entry!.tariffs].sort((a, b) => a.from.localeCompare(b.from))).toEqual(entry!.tariffs);
    expect(new Set(entry!.tariffs)).toEqual(new Set(e.tariffs.map((t) => ({ ...t, level: typeof t.level === 'string' ? { da: t.level, en: t.level } : t.level }))));
  });

  it('carries knownUntil when an entry has it', () => {
    const extra = { code: '9998', name: 'Test', class: 'other', validFrom: null, validTo: null, knownUntil: '2025-12-31', tariffs: [], source: 'test' } as CatalogEntry;
    const rs = { ...ruleset, catalog: new Catalog([...ruleset.catalog.entries, extra]) };
    expect(listCodes(rs, ['9998'])[0]!.knownUntil).toBe('2025-12-31');
  });

  const bad: [string[], string[]][] = [
    [['9999'], ['9999']],
    [['0101', '9999'], ['9999']],
    [['abc'], ['abc']],
    [['12345'], ['12345']],
    [['9999', '101', '9997'], ['9999', '9997']],
  ];
  it.each(bad)('%j throws, naming %j', (codes, names) => {
    for (const n of names) expect(catalogued.has(n)).toBe(false);
    expect(() => listCodes(ruleset, codes)).toThrow(LookupError);
    try {
      listCodes(ruleset, codes);
    } catch (e) {
      expect((e as LookupError).names).toEqual(names);
    }
  });
});

describe('catalogue names with their periods', () => {
  const renamed = {
    code: '9997',
    name: [
      { name: 'Gammelt navn', from: null, to: '2025-02-28' },
      { name: 'Nyt navn', from: '2025-03-01', to: null, source: 'kilde' },
    ],
    class: 'other',
    validFrom: null,
    validTo: null,
    tariffs: [],
    source: 'test',
  } as CatalogEntry;
  const catalog = new Catalog([...ruleset.catalog.entries, renamed]);

  it.each([
    ['9997', '2020-01-01', 'Gammelt navn'],
    ['9997', '2025-02-28', 'Gammelt navn'],
    ['9997', '2025-03-01', 'Nyt navn'],
    ['9997', '2030-01-01', 'Nyt navn'],
    ['4324', '2024-06-01', 'Sparring sårbar patient'],
    ['4324', '2025-02-28', 'Sparring sårbar patient'],
    ['4324', '2025-03-01', 'Sparring AMK'],
    ['0101', '2025-03-01', 'Konsultation'],
  ])('%s on %s is called %s', (code, date, name) => {
    expect(catalog.nameOn(Number(code), parseIsoDate(date)!)).toBe(name);
  });

  it('a code not in the catalogue has no name', () => {
    expect(catalog.nameOn(9999, parseIsoDate('2025-03-01')!)).toBeUndefined();
  });

  it('4324 is listed under its name now, with both names and their periods', () => {
    const [entry] = listCodes(ruleset, ['4324']);
    expect(entry!.name).toBe('Sparring AMK');
    expect(entry!.names.map((n) => [n.name, n.from, n.to])).toEqual([
      ['Sparring sårbar patient', null, '2025-02-28'],
      ['Sparring AMK', '2025-03-01', null],
    ]);
  });

  it.each([
    ['da', '      navne: Sparring sårbar patient (… – 2025-02-28) · Sparring AMK (2025-03-01 – åben)'],
    ['en', '      names: Sparring sårbar patient (… – 2025-02-28) · Sparring AMK (2025-03-01 – open)'],
  ] as const)('gpclaims codes 4324 (%s) shows the names with their periods', (lang, line) => {
    const text = codesText(listCodes(ruleset, ['4324']), ruleset, { ...ctx, lang });
    expect(text).toContain('\n4324  Sparring AMK\n');
    expect(text.split('\n')).toContain(line);
  });

  it('a code with one name shows no names line', () => {
    expect(codesText(listCodes(ruleset, ['0101']), ruleset, ctx)).not.toContain('navne:');
  });

  const bad: [string, object[]][] = [
    ['overlapping periods', [{ name: 'A', from: null, to: '2025-03-01' }, { name: 'B', from: '2025-03-01', to: null }]],
    ['a later name open at the start', [{ name: 'A', from: null, to: '2025-02-28' }, { name: 'B', from: null, to: null }]],
    ['an earlier name open at the end', [{ name: 'A', from: null, to: null }, { name: 'B', from: '2025-03-01', to: null }]],
    ['a name that ends before it starts', [{ name: 'A', from: '2025-03-01', to: '2025-02-01' }]],
    ['no name', []],
  ];
  it.each(bad)('a catalogue with %s does not load', (_what, name) => {
    const entry = { code: '9997', name, class: 'other', validFrom: null, validTo: null, tariffs: [], source: 'test' };
    expect(catalogFile.safeParse({ codes: [entry] }).success).toBe(false);
  });
});

describe('the bundled catalogue as users read it', () => {
  const entries = [...catalogued.values()];
  const tariffs = entries.flatMap((e) => e.tariffs.map((t) => [e.code, t.from, t.to, t.amount, t] as const));

  // Fees are regulated on 1 April and 1 October, so an amount a source states holds at most
  // until the next of those days: a period may not run across one.
  it.each(tariffs.map(([code, from, to, amount]) => [code, from, to, amount]))('%s from %s to %s (%s kr.) lies within one regulation period', (_code, from, to) => {
    expect(to).not.toBeNull();
    const [y, m] = from.split('-').map(Number) as [number, number];
    const end = m >= 4 && m <= 9 ? `${y}-09-30` : m >= 10 ? `${y + 1}-03-31` : `${y}-03-31`;
    expect(to! <= end).toBe(true);
  });

  it('4500 at 450 kr. holds from the agreement (2023-03-01) until the regulation of 1 April 2023', () => {
    expect(catalogued.get('4500')!.tariffs.map((t) => [t.amount, t.from, t.to])).toEqual([['450.00', '2023-03-01', '2023-03-31']]);
  });

  it.each(entries.filter((e) => e.note !== undefined).map((e) => e.code))('%s: its note is in Danish and in English, each shown in its language', (code) => {
    const note = catalogued.get(code)!.note!;
    expect(typeof note).toBe('object');
    const { da, en } = note as { da: string; en: string };
    expect(da).not.toBe(en);
    const [entry] = listCodes(ruleset, [code]);
    expect(codesText([entry!], ruleset, ctx)).toContain(`      bemærk: ${da}\n`);
    expect(codesText([entry!], ruleset, { ...ctx, lang: 'en' })).toContain(`      note: ${en}\n`);
  });

  it.each(tariffs.map(([code, from, , , t]) => [code, from, t.level]))('%s from %s: its price level is in Danish and in English', (_code, _from, level) => {
    expect(typeof level).toBe('object');
  });

  it.each([
    ['da', 'Der følger ingen honorartabel for 2024-2026 med gpclaims.', '--tariffs FIL'],
    ['en', 'No honorartabel for 2024-2026 comes with gpclaims.', '--tariffs FILE'],
  ] as const)('gpclaims codes (%s) says that no honorartabel for 2024-2026 comes with it, and how to check amounts', (lang, sentence, option) => {
    const text = codesText(listCodes(ruleset), ruleset, { ...ctx, lang });
    expect(text).toContain(sentence);
    expect(text).toContain(option);
    expect(text).toContain('https://laeger.dk/foreninger/plo/overenskomsten-og-aftaler/honorarer');
  });

  it.each([
    ['da', 'De viste takster gælder til og med'],
    ['en', 'The tariffs shown end on'],
  ] as const)('gpclaims codes (%s) says when the last tariff shown ends', (lang, words) => {
    const last = tariffs.map(([, , to]) => to!).sort().at(-1)!;
    expect(codesText(listCodes(ruleset), ruleset, { ...ctx, lang })).toContain(`${words} ${last};`);
  });
});

describe('text', () => {
  it('the rules table names every rule and topic, without colour at level 0 and with it at level 1', () => {
    const rules = listRules(ruleset);
    const text = rulesText(rules, ruleset, ctx);
    for (const r of rules) expect(text).toMatch(new RegExp(`^  ${r.id} +${r.kind} +${r.severity} +${r.validFrom} – ${r.validTo ?? 'åben'}$`, 'm'));
    for (const topic of new Set(rules.map((r) => r.topic))) expect(text).toContain(`\n${topic}\n`);
    expect(text).not.toMatch(/\u001b\[/);
    expect(rulesText(rules, ruleset, { ...ctx, colorLevel: 1 })).toMatch(/\u001b\[/);
  });

  it.each(ids)('%s: doc page as written, then the params block', (id) => {
    const rule = findRule(ruleset, id);
    const text = ruleText(rule, ctx);
    expect(text.startsWith(rule.docText ?? `# ${id}`)).toBe(true);
    expect(text).toContain(`Parametre (${rule.file})\ntype: ${rule.kind} – ${rule.kindDescription}\n${JSON.stringify(written.get(id)!.params, null, 2)}\n`);
    expect(ruleText(rule, { ...ctx, lang: 'en' })).toContain(`Parameters (${rule.file})`);
  });

  const headerCounts: [string, 'da' | 'en', number, string][] = [
    ['codes', 'da', 1, '1 kode'],
    ['codes', 'da', 2, '2 koder'],
    ['codes', 'en', 1, '1 code'],
    ['codes', 'en', 2, '2 codes'],
    ['rules', 'da', 1, '1 regel'],
    ['rules', 'da', 2, '2 regler'],
    ['rules', 'en', 1, '1 rule'],
    ['rules', 'en', 2, '2 rules'],
  ];
  it.each(headerCounts)('the %s header (%s) counts %i as "%s"', (what, lang, n, words) => {
    const c = { ...ctx, lang };
    const text = what === 'codes' ? codesText(listCodes(ruleset).slice(0, n), ruleset, c) : rulesText(listRules(ruleset).slice(0, n), ruleset, c);
    expect(text.split('\n')[0]!.endsWith(` · ${words}`)).toBe(true);
  });

  it('a code shows its amounts with a decimal comma in Danish', () => {
    const entries = listCodes(ruleset).filter((e) => e.tariffs.length);
    expect(entries.length).toBeGreaterThan(0);
    const text = codesText(entries, ruleset, ctx);
    for (const e of entries as CodeEntry[]) {
      expect(text).toContain(`${e.code}  ${e.name}`);
      for (const t of e.tariffs) expect(text).toContain(`${formatKroner(new Decimal(t.amount), 'da')}  ${t.from} – ${t.to ?? 'åben'}`);
    }
  });
});

describe('colourLevel (shared by check, rules and codes)', () => {
  const cases: [boolean, Record<string, string>, number][] = [
    [true, {}, 1],
    [false, {}, 0],
    [true, { NO_COLOR: '1' }, 0],
    [true, { NO_COLOR: '' }, 1],
    [true, { TERM: 'dumb' }, 0],
  ];
  it.each(cases)('terminal %s, env %j: %i', (toTerminal, env, level) => {
    expect(colourLevel({ stdout: { write: () => 0 }, stderr: { write: () => 0 }, stdinIsTTY: false, env }, toTerminal)).toBe(level);
  });
});

describe('gpclaims rules / codes (built CLI)', () => {
  it('rules --format json lists every rule, with tool and ruleset', () => {
    const r = gpclaims(['rules', '--format', 'json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    expect(out.rules).toHaveLength(ruleset.rules.length);
    expect(out.rules.map((x: { id: string }) => x.id)).toEqual(listRules(ruleset).map((x) => x.id));
    expect(out.tool.name).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).name);
    expect(out.ruleset).toEqual({ version: ruleset.version, hash: ruleset.hash });
  });

  it('rules grundydelse-samme-dag prints its doc page, then its params', () => {
    const r = gpclaims(['rules', 'grundydelse-samme-dag']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.startsWith(readFileSync(docPath('grundydelse-samme-dag'), 'utf8'))).toBe(true);
    expect(r.stdout).toContain(JSON.stringify(written.get('grundydelse-samme-dag')!.params, null, 2));
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it.each(notEvaluatedIds)('rules %s --format json gives its rule %s', (child, parent) => {
    const r = gpclaims(['rules', child, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const docText = existsSync(docPath(parent)) ? readFileSync(docPath(parent), 'utf8') : null;
    expect([out.id, out.params, out.docText]).toEqual([parent, written.get(parent)!.params, docText]);
  });

  it('rules --rules DIR reads that folder; a rule without a page has doc null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpclaims-browse-'));
    mkdirSync(join(dir, 'catalog'));
    cpSync(join(RULES, 'catalog'), join(dir, 'catalog'), { recursive: true });
    cpSync(join(RULES, 'samtaleterapi.json'), join(dir, 'samtaleterapi.json'));
    const out = JSON.parse(gpclaims(['rules', '--rules', dir, '--format', 'json']).stdout);
    const expected = [...written].filter(([, w]) => w.file === 'samtaleterapi.json').map(([id]) => id);
    expect(out.rules.map((x: { id: string }) => x.id).sort()).toEqual(expected.sort());
    expect(out.rules.map((x: { doc: string | null }) => x.doc)).toEqual(expected.map(() => null));
  });

  const usage: [string[], string][] = [
    [['rules', 'nope'], 'nope'],
    [['codes', '9999'], '9999'],
    [['codes', '0101', '99999'], '99999'],
  ];
  it.each(usage)('%j: exit 2, one line on stderr naming %s', (args, name) => {
    const r = gpclaims(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(name);
  });

  it('codes 0101 --format json includes its tariffs', () => {
    const r = gpclaims(['codes', '0101', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.codes).toHaveLength(1);
    expect(out.codes[0].code).toBe('0101');
    expect(out.codes[0].tariffs).toEqual(catalogued.get('0101')!.tariffs);
    expect(out.codes[0].tariffs.length).toBeGreaterThan(0);
  });

  it('codes 101 pretty: padded, named, amounts with a decimal comma', () => {
    const r = gpclaims(['codes', '101']);
    const e = catalogued.get('0101')!;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`0101  ${e.name}`);
    for (const t of e.tariffs) expect(r.stdout).toContain(t.amount.replace('.', ','));
  });
});
