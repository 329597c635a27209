// Table tests for the practice-ratio kind (the 0204 ceiling's kind).
import { describe, expect, it } from 'vitest';
import { base, csv, register, type Row, rulesetWith, run, tuples } from '../helpers.js';

const params = {
  code: '0204',
  factor: '1.25',
  unlessCompanion: { code: '0125', atLeastTimes: '2' },
  minPractices: 2,
  notEvaluated: { id: 'r-ikke-evalueret', message: { da: 'ikke vurderet', en: 'not evaluated' } },
};

/** `patients` distinct patients at a practice, the first `units` of them with one line of `code`, the rest 0101. */
function practice(id: string, patients: number, units: number, code = '0204', offset = 0): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < patients; k++) {
    const cpr = `0101${String(50 + ((k + offset) % 40)).padStart(2, '0')}${String(1000 + k + offset).slice(-4)}`;
    rows.push([id, cpr, '2025-03-04', k < units ? code : '0101']);
  }
  return rows;
}

function ids(rows: Row[], regionalAverages?: Record<string, string>) {
  return run(csv(rows), rulesetWith([{ ...base({ severity: 'warning' }), id: 'r', kind: 'practice-ratio', params }]), { regionalAverages });
}

describe('practice-ratio', () => {
  // Practice A: 5 units / 10 patients = 0.5. Practice B: 1 unit / 10 patients.
  // Pooled R = 6 / 20 = 0.3; 1.25 x R = 0.375; A is over, B is not.
  it('flags the practice at or above factor x the pooled average', async () => {
    const result = await ids([...practice('1', 10, 5), ...practice('2', 10, 1, '0204', 100)]);
    expect(result.findings.map((f) => [f.ruleId, f.practice])).toEqual([['r', '1']]);
    expect(result.findings[0]?.details).toMatchObject({ rate: '0.5', regionalAverage: '0.3', threshold: '0.375', units: 5, patients: 10, companionUnits: 0 });
    expect(result.findings[0]?.locations).toEqual([]);
  });

  // A: 5/20 = 0.25, B: 3/20 = 0.15, C: 0/20 → R = 8/60 = 2/15; 1.25 x R = 1/6 ≈ 0.1667: only A.
  // Exact boundary: A: 5/10 = 0.5; B: 3/10 → R = 8/20 = 0.4; 1.25 x 0.4 = 0.5 exactly → A flagged.
  it('exactly 1.25 x the average is a finding (the comparison is exact)', async () => {
    const result = await ids([...practice('1', 10, 5), ...practice('2', 10, 3, '0204', 100)]);
    expect(tuples(result.findings)).toEqual([['r', []]]);
    expect(result.findings[0]?.details).toMatchObject({ rate: '0.5', threshold: '0.5' });
  });

  it('just under 1.25 x the average is not', async () => {
    // A: 5/10 = 0.5; B: 4/11 → R = 9/21; 1.25 x R = 0.5357 > 0.5.
    const result = await ids([...practice('1', 10, 5), ...practice('2', 11, 4, '0204', 100)]);
    expect(result.findings).toEqual([]);
  });

  it('video at least twice as often as 0204 clears the practice', async () => {
    const rows = [...practice('1', 10, 5), ...practice('1', 10, 10, '0125', 200), ...practice('2', 10, 1, '0204', 100)];
    expect((await ids(rows)).findings).toEqual([]);
  });

  it('video under twice as often does not', async () => {
    const rows = [...practice('1', 10, 5), ...practice('1', 9, 9, '0125', 200), ...practice('2', 10, 1, '0204', 100)];
    const result = await ids(rows);
    expect(result.findings.map((f) => f.practice)).toEqual(['1']);
    expect(result.findings[0]?.details).toMatchObject({ companionUnits: 9, patients: 19 });
  });

  it('one practice and no average: one info finding that it was not evaluated', async () => {
    const result = await ids(practice('1', 10, 5));
    expect(result.findings.map((f) => [f.ruleId, f.severity])).toEqual([['r-ikke-evalueret', 'info']]);
  });

  it('one practice with a published average is evaluated against it', async () => {
    expect((await ids(practice('1', 10, 5), { '0204': '0.4' })).findings.map((f) => f.ruleId)).toEqual(['r']);
    expect((await ids(practice('1', 10, 5), { '0204': '0.41' })).findings).toEqual([]);
  });

  it('no lines of the code: nothing to say', async () => {
    expect((await ids(practice('1', 10, 0))).findings).toEqual([]);
  });
});

