// Table tests for the near-in-time kind: a code with a line of another set within N days either side.
import { describe, expect, it } from 'vitest';
import { isoDate, parseIsoDate } from '../../src/model/date.js';
import { RulesetError } from '../../src/ruleset/load.js';
import { base, csv, of, type Row, rulesetWith, run, tuples } from '../helpers.js';

const D = '2025-03-10';
const day = (offset: number): string => isoDate(parseIsoDate(D)! + offset);

const ruleset = (days: number, overrides: object = {}) =>
  rulesetWith([{ id: 'x', kind: 'near-in-time', ...base(overrides), params: { codes: ['0204'], near: ['0101', '0125'], days } }]);

const cases: { name: string; days: number; rows: Row[]; expected: [string, number[]][] }[] = [
  { name: 'N days after', days: 3, rows: [['1', 'a', D, '0204'], ['1', 'a', day(3), '0101']], expected: [['x', [2]]] },
  { name: 'N days before', days: 3, rows: [['1', 'a', day(-3), '0101'], ['1', 'a', D, '0204']], expected: [['x', [3]]] },
  { name: 'N + 1 days after', days: 3, rows: [['1', 'a', D, '0204'], ['1', 'a', day(4), '0101']], expected: [] },
  { name: 'N + 1 days before', days: 3, rows: [['1', 'a', day(-4), '0101'], ['1', 'a', D, '0204']], expected: [] },
  { name: 'the same day', days: 3, rows: [['1', 'a', D, '0204'], ['1', 'a', D, '0125']], expected: [['x', [2]]] },
  { name: 'at another practice', days: 3, rows: [['2', 'a', day(1), '0101'], ['1', 'a', D, '0204']], expected: [] },
  { name: 'for another patient', days: 3, rows: [['1', 'b', day(1), '0101'], ['1', 'a', D, '0204']], expected: [] },
  { name: 'no line of the set', days: 3, rows: [['1', 'a', D, '0204'], ['1', 'a', day(1), '2101']], expected: [] },
  { name: 'the set alone', days: 3, rows: [['1', 'a', D, '0101']], expected: [] },
  { name: 'every line of the code is judged', days: 3, rows: [['1', 'a', day(-5), '0204'], ['1', 'a', D, '0204'], ['1', 'a', day(2), '0101']], expected: [['x', [3]]] },
  { name: 'days 0: the same day', days: 0, rows: [['1', 'a', D, '0204'], ['1', 'a', D, '0101']], expected: [['x', [2]]] },
  { name: 'days 0: the next day', days: 0, rows: [['1', 'a', D, '0204'], ['1', 'a', day(1), '0101']], expected: [] },
  { name: 'days 0: the day before', days: 0, rows: [['1', 'a', day(-1), '0101'], ['1', 'a', D, '0204']], expected: [] },
];

describe('near-in-time', () => {
  it.each(cases)('$name (days $days)', async ({ days, rows, expected }) => {
    expect(tuples((await run(csv(rows), ruleset(days))).findings, 'x')).toEqual(expected);
  });

  it('details name the nearest line of the set', async () => {
    const rows: Row[] = [['1', 'a', day(-3), '0101'], ['1', 'a', D, '0204'], ['1', 'a', day(2), '0125'], ['2', 'a', D, '0101']];
    const [f, ...rest] = of(await run(csv(rows), ruleset(3)), 'x');
    expect(rest).toEqual([]);
    expect(f?.details).toEqual({ nearCode: '0125', nearDate: day(2), days: 3 });
    expect(f?.codes).toEqual(['0204']); // the finding is about the code's line only
  });

  it('applies only inside the validity period', async () => {
    const rows: Row[] = [['1', 'a', day(-1), '0204'], ['1', 'a', D, '0101'], ['1', 'a', day(1), '0204']];
    expect(tuples((await run(csv(rows), ruleset(3, { validFrom: D }))).findings, 'x')).toEqual([['x', [4]]]);
  });

  it('a negative number of days does not load', () => {
    expect(() => ruleset(-1)).toThrow(RulesetError);
  });
});
