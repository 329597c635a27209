// Family: 4500 opstart af dosispakket medicin: the start fee covers later changes, so a second start
// for the same patient within 365 days is a warning (dosispakning-opstart-gentaget), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ID = 'dosispakning-opstart-gentaget';
const day = '2024-01-10';
const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

describe(ID, () => {
  const cases: [string, Row[], number[][]][] = [
    ['a second 4500 364 days later: a warning on the second', [['1', 'a', day, '4500'], ['1', 'a', addDays(day, 364), '4500']], [[3]]],
    ['a second 4500 365 days later: a new start', [['1', 'a', day, '4500'], ['1', 'a', addDays(day, 365), '4500']], []],
    ['a second 4500 366 days later: a new start', [['1', 'a', day, '4500'], ['1', 'a', addDays(day, 366), '4500']], []],
    ['a second 4500 the next day', [['1', 'a', day, '4500'], ['1', 'a', addDays(day, 1), '4500']], [[3]]],
    ['one line with antal 2', [['1', 'a', day, '4500', 2]], [[2]]],
    ['a second start at another practice within the year', [['1', 'a', day, '4500'], ['2', 'a', addDays(day, 100), '4500']], [[3]]],
    ['two patients, one start each', [['1', 'a', day, '4500'], ['1', 'b', day, '4500']], []],
    ['three starts within the year: the second and the third', [['1', 'a', day, '4500'], ['1', 'a', addDays(day, 50), '4500'], ['1', 'a', addDays(day, 100), '4500']], [[3], [4]]],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), ID))).toEqual(expected);
  });

  it('a warning that names the period', async () => {
    const [f] = of(await run(csv([['1', 'a', day, '4500'], ['1', 'a', addDays(day, 364), '4500']])), ID);
    expect([f?.severity, f?.codes, f?.details?.from, f?.details?.to]).toEqual(['warning', ['4500'], day, addDays(day, 364)]);
  });

  // The fee "kan både afregnes alene og sammen med andre ydelser": no rule may object to either.
  it.each([
    ['alone', [['1', 'a', day, '4500']]],
    ['with a consultation the same day', [['1', 'a', day, '0101'], ['1', 'a', day, '4500']]],
    ['with an årskontrol and a blood test the same day', [['1', 'a', day, '0120'], ['1', 'a', day, '2101'], ['1', 'a', day, '4500']]],
    ['with a home visit the same day', [['1', 'a', day, '0411'], ['1', 'a', day, '4500']]],
  ] as [string, Row[]][])('4500 %s: no finding about its lines', async (_name, rows) => {
    expect((await run(csv(rows))).findings.filter((f) => f.locations.length > 0)).toEqual([]);
  });
});
