// The hot path for invoice files: reads bytes and parses the common field shapes without making
// strings. Anything it does not handle byte for byte (a quote, a CR that is not part of a CRLF, a
// line over the length cap) goes to the general path (splitter.ts) from that line on, so the result
// is the same.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { validDayNumber } from '../model/date.js';
import { decideEncoding, ENCODING_WINDOW, hasBom, textDecoder } from './decode.js';
import { type Delimiter, sniffDelimiter } from './dialect.js';
import { InputError, ioReason, openInput } from './errors.js';
import { notCsv } from './filetype.js';
import { blankBytes, lineCap, type ReadOptions, type RecordEvent, RecordSplitter, recordEvent, unreadable } from './splitter.js';

const CHUNK = 8 << 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** A line parsed on the hot path: numbers, and keys that stand for the practice and the patient. */
export interface FastClaim {
  /** The ydernummer's value times 10 plus its length. */
  practiceKey: number;
  /** The ten CPR digits as a number. */
  cprKey: number;
  day: number;
  code: number;
  /** Digits the code was written with (fewer than 4: padded). */
  codeLength: number;
  antal: number;
  /** The amount in whole øre, or null. */
  ore: number | null;
  /** Minutes after midnight, or -1. */
  time: number;
  group: number;
  line: number;
}

const BATCH = 512;

/**
 * Parsed lines handed over together, so that the sink can look up all their patients in one
 * tight loop: the lookups then overlap in memory instead of waiting one after another.
 */
export class FastBatch {
  readonly practiceKey = new Float64Array(BATCH);
  readonly cprKey = new Float64Array(BATCH);
  readonly day = new Int32Array(BATCH);
  readonly code = new Uint16Array(BATCH);
  readonly codeLength = new Uint8Array(BATCH);
  readonly antal = new Uint32Array(BATCH);
  /** Whole øre, or NaN for no amount. */
  readonly ore = new Float64Array(BATCH);
  readonly time = new Int16Array(BATCH);
  readonly group = new Uint8Array(BATCH);
  readonly line = new Uint32Array(BATCH);
  /** Set by the sink for a line that must take the general path. */
  readonly rejected = new Uint8Array(BATCH);
  readonly lineStart = new Int32Array(BATCH);
  readonly lineEnd = new Int32Array(BATCH);
  readonly practiceStart = new Int32Array(BATCH);
  readonly practiceEnd = new Int32Array(BATCH);
  size = 0;

  add(c: FastClaim, lineStart: number, lineEnd: number, practiceStart: number, practiceEnd: number): void {
    const j = this.size++;
    this.practiceKey[j] = c.practiceKey;
    this.cprKey[j] = c.cprKey;
    this.day[j] = c.day;
    this.code[j] = c.code;
    this.codeLength[j] = c.codeLength;
    this.antal[j] = c.antal;
    this.ore[j] = c.ore === null ? Number.NaN : c.ore;
    this.time[j] = c.time;
    this.group[j] = c.group;
    this.line[j] = c.line;
    this.rejected[j] = 0;
    this.lineStart[j] = lineStart;
    this.lineEnd[j] = lineEnd;
    this.practiceStart[j] = practiceStart;
    this.practiceEnd[j] = practiceEnd;
  }

  get full(): boolean {
    return this.size === BATCH;
  }
}

/** Where the fast reader hands what it reads. */
export interface FastSink {
  /** The header row; returns the column of each canonical field (-1 when absent) and the width. */
  header(fields: string[], delimiter: Delimiter): { columns: Record<string, number>; width: number };
  /**
   * Takes parsed lines; sets batch.rejected for a line that needs the general path (e.g. a CPR
   * birth date that does not exist). practiceText(j) is line j's ydernummer as text.
   */
  claims(batch: FastBatch, practiceText: (j: number) => string): void;
  /** How many lines the file probably has, from its size and its first lines (to size storage once). */
  expect?(lines: number): void;
  /** Bytes of the file read so far and its size, after each chunk (for a progress line). */
  progress?(bytesRead: number, size: number): void;
  /** An event as the general path makes it: a record as strings, a blank line or a line that cannot be read. */
  event(ev: RecordEvent): void;
}

export interface FastOptions extends ReadOptions {
  /** Bytes read at a time (tests make it small to cut lines across reads). */
  chunkSize?: number;
  /** Read only part of the file (the header is always read from its start). */
  range?: ByteRange;
}

