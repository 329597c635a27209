// Streams CSV records with the physical line each starts on; unparseable records are reported, not dropped.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { decodeBytes, type DecodeState } from './decode.js';
import { type Delimiter, sniffDelimiter } from './dialect.js';
import { InputError } from './errors.js';

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
export async function* readRecords(source: Source, decodeState?: DecodeState): AsyncGenerator<RecordEvent> {
  const name = sourceName(source);
  let delimiter: Delimiter = ',';
  const text = withHeadFirst(decodeBytes(openSource(source), decodeState), (head) => {
    delimiter = sniffDelimiter(head);
  });
  // Pull the first chunk so the delimiter is known before the parser is made.
  const first = await text.next().catch((e: unknown) => {
    throw new InputError(name, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  });
  if (first.done || first.value.trim() === '') throw new InputError(name, 'is empty: a header row is required');

  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  const skipped: RecordEvent[] = [];
  parser.on('skip', (err: Error & { code?: string; lines?: number }) => {
    skipped.push({ type: 'unparseable', line: err.lines ?? 0, reason: `${err.code ?? 'CSV'}: ${err.message}` });
  });
  async function* all(): AsyncGenerator<string> {
    yield first.value as string;
    yield* text;
  }
  const pumping = pipeline(Readable.from(all(), { objectMode: false }), parser).catch((e: unknown) => {
    parser.destroy(e as Error);
  });

  let header = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (skipped.length) yield skipped.shift()!;
      if (header) {
        header = false;
        yield { type: 'header', fields: record, delimiter };
        continue;
      }
      yield { type: 'record', fields: record, line: info.lines - countNewlines(record) };
    }
  } catch (e) {
    throw new InputError(name, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  await pumping;
  while (skipped.length) yield skipped.shift()!;
  if (header) throw new InputError(name, 'has no header row');
}
