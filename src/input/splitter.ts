// Splits the bytes of one CSV input into records on their physical lines: RFC 4180 quotes, any mix of
// CR, LF and CRLF, a cap on the length of a line, and a malformed record costing only its first line.
import { isUtf8 } from 'node:buffer';
import { decideEncoding, ENCODING_WINDOW, type Encoding, hasBom, textDecoder } from './decode.js';
import { type Delimiter, sniffDelimiter } from './dialect.js';
import { InputError } from './errors.js';
import { notCsv } from './filetype.js';

/** The longest physical line read, in bytes without its line end, unless the caller says otherwise. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
const LARGEST_MAX_LINE_BYTES = 1 << 30;

/**
 * A quoted field may run over at most this many physical lines (and the record over at most
 * maxLineBytes bytes). A note with line breaks in a claims export has a few; the bound keeps the
 * look-ahead after a stray quote short, so recovering from it costs little time or memory.
 */
export const MAX_RECORD_LINES = 100;

export interface ReadOptions {
  /** The longest physical line, in bytes without its line end (default 65536). */
  maxLineBytes?: number;
}

export function lineCap(options: ReadOptions = {}): number {
  const n = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(n) || n < 1 || n > LARGEST_MAX_LINE_BYTES) {
    throw new RangeError(`maxLineBytes must be a whole number of bytes from 1 to ${LARGEST_MAX_LINE_BYTES}, got ${n}`);
  }
  return n;
}

/** Why a line cannot be read as a record: the input finding it becomes. */
export type LineProblem =
  | { id: 'input/csv'; reason: { da: string; en: string } }
  | { id: 'input/linje-for-lang'; length: number; max: number }
  | { id: 'input/tegnkodning' };

export type RecordEvent =
  | { type: 'header'; fields: string[]; delimiter: Delimiter; line: number }
  | { type: 'record'; fields: string[]; line: number }
  | { type: 'blank'; line: number }
  /** `reason` says the problem in English (for the side tables' errors). */
  | { type: 'unparseable'; line: number; reason: string; problem: LineProblem };

/** A record, or a blank line when every field is empty: a row of empty cells (Excel writes ";;;;" for them) is not a claim. */
export function recordEvent(fields: string[], line: number): RecordEvent {
  return fields.every((f) => f.trim() === '') ? { type: 'blank', line } : { type: 'record', fields, line };
}

export function unreadable(line: number, problem: LineProblem): RecordEvent {
  const reason =
    problem.id === 'input/csv'
      ? problem.reason.en
      : problem.id === 'input/linje-for-lang'
        ? `the line is ${problem.length} bytes long, over the limit of ${problem.max} bytes`
        : 'the line is not valid UTF-8';
  return { type: 'unparseable', line, reason, problem };
}

/** The state a reader starts in when the hot path hands the rest of a file over part-way. */
export interface Resume {
  encoding: Encoding;
  delimiter: Delimiter;
  /** The header's number of fields. */
  width: number;
  /** The physical line the first byte pushed starts. */
  line: number;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Input is taken in pieces of this size, so one huge chunk is never copied whole, and what is
 * buffered is read at least this often, so few records wait to be handed on.
 */
export const PIECE = 8 * 1024;

// What scan() found at the buffer's start.
const MORE = 0; // the record may go on past the bytes buffered so far
const RECORD = 1;
const TOO_LONG = 2; // its first physical line is longer than the cap
const BAD = 3; // malformed: its first line is reported and the next line read as a record

type Bad = 'unclosed' | 'limit' | 'after-quote' | 'fields';

// What afterLine() returns besides a position (positions are never negative).
const MORE_NEEDED = -1;
const LONGER_THAN_CAP = -2;

/** Is buf[from, to) nothing but spaces, tabs and separators (a blank line before the header)? */
export function blankBytes(buf: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const b = buf[k];
    if (b !== 0x20 && b !== 0x09 && b !== 0x2c && b !== 0x3b) return false;
  }
  return true;
}

