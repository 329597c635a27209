// Family: 0123 health check for residents of social housing (botilbud): for people of 18 or over,
// and normally every second year, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const AGE = 'sundhedstjek-alder';
const TWO_YEARS = 'sundhedstjek-inden-2-aar';
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

// Born 2007-06-15 (7th digit 4 and year 07: the 2000s): 17 on 2025-06-14, 18 on 2025-06-15.
const TEEN = '1506074321';

describe(AGE, () => {
  it('17 the day before the 18th birthday: an error with the age', async () => {
    const found = of(await run(csv([['1', TEEN, '2025-06-14', '0123']])), AGE);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.age, f.details?.minAge])).toEqual([['error', [2], 17, 18]]);
  });
  it('18 on the birthday itself: fine', async () => {
    expect(of(await run(csv([['1', TEEN, '2025-06-15', '0123']])), AGE)).toEqual([]);
  });
  it('an adult: fine', async () => {
    expect(of(await run(csv([['1', 'a', '2025-03-04', '0123']])), AGE)).toEqual([]);
  });
  it('before OK22 (2021-12-31) the rule does not apply', async () => {
    // Born 2010-01-01: 11 on both dates.
    const rows: Row[] = [['1', '0101104321', '2021-12-31', '0123'], ['1', '0101104321', '2022-01-03', '0123']];
    expect(lines(of(await run(csv(rows)), AGE))).toEqual([[3]]);
  });
});

describe(TWO_YEARS, () => {
  const first = '2023-01-10';
  // The window is 730 days ending on a line: day 1 is the first check, day 730 is first + 729.
  const cases: [string, Row[], number[][]][] = [
    ['once', [['1', 'a', first, '0123']], []],
    ['the second on day 730 (first + 729 days): the second line', [['1', 'a', first, '0123'], ['1', 'a', addDays(first, 729), '0123']], [[3]]],
    ['the second on day 731 (first + 730 days)', [['1', 'a', first, '0123'], ['1', 'a', addDays(first, 730), '0123']], []],
    ['two years to the date later (first + 731 days, across 29 Feb 2024)', [['1', 'a', first, '0123'], ['1', 'a', '2025-01-10', '0123']], []],
    ['the second at another practice (counted per patient)', [['1', 'a', first, '0123'], ['2', 'a', addDays(first, 200), '0123']], [[3]]],
    ['antal 2 on one line', [['1', 'a', first, '0123', 2]], [[2]]],
    ['two patients once each', [['1', 'a', first, '0123'], ['1', 'b', first, '0123']], []],
    ['every 730 days: no two within one window', [['1', 'a', first, '0123'], ['1', 'a', addDays(first, 730), '0123'], ['1', 'a', addDays(first, 1460), '0123']], []],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), TWO_YEARS))).toEqual(expected);
  });

  it('a warning with the count and the window it was counted over', async () => {
    const second = addDays(first, 729);
    const [f] = of(await run(csv([['1', 'a', first, '0123'], ['1', 'a', second, '0123']])), TWO_YEARS);
    expect([f?.severity, f?.details?.count, f?.details?.max, f?.details?.from, f?.details?.to]).toEqual(['warning', 2, 1, first, second]);
  });
});
