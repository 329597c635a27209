// The ruleset: committed JSON Schemas match the zod schemas, bad rule files fail with file and path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KINDS } from '../src/kinds/index.js';
import { ruleIndexMarkdown } from '../src/browse/markdown.js';
import { generatedSchemas } from '../src/ruleset/json-schema.js';
import { buildRuleset, bundledRulesDir, loadRuleset, RulesetError } from '../src/ruleset/load.js';
import { summarise } from '../src/report/summary.js';
import { base, csv, fixtureFinding, run, rulesetWith } from './helpers.js';

describe('JSON Schema beside the rule files', () => {
  it.each(Object.entries(generatedSchemas()))('rules/%s is up to date (run npm run schema)', (file, schema) => {
    expect(readFileSync(join(bundledRulesDir(), file), 'utf8')).toBe(schema);
  });
});

describe('bundled ruleset', () => {
  const ruleset = loadRuleset();
  // Rule ids are a contract once released: these may never disappear or be renamed.
  const RELEASED = [
    'aftalt-telefonkonsultation-hoejestegraense',
    'grundydelse-samme-dag',
    'kronikerprogram-ikke-saerskilt',
    'palliation-moduler-over-6',
    'palliation-modul-uden-besoeg',
    'palliation-tillaeg-uden-grundydelse',
    'samtaleterapi-over-7-pr-aar',
    'samtaleterapi-uden-grundydelse',
  ];
  it.each(RELEASED)('keeps the released rule id %s', (id) => {
    expect(ruleset.rules.map((r) => r.id)).toContain(id);
  });
  it('uses only kinds the engine knows, and every kind is used by a bundled rule', () => {
    const used = new Set(ruleset.rules.map((r) => r.kind));
    for (const k of used) expect(KINDS.map((x) => x.kind)).toContain(k);
    for (const k of KINDS) expect(used).toContain(k.kind);
  });
  it('rule ids, and the ids of their not-evaluated findings, are unique', () => {
    const ids = ruleset.rules.flatMap((r) => {
      const child = (r.params as { notEvaluated?: { id: string } }).notEvaluated?.id;
      return child ? [r.id, child] : [r.id];
    });
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('rules/README.md is the generated index (npm run rule-index)', () => {
    expect(readFileSync(join(bundledRulesDir(), 'README.md'), 'utf8')).toBe(ruleIndexMarkdown(ruleset));
  });
  it('every rule names its source', () => {
    for (const r of ruleset.rules) expect(r.source.length).toBeGreaterThan(10);
  });
  it('has a version and a content hash', () => {
    expect(ruleset.version).toMatch(/^\d{4}\.\d+\.\d+$/);
    expect(ruleset.hash).toMatch(/^[0-9a-f]{64}$/);
  });
  it('the catalogue knows every code a bundled rule names', () => {
    for (const code of ['0101', '0105', '0120', '0121', '0122', '0123', '0125', '0127', '0130', '0133', '0201', '0204', '0411', '4584', '4594', '6101', '0126']) {
      expect(ruleset.catalog.get(Number(code))?.code).toBe(code);
    }
  });
});

describe('bad rule files stop the run with file, path and reason', () => {
  const ok = { ...base(), id: 'r', kind: 'requires-same-day', params: { codes: ['6101'], anyOf: ['0101'] } };
  const cases: [string, object, RegExp][] = [
    ['unknown kind', { ...ok, kind: 'no-such-kind' }, /test\.json at rules\.0\.kind/],
    ['missing source', { ...ok, source: undefined }, /rules\.0\.source/],
    ['bad code', { ...ok, params: { codes: ['61O1'], anyOf: ['0101'] } }, /rules\.0\.params\.codes\.0/],
    ['unknown catalogue group', { ...ok, params: { codes: ['@nope'], anyOf: ['0101'] } }, /@nope names no catalogue/],
    ['backwards range', { ...ok, params: { codes: ['4589-4584'], anyOf: ['0101'] } }, /runs backwards/],
    ['validTo before validFrom', { ...ok, validFrom: '2025-01-01', validTo: '2024-01-01' }, /validTo is before validFrom/],
    ['impossible date', { ...ok, validFrom: '2025-02-30' }, /rules\.0\.validFrom/],
    ['extra key', { ...ok, sevrity: 'error' }, /rules\.0/],
    ['bad max', { ...ok, kind: 'max-per-window', params: { codes: ['0101'], max: -1, measure: 'lines', window: 'day', scope: 'patient' } }, /params\.max/],
  ];
  it.each(cases)('%s', (_name, rule, message) => {
    expect(() => rulesetWith([rule])).toThrow(RulesetError);
    expect(() => rulesetWith([rule])).toThrow(message);
  });
  it('a duplicate id', () => {
    expect(() => rulesetWith([ok, ok])).toThrow(/rule id r is used twice/);
  });
  it('a folder that does not exist', () => {
    expect(() => loadRuleset('/no/such/rules')).toThrow(/does not exist/);
  });
});

describe('a bad rule file is described, not echoed', () => {
  const ok = { ...base(), id: 'r', kind: 'requires-same-day', params: { codes: ['6101'], anyOf: ['0101'] } };
  /** The message building a ruleset with one rule file of this text fails with. */
  const failure = (text: string): string => {
    try {
      buildRuleset('x', [], [{ name: 'bad.json', shown: 'bad.json', text }]);
    } catch (e) {
      expect(e).toBeInstanceOf(RulesetError);
      return (e as Error).message;
    }
    throw new Error('the ruleset was built');
  };
  it.each([
    ['an unknown key', JSON.stringify({ topic: 'T', rules: [{ ...ok, '0702430919\u001b[8m': 1 }] }), 'bad.json at rules.0: unknown key "070243-****\\x1b[8m"'],
    ['a long unknown key', JSON.stringify({ topic: 'T', rules: [], ['k'.repeat(5000)]: 1 }), `bad.json: unknown key "${'k'.repeat(79)}…"`],
    ['text that is not JSON', '\u001b[2K0702430919', 'bad.json: is not valid JSON: unexpected token at line 1, column 1'],
    ['a bad token', '{"topic": "0702430919",\n "rules": tru}', 'bad.json: is not valid JSON: unexpected token at line 2, column 14'],
  ])('%s', (_what, text, message) => {
    expect(failure(text)).toBe(message);
  });
  it.each([
    ['a class name', [{ ...ok, params: { codes: ['@0702430919'], anyOf: ['0101'] } }], 'test.json at rules.0.params.codes.0: @070243-**** names no catalogue class or group'],
    ['a rule id used twice', [{ ...ok, id: 'x-0702430919' }, { ...ok, id: 'x-0702430919' }], 'test.json at rules.1.id: rule id x-070243-**** is used twice'],
  ])('%s from the rule file', (_what, rules, message) => {
    expect(() => rulesetWith(rules)).toThrow(message);
  });
});

describe('names that are also Object.prototype names', () => {
  const ok = { ...base(), id: 'r', kind: 'requires-same-day', params: { codes: ['6101'], anyOf: ['0101'] } };
  const POLLUTION = ['error', 'warning', 'info', 'total'];
  // A failing run must not leave the prototype dirty for the tests after it.
  afterEach(() => {
    for (const k of POLLUTION) delete (Object.prototype as Record<string, unknown>)[k];
  });

  it.each([
    ['a file topic', { topic: '__proto__', rules: [ok] }, 'test.json at topic: "__proto__" is a reserved name; choose another'],
    ['a rule topic', { topic: 'T', rules: [{ ...ok, topic: 'constructor' }] }, 'test.json at rules.0.topic: "constructor" is a reserved name; choose another'],
    ['a rule id', { topic: 'T', rules: [{ ...ok, id: 'constructor' }] }, 'test.json at rules.0.id: "constructor" is a reserved name; choose another'],
    ['another rule id', { topic: 'T', rules: [{ ...ok, id: 'prototype' }] }, 'test.json at rules.0.id: "prototype" is a reserved name; choose another'],
    ['a topic with a terminal escape', { topic: 'Emne \u001b[2J\u001b[H', rules: [ok] }, 'test.json at topic: "Emne \\x1b[2J\\x1b[H" holds a control character; use plain text'],
    ['a rule topic with a line separator', { topic: 'T', rules: [{ ...ok, topic: 'A\u2028B' }] }, 'test.json at rules.0.topic: "A\\u2028B" holds a control character; use plain text'],
  ])('%s is refused', (_what, file, message) => {
    expect(() => buildRuleset('x', [], [{ name: 'test.json', shown: 'test.json', text: JSON.stringify(file) }])).toThrow(message);
  });

  it('summarise counts such topics as topics and leaves Object.prototype alone', () => {
    const topics = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__proto__'];
    const summary = summarise(
      topics.map((topic) => fixtureFinding({ topic, severity: 'warning' })),
      { files: 1, linesRead: 1, claimsChecked: 1, linesRejected: 0, blankLines: 0, practices: 1, patients: 1, counts: {} },
    );
    const clean = {} as Record<string, unknown>;
    expect(POLLUTION.filter((k) => k in clean)).toEqual([]);
    const one = { error: 0, warning: 1, info: 0, total: 1 };
    expect(Object.keys(summary.byTopic).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(Object.getOwnPropertyDescriptor(summary.byTopic, '__proto__')?.value).toEqual({ ...one, warning: 2, total: 2 });
    for (const t of ['constructor', 'toString', 'hasOwnProperty']) expect(Object.getOwnPropertyDescriptor(summary.byTopic, t)?.value).toEqual(one);
    expect(JSON.parse(JSON.stringify(summary.byTopic)).constructor).toEqual(one);
  });

  it('a check whose rule reports under "__proto__" (the guard bypassed) counts it and leaves later checks working', async () => {
    const ruleset = rulesetWith([ok]);
    ruleset.rules[0]!.topic = '__proto__';
    const text = csv([['234567', 'a', '2025-03-04', '6101']]);
    const first = await run(text, ruleset);
    expect(Object.getOwnPropertyDescriptor(first.summary.byTopic, '__proto__')?.value).toEqual({ error: 1, warning: 0, info: 0, total: 1 });
    expect(POLLUTION.filter((k) => k in ({} as object))).toEqual([]);
    const again = await run(text, rulesetWith([ok]));
    expect(again.summary.byTopic).toEqual({ Test: { error: 1, warning: 0, info: 0, total: 1 } });
  });
});

describe('loadRuleset gives the same ruleset back while its files are unchanged', () => {
  it('the bundled folder twice: one ruleset object', () => {
    expect(loadRuleset()).toBe(loadRuleset());
  });

  it('a copied folder whose rule file changes: a new ruleset with another hash; changed back: the first one again', async () => {
    const { cpSync, mkdtempSync, readFileSync: read, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = join(mkdtempSync(join(tmpdir(), 'gpclaims-rules-')), 'rules');
    cpSync(bundledRulesDir(), dir, { recursive: true });
    const first = loadRuleset(dir);
    const file = join(dir, 'dubletter.json');
    const text = read(file, 'utf8');
    writeFileSync(file, text.replace('"severity": "warning"', '"severity": "error"'));
    const second = loadRuleset(dir);
    expect(second).not.toBe(first);
    expect(second.hash).not.toBe(first.hash);
    writeFileSync(file, text);
    expect(loadRuleset(dir)).toBe(first);
  });
});
