// Recognises, from its first bytes, an input that is not CSV text (a workbook, a PDF, UTF-16), so the
// error says what the file seems to be instead of echoing its bytes as a header.

/** How many bytes at the start are looked at for NUL bytes and control characters. */
const WINDOW = 4096;

const UTF16 = 'looks like UTF-16 text, not CSV in UTF-8 or Windows-1252: save it as CSV (UTF-8)';
const BINARY = 'looks like a binary file, not CSV text: save it as CSV (UTF-8)';

const KINDS: [magic: number[], what: string][] = [
  // A zip archive: an .xlsx (or .ods) workbook is one.
  [[0x50, 0x4b, 0x03, 0x04], 'looks like an Excel workbook (xlsx), not CSV: save it as CSV (UTF-8)'],
  // An OLE2 compound file, as Excel 97-2003 wrote.
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'looks like an Excel 97-2003 workbook (xls), not CSV: save it as CSV (UTF-8)'],
  [[0x25, 0x50, 0x44, 0x46], 'looks like a PDF document, not CSV: export the claims as CSV (UTF-8)'],
  [[0x1f, 0x8b], 'looks like a gzip archive, not CSV: unpack it, and give the CSV file (UTF-8) inside'],
  [[0xff, 0xfe], UTF16],
  [[0xfe, 0xff], UTF16],
];

/** What the input seems to be when its first bytes say it is not CSV text, else null. */
export function notCsv(head: Uint8Array): string | null {
  for (const [magic, what] of KINDS) if (head.length >= magic.length && magic.every((b, k) => head[k] === b)) return what;
  // UTF-16 without a BOM: a NUL byte beside every ASCII character, on the odd (LE) or even (BE) bytes.
  const n = Math.min(head.length, WINDOW);
  let even = 0;
  let odd = 0;
  for (let k = 0; k < n; k++) {
    if (head[k] === 0) {
      if (k % 2) odd++;
      else even++;
    }
  }
  if (n > 0 && (even + odd) * 4 >= n) return Math.max(even, odd) >= 0.95 * (even + odd) ? UTF16 : BINARY;
  // Any other binary file: a control character in the first line, where CSV text has its header.
  for (let k = 0; k < n; k++) {
    const b = head[k]!;
    if (b === 0x0a || b === 0x0d) break;
    if ((b < 0x20 && b !== 0x09) || b === 0x7f) return BINARY;
  }
  return null;
}
