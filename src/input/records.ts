// Streams an input's CSV records with the physical line each starts on; a line that cannot be read is reported, not dropped.
import { createReadStream } from 'node:fs';
import { InputError, ioReason } from './errors.js';
import { lineCap, PIECE, type ReadOptions, type RecordEvent, RecordSplitter } from './splitter.js';

export { type LineProblem, type ReadOptions, type RecordEvent, recordEvent } from './splitter.js';

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

/**
 * Yields the header, then each record with the 1-based physical line it starts on (the header is
 * line 1 unless blank lines come before it), blank lines, and lines that cannot be read. This is the
 * general path: standard input, named streams, and the part of a file the hot path hands over.
 */
export async function* readRecords(source: Source, options: ReadOptions = {}): AsyncGenerator<RecordEvent> {
  const name = sourceName(source);
  const events: RecordEvent[] = [];
  const splitter = new RecordSplitter(name, (ev) => events.push(ev), lineCap(options));
  const chunks = openSource(source)[Symbol.asyncIterator]();
  let done = false;
  try {
    while (!done) {
      let next: IteratorResult<Uint8Array | string>;
      try {
        next = await chunks.next();
      } catch (e) {
        throw new InputError(name, `cannot be read (${ioReason(e)})`);
      }
      done = next.done === true;
      if (done) {
        splitter.finish();
        yield* events;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : next.value;
      // A piece at a time, each piece's events handed on at once: events kept waiting for a whole
      // chunk (up to 1 MiB) would outlive the young generation, and the heap would grow to hold them.
      for (let at = 0; at < chunk.length; at += PIECE) {
        splitter.push(chunk.subarray(at, at + PIECE));
        for (const ev of events) yield ev;
        events.length = 0;
      }
    }
  } finally {
    // Stopped early (a bad header, say): close the file.
    if (!done) await chunks.return?.();
  }
}