/**
 * A part of a file to read: its lines from byte `from` (a line start; the first line is numbered
 * `line`) to byte `to` (a line start, or the end). Lines are counted from `line` as if every line
 * before it had been read.
 */
export interface ByteRange {
  from?: number;
  line?: number;
  to?: number;
  /**
   * Only lines the hot path takes as they are: at the first line that would become an event other
   * than a blank line (a line for the general path, or one the sink rejects), reading stops, and
   * result.stop says where. The sink must store a batch's lines only up to the first it rejects.
   */
  clean?: boolean;
  /** Filled in by the reader. */
  result?: RangeResult;
}

export interface RangeResult {
  /** The number of the last line read. */
  lastLine: number;
  /** Where a clean read stopped: the byte and number of the first line it did not take. */
  stop: { byte: number; line: number } | null;
  /** Whether the general path took over and read the file to its end, past `to`. */
  toEnd: boolean;
}

/**
 * Reads a file through the sink. Returns false (having passed nothing to the sink) when the file
 * needs the general path throughout: not a regular file, or a header the hot path does not take.
 */
export async function readFileFast(path: string, sink: FastSink, options: FastOptions = {}): Promise<boolean> {
  const cap = lineCap(options);
  const fd = openInput(path);
  try {
    return readOpen(fd, path, sink, options.chunkSize ?? CHUNK, cap, options.range ?? {});
  } finally {
    closeSync(fd);
  }
}

/** Reads into buf[at ..] from the file at byte `position`, at most `most` bytes. */
function readChunk(fd: number, path: string, buf: Buffer, at: number, position: number, most = Infinity): number {
  try {
    return readSync(fd, buf, at, Math.min(buf.length - at, most), position);
  } catch (e) {
    throw new InputError(path, `cannot be read (${ioReason(e)})`);
  }
}

/** The file's first bytes, read where they are (the file's read position stays at 0). */
function readStart(fd: number, path: string, size: number): Buffer {
  // A small file needs no 1 MiB buffer (a process that checks many small files would make garbage).
  const head = Buffer.allocUnsafe(Math.min(ENCODING_WINDOW + 1, size + 1));
  let n = 0;
  for (;;) {
    let got: number;
    try {
      got = readSync(fd, head, n, head.length - n, n);
    } catch (e) {
      throw new InputError(path, `cannot be read (${ioReason(e)})`);
    }
    n += got;
    if (got <= 0 || n === head.length) return head.subarray(0, n);
  }
}

