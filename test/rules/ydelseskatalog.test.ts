// Family: service codes must be valid on the service date in the catalogue (ydelseskatalog.json), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { bundledRuleset, csv, of, type Row, run } from '../helpers.js';

const OUTSIDE = 'ydelseskode-uden-for-gyldighed';
const KNOWN = 'ydelseskode-efter-kendt-gyldighed';

const entry = (code: string) => bundledRuleset().catalog.get(Number(code))!;
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

/** The day before an ISO date. */
function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The day after an ISO date. */
function dayAfter(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// The rule's source names these as the OK22 codes, valid from 2022-01-01.
const OK22 = ['0123', '0124', '0125', '0126', '0127', '0128', '0204', '2150'];

describe(OUTSIDE, () => {
  it.each(OK22)('the catalogue gives OK22 code %s the first valid day 2022-01-01', (code) => {
    expect(entry(code).validFrom).toBe('2022-01-01');
  });

  it.each(OK22)('%s on the day before its validFrom is an error on that line; on validFrom it is fine', async (code) => {
    const first = entry(code).validFrom!;
    const rows: Row[] = [['1', 'a', dayBefore(first), code], ['1', 'b', first, code]];
    const found = of(await run(csv(rows)), OUTSIDE);
    expect(lines(found)).toEqual([[2]]);
    expect(found[0]?.severity).toBe('error');
    expect(found[0]?.codes).toEqual([code]);
    expect(found[0]?.details).toMatchObject({ code, validFrom: first, validTo: null, judgedOn: dayBefore(first) });
  });

  it('4500 (dosispakket medicin) before its validFrom is an error; from validFrom on it is not', async () => {
    const first = entry('4500').validFrom!;
    expect(first).toBe('2023-03-01'); // the rule's source
    const rows: Row[] = [['1', 'a', dayBefore(first), '4500'], ['1', 'a', first, '4500'], ['1', 'a', '2025-06-02', '4500']];
    expect(lines(of(await run(csv(rows)), OUTSIDE))).toEqual([[2]]);
  });

  it('every line outside the validity is its own finding', async () => {
    const rows: Row[] = [['1', 'a', '2021-03-01', '0125'], ['1', 'b', '2021-03-02', '0204'], ['1', 'c', '2021-03-03', '0126']];
    expect(lines(of(await run(csv(rows)), OUTSIDE))).toEqual([[2], [3], [4]]);
  });

  it.each(['0101', '0105', '6101', '0130'])('%s has no validity dates in the catalogue and is never outside them', async (code) => {
    expect([entry(code).validFrom, entry(code).validTo]).toEqual([null, null]);
    const rows: Row[] = [['1', 'a', '2000-01-01', code], ['1', 'b', '2025-03-04', code]];
    expect(of(await run(csv(rows)), OUTSIDE)).toEqual([]);
  });

  it('a code not in the catalogue gets only the unknown-code info, not a validity finding', async () => {
    const result = await run(csv([['1', 'a', '2025-03-04', '9998']]));
    expect([of(result, OUTSIDE), of(result, KNOWN), of(result, 'ukendt-ydelseskode').length]).toEqual([[], [], 1]);
  });

  it('lines before the rule itself is valid (2000-01-01) are not judged', async () => {
    expect(of(await run(csv([['1', 'a', '1999-12-31', '0126']])), OUTSIDE)).toEqual([]);
  });

  it('--as-of judges every line on that date instead of its own', async () => {
    const early: Row[] = [['1', 'a', '2021-06-01', '0126']];
    expect(of(await run(csv(early)), OUTSIDE)).toHaveLength(1);
    expect(of(await run(csv(early), undefined, { asOf: '2025-03-04' }), OUTSIDE)).toEqual([]);
    const late: Row[] = [['1', 'a', '2025-03-04', '0126']];
    expect(of(await run(csv(late)), OUTSIDE)).toEqual([]);
    const found = of(await run(csv(late), undefined, { asOf: '2021-12-31' }), OUTSIDE);
    expect(found.map((f) => f.details?.judgedOn)).toEqual(['2021-12-31']);
  });
});

describe(KNOWN, () => {
  it('4500 is confirmed to 2024-12-31: its last confirmed day is fine, the day after is a warning', async () => {
    const until = entry('4500').knownUntil!;
    expect(until).toBe('2024-12-31'); // the rule's source: the agreement ran to the end of 2024
    const rows: Row[] = [['1', 'a', until, '4500'], ['1', 'a', dayAfter(until), '4500']];
    const found = of(await run(csv(rows)), KNOWN);
    expect(lines(found)).toEqual([[3]]);
    expect(found[0]?.severity).toBe('warning');
    expect(found[0]?.details).toMatchObject({ code: '4500', knownUntil: until, judgedOn: dayAfter(until) });
  });

  it('a 4500 in 2025 is a warning, not an error: it is still inside its validity', async () => {
    const result = await run(csv([['1', 'a', '2025-03-14', '4500']]));
    expect([of(result, KNOWN).length, of(result, OUTSIDE).length]).toEqual([1, 0]);
  });

  it.each(['0101', '0126', '2150'])('%s has no knownUntil and is never flagged', async (code) => {
    expect(entry(code).knownUntil).toBeUndefined();
    expect(of(await run(csv([['1', 'a', '2025-03-04', code]])), KNOWN)).toEqual([]);
  });

  it('--as-of after the confirmed period flags a 4500 dated inside it', async () => {
    const rows: Row[] = [['1', 'a', '2024-06-03', '4500']];
    expect(of(await run(csv(rows)), KNOWN)).toEqual([]);
    expect(of(await run(csv(rows), undefined, { asOf: '2025-01-01' }), KNOWN)).toHaveLength(1);
  });
});
