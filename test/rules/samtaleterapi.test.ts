// Family: 6101 never alone and at most 7 per patient per calendar year, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ALONE = 'samtaleterapi-uden-grundydelse';
const CAP = 'samtaleterapi-over-7-pr-aar';

/** n talks for patient a, each with its 0101, on Mondays from 2025-01-06 (practice alternates when asked). */
function talks(n: number, practices = ['1']): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < n; k++) {
    const date = new Date(Date.UTC(2025, 0, 6 + 7 * k)).toISOString().slice(0, 10);
    const practice = practices[k % practices.length]!;
    rows.push([practice, 'a', date, '0101'], [practice, 'a', date, '6101']);
  }
  return rows;
}

describe(ALONE, () => {
  it('a lone 6101 is an error with the fix the region applies', async () => {
    const [f] = of(await run(csv([['1', 'a', '2025-03-04', '6101']])), ALONE);
    expect(f?.severity).toBe('error');
    expect(f?.fix).toMatchObject({ replace: '6101', with: '0101' });
    expect(f?.fix?.da).toContain('0101');
  });
  // The fix says both things: add the consultation the talk was given at, else the region recodes 6101 to 0101.
  it.each([
    ['da', ['tilføj', '0101 (eller 0125)', 'ellers', 'regionen', '6101 til 0101']],
    ['en', ['add', '0101 (or 0125)', 'otherwise', 'region', '6101 to 0101']],
  ] as const)('the fix (%s) names both ways out', async (lang, parts) => {
    const [f] = of(await run(csv([['1', 'a', '2025-03-04', '6101']]), undefined, { lang }), ALONE);
    for (const part of parts) expect(f?.fix?.[lang].toLowerCase()).toContain(part);
  });
  it.each(['0101', '0125'])('6101 with %s the same day is fine', async (code) => {
    expect(of(await run(csv([['1', 'a', '2025-03-04', code], ['1', 'a', '2025-03-04', '6101']])), ALONE)).toEqual([]);
  });
  it.each(['0105', '0201', '0120'])('6101 with only %s is still alone', async (code) => {
    expect(of(await run(csv([['1', 'a', '2025-03-04', code], ['1', 'a', '2025-03-04', '6101']])), ALONE)).toHaveLength(1);
  });
});

describe(CAP, () => {
  it('exactly 7 units in a year is fine', async () => {
    expect(of(await run(csv(talks(7))), CAP)).toEqual([]);
  });
  it('the 8th unit is a finding on that line only', async () => {
    const [f, ...rest] = of(await run(csv(talks(8))), CAP);
    expect(rest).toEqual([]);
    expect(f?.locations.map((l) => l.line)).toEqual([17]); // 8th 6101 is data row 16, physical line 17
    expect(f?.details).toMatchObject({ count: 8, max: 7, year: 2025 });
  });
  it('counts across practices', async () => {
    expect(of(await run(csv(talks(8, ['1', '2']))), CAP)).toHaveLength(1);
  });
  it('antal counts as units', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '6101', 8]];
    expect(of(await run(csv(rows)), CAP).map((f) => f.details?.count)).toEqual([8]);
  });
});