function readOpen(fd: number, path: string, sink: FastSink, chunkSize: number, cap: number, range: ByteRange): boolean {
  // A pipe or a device is read once, as a stream, by the general path.
  const stat = fstatSync(fd);
  if (!stat.isFile()) return false;
  // What the file is and its encoding, decided from its start as the general path decides them.
  const start = readStart(fd, path, stat.size);
  const what = notCsv(start);
  if (what) throw new InputError(path, what);
  const encoding = decideEncoding(start, start.length <= ENCODING_WINDOW);
  const decode = textDecoder(encoding);
  const utf8 = encoding === 'utf-8';

  // The whole file when it is smaller than a chunk; the buffer grows if the file does.
  let buf = Buffer.allocUnsafe(Math.min(chunkSize, Math.max(stat.size + 1, 1 << 16)));
  let end = readChunk(fd, path, buf, 0, 0);
  let nl = buf.subarray(0, end).indexOf(LF);
  // A header longer than the buffer: grow it until the header line is in, or is longer than the cap
  // (with a BOM before it and a CR after it).
  while (nl < 0 && end === buf.length && end <= cap + 5) {
    const bigger = Buffer.allocUnsafe(buf.length * 2);
    buf.copy(bigger, 0, 0, end);
    buf = bigger;
    const n = readChunk(fd, path, buf, end, end);
    if (n <= 0) break;
    end += n;
    nl = buf.subarray(0, end).indexOf(LF);
  }
  let pos = hasBom(start) ? 3 : 0;
  // A header that is not plain (blank, quoted, too long, a lone CR, bytes not in the encoding): general path.
  if (nl < 0) return false;
  const headerEnd = nl > pos && buf[nl - 1] === CR ? nl - 1 : nl;
  const head = buf.subarray(pos, headerEnd);
  if (head.length > cap || blankBytes(head, 0, head.length) || head.includes(QUOTE) || head.includes(CR) || (utf8 && !isUtf8(head))) return false;
  const headerText = decode(buf, pos, headerEnd);
  const delimiter = sniffDelimiter(headerText);
  const sep = delimiter.charCodeAt(0);
  const headerFields = headerText.split(delimiter);
  const { columns, width } = sink.header(headerFields, delimiter);

  const col = (name: string): number => columns[name] ?? -1;
  const cPractice = col('ydernummer');
  const cCpr = col('cpr');
  const cDate = col('dato');
  const cCode = col('ydelseskode');
  const cAntal = col('antal');
  const cAmount = col('beloeb');
  const cTime = col('tid');
  const cGroup = col('sikringsgruppe');
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const claim: FastClaim = { practiceKey: 0, cprKey: 0, day: 0, code: 0, codeLength: 0, antal: 1, ore: null, time: -1, group: 0, line: 0 };
  const batch = new FastBatch();
  /** Hands the batch to the sink, then sends its rejected lines the general way. Before buf changes. True when a clean read stops. */
  const flush = (): boolean => {
    if (!batch.size) return false;
    const b = buf;
    sink.claims(batch, (j) => b.toString('latin1', batch.practiceStart[j]!, batch.practiceEnd[j]!));
    for (let j = 0; j < batch.size; j++) {
      if (!batch.rejected[j]) continue;
      if (clean) {
        batch.size = 0;
        return stopAt(batch.lineStart[j]!, batch.line[j]!);
      }
      sink.event(recordEvent(decode(b, batch.lineStart[j]!, batch.lineEnd[j]!).split(delimiter), batch.line[j]!));
    }
    batch.size = 0;
    return false;
  };

  let line = 1;
  pos = nl + 1;
  const size = fstatSync(fd).size;
  // The file offset of buf[0], and of the byte after buf[end - 1].
  let base = 0;
  let filePos = end;
  // Where the hot path stops: the range's end (a line start), or the end of the file.
  const limit = Math.min(range.to ?? Infinity, size);
  if (range.from !== undefined) {
    // Start at the range's first line: the header's bytes are no longer needed.
    base = filePos = range.from;
    pos = 0;
    line = (range.line ?? 2) - 1;
    end = readChunk(fd, path, buf, 0, filePos, limit - filePos);
    filePos += end;
  } else if (end > limit) {
    // A file smaller than a chunk: the part past the range is not this reader's.
    end = limit;
    filePos = limit;
  }
  const result: RangeResult = (range.result = { lastLine: line, stop: null, toEnd: false });
  const clean = range.clean === true;
  let bytesRead = filePos;
  /** Where a clean read stops: the line at buf[at], numbered n. */
  const stopAt = (at: number, n: number): true => {
    result.stop = { byte: base + at, line: n };
    result.lastLine = n - 1;
    return true;
  };
  /** The rest of the file, from the line at buf[from] on, read by the general path. */
  const handOver = (from: number, line: number): void => {
    const splitter = new RecordSplitter(path, (ev) => sink.event(ev), cap, { encoding, delimiter, width: headerFields.length, line });
    splitter.push(buf.subarray(from, end));
    for (;;) {
      const n = readChunk(fd, path, buf, 0, filePos);
      if (n <= 0) break;
      filePos += n;
      bytesRead += n;
      sink.progress?.(bytesRead, size);
      splitter.push(buf.subarray(0, n));
    }
    splitter.finish();
    result.toEnd = true;
  };
  if (sink.expect) {
    let sampled = 0;
    for (let k = buf.indexOf(LF, pos); k >= 0 && k < end; k = buf.indexOf(LF, k + 1)) sampled++;
    if (sampled > 0) sink.expect(Math.ceil(((limit - base - pos) / (end - pos)) * sampled * 1.02));
  }
  let checkedUpTo = pos; // bytes before this have been checked for UTF-8
  let suspectEnd = 0; // lines starting before this are in a stretch that is not all UTF-8: checked one by one
  for (;;) {
    // Complete lines in buf[pos, end); at EOF the last line may have no LF.
    let lastLf = buf.lastIndexOf(LF, end - 1);
    let eof = false;
    if (lastLf < pos) {
      // No complete line left: move the rest to the front and read more.
      if (flush()) return true;
      const rest = end - pos;
      // A line longer than the cap (and its CR): the general path skips it without holding it.
      if (rest > cap + 1) {
        if (clean) return stopAt(pos, line + 1);
        handOver(pos, line + 1);
        return true;
      }
      if (rest === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, pos, end);
        buf = bigger;
      } else buf.copy(buf, 0, pos, end);
      checkedUpTo -= pos;
      suspectEnd -= pos;
      base += pos;
      pos = 0;
      end = rest;
      const n = readChunk(fd, path, buf, end, filePos, limit - filePos);
      if (n > 0) {
        end += n;
        filePos += n;
        bytesRead += n;
        sink.progress?.(bytesRead, size);
        continue;
      }
      result.lastLine = line;
      if (end === 0) return true; // flushed above
      eof = true;
      lastLf = end;
    }
    const segEnd = eof ? end : lastLf + 1;
    if (utf8 && checkedUpTo < segEnd) {
      if (!isUtf8(buf.subarray(Math.max(pos, checkedUpTo), segEnd))) suspectEnd = segEnd;
      checkedUpTo = segEnd;
    }
    let nextQuote = -1;
    let nextCr = -1;
    while (pos < segEnd) {
      let lf = buf.indexOf(LF, pos);
      if (lf < 0 || lf >= segEnd) lf = segEnd;
      line++;
      let lineEnd = lf;
      // A CRLF, or a CR that ends the file.
      if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
      const lineStart = pos;
      if (lineEnd === lineStart) {
        pos = lf + 1;
        sink.event({ type: 'blank', line });
        continue;
      }
      // A quote, a CR inside the line, or a line over the cap: the general path reads from this line
      // on. The next quote and CR are found once (memchr) and looked for again only when a line passes them.
      if (nextQuote < lineStart) nextQuote = find(buf, QUOTE, lineStart, segEnd);
      if (nextCr < lineStart) nextCr = find(buf, CR, lineStart, segEnd);
      if (nextQuote < lineEnd || nextCr < lineEnd || lineEnd - lineStart > cap) {
        if (flush()) return true;
        if (clean) return stopAt(lineStart, line);
        handOver(lineStart, line);
        return true;
      }
      pos = lf + 1;
      if (lineStart < suspectEnd && !isUtf8(buf.subarray(lineStart, lineEnd))) {
        if (clean) {
          if (flush()) return true;
          return stopAt(lineStart, line);
        }
        sink.event(unreadable(line, { id: 'input/tegnkodning' }));
        continue;
      }
      // Split into fields.
      let n = 0;
      let s = lineStart;
      for (let k = lineStart; k < lineEnd; k++) {
        if (buf[k] === sep) {
          if (n < width) {
            starts[n] = s;
            ends[n] = k;
          }
          n++;
          s = k + 1;
        }
      }
      if (n < width) {
        starts[n] = s;
        ends[n] = lineEnd;
      }
      n++;
      if (n === width && parseFast(buf, starts, ends, claim, cPractice, cCpr, cDate, cCode, cAntal, cAmount, cTime, cGroup)) {
        claim.line = line;
        batch.add(claim, lineStart, lineEnd, starts[cPractice]!, ends[cPractice]!);
        if (batch.full && flush()) return true;
        continue;
      }
      if (clean) {
        if (flush()) return true;
        return stopAt(lineStart, line);
      }
      sink.event(recordEvent(decode(buf, lineStart, lineEnd).split(delimiter), line));
    }
    if (eof) {
      if (flush()) return true;
      result.lastLine = line;
      return true;
    }
  }
}

