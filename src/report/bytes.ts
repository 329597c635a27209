// Text written as UTF-8 bytes into one growing buffer: for reports too large to build as strings.

const encoder = new TextEncoder();

export class ByteWriter {
  private buf: Uint8Array<ArrayBuffer>;
  length = 0;

  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.length + n, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Text of ASCII characters only (digits, JSON punctuation). */
  ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let at = this.length;
    for (let k = 0; k < s.length; k++) buf[at++] = s.charCodeAt(k);
    this.length = at;
  }

  /** Any text, as UTF-8. */
  text(s: string): void {
    this.room(s.length * 3);
    this.length += encoder.encodeInto(s, this.buf.subarray(this.length)).written;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  /** A whole number from 0 to 2^53, in decimal, with leading zeros to at least `width` digits. */
  digits(n: number, width: number): void {
    let count = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) count++;
    if (count < width) count = width;
    this.room(count);
    const buf = this.buf;
    let at = this.length + count;
    this.length = at;
    for (let k = 0; k < count; k++) {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + n - q * 10;
      n = q;
    }
  }

  /**
   * What has been written, as a view of the writer's own memory: valid only until the writer is
   * written to again (for a reader that uses it at once). The writer starts again empty.
   */
  view(): Uint8Array {
    const out = this.buf.subarray(0, this.length);
    this.length = 0;
    return out;
  }

  /** What has been written, as a copy; the writer starts again empty. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}
