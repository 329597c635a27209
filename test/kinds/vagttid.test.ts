// Table tests for the vagttid kind: dagtid-only codes on weekends, public holidays or outside 08:00-16:00.
import { describe, expect, it } from 'vitest';
import { RulesetError } from '../../src/ruleset/load.js';
import { base, of, P, rulesetWith, run } from '../helpers.js';

/** One 0101 line per [date, time] for patient a at practice 1 ('' for no time). */
function timed(rows: readonly [string, string][], code = '0101'): string {
  return `ydernummer,cpr,dato,ydelseskode,antal,tid\n${rows.map(([date, time]) => `1,${P.a},${date},${code},1,${time}`).join('\n')}\n`;
}

const params = { codes: ['0101'], dayStart: '08:00', dayEnd: '16:00' };
const ruleset = (extra: object = {}) => rulesetWith([{ id: 'x', kind: 'vagttid', ...base(), params: { ...params, ...extra } }]);

type Reason = 'weekend' | 'helligdag' | 'tidspunkt' | null;

const TUESDAY = '2025-03-04';
const cases: { name: string; date: string; time: string; reason: Reason }[] = [
  { name: 'weekday 00:00', date: TUESDAY, time: '00:00', reason: 'tidspunkt' },
  { name: 'weekday 07:59', date: TUESDAY, time: '07:59', reason: 'tidspunkt' },
  { name: 'weekday 08:00', date: TUESDAY, time: '08:00', reason: null },
  { name: 'weekday 15:59', date: TUESDAY, time: '15:59', reason: null },
  { name: 'weekday 16:00', date: TUESDAY, time: '16:00', reason: 'tidspunkt' },
  { name: 'weekday 23:59', date: TUESDAY, time: '23:59', reason: 'tidspunkt' },
  { name: 'weekday without time', date: TUESDAY, time: '', reason: null },
  { name: 'Friday afternoon', date: '2025-03-07', time: '15:30', reason: null },
  { name: 'Saturday in daytime', date: '2025-03-08', time: '10:00', reason: 'weekend' },
  { name: 'Sunday without time', date: '2025-03-09', time: '', reason: 'weekend' },
  { name: 'Saturday early morning is a weekend, not a time', date: '2025-03-08', time: '06:00', reason: 'weekend' },
  { name: 'nytårsdag 2025 (Wednesday)', date: '2025-01-01', time: '10:00', reason: 'helligdag' },
  { name: 'skærtorsdag 2025', date: '2025-04-17', time: '10:00', reason: 'helligdag' },
  { name: 'langfredag 2025', date: '2025-04-18', time: '', reason: 'helligdag' },
  { name: '2. påskedag 2025', date: '2025-04-21', time: '10:00', reason: 'helligdag' },
  { name: 'the Tuesday after Easter', date: '2025-04-22', time: '10:00', reason: null },
  { name: 'Kristi himmelfartsdag 2025', date: '2025-05-29', time: '10:00', reason: 'helligdag' },
  { name: 'pinsedag 2025 is a Sunday', date: '2025-06-08', time: '10:00', reason: 'weekend' },
  { name: '2. pinsedag 2025', date: '2025-06-09', time: '10:00', reason: 'helligdag' },
  { name: 'grundlovsdag is not a public holiday', date: '2025-06-05', time: '10:00', reason: null },
  { name: 'juleaften is not a public holiday', date: '2025-12-24', time: '10:00', reason: null },
  { name: 'juledag 2025', date: '2025-12-25', time: '10:00', reason: 'helligdag' },
  { name: '2. juledag 2025', date: '2025-12-26', time: '10:00', reason: 'helligdag' },
  { name: 'nytårsaften is not a public holiday', date: '2025-12-31', time: '10:00', reason: null },
  { name: 'a holiday with a time outside dagtid is a holiday', date: '2025-12-25', time: '20:00', reason: 'helligdag' },
  { name: 'store bededag 2023 (Easter + 26 days)', date: '2023-05-05', time: '10:00', reason: 'helligdag' },
  { name: 'Easter + 26 days in 2024 is an ordinary Friday', date: '2024-04-26', time: '10:00', reason: null },
];