describe('practice-ratio: the denominator from the practice register', () => {
  const ruleset = rulesetWith([{ ...base({ severity: 'warning' }), id: 'r', kind: 'practice-ratio', params }]);
  // Seen: A 5 units / 10 patients, B 1 unit / 10 patients (A is over, as above).
  const rows = [...practice('1', 10, 5), ...practice('2', 10, 1, '0204', 100)];

  // Listed: A 95, B 5 → R = 6 / 100 = 0.06, threshold 1.25 x 0.06 = 0.075.
  // A: 5 / 95 ≈ 0.0526 is under; B: 1 / 5 = 0.2 is over. The flagged practice changes.
  it('tilmeldte for every practice: divides by listed patients', async () => {
    const practices = await register('ydernummer,kapaciteter,tilmeldte\n1,1,95\n2,1,5\n');
    const result = await run(csv(rows), ruleset, { practices });
    expect(result.findings.map((f) => [f.ruleId, f.practice])).toEqual([['r', '2']]);
    expect(result.findings[0]?.details).toMatchObject({
      rate: '0.2',
      regionalAverage: '0.06',
      threshold: '0.075',
      units: 1,
      patients: 5,
      denominator: 'listed-patients',
      averageFrom: 'input',
    });
  });

  it('tilmeldte with a published average: rate = units / listed', async () => {
    // A: 5 / 95 ≈ 0.0526 ≥ 1.25 x 0.04 = 0.05; B: 1 / 5 = 0.2 ≥ 0.05.
    const practices = await register('ydernummer,kapaciteter,tilmeldte\n1,1,95\n2,1,5\n');
    const result = await run(csv(rows), ruleset, { practices, regionalAverages: { '0204': '0.04' } });
    expect(result.findings.map((f) => [f.practice, f.details?.rate, f.details?.patients, f.details?.denominator])).toEqual([
      ['1', '0.0526', 95, 'listed-patients'],
      ['2', '0.2', 5, 'listed-patients'],
    ]);
  });

  it.each([
    ['one practice without tilmeldte', 'ydernummer,kapaciteter,tilmeldte\n1,1,95\n2,1,\n'],
    ['one practice not in the register', 'ydernummer,kapaciteter,tilmeldte\n1,1,95\n'],
    ['no tilmeldte column', 'ydernummer,kapaciteter\n1,1\n2,1\n'],
  ])('%s: divides by patients seen', async (_name, text) => {
    const result = await run(csv(rows), ruleset, { practices: await register(text) });
    expect(result.findings.map((f) => [f.ruleId, f.practice])).toEqual([['r', '1']]);
    expect(result.findings[0]?.details).toMatchObject({ rate: '0.5', regionalAverage: '0.3', patients: 10, denominator: 'patients-seen' });
  });

  it('without a register: patients seen', async () => {
    const result = await run(csv(rows), ruleset);
    expect(result.findings.map((f) => [f.practice, f.details?.denominator])).toEqual([['1', 'patients-seen']]);
  });
});

describe('practice-ratio: skipZeroAmount', () => {
  const rule = (extra: object) => rulesetWith([{ ...base({ severity: 'warning' }), id: 'r', kind: 'practice-ratio', params: { ...params, ...extra } }]);
  /** [practice, patient number, code, beloeb]: one line each, a patient per number. */
  const text = (lines: [string, number, string, string][]) =>
    `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n${lines.map(([p, n, code, b]) => `${p},0101${String(50 + (n % 40)).padStart(2, '0')}${1000 + n},2025-03-04,${code},1,${b}`).join('\n')}\n`;
  // A: 10 patients, 2 × 0204 at 130.10 and 3 × 0204 at 0.00. B: 10 patients, 1 × 0204 at 130.10.
  const lines: [string, number, string, string][] = [
    ...Array.from({ length: 10 }, (_, k): [string, number, string, string] => ['1', k, k < 2 ? '0204' : k < 5 ? '0204' : '0101', k < 2 ? '130.10' : k < 5 ? '0.00' : '172.88']),
    ...Array.from({ length: 10 }, (_, k): [string, number, string, string] => ['2', 100 + k, k < 1 ? '0204' : '0101', k < 1 ? '130.10' : '172.88']),
  ];

  it.each([
    // Counted: A 5/10 against R = 6/20 = 0.3 (threshold 0.375): flagged.
    ['absent (default false): lines at 0.00 count', {}, [['1', 5, '0.5', '0.3']]],
    // Left out: A 2/10 against R = 3/20 = 0.15 (threshold 0.1875): flagged, on 2 units.
    ['true: lines at 0.00 do not count for the practice or the average', { skipZeroAmount: true }, [['1', 2, '0.2', '0.15']]],
  ])('%s', async (_name, extra, expected) => {
    const result = await run(text(lines), rule(extra));
    expect(result.findings.map((f) => [f.practice, f.details?.units, f.details?.rate, f.details?.regionalAverage])).toEqual(expected);
  });

  it('true: the companion condition compares with every line of the code, paid or not', async () => {
    // A: 2 paid + 3 at 0.00 = 5 uses; 9 × 0125 is under 2 × 5, so not cleared; 10 is. The video lines
    // go to A's own five 0101 patients, so A's patients (and the rates above) stay as they are.
    const video = (n: number): [string, number, string, string][] => Array.from({ length: n }, (_, k) => ['1', 5 + (k % 5), '0125', '0.00']);
    expect((await run(text([...lines, ...video(9)]), rule({ skipZeroAmount: true }))).findings.map((f) => [f.practice, f.details?.unitsUsed])).toEqual([['1', 5]]);
    expect((await run(text([...lines, ...video(10)]), rule({ skipZeroAmount: true }))).findings).toEqual([]);
  });
});
