// Table tests for the tariff kind: the amount on a line against the fee in force times antal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Tariff } from '../../src/catalog/tariffs.js';
import { parseIsoDate } from '../../src/model/date.js';
import { bundledRulesDir } from '../../src/ruleset/load.js';
import { base, of, P, rulesetWith, run, tuples } from '../helpers.js';

/** [practice, patient letter, date, code, antal, beloeb, sikringsgruppe?]; '' leaves a cell empty. */
type Line = [string, string, string, string, number, string, string?];

function claims(rows: readonly Line[], delimiter = ','): string {
  const header = ['ydernummer', 'cpr', 'dato', 'ydelseskode', 'antal', 'beloeb', 'sikringsgruppe'].join(delimiter);
  const body = rows.map(([practice, patient, date, code, antal, amount, group]) => [practice, P[patient], date, code, antal, amount, group ?? ''].join(delimiter));
  return `${header}\n${body.join('\n')}\n`;
}

const ruleset = rulesetWith([{ id: 'x', kind: 'tariff', ...base({ severity: 'warning' }), params: { codes: ['0125', '0126', '0102'] } }]);

// The catalogue's fees for 0126 that the tables below are worked out from.
const catalogue0126 = (
  JSON.parse(readFileSync(join(bundledRulesDir(), 'catalog', 'national.json'), 'utf8')) as {
    codes: { code: string; tariffs: { amount: string; from: string; to: string | null }[] }[];
  }
).codes.find((c) => c.code === '0126')!.tariffs;

describe('tariff: the catalogue fees the tables use', () => {
  it('0126 is 160.57 from 2021-04-01 to 2021-09-30 and 167.46 from 2022-10-01 to 2023-03-31; 0102 has none', () => {
    expect(catalogue0126.map((t) => [t.amount, t.from, t.to])).toEqual([
      ['160.57', '2021-04-01', '2021-09-30'],
      ['167.46', '2022-10-01', '2023-03-31'],
    ]);
  });
});

describe('tariff: amounts against the catalogue', () => {
  const day = '2023-01-10'; // inside the 167.46 period
  const cases: { name: string; rows: Line[]; delimiter?: string; expected: { amount: string; expected: string; difference: string }[] }[] = [
    { name: 'exact amount', rows: [['1', 'a', day, '0126', 1, '167.46']], expected: [] },
    { name: 'one decimal is the same amount', rows: [['1', 'a', day, '0126', 1, '167.5']], expected: [{ amount: '167.50', expected: '167.46', difference: '0.04' }] },
    { name: 'whole kroner', rows: [['1', 'a', day, '0126', 1, '170']], expected: [{ amount: '170.00', expected: '167.46', difference: '2.54' }] },
    { name: 'antal 2: 2 x 167.46 = 334.92', rows: [['1', 'a', day, '0126', 2, '334.92']], expected: [] },
    { name: 'antal 3: 3 x 167.46 = 502.38', rows: [['1', 'a', day, '0126', 3, '502.38']], expected: [] },
    { name: 'antal 2 billed at the single fee', rows: [['1', 'a', day, '0126', 2, '167.46']], expected: [{ amount: '167.46', expected: '334.92', difference: '-167.46' }] },
    { name: 'a zero amount is an amount', rows: [['1', 'a', day, '0126', 1, '0.00']], expected: [{ amount: '0.00', expected: '167.46', difference: '-167.46' }] },
    { name: 'decimal comma', rows: [['1', 'a', day, '0126', 1, '167,46']], delimiter: ';', expected: [] },
    { name: 'decimal comma with thousands dot: 6 x 167.46 = 1004.76', rows: [['1', 'a', day, '0126', 6, '1.004,76']], delimiter: ';', expected: [] },
    { name: 'decimal comma, wrong amount', rows: [['1', 'a', day, '0126', 1, '167,64']], delimiter: ';', expected: [{ amount: '167.64', expected: '167.46', difference: '0.18' }] },
    { name: 'a code outside the rule set is not judged', rows: [['1', 'a', '2021-06-01', '0101', 1, '1.00']], expected: [] },
  ];
  it.each(cases)('$name', async ({ rows, delimiter, expected }) => {
    const result = await run(claims(rows, delimiter), ruleset);
    expect(of(result, 'x').map((f) => ({ amount: f.details?.amount, expected: f.details?.expected, difference: f.details?.difference }))).toEqual(expected);
  });

  it('a mismatch is one finding on the line, with the fee and where it comes from', async () => {
    const result = await run(claims([['1', 'a', '2023-01-10', '0126', 1, '167.46'], ['1', 'b', '2023-01-10', '0126', 2, '330']]), ruleset);
    expect(tuples(result.findings, 'x')).toEqual([['x', [3]]]);
    const d = result.findings[0]!.details!;
    expect(d).toMatchObject({ amount: '330.00', expected: '334.92', difference: '-4.92', tariff: '167.46', antal: 2, tariffFrom: '2022-10-01', tariffTo: '2023-03-31' });
    expect(d.tariffSource).toMatch(/\(.+\)$/); // "<source> (<level>)"
    expect(result.findings[0]!.severity).toBe('warning');
  });
});

