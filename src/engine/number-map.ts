// A hash map from non-negative whole numbers (below 2^53) to ids, in two typed arrays: no object
// per entry, so a million patients cost a few tens of megabytes and lookups stay fast.
export class NumberMap {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Float64Array(n).fill(-1);
    this.values = new Int32Array(n);
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
    const keys = this.keys;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) return this.values[i];
      if (k === -1) return undefined;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    for (let i = this.slot(key); ; i = (i + 1) & this.mask) {
      const k = keys[i]!;
      if (k === key) {
        this.values[i] = value;
        return;
      }
      if (k === -1) {
        keys[i] = key;
        this.values[i] = value;
        this.size++;
        return;
      }
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < oldKeys.length; i++) if (oldKeys[i]! !== -1) this.set(oldKeys[i]!, oldValues[i]!);
  }
}
