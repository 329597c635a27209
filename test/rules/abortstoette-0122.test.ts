// Family: 0122 abortion support talk: not with add-on 2143 the same day, and at most one before and
// one after an abortion (read as 2 within 365 days), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const WITH_2143 = 'abortstoette-med-2143';
const CAP = 'abortstoette-over-2-pr-aar';
const day = '2025-03-04';
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe(WITH_2143, () => {
  it('0122 with 2143 the same day is an error on both lines', async () => {
    const found = of(await run(csv([['1', 'a', day, '0122'], ['1', 'a', day, '2143']])), WITH_2143);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.others])).toEqual([['error', [2, 3], ['2143']]]);
  });
  const apart: [string, Row[]][] = [
    ['2143 the next day', [['1', 'a', day, '0122'], ['1', 'a', '2025-03-05', '2143']]],
    ['2143 at another practice', [['1', 'a', day, '0122'], ['2', 'a', day, '2143']]],
    ['2143 for another patient', [['1', 'a', day, '0122'], ['1', 'b', day, '2143']]],
    ['0122 with 2101 (another add-on)', [['1', 'a', day, '0122'], ['1', 'a', day, '2101']]],
  ];
  it.each(apart)('valid: %s', async (_name, rows) => {
    expect(of(await run(csv(rows)), WITH_2143)).toEqual([]);
  });
});

describe(CAP, () => {
  const first = '2024-03-01';
  // The window is 365 days ending on a line: first + 364 is inside it, first + 365 is not.
  const cases: [string, Row[], number[][]][] = [
    ['two within 365 days', [['1', 'a', first, '0122'], ['1', 'a', addDays(first, 30), '0122']], []],
    [
      'a third on first + 364 days: the third line',
      [['1', 'a', first, '0122'], ['1', 'a', addDays(first, 30), '0122'], ['1', 'a', addDays(first, 364), '0122']],
      [[4]],
    ],
    ['a third on first + 365 days', [['1', 'a', first, '0122'], ['1', 'a', addDays(first, 30), '0122'], ['1', 'a', addDays(first, 365), '0122']], []],
    [
      'three at three practices (counted per patient)',
      [['1', 'a', first, '0122'], ['2', 'a', addDays(first, 30), '0122'], ['3', 'a', addDays(first, 60), '0122']],
      [[4]],
    ],
    ['antal 3 on one line', [['1', 'a', first, '0122', 3]], [[2]]],
    ['two patients, two each', [['1', 'a', first, '0122'], ['1', 'a', addDays(first, 1), '0122'], ['1', 'b', first, '0122'], ['1', 'b', addDays(first, 1), '0122']], []],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), CAP))).toEqual(expected);
  });

  it('a warning with the count and the window', async () => {
    const third = addDays(first, 364);
    const [f] = of(await run(csv([['1', 'a', first, '0122'], ['1', 'a', addDays(first, 30), '0122'], ['1', 'a', third, '0122']])), CAP);
    expect([f?.severity, f?.details?.count, f?.details?.max, f?.details?.from, f?.details?.to]).toEqual(['warning', 3, 2, first, third]);
  });
});