describe('tariff: lines that cannot be judged are counted', () => {
  it('without amount, without a tariff in force, checked', async () => {
    const rows: Line[] = [
      ['1', 'a', '2023-03-31', '0126', 1, '167.46'], // the last day of the period: checked
      ['1', 'a', '2023-04-01', '0126', 1, '167.46'], // the day after: no tariff
      ['1', 'a', '2023-01-10', '0102', 1, '126.86'], // a code without any tariff
      ['1', 'a', '2023-01-10', '0126', 1, ''], // no amount
      ['1', 'a', '2025-01-10', '0125', 1, ''], // no amount and no tariff: counted as no amount
      ['1', 'a', '2023-01-10', '0101', 1, ''], // not in the rule set: not counted
    ];
    const result = await run(claims(rows), ruleset);
    expect(of(result, 'x')).toEqual([]);
    expect(result.summary.counts.x).toEqual({ checked: 1, withoutTariff: 2, withoutAmount: 2 });
  });

  it('a wrong amount on a day without a tariff is not a finding', async () => {
    const result = await run(claims([['1', 'a', '2025-01-10', '0126', 1, '999.99']]), ruleset);
    expect(of(result, 'x')).toEqual([]);
    expect(result.summary.counts.x).toEqual({ checked: 0, withoutTariff: 1, withoutAmount: 0 });
  });

  it('lines before the rule’s validFrom are neither judged nor counted', async () => {
    const dated = rulesetWith([{ id: 'x', kind: 'tariff', ...base({ validFrom: '2023-01-11' }), params: { codes: ['0126'] } }]);
    const result = await run(claims([['1', 'a', '2023-01-10', '0126', 1, '1.00'], ['1', 'a', '2023-01-11', '0126', 1, '1.00']]), dated);
    expect(tuples(result.findings, 'x')).toEqual([['x', [3]]]);
    expect(result.summary.counts.x).toEqual({ checked: 1, withoutTariff: 0, withoutAmount: 0 });
  });
});

const OPEN = parseIsoDate('9999-12-31')!;
const fee = (amount: string, group = 0, from = '2025-01-01', to: string | null = null): Tariff => ({
  code: 126,
  from: parseIsoDate(from)!,
  to: to === null ? OPEN : parseIsoDate(to)!,
  amount: new Decimal(amount),
  group,
  source: `takster.csv:${group + 2}`,
});

