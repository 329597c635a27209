// Running the rules over the patients' timelines: on this thread, or in ranges of patients on
// several. Each worker thread sorts and checks a range of the patients in the store's shared
// columns; the ranges are merged in patient order, so findings, counts and what the rules gather
// for finish() are the ones a single thread makes, finding for finding.
import { isSea } from 'node:sea';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Decimal } from 'decimal.js';
import { Catalog } from '../catalog/catalog.js';
import { type Tariff, TariffTable } from '../catalog/tariffs.js';
import { kindByName } from '../kinds/index.js';
import { type EvalContext, firstHistoryFile, forEachRepeat, type RuleEvaluator } from '../kinds/kind.js';
import type { FindingRule, Lang } from '../model/finding.js';
import type { CompiledRule } from '../model/rule.js';
import { ClaimStore, type SharedStore } from '../store/store.js';
import { FindingTable, type FindingTablePart } from './findings.js';

/** Counts rules keep, by rule id and name (EvalContext.tally). */
export type Counts = Record<string, Record<string, number>>;

/** What the rules' context is made of, besides the store and where findings and counts go. */
export type ContextParts = Omit<EvalContext, 'store' | 'tally' | 'emitLines' | 'emit'>;

export function makeContext(store: ClaimStore, parts: ContextParts, findings: FindingTable, counts: Counts): EvalContext {
  const firstHistory = firstHistoryFile(parts);
  // The details of findings that had none but history, by the invoices: one frozen object each,
  // so that a million findings of a line billed again share it (and its JSON text is made once).
  const historyOnly = new Map<string, Readonly<Record<string, unknown>>>();
  return {
    store,
    ...parts,
    tally(ruleId, name, n = 1) {
      const c = (counts[ruleId] ??= {});
      c[name] = (c[name] ?? 0) + n;
    },
    emitLines(rule, lines, details) {
      let fromHistory = 0;
      for (let k = 0; k < lines.length; k++) if (store.file[lines[k]!]! >= firstHistory) fromHistory++;
      if (!fromHistory) {
        findings.addLines(rule, lines, details);
        return;
      }
      // A finding is about this run's input only: the history lines go, and the details say
      // which earlier invoices it also rests on (in ledger file order).
      if (fromHistory === lines.length) return;
      const input: number[] = [];
      const invoices = new Set<number>();
      for (let k = 0; k < lines.length; k++) {
        const i = lines[k]!;
        if (store.file[i]! < firstHistory) input.push(i);
        else invoices.add(store.file[i]!);
      }
      const files = [...invoices].sort((a, b) => a - b);
      if (details) {
        findings.addLines(rule, input, { ...details, history: files.map((f) => parts.files[f]!) });
        return;
      }
      const key = files.join(',');
      let only = historyOnly.get(key);
      if (!only) historyOnly.set(key, (only = Object.freeze({ history: Object.freeze(files.map((f) => parts.files[f]!)) })));
      findings.addLines(rule, input, only);
    },
    emit(rule, parts) {
      findings.addParts(rule, parts);
    },
  };
}

/** Adds counts kept on another thread, for later patients: names new here come after those here, as on one thread. */
export function addCounts(to: Counts, from: Counts): void {
  for (const [id, names] of Object.entries(from)) {
    const c = (to[id] ??= {});
    for (const [name, n] of Object.entries(names)) c[name] = (c[name] ?? 0) + n;
  }
}

/**
 * Orders the store's lines into timelines and calls every evaluator's patient() for every patient,
 * in patient order, using up to `threads` threads. The evaluators' finish() is left to the caller.
 * Returns how many threads checked a range of patients.
 */
