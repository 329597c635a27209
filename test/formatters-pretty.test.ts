// The pretty report and the github summary line as people read them: counts with their nouns in
// the right number, thousands grouped per language, and sentences rather than key=value dumps.
import { describe, expect, it } from 'vitest';
import { formatters } from '../src/formatters/index.js';
import type { CheckResult } from '../src/engine/check.js';
import type { Lang } from '../src/report/finding.js';
import type { Summary } from '../src/report/summary.js';
import { fixtureFinding, fixtureResult } from './helpers.js';

const ctx = (lang: Lang) => ({ tool: { name: 'gpclaims', version: 't' }, lang, colorLevel: 0 as const });

/** A result with these summary figures (the findings' own counts are kept). */
function withSummary(result: CheckResult, over: Partial<Summary>): CheckResult {
  return { ...result, summary: { ...result.summary, ...over } };
}

const one = [fixtureFinding({ severity: 'error' }), fixtureFinding({ severity: 'warning', ruleId: 'w' }), fixtureFinding({ severity: 'info', ruleId: 'i' })];
const two = [...one, fixtureFinding({ severity: 'warning', ruleId: 'w2' }), fixtureFinding({ severity: 'error', ruleId: 'e2' })];

describe('pretty: the summary counts in words that agree', () => {
  const cases: [string, Lang, CheckResult, string[]][] = [
    [
      'one of each',
      'da',
      withSummary(fixtureResult(one), { files: 1, linesRead: 1, claimsChecked: 1, linesRejected: 0 }),
      ['Opsummering: 1 linje læst, 1 kontrolleret, 0 afvist (1 fil)', '  1 fejl, 1 advarsel, 1 info'],
    ],
    [
      'one of each',
      'en',
      withSummary(fixtureResult(one), { files: 1, linesRead: 1, claimsChecked: 1, linesRejected: 0 }),
      ['Summary: 1 line read, 1 checked, 0 rejected (1 file)', '  1 error, 1 warning, 1 info'],
    ],
    [
      'several, with thousands',
      'da',
      withSummary(fixtureResult(two, ['a.csv', 'b.csv']), { linesRead: 12500, claimsChecked: 12498, linesRejected: 2 }),
      ['Opsummering: 12.500 linjer læst, 12.498 kontrolleret, 2 afvist (2 filer)', '  2 fejl, 2 advarsler, 1 info'],
    ],
    [
      'several, with thousands',
      'en',
      withSummary(fixtureResult(two, ['a.csv', 'b.csv']), { linesRead: 12500, claimsChecked: 12498, linesRejected: 2 }),
      ['Summary: 12,500 lines read, 12,498 checked, 2 rejected (2 files)', '  2 errors, 2 warnings, 1 info'],
    ],
  ];
  it.each(cases)('%s (%s)', (_name, lang, result, lines) => {
    const out = formatters.pretty(result, ctx(lang)).split('\n');
    for (const line of lines) expect(out).toContain(line);
  });

  it.each([
    ['da', '    beloeb-afviger-fra-takst: 1.200 kontrolleret, 1 uden kendt takst, 0 uden beløb'],
    ['en', '    beloeb-afviger-fra-takst: 1,200 checked, 1 without a known tariff, 0 without an amount'],
  ] as [Lang, string][])('the lines a rule could not judge are grouped too (%s)', (lang, line) => {
    const result = withSummary(fixtureResult(one), { counts: { 'beloeb-afviger-fra-takst': { checked: 1200, withoutTariff: 1, withoutAmount: 0 } } });
    expect(formatters.pretty(result, ctx(lang)).split('\n')).toContain(line);
  });
});

describe('pretty: a list cut by --max-findings', () => {
  it.each([
    ['da', 1, 'Viser 1 af 3 fund: de alvorligste om linjer og alle om en praksis (--max-findings)'],
    ['en', 1, 'Showing 1 of 3 findings: the most severe about lines and all about a practice (--max-findings)'],
    ['da', 2, 'Viser 2 af 3 fund: de alvorligste om linjer og alle om en praksis (--max-findings)'],
    ['en', 2, 'Showing 2 of 3 findings: the most severe about lines and all about a practice (--max-findings)'],
  ] as [Lang, number, string][])('%s, %i listed: %s', (lang, listed, line) => {
    const result = withSummary(fixtureResult(one), { listed });
    expect(formatters.pretty(result, ctx(lang)).split('\n')).toContain(`  ${line}`);
  });
});

describe('pretty: a finding shows its message, not its details as key=value', () => {
  const notEvaluated = fixtureFinding({
    ruleId: 'forloebsplaner-pr-kapacitet-ikke-evalueret',
    severity: 'info',
    topic: 'Kronikerprogram',
    message: 'Forløbsplaner pr. kapacitet er ikke vurderet (intet praksisregister; angiv --practices); praksis (1): 234567',
    practice: null,
    patient: null,
    date: null,
    codes: [],
    locations: [],
    details: { reason: 'no-register', reasonText: 'intet praksisregister; angiv --practices', practices: ['234567'], count: 1 },
  });
  const ratio = fixtureFinding({
    ruleId: 'e-konsultation-hoejt-forbrug',
    severity: 'warning',
    message: '0105 e-konsultation: 1,29 pr. patient mod regionsgennemsnit 0,50',
    patient: null,
    date: null,
    codes: ['0105'],
    locations: [],
    details: { rate: '1.2857', regionalAverage: '0.5', units: 9, patients: 7 },
  });
  it.each([
    ['a rule not evaluated', notEvaluated, ['reason=', 'reasonText=', 'practices=', 'count=']],
    ['a practice-level finding with figures', ratio, ['rate=', '1.2857', 'regionalAverage=', 'units=']],
  ] as const)('%s', (_name, finding, absent) => {
    const out = formatters.pretty(fixtureResult([finding]), ctx('da'));
    expect(out).toContain(`            ${finding.message}\n`);
    for (const text of absent) expect(out).not.toContain(text);
  });
});

