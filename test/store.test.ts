// The claim store: narrow columns widen when a value needs more than 16 bits; timeline order; release.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClaimInput, ClaimStore } from '../src/store/store.js';

describe('ClaimStore narrow columns', () => {
  it('an antal above 65,535 widens the column and is kept exactly, with the lines before it', () => {
    const s = new ClaimStore();
    s.push({ practice: '1', cpr: '0101601234', day: 100, code: 101, antal: 3, file: 0, line: 2, time: -1, group: 0, amount: null });
    s.push({ practice: '1', cpr: '0101601234', day: 100, code: 101, antal: 999_999_999, file: 0, line: 3, time: -1, group: 0, amount: null });
    expect([s.antal[0], s.antal[1]]).toEqual([3, 999_999_999]);
    expect(s.antal).toBeInstanceOf(Uint32Array);
  });

  it('more than 65,536 practices and amounts keep distinct ids', () => {
    const s = new ClaimStore();
    const n = 70_000;
    for (let k = 0; k < n; k++) {
      s.push({ practice: String(k), cpr: '0101601234', day: 100, code: 101, antal: 1, file: 0, line: k + 2, time: -1, group: 0, amount: `${k}.00` });
    }
    expect(s.practices.length).toBe(n);
    expect(s.practices[s.practice[n - 1]!]).toBe(String(n - 1));
    expect(s.amounts[s.amount[n - 1]!]).toBe(`${n - 1}.00`);
    expect(s.amounts[s.amount[5]!]).toBe('5.00');
  });

  it('stays as narrow as its values: 8 bits, then 16, then 32', () => {
    const s = new ClaimStore();
    const widths = () => [s.practice, s.antal, s.file, s.amount].map((a) => a.constructor.name);
    s.push({ practice: '123456', cpr: '0101601234', day: 100, code: 101, antal: 255, file: 0, line: 2, time: -1, group: 0, amount: '146.79' });
    expect(widths()).toEqual(['Uint8Array', 'Uint8Array', 'Uint8Array', 'Uint8Array']);
    s.push({ practice: '123456', cpr: '0101601234', day: 100, code: 101, antal: 256, file: 300, line: 3, time: -1, group: 0, amount: null });
    expect(widths()).toEqual(['Uint8Array', 'Uint16Array', 'Uint16Array', 'Uint8Array']);
    s.push({ practice: '123456', cpr: '0101601234', day: 100, code: 101, antal: 70_000, file: 1, line: 4, time: -1, group: 0, amount: null });
    expect(widths()).toEqual(['Uint8Array', 'Uint32Array', 'Uint16Array', 'Uint8Array']);
    // Every value is kept through the widening.
    expect([...s.antal.subarray(0, 3)]).toEqual([255, 256, 70_000]);
    expect([...s.file.subarray(0, 3)]).toEqual([0, 300, 1]);
    expect(s.amounts[s.amount[0]!]).toBe('146.79');
  });
});

