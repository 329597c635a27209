// Bytes to text: UTF-8 (a BOM is dropped); from the first invalid UTF-8 byte on, Windows-1252.
import { TextDecoder } from 'node:util';

/** Bytes at the end of `buf` that start a UTF-8 sequence the chunk does not finish. */
function incompleteTail(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = buf[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export interface DecodeState {
  /** Set once the input was found not to be UTF-8. */
  encoding: 'utf-8' | 'windows-1252';
}

export async function* decodeBytes(source: AsyncIterable<Uint8Array | string>, state: DecodeState = { encoding: 'utf-8' }): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let cp1252: TextDecoder | undefined;
  let carry: Uint8Array = new Uint8Array(0);
  let first = true;
  for await (const piece of source) {
    let chunk = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    if (cp1252) {
      yield cp1252.decode(chunk, { stream: true });
      continue;
    }
    const bytes = concat(carry, chunk);
    const keep = incompleteTail(bytes);
    const whole = bytes.subarray(0, bytes.length - keep);
    try {
      const text = utf8.decode(whole);
      carry = bytes.slice(bytes.length - keep);
      if (text) yield text;
    } catch {
      state.encoding = 'windows-1252';
      cp1252 = new TextDecoder('windows-1252');
      carry = new Uint8Array(0);
      yield cp1252.decode(bytes, { stream: true });
    }
  }
  if (cp1252) {
    const rest = cp1252.decode();
    if (rest) yield rest;
  } else if (carry.length) {
    // A file that ends inside a UTF-8 sequence was not UTF-8 there.
    state.encoding = 'windows-1252';
    yield new TextDecoder('windows-1252').decode(carry);
  }
}