/**
 * Fields of one record that the byte scan has read whole (every quoted field is closed). A quoted
 * field with text after its closing quote is taken as it stands up to the next delimiter, as scan() does.
 */
function splitQuoted(text: string, delimiter: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        value += text.slice(from, q);
        if (text.charCodeAt(q + 1) !== QUOTE) {
          from = q + 1;
          break;
        }
        value += '"';
        from = q + 2;
      }
      if (from < text.length && !text.startsWith(delimiter, from)) {
        let k = text.indexOf(delimiter, from);
        if (k < 0) k = text.length;
        value = text.slice(i, k);
        from = k;
      }
      out.push(value);
      i = from;
    } else {
      let k = text.indexOf(delimiter, i);
      if (k < 0) k = text.length;
      out.push(text.slice(i, k));
      i = k;
    }
    if (i >= text.length) return out;
    i++; // the delimiter
  }
}

/**
 * Takes an input's bytes in chunks of any size and emits its events: the header, then each record
 * on the physical line it starts (1-based, any of CR, LF or CRLF ending a line), blank lines and
 * lines that cannot be read. The result does not depend on how the input is cut into chunks.
 *
 * The first ENCODING_WINDOW bytes are held until the encoding is decided; after that the buffer
 * holds an unfinished record (at most the cap) and at most as much new input again plus two pieces,
 * so memory does not grow with the input or with one line's length: the rest of a too-long line is
 * counted and dropped as it arrives.
 */
export class RecordSplitter {
  private readonly cap: number;
  private buf = Buffer.allocUnsafe(PIECE);
  private start = 0;
  private end = 0;
  /** Bytes left unread by the last pass (an unfinished record): the next pass waits for at least as many new ones. */
  private tail = 0;
  private decided = false;
  private encoding: Encoding = 'utf-8';
  private decode = textDecoder('utf-8');
  private delimiter: Delimiter = ',';
  private sep = 0x2c;
  /** The header's number of fields; -1 until the header is read. */
  private width = -1;
  /** The physical line the next record starts on. */
  private line = 1;
  /** A line ended in CR at the end of a chunk: an LF first in the next belongs to it. */
  private skipLf = false;
  /** While the rest of a too-long line is skipped: its bytes so far, else -1. */
  private skipped = -1;
  private skippedLine = 0;

  // What scan() found (valid until the next call).
  private contentEnd = 0;
  private next = 0;
  private lines = 1;
  private fields = 1;
  private quoted = false;
  private high = 0;
  private bad: Bad = 'unclosed';
  /** Where the record's second physical line starts: reading goes on there after a malformed record. */
  private line2 = 0;