describe('ClaimStore timeline order', () => {
  type Row = ClaimInput;
  const key = (r: Row): string => [r.practice, r.day, r.code, r.antal, r.file, r.line, r.time, r.group, r.amount].join('|');
  const cprs = ['0101601234', '0202702345', '0303803456', '1511904567'];
  /** Random rows; `vary` picks which of the often-constant columns take more than one value. */
  const rows = (vary: boolean, wide = false, many = 120) =>
    fc.array(
      fc.record({
        practice: fc.constantFrom('7', '12', '012', '100308', '99'),
        cpr: fc.constantFrom(...cprs),
        // Mostly a week; now and then far apart (more than 65,536 days), which takes the sort's other path.
        day: wide ? fc.constantFrom(20000, 20001, 20002, 95000) : fc.integer({ min: 20000, max: 20006 }),
        code: fc.constantFrom(101, 120, 201, 6101),
        antal: vary ? fc.constantFrom(1, 2, 3, 300, 70_000) : fc.constant(1),
        file: vary ? fc.integer({ min: 0, max: 1 }) : fc.constant(0),
        time: vary ? fc.integer({ min: -1, max: 1439 }) : fc.constant(-1),
        group: vary ? fc.integer({ min: 0, max: 2 }) : fc.constant(0),
        amount: vary ? fc.constantFrom(null, '146.79', '0.50') : fc.constant(null),
      }),
      { maxLength: many },
    );

  /**
   * Timeline order made in one go, or (split) as on several threads: gathered into shared columns,
   * then the patients sorted in two ranges, the second through another store over the same columns.
   */
  const order = (s: ClaimStore, split: boolean): Uint32Array => {
    if (!split) return s.patientOrder();
    const start = s.gatherByPatient(true);
    const half = Math.floor(s.patientCount / 2);
    s.sortPatients(start, 0, half);
    ClaimStore.fromShared(s.shared()).sortPatients(start, half, s.patientCount);
    return start;
  };

  for (const [vary, wide, many, split] of [
    [false, false, 120, false],
    [true, false, 120, false],
    [true, true, 120, false],
    [true, false, 400, false],
    [false, false, 120, true],
    [true, false, 400, true],
    [true, true, 120, true],
  ] as const) {
    it(`groups lines by patient, each in day, practice, code, antal, file, line order (${vary ? 'all columns vary' : 'constant columns'}${wide ? ', days far apart' : ''}, up to ${many} lines${split ? ', in shared columns, sorted in two ranges' : ''})`, () => {
      fc.assert(
        fc.property(rows(vary, wide, many), (generated) => {
          const input: Row[] = generated.map((r, k) => ({ ...r, line: k + 2 }));
          const s = new ClaimStore();
          for (const r of input) s.push(r);
          const start = order(s, split);
          if (split && s.length) expect(s.day.buffer).toBeInstanceOf(SharedArrayBuffer);
          const got: Row[][] = [];
          for (let p = 0; p + 1 < start.length; p++) {
            const lines: Row[] = [];
            for (let i = start[p]!; i < start[p + 1]!; i++) {
              expect(s.patient[i]).toBe(p);
              lines.push({
                practice: s.practices[s.practice[i]!]!,
                cpr: s.cpr(p),
                day: s.day[i]!,
                code: s.code[i]!,
                antal: s.antal[i]!,
                file: s.file[i]!,
                line: s.line[i]!,
                time: s.time[i]!,
                group: s.group[i]!,
                amount: s.amount[i] ? s.amounts[s.amount[i]!]! : null,
              });
            }
            got.push(lines);
          }
          // The same order, made the plain way: string compare for practices, then the numbers.
          const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
          const expected = [...new Set(input.map((r) => r.cpr))].map((cpr) =>
            input
              .filter((r) => r.cpr === cpr)
              .sort((a, b) => a.day - b.day || byText(a.practice, b.practice) || a.code - b.code || a.antal - b.antal || a.file - b.file || a.line - b.line),
          );
          expect(got.map((p) => p.map(key))).toEqual(expected.map((p) => p.map(key)));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('in shared columns, lines move to their patient even when no column but day, code and line varies', () => {
    // Two patients' lines interleaved, every other column one value throughout.
    const s = new ClaimStore();
    for (const [cpr, line] of [['1511904567', 2], ['0101601234', 3], ['1511904567', 4]] as const) s.push({ practice: '7', cpr, day: 20000, code: 101, antal: 1, file: 0, line, time: -1, group: 0, amount: null });
    const start = order(s, true);
    expect(Array.from(start)).toEqual([0, 2, 3]);
    expect(Array.from(s.line)).toEqual([2, 4, 3]);
  });

  it('release gives the columns back: the store reads as empty afterwards', () => {
    const s = new ClaimStore();
    s.push({ practice: '1', cpr: '0101601234', day: 100, code: 101, antal: 1, file: 0, line: 2, time: -1, group: 0, amount: null });
    s.release();
    expect([s.length, s.day.length, s.patient.length, s.code.length]).toEqual([0, 0, 0, 0]);
  });
});