export async function checkPatients(store: ClaimStore, rules: readonly CompiledRule[], evaluators: readonly RuleEvaluator[], parts: ContextParts, findings: FindingTable, counts: Counts, threads: number): Promise<number> {
  const evaluated = evaluators.flatMap((e, k) => (e.patient ? [{ e, rule: rules[k]! }] : []));
  // A rule that gathers across patients for finish() can be split only if it can hand that over.
  const splittable = evaluated.every(({ e }) => !e.finish || e.absorb);
  const workers = threads > 1 && evaluated.length && splittable && !isSea() ? startWorkers(threads - 1) : [];
  try {
    const start = store.gatherByPatient(workers.length > 0);
    const ranges = patientRanges(start, workers.length + 1);
    const mine = evaluated.map((u) => u.e);
    const jobs = ranges.slice(1).map((range, k) => workers[k]!.check(jobFor(store, start, range, evaluated.map((u) => u.rule), parts)));
    const [first] = ranges;
    const firstHistory = firstHistoryFile(parts);
    store.sortPatients(start, first![0], first![1]);
    runPatients(store, start, first![0], first![1], mine, firstHistory);
    let used = 1;
    for (const [k, job] of jobs.entries()) {
      const got = await job;
      const [from, to] = ranges[k + 1]!;
      if (!got) {
        // The worker could not do its range (it failed, or could not start): this thread does it.
        store.sortPatients(start, from, to);
        runPatients(store, start, from, to, mine, firstHistory);
        continue;
      }
      used++;
      findings.append(got.findings, (ref) => (typeof ref === 'number' ? evaluated[ref]!.rule : ref));
      addCounts(counts, got.counts);
      for (const [j, { e }] of evaluated.entries()) if (got.gathered[j] !== undefined) e.absorb!(got.gathered[j]);
    }
    return used;
  } finally {
    for (const w of workers) w.stop();
  }
}

/**
 * Cuts the patients 0 .. P - 1 into up to n ranges [from, to) of about as many lines each (a
 * patient is never split; empty ranges are dropped, so there can be fewer).
 */
export function patientRanges(start: Uint32Array, n: number): [number, number][] {
  const patients = start.length - 1;
  const lines = start[patients]!;
  const ranges: [number, number][] = [];
  let from = 0;
  for (let k = 1; k <= n && from < patients; k++) {
    let to = patients;
    if (k < n) {
      const target = Math.ceil((lines * k) / n);
      to = from;
      while (to < patients && start[to]! < target) to++;
    }
    if (to > from) ranges.push([from, to]);
    from = to;
  }
  return ranges.length ? ranges : [[0, patients]];
}

/**
 * Calls each evaluator's patient() for patients from .. to - 1, whose lines are in timeline order:
 * patient p's are the run of indices start[p] .. start[p + 1] - 1. History lines (file numbers
 * from firstHistory on) that repeat an input line are given only to evaluators that see repeats.
 */
export function runPatients(store: ClaimStore, start: Uint32Array, from: number, to: number, evaluators: readonly RuleEvaluator[], firstHistory = Infinity): void {
  if (!evaluators.length) return;
  // An evaluator that names the codes it needs is called only for patients with one of them:
  // one bit per such evaluator, OR-ed over a patient's codes.
  const always = evaluators.filter((e) => !e.only);
  const filtered = evaluators.filter((e) => e.only).slice(0, 31);
  for (const e of evaluators.filter((e) => e.only).slice(31)) always.push(e);
  const bits = new Uint32Array(10000);
  filtered.forEach((e, b) => {
    for (let code = 0; code < 10000; code++) if (e.only![code]) bits[code]! |= 1 << b;
  });
  const code = store.code;
  // A patient's lines are a run of indices, written into one scratch array.
  let longest = 0;
  for (let p = from; p < to; p++) longest = Math.max(longest, start[p + 1]! - start[p]!);
  const scratch = new Uint32Array(longest);
  // One view per length, made once: a new view per patient would be a million small objects.
  const views: Uint32Array[] = [];
  // With a history: a patient's lines without the history lines that repeat an input line.
  const once = new Uint32Array(firstHistory === Infinity ? 0 : longest);
  const onceViews: Uint32Array[] = [];
  const repeat = new Uint8Array(firstHistory === Infinity ? 0 : longest);
  let repeats = 0;
  const mark = (_k: number, j: number): void => {
    if (!repeat[j]) repeats++;
    repeat[j] = 1;
  };
  const file = store.file;
  for (let p = from; p < to; p++) {
    const first = start[p]!;
    const length = start[p + 1]! - first;
    const lines = (views[length] ??= scratch.subarray(0, length));
    for (let k = 0; k < lines.length; k++) lines[k] = first + k;
    let mask = 0;
    for (let k = 0; k < lines.length; k++) mask |= bits[code[lines[k]!]!]!;
    let single = lines;
    if (firstHistory !== Infinity) {
      repeats = 0;
      let any = false;
      for (let k = 0; k < lines.length && !any; k++) any = file[lines[k]!]! >= firstHistory;
      if (any) forEachRepeat(store, lines, firstHistory, mark);
      if (repeats) {
        single = onceViews[length - repeats] ??= once.subarray(0, length - repeats);
        let m = 0;
        for (let k = 0; k < lines.length; k++) {
          if (repeat[k]) repeat[k] = 0;
          else single[m++] = lines[k]!;
        }
      }
    }
    for (const e of always) e.patient!(e.seesRepeats ? lines : single);
    for (let b = 0; mask !== 0 && b < filtered.length; b++) if (mask & (1 << b)) filtered[b]!.patient!(filtered[b]!.seesRepeats ? lines : single);
  }
}

