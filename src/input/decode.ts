// The one encoding of an input, decided from its start: UTF-8, or Windows-1252 when the start is not UTF-8.
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type Encoding = 'utf-8' | 'windows-1252';

/** The encoding is decided from this many bytes at the start of the input, or all of a shorter one. */
export const ENCODING_WINDOW = 1 << 20;

export function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Bytes at the end of `buf` that start a UTF-8 sequence it does not finish. */
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

/** Valid multi-byte UTF-8 characters and invalid bytes in `bytes` (RFC 3629: no overlongs or surrogates). */
function utf8Tally(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    }
    let k = 1;
    for (; k <= need; k++) {
      const d = bytes[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) break;
    }
    if (need > 0 && k > need) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/**
 * The input's encoding from `head`, its first bytes: at least ENCODING_WINDOW + 1 of them, or the
 * whole input when `complete`. The window is cut at a character boundary. UTF-8 when the window is
 * valid UTF-8, and also when it holds more valid multi-byte UTF-8 characters than invalid bytes: a
 * UTF-8 export with a stray byte stays UTF-8 (that line becomes an input finding) instead of having
 * its header's "beløb" read as "belÃ¸b". Otherwise Windows-1252, where every byte is a character.
 * Every path calls this with the same bytes, so the choice does not depend on how input is chunked.
 */
export function decideEncoding(head: Uint8Array, complete: boolean): Encoding {
  let window = head.subarray(0, ENCODING_WINDOW);
  if (!complete || head.length > ENCODING_WINDOW) window = window.subarray(0, window.length - incompleteTail(window));
  if (isUtf8(window)) return 'utf-8';
  const { valid, invalid } = utf8Tally(window);
  return valid > invalid ? 'utf-8' : 'windows-1252';
}

/** Decodes bytes [from, to) of a buffer in the encoding (UTF-8 bytes must have been checked valid). */
export function textDecoder(encoding: Encoding): (buf: Buffer, from: number, to: number) => string {
  if (encoding === 'utf-8') return (buf, from, to) => buf.toString('utf8', from, to);
  const cp1252 = new TextDecoder('windows-1252');
  return (buf, from, to) => cp1252.decode(buf.subarray(from, to));
}
