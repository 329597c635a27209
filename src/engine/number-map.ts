// A hash map from non-negative whole numbers (below 2^53) to ids, in one typed array of
// (key, id) pairs: no object per entry, and a lookup touches one cache line, which matters when a
// million patients arrive in random order.
export class NumberMap {
  /** key at 2 * slot, id at 2 * slot + 1; an empty slot has key -1. */
  private table: Float64Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 10) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.table = new Float64Array(2 * n).fill(-1);
    this.mask = n - 1;
  }

  private slot(key: number): number {
    // Mix the high and low 32 bits so that keys that differ only in high digits spread.
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    return h & this.mask;
  }

  get(key: number): number | undefined {
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = t[2 * i]!;
      if (k === key) return t[2 * i + 1];
      if (k === -1) return undefined;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const t = this.table;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = t[2 * i]!;
      if (k === key || k === -1) {
        if (k === -1) this.size++;
        t[2 * i] = key;
        t[2 * i + 1] = value;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2).fill(-1);
    this.mask = old.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i]! !== -1) this.set(old[i]!, old[i + 1]!);
  }
}
