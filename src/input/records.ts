// Streams CSV records with the physical line each starts on; unparseable records are reported, not dropped.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { decodeBytes } from './decode.js';
import { type Delimiter, sniffDelimiter } from './dialect.js';
import { InputError, ioReason } from './errors.js';

/** One input: a path (or "-" for standard input), or a named stream of bytes. */
export type Source = string | { name: string; stream: AsyncIterable<Uint8Array | string> };

export function sourceName(s: Source): string {
  return typeof s === 'string' ? s : s.name;
}

function openSource(s: Source): AsyncIterable<Uint8Array | string> {
  if (typeof s !== 'string') return s.stream;
  if (s === '-') return process.stdin;
  return createReadStream(s, { highWaterMark: 1 << 20 });
}

export type RecordEvent =
  | { type: 'header'; fields: string[]; delimiter: Delimiter }
  | { type: 'record'; fields: string[]; line: number }
  | { type: 'blank'; line: number }
  | { type: 'unparseable'; line: number; reason: string };

/** Splits off the first line so the delimiter can be sniffed before parsing starts. */
async function* withHeadFirst(text: AsyncIterable<string>, onHead: (head: string) => void): AsyncGenerator<string> {
  let head = '';
  let seen = false;
  for await (const chunk of text) {
    if (!seen) {
      head += chunk;
      const nl = head.indexOf('\n');
      if (nl < 0) continue;
      seen = true;
      onHead(head.slice(0, nl));
      yield head;
      continue;
    }
    yield chunk;
  }
  if (!seen) {
    onHead(head);
    if (head) yield head;
  }
}

/** A record, or a blank line when every field is empty: a row of empty cells (Excel writes ";;;;" for them) is not a claim. */
export function recordEvent(fields: string[], line: number): RecordEvent {
  return fields.every((f) => f.trim() === '') ? { type: 'blank', line } : { type: 'record', fields, line };
}

function countNewlines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let at = f.indexOf('\n'); at >= 0; at = f.indexOf('\n', at + 1)) n++;
  }
  return n;
}

/**
 * Yields the header, then each record with the 1-based physical line it starts on (the header is
 * line 1). A record csv-parse cannot read is yielded as unparseable with its line and reason.
 */
export async function* readRecords(source: Source): AsyncGenerator<RecordEvent> {
  const name = sourceName(source);
  let delimiter: Delimiter = ',';
  const text = withHeadFirst(decodeBytes(openSource(source)), (head) => {
    delimiter = sniffDelimiter(head);
  });
  // Pull the first chunk so the delimiter is known before the parser is made.
  const first = await text.next().catch((e: unknown) => {
    throw new InputError(name, `cannot be read (${ioReason(e)})`);
  });
  if (first.done || first.value.trim() === '') throw new InputError(name, 'is empty: a header row is required');

  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    // A stray quote inside a field stays data (the field then fails its own check), so one stray
    // quote does not swallow the rest of the file.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  // Physical lines are counted here, not taken from info.lines: csv-parse counts a CRLF inside a
  // quoted field as two lines. A record starts on the line after the previous record ends, plus
  // any blank lines csv-parse skipped in between (info.empty_lines is a running count).
  let lastEnd = 0;
  let lastEmpty = 0;
  let records = 0;
  // csv-parse reports a skipped record as soon as it meets it, which can be before the records
  // ahead of it have been read from the stream: keep it until they have.
  const skipped: { after: number; emptyLines: number; reason: string }[] = [];
  parser.on('skip', (err: Error & { code?: string; empty_lines?: number; records?: number }) => {
    skipped.push({ after: err.records ?? records, emptyLines: err.empty_lines ?? 0, reason: `${err.code ?? 'CSV'}: ${err.message}` });
  });
  function* drain(upTo: number): Generator<RecordEvent> {
    while (skipped.length && skipped[0]!.after <= upTo) {
      const skip = skipped.shift()!;
      const start = lastEnd + 1 + Math.max(0, skip.emptyLines - lastEmpty);
      lastEmpty = Math.max(lastEmpty, skip.emptyLines);
      lastEnd = start;
      yield { type: 'unparseable', line: start, reason: skip.reason };
    }
  }
  async function* all(): AsyncGenerator<string> {
    yield first.value as string;
    yield* text;
  }
  const pumping = pipeline(Readable.from(all(), { objectMode: false }), parser).catch((e: unknown) => {
    parser.destroy(e as Error);
  });

  let header = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      yield* drain(records);
      records++;
      const start = lastEnd + 1 + (info.empty_lines - lastEmpty);
      lastEmpty = info.empty_lines;
      lastEnd = start + countNewlines(record);
      if (header) {
        header = false;
        yield { type: 'header', fields: record, delimiter };
        continue;
      }
      yield recordEvent(record, start);
    }
  } catch (e) {
    throw new InputError(name, `cannot be read (${ioReason(e)})`);
  }
  await pumping;
  yield* drain(Infinity);
  if (header) throw new InputError(name, 'has no header row');
}
