// Family: the amount on a line must equal the tariff in force times antal (beloeb-afviger-fra-takst), with the bundled rules.
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { readTariffs } from '../../src/input/tariffs.js';
import { bundledRuleset, of, P, run, source } from '../helpers.js';

const ID = 'beloeb-afviger-fra-takst';
const H = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,sikringsgruppe';

/** [practice, patient letter, date, code, antal, beloeb, sikringsgruppe?] */
type Line = [string, string, string, string, number, string, string?];
const text = (rows: Line[]): string => `${H}\n${rows.map(([p, pat, d, c, a, b, g]) => [p, P[pat] ?? pat, d, c, a, b, g ?? ''].join(',')).join('\n')}\n`;

/** The bundled catalogue's tariff for a code on a date (ISO dates compare as strings). */
function tariff(code: string, date: string): { amount: string; from: string; to: string | null } {
  const t = bundledRuleset().catalog.get(Number(code))!.tariffs.find((x) => x.from <= date && (x.to === null || date <= x.to));
  if (!t) throw new Error(`no bundled tariff for ${code} on ${date}`);
  return t;
}
const times = (amount: string, antal: number): string => new Decimal(amount).mul(antal).toFixed(2);
const plus = (amount: string, kr: string): string => new Decimal(amount).plus(kr).toFixed(2);

// Every dated tariff in the bundled catalogue: [code, from, to, amount].
const ALL = bundledRuleset()
  .catalog.entries.flatMap((e) => e.tariffs.map((t) => [e.code, t.from, t.to, t.amount] as [string, string, string | null, string]));

describe(ID, () => {
  it('the catalogue has the winter 2022/23 tariff for 0126 that the tests below rely on', () => {
    expect(tariff('0126', '2022-11-15')).toMatchObject({ from: '2022-10-01', to: '2023-03-31' });
  });

  it.each(ALL)('%s from %s to %s: the tariff %s on the first and last day is fine, 0.01 more is a warning', async (code, from, to, amount) => {
    const last = to ?? '2030-01-01';
    // today: an open period's 2030 line is judged, not rejected as more than a year after today.
    const ok = await run(text([['1', 'a', from, code, 1, amount], ['1', 'b', last, code, 1, amount]]), undefined, { today: '2030-01-01' });
    expect(of(ok, ID)).toEqual([]);
    expect(ok.summary.counts[ID]).toMatchObject({ checked: 2 });
    const off = await run(text([['1', 'a', from, code, 1, plus(amount, '0.01')]]));
    expect(of(off, ID).map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.expected, f.details?.difference])).toEqual([
      ['warning', [2], new Decimal(amount).toFixed(2), '0.01'],
    ]);
  });

  it('0126 at the bundled winter 2022/23 tariff is fine; an old amount is a warning naming the tariff and its period', async () => {
    const t = tariff('0126', '2022-11-15');
    const old = tariff('0126', '2021-06-01').amount; // the OK22 presentation amount, one period earlier
    const result = await run(text([['1', 'a', '2022-11-15', '0126', 1, t.amount], ['1', 'b', '2022-11-15', '0126', 1, old]]));
    const found = of(result, ID);
    expect(found.map((f) => f.locations.map((l) => l.line))).toEqual([[3]]);
    expect(found[0]?.details).toMatchObject({
      amount: old,
      expected: t.amount,
      difference: new Decimal(old).minus(t.amount).toFixed(2),
      tariff: t.amount,
      antal: 1,
      tariffFrom: t.from,
      tariffTo: t.to,
    });
    expect(found[0]?.message).toContain(`${t.amount.replace(".", ",")} kr.`);
  });

  it('antal multiplies the tariff', async () => {
    const t = tariff('4590', '2023-01-16').amount;
    const rows: Line[] = [['1', 'a', '2023-01-16', '4590', 3, times(t, 3)], ['1', 'b', '2023-01-16', '4590', 3, t]];
    const found = of(await run(text(rows)), ID);
    expect(found.map((f) => [f.locations.map((l) => l.line), f.details?.expected, f.details?.antal])).toEqual([[[3], times(t, 3), 3]]);
  });

  it('a day with no tariff in force is not checked, and is counted as without tariff', async () => {
    const t = tariff('0126', '2022-10-01');
    // The day before the winter period: no bundled 0126 tariff covers 2022-09-30.
    const result = await run(text([['1', 'a', '2022-09-30', '0126', 1, '1.00'], ['1', 'b', '2025-03-04', '0126', 1, t.amount]]));
    expect(of(result, ID)).toEqual([]);
    expect(result.summary.counts[ID]).toEqual({ checked: 0, withoutTariff: 2, withoutAmount: 0 });
  });

  it('a line without an amount is not checked, and is counted as without amount', async () => {
    const result = await run(text([['1', 'a', '2022-11-15', '0126', 1, '']]));
    expect(of(result, ID)).toEqual([]);
    expect(result.summary.counts[ID]).toEqual({ checked: 0, withoutTariff: 0, withoutAmount: 1 });
  });

  it('--as-of applies the tariff in force on that date to every line', async () => {
    const t = tariff('0126', '2023-01-15');
    const rows: Line[] = [['1', 'a', '2025-03-04', '0126', 1, t.amount], ['1', 'b', '2025-03-05', '0126', 1, plus(t.amount, '1')]];
    const own = await run(text(rows));
    expect([of(own, ID), own.summary.counts[ID]]).toEqual([[], { checked: 0, withoutTariff: 2, withoutAmount: 0 }]);
    const asOf = await run(text(rows), undefined, { asOf: '2023-01-15' });
    expect(of(asOf, ID).map((f) => [f.locations.map((l) => l.line), f.details?.tariffFrom])).toEqual([[[3], t.from]]);
    expect(asOf.summary.counts[ID]).toEqual({ checked: 2, withoutTariff: 0, withoutAmount: 0 });
    expect(asOf.ruleset.asOf).toBe('2023-01-15');
  });
});

