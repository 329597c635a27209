// Table tests for the duplicate-lines kind: same practice, patient, date, code and (when given) time.
import { describe, expect, it } from 'vitest';
import { base, csv, of, P, type Row, rulesetWith, run, tuples } from '../helpers.js';

const ruleset = (overrides: object = {}) => rulesetWith([{ id: 'x', kind: 'duplicate-lines', ...base(overrides), params: { codes: ['0101', '0201'] } }]);

/** [practice, patient letter, date, code, tid ('' for none)]. */
type Timed = [string, string, string, string, string];
function timed(rows: readonly Timed[]): string {
  return `ydernummer,cpr,dato,ydelseskode,antal,tid\n${rows.map(([pr, p, d, code, t]) => `${pr},${P[p]},${d},${code},1,${t}`).join('\n')}\n`;
}

describe('duplicate-lines without a tid column', () => {
  const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
    { name: 'one line', rows: [['1', 'a', '2025-03-04', '0101']], expected: [] },
    { name: 'two identical lines', rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0101']], expected: [['x', [2, 3]]] },
    { name: 'different antal is still a duplicate', rows: [['1', 'a', '2025-03-04', '0101', 1], ['1', 'a', '2025-03-04', '0101', 2]], expected: [['x', [2, 3]]] },
    {
      name: 'three identical lines: one finding',
      rows: [['1', 'a', '2025-03-04', '0201'], ['1', 'b', '2025-03-04', '0201'], ['1', 'a', '2025-03-04', '0201'], ['1', 'a', '2025-03-04', '0201']],
      expected: [['x', [2, 4, 5]]],
    },
    { name: 'another day', rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-05', '0101']], expected: [] },
    { name: 'another practice', rows: [['1', 'a', '2025-03-04', '0101'], ['2', 'a', '2025-03-04', '0101']], expected: [] },
    { name: 'another patient', rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'b', '2025-03-04', '0101']], expected: [] },
    { name: 'another code', rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0201']], expected: [] },
    { name: 'a code outside the set', rows: [['1', 'a', '2025-03-04', '0125'], ['1', 'a', '2025-03-04', '0125']], expected: [] },
    {
      name: 'two pairs: two findings',
      rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0201'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0201']],
      expected: [['x', [2, 4]], ['x', [3, 5]]],
    },
  ];
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), ruleset())).findings, 'x')).toEqual(expected);
  });

  it('details count the lines', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0101']];
    const [f] = of(await run(csv(rows), ruleset()), 'x');
    expect(f?.details).toEqual({ count: 3 });
    expect(f?.locations).toHaveLength(3);
  });

  it('applies only inside the validity period', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-05', '0101'], ['1', 'a', '2025-03-05', '0101']];
    expect(tuples((await run(csv(rows), ruleset({ validFrom: '2025-03-05' }))).findings, 'x')).toEqual([['x', [4, 5]]]);
  });
});

describe('duplicate-lines with a tid column', () => {
  const cases: { name: string; rows: Timed[]; expected: [string, number[]][] }[] = [
    { name: 'same time', rows: [['1', 'a', '2025-03-04', '0101', '10:00'], ['1', 'a', '2025-03-04', '0101', '10:00']], expected: [['x', [2, 3]]] },
    { name: 'same time written two ways', rows: [['1', 'a', '2025-03-04', '0101', '9:05'], ['1', 'a', '2025-03-04', '0101', '09.05']], expected: [['x', [2, 3]]] },
    { name: 'different times', rows: [['1', 'a', '2025-03-04', '0101', '10:00'], ['1', 'a', '2025-03-04', '0101', '10:15']], expected: [] },
    { name: 'both without a time', rows: [['1', 'a', '2025-03-04', '0101', ''], ['1', 'a', '2025-03-04', '0101', '']], expected: [['x', [2, 3]]] },
    { name: 'one with and one without a time', rows: [['1', 'a', '2025-03-04', '0101', '10:00'], ['1', 'a', '2025-03-04', '0101', '']], expected: [] },
    {
      name: 'two at one time, one at another',
      rows: [['1', 'a', '2025-03-04', '0101', '10:00'], ['1', 'a', '2025-03-04', '0101', '10:15'], ['1', 'a', '2025-03-04', '0101', '10:00']],
      expected: [['x', [2, 4]]],
    },
    {
      name: 'two pairs at two times: two findings',
      rows: [['1', 'a', '2025-03-04', '0101', '10:00'], ['1', 'a', '2025-03-04', '0101', '11:00'], ['1', 'a', '2025-03-04', '0101', '11:00'], ['1', 'a', '2025-03-04', '0101', '10:00']],
      expected: [['x', [2, 5]], ['x', [3, 4]]],
    },
  ];
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(timed(rows), ruleset())).findings, 'x')).toEqual(expected);
  });
});
