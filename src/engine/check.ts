// The check: reads every source into the claim store, runs each rule over patient timelines, reports.
import { statSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { InputError } from '../input/errors.js';
import { type ByteRange, type FastSink, readFileFast } from '../input/fast.js';
import { readRecords, type Source, sourceName } from '../input/records.js';
import { kindByName } from '../kinds/index.js';
import type { RuleEvaluator } from '../kinds/kind.js';
import { INPUT_RULES, UNKNOWN_CODE } from '../ruleset/builtin.js';
import { type Lang, formatCode } from '../model/finding.js';
import { OPEN_END, type Ruleset } from '../ruleset/load.js';
import type { CompiledRule } from '../ruleset/types.js';
import { type Tariff, TariffTable } from '../catalog/tariffs.js';
import type { PracticeRegister } from '../input/practices.js';
import { civilDate, dayNumber, daysInMonth, isoDate, parseIsoDate, todayUtc } from '../model/date.js';
import type { DayRange } from '../input/claims.js';
import type { ClaimStore } from '../store/store.js';
import { FindingTable } from './findings.js';
import { type HistoryOption, type HistoryUsed, loadHistory } from './history-lines.js';
import { historySince, rulesWithoutHistory, type WithoutHistory } from './look-back.js';
import { cutPoints, defaultThreads, readPartInWorker, ruleThreads } from './parallel.js';
import { checkPatients, type ContextParts, type Counts, makeContext } from './patients.js';
import { Reading } from './reading.js';

export interface CheckOptions {
  ruleset: Ruleset;
  lang?: Lang;
  /** Published regional averages (units per patient) by code, e.g. { "0204": "0.35" }. */
  regionalAverages?: Record<string, string | Decimal>;
  /** Apply the rules and tariffs in force on this date (YYYY-MM-DD) to every line, not each line's own date. */
  asOf?: string;
  /** A honorartabel that replaces the catalogue's tariffs, with the name it is reported by. */
  tariffs?: { name: string; tariffs: readonly Tariff[] };
  /** The practice register: capacities and listed patients by ydernummer. */
  practices?: PracticeRegister;
  /** Called as a file is read: its name, bytes read, its size and the lines read so far in all files. */
  onProgress?: (p: { file: string; bytesRead: number; size: number; lines: number }) => void;
  /**
   * How many input findings of one kind (rule id) in one file are listed one by one (default
   * 1,000); the lines past it are counted in one finding of that kind with details { notListed,
   * firstLine, lastLine }. Every rejected line is still counted in summary.linesRejected.
   */
  maxInputFindings?: number;
  /**
   * Today (YYYY-MM-DD; default: the UTC date). A service date more than a year after it, or before
   * 1900-01-01, rejects its line (input/dato-uden-for-periode).
   */
  today?: string;
  /**
   * Accept an input with a header and no claim lines (none, or only blank ones). Without it such
   * an input is an InputError, so that a broken export does not pass as a clean one.
   */
  allowEmpty?: boolean;
  /** The longest line read, in bytes without its line end (default 65536): a longer data line is an input finding, a longer header an InputError. */
  maxLineBytes?: number;
  /**
   * How many threads read a file on disk, each a part of it (default: one per core, at most four,
   * for a file of 32 MiB or more; one for a smaller file), and check the patients, each a range of
   * them (default: one per core, at most four, from 3 million lines). The result is the same for
   * any number.
   */
  threads?: number;
  /**
   * A history ledger: the input's patients' earlier lines are loaded from it (by the keyed hash of
   * their CPR numbers, and only theirs), so that rules that look back (a yearly count, an
   * enrolment, a second start within a year) see the earlier invoices too. Findings are still
   * only about the input's lines. `exclude` leaves out one invoice (the one being checked).
   */
  history?: HistoryOption;
}

/** What a check gives before its report is made: counts, and the findings in compact form. */
export interface Checked {
  ruleset: { version: string; hash: string; asOf: string | null; tariffs: string; practices: boolean };
  lang: Lang;
  counts: {
    files: number;
    linesRead: number;
    claimsChecked: number;
    linesRejected: number;
    /** Rows with no content (blank, or only empty cells): skipped, not claims. */
    blankLines: number;
    practices: number;
    patients: number;
    /** Counts rules keep by rule id, e.g. lines a rule could not check for lack of data. */
    counts: Record<string, Record<string, number>>;
    /** The first and last service date of the input's accepted lines (YYYY-MM-DD); null when it has none. */
    period?: { from: string; to: string } | null;
    /** The history the check used (CheckOptions.history); null without one. */
    history?: HistoryUsed | null;
    /**
     * The rules that look back before the first day the check has lines for (the input's first
     * day, or the history's when earlier): what they would find there was not seen.
     */
    withoutHistory?: WithoutHistory[];
  };
  /** Every finding, in the order the rules made them. */
  findings: FindingTable;
  /** The lines the findings are about (practice, patient, day, code, file and line are kept). */
  store: ClaimStore;
  /** The inputs' names, in the order given ("-" for standard input). */
  files: string[];
  /** How many threads checked a range of the patients (1 unless the input was large or `threads` was given). */
  patientThreads: number;
  /** The tariffs the check used (the catalogue's, or --tariffs): the report prices lines without an amount by them. */
  tariffs: TariffTable;
  /** --as-of as a day number, or null for each line's own date. */
  asOf: number | null;
  /** The practice register (--practices), or null. */
  practices: PracticeRegister | null;
  /** Published regional averages given (--regional-average), by code. */
  regionalAverages: ReadonlyMap<string, Decimal>;
}

/**
 * The check as a pipeline: read every source into the store (input findings on the way), add the
 * findings about codes over many lines, run the rules over the patients' timelines.
 */
export async function runCheck(sources: readonly Source[], options: CheckOptions): Promise<Checked> {
  const settings = settle(options);
  const { files, findings, read } = await readInputs(sources, settings);
  const { store } = read;
  // The input's own figures, before any history line joins the store.
  const claimsChecked = store.length;
  const practices = store.practices.length;
  const period = periodOf(store);
  // Only the history lines a rule can read: from the input's first day on, and earlier ones of the
  // codes rules look back for (an input with no lines has no patients to look up).
  const from = period ? period.from : Infinity;
  const needs = { from, since: historySince(rulesInForce(settings.ruleset.rules, settings.asOf), from) };
  const history = settings.options.history ? await loadHistory(store, files.length, settings.options.history, needs) : null;
  const judged = await judge(store, files, history?.labels ?? null, settings, findings);
  // The report reads only some of the columns; the others go back now.
  store.releaseForReport();
  findings.trim();
  const { ruleset, asOf, lang } = settings;
  return {
    ruleset: { version: ruleset.version, hash: ruleset.hash, asOf: asOf === null ? null : isoDate(asOf), tariffs: judged.tariffs.origin, practices: judged.practices },
    lang,
    counts: {
      files: files.length,
      linesRead: read.linesRead,
      claimsChecked,
      linesRejected: read.linesRejected,
      blankLines: read.blankLines,
      practices,
      patients: store.patientCount,
      counts: judged.counts,
      period: period && { from: isoDate(period.from), to: isoDate(period.to) },
      history: history?.used ?? null,
      withoutHistory: period ? rulesWithoutHistory(judged.rules, period.from, period.to, Math.min(period.from, history?.firstDay ?? Infinity), history !== null) : [],
    },
    findings,
    store,
    files,
    patientThreads: judged.threads,
    tariffs: judged.tariffs,
    asOf,
    practices: settings.options.practices ?? null,
    regionalAverages: judged.regionalAverages,
  };
}

/**
 * Reads every source into the store, with the input findings, and adds the findings about codes
 * over many lines: the first step of a check, and all of reading an invoice for the history.
 */
async function readInputs(sources: readonly Source[], settings: Settings): Promise<{ files: string[]; findings: FindingTable; read: Reading }> {
  const files = sources.map(sourceName);
  const findings = new FindingTable();
  const read = await readSources(sources, files, settings, findings);
  addGroupedLineFindings(read, files, findings);
  return { files, findings, read };
}

/** The options checked and with their defaults filled in. */
interface Settings {
  ruleset: Ruleset;
  lang: Lang;
  /** --as-of as a day number, or null. */
  asOf: number | null;
  maxInputFindings: number;
  /** The service dates accepted: from 1900-01-01 to a year after today. */
  days: DayRange;
  /** How many threads read a file on disk (its parts). */
  threads(path: string): number;
  /** How many threads check the patients of a store of this many lines. */
  ruleThreads(lines: number): number;
  options: CheckOptions;
}

function settle(options: CheckOptions): Settings {
  let asOf: number | null = null;
  if (options.asOf !== undefined) {
    asOf = parseIsoDate(options.asOf) ?? null;
    if (asOf === null) throw new RangeError(`asOf must be a date written YYYY-MM-DD, got "${options.asOf}"`);
  }
  const maxInputFindings = options.maxInputFindings ?? 1000;
  if (!Number.isSafeInteger(maxInputFindings) || maxInputFindings < 0) throw new RangeError(`maxInputFindings must be a whole number of at least 0, got ${maxInputFindings}`);
  const today = options.today === undefined ? todayUtc() : parseIsoDate(options.today);
  if (today === undefined) throw new RangeError(`today must be a date written YYYY-MM-DD, got "${options.today}"`);
  const days = { from: FIRST_DAY, to: aYearAfter(today) };
  const given = options.threads;
  if (given !== undefined && (!Number.isSafeInteger(given) || given < 1)) throw new RangeError(`threads must be a whole number of at least 1, got ${given}`);
  const threads = (path: string): number => {
    if (given !== undefined) return given;
    try {
      return defaultThreads(statSync(path).size);
    } catch {
      return 1; // the reader reports a file it cannot open
    }
  };
  return { ruleset: options.ruleset, lang: options.lang ?? 'da', asOf, maxInputFindings, days, threads, ruleThreads: (lines) => given ?? ruleThreads(lines), options };
}

/** No service date before this is taken for real: the CPR century table starts in 1858, invoices much later. */
const FIRST_DAY = dayNumber(1900, 1, 1);

/** The same day a year later; from 29 February, 28 February. */
function aYearAfter(day: number): number {
  const { year, month, day: d } = civilDate(day);
  return dayNumber(year + 1, month, Math.min(d, daysInMonth(year + 1, month)));
}

/** Reads every source into the claim store: the hot path for a file on disk, the general reader for the rest. */
async function readSources(sources: readonly Source[], files: readonly string[], settings: Settings, table: FindingTable): Promise<Reading> {
  const { ruleset, lang, options } = settings;
  const reading = new Reading({ lang, days: settings.days, known: ruleset.catalog.known, maxInputFindings: settings.maxInputFindings });
  for (const [fileNo, source] of sources.entries()) {
    const name = files[fileNo]!;
    const sink = reading.sink(fileNo, name);
    const onProgress = options.onProgress;
    if (onProgress) sink.progress = (bytesRead, size) => onProgress({ file: name, bytesRead, size, lines: reading.linesRead });
    const linesBefore = reading.linesRead;
    const readFast = typeof source === 'string' && source !== '-' && (await readFile(source, fileNo, name, sink, reading, settings));
    if (!readFast) for await (const ev of readRecords(source, { maxLineBytes: options.maxLineBytes })) sink.event(ev);
    // A header and nothing under it is most likely a broken export, not a month without claims.
    if (reading.linesRead === linesBefore && !options.allowEmpty) throw new InputError(name, 'has a header but no claim lines; give --allow-empty to accept that');
  }
  reading.findings.addTo(table);
  return reading;
}

/**
 * Reads a file on disk by the hot path, in parts on several threads when it is large (false: the
 * file needs the general path throughout). Each later part is read clean by a worker; where one
 * stops (a line for the general path), this thread reads the rest of the file itself.
 */
async function readFile(path: string, fileNo: number, name: string, sink: FastSink, reading: Reading, settings: Settings): Promise<boolean> {
  const { maxLineBytes } = settings.options;
  const threads = settings.threads(path);
  const cuts = threads > 1 ? cutPoints(path, threads) : [];
  if (!cuts.length) return readFileFast(path, sink, { maxLineBytes });
  const later = cuts.map((from, k) =>
    readPartInWorker({ path, fileNo, name, from, to: cuts[k + 1], settings: reading.settings, maxLineBytes }),
  );
  const first: ByteRange = { to: cuts[0]! };
  try {
    if (!(await readFileFast(path, sink, { maxLineBytes, range: first }))) return false;
    // The general path took over in the first part and read the whole file.
    if (first.result!.toEnd) return true;
    let lastLine = first.result!.lastLine;
    for (const [k, part] of later.entries()) {
      const got = await part.done;
      if (!got) return readRest(path, sink, maxLineBytes, cuts[k]!, lastLine + 1);
      reading.absorb(got.columns, got.counts, lastLine);
      if (got.result.stop) return readRest(path, sink, maxLineBytes, got.result.stop.byte, lastLine + got.result.stop.line);
      lastLine += got.result.lastLine;
    }
    return true;
  } finally {
    for (const part of later) part.cancel();
  }
}

/** The file from byte `from` (a line start, numbered `line`) to its end, by this thread. */
async function readRest(path: string, sink: FastSink, maxLineBytes: number | undefined, from: number, line: number): Promise<true> {
  await readFileFast(path, sink, { maxLineBytes, range: { from, line } });
  return true;
}

/**
 * One finding per padded code and file, and per unknown code and practice, however many lines.
 * Added one by one: there can be a finding per practice, too many to spread into one push().
 */
function addGroupedLineFindings(read: Reading, files: readonly string[], out: FindingTable): void {
  for (const u of read.padded.values()) {
    out.addParts(INPUT_RULES['input/kode-udfyldt']!, {
      practice: u.practice,
      cpr: null,
      date: null,
      codes: [u.code],
      locations: [{ file: files[u.file]!, line: u.line }],
      details: { value: u.raw, code: formatCode(u.code), lines: u.count },
    });
  }
  for (const u of read.unknown.values()) {
    out.addParts(UNKNOWN_CODE, {
      practice: u.practice,
      cpr: null,
      date: null,
      codes: [u.code],
      locations: [{ file: files[u.file]!, line: u.line }],
      details: { code: formatCode(u.code), lines: u.count },
    });
  }
}

/** The first and last service day of the store's lines, or null when it has none. */
function periodOf(store: ClaimStore): { from: number; to: number } | null {
  if (!store.length) return null;
  let from = Infinity;
  let to = -Infinity;
  const { day } = store;
  for (let i = 0, n = store.length; i < n; i++) {
    const d = day[i]!;
    if (d < from) from = d;
    if (d > to) to = d;
  }
  return { from, to };
}

/** What running the rules gives besides their findings: the counts they keep and the tariffs used. */
interface Judged {
  /** The rules run (with --as-of, those in force that day). */
  rules: CompiledRule[];
  counts: Record<string, Record<string, number>>;
  tariffs: TariffTable;
  practices: boolean;
  /** How many threads checked the patients. */
  threads: number;
  regionalAverages: ReadonlyMap<string, Decimal>;
}

/**
 * Runs every rule over the stored lines, adding their findings to the list. With a history, the
 * lines of file numbers from files.length on are the history's, one per label.
 */
async function judge(store: ClaimStore, files: readonly string[], labels: readonly string[] | null, settings: Settings, findings: FindingTable): Promise<Judged> {
  const { ruleset, lang, asOf, options } = settings;
  const regionalAverages = new Map<string, Decimal>();
  for (const [code, v] of Object.entries(options.regionalAverages ?? {})) regionalAverages.set(code, new Decimal(v));
  const counts: Counts = {};
  const tariffs = options.tariffs ? new TariffTable(options.tariffs.tariffs, options.tariffs.name) : TariffTable.fromCatalog(ruleset.catalog);
  const parts: ContextParts = {
    files: labels ? [...files, ...labels] : files,
    catalog: ruleset.catalog,
    lang,
    regionalAverages,
    asOf,
    tariffs,
    practices: options.practices ?? null,
    history: labels ? { firstFile: files.length } : null,
  };
  const ctx = makeContext(store, parts, findings, counts);
  const rules = rulesInForce(ruleset.rules, asOf);
  const evaluators: RuleEvaluator[] = rules.map((rule) => kindByName(rule.kind)!.create(rule as never, ctx));
  store.doneReading();
  // Every rule sees the lines in timeline order, grouped by patient: those called per patient
  // there, and those that scan the columns once in finish().
  const threads = store.length ? await checkPatients(store, rules, evaluators, parts, findings, counts, settings.ruleThreads(store.length)) : 1;
  for (const e of evaluators) e.finish?.();
  return { rules, counts, tariffs, practices: ctx.practices !== null, threads, regionalAverages };
}

/** The rules to run: all of them, or with asOf those in force on that day, applied to every line whatever its date. */
function rulesInForce(rules: CompiledRule[], asOf: number | null): CompiledRule[] {
  if (asOf === null) return rules;
  return rules.filter((r) => asOf >= r.validFrom && asOf <= r.validTo).map((r) => ({ ...r, validFrom: -OPEN_END, validTo: OPEN_END }));
}
/** What reading the sources gives without running the rules: the accepted lines, the counts, the input findings. */
export interface ReadClaims {
  /** The accepted lines, in input order. */
  store: ClaimStore;
  counts: { files: number; linesRead: number; claimsRead: number; linesRejected: number; blankLines: number };
  /** The input findings (rejected lines, padded and unknown codes), as a check lists them. */
  inputFindings: FindingTable;
  /** The inputs' names, in the order given ("-" for standard input). */
  files: string[];
}

/**
 * Reads the sources exactly as runCheck does (same dialects, same input findings, in parts on
 * threads for a large file) and stops before the rules: for recording an invoice in the history.
 */
export async function readClaims(sources: readonly Source[], options: CheckOptions): Promise<ReadClaims> {
  const { files, findings: inputFindings, read } = await readInputs(sources, settle(options));
  const { store, linesRead, linesRejected, blankLines } = read;
  return { store, counts: { files: files.length, linesRead, claimsRead: store.length, linesRejected, blankLines }, inputFindings, files };
}
