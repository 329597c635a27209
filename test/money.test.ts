// Kroner at stake, per rule, on small hand-made invoices: each finding's amount, amountBasis and
// opportunity as its rule file declares them, and the summary's amountAtRisk counting each line once.
// Every expected figure is worked out by hand from the rows (and the catalogue's tariffs) beside it.
import { describe, expect, it } from 'vitest';
import { readTariffs } from '../src/input/tariffs.js';
import type { CheckResult, Finding } from '../src/index.js';
import { ledgerWith, of, P, run, source } from './helpers.js';

const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid';

/** A line: practice, patient letter, date, code, antal, beloeb ('' for none), tid. */
type Line = [practice: string, patient: string, date: string, code: string, antal?: number, beloeb?: string, tid?: string];

function invoice(lines: readonly Line[]): string {
  return `${HEADER}\n${lines.map(([practice, patient, date, code, antal = 1, beloeb = '', tid = '']) => [practice, P[patient], date, code, antal, beloeb, tid].join(',')).join('\n')}\n`;
}

/** The money fields of one rule's findings, with the file lines each is about (the header is line 1). */
function money(result: CheckResult, id: string): [number[], string | null, string | null, string | null][] {
  return of(result, id).map((f: Finding) => [f.locations.map((l) => l.line), f.amount, f.amountBasis, f.opportunity]);
}

// Catalogue tariffs used below (rules/catalog/national.json): 0101 is 146.79 kr. from 2021-04-01 to
// 2021-09-30 and has no tariff in 2025; 6101 and 4584 have no tariff at all.
const TARIFF_DAY = '2021-05-03';
const NO_TARIFF_DAY = '2025-03-04';

/** [rule, what, lines, expected money of that rule's findings]. */
const CASES: [string, string, Line[], ReturnType<typeof money>][] = [
  // dubleret-linje: every line of the set but the one with the most kroner.
  ['dubleret-linje', 'three equal lines: two at stake', [['1', 'a', NO_TARIFF_DAY, '2101', 1, '75.50', '09:00'], ['1', 'a', NO_TARIFF_DAY, '2101', 1, '75.50', '09:00'], ['1', 'a', NO_TARIFF_DAY, '2101', 1, '75.50', '09:00']], [[[2, 3, 4], '151.00', 'beloeb', null]]],
  ['dubleret-linje', 'amounts differ: the highest (the middle line) stands', [['1', 'a', NO_TARIFF_DAY, '2101', 1, '40.00', '09:00'], ['1', 'a', NO_TARIFF_DAY, '2101', 1, '90.25', '09:00'], ['1', 'a', NO_TARIFF_DAY, '2101', 1, '12.30', '09:00']], [[[2, 3, 4], '52.30', 'beloeb', null]]],
  // samtaleterapi-over-7-pr-aar: the units past the 7th in the year, from the last line back.
  [
    'samtaleterapi-over-7-pr-aar',
    'the 8th and 9th line',
    ['2025-01-06', '2025-02-03', '2025-03-03', '2025-04-07', '2025-05-05', '2025-06-02', '2025-08-04', '2025-09-01', '2025-10-06'].map((d, k): Line => ['1', 'a', d, '6101', 1, `${200 + k}.00`]),
    [[[9, 10], '415.00', 'beloeb', null]],
  ],
  [
    'samtaleterapi-over-7-pr-aar',
    'antal 2 straddling the limit: half its kroner',
    [...['2025-01-06', '2025-02-03', '2025-03-03', '2025-04-07', '2025-05-05', '2025-06-02'].map((d): Line => ['1', 'a', d, '6101', 1, '200.00']), ['1', 'a', '2025-08-04', '6101', 2, '401.50']],
    [[[8], '200.75', 'beloeb', null]],
  ],
  [
    'samtaleterapi-over-7-pr-aar',
    'antal 3 with two past the limit: two thirds, rounded to the øre',
    [...['2025-01-06', '2025-02-03', '2025-03-03', '2025-04-07', '2025-05-05', '2025-06-02'].map((d): Line => ['1', 'a', d, '6101', 1, '200.00']), ['1', 'a', '2025-08-04', '6101', 3, '100.00']],
    // 2 × 100.00 / 3 = 66.666… → 66.67
    [[[8], '66.67', 'beloeb', null]],
  ],
  // kronikerprogram-ikke-saerskilt: the covered line's billed amount.
  ['kronikerprogram-ikke-saerskilt', 'a 0101 billed for an enrolled patient', [['1', 'a', '2025-01-10', '0130', 1, '0.00'], ['1', 'a', '2025-03-04', '0101', 1, '130.10']], [[[3], '130.10', 'beloeb', null]]],
  // grundydelse-samme-dag: every grundydelse of the day but the one with the highest amount.
  ['grundydelse-samme-dag', 'three grundydelser: the 0120 stands', [['1', 'a', NO_TARIFF_DAY, '0201', 1, '28.74'], ['1', 'a', NO_TARIFF_DAY, '0120', 1, '395.14'], ['1', 'a', NO_TARIFF_DAY, '0105', 1, '46.14']], [[[2, 3, 4], '74.88', 'beloeb', null]]],
  // samtaleterapi-uden-grundydelse: the 6101 amount less the 0101 tariff of its date.
  ['samtaleterapi-uden-grundydelse', '6101 alone on a day with a 0101 tariff', [['1', 'a', TARIFF_DAY, '6101', 1, '250.00']], [[[2], '103.21', 'beloeb', null]]],
  ['samtaleterapi-uden-grundydelse', '6101 below the 0101 tariff: nothing at stake, not negative', [['1', 'a', TARIFF_DAY, '6101', 1, '100.00']], [[[2], '0.00', 'beloeb', null]]],
  ['samtaleterapi-uden-grundydelse', '6101 alone on a day with no 0101 tariff: unknown', [['1', 'a', NO_TARIFF_DAY, '6101', 1, '250.00']], [[[2], null, null, null]]],
  // A line without beloeb is priced by its tariff × antal.
  ['dubleret-linje', 'no beloeb: tariff × antal', [['1', 'a', TARIFF_DAY, '0101', 2, '', '09:00'], ['1', 'a', TARIFF_DAY, '0101', 2, '', '09:00']], [[[2, 3], '293.58', 'tariff', null]]],
  ['grundydelse-samme-dag', 'no beloeb on one line: the other is priced by its tariff, 0201 (28.74) stands below 0101 (146.79)', [['1', 'a', TARIFF_DAY, '0101', 1, '146.79'], ['1', 'a', TARIFF_DAY, '0201']], [[[2, 3], '28.74', 'tariff', null]]],
];

