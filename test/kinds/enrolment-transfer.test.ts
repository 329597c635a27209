// Table tests for the enrolment-transfer kind: a new enrolment while one at another practice is open.
import { describe, expect, it } from 'vitest';
import { base, csv, of, type Row, rulesetWith, run, tuples } from '../helpers.js';

const params = { enrolCodes: ['0130-0132'], endCodes: ['0133'] };
const ruleset = (overrides: object = {}) => rulesetWith([{ id: 'x', kind: 'enrolment-transfer', ...base(overrides), params }]);

// Practice A sorts before B as a string; Z sorts before A only in the "reversed" cases.
const A = '200000';
const B = '300000';
const Z = '100000';

const cases: { name: string; rows: Row[]; expected: [string, number[]][] }[] = [
  { name: 'one enrolment', rows: [[A, 'a', '2025-01-10', '0130']], expected: [] },
  { name: 'A then B without an end', rows: [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0131']], expected: [['x', [2, 3]]] },
  { name: 'ended at A before B', rows: [[A, 'a', '2025-01-10', '0130'], [A, 'a', '2025-02-01', '0133'], [B, 'a', '2025-03-04', '0131']], expected: [] },
  { name: 'ended at A on B’s day', rows: [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0131'], [A, 'a', '2025-03-04', '0133']], expected: [] },
  {
    name: 'ended at A on B’s day, B before A in ydernummer order',
    rows: [[A, 'a', '2025-01-10', '0130'], [Z, 'a', '2025-03-04', '0131'], [A, 'a', '2025-03-04', '0133']],
    expected: [],
  },
  { name: 'ended at A the day after B', rows: [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0131'], [A, 'a', '2025-03-05', '0133']], expected: [['x', [2, 3]]] },
  { name: 'an end at B does not end A', rows: [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-02-01', '0133'], [B, 'a', '2025-03-04', '0131']], expected: [['x', [2, 4]]] },
  { name: 'an end at A before its enrolment does not end it', rows: [[A, 'a', '2025-01-01', '0133'], [A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0131']], expected: [['x', [3, 4]]] },
  { name: 're-enrolment at the same practice', rows: [[A, 'a', '2025-01-10', '0130'], [A, 'a', '2025-03-04', '0131']], expected: [] },
  { name: 'another patient at B', rows: [[A, 'a', '2025-01-10', '0130'], [B, 'b', '2025-03-04', '0131']], expected: [] },
  { name: 'other codes at B are not enrolments', rows: [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0101']], expected: [] },
  {
    name: 'A, B, then C: each transfer against the one before',
    rows: [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0131'], [Z, 'a', '2025-06-01', '0132']],
    expected: [['x', [2, 3]], ['x', [3, 4]]],
  },
  {
    name: 'back to A after B was ended',
    rows: [[A, 'a', '2025-01-10', '0130'], [A, 'a', '2025-02-01', '0133'], [B, 'a', '2025-03-04', '0131'], [B, 'a', '2025-04-01', '0133'], [A, 'a', '2025-05-01', '0130']],
    expected: [],
  },
];

describe('enrolment-transfer', () => {
  it.each(cases)('$name', async ({ rows, expected }) => {
    expect(tuples((await run(csv(rows), ruleset())).findings, 'x')).toEqual(expected);
  });

  it('the finding is about B’s line and names the earlier enrolment', async () => {
    const [f, ...rest] = of(await run(csv([[A, 'a', '2025-01-10', '0131'], [B, 'a', '2025-03-04', '0130']]), ruleset()), 'x');
    expect(rest).toEqual([]);
    expect([f?.practice, f?.date]).toEqual([B, '2025-03-04']);
    expect(f?.details).toEqual({ previousPractice: A, previousEnrolment: '2025-01-10', previousCode: '0131' });
  });

  it('a transfer on a day before the rule’s validFrom is not a finding', async () => {
    const rows: Row[] = [[A, 'a', '2025-01-10', '0130'], [B, 'a', '2025-03-04', '0131'], [Z, 'a', '2025-03-05', '0131']];
    // B's enrolment before validFrom is not reported, but still opens an enrolment that Z's is judged against.
    const result = await run(csv(rows), ruleset({ validFrom: '2025-03-05' }));
    expect(tuples(result.findings, 'x')).toEqual([['x', [3, 4]]]);
    expect(result.findings[0]?.details).toMatchObject({ previousPractice: B });
  });
});
