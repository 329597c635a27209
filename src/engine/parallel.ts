// Reading one large file with several threads: the file is cut at line starts into parts; this
// thread reads the first, a worker thread each of the others (into a store of its own, with lines
// numbered from the part's start). The parts are then appended in order, so the store is the one a
// single thread would have read, line for line and id for id.
import { closeSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isSea } from 'node:sea';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type ByteRange, readFileFast, type RangeResult } from '../input/fast.js';
import { openInput } from '../input/errors.js';
import type { StoreColumns } from '../store/store.js';
import { Reading, type ReadingCounts, type ReadingSettings } from './reading.js';

/** Below this size a file is read by one thread: starting a worker costs more than it saves. */
const PARALLEL_FROM = 32 * 1024 * 1024;

/** The parts a file of this size is read in by default: one per core (at most four), one for a small file. */
export function defaultThreads(size: number): number {
  return size < PARALLEL_FROM ? 1 : Math.max(1, Math.min(4, availableParallelism()));
}

/** Below this many lines the patients are checked by one thread. */
const RULE_THREADS_FROM = 3_000_000;

/** The threads that check the patients of a store of this many lines by default. */
export function ruleThreads(lines: number): number {
  return lines < RULE_THREADS_FROM ? 1 : Math.max(1, Math.min(4, availableParallelism()));
}

/** What a worker is given: the file, the byte its part starts at, and how to read. */
interface Job {
  gpclaims: 'read-part';
  path: string;
  fileNo: number;
  name: string;
  from: number;
  to: number | undefined;
  settings: ReadingSettings;
  maxLineBytes: number | undefined;
}

/** What a worker gives back: its part's lines and counts, and where it stopped. */
export interface Part {
  columns: StoreColumns;
  counts: ReadingCounts;
  result: RangeResult;
}

/**
 * Where to cut a file into n parts: the byte after the first line end at or after each k/n of its
 * size (past the header), in order, without repeats. Fewer cuts when the file has few lines.
 */
export function cutPoints(path: string, parts: number): number[] {
  const size = statSync(path).size;
  const fd = openInput(path);
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const cuts: number[] = [];
    for (let k = 1; k < parts; k++) {
      let at = Math.floor((size * k) / parts);
      let cut = -1;
      while (at < size && cut < 0) {
        const n = readSync(fd, buf, 0, buf.length, at);
        if (n <= 0) break;
        const lf = buf.subarray(0, n).indexOf(0x0a);
        if (lf >= 0) cut = at + lf + 1;
        at += n;
      }
      if (cut < 0 || cut >= size) break;
      if (cut > (cuts.at(-1) ?? 0)) cuts.push(cut);
    }
    return cuts;
  } finally {
    closeSync(fd);
  }
}

/** A later part being read in a worker thread: done gives its lines, or null when no worker could read it. */
export interface PartReading {
  done: Promise<Part | null>;
  cancel(): void;
}

export function readPartInWorker(job: Omit<Job, 'gpclaims'>): PartReading {
  let worker: Worker;
  // The standalone binary has no module file for a worker to load: its parts are read here.
  if (isSea()) return { done: Promise.resolve(null), cancel() {} };
  try {
    // This very module is the worker's script: in the library's files and in the one-file bundle alike.
    worker = new Worker(new URL(import.meta.url), { workerData: { ...job, gpclaims: 'read-part' } satisfies Job });
  } catch {
    return { done: Promise.resolve(null), cancel() {} };
  }
  const done = new Promise<Part | null>((resolve) => {
    worker.once('message', (m: Part | null) => resolve(m));
    // A worker that fails leaves its part to this thread, which then meets (and reports) the same problem.
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    done: done.finally(() => void worker.terminate()),
    cancel: () => void worker.terminate(),
  };
}

/** In a worker: reads the job's part, clean lines only, and posts what it read. */
async function runJob(job: Job): Promise<void> {
  const reading = new Reading(job.settings);
  const sink = reading.sink(job.fileNo, job.name, true);
  const range: ByteRange = { from: job.from, line: 1, clean: true, ...(job.to !== undefined && { to: job.to }) };
  const read = await readFileFast(job.path, sink, { maxLineBytes: job.maxLineBytes, range });
  if (!read || !range.result) {
    parentPort!.postMessage(null);
    return;
  }
  const columns = reading.store.columns();
  const part: Part = { columns, counts: reading.counts(), result: range.result };
  const buffers = [columns.practice, columns.patient, columns.day, columns.code, columns.antal, columns.file, columns.line, columns.time, columns.group, columns.amount, columns.cprs, columns.births].map((a) => a.buffer as ArrayBuffer);
  // The patient index is not sent: its memory goes back before the other thread copies the lines.
  reading.store.doneReading();
  parentPort!.postMessage(part, buffers);
}

if (!isMainThread && (workerData as Job | undefined)?.gpclaims === 'read-part') {
  runJob(workerData as Job).catch(() => parentPort!.postMessage(null));
}
