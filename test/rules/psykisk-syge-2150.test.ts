// Family: 2150 focused somatic examination of people with mental illness: an add-on to 0101 or 0120,
// for patients of 18 or over, once a year, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const BASE = 'psykisk-syge-uden-grundydelse';
const AGE = 'psykisk-syge-alder';
const YEARLY = 'psykisk-syge-over-1-pr-aar';
const day = '2025-03-04';
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

// Born 2007-06-15 (7th digit 4 and year 07: the 2000s): 17 on 2025-06-14, 18 on 2025-06-15.
const TEEN = '1506074321';

describe(BASE, () => {
  it('2150 alone is an error', async () => {
    const found = of(await run(csv([['1', 'a', day, '2150']])), BASE);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line)])).toEqual([['error', [2]]]);
  });
  it.each(['0101', '0120'])('2150 with %s the same day is fine', async (base) => {
    expect(of(await run(csv([['1', 'a', day, base], ['1', 'a', day, '2150']])), BASE)).toEqual([]);
  });
  const without: [string, Row[]][] = [
    ['with only 0105', [['1', 'a', day, '0105'], ['1', 'a', day, '2150']]],
    ['with only 0125', [['1', 'a', day, '0125'], ['1', 'a', day, '2150']]],
    ['with 0101 the day before', [['1', 'a', '2025-03-03', '0101'], ['1', 'a', day, '2150']]],
    ['with 0101 at another practice', [['2', 'a', day, '0101'], ['1', 'a', day, '2150']]],
  ];
  it.each(without)('2150 %s is still without its base', async (_name, rows) => {
    expect(lines(of(await run(csv(rows)), BASE))).toEqual([[3]]);
  });
  it('before OK22 (2021-12-31) the rule does not apply', async () => {
    expect(of(await run(csv([['1', 'a', '2021-12-31', '2150']])), BASE)).toEqual([]);
  });
});

describe(AGE, () => {
  it('17 the day before the 18th birthday: an error with the age', async () => {
    const found = of(await run(csv([['1', TEEN, '2025-06-14', '0101'], ['1', TEEN, '2025-06-14', '2150']])), AGE);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.age])).toEqual([['error', [3], 17]]);
  });
  it('18 on the birthday itself: fine', async () => {
    expect(of(await run(csv([['1', TEEN, '2025-06-15', '0101'], ['1', TEEN, '2025-06-15', '2150']])), AGE)).toEqual([]);
  });
  it('there is no upper age', async () => {
    // Born 1935-01-01: 90 on the service date.
    expect(of(await run(csv([['1', '0101351234', day, '0101'], ['1', '0101351234', day, '2150']])), AGE)).toEqual([]);
  });
  it('before OK22 the rule does not apply', async () => {
    // Born 2015-01-01 (7th digit 4): 6 years old on both dates.
    const rows: Row[] = [['1', '0101154234', '2021-12-31', '2150'], ['1', '0101154234', '2022-01-03', '2150']];
    expect(lines(of(await run(csv(rows)), AGE))).toEqual([[3]]);
  });
});

describe(YEARLY, () => {
  const cases: [string, Row[], number[][]][] = [
    ['once in 2025', [['1', 'a', '2025-03-04', '2150']], []],
    ['2024-12-31 and 2025-01-01 (two calendar years)', [['1', 'a', '2024-12-31', '2150'], ['1', 'a', '2025-01-01', '2150']], []],
    ['twice in 2025: the second line', [['1', 'a', '2025-03-04', '2150'], ['1', 'a', '2025-11-04', '2150']], [[3]]],
    ['twice in 2025 at two practices (counted per patient)', [['1', 'a', '2025-03-04', '2150'], ['2', 'a', '2025-11-04', '2150']], [[3]]],
    ['antal 2 on one line', [['1', 'a', '2025-03-04', '2150', 2]], [[2]]],
    ['three times: the second and third line', [['1', 'a', '2025-01-06', '2150'], ['1', 'a', '2025-02-03', '2150'], ['1', 'a', '2025-03-03', '2150']], [[3, 4]]],
    ['two patients once each', [['1', 'a', '2025-03-04', '2150'], ['1', 'b', '2025-03-04', '2150']], []],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), YEARLY))).toEqual(expected);
  });
  it('a warning with the count and the year', async () => {
    const [f] = of(await run(csv([['1', 'a', '2025-03-04', '2150'], ['1', 'a', '2025-11-04', '2150']])), YEARLY);
    expect([f?.severity, f?.details?.count, f?.details?.year]).toEqual(['warning', 2, 2025]);
  });
});
