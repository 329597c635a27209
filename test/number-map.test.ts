// NumberMap against the built-in Map on many keys, including keys that differ only in high digits.
import { describe, expect, it } from 'vitest';
import { NumberMap } from '../src/store/number-map.js';

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

describe('NumberMap.findMany', () => {
  it('gives what find gives, key by key, for present and absent keys and any sub-range', () => {
    const m = new NumberMap(8);
    const present: number[] = [];
    for (let k = 0; k < 5000; k++) {
      const key = (k * 2_654_435_761) % 3_112_999_999;
      m.set(key, k, k + 1);
      present.push(key);
    }
    const keys = new Float64Array([...present.slice(0, 600), 1, 2, 3, 3_112_999_998, ...present.slice(4000)]);
    const out = new Int32Array(keys.length).fill(-7);
    m.findMany(keys, 5, keys.length - 3, out);
    for (let j = 0; j < keys.length; j++) {
      if (j < 5 || j >= keys.length - 3) expect(out[j]).toBe(-7);
      else expect(out[j]).toBe(m.find(keys[j]!));
    }
    // Absent keys are -1, present ones point at their triple.
    expect(out[600]).toBe(-1);
    expect(m.idAt(out[10]!)).toBe(10);
  });
});