describe('tariff: options.tariffs replaces the catalogue table', () => {
  const tariffs = { name: 'takster.csv', tariffs: [fee('200.00')] };

  it('judges by the given table and reports its name', async () => {
    const result = await run(claims([['1', 'a', '2025-03-04', '0126', 2, '400.00'], ['1', 'b', '2025-03-04', '0126', 1, '167.46']]), ruleset, { tariffs });
    expect(tuples(result.findings, 'x')).toEqual([['x', [3]]]);
    expect(result.findings[0]?.details).toMatchObject({ expected: '200.00', difference: '-32.54', tariffFrom: '2025-01-01', tariffTo: null, tariffSource: 'takster.csv:2' });
    expect(result.ruleset.tariffs).toBe('takster.csv');
  });

  it('a catalogue fee not in the table is gone', async () => {
    // 167.46 is the catalogue fee for 0126 on 2023-01-10; the given table has nothing for that day.
    const result = await run(claims([['1', 'a', '2023-01-10', '0126', 1, '1.00']]), ruleset, { tariffs });
    expect(of(result, 'x')).toEqual([]);
    expect(result.summary.counts.x).toEqual({ checked: 0, withoutTariff: 1, withoutAmount: 0 });
  });

  it('without the option the report names the catalogue', async () => {
    expect((await run(claims([['1', 'a', '2023-01-10', '0126', 1, '167.46']]), ruleset)).ruleset.tariffs).toBe('catalogue');
  });
});

describe('tariff: sikringsgruppe', () => {
  const general = [fee('100.00'), fee('120.00', 1)];
  const disagree = [fee('120.00', 1), fee('130.00', 2)];
  const agree = [fee('120.00', 1), fee('120.00', 2)];
  const cases: { name: string; table: Tariff[]; group: string; amount: string; expected: string | null; counts: { checked: number; withoutTariff: number } }[] = [
    { name: 'group 1 gets its own fee', table: general, group: '1', amount: '100.00', expected: '120.00', counts: { checked: 1, withoutTariff: 0 } },
    { name: 'group 1 at its own fee passes', table: general, group: '1', amount: '120.00', expected: null, counts: { checked: 1, withoutTariff: 0 } },
    { name: 'group 2 without its own fee gets the general one', table: general, group: '2', amount: '120.00', expected: '100.00', counts: { checked: 1, withoutTariff: 0 } },
    { name: 'no group: the general fee, not a group fee', table: general, group: '', amount: '120.00', expected: '100.00', counts: { checked: 1, withoutTariff: 0 } },
    { name: 'no group and group fees that disagree: not judged', table: disagree, group: '', amount: '999.00', expected: null, counts: { checked: 0, withoutTariff: 1 } },
    { name: 'group 2 with disagreeing group fees: its own', table: disagree, group: '2', amount: '120.00', expected: '130.00', counts: { checked: 1, withoutTariff: 0 } },
    { name: 'no group and group fees that agree: that fee', table: agree, group: '', amount: '130.00', expected: '120.00', counts: { checked: 1, withoutTariff: 0 } },
  ];
  it.each(cases)('$name', async ({ table, group, amount, expected, counts }) => {
    const result = await run(claims([['1', 'a', '2025-03-04', '0126', 1, amount, group]]), ruleset, { tariffs: { name: 't.csv', tariffs: table } });
    expect(of(result, 'x').map((f) => f.details?.expected)).toEqual(expected === null ? [] : [expected]);
    expect(result.summary.counts.x).toEqual({ ...counts, withoutAmount: 0 });
  });
});

describe('tariff: --as-of picks the fee in force on that day', () => {
  // A 2025 line billed at the 2021 fee of 0126 (160.57).
  const rows: Line[] = [['1', 'a', '2025-03-04', '0126', 1, '160.57']];
  it.each([
    { asOf: undefined, expected: [], checked: 0 },
    { asOf: '2021-06-01', expected: [], checked: 1 },
    { asOf: '2023-01-01', expected: [{ expected: '167.46', difference: '-6.89', tariffFrom: '2022-10-01' }], checked: 1 },
    { asOf: '2022-01-01', expected: [], checked: 0 }, // between the two periods
  ])('as of $asOf', async ({ asOf, expected, checked }) => {
    const result = await run(claims(rows), ruleset, asOf ? { asOf } : {});
    expect(of(result, 'x').map((f) => ({ expected: f.details?.expected, difference: f.details?.difference, tariffFrom: f.details?.tariffFrom }))).toEqual(expected);
    expect(result.summary.counts.x?.checked).toBe(checked);
  });
});
