// Table tests for the catalog-validity kind. Dates come from the bundled catalogue files, so the
// tables follow the catalogue if a date in it is corrected.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDate, parseIsoDate } from '../../src/model/date.js';
import { buildRuleset, bundledRulesDir } from '../../src/ruleset/load.js';
import { base, csv, of, type Row, rulesetWith, run, tuples } from '../helpers.js';

interface Entry {
  code: string;
  validFrom: string | null;
  validTo: string | null;
  knownUntil?: string;
}

const catalogue: Entry[] = ['national.json', 'region-midtjylland.json'].flatMap(
  (f) => (JSON.parse(readFileSync(join(bundledRulesDir(), 'catalog', f), 'utf8')) as { codes: Entry[] }).codes,
);
const entry = (code: string): Entry => catalogue.find((e) => e.code === code)!;
const shift = (date: string, days: number): string => isoDate(parseIsoDate(date)! + days);

// 0125: an OK22 code with a validFrom and no validTo or knownUntil.
const from0125 = entry('0125').validFrom!;
// 4500: a validFrom and a knownUntil (no source says it continues after it).
const from4500 = entry('4500').validFrom!;
const known4500 = entry('4500').knownUntil!;
// 0101: no dates at all.
const undated = entry('0101');

const validity = { codes: ['0101', '0125', '4500'], check: 'validity' };
const knownUntil = { codes: ['0101', '0125', '4500'], check: 'known-until' };

// Some lines are dated up to 2099: judge them as if today were late enough (a service date more
// than a year after today is otherwise rejected as input).
const LATE = { today: '2099-01-01' };
const rule = (params: object, overrides: object = {}) => rulesetWith([{ id: 'x', kind: 'catalog-validity', ...base(overrides), params }]);

describe('catalog-validity: the catalogue dates the tables rely on', () => {
  it('0125 and 4500 have a validFrom, 4500 a knownUntil after it, 0101 none', () => {
    expect(from0125).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(from4500).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(parseIsoDate(known4500)!).toBeGreaterThan(parseIsoDate(from4500)!);
    expect(entry('0125').knownUntil).toBeUndefined();
    expect([undated.validFrom, undated.validTo, undated.knownUntil]).toEqual([null, null, undefined]);
  });
});

describe('catalog-validity: check validity', () => {
  const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
    { name: 'the day before validFrom', rows: [['1', 'a', shift(from0125, -1), '0125']], expected: [['x', [2]]] },
    { name: 'on validFrom', rows: [['1', 'a', from0125, '0125']], expected: [] },
    { name: 'long after validFrom (no validTo)', rows: [['1', 'a', shift(from0125, 3000), '0125']], expected: [] },
    { name: 'a regional code before its validFrom', rows: [['1', 'a', shift(from4500, -1), '4500'], ['1', 'a', from4500, '4500']], expected: [['x', [2]]] },
    { name: 'validity ignores knownUntil', rows: [['1', 'a', shift(known4500, 1), '4500']], expected: [] },
    { name: 'a code without dates never fires', rows: [['1', 'a', '1990-01-01', '0101'], ['1', 'a', '2099-12-31', '0101']], expected: [] },
    { name: 'each line is judged alone', rows: [['1', 'a', shift(from0125, -10), '0125'], ['1', 'b', shift(from0125, -1), '0125'], ['1', 'c', from0125, '0125']], expected: [['x', [2]], ['x', [3]]] },
  ];
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), rule(validity), LATE)).findings, 'x')).toEqual(expected);
  });

  it('a code outside the rule set is not judged', async () => {
    const rows: Row[] = [['1', 'a', shift(from4500, -1), '4500']];
    expect(tuples((await run(csv(rows), rule({ codes: ['0125'], check: 'validity' }))).findings, 'x')).toEqual([]);
  });

  it('a code in the rule set but not in the catalogue is left to the unknown-code finding', async () => {
    const result = await run(csv([['1', 'a', '2025-03-04', '9999']]), rule({ codes: ['0000-9999'], check: 'validity' }));
    expect(of(result, 'x')).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['ukendt-ydelseskode']);
  });

  it('lines outside the rule’s own validity are not judged', async () => {
    const rows: Row[] = [['1', 'a', shift(from0125, -2), '0125'], ['1', 'a', shift(from0125, -1), '0125']];
    const result = await run(csv(rows), rule(validity, { validFrom: shift(from0125, -1) }));
    expect(tuples(result.findings, 'x')).toEqual([['x', [3]]]);
  });

  it('details name the code, its dates and the day it was judged by', async () => {
    const day = shift(from0125, -1);
    const [f] = of(await run(csv([['1', 'a', day, '0125']]), rule(validity)), 'x');
    expect(f?.details).toMatchObject({ code: '0125', validFrom: from0125, validTo: null, knownUntil: null, judgedOn: day });
    expect(f?.codes).toEqual(['0125']);
    expect(f?.date).toBe(day);
  });
});

