// Table tests for the program-exclusion kind.
import { describe, expect, it } from 'vitest';
import { base, csv, P, type Row, rulesetWith, run, tuples } from '../helpers.js';

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

describe('program-exclusion with findingWhen amount-above-zero (zero-rated codes)', () => {
  const ruleset = rulesetWith([{ ...base(), id: 'r', kind: 'program-exclusion', params: { ...params, findingWhen: 'amount-above-zero' } }]);
  /** Patient a at practice 1: enrolled with 0130 on 2025-01-10 unless told, then one 0204 line with this beloeb. */
  const text = (beloeb: string, enrolled = true): string =>
    `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n${enrolled ? `1,${P.a},2025-01-10,0130,1,0.00\n` : ''}1,${P.a},2025-03-04,0204,1,${beloeb}\n`;

  const cases: [string, string, boolean, number[][], number][] = [
    ['an amount above 0', '130.10', true, [[3]], 0],
    ['the smallest amount above 0', '0.01', true, [[3]], 0],
    ['an amount written with a decimal comma', '"130,10"', true, [[3]], 0],
    ['amount 0.00 (zero-rated, as the settlement system does)', '0.00', true, [], 0],
    ['amount 0', '0', true, [], 0],
    ['amount 0,00', '"0,00"', true, [], 0],
    ['a negative amount (a credit line)', '-130.10', true, [], 0],
    ['no amount: not judged, counted', '', true, [], 1],
    ['an amount above 0 for a patient not enrolled', '130.10', false, [], 0],
    ['no amount for a patient not enrolled: not counted', '', false, [], 0],
  ];
  it.each(cases)('%s', async (_name, beloeb, enrolled, lines, withoutAmount) => {
    const result = await run(text(beloeb, enrolled), ruleset);
    expect(result.findings.filter((f) => f.ruleId === 'r').map((f) => f.locations.map((l) => l.line))).toEqual(lines);
    expect(result.summary.counts.r).toEqual({ withoutAmount });
  });

  it('details give the amount billed', async () => {
    const [f] = (await run(text('130.10'), ruleset)).findings.filter((x) => x.ruleId === 'r');
    expect(f?.details).toEqual({ enrolledOn: '2025-01-10', enrolCode: '0130', amount: '130.10' });
  });

  it('without findingWhen every line is a finding, whatever its amount, and nothing is counted', async () => {
    const every = rulesetWith([{ ...base(), id: 'r', kind: 'program-exclusion', params }]);
    for (const beloeb of ['130.10', '0.00', '']) {
      const result = await run(text(beloeb), every);
      expect(result.findings.filter((f) => f.ruleId === 'r').map((f) => f.locations.map((l) => l.line))).toEqual([[3]]);
      expect(result.summary.counts.r).toBeUndefined();
    }
  });

  it('a rule with an unknown findingWhen does not load', () => {
    expect(() => rulesetWith([{ ...base(), id: 'r', kind: 'program-exclusion', params: { ...params, findingWhen: 'sometimes' } }])).toThrow(/findingWhen/);
  });
});
