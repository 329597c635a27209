// Table tests for the program-exclusion kind.
import { describe, expect, it } from 'vitest';
import { base, csv, type Row, rulesetWith, run, tuples } from '../helpers.js';

const params = { enrolCodes: ['0130-0132'], endCodes: ['0133'], excludedCodes: ['0204', '0125', '0127'] };

const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
  { name: 'not enrolled', rows: [['1', 'a', '2025-03-04', '0204']], expected: [] },
  { name: 'enrolled before', rows: [['1', 'a', '2025-01-10', '0131'], ['1', 'a', '2025-03-04', '0204']], expected: [['r', [3]]] },
  { name: 'enrolled the same day counts', rows: [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-04', '0130']], expected: [['r', [2]]] },
  { name: 'enrolled after the service', rows: [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-05', '0130']], expected: [] },
  { name: 'ended before the service', rows: [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-02-01', '0133'], ['1', 'a', '2025-03-04', '0125']], expected: [] },
  { name: 'ended the same day as the service', rows: [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', '0133'], ['1', 'a', '2025-03-04', '0127']], expected: [] },
  { name: 'ended on the enrolment day is not after it', rows: [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-01-10', '0133'], ['1', 'a', '2025-03-04', '0204']], expected: [['r', [4]]] },
  { name: 're-enrolled after an end', rows: [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-02-01', '0133'], ['1', 'a', '2025-02-15', '0132'], ['1', 'a', '2025-03-04', '0204']], expected: [['r', [5]]] },
  { name: 'enrolled at another practice', rows: [['2', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', '0204']], expected: [] },
  { name: 'codes not covered are billable', rows: [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0124']], expected: [] },
];

describe('program-exclusion', () => {
  const ruleset = rulesetWith([{ ...base(), id: 'r', kind: 'program-exclusion', params }]);
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), ruleset)).findings, 'r')).toEqual(expected);
  });

  it('details say when and with which code the patient was enrolled', async () => {
    const [f] = (await run(csv([['1', 'a', '2025-01-10', '0131'], ['1', 'a', '2025-03-04', '0204']]), ruleset)).findings;
    expect(f?.details).toEqual({ enrolledOn: '2025-01-10', enrolCode: '0131' });
  });
});