describe('catalog-validity: after validTo', () => {
  // No bundled code has a validTo, so this catalogue adds one that ended.
  const ended = { code: '9001', name: 'Udgået ydelse', class: 'other', validFrom: '2020-01-01', validTo: '2021-06-30', tariffs: [], source: 'test' };
  const dir = bundledRulesDir();
  const ruleset = buildRuleset(
    dir,
    [
      { name: 'catalog/national.json', shown: 'catalog/national.json', text: readFileSync(join(dir, 'catalog', 'national.json'), 'utf8') },
      { name: 'catalog/test.json', shown: 'catalog/test.json', text: JSON.stringify({ codes: [ended] }) },
    ],
    [{ name: 'test.json', shown: 'test.json', text: JSON.stringify({ topic: 'Test', rules: [{ id: 'x', kind: 'catalog-validity', ...base(), params: { codes: ['9001'], check: 'validity' } }] }) }],
  );

  it.each([
    { date: shift(ended.validFrom, -1), expected: [['x', [2]]] },
    { date: ended.validFrom, expected: [] },
    { date: ended.validTo, expected: [] },
    { date: shift(ended.validTo, 1), expected: [['x', [2]]] },
  ])('9001 on $date', async ({ date, expected }) => {
    expect(tuples((await run(csv([['1', 'a', date, '9001']]), ruleset)).findings, 'x')).toEqual(expected);
  });

  it('details give validTo', async () => {
    const [f] = of(await run(csv([['1', 'a', shift(ended.validTo, 1), '9001']]), ruleset), 'x');
    expect(f?.details).toMatchObject({ validFrom: ended.validFrom, validTo: ended.validTo, knownUntil: null });
  });
});

describe('catalog-validity: check known-until', () => {
  const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
    { name: 'on knownUntil', rows: [['1', 'a', known4500, '4500']], expected: [] },
    { name: 'the day after knownUntil', rows: [['1', 'a', shift(known4500, 1), '4500']], expected: [['x', [2]]] },
    { name: 'known-until ignores validFrom', rows: [['1', 'a', shift(from4500, -1), '4500']], expected: [] },
    { name: 'a code without knownUntil never fires, even before its validFrom', rows: [['1', 'a', shift(from0125, -1), '0125'], ['1', 'a', '2099-12-31', '0125']], expected: [] },
    { name: 'a code without dates never fires', rows: [['1', 'a', '2099-12-31', '0101']], expected: [] },
  ];
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), rule(knownUntil), LATE)).findings, 'x')).toEqual(expected);
  });

  it('details give knownUntil', async () => {
    const day = shift(known4500, 1);
    const [f] = of(await run(csv([['1', 'a', day, '4500']]), rule(knownUntil)), 'x');
    expect(f?.details).toMatchObject({ code: '4500', validFrom: from4500, validTo: null, knownUntil: known4500, judgedOn: day });
  });
});

describe('catalog-validity: --as-of', () => {
  it('a line dated after validFrom is judged by an as-of day before it', async () => {
    const asOf = shift(from0125, -1);
    const result = await run(csv([['1', 'a', shift(from0125, 100), '0125']]), rule(validity), { asOf });
    expect(tuples(result.findings, 'x')).toEqual([['x', [2]]]);
    expect(result.findings[0]?.details).toMatchObject({ judgedOn: asOf });
    // The finding is still dated by the line.
    expect(result.findings[0]?.date).toBe(shift(from0125, 100));
  });

  it('a line dated before validFrom passes when the as-of day is inside', async () => {
    const result = await run(csv([['1', 'a', shift(from0125, -100), '0125']]), rule(validity), { asOf: from0125 });
    expect(of(result, 'x')).toEqual([]);
  });

  it('known-until is judged by the as-of day too', async () => {
    const rows: Row[] = [['1', 'a', from4500, '4500']];
    expect(tuples((await run(csv(rows), rule(knownUntil), { asOf: shift(known4500, 1) })).findings, 'x')).toEqual([['x', [2]]]);
    expect(tuples((await run(csv([['1', 'a', shift(known4500, 1), '4500']]), rule(knownUntil), { asOf: known4500 })).findings, 'x')).toEqual([]);
  });
});
