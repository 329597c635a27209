// Family: the 0204 ceiling (aftalt-telefonkonsultation-hoejestegraense) and 0204 without video
// (aftalt-telefonkonsultation-uden-video), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { of, run } from '../helpers.js';

const ID = 'aftalt-telefonkonsultation-hoejestegraense';
const NOT_EVALUATED = `${ID}-ikke-evalueret`;

/** [ydernummer, cpr, dato, ydelseskode, beloeb ('' for none)]. */
type Line = [string, string, string, string, string];
const text = (lines: Line[]): string => `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n${lines.map(([p, c, d, k, b]) => [p, c, d, k, 1, b].join(',')).join('\n')}\n`;

/**
 * One practice: a line for each of its patients (a patient each), with the codes given in order and
 * 0101 for the rest. A code written 0204@0 is billed at 0.00 kr.; 0204@ has no amount; others 130.10.
 */
function practice(id: string, patients: number, codes: string[], offset: number, date = '2025-03-04'): Line[] {
  const lines: Line[] = [];
  for (let k = 0; k < patients; k++) {
    const cpr = `0101${String(50 + ((k + offset) % 40)).padStart(2, '0')}${String(1000 + k + offset).slice(-4)}`;
    const [code, amount] = (codes[k] ?? '0101').split('@') as [string, string?];
    lines.push([id, cpr, date, code, amount === undefined ? '130.10' : amount === '0' ? '0.00' : '']);
  }
  return lines;
}
const times = (n: number, code: string): string[] => Array<string>(n).fill(code);

/** n ordinary practices (ydernummer 90000k), each with `perPractice` paid 0204 lines to 10 patients. */
function others(n: number, perPractice: string[] = ['0204'], date = '2025-03-04'): Line[] {
  return Array.from({ length: n }, (_, k) => practice(`90000${k}`, 10, perPractice, 100 * (k + 1), date)).flat();
}

const flagged = async (lines: Line[], options = {}) => of(await run(text(lines), undefined, options), ID).map((f) => f.practice);

describe(`${ID}: a regional average only from 10 practices or more`, () => {
  // A: 5 of 10 patients (0.5). Others: 1 of 10 each.
  it.each([
    [9, [], ['info']],
    [10, ['111111'], []],
  ])('%i practices in the input: flagged %j, not-evaluated %j', async (count, warned, info) => {
    const result = await run(text([...practice('111111', 10, times(5, '0204'), 0), ...others(count - 1)]));
    expect(of(result, ID).map((f) => [f.severity, f.practice])).toEqual(warned.map((p) => ['warning', p]));
    expect(of(result, NOT_EVALUATED).map((f) => f.severity)).toEqual(info);
  });

  it('the not-evaluated finding says why: how many practices, and how many an average needs', async () => {
    const [f] = of(await run(text([...practice('111111', 10, times(5, '0204'), 0), ...others(8)])), NOT_EVALUATED);
    expect(f?.details).toMatchObject({ practices: 9, minPractices: 10 });
    expect(f?.message).toContain('9 praksis');
    expect(f?.message).toContain('mindst 10');
    expect(f?.message).toContain('--regional-average 0204=');
  });

  it('one practice with a published average is evaluated against it', async () => {
    const lines = practice('111111', 10, times(5, '0204'), 0);
    expect(await flagged(lines, { regionalAverages: { '0204': '0.4' } })).toEqual(['111111']);
    expect(await flagged(lines, { regionalAverages: { '0204': '0.41' } })).toEqual([]);
  });

  // A 5/10; eight others 4/10 and one 3/10: R = 40/100 = 0.4, so 1.25 x R = 0.5 = A's rate exactly.
  it('1.25 x the regional average exactly is a warning for that practice', async () => {
    const lines = [...practice('111111', 10, times(5, '0204'), 0), ...others(8, times(4, '0204')), ...practice('900009', 10, times(3, '0204'), 900)];
    const found = of(await run(text(lines)), ID);
    expect(found.map((f) => [f.severity, f.practice, f.patient, f.locations])).toEqual([['warning', '111111', null, []]]);
    expect(found[0]?.details).toMatchObject({ rate: '0.5', regionalAverage: '0.4', threshold: '0.5', units: 5, patients: 10, companionCode: '0125' });
  });
});

