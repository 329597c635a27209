// Table tests for the age-range kind: whole years from the CPR birth date to the service date.
import { describe, expect, it } from 'vitest';
import { isoDate, parseIsoDate } from '../../src/model/date.js';
import { RulesetError } from '../../src/ruleset/load.js';
import { base, csv, of, rulesetWith, run, tuples } from '../helpers.js';

// Born 2018-03-04: century digit 4 with year 18 is 2018.
const CHILD = '0403184234';
const birthday = (age: number): string => `${2018 + age}-03-04`;
const dayBefore = (date: string): string => isoDate(parseIsoDate(date)! - 1);

const ruleset = (limits: object) => rulesetWith([{ id: 'x', kind: 'age-range', ...base(), params: { codes: ['0128'], ...limits } }]);

const cases: { name: string; limits: object; date: string; age: number; fires: boolean }[] = [
  // minAge 1, maxAge 5 (both)
  { name: 'both: the day before the 1st birthday', limits: { minAge: 1, maxAge: 5 }, date: dayBefore(birthday(1)), age: 0, fires: true },
  { name: 'both: on the 1st birthday', limits: { minAge: 1, maxAge: 5 }, date: birthday(1), age: 1, fires: false },
  { name: 'both: the day before the 6th birthday', limits: { minAge: 1, maxAge: 5 }, date: dayBefore(birthday(6)), age: 5, fires: false },
  { name: 'both: on the 6th birthday', limits: { minAge: 1, maxAge: 5 }, date: birthday(6), age: 6, fires: true },
  // minAge only
  { name: 'min only: the day before the 3rd birthday', limits: { minAge: 3 }, date: dayBefore(birthday(3)), age: 2, fires: true },
  { name: 'min only: on the 3rd birthday', limits: { minAge: 3 }, date: birthday(3), age: 3, fires: false },
  { name: 'min only: no upper limit', limits: { minAge: 3 }, date: birthday(80), age: 80, fires: false },
  // maxAge only
  { name: 'max only: newborn', limits: { maxAge: 4 }, date: birthday(0), age: 0, fires: false },
  { name: 'max only: the day before the 5th birthday', limits: { maxAge: 4 }, date: dayBefore(birthday(5)), age: 4, fires: false },
  { name: 'max only: on the 5th birthday', limits: { maxAge: 4 }, date: birthday(5), age: 5, fires: true },
  // minAge 0 and maxAge 0: the first year only
  { name: 'first year only: on the 1st birthday', limits: { minAge: 0, maxAge: 0 }, date: birthday(1), age: 1, fires: true },
];

describe('age-range', () => {
  it.each(cases)('$name ($date)', async ({ limits, date, fires }) => {
    const result = await run(csv([['1', CHILD, date, '0128']]), ruleset(limits));
    expect(tuples(result.findings, 'x')).toEqual(fires ? [['x', [2]]] : []);
  });

  it.each(cases.filter((c) => c.fires))('details: $name', async ({ limits, date, age }) => {
    const [f] = of(await run(csv([['1', CHILD, date, '0128']]), ruleset(limits)), 'x');
    const l = limits as { minAge?: number; maxAge?: number };
    expect(f?.details).toEqual({ age, minAge: l.minAge ?? 0, maxAge: l.maxAge ?? null });
  });

  it('a 29 February birthday turns on 1 March in other years', async () => {
    const leapling = '2902084234'; // born 2008-02-29; 18 on 2026-03-01, since 2026 has no 29 February
    const result = await run(csv([['1', leapling, '2026-02-28', '0128'], ['1', leapling, '2026-03-01', '0128']]), ruleset({ minAge: 18 }));
    expect(tuples(result.findings, 'x')).toEqual([['x', [2]]]);
    expect(result.findings[0]?.details).toMatchObject({ age: 17 });
  });

  it('codes outside the set are not judged', async () => {
    expect(of(await run(csv([['1', CHILD, birthday(0), '0101']]), ruleset({ minAge: 1 })), 'x')).toEqual([]);
  });

  it('applies only inside the validity period', async () => {
    const dated = rulesetWith([{ id: 'x', kind: 'age-range', ...base({ validFrom: birthday(1) }), params: { codes: ['0128'], minAge: 2 } }]);
    const result = await run(csv([['1', CHILD, dayBefore(birthday(1)), '0128'], ['1', CHILD, birthday(1), '0128']]), dated);
    expect(tuples(result.findings, 'x')).toEqual([['x', [3]]]);
  });

  it('a rule with neither minAge nor maxAge does not load', () => {
    expect(() => ruleset({})).toThrow(RulesetError);
    expect(() => ruleset({})).toThrow(/give minAge, maxAge or both/);
  });

  it.each([{ minAge: -1 }, { maxAge: 2.5 }])('a rule with %o does not load', (limits) => {
    expect(() => ruleset(limits)).toThrow(RulesetError);
  });
});

describe('age-range: limits that cannot hold', () => {
  it('a rule with minAge above maxAge does not load', () => {
    expect(() => rulesetWith([{ id: 'x', kind: 'age-range', ...base(), params: { codes: ['0101'], minAge: 6, maxAge: 1 } }])).toThrow(/minAge is above maxAge/);
  });
});