/** The first b in buf[from, to), or a position past every line when there is none. */
function find(buf: Buffer, b: number, from: number, to: number): number {
  const at = buf.indexOf(b, from);
  return at < 0 || at >= to ? Number.MAX_SAFE_INTEGER : at;
}

function digit(b: number): number {
  return b - 48;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 48 && b <= 57;
}

/** Digits in buf[s, e) as a number, or -1 when empty or not all digits. */
function digits(buf: Buffer, s: number, e: number): number {
  if (e <= s) return -1;
  let v = 0;
  for (let k = s; k < e; k++) {
    const b = buf[k]!;
    if (b < 48 || b > 57) return -1;
    v = v * 10 + (b - 48);
  }
  return v;
}

/** YYYY-MM-DD, or DD-MM-YYYY / DD.MM.YYYY / DD/MM/YYYY with two-digit day and month; -1 otherwise. */
function parseDay(buf: Buffer, s: number, e: number): number {
  if (e - s !== 10) return -1;
  let y: number;
  let m: number;
  let d: number;
  if (buf[s + 4] === 0x2d && buf[s + 7] === 0x2d) {
    y = digits(buf, s, s + 4);
    m = digits(buf, s + 5, s + 7);
    d = digits(buf, s + 8, s + 10);
  } else {
    const sep = buf[s + 2];
    if ((sep !== 0x2d && sep !== 0x2e && sep !== 0x2f) || buf[s + 5] !== sep) return -1;
    d = digits(buf, s, s + 2);
    m = digits(buf, s + 3, s + 5);
    y = digits(buf, s + 6, s + 10);
  }
  if (y < 0) return -1; // not four digits; day and month are checked by validDayNumber
  return validDayNumber(y, m, d) ?? -1;
}

