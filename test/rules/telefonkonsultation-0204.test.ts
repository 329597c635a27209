// Family: the 0204 ceiling (aftalt-telefonkonsultation-hoejestegraense), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ID = 'aftalt-telefonkonsultation-hoejestegraense';

function practice(id: string, patients: number, codes: Record<string, number>, date = '2025-03-04', offset = 0): Row[] {
  const list = Object.entries(codes).flatMap(([code, n]) => Array<string>(n).fill(code));
  const rows: Row[] = [];
  for (let k = 0; k < patients; k++) {
    const cpr = `0101${String(50 + ((k + offset) % 40)).padStart(2, '0')}${String(1000 + k + offset).slice(-4)}`;
    rows.push([id, cpr, date, list[k] ?? '0101']);
  }
  return rows;
}

describe(ID, () => {
  // A 5/10, B 3/10: R = 0.4, 1.25 x R = 0.5 = A's rate exactly.
  it('1.25 x the regional average exactly is a warning for that practice', async () => {
    const result = await run(csv([...practice('111111', 10, { '0204': 5 }), ...practice('222222', 10, { '0204': 3 }, '2025-03-04', 100)]));
    const found = of(result, ID);
    expect(found.map((f) => [f.severity, f.practice, f.patient, f.locations])).toEqual([['warning', '111111', null, []]]);
    expect(found[0]?.details).toMatchObject({ rate: '0.5', regionalAverage: '0.4', threshold: '0.5', units: 5, patients: 10, companionCode: '0125' });
  });

  it('video used twice as often as 0204 clears the practice', async () => {
    const rows = [...practice('111111', 20, { '0204': 5, '0125': 10 }), ...practice('222222', 20, { '0204': 1 }, '2025-03-04', 100)];
    expect(of(await run(csv(rows)), ID)).toEqual([]);
  });

  it('one practice without a published average: one info finding instead of silence', async () => {
    const result = await run(csv(practice('111111', 10, { '0204': 5 })));
    expect(of(result, ID)).toEqual([]);
    expect(of(result, `${ID}-ikke-evalueret`).map((f) => f.severity)).toEqual(['info']);
  });

  it('--regional-average replaces the pooled average', async () => {
    const rows = practice('111111', 10, { '0204': 5 });
    expect(of(await run(csv(rows), undefined, { regionalAverages: { '0204': '0.4' } }), ID)).toHaveLength(1);
    expect(of(await run(csv(rows), undefined, { regionalAverages: { '0204': '0.5' } }), ID)).toEqual([]);
  });

  it('lines before OK22 (2022-01-01) are outside the rule', async () => {
    const rows = [...practice('111111', 10, { '0204': 5 }, '2021-06-01'), ...practice('222222', 10, { '0204': 3 }, '2021-06-01', 100)];
    expect(of(await run(csv(rows)), ID)).toEqual([]);
  });
});
