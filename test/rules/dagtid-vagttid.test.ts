// Family: daytime-only services (0126, and the booked 0125/0204) in vagttid: weekends, public holidays,
// and weekdays before 08:00 or from 16:00, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledRulesDir } from '../../src/ruleset/load.js';
import { of, P, rulesetWith, run } from '../helpers.js';

const VIDEO = 'videokonference-i-vagttid';
const BOOKED = 'aftalt-ydelse-i-vagttid';
const H = 'ydernummer,cpr,dato,ydelseskode,antal,tid';

/** [date, code, tid ('' for none)], one patient each so no other rule ties them together. */
type Line = [string, string, string];
const text = (rows: Line[]): string => `${H}\n${rows.map(([d, c, t], k) => ['1', Object.values(P)[k % 5], d, c, 1, t].join(',')).join('\n')}\n`;
const reasons = async (id: string, rows: Line[]) => of(await run(text(rows)), id).map((f) => [f.locations[0]?.line, f.details?.reason]);

describe(VIDEO, () => {
  const cases: [string, Line, string | null][] = [
    ['a Tuesday at 10:00', ['2025-03-04', '0126', '10:00'], null],
    ['a Saturday', ['2025-03-08', '0126', '10:00'], 'weekend'],
    ['a Sunday', ['2025-03-09', '0126', '10:00'], 'weekend'],
    ['a Saturday without a time', ['2025-03-08', '0126', ''], 'weekend'],
    ['juledag 2025-12-25 (a Thursday)', ['2025-12-25', '0126', '10:00'], 'helligdag'],
    ['2. juledag 2025-12-26 (a Friday)', ['2025-12-26', '0126', '10:00'], 'helligdag'],
    ['nytårsdag 2025-01-01 (a Wednesday)', ['2025-01-01', '0126', '10:00'], 'helligdag'],
    ['skærtorsdag 2025-04-17', ['2025-04-17', '0126', '10:00'], 'helligdag'],
    ['langfredag 2025-04-18', ['2025-04-18', '0126', '10:00'], 'helligdag'],
    ['2. påskedag 2025-04-21', ['2025-04-21', '0126', '10:00'], 'helligdag'],
    ['Kristi himmelfartsdag 2025-05-29', ['2025-05-29', '0126', '10:00'], 'helligdag'],
    ['2. pinsedag 2025-06-09', ['2025-06-09', '0126', '10:00'], 'helligdag'],
    ['store bededag 2023-05-05 (a holiday until 2023)', ['2023-05-05', '0126', '10:00'], 'helligdag'],
    ['the Friday that was store bededag in 2024 (2024-04-26; abolished)', ['2024-04-26', '0126', '10:00'], null],
    ['grundlovsdag 2025-06-05 (not a public holiday)', ['2025-06-05', '0126', '10:00'], null],
    ['juleaften 2025-12-24 (not a public holiday)', ['2025-12-24', '0126', '10:00'], null],
    ['a weekday at 16:00', ['2025-03-04', '0126', '16:00'], 'tidspunkt'],
    ['a weekday at 15:59', ['2025-03-04', '0126', '15:59'], null],
    ['a weekday at 08:00', ['2025-03-04', '0126', '08:00'], null],
    ['a weekday at 07:59', ['2025-03-04', '0126', '07:59'], 'tidspunkt'],
    ['a weekday at 23:30', ['2025-03-04', '0126', '23:30'], 'tidspunkt'],
    ['a weekday without a time', ['2025-03-04', '0126', ''], null],
    ['a Saturday before OK22 (2021-12-18)', ['2021-12-18', '0126', '10:00'], null],
    ['0101 on a Saturday (not a daytime-only code)', ['2025-03-08', '0101', '10:00'], null],
  ];
  it.each(cases)('0126 %s', async (_name, line, reason) => {
    expect(await reasons(VIDEO, [line])).toEqual(reason === null ? [] : [[2, reason]]);
  });

  it('a warning whose message says why', async () => {
    const [f] = of(await run(text([['2025-03-04', '0126', '16:00']])), VIDEO);
    expect([f?.severity, f?.details?.time]).toEqual(['warning', '16:00']);
    expect(f?.message).toContain('kl. 16:00, uden for dagtid');
  });

  it('a practice\'s own rules folder may move the end of daytime (dayEnd); weekends stay warnings', async () => {
    const file = JSON.parse(readFileSync(join(bundledRulesDir(), 'dagtid-vagttid.json'), 'utf8')) as { rules: { id: string; params: Record<string, unknown> }[] };
    const own = file.rules.filter((r) => r.id === VIDEO).map((r) => ({ ...r, params: { ...r.params, dayEnd: '18:00' } }));
    const rows: Line[] = [['2025-03-04', '0126', '17:30'], ['2025-03-04', '0126', '18:00'], ['2025-03-08', '0126', '10:00']];
    const result = await run(text(rows), rulesetWith(own));
    expect(of(result, VIDEO).map((f) => [f.locations[0]?.line, f.severity, f.details?.reason])).toEqual([[3, 'warning', 'tidspunkt'], [4, 'warning', 'weekend']]);
  });

  it('weekday lines without a time are counted, since only their date could be judged', async () => {
    const result = await run(text([['2025-03-04', '0126', ''], ['2025-03-05', '0126', ''], ['2025-03-06', '0126', '10:00'], ['2025-03-08', '0126', '']]));
    expect(result.summary.counts[VIDEO]).toEqual({ weekdayWithoutTime: 2 });
  });
});

describe(BOOKED, () => {
  it.each(['0125', '0204'])('%s on a Saturday, on juledag and at 16:00 is a hint each time; at 10:00 on a weekday it is not', async (code) => {
    const rows: Line[] = [['2025-03-08', code, '10:00'], ['2025-12-25', code, '10:00'], ['2025-03-04', code, '16:00'], ['2025-03-04', code, '10:00']];
    expect(await reasons(BOOKED, rows)).toEqual([[2, 'weekend'], [3, 'helligdag'], [4, 'tidspunkt']]);
    expect(await reasons(VIDEO, rows)).toEqual([]);
  });

  // No source makes 0125 or 0204 daytime-only, and practices hold evening consultations after 16:00.
  it.each([
    ['da', 'hint'],
    ['en', 'hint'],
  ] as const)('an info finding whose message (%s) says it is a hint', async (lang, word) => {
    const found = of(await run(text([['2025-03-04', '0125', '17:30']]), undefined, { lang }), BOOKED);
    expect(found.map((f) => f.severity)).toEqual(['info']);
    expect(found[0]?.message.toLowerCase()).toContain(word);
  });

  it('0126 is the video rule\'s, not this one\'s', async () => {
    expect(await reasons(BOOKED, [['2025-03-08', '0126', '10:00']])).toEqual([]);
  });
});
