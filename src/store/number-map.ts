// A hash map from whole numbers below 2^32 - 1 to an id and one more 32-bit value, in one
// Uint32Array of (key, id, extra) triples: no object per entry, 12 bytes a slot, and a lookup
// touches one cache line, which matters when a million patients arrive in random order (the
// extra value is the patient's birth day, needed for every line). CPR numbers (at most
// 3,112,999,999) and ydernummer keys fit.
import { free } from './memory.js';

const EMPTY = 0xffffffff;

export class NumberMap {
  /** key at 3 * slot, id at 3 * slot + 1, extra at 3 * slot + 2. */
  private table: Uint32Array<ArrayBuffer>;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 10) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.table = new Uint32Array(3 * n).fill(EMPTY);
    this.mask = n - 1;
  }

  private slot(key: number): number {
    let h = Math.imul(key, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h & this.mask;
  }

  get(key: number): number | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.table[at + 1];
  }

  /** Where key's triple starts in the table, or -1; read it with idAt and extraAt. */
  find(key: number): number {
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = t[3 * i]!;
      if (k === key) return 3 * i;
      if (k === EMPTY) return -1;
    }
  }

  /**
   * find() for keys[from .. to - 1], into out at the same indices. Every key's home slot is read
   * first, in a loop of independent loads that the processor can have many of in flight at once;
   * the probes that follow then find those slots in cache. For keys in random order (a shuffled
   * export's patients) this is much faster than one find() after another.
   */
  findMany(keys: Float64Array, from: number, to: number, out: Int32Array): void {
    const t = this.table;
    let touched = 0;
    for (let j = from; j < to; j++) {
      const at = 3 * this.slot(keys[j]!);
      out[j] = at;
      touched |= t[at]!;
    }
    this.touched = touched;
    for (let j = from; j < to; j++) {
      const key = keys[j]!;
      let at = out[j]!;
      for (;;) {
        const k = t[at]!;
        if (k === key) break;
        if (k === EMPTY) {
          at = -1;
          break;
        }
        at = at + 3 === t.length ? 0 : at + 3;
      }
      out[j] = at;
    }
  }

  /** Keeps the loads of findMany's first loop from being optimised away. */
  private touched = 0;

  keyAt(at: number): number {
    return this.table[at]!;
  }

  idAt(at: number): number {
    return this.table[at + 1]!;
  }

  extraAt(at: number): number {
    return this.table[at + 2]!;
  }

  set(key: number, value: number, extra = 0): void {
    if (!(key >= 0 && key < EMPTY && Number.isInteger(key))) throw new RangeError(`NumberMap key out of range: ${key}`);
    if ((this.size + 1) * 2 > this.mask + 1) this.grow((this.mask + 1) * 2);
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = t[3 * i]!;
      if (k === key || k === EMPTY) {
        if (k === EMPTY) this.size++;
        t[3 * i] = key;
        t[3 * i + 1] = value;
        t[3 * i + 2] = extra;
        return;
      }
    }
  }

  /** Gives the table's memory back at once; the map must not be used afterwards. */
  release(): void {
    free(this.table);
    this.size = 0;
  }

  /** Makes room for this many entries at once, so that reading does not rehash as it goes. */
  reserve(entries: number): void {
    let n = this.mask + 1;
    while (n < entries * 2) n *= 2;
    if (n > this.mask + 1) this.grow(n);
  }

  private grow(slots: number): void {
    const old = this.table;
    this.table = new Uint32Array(3 * slots).fill(EMPTY);
    this.mask = slots - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 3) if (old[i]! !== EMPTY) this.set(old[i]!, old[i + 1]!, old[i + 2]!);
    free(old);
  }
}
