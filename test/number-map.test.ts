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
      const key = (x % 3112) * 1e6 + (i % 7) * 1e9 + (x % 9999); // ten-digit keys, many sharing low digits
      if (!theirs.has(key)) theirs.set(key, theirs.size);
      ours.set(key, theirs.get(key)!);
    }
    expect(ours.size).toBe(theirs.size);
    for (const [k, v] of theirs) expect(ours.get(k)).toBe(v);
  });

  it.each([
    ['zero', 0],
    ['the largest CPR number', 9999999999],
    ['a key above 2^32', 2 ** 40 + 3],
  ])('stores %s', (_name, key) => {
    const m = new NumberMap();
    expect(m.get(key)).toBeUndefined();
    m.set(key, 7);
    expect(m.get(key)).toBe(7);
    m.set(key, 8);
    expect([m.get(key), m.size]).toEqual([8, 1]);
  });
});
