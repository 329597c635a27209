// Table tests for the practice-count kind: one review finding per practice that billed the codes.
import { describe, expect, it } from 'vitest';
import { base, csv, type Row, rulesetWith, run } from '../helpers.js';

const ruleset = (overrides: object = {}) => rulesetWith([{ id: 'x', kind: 'practice-count', ...base({ severity: 'info', ...overrides }), params: { codes: ['0125', '0204'] } }]);

type Summary = [practice: string, details: { lines: number; units: number; patients: number; from: string; to: string }, codes: string[]];

const cases: { name: string; rows: Row[]; expected: Summary[] }[] = [
  { name: 'no lines of the codes: no finding', rows: [['1', 'a', '2025-03-04', '0101']], expected: [] },
  { name: 'one line', rows: [['1', 'a', '2025-03-04', '0204']], expected: [['1', { lines: 1, units: 1, patients: 1, from: '2025-03-04', to: '2025-03-04' }, ['0204']]] },
  {
    name: 'lines, units (antal) and distinct patients; first and last day',
    rows: [
      ['1', 'a', '2025-03-10', '0204', 2],
      ['1', 'a', '2025-03-04', '0204'],
      ['1', 'b', '2025-02-01', '0125', 3],
      ['1', 'b', '2025-04-01', '0101'], // not in the set
    ],
    expected: [['1', { lines: 3, units: 6, patients: 2, from: '2025-02-01', to: '2025-03-10' }, ['0125', '0204']]],
  },
  {
    name: 'one finding per practice; a patient counts at each practice',
    rows: [
      ['2', 'a', '2025-05-01', '0125'],
      ['1', 'a', '2025-03-04', '0204'],
      ['1', 'b', '2025-03-04', '0204'],
      ['3', 'c', '2025-03-04', '0101'],
    ],
    expected: [
      ['1', { lines: 2, units: 2, patients: 2, from: '2025-03-04', to: '2025-03-04' }, ['0204']],
      ['2', { lines: 1, units: 1, patients: 1, from: '2025-05-01', to: '2025-05-01' }, ['0125']],
    ],
  },
];

describe('practice-count', () => {
  it.each(cases)('$name', async ({ rows, expected }) => {
    const result = await run(csv(rows), ruleset());
    expect(result.findings.filter((f) => f.ruleId === 'x').map((f): Summary => [f.practice!, f.details as Summary[1], f.codes])).toEqual(expected);
  });

  it('a practice finding has no patient, date or lines, and the rule’s severity', async () => {
    const [f] = (await run(csv([['1', 'a', '2025-03-04', '0204']]), ruleset())).findings;
    expect([f?.patient, f?.date, f?.locations, f?.severity]).toEqual([null, null, [], 'info']);
  });

  it('lines outside the validity period are not counted', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0204'], ['1', 'a', '2025-03-05', '0204'], ['2', 'a', '2025-03-04', '0204']];
    const result = await run(csv(rows), ruleset({ validFrom: '2025-03-05' }));
    expect(result.findings.map((f) => [f.practice, f.details?.lines, f.details?.from])).toEqual([['1', 1, '2025-03-05']]);
  });
});

describe('practice-count with unlessAnyOf', () => {
  const unless = (overrides: object = {}) =>
    rulesetWith([{ id: 'x', kind: 'practice-count', ...base({ severity: 'info', ...overrides }), params: { codes: ['0204'], unlessAnyOf: ['0125', '0126'] } }]);
  const cases: [string, Row[], string[]][] = [
    ['0204 and none of the others: a finding', [['1', 'a', '2025-03-04', '0204']], ['1']],
    ['0204 and a 0125 for another patient: none', [['1', 'a', '2025-03-04', '0204'], ['1', 'b', '2025-06-01', '0125']], []],
    ['0204 and a 0126: none (any of the set clears)', [['1', 'a', '2025-03-04', '0204'], ['1', 'b', '2025-06-01', '0126']], []],
    ['0125 at another practice does not clear', [['1', 'a', '2025-03-04', '0204'], ['2', 'a', '2025-03-04', '0125']], ['1']],
    ['two practices, one with video', [['1', 'a', '2025-03-04', '0204'], ['2', 'b', '2025-03-04', '0204'], ['2', 'c', '2025-03-05', '0125']], ['1']],
    ['0125 alone: nothing to say', [['1', 'a', '2025-03-04', '0125']], []],
  ];
  it.each(cases)('%s', async (_name, rows, practices) => {
    expect((await run(csv(rows), unless())).findings.filter((f) => f.ruleId === 'x').map((f) => f.practice)).toEqual(practices);
  });

  it('a clearing line outside the validity period does not clear', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0204'], ['1', 'b', '2025-03-03', '0125']];
    expect((await run(csv(rows), unless({ validFrom: '2025-03-04' }))).findings.map((f) => f.practice)).toEqual(['1']);
  });

  it('the counts are those of the codes, not of the clearing set', async () => {
    const [f] = (await run(csv([['1', 'a', '2025-03-04', '0204', 2], ['1', 'b', '2025-03-10', '0204']]), unless())).findings;
    expect([f?.details, f?.codes]).toEqual([{ lines: 2, units: 3, patients: 2, from: '2025-03-04', to: '2025-03-10' }, ['0204']]);
  });
});
