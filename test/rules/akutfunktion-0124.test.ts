// Family: 0124 municipal acute service, at most 2 a day and never with 0201, 0105, 0120 or 0121, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const CAP = 'akutfunktion-over-2-pr-dag';
const COMBO = 'akutfunktion-kombination';
const day = '2025-03-04';
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

describe(CAP, () => {
  const cases: [string, Row[], number[][]][] = [
    ['one 0124', [['1', 'a', day, '0124']], []],
    ['two on one day', [['1', 'a', day, '0124'], ['1', 'a', day, '0124']], []],
    ['antal 2 on one line', [['1', 'a', day, '0124', 2]], []],
    ['three on one day: the third line', [['1', 'a', day, '0124'], ['1', 'a', day, '0124'], ['1', 'a', day, '0124']], [[4]]],
    ['four on one day: the third and fourth line', [['1', 'a', day, '0124'], ['1', 'a', day, '0124'], ['1', 'a', day, '0124'], ['1', 'a', day, '0124']], [[4, 5]]],
    ['antal 3 on one line', [['1', 'a', day, '0124', 3]], [[2]]],
    ['two a day on two days', [['1', 'a', day, '0124', 2], ['1', 'a', '2025-03-05', '0124', 2]], []],
    ['two patients, two each', [['1', 'a', day, '0124', 2], ['1', 'b', day, '0124', 2]], []],
    ['two practices, two and one', [['1', 'a', day, '0124', 2], ['2', 'a', day, '0124']], []],
    ['three before OK22 (2021-12-31)', [['1', 'a', '2021-12-31', '0124', 3]], []],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), CAP))).toEqual(expected);
  });

  it('the finding is an error with the count and the limit', async () => {
    const [f] = of(await run(csv([['1', 'a', day, '0124', 3]])), CAP);
    expect([f?.severity, f?.details?.count, f?.details?.max]).toEqual(['error', 3, 2]);
  });
});

describe(COMBO, () => {
  it.each(['0201', '0105', '0120', '0121'])('0124 with %s the same day is an error on both lines', async (other) => {
    const found = of(await run(csv([['1', 'a', day, '0124'], ['1', 'a', day, other]])), COMBO);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.others])).toEqual([['error', [2, 3], [other]]]);
  });

  it.each(['0101', '0125', '0204', '2101'])('0124 with %s the same day is not this rule\'s concern', async (other) => {
    expect(of(await run(csv([['1', 'a', day, '0124'], ['1', 'a', day, other]])), COMBO)).toEqual([]);
  });

  const apart: [string, Row[]][] = [
    ['0201 the next day', [['1', 'a', day, '0124'], ['1', 'a', '2025-03-05', '0201']]],
    ['0201 at another practice', [['1', 'a', day, '0124'], ['2', 'a', day, '0201']]],
    ['0201 for another patient', [['1', 'a', day, '0124'], ['1', 'b', day, '0201']]],
    ['before OK22 (2021-12-31)', [['1', 'a', '2021-12-31', '0124'], ['1', 'a', '2021-12-31', '0201']]],
  ];
  it.each(apart)('valid: %s', async (_name, rows) => {
    expect(of(await run(csv(rows)), COMBO)).toEqual([]);
  });

  it('two excluded codes and two 0124 on one day: one finding with every line', async () => {
    const rows: Row[] = [['1', 'a', day, '0124'], ['1', 'a', day, '0201'], ['1', 'a', day, '0124'], ['1', 'a', day, '0105']];
    const found = of(await run(csv(rows)), COMBO);
    expect(lines(found)).toEqual([[2, 3, 4, 5]]);
    expect(found[0]?.details?.others).toEqual(expect.arrayContaining(['0105', '0201']));
    expect(found[0]?.details?.others).toHaveLength(2);
  });
});
