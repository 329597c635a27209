// The claim store's narrow columns widen when a value needs more than 16 bits, and keep every value.
import { describe, expect, it } from 'vitest';
import { ClaimStore } from '../src/engine/store.js';

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

  it('stays 16 bits wide when nothing needs more', () => {
    const s = new ClaimStore();
    s.push({ practice: '123456', cpr: '0101601234', day: 100, code: 101, antal: 65_535, file: 0, line: 2, time: -1, group: 0, amount: '146.79' });
    expect([s.practice, s.antal, s.amount].map((a) => a.constructor.name)).toEqual(['Uint16Array', 'Uint16Array', 'Uint16Array']);
  });
});