describe('each finding\'s kroner at stake', () => {
  it.each(CASES)('%s: %s', async (id, _what, lines, expected) => {
    expect(money(await run(invoice(lines)), id)).toEqual(expected);
  });

  it('allerede-afregnet: the line\'s amount', async () => {
    const line: Line = ['123456', 'd', '2026-10-28', '2101', 1, '87.65', '09:00'];
    const ledger = await ledgerWith([['jan-okt', invoice([line])]]);
    try {
      const result = await run(invoice([line]), undefined, { today: '2026-12-01', history: ledger.history });
      expect(money(result, 'allerede-afregnet')).toEqual([[[2], '87.65', 'beloeb', null]]);
      expect(result.summary.amountAtRisk.byRule['allerede-afregnet']).toBe('87.65');
    } finally {
      await ledger.close();
    }
  });
});

describe('palliation-mulighed: an opportunity, never at risk', () => {
  // An ordinary home visit (0411) 5 days after a palliative visit (4584), billed at its tariff in
  // the table (so beloeb-afviger-fra-takst puts nothing at risk).
  const lines: Line[] = [['1', 'c', '2025-03-03', '4584', 1, '525.40'], ['1', 'c', '2025-03-08', '0411', 1, '310.00']];
  const tariffs = async () => ({ name: 'takster.csv', tariffs: await readTariffs(source('ydelseskode,fra,til,beloeb\n4584,2025-01-01,2025-12-31,525.40\n', 'takster.csv')) });

  it.each([
    ['with a 4584 tariff: the tariff less the line', true, '215.40'],
    ['without a 4584 tariff: unknown', false, null],
  ] as const)('%s', async (_what, withTariff, opportunity) => {
    const result = await run(invoice(lines), undefined, withTariff ? { tariffs: await tariffs() } : {});
    expect(money(result, 'palliation-mulighed')).toEqual([[[3], null, opportunity === null ? null : 'beloeb', opportunity]]);
    const sum = result.summary.amountAtRisk;
    expect(sum.opportunity).toBe(opportunity ?? '0.00');
    expect(Object.keys(sum.byRule)).not.toContain('palliation-mulighed');
    // Nothing else here puts kroner at risk: the opportunity is not in the total.
    expect([sum.total, sum.lines, sum.linesWithoutAmount]).toEqual(['0.00', 0, 0]);
  });
});