describe(`${ID}: from 1 April 2023, when Region Midt announced the control`, () => {
  it.each([
    ['2023-03-31', []],
    ['2023-04-01', ['111111']],
  ])('every line dated %s: flagged %j', async (date, expected) => {
    expect(await flagged([...practice('111111', 10, times(5, '0204'), 0, date), ...others(9, ['0204'], date)])).toEqual(expected);
  });

  it('lines before 2023-04-01 neither count for the practice nor for the average', async () => {
    // A's five 0204 are dated 2023-03-31 and do not count; its 0204 of 2023-04-03 is 1 of 1 patient.
    // R = (1 + 9) / (1 + 90) = 0.1099.
    const lines = [...practice('111111', 10, times(5, '0204'), 0, '2023-03-31'), ...practice('111111', 1, ['0204'], 50, '2023-04-03'), ...others(9, ['0204'], '2023-04-03')];
    const [f] = of(await run(text(lines)), ID);
    expect(f?.details).toMatchObject({ units: 1, patients: 1, rate: '1', regionalAverage: '0.1099' });
  });
});

describe(`${ID}: 0204 billed at 0 kr. is not an expense`, () => {
  const cases: [string, Line[], string[]][] = [
    ['5 paid of 10 patients', [...practice('111111', 10, times(5, '0204'), 0), ...others(9)], ['111111']],
    // Counted, A would have 5/10 = 0.5 (flagged); left out, 1/10 = 0.1 against R = 10/100.
    ['1 paid and 4 at 0.00 kr.', [...practice('111111', 10, ['0204', ...times(4, '0204@0')], 0), ...others(9)], []],
    ['5 without an amount (not known to be zero-rated, so counted)', [...practice('111111', 10, times(5, '0204@'), 0), ...others(9)], ['111111']],
    // The others' zero-rated lines leave the average too: 2/10 against R = 11/100 (counted, R = 38/100).
    ['the average leaves out zero-rated lines too', [...practice('111111', 10, times(2, '0204'), 0), ...others(9, ['0204', ...times(3, '0204@0')])], ['111111']],
    // Video use counts every line: 6 uses of 0204 (4 paid, 2 at 0 kr.) against 10 × 0125 is under twice.
    ['video against every use of 0204, paid or not: 10 × 0125 to 6 × 0204', [...practice('111111', 20, [...times(4, '0204'), ...times(2, '0204@0'), ...times(10, '0125@0')], 0), ...others(9)], ['111111']],
    ['10 × 0125 to 4 × 0204: cleared', [...practice('111111', 20, [...times(4, '0204'), ...times(10, '0125@0')], 0), ...others(9)], []],
  ];
  it.each(cases)('%s', async (_name, lines, expected) => {
    expect(await flagged(lines)).toEqual(expected);
  });

  it('details say how many units count and how many were used', async () => {
    const [f] = of(await run(text([...practice('111111', 20, [...times(4, '0204'), ...times(2, '0204@0'), ...times(10, '0125@0')], 0), ...others(9)])), ID);
    expect(f?.details).toMatchObject({ units: 4, unitsUsed: 6, companionUnits: 10, patients: 20 });
  });
});

describe(`${ID}: video`, () => {
  it('video used twice as often as 0204 clears the practice', async () => {
    expect(await flagged([...practice('111111', 20, [...times(5, '0204'), ...times(10, '0125')], 0), ...others(9)])).toEqual([]);
  });
});

const NO_VIDEO = 'aftalt-telefonkonsultation-uden-video';

describe(NO_VIDEO, () => {
  const cases: [string, Line[], string[]][] = [
    ['0204 and no 0125 at all: one info finding for the practice', practice('111111', 10, times(3, '0204'), 0), ['111111']],
    ['0204 and one 0125 (paid)', practice('111111', 10, [...times(3, '0204'), '0125'], 0), []],
    ['0204 and one 0125 at 0 kr. (a kroniker patient\'s video still shows video is offered)', practice('111111', 10, [...times(3, '0204'), '0125@0'], 0), []],
    ['0125 only at another practice', [...practice('111111', 10, times(3, '0204'), 0), ...practice('222222', 10, ['0125'], 300)], ['111111']],
    ['two practices without video: one finding each', [...practice('111111', 10, ['0204'], 0), ...practice('222222', 10, ['0204'], 300)], ['111111', '222222']],
    ['no 0204: nothing to say', practice('111111', 10, [], 0), []],
    ['0204 before OK22 (2021-12-31)', practice('111111', 10, ['0204'], 0, '2021-12-31'), []],
  ];
  it.each(cases)('%s', async (_name, lines, expected) => {
    expect(of(await run(text(lines)), NO_VIDEO).map((f) => f.practice)).toEqual(expected);
  });

  it('an info finding with the practice\'s 0204 counts and no patient or line', async () => {
    const [f] = of(await run(text(practice('111111', 10, times(3, '0204'), 0))), NO_VIDEO);
    expect([f?.severity, f?.patient, f?.locations, f?.codes]).toEqual(['info', null, [], ['0204']]);
    expect(f?.details).toMatchObject({ lines: 3, units: 3, patients: 3 });
    expect(f?.message).toContain('0125');
  });
});