/**
 * Parses one line's fields into c. False when a field has a shape the hot path does not take
 * (spaces around a value, another date form, a thousands separator): the general path decides.
 */
function parseFast(
  buf: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  c: FastClaim,
  cPractice: number,
  cCpr: number,
  cDate: number,
  cCode: number,
  cAntal: number,
  cAmount: number,
  cTime: number,
  cGroup: number,
): boolean {
  let s = starts[cPractice]!;
  let e = ends[cPractice]!;
  if (e - s < 1 || e - s > 8) return false;
  const practice = digits(buf, s, e);
  if (practice < 0) return false;
  c.practiceKey = practice * 10 + (e - s);

  s = starts[cCpr]!;
  e = ends[cCpr]!;
  let cpr: number;
  if (e - s === 10) cpr = digits(buf, s, e);
  else if (e - s === 11 && buf[s + 6] === 0x2d) {
    const a = digits(buf, s, s + 6);
    const b = digits(buf, s + 7, e);
    cpr = a < 0 || b < 0 ? -1 : a * 10000 + b;
  } else return false;
  if (cpr < 0) return false;
  c.cprKey = cpr;

  c.day = parseDay(buf, starts[cDate]!, ends[cDate]!);
  if (c.day === -1) return false;

  s = starts[cCode]!;
  e = ends[cCode]!;
  if (e - s < 1 || e - s > 4) return false;
  c.code = digits(buf, s, e);
  if (c.code < 0) return false;
  c.codeLength = e - s;

  if (cAntal < 0 || starts[cAntal] === ends[cAntal]) c.antal = 1;
  else {
    s = starts[cAntal]!;
    e = ends[cAntal]!;
    if (e - s > 9) return false;
    c.antal = digits(buf, s, e);
    if (c.antal <= 0) return false;
  }

  c.ore = null;
  if (cAmount >= 0 && starts[cAmount] !== ends[cAmount]) {
    // Whole kroner, or kroner with a decimal point or comma and one or two øre digits.
    s = starts[cAmount]!;
    e = ends[cAmount]!;
    let k = s;
    while (k < e && isDigit(buf[k])) k++;
    const whole = k - s;
    if (whole < 1 || whole > 12) return false;
    let kroner = digits(buf, s, k);
    let ore = 0;
    if (k < e) {
      if ((buf[k] !== 0x2e && buf[k] !== 0x2c) || e - k - 1 < 1 || e - k - 1 > 2) return false;
      ore = digits(buf, k + 1, e);
      if (ore < 0) return false;
      if (e - k - 1 === 1) ore *= 10;
    }
    kroner = kroner * 100 + ore;
    c.ore = kroner;
  }

  c.time = -1;
  if (cTime >= 0 && starts[cTime] !== ends[cTime]) {
    s = starts[cTime]!;
    e = ends[cTime]!;
    const len = e - s;
    const mark = len === 4 ? s + 1 : len === 5 ? s + 2 : -1;
    if (mark < 0 || (buf[mark] !== 0x3a && buf[mark] !== 0x2e)) return false;
    const h = digits(buf, s, mark);
    const m = digits(buf, mark + 1, e);
    if (h < 0 || h > 23 || m < 0 || m > 59 || e - mark - 1 !== 2) return false;
    c.time = h * 60 + m;
  }

  c.group = 0;
  if (cGroup >= 0 && starts[cGroup] !== ends[cGroup]) {
    if (ends[cGroup]! - starts[cGroup]! !== 1) return false;
    const g = digit(buf[starts[cGroup]!]!);
    if (g !== 1 && g !== 2) return false;
    c.group = g;
  }
  return true;
}
