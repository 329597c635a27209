// Table tests for the insurance-group kind: codes billable only for some sikringsgrupper.
import { describe, expect, it } from 'vitest';
import { RulesetError } from '../../src/ruleset/load.js';
import { base, of, P, rulesetWith, run, tuples } from '../helpers.js';

/** [patient letter, code, sikringsgruppe ('' for none)] on one day at practice 1. */
function grouped(rows: readonly [string, string, string][]): string {
  return `ydernummer,cpr,dato,ydelseskode,antal,sikringsgruppe\n${rows.map(([p, code, group]) => `1,${P[p]},2025-03-04,${code},1,${group}`).join('\n')}\n`;
}

const ruleset = (allowedGroups: number[] = [1], overrides: object = {}) =>
  rulesetWith([{ id: 'x', kind: 'insurance-group', ...base(overrides), params: { codes: ['0130-0132'], allowedGroups } }]);

const cases: { name: string; rows: [string, string, string][]; expected: [string, number[]][]; withoutGroup: number }[] = [
  { name: 'group 1 is allowed', rows: [['a', '0130', '1']], expected: [], withoutGroup: 0 },
  { name: 'group 2 is not', rows: [['a', '0130', '2']], expected: [['x', [2]]], withoutGroup: 0 },
  { name: 'no group: not judged, counted', rows: [['a', '0131', '']], expected: [], withoutGroup: 1 },
  { name: 'a code outside the set: neither judged nor counted', rows: [['a', '0101', '2'], ['b', '0101', '']], expected: [], withoutGroup: 0 },
  {
    name: 'each line on its own',
    rows: [['a', '0130', '2'], ['b', '0132', '1'], ['c', '0131', ''], ['d', '0131', '2'], ['e', '0132', '']],
    expected: [['x', [2]], ['x', [5]]],
    withoutGroup: 2,
  },
];

describe('insurance-group', () => {
  it.each(cases)('$name', async ({ rows, expected, withoutGroup }) => {
    const result = await run(grouped(rows), ruleset());
    expect(tuples(result.findings, 'x')).toEqual(expected);
    expect(result.summary.counts.x).toEqual({ withoutGroup });
  });

  it('details give the group and the allowed groups', async () => {
    const [f] = of(await run(grouped([['a', '0130', '2']]), ruleset()), 'x');
    expect(f?.details).toEqual({ group: 2, allowed: [1] });
  });

  it('both groups allowed: nothing fires', async () => {
    expect(of(await run(grouped([['a', '0130', '1'], ['b', '0130', '2']]), ruleset([1, 2])), 'x')).toEqual([]);
  });

  it('only group 2 allowed: group 1 fires', async () => {
    expect(tuples((await run(grouped([['a', '0130', '1'], ['b', '0130', '2']]), ruleset([2]))).findings, 'x')).toEqual([['x', [2]]]);
  });

  it('without a sikringsgruppe column every line is counted', async () => {
    const text = `ydernummer,cpr,dato,ydelseskode\n1,${P.a},2025-03-04,0130\n1,${P.b},2025-03-04,0131\n`;
    const result = await run(text, ruleset());
    expect(of(result, 'x')).toEqual([]);
    expect(result.summary.counts.x).toEqual({ withoutGroup: 2 });
  });

  it('lines outside the validity period are neither judged nor counted', async () => {
    const result = await run(grouped([['a', '0130', '2'], ['b', '0130', '']]), ruleset([1], { validFrom: '2025-03-05' }));
    expect(of(result, 'x')).toEqual([]);
    expect(result.summary.counts.x).toEqual({ withoutGroup: 0 });
  });

  it.each([[[]], [[3]]])('allowedGroups %j does not load', (allowed) => {
    expect(() => ruleset(allowed as number[])).toThrow(RulesetError);
  });
});
