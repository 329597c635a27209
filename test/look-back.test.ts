// How far back each rule looks (from its kind and params), and what that means for a check without history and for pruning the ledger.
import { describe, expect, it } from 'vitest';
import { historySince, lookBackOf, pruneLimit, reachOf, rulesWithoutHistory } from '../src/engine/look-back.js';
import { dayNumber, isoDate } from '../src/model/date.js';
import { base, bundledRuleset, rulesetWith } from './helpers.js';

const day = (iso: string): number => dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

describe('the look-back of every bundled rule', () => {
  // Written out from the rule files: a rolling window of N days reaches N - 1 days back.
  const expected: Record<string, number | 'calendar-year' | 'unbounded'> = {
    'abortstoette-over-2-pr-aar': 364,
    'allerede-afregnet': 0,
    'dosispakning-opstart-gentaget': 364,
    'kronikerprogram-ikke-saerskilt': 'unbounded',
    'kroniker-tilmelding-uden-afmelding': 'unbounded',
    'palliation-mulighed': 30,
    'psykisk-syge-over-1-pr-aar': 'calendar-year',
    'samtaleterapi-over-7-pr-aar': 'calendar-year',
    'sundhedstjek-inden-2-aar': 729,
  };
  it.each(bundledRuleset().rules.map((r) => [r.id, r.kind, r] as const))('%s (%s)', (id, _kind, rule) => {
    expect(lookBackOf(rule)).toBe(expected[id] ?? null);
  });
});

describe('look-back by kind and params', () => {
  const rule = (kind: string, params: object) => rulesetWith([{ id: 'x', kind, ...base(), params }]).rules[0]!;
  const window = (w: unknown) => rule('max-per-window', { codes: ['0101'], max: 1, measure: 'lines', window: w, scope: 'patient' });
  it.each([
    ['max-per-window by day', window('day'), null],
    ['max-per-window by calendar year', window('calendar-year'), 'calendar-year'],
    ['max-per-window over 1 rolling day (the day itself)', window({ rollingDays: 1 }), null],
    ['max-per-window over 365 rolling days', window({ rollingDays: 365 }), 364],
    ['near-in-time, 0 days (the same day)', rule('near-in-time', { codes: ['0411'], near: ['4584'], days: 0 }), null],
    ['near-in-time, 30 days', rule('near-in-time', { codes: ['0411'], near: ['4584'], days: 30 }), 30],
    ['program-exclusion', rule('program-exclusion', { enrolCodes: ['0130'], endCodes: ['0133'], excludedCodes: ['0101'] }), 'unbounded'],
    ['enrolment-transfer', rule('enrolment-transfer', { enrolCodes: ['0130'], endCodes: ['0133'] }), 'unbounded'],
    ['already-billed: the same day, in other invoices', rule('already-billed', { codes: ['0101'] }), 0],
    ['duplicate-lines', rule('duplicate-lines', { codes: ['0101'] }), null],
    ['requires-same-day', rule('requires-same-day', { codes: ['6101'], anyOf: ['0101'] }), null],
  ] as const)('%s', (_name, r, lookBack) => {
    expect(lookBackOf(r)).toBe(lookBack);
  });

  it.each([
    [null, '2026-11-02', '2026-11-02'],
    [0, '2026-11-02', '2026-11-02'],
    [30, '2026-11-02', '2026-10-03'],
    [364, '2026-03-01', '2025-03-02'],
    ['calendar-year', '2026-11-02', '2026-01-01'],
    ['calendar-year', '2026-01-01', '2026-01-01'],
  ] as const)('%s before %s reaches %s', (lookBack, from, reach) => {
    expect(isoDate(reachOf(lookBack, day(from)))).toBe(reach);
  });

  it('unbounded reaches without limit', () => {
    expect(reachOf('unbounded', day('2026-11-02'))).toBe(-Infinity);
  });
});