describe('the summary\'s amountAtRisk', () => {
  it('a line with neither beloeb nor tariff: amount null (not 0), counted in linesWithoutAmount', async () => {
    const result = await run(invoice([['1', 'a', NO_TARIFF_DAY, '6101']]));
    const [f] = of(result, 'samtaleterapi-uden-grundydelse');
    expect([f!.amount, f!.amountBasis]).toEqual([null, null]);
    expect(result.summary.amountAtRisk).toMatchObject({ total: '0.00', lines: 0, linesWithoutAmount: 1 });
    // Unknown, so not 0,00 kr. under the rule either: the rule is left out of byRule.
    expect(result.summary.amountAtRisk.byRule).not.toHaveProperty('samtaleterapi-uden-grundydelse');
  });

  it('two equal lines with no kroner known: one of them is at stake, unknown', async () => {
    const result = await run(invoice([['1', 'a', NO_TARIFF_DAY, '2101', 1, '', '09:00'], ['1', 'a', NO_TARIFF_DAY, '2101', 1, '', '09:00']]));
    expect(money(result, 'dubleret-linje')).toEqual([[[2, 3], null, null, null]]);
    expect(result.summary.amountAtRisk).toMatchObject({ total: '0.00', lines: 0, linesWithoutAmount: 1 });
  });

  it('three equal 0101 lines: dubleret-linje and grundydelse-samme-dag each carry their amount; the total counts the two extra lines once', async () => {
    const line: Line = ['1', 'a', NO_TARIFF_DAY, '0101', 1, '150.00', '10:00'];
    const result = await run(invoice([line, line, line]));
    expect(money(result, 'dubleret-linje')).toEqual([[[2, 3, 4], '300.00', 'beloeb', null]]);
    expect(money(result, 'grundydelse-samme-dag')).toEqual([[[2, 3, 4], '300.00', 'beloeb', null]]);
    expect(result.summary.amountAtRisk).toEqual({
      total: '300.00',
      lines: 2,
      estimated: '0.00',
      opportunity: '0.00',
      linesWithoutAmount: 0,
      // grundydelse-samme-dag is an error, dubleret-linje a warning: each severity holds the two lines once.
      bySeverity: { error: '300.00', warning: '300.00', info: '0.00' },
      byTopic: { Dubletter: '300.00', 'Grundydelser samme dag': '300.00' },
      byRule: { 'dubleret-linje': '300.00', 'grundydelse-samme-dag': '300.00' },
    });
  });

  it('equal amounts: the first line of the input stands, whatever the order of the codes, so the totals do not depend on it', async () => {
    // 0201 and 0101 at 100.00 each on a tariff day: grundydelse-samme-dag leaves the first line (0201)
    // standing and puts the 0101's 100.00 at stake; beloeb-afviger-fra-takst puts 100.00 - 28.74 =
    // 71.26 of the 0201 at stake (the 0101 is below its 146.79 tariff: 0.00). Each line once: 171.26.
    const result = await run(invoice([['2', 'c', '2021-06-02', '0201', 1, '100.00'], ['2', 'c', '2021-06-02', '0101', 1, '100.00']]));
    expect(money(result, 'grundydelse-samme-dag')).toEqual([[[2, 3], '100.00', 'beloeb', null]]);
    expect(result.summary.amountAtRisk).toMatchObject({ total: '171.26', lines: 2 });
  });

  it('a line at stake under two rules counts its largest stake once', async () => {
    // 6101 at 250.00 alone on a 0101-tariff day, twice: the duplicate puts the second 6101's 250.00 at
    // stake, samtaleterapi-uden-grundydelse puts 250.00 - 146.79 = 103.21 of each at stake.
    const line: Line = ['1', 'a', TARIFF_DAY, '6101', 1, '250.00', '11:00'];
    const result = await run(invoice([line, line]));
    expect(money(result, 'dubleret-linje')).toEqual([[[2, 3], '250.00', 'beloeb', null]]);
    expect(money(result, 'samtaleterapi-uden-grundydelse').map(([l, a]) => [l, a])).toEqual([[[2, 3], '206.42']]);
    // Line 2: 103.21; line 3: max(250.00, 103.21) = 250.00.
    expect(result.summary.amountAtRisk).toMatchObject({ total: '353.21', lines: 2, bySeverity: { error: '206.42', warning: '250.00', info: '0.00' } });
  });
});