describe('vagttid', () => {
  it.each(cases)('$name: $date $time', async ({ date, time, reason }) => {
    const result = await run(timed([[date, time]]), ruleset());
    expect(of(result, 'x').map((f) => f.details?.reason)).toEqual(reason === null ? [] : [reason]);
  });

  it('details give the time and why, in the report language', async () => {
    const result = await run(timed([[TUESDAY, '7:05'], ['2025-03-08', ''], ['2025-12-25', '10:00']]), ruleset(), { lang: 'en' });
    expect(of(result, 'x').map((f) => [f.locations[0]?.line, f.details])).toEqual([
      [2, { reason: 'tidspunkt', time: '07:05', why: 'at 07:05, outside daytime hours' }],
      [3, { reason: 'weekend', time: null, why: 'on a Saturday or Sunday' }],
      [4, { reason: 'helligdag', time: '10:00', why: 'on a public holiday' }],
    ]);
    const da = await run(timed([[TUESDAY, '16:00']]), ruleset());
    expect(da.findings[0]?.details?.why).toBe('kl. 16:00, uden for dagtid');
  });

  it('extraDays adds whole days of vagttid', async () => {
    const rows: [string, string][] = [['2025-12-24', '10:00'], ['2025-12-23', '10:00']];
    expect(of(await run(timed(rows), ruleset()), 'x')).toEqual([]);
    const result = await run(timed(rows), ruleset({ extraDays: ['12-24'] }));
    expect(of(result, 'x').map((f) => [f.date, f.details?.reason])).toEqual([['2025-12-24', 'helligdag']]);
  });

  it.each([
    ['07:59', 'tidspunkt'],
    ['08:00', null],
    ['15:59', null],
    ['16:00', 'tidspunkt'],
  ])('without dayStart and dayEnd daytime is 08:00-16:00: %s', async (time, reason) => {
    const defaults = rulesetWith([{ id: 'x', kind: 'vagttid', ...base(), params: { codes: ['0101'] } }]);
    expect(of(await run(timed([[TUESDAY, time]]), defaults), 'x').map((f) => f.details?.reason)).toEqual(reason ? [reason] : []);
  });

  it('only dayEnd given: dayStart stays 08:00', async () => {
    const later = rulesetWith([{ id: 'x', kind: 'vagttid', ...base(), params: { codes: ['0101'], dayEnd: '18:00' } }]);
    expect(of(await run(timed([[TUESDAY, '07:59'], [TUESDAY, '17:59'], [TUESDAY, '18:00']]), later), 'x').map((f) => f.details?.time)).toEqual(['07:59', '18:00']);
  });

  it('other dayStart and dayEnd', async () => {
    const result = await run(timed([[TUESDAY, '07:29'], [TUESDAY, '07:30'], [TUESDAY, '17:59'], [TUESDAY, '18:00']]), ruleset({ dayStart: '07:30', dayEnd: '18:00' }));
    expect(of(result, 'x').map((f) => f.details?.time)).toEqual(['07:29', '18:00']);
  });

  it('weekday lines without a time are counted; weekend and timed lines are not', async () => {
    const rows: [string, string][] = [[TUESDAY, ''], ['2025-03-05', ''], ['2025-03-06', '10:00'], ['2025-03-08', ''], ['2025-12-25', ''], [TUESDAY, '17:00']];
    const result = await run(timed(rows), ruleset());
    expect(result.summary.counts.x).toEqual({ weekdayWithoutTime: 2 });
  });

  it('codes outside the set are neither judged nor counted', async () => {
    const result = await run(timed([['2025-03-08', '10:00'], [TUESDAY, '']], '0125'), ruleset());
    expect(of(result, 'x')).toEqual([]);
    expect(result.summary.counts.x).toEqual({ weekdayWithoutTime: 0 });
  });

  it('applies only inside the validity period', async () => {
    const dated = rulesetWith([{ id: 'x', kind: 'vagttid', ...base({ validFrom: '2025-03-09' }), params }]);
    const result = await run(timed([['2025-03-08', '10:00'], ['2025-03-09', '10:00']]), dated);
    expect(of(result, 'x').map((f) => f.date)).toEqual(['2025-03-09']);
  });

  it.each([{ dayStart: '8:00' }, { dayEnd: '24:00' }, { extraDays: ['24-12'] }, { extraDays: ['12/24'] }])('a rule with %o does not load', (bad) => {
    expect(() => ruleset(bad)).toThrow(RulesetError);
    expect(() => ruleset(bad)).toThrow(/must be/);
  });
});

describe('vagttid: a daytime that cannot hold', () => {
  it('a rule with dayStart at or after dayEnd does not load', () => {
    expect(() =>
      rulesetWith([{ id: 'x', kind: 'vagttid', ...base(), params: { codes: ['0126'], dayStart: '16:00', dayEnd: '08:00' } }]),
    ).toThrow(/dayStart must be before dayEnd/);
  });
});