describe('rules without history', () => {
  const yearly = (id: string, validFrom: string, validTo: string | null = null) => ({
    id,
    kind: 'max-per-window',
    ...base({ validFrom, validTo }),
    params: { codes: ['6101'], max: 7, measure: 'units', window: 'calendar-year', scope: 'patient' },
  });
  const rules = rulesetWith([yearly('always', '2000-01-01'), yearly('from-mid-november', '2026-11-15'), yearly('ended', '2000-01-01', '2025-12-31'), yearly('from-december', '2026-12-01')]).rules;
  it('are those in force in the period whose look-back from their first judged day reaches before the first day seen', () => {
    // From 2026-11-02: the first reaches 2026-01-01; the second is judged from 2026-11-15 and
    // reaches 2026-01-01; the third ended before the period, the fourth starts after it.
    expect(rulesWithoutHistory(rules, day('2026-11-02'), day('2026-11-30'), day('2026-11-02'), false)).toEqual([
      { ruleId: 'always', lookBack: 'calendar-year', before: '2026-11-02' },
      { ruleId: 'from-mid-november', lookBack: 'calendar-year', before: '2026-11-02' },
    ]);
    expect(rulesWithoutHistory(rules, day('2026-11-02'), day('2026-11-30'), day('2026-01-01'), true)).toEqual([]);
  });

  it('a rule that looks at other invoices of the same days is listed without a history (with no date), and not with one', () => {
    const billed = rulesetWith([{ id: 'billed', kind: 'already-billed', ...base(), params: { codes: ['0101'] } }]).rules;
    expect(rulesWithoutHistory(billed, day('2026-11-02'), day('2026-11-30'), day('2026-11-02'), false)).toEqual([{ ruleId: 'billed', lookBack: 0, before: null }]);
    expect(rulesWithoutHistory(billed, day('2026-11-02'), day('2026-11-30'), day('2026-11-02'), true)).toEqual([]);
  });
});

describe('how much history a prune must keep for the next invoice', () => {
  const rules = bundledRuleset().rules;
  // The ledger's last line is 2026-10-31: the next invoice starts 2026-11-01. The longest bounded
  // look-back is 0123's 729 days: 2024-11-02.
  it.each([
    ['2024-11-02', []],
    ['2024-11-03', ['sundhedstjek-inden-2-aar']],
    ['2026-01-01', ['abortstoette-over-2-pr-aar', 'dosispakning-opstart-gentaget', 'sundhedstjek-inden-2-aar']],
    ['2026-01-02', ['abortstoette-over-2-pr-aar', 'dosispakning-opstart-gentaget', 'psykisk-syge-over-1-pr-aar', 'samtaleterapi-over-7-pr-aar', 'sundhedstjek-inden-2-aar']],
  ])('before %s cuts %j', (before, cut) => {
    const limit = pruneLimit(rules, day('2026-11-01'), day(before));
    expect(isoDate(limit.keepFrom)).toBe('2024-11-02');
    expect(limit.cut.map((c) => c.ruleId).sort()).toEqual(cut);
    expect(limit.unbounded.sort()).toEqual(['kroniker-tilmelding-uden-afmelding', 'kronikerprogram-ikke-saerskilt']);
  });
});

describe('the history lines the rules read, for an input from 2026-11-02', () => {
  const since = historySince(bundledRuleset().rules, day('2026-11-02'));
  it.each([
    ['6101 (a calendar-year count)', '6101', '2026-01-01'],
    ['2150 (a calendar-year count)', '2150', '2026-01-01'],
    ['0123 (730 days)', '0123', '2024-11-03'],
    ['0122 (365 days)', '0122', '2025-11-03'],
    ['4500 (365 days)', '4500', '2025-11-03'],
    ['4584, a palliative visit near a sygebesøg (30 days)', '4584', '2026-10-03'],
    ['0130, an enrolment (no limit)', '0130', 'any'],
    ['0133, an end of enrolment (no limit)', '0133', 'any'],
    ['0101 (no rule looks back for it)', '0101', 'none'],
    ['0411, a sygebesøg (the finding would be about the earlier line)', '0411', 'none'],
  ])('%s: from %s', (_what, code, from) => {
    const d = since[Number(code)]!;
    expect(d === -Infinity ? 'any' : d === Infinity ? 'none' : isoDate(d)).toBe(from);
  });
});
