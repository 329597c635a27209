// What the fuzz properties know about an input without asking gpclaims: its physical lines, the
// CPR numbers in it, and how to print it (or any output) without a full CPR or a raw control.

/** Byte values the line analysis looks at. */
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** The input's bytes after a leading UTF-8 BOM, which gpclaims drops before anything else. */
export function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

/** The delimiter gpclaims takes from a header line: the most frequent of , ; tab outside quotes (',' on a tie or none). */
export function headerDelimiter(headerLine: Uint8Array): number {
  const counts = new Map<number, number>([[0x2c, 0], [0x3b, 0], [0x09, 0]]);
  let quoted = false;
  for (const b of headerLine) {
    if (b === QUOTE) quoted = !quoted;
    else if (!quoted && counts.has(b)) counts.set(b, counts.get(b)! + 1);
  }
  let best = 0x2c;
  for (const d of [0x3b, 0x09]) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export interface LineAnalysis {
  /**
   * Physical lines: each CR, LF or CRLF ends one, and text after the last line end is one more.
   * A quoted field that spans line ends still spans that many physical lines: the lines count,
   * whatever record they belong to. An empty input has 0.
   */
  physical: number;
  /** Byte length of each physical line without its line end (index 0 is line 1). */
  lengths: number[];
  /**
   * True when every record is exactly one physical line: no quoted field (a quote at the start of
   * a field, RFC 4180) holds a line end, every quoted field is closed on its own line, and no
   * closing quote is followed by anything but a delimiter or a line end. Then
   * 1 + linesRead + blankLines must equal `physical`, and every line number is a physical line.
   * Otherwise a reader may join lines into one record (a legitimate multi-line field) or split
   * them again (a malformed one costs only its first line), so only bounds hold.
   */
  oneLinePerRecord: boolean;
  /** The physical line holding the last quote character (0 when there is none). */
  lastQuoteLine: number;
}

/**
 * Splits the input into physical lines and decides whether records and physical lines are one to
 * one. Works on bytes: CR, LF, quote and the delimiters are the same bytes in UTF-8 and Windows-1252.
 */
export function analyseLines(input: Uint8Array): LineAnalysis {
  const bytes = withoutBom(input);
  const lengths: number[] = [];
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== LF && b !== CR) continue;
    lengths.push(i - lineStart);
    if (b === CR && bytes[i + 1] === LF) i++;
    lineStart = i + 1;
  }
  if (lineStart < bytes.length) lengths.push(bytes.length - lineStart);

  const delimiter = headerDelimiter(bytes.subarray(0, lengths[0] ?? 0));
  let oneLinePerRecord = true;
  let lastQuoteLine = 0;
  let line = 1;
  let fieldStart = true;
  let inQuotes = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const lineEnd = b === LF || b === CR;
    if (b === QUOTE) lastQuoteLine = line;
    if (inQuotes) {
      if (lineEnd) oneLinePerRecord = false;
      else if (b === QUOTE) {
        const next = bytes[i + 1];
        if (next === QUOTE) {
          i++; // an escaped quote
        } else {
          inQuotes = false;
          fieldStart = false;
          if (next !== undefined && next !== delimiter && next !== LF && next !== CR) oneLinePerRecord = false;
        }
      }
    } else if (b === QUOTE && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else fieldStart = b === delimiter || lineEnd;
    if (lineEnd) {
      if (b === CR && bytes[i + 1] === LF) i++;
      line++;
    }
  }
  if (inQuotes) oneLinePerRecord = false;
  return { physical: lengths.length, lengths, oneLinePerRecord, lastQuoteLine };
}

/** Does a 10-digit window look like a CPR number: a day 01-31 and a month 01-12 in front? */
function cprLike(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * Every CPR-like number in a text, as its ten digits: each window of ten consecutive digits (so a
 * run of 11 or more digits gives several) and each DDMMYY-SSSS form, whose first four digits are a
 * plausible day and month. Digits and '-' are ASCII, so the bytes can be given as Latin-1 text.
 */
export function cprNumbers(text: string): Set<string> {
  const found = new Set<string>();
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = isDigit(text[i]) ? run + 1 : 0;
    if (run >= 10) {
      const window = text.slice(i - 9, i + 1);
      if (cprLike(window)) found.add(window);
    }
    if (text[i] === '-' && i >= 6 && i + 4 < text.length) {
      const before = text.slice(i - 6, i);
      const after = text.slice(i + 1, i + 5);
      if (/^\d{6}$/.test(before) && /^\d{4}$/.test(after) && cprLike(before + after)) found.add(before + after);
    }
  }
  return found;
}

/** The CPR numbers (written either way) that occur in the text, masked for the report of the leak. */
export function leakedCprs(text: string, cprs: ReadonlySet<string>): string[] {
  const leaked: string[] = [];
  for (const cpr of cprs) {
    if (text.includes(cpr) || text.includes(`${cpr.slice(0, 6)}-${cpr.slice(6)}`)) leaked.push(`${cpr.slice(0, 6)}-****`);
  }
  return leaked;
}

/** Latin-1 view of bytes: one character per byte, so digits and line ends are where they were. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Controls shown escaped, so a printout cannot move the cursor or start a CI command. */
export function escapeControls(text: string): string {
  return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\\]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Cut to `max` characters, then every run of ten or more digits and every DDMMYY-SSSS form masked to its first six digits. */
function cutAndMask(escaped: string, max: number): string {
  const cut = escaped.length > max ? `${escaped.slice(0, max)}… (${escaped.length} characters)` : escaped;
  // Masking comes last, so no ten consecutive digits survive, even where an escape put digits next to digits.
  return cut.replace(/\d{6}-?\d{4}\d*/g, (m) => `${m.slice(0, 6)}-****`);
}

/** Text fit to print about an input or an output: controls escaped, cut short, CPR-like runs masked. */
export function printable(text: string, max = 240): string {
  return cutAndMask(escapeControls(text), max);
}

/** An input's bytes for a printout: bytes outside printable ASCII as \xNN (so invalid UTF-8 shows), cut short, masked. */
export function printableBytes(bytes: Uint8Array, max = 240): string {
  const shown = latin1(bytes).replace(/[^\x20-\x5b\x5d-\x7e]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return cutAndMask(shown, max);
}