  constructor(
    private readonly name: string,
    private readonly emit: (ev: RecordEvent) => void,
    cap: number = DEFAULT_MAX_LINE_BYTES,
    resume?: Resume,
  ) {
    this.cap = cap;
    if (resume) {
      this.decided = true;
      this.setEncoding(resume.encoding);
      this.setDelimiter(resume.delimiter);
      this.width = resume.width;
      this.line = resume.line;
    }
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skipped >= 0) {
        at = this.skip(chunk, at, chunk.length);
        continue;
      }
      const n = Math.min(chunk.length - at, PIECE);
      this.append(chunk, at, at + n);
      at += n;
      this.run(false);
    }
  }

  /** The end of the input. Throws when it had no header. */
  finish(): void {
    if (this.skipped >= 0) this.endSkip(); // a too-long last line without a line end
    this.run(true);
    if (this.width < 0) throw new InputError(this.name, 'is empty: a header row is required');
  }

  private setEncoding(encoding: Encoding): void {
    this.encoding = encoding;
    this.decode = textDecoder(encoding);
  }

  private setDelimiter(delimiter: Delimiter): void {
    this.delimiter = delimiter;
    this.sep = delimiter.charCodeAt(0);
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.end + n > this.buf.length) {
      const live = this.end - this.start;
      if (live + n <= this.buf.length) this.buf.copyWithin(0, this.start, this.end);
      else {
        const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, live + n));
        this.buf.copy(bigger, 0, this.start, this.end);
        this.buf = bigger;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk.subarray(from, to), this.end);
    this.end += n;
  }

  private run(eof: boolean): void {
    if (!this.decided) {
      if (!eof && this.end - this.start <= ENCODING_WINDOW) return;
      const head = this.buf.subarray(this.start, this.end);
      const what = notCsv(head);
      if (what) throw new InputError(this.name, what);
      this.setEncoding(decideEncoding(head, eof));
      if (hasBom(head)) this.start += 3;
      this.decided = true;
    } else if (!eof && this.end - this.start - this.tail < Math.max(PIECE, this.tail)) {
      // An unfinished record is scanned again from its start: wait until there is at least as much
      // new input as that, so no byte is scanned more than a few times.
      return;
    }
    this.records(eof);
    this.tail = this.end - this.start;
  }

  /** Emits every record whose end is known; leaves an unfinished one in the buffer. */
  private records(eof: boolean): void {
    while (this.skipped < 0) {
      if (this.skipLf && this.start < this.end) {
        if (this.buf[this.start] === LF) this.start++;
        this.skipLf = false;
      }
      if (this.start === this.end) return;
      if (this.width < 0) {
        if (!this.header(eof)) return;
        continue;
      }
      const line = this.line;
      const found = this.scan(eof);
      if (found === MORE) return;
      if (found === RECORD) {
        const s = this.start;
        this.line += this.lines;
        this.start = this.next;
        this.emitRecord(s, this.contentEnd, line);
      } else if (found === BAD) {
        this.line++;
        this.start = this.line2;
        this.emit(unreadable(line, { id: 'input/csv', reason: this.reason(true) }));
      } else this.startSkip(eof);
    }
  }

  private emitRecord(s: number, e: number, line: number): void {
    if (e === s) {
      this.emit({ type: 'blank', line });
      return;
    }
    if (this.high >= 0x80 && this.encoding === 'utf-8' && !isUtf8(this.buf.subarray(s, e))) {
      this.emit(unreadable(line, { id: 'input/tegnkodning' }));
      return;
    }
    this.emit(recordEvent(this.fieldsOf(s, e), line));
  }

  private fieldsOf(s: number, e: number): string[] {
    // Plain ASCII reads the same in either encoding, and latin1 is the quickest way to make it text.
    const text = this.high < 0x80 ? this.buf.toString('latin1', s, e) : this.decode(this.buf, s, e);
    return this.quoted ? splitQuoted(text, this.delimiter) : text.split(this.delimiter);
  }

  /**
   * The header: the first line that is not blank (blank lines before it are counted as such). Its
   * delimiter is sniffed from its first physical line. False when more input is needed.
   */
  private header(eof: boolean): boolean {
    const s = this.start;
    const after = this.afterLine(s, eof);
    if (after === MORE_NEEDED) return false;
    if (after === LONGER_THAN_CAP) throw this.longHeader();
    if (blankBytes(this.buf, s, this.contentEnd)) {
      this.emit({ type: 'blank', line: this.line });
      this.line++;
      this.start = after;
      return true;
    }
    this.setDelimiter(sniffDelimiter(this.decode(this.buf, s, this.contentEnd)));
    const found = this.scan(eof);
    if (found === MORE) return false;
    if (found === TOO_LONG) throw this.longHeader();
    if (found === BAD) throw new InputError(this.name, `line ${this.line}: the header cannot be read as CSV: ${this.reason(false).en}`);
    if (this.high >= 0x80 && this.encoding === 'utf-8' && !isUtf8(this.buf.subarray(s, this.contentEnd))) {
      throw new InputError(this.name, `line ${this.line}: the header is not valid UTF-8, though the file starts as UTF-8`);
    }
    const fields = this.fieldsOf(s, this.contentEnd);
    this.emit({ type: 'header', fields, delimiter: this.delimiter, line: this.line });
    this.width = fields.length;
    this.line += this.lines;
    this.start = this.next;
    return true;
  }

  private longHeader(): InputError {
    return new InputError(this.name, `line ${this.line} is longer than ${this.cap} bytes, the line-length limit: the header row is missing or this is not a CSV file`);
  }

  /**
   * Where the physical line at `s` ends, quotes or not: sets contentEnd and returns the position
   * after its line end, or MORE_NEEDED, or LONGER_THAN_CAP.
   */
  private afterLine(s: number, eof: boolean): number {
    const buf = this.buf;
    const stop = Math.min(this.end, s + this.cap + 1);
    let i = s;
    while (i < stop && buf[i] !== LF && buf[i] !== CR) i++;
    if (i === stop) {
      if (stop === s + this.cap + 1) return LONGER_THAN_CAP;
      if (!eof) return MORE_NEEDED;
      this.contentEnd = i;
      return i;
    }
    this.contentEnd = i;
    if (buf[i] === LF) return i + 1;
    if (i + 1 < this.end) return buf[i + 1] === LF ? i + 2 : i + 1;
    return eof ? i + 1 : MORE_NEEDED;
  }

  /**
   * Reads the record at the buffer's start as RFC 4180 says, and judges it by these rules, in the
   * order of its bytes, so that the verdict does not depend on where the buffered input ends:
   * - its first physical line longer than the cap: TOO_LONG;
   * - a quote not closed by the end of the input, or within MAX_RECORD_LINES lines and the cap in
   *   bytes; text after a closing quote; or a record over several lines whose number of fields is
   *   not the header's: BAD;
   * - else RECORD, ending at the first line end outside quotes (a CR, an LF or a CRLF).
   * A quote that does not start a field is data, as spreadsheets write it.
   */
  private scan(eof: boolean): number {
    const buf = this.buf;
    const s = this.start;
    const end = this.end;
    const sep = this.sep;
    // A record's bytes never reach past s + cap, so nothing past there is needed to judge it.
    const limit = s + this.cap + 1;
    const stop = Math.min(end, limit);
    let i = s;
    let fields = 1;
    let lines = 1;
    let high = 0;
    let quoted = false;
    let line2 = 0;
    for (;;) {
      if (i < stop && buf[i] === QUOTE) {
        quoted = true;
        i++;
        // Inside quotes, over line breaks, up to the closing quote.
        for (;;) {
          if (i >= stop) {
            if (stop === limit) return lines === 1 ? TOO_LONG : this.malformed('limit', lines, line2);
            if (!eof) return MORE;
            return this.malformed('unclosed', lines, line2 || this.end);
          }
          const b = buf[i]!;
          if (b === QUOTE) {
            if (i + 1 >= stop) {
              // A quote as the last byte buffered: it may be the first of a doubled one.
              if (stop === limit) return lines === 1 ? TOO_LONG : this.malformed('limit', lines, line2);
              if (!eof) return MORE;
              i++;
              break;
            }
            if (buf[i + 1] !== QUOTE) {
              i++;
              break;
            }
            i += 2;
            continue;
          }
          if (b === LF || b === CR) {
            let after = i + 1;
            if (b === CR) {
              if (after >= end && !eof) return MORE;
              if (after < end && buf[after] === LF) after++;
            }
            if (lines === 1) line2 = after;
            lines++;
            if (lines > MAX_RECORD_LINES) return this.malformed('limit', lines, line2);
            i = after;
            continue;
          }
          high |= b;
          i++;
        }
        // After a closing quote: a separator, a line end or the end of the input. Text there, when
        // the quote closed on a later line, is the mark of a stray quote that joined lines; on one
        // line the field is taken as it stands, quotes and all, up to the next separator (as
        // spreadsheets and csv-parse read "Kontrol" og "blodtryk" in a note).
        if (i < stop) {
          const b = buf[i];
          if (b !== sep && b !== LF && b !== CR) {
            if (lines > 1) return this.malformed('after-quote', lines, line2);
            while (i < stop) {
              const c = buf[i]!;
              if (c === sep || c === LF || c === CR) break;
              high |= c;
              i++;
            }
          }
        }
      } else {
        // Unquoted, up to the next separator or line end.
        while (i < stop) {
          const b = buf[i]!;
          if (b === sep || b === LF || b === CR) break;
          high |= b;
          i++;
        }
      }
      if (i >= stop) {
        if (stop === limit) return lines === 1 ? TOO_LONG : this.malformed('limit', lines, line2);
        if (!eof) return MORE;
        return this.complete(i, i, lines, fields, quoted, high, line2);
      }
      const b = buf[i];
      if (b === sep) {
        fields++;
        i++;
        continue;
      }
      // A line end outside quotes ends the record.
      let next = i + 1;
      if (b === CR) {
        if (next >= end && !eof) return MORE;
        if (next < end && buf[next] === LF) next++;
      }
      return this.complete(i, next, lines, fields, quoted, high, line2);
    }
  }

  /** A malformed record of `lines` physical lines so far; reading goes on at line2, its second line. */
  private malformed(bad: Bad, lines: number, line2: number): number {
    this.bad = bad;
    this.lines = lines;
    this.line2 = line2;
    return BAD;
  }

  private complete(contentEnd: number, next: number, lines: number, fields: number, quoted: boolean, high: number, line2: number): number {
    this.lines = lines;
    this.fields = fields;
    if (lines > 1 && this.width >= 0 && fields !== this.width) return this.malformed('fields', lines, line2);
    this.contentEnd = contentEnd;
    this.next = next;
    this.quoted = quoted;
    this.high = high;
    return RECORD;
  }

  /** Why the last scan was BAD, in Danish and English; `more` adds that the lines after are read again. */
  private reason(more: boolean): { da: string; en: string } {
    const r = ((): { da: string; en: string } => {
      switch (this.bad) {
        case 'unclosed':
          return { da: 'et anførselstegn (") lukkes aldrig', en: 'a quote (") is never closed' };
        case 'limit':
          return {
            da: `en post med et felt i anførselstegn fylder mere end ${MAX_RECORD_LINES} linjer eller ${this.cap} bytes; mangler et afsluttende anførselstegn?`,
            en: `a record with a quoted field runs over more than ${MAX_RECORD_LINES} lines or ${this.cap} bytes; is a closing quote missing?`,
          };
        case 'after-quote':
          return {
            da: 'et anførselstegn (") på linjen lukkes først på en senere linje, og der står tekst lige efter det',
            en: 'a quote (") opened on this line closes on a later line, with text right after it',
          };
        case 'fields':
          return {
            da: `et felt i anførselstegn samler ${this.lines} linjer til en post med ${this.fields} felter, men overskriften har ${this.width}`,
            en: `a quoted field joins ${this.lines} lines into a record of ${this.fields} fields, where the header has ${this.width}`,
          };
      }
    })();
    if (!more || this.lines === 1) return r;
    return { da: `${r.da}; linjerne efter læses hver for sig`, en: `${r.en}; the lines after it are read on their own` };
  }

  /** The record's first line is longer than the cap: its bytes are counted and dropped up to its end. */
  private startSkip(eof: boolean): void {
    this.skipped = 0;
    this.skippedLine = this.line;
    const after = this.skip(this.buf, this.start, this.end);
    if (this.skipped >= 0) {
      this.start = this.end = 0;
      if (eof) this.endSkip();
    } else this.start = after;
  }

  /** Counts the bytes of the line being skipped in bytes[from, to); returns where the next line starts (to when not yet). */
  private skip(bytes: Uint8Array, from: number, to: number): number {
    for (let i = from; i < to; i++) {
      const b = bytes[i];
      if (b !== LF && b !== CR) continue;
      this.skipped += i - from;
      this.endSkip();
      if (b === LF) return i + 1;
      if (i + 1 < to) return bytes[i + 1] === LF ? i + 2 : i + 1;
      this.skipLf = true;
      return to;
    }
    this.skipped += to - from;
    return to;
  }

  private endSkip(): void {
    this.emit(unreadable(this.skippedLine, { id: 'input/linje-for-lang', length: this.skipped, max: this.cap }));
    this.line = this.skippedLine + 1;
    this.skipped = -1;
  }
}
