// Table tests for the requires-same-day kind.
import { describe, expect, it } from 'vitest';
import { base, csv, type Row, rulesetWith, run, tuples } from '../helpers.js';

const params = { codes: ['6101'], anyOf: ['0101', '0125'] };

const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
  { name: 'with a base the same day', rows: [['1', 'a', '2025-03-04', '6101'], ['1', 'a', '2025-03-04', '0101']], expected: [] },
  { name: 'the other base code also counts', rows: [['1', 'a', '2025-03-04', '0125'], ['1', 'a', '2025-03-04', '6101']], expected: [] },
  { name: 'alone', rows: [['1', 'a', '2025-03-04', '6101']], expected: [['r', [2]]] },
  { name: 'base on another day', rows: [['1', 'a', '2025-03-03', '0101'], ['1', 'a', '2025-03-04', '6101']], expected: [['r', [3]]] },
  { name: 'base at another practice', rows: [['2', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '6101']], expected: [['r', [3]]] },
  { name: 'base for another patient', rows: [['1', 'b', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '6101']], expected: [['r', [3]]] },
  { name: 'two lone lines the same day: one finding with both', rows: [['1', 'a', '2025-03-04', '6101'], ['1', 'a', '2025-03-04', '6101']], expected: [['r', [2, 3]]] },
  { name: 'a code not in the set is not checked', rows: [['1', 'a', '2025-03-04', '2101']], expected: [] },
];

describe('requires-same-day', () => {
  const ruleset = rulesetWith([{ ...base(), id: 'r', kind: 'requires-same-day', params, fix: { da: 'Ændr 6101 til 0101', en: 'Change', replace: '6101', with: '0101' } }]);
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), ruleset)).findings, 'r')).toEqual(expected);
  });

  it('carries the fix', async () => {
    const [f] = (await run(csv([['1', 'a', '2025-03-04', '6101']]), ruleset)).findings;
    expect(f?.fix).toEqual({ da: 'Ændr 6101 til 0101', en: 'Change', replace: '6101', with: '0101' });
  });

  it('applies only inside the validity period', async () => {
    const dated = rulesetWith([{ ...base({ validFrom: '2025-03-05' }), id: 'r', kind: 'requires-same-day', params }]);
    const rows: Row[] = [['1', 'a', '2025-03-04', '6101'], ['1', 'a', '2025-03-05', '6101']];
    expect(tuples((await run(csv(rows), dated)).findings, 'r')).toEqual([['r', [3]]]);
  });
});