describe('github: the summary line counts in words that agree', () => {
  it.each([
    ['da', one, 'gpclaims: 1 fejl, 1 advarsel, 1 info'],
    ['en', one, 'gpclaims: 1 error, 1 warning, 1 info'],
    ['da', two, 'gpclaims: 2 fejl, 2 advarsler, 1 info'],
    ['en', two, 'gpclaims: 2 errors, 2 warnings, 1 info'],
  ] as [Lang, typeof one, string][])('%s: %#', (lang, findings, line) => {
    const out = formatters.github(fixtureResult(findings), ctx(lang)).trimEnd().split('\n');
    expect(out.at(-1)).toBe(line);
  });
});

describe('pretty: the history used, in one sentence', () => {
  const used = (invoices: string[], lines: number, from: string | null = '2026-01-02', to: string | null = '2026-10-31') => ({ ledger: 'historik.db', invoices, from, to, lines });
  const tenMonths = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
  it.each([
    ['da', used(tenMonths, 24000), 'Historik: 10 fakturaer (2026-01 … 2026-10), 24.000 linjer fra 2026-01-02 til 2026-10-31.'],
    ['en', used(tenMonths, 24000), 'History: 10 invoices (2026-01 … 2026-10), 24,000 lines from 2026-01-02 to 2026-10-31.'],
    ['da', used(['2026-10'], 1, '2026-10-05', '2026-10-05'), 'Historik: 1 faktura (2026-10), 1 linje fra 2026-10-05 til 2026-10-05.'],
    ['en', used(['2026-09', '2026-10'], 2), 'History: 2 invoices (2026-09, 2026-10), 2 lines from 2026-01-02 to 2026-10-31.'],
    ['da', used([], 0, null, null), 'Historik: ingen tidligere linjer for inputtets patienter i historik.db.'],
    ['en', used([], 0, null, null), "History: no earlier lines of the input's patients in historik.db."],
  ] as [Lang, Summary['history'], string][])('%s: %s', (lang, history, line) => {
    const result = withSummary(fixtureResult(one), { history });
    expect(formatters.pretty(result, ctx(lang)).split('\n')).toContain(`  ${line}`);
  });

  it('no sentence without a history', () => {
    expect(formatters.pretty(withSummary(fixtureResult(one), { history: null }), ctx('da'))).not.toContain('Historik');
  });
});

describe('pretty: rules that look back before the first day are not fully checked', () => {
  const withoutHistory = [
    { ruleId: 'samtaleterapi-over-7-pr-aar', lookBack: 'calendar-year' as const, before: '2026-11-02' },
    { ruleId: 'kronikerprogram-ikke-saerskilt', lookBack: 'unbounded' as const, before: '2026-11-02' },
    { ruleId: 'allerede-afregnet', lookBack: 0, before: null },
  ];
  it.each([
    [
      'da',
      ['  Ikke fuldt kontrolleret:', '    kronikerprogram-ikke-saerskilt: 2 uden beløb, ingen historik før 2026-11-02', '    samtaleterapi-over-7-pr-aar: ingen historik før 2026-11-02', '    allerede-afregnet: ingen historik (--history)'],
    ],
    [
      'en',
      ['  Not fully checked:', '    kronikerprogram-ikke-saerskilt: 2 without an amount, no history before 2026-11-02', '    samtaleterapi-over-7-pr-aar: no history before 2026-11-02', '    allerede-afregnet: no history (--history)'],
    ],
  ] as [Lang, string[]][])('%s: one line per rule, after any count it has', (lang, lines) => {
    const result = withSummary(fixtureResult(one), { counts: { 'kronikerprogram-ikke-saerskilt': { withoutAmount: 2 } }, withoutHistory });
    const out = formatters.pretty(result, ctx(lang)).split('\n');
    const at = out.indexOf(lines[0]!);
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at, at + 4)).toEqual(lines);
  });
});

describe('pretty: topics named like an object\'s own members', () => {
  // The summary's kroner by topic is a plain object: a topic with no kroner must not find
  // Object.prototype's member of its name there.
  it.each(['hasOwnProperty', 'toString', 'constructor', '__proto__', 'valueOf'])('topic "%s" without kroner: its row shows none, and the report is made', (topic) => {
    const result = fixtureResult([fixtureFinding({ topic }), fixtureFinding({ topic: 'Andet', ruleId: 'x', amount: '12.50', amountBasis: 'beloeb' })]);
    const out = formatters.pretty(result, ctx('da')).split('\n');
    const row = out.find((l) => l.startsWith(`  ${topic} `))!;
    expect(row.trim().split(/\s+/)).toEqual([topic, '1', '0', '0']);
    expect(out.find((l) => l.startsWith('  Andet '))).toMatch(/12,50/);
  });
});