/** What a worker is sent: the shared store, its range of patients and what the rules need. */
interface Job {
  store: SharedStore;
  /** start[] of the range's patients and one more: their lines are start[0] .. start[at(-1)] - 1. */
  start: Uint32Array;
  /** The rules whose evaluators read patients, in order. */
  rules: CompiledRule[];
  catalog: Catalog['entries'];
  tariffs: { origin: string; list: (Omit<Tariff, 'amount'> & { amount: string })[] };
  lang: Lang;
  asOf: number | null;
  files: readonly string[];
  history: ContextParts['history'];
}

/** A rule as the worker names it: its place in Job.rules, or the rule itself when it is another (e.g. made by the evaluator). */
type RuleRef = number | FindingRule;

/** What a worker gives back: its findings, counts and what each rule gathered for finish(). */
interface Done {
  findings: FindingTablePart<RuleRef>;
  counts: Counts;
  gathered: unknown[];
}

function jobFor(store: ClaimStore, start: Uint32Array, [from, to]: [number, number], rules: CompiledRule[], parts: ContextParts): Job {
  const list = parts.tariffs.list().map((t) => ({ ...t, amount: t.amount.toString() }));
  return {
    store: store.shared(),
    start: start.slice(from, to + 1),
    rules,
    catalog: parts.catalog.entries,
    tariffs: { origin: parts.tariffs.origin, list },
    lang: parts.lang,
    asOf: parts.asOf,
    files: parts.files,
    history: parts.history,
  };
}

interface PatientWorker {
  /** Sends the job; gives the worker's result, or null when it could not do it. */
  check(job: Job): Promise<Done | null>;
  stop(): void;
}

/** Workers are started before the lines are ordered, so that they are ready when their ranges are. */
function startWorkers(n: number): PatientWorker[] {
  const workers: PatientWorker[] = [];
  for (let k = 0; k < n; k++) {
    let worker: Worker;
    try {
      // This very module is the worker's script: in the library's files and in the one-file bundle alike.
      worker = new Worker(new URL(import.meta.url), { workerData: { gpclaims: 'check-patients' } });
    } catch {
      break;
    }
    const done = new Promise<Done | null>((resolve) => {
      worker.once('message', (m: Done | null) => resolve(m));
      worker.once('error', () => resolve(null));
      worker.once('exit', () => resolve(null));
    });
    workers.push({
      check(job) {
        worker.postMessage(job);
        return done;
      },
      stop: () => void worker.terminate(),
    });
  }
  return workers;
}

/** In a worker: sorts and checks the job's patients, and posts what the rules made and gathered. */
function runJob(job: Job): void {
  const store = ClaimStore.fromShared(job.store);
  const catalog = new Catalog(job.catalog);
  const tariffs = new TariffTable(
    job.tariffs.list.map((t) => ({ ...t, amount: new Decimal(t.amount) })),
    job.tariffs.origin,
  );
  const findings = new FindingTable();
  const counts: Counts = {};
  // What only finish() reads (the register, the regional averages) stays with the main thread.
  const parts: ContextParts = { files: job.files, catalog, lang: job.lang, regionalAverages: new Map(), asOf: job.asOf, tariffs, practices: null, history: job.history };
  const ctx = makeContext(store, parts, findings, counts);
  const evaluators = job.rules.map((rule) => kindByName(rule.kind)!.create(rule as never, ctx));
  const last = job.start.length - 1;
  // The range's own start[] is indexed from 0: patient k of the range is patient first + k.
  store.sortPatients(job.start, 0, last);
  runPatients(store, job.start, 0, last, evaluators, job.history ? job.history.firstFile : Infinity);
  const index = new Map<FindingRule, number>(job.rules.map((r, k) => [r, k]));
  const done: Done = { findings: findings.part((r) => index.get(r) ?? r), counts, gathered: evaluators.map((e) => e.gathered?.()) };
  const f = done.findings;
  parentPort!.postMessage(done, [f.rule.buffer, f.details.buffer, f.start.buffer, f.lines.buffer] as ArrayBuffer[]);
}

if (!isMainThread && (workerData as { gpclaims?: string } | undefined)?.gpclaims === 'check-patients') {
  parentPort!.once('message', (job: Job) => {
    try {
      runJob(job);
    } catch {
      parentPort!.postMessage(null);
    }
  });
}
