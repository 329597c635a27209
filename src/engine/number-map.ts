// A hash map from whole numbers below 2^32 - 1 to ids, in one Uint32Array of (key, id) pairs: no
// object per entry, 8 bytes a slot, and a lookup touches one cache line, which matters when a
// million patients arrive in random order. CPR numbers (at most 3,112,999,999) and ydernummer keys fit.
const EMPTY = 0xffffffff;

export class NumberMap {
  /** key at 2 * slot, id at 2 * slot + 1. */
  private table: Uint32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 10) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.table = new Uint32Array(2 * n).fill(EMPTY);
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
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = t[2 * i]!;
      if (k === key) return t[2 * i + 1];
      if (k === EMPTY) return undefined;
    }
  }

  set(key: number, value: number): void {
    if (!(key >= 0 && key < EMPTY && Number.isInteger(key))) throw new RangeError(`NumberMap key out of range: ${key}`);
    if ((this.size + 1) * 2 > this.mask + 1) this.grow((this.mask + 1) * 2);
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = t[2 * i]!;
      if (k === key || k === EMPTY) {
        if (k === EMPTY) this.size++;
        t[2 * i] = key;
        t[2 * i + 1] = value;
        return;
      }
    }
  }

  /** Makes room for this many entries at once, so that reading does not rehash as it goes. */
  reserve(entries: number): void {
    let n = this.mask + 1;
    while (n < entries * 2) n *= 2;
    if (n > this.mask + 1) this.grow(n);
  }

  private grow(slots: number): void {
    const old = this.table;
    this.table = new Uint32Array(2 * slots).fill(EMPTY);
    this.mask = slots - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i]! !== EMPTY) this.set(old[i]!, old[i + 1]!);
  }
}
