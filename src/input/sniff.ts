// Recognises, from its first bytes, an input that is not CSV text (a workbook, a PDF, UTF-16), so the
// error says what the file seems to be instead of echoing its bytes as a header.

/** How many bytes at the start are looked at for NUL bytes. */
const NUL_WINDOW = 4096;

const KINDS: [magic: number[], what: string][] = [
  // A zip archive: an .xlsx (or .ods) workbook is one.
  [[0x50, 0x4b, 0x03, 0x04], 'looks like an Excel workbook (xlsx), not CSV: save it as CSV (UTF-8)'],
  // An OLE2 compound file, as Excel 97-2003 wrote.
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'looks like an Excel 97-2003 workbook (xls), not CSV: save it as CSV (UTF-8)'],
  [[0x25, 0x50, 0x44, 0x46], 'looks like a PDF document, not CSV: export the claims as CSV (UTF-8)'],
  [[0x1f, 0x8b], 'looks like a gzip archive, not CSV: unpack it, and give the CSV file (UTF-8) inside'],
  [[0xff, 0xfe], 'looks like UTF-16 text, not CSV in UTF-8 or Windows-1252: save it as CSV (UTF-8)'],
  [[0xfe, 0xff], 'looks like UTF-16 text, not CSV in UTF-8 or Windows-1252: save it as CSV (UTF-8)'],
];

/** What the input seems to be when its first bytes say it is not CSV text, else null. */
export function notCsv(head: Uint8Array): string | null {
  for (const [magic, what] of KINDS) if (head.length >= magic.length && magic.every((b, k) => head[k] === b)) return what;
  // UTF-16 without a BOM: a NUL byte beside every ASCII character, on the odd (LE) or even (BE) bytes.
  const n = Math.min(head.length, NUL_WINDOW);
  let even = 0;
  let odd = 0;
  for (let k = 0; k < n; k++) {
    if (head[k] === 0) {
      if (k % 2) odd++;
      else even++;
    }
  }
  if (n === 0 || (even + odd) * 4 < n) return null;
  if (Math.max(even, odd) >= 0.95 * (even + odd)) return 'looks like UTF-16 text, not CSV in UTF-8 or Windows-1252: save it as CSV (UTF-8)';
  return 'holds many NUL bytes: it looks like a binary file, not CSV: save it as CSV (UTF-8)';
}