describe(`${ID} with a honorartabel (--tariffs)`, () => {
  async function table(csvText: string) {
    return { name: 'takster.csv', tariffs: await readTariffs(source(csvText, 'takster.csv')) };
  }

  it('the table replaces the catalogue: its fees are used, the catalogue fees are not, and the report names it', async () => {
    const tariffs = await table('ydelseskode,fra,til,beloeb\n0101,2025-01-01,2025-12-31,180.00\n');
    const old = tariff('0126', '2022-11-15').amount;
    const rows: Line[] = [['1', 'a', '2025-03-04', '0101', 1, '180.00'], ['1', 'b', '2025-03-04', '0101', 1, '172.88'], ['1', 'c', '2022-11-15', '0126', 1, plus(old, '5')]];
    const result = await run(text(rows), undefined, { tariffs });
    const found = of(result, ID);
    expect(found.map((f) => [f.locations.map((l) => l.line), f.details?.expected, f.details?.tariffSource])).toEqual([[[3], '180.00', 'takster.csv:2']]);
    expect(result.summary.counts[ID]).toEqual({ checked: 2, withoutTariff: 1, withoutAmount: 0 });
    expect(result.ruleset.tariffs).toBe('takster.csv');
    // Without the table the same 0126 line is checked against the catalogue and is a finding.
    expect(of(await run(text(rows)), ID).map((f) => f.locations[0]?.line)).toEqual([4]);
  });

  it('an empty til is an open period', async () => {
    const tariffs = await table('ydelseskode,fra,til,beloeb\n0101,2025-01-01,,180.00\n');
    // today: a line of 2031 is judged, not rejected as more than a year after today.
    const result = await run(text([['1', 'a', '2031-05-05', '0101', 1, '181.00']]), undefined, { tariffs, today: '2031-01-01' });
    expect(of(result, ID).map((f) => f.details?.tariffTo)).toEqual([null]);
  });

  it('a fee for the line\'s sikringsgruppe wins; with no group on the line, group fees that disagree are not used', async () => {
    const tariffs = await table('ydelseskode,fra,til,beloeb,sikringsgruppe\n0101,2025-01-01,2025-12-31,180.00,1\n0101,2025-01-01,2025-12-31,200.00,2\n');
    const rows: Line[] = [
      ['1', 'a', '2025-03-04', '0101', 1, '200.00', '2'], // fine: group 2 fee
      ['1', 'b', '2025-03-04', '0101', 1, '200.00', '1'], // the group 1 fee is 180.00
      ['1', 'c', '2025-03-04', '0101', 1, '200.00'], // no group: the fees disagree, not checked
    ];
    const result = await run(text(rows), undefined, { tariffs });
    expect(of(result, ID).map((f) => [f.locations[0]?.line, f.details?.expected])).toEqual([[3, '180.00']]);
    expect(result.summary.counts[ID]).toEqual({ checked: 2, withoutTariff: 1, withoutAmount: 0 });
  });
});
