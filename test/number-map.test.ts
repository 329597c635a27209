// NumberMap against the built-in Map on many keys, including keys that differ only in high digits.
import { describe, expect, it } from 'vitest';
import { NumberMap } from '../src/engine/number-map.js';

describe('NumberMap', () => {
  it('agrees with Map on 200,000 CPR-sized keys, through several growths', () => {
    const ours = new NumberMap(4);
    const theirs = new Map<number, number>();
    let x = 12345;
    for (let i = 0; i < 200_000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const key = (x % 311299) * 10000 + (i % 7) * 1000 + (x % 1000); // CPR-shaped keys, many sharing low digits
      if (!theirs.has(key)) theirs.set(key, theirs.size);
      ours.set(key, theirs.get(key)!);
    }
    expect(ours.size).toBe(theirs.size);
    for (const [k, v] of theirs) expect(ours.get(k)).toBe(v);
  });

  it('refuses a key it cannot hold', () => {
    expect(() => new NumberMap().set(2 ** 32, 1)).toThrow(RangeError);
    expect(() => new NumberMap().set(-1, 1)).toThrow(RangeError);
  });

  it('reserve keeps what is there', () => {
    const m = new NumberMap(4);
    for (let k = 0; k < 100; k++) m.set(k * 1000003, k);
    m.reserve(100_000);
    expect([m.size, m.get(99 * 1000003), m.get(5)]).toEqual([100, 99, undefined]);
  });

  it.each([
    ['zero', 0],
    ['the largest CPR key (311299-9999)', 3112999999],
    ['a key at 2^31', 2 ** 31],
  ])('stores %s', (_name, key) => {
    const m = new NumberMap();
    expect(m.get(key)).toBeUndefined();
    m.set(key, 7);
    expect(m.get(key)).toBe(7);
    m.set(key, 8);
    expect([m.get(key), m.size]).toEqual([8, 1]);
  });
});
