// Table tests for the same-day-exclusion kind.
import { describe, expect, it } from 'vitest';
import { base, csv, of, type Row, rulesetWith, run, tuples } from '../helpers.js';

const params = { codes: ['0204'], notWith: ['0101', '0125'] };

const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
  { name: 'the code alone', rows: [['1', 'a', '2025-03-04', '0204']], expected: [] },
  { name: 'with an excluded code the same day', rows: [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0101']], expected: [['x', [2, 3]]] },
  { name: 'the other excluded code, listed first', rows: [['1', 'a', '2025-03-04', '0125'], ['1', 'a', '2025-03-04', '0204']], expected: [['x', [2, 3]]] },
  { name: 'the excluded code the day before', rows: [['1', 'a', '2025-03-03', '0101'], ['1', 'a', '2025-03-04', '0204']], expected: [] },
  { name: 'the excluded code at another practice', rows: [['2', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0204']], expected: [] },
  { name: 'the excluded code for another patient', rows: [['1', 'b', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0204']], expected: [] },
  { name: 'only excluded codes, without the code', rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0125']], expected: [] },
  { name: 'only the code twice', rows: [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0204']], expected: [] },
  {
    name: 'uninvolved codes the same day are left out',
    rows: [['1', 'a', '2025-03-04', '2101'], ['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0101']],
    expected: [['x', [3, 4]]],
  },
  {
    name: 'every involved line of the day in one finding',
    rows: [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0125']],
    expected: [['x', [2, 3, 4, 5]]],
  },
  {
    name: 'one finding per day',
    rows: [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-05', '0204'], ['1', 'a', '2025-03-05', '0101']],
    expected: [['x', [2, 3]], ['x', [4, 5]]],
  },
];

describe('same-day-exclusion', () => {
  const ruleset = rulesetWith([{ id: 'x', kind: 'same-day-exclusion', ...base(), params }]);
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), ruleset)).findings, 'x')).toEqual(expected);
  });

  it('details list the excluded codes found, the finding the practice, patient and day', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0125'], ['1', 'a', '2025-03-04', '0101']];
    const [f] = of(await run(csv(rows), ruleset), 'x');
    expect(f?.details).toEqual({ others: ['0101', '0125'] });
    expect([f?.practice, f?.patient, f?.date, f?.codes]).toEqual(['1', '010160-****', '2025-03-04', ['0101', '0125', '0204']]);
  });

  it('applies only inside the validity period', async () => {
    const dated = rulesetWith([{ id: 'x', kind: 'same-day-exclusion', ...base({ validFrom: '2025-03-05' }), params }]);
    const rows: Row[] = [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-05', '0204'], ['1', 'a', '2025-03-05', '0101']];
    expect(tuples((await run(csv(rows), dated)).findings, 'x')).toEqual([['x', [4, 5]]]);
  });
});
