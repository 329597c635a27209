// The check: reads every source into the claim store, runs each rule over patient timelines, reports.
import { Decimal } from 'decimal.js';
import { type DayRange, parseClaim } from '../input/claims.js';
import { type ColumnMap, mapHeader } from '../input/dialect.js';
import { InputError } from '../input/errors.js';
import { type FastBatch, type FastSink, readFileFast } from '../input/fast.js';
import { type RecordEvent, readRecords, type Source, sourceName } from '../input/records.js';
import { kindByName } from '../kinds/index.js';
import type { EvalContext, RuleEvaluator } from '../kinds/kind.js';
import { INPUT_RULES, UNKNOWN_CODE } from '../ruleset/builtin.js';
import { type Lang, formatCode } from '../model/finding.js';
import { OPEN_END, type Ruleset } from '../ruleset/load.js';
import type { CompiledRule } from '../ruleset/types.js';
import { type Tariff, TariffTable } from '../catalog/tariffs.js';
import type { PracticeRegister } from '../input/practices.js';
import { civilDate, dayNumber, daysInMonth, isoDate, parseIsoDate, todayUtc } from '../model/date.js';
import { birthDayOfKey } from '../model/cpr.js';
import { quoteInput } from '../model/quote.js';
import { FindingTable } from './findings.js';
import { InputFindings } from './input-findings.js';
import { NO_TIME, ClaimStore } from '../store/store.js';

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
    blankLines: number;
    practices: number;
    patients: number;
    counts: Record<string, Record<string, number>>;
  };
  /** Every finding, in the order the rules made them. */
  findings: FindingTable;
  /** The lines the findings are about (practice, patient, day, code, file and line are kept). */
  store: ClaimStore;
  /** The inputs' names, in the order given ("-" for standard input). */
  files: string[];
}

interface FirstSeen {
  count: number;
  file: number;
  line: number;
  practice: string | null;
}

/**
 * The check as a pipeline: read every source into the store (input findings on the way), add the
 * findings about codes over many lines, run the rules over the patients' timelines.
 */
export async function runCheck(sources: readonly Source[], options: CheckOptions): Promise<Checked> {
  const settings = settle(options);
  const files = sources.map(sourceName);
  const findings = new FindingTable();
  const read = await readSources(sources, files, settings, findings);
  addGroupedLineFindings(read, files, findings);
  const { store } = read;
  const judged = judge(store, files, settings, findings);
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
      claimsChecked: store.length,
      linesRejected: read.linesRejected,
      blankLines: read.blankLines,
      practices: store.practices.length,
      patients: store.patientCount,
      counts: judged.counts,
    },
    findings,
    store,
    files,
  };
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
  return { ruleset: options.ruleset, lang: options.lang ?? 'da', asOf, maxInputFindings, days, options };
}

/** No service date before this is taken for real: the CPR century table starts in 1858, invoices much later. */
const FIRST_DAY = dayNumber(1900, 1, 1);

/** The same day a year later; from 29 February, 28 February. */
function aYearAfter(day: number): number {
  const { year, month, day: d } = civilDate(day);
  return dayNumber(year + 1, month, Math.min(d, daysInMonth(year + 1, month)));
}

/** What reading the sources gives: the stored lines, the input findings and the line counts. */
interface Reading {
  store: ClaimStore;
  linesRead: number;
  linesRejected: number;
  blankLines: number;
  /** Padded codes by "file raw-code", and codes not in the catalogue by "practice code". */
  padded: Map<string, FirstSeen & { raw: string; code: number }>;
  unknown: Map<string, FirstSeen & { code: number }>;
}

/** Reads every source into the claim store: the hot path for a file on disk, the general reader for the rest. */
async function readSources(sources: readonly Source[], files: readonly string[], settings: Settings, table: FindingTable): Promise<Reading> {
  const { ruleset, lang, options } = settings;
  const store = new ClaimStore();
  // Every input finding goes through this, so a file of broken lines lists only so many of a kind.
  const findings = new InputFindings(settings.maxInputFindings);
  let linesRead = 0;
  let linesRejected = 0;
  let blankLines = 0;
  // Keyed by "practice code" and by "file raw-code": one finding each, however many lines.
  const unknown = new Map<string, FirstSeen & { code: number }>();
  const padded = new Map<string, FirstSeen & { raw: string; code: number }>();
  const known = ruleset.catalog.known;
  const days = settings.days;
  const firstDay = days.from;
  const lastDay = days.to;

  for (const [fileNo, source] of sources.entries()) {
    const name = files[fileNo]!;
    let columns: ColumnMap | undefined;
    let width = 0;

    const header = (fields: string[], delimiter: string, line = 1): { columns: ColumnMap; width: number } => {
      const mapped = mapHeader(fields);
      if (mapped.missing.length) {
        // Often a data line taken for the header: quoted (short, CPR masked, tabs and escapes shown).
        throw new InputError(name, `line ${line}: missing required column${mapped.missing.length > 1 ? 's' : ''} ${mapped.missing.join(', ')} (header: ${quoteInput(fields.join(delimiter))})`);
      }
      if (mapped.duplicates.length) {
        throw new InputError(name, `line ${line}: more than one column for ${mapped.duplicates.join(', ')}; keep one of them`);
      }
      columns = mapped.columns;
      width = fields.length;
      return { columns, width };
    };

    /** A record, blank line or unparseable record as the general CSV path gives it. */
    const event = (ev: RecordEvent): void => {
      if (ev.type === 'header') {
        header(ev.fields, ev.delimiter, ev.line);
        return;
      }
      if (ev.type === 'blank') {
        blankLines++;
        return;
      }
      linesRead++;
      const location = (): { file: string; line: number }[] => [{ file: name, line: ev.line }];
      if (ev.type === 'unparseable') {
        linesRejected++;
        const p = ev.problem;
        const details = p.id === 'input/csv' ? { reason: p.reason[lang] } : p.id === 'input/linje-for-lang' ? { length: p.length, max: p.max } : null;
        findings.push(INPUT_RULES[p.id]!, { practice: null, cpr: null, date: null, codes: [], locations: location(), details });
        return;
      }
      const parsed = parseClaim(ev.fields, columns!, width, days);
      if (!parsed.ok) {
        linesRejected++;
        const p = parsed.partial;
        for (const problem of parsed.problems) {
          findings.push(INPUT_RULES[problem.id]!, {
            practice: p.practice ?? null,
            cpr: p.cpr ?? null,
            date: p.day ?? null,
            codes: p.code === undefined ? [] : [p.code],
            locations: location(),
            details: { column: problem.column, value: problem.value, ...problem.details },
          });
        }
        return;
      }
      const c = parsed.claim;
      store.push({ practice: c.practice, cpr: c.cpr, day: c.day, code: c.code, antal: c.antal, file: fileNo, line: ev.line, time: c.time ?? NO_TIME, group: c.group, amount: c.amount });
      if (c.paddedFrom !== null) note(padded, `${fileNo} ${c.paddedFrom}`, { raw: c.paddedFrom, code: c.code }, fileNo, ev.line, c.practice);
      if (!known[c.code]) note(unknown, `${c.practice} ${c.code}`, { code: c.code }, fileNo, ev.line, c.practice);
    };

    let lastPracticeKey = -1;
    let lastPractice = -1;
    let slots = new Int32Array(0);
    /**
     * Lines the hot path parsed. A service date out of range, a CPR date that does not exist, or a
     * date before birth, goes the general way, which reports it.
     */
    const claims = (b: FastBatch, practiceText: (j: number) => string): void => {
      if (slots.length < b.size) slots = new Int32Array(b.size);
      // All the batch's patient lookups first, in one loop: their memory reads overlap.
      store.patientSlots(b.cprKey, 0, b.size, slots);
      for (let j = 0; j < b.size; j++) {
        const key = b.cprKey[j]!;
        const day = b.day[j]!;
        if (day < firstDay || day > lastDay) {
          b.rejected[j] = 1;
          continue;
        }
        let patient: number;
        const at = slots[j]!;
        if (at >= 0 && store.patientSlotKey(at) === key) {
          if (day < store.patientSlotBirth(at)) {
            b.rejected[j] = 1;
            continue;
          }
          patient = store.patientSlotId(at);
        } else {
          // New, or added by an earlier line of this batch.
          const existing = store.findPatient(key);
          if (existing !== undefined) {
            if (day < store.births[existing]!) {
              b.rejected[j] = 1;
              continue;
            }
            patient = existing;
          } else {
            const birth = birthDayOfKey(key);
            if (birth === undefined || day < birth) {
              b.rejected[j] = 1;
              continue;
            }
            patient = store.addPatient(key, birth);
          }
        }
        const practiceKey = b.practiceKey[j]!;
        // Invoices come grouped by practice: the last one is usually the one.
        if (practiceKey !== lastPracticeKey) {
          lastPracticeKey = practiceKey;
          lastPractice = store.practiceIdByKey(practiceKey, practiceText, j);
        }
        const practice = lastPractice;
        const line = b.line[j]!;
        const code = b.code[j]!;
        linesRead++;
        const ore = b.ore[j]!;
        store.pushRaw(practice, patient, day, code, b.antal[j]!, fileNo, line, b.time[j]!, b.group[j]!, Number.isNaN(ore) ? 0 : store.amountIdByOre(ore));
        if (b.codeLength[j]! < 4) {
          const raw = String(code).padStart(b.codeLength[j]!, '0');
          note(padded, `${fileNo} ${raw}`, { raw, code }, fileNo, line, store.practices[practice]!);
        }
        if (!known[code]) note(unknown, `${store.practices[practice]} ${code}`, { code }, fileNo, line, store.practices[practice]!);
      }
    };

    const onProgress = options.onProgress;
    const sink: FastSink = { header, event, claims, expect: (n) => store.reserve(n) };
    if (onProgress) sink.progress = (bytesRead, size) => onProgress({ file: name, bytesRead, size, lines: linesRead });
    const reading = { maxLineBytes: options.maxLineBytes };
    const linesBefore = linesRead;
    const readFast = typeof source === 'string' && source !== '-' && (await readFileFast(source, sink, reading));
    if (!readFast) for await (const ev of readRecords(source, reading)) event(ev);
    // A header and nothing under it is most likely a broken export, not a month without claims.
    if (linesRead === linesBefore && !options.allowEmpty) throw new InputError(name, 'has a header but no claim lines; give --allow-empty to accept that');
  }

  findings.addTo(table);
  return { store, linesRead, linesRejected, blankLines, padded, unknown };
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

/** What running the rules gives besides their findings: the counts they keep and the tariffs used. */
interface Judged {
  counts: Record<string, Record<string, number>>;
  tariffs: TariffTable;
  practices: boolean;
}

/** Runs every rule over the stored lines, adding their findings to the list. */
function judge(store: ClaimStore, files: readonly string[], settings: Settings, findings: FindingTable): Judged {
  const { ruleset, lang, asOf, options } = settings;
  const regionalAverages = new Map<string, Decimal>();
  for (const [code, v] of Object.entries(options.regionalAverages ?? {})) regionalAverages.set(code, new Decimal(v));
  const counts: Record<string, Record<string, number>> = {};
  const tariffs = options.tariffs ? new TariffTable(options.tariffs.tariffs, options.tariffs.name) : TariffTable.fromCatalog(ruleset.catalog);

  const ctx: EvalContext = {
    store,
    files,
    catalog: ruleset.catalog,
    lang,
    regionalAverages,
    asOf,
    tariffs,
    practices: options.practices ?? null,
    tally(ruleId, name, n = 1) {
      const c = (counts[ruleId] ??= {});
      c[name] = (c[name] ?? 0) + n;
    },
    emitLines(rule, lines, details) {
      findings.addLines(rule, lines, details);
    },
    emit(rule, parts) {
      findings.addParts(rule, parts);
    },
  };
  const evaluators: RuleEvaluator[] = rulesInForce(ruleset.rules, asOf).map((rule) => kindByName(rule.kind)!.create(rule as never, ctx));
  store.doneReading();
  runTimelines(store, evaluators);
  for (const e of evaluators) e.finish?.();
  return { counts, tariffs, practices: ctx.practices !== null };
}

/** The rules to run: all of them, or with asOf those in force on that day, applied to every line whatever its date. */
function rulesInForce(rules: CompiledRule[], asOf: number | null): CompiledRule[] {
  if (asOf === null) return rules;
  return rules.filter((r) => asOf >= r.validFrom && asOf <= r.validTo).map((r) => ({ ...r, validFrom: -OPEN_END, validTo: OPEN_END }));
}

/**
 * Every rule sees the lines in timeline order, grouped by patient: those called per patient here,
 * and those that scan the columns once in finish().
 */
function runTimelines(store: ClaimStore, evaluators: readonly RuleEvaluator[]): void {
  const start = store.length ? store.patientOrder() : null;
  const withPatient = evaluators.filter((e) => e.patient);
  if (!withPatient.length || !start) return;
  // An evaluator that names the codes it needs is called only for patients with one of them:
  // one bit per such evaluator, OR-ed over a patient's codes.
  const always = withPatient.filter((e) => !e.only);
  const filtered = withPatient.filter((e) => e.only).slice(0, 31);
  for (const e of withPatient.filter((e) => e.only).slice(31)) always.push(e);
  const bits = new Uint32Array(10000);
  filtered.forEach((e, b) => {
    for (let code = 0; code < 10000; code++) if (e.only![code]) bits[code]! |= 1 << b;
  });
  const code = store.code;
  // Lines are in timeline order now: a patient's are a run of indices, written into one scratch array.
  let longest = 0;
  for (let p = 0; p + 1 < start.length; p++) longest = Math.max(longest, start[p + 1]! - start[p]!);
  const scratch = new Uint32Array(longest);
  // One view per length, made once: a new view per patient would be a million small objects.
  const views: Uint32Array[] = [];
  for (let p = 0; p + 1 < start.length; p++) {
    const from = start[p]!;
    const length = start[p + 1]! - from;
    const lines = (views[length] ??= scratch.subarray(0, length));
    for (let k = 0; k < lines.length; k++) lines[k] = from + k;
    let mask = 0;
    for (let k = 0; k < lines.length; k++) mask |= bits[code[lines[k]!]!]!;
    for (const e of always) e.patient!(lines);
    for (let b = 0; mask !== 0 && b < filtered.length; b++) if (mask & (1 << b)) filtered[b]!.patient!(lines);
  }
}

/**
 * Counts a line under its key, keeping the first line (by file and line). The practice is the
 * lines' own when they all have the same one, else null: which line comes first must not decide it.
 */
function note<T extends object>(map: Map<string, FirstSeen & T>, key: string, extra: T, file: number, line: number, practice: string): void {
  const seen = map.get(key);
  if (!seen) map.set(key, { ...extra, count: 1, file, line, practice });
  else {
    seen.count++;
    if (seen.practice !== practice) seen.practice = null;
    if (file < seen.file || (file === seen.file && line < seen.line)) Object.assign(seen, { file, line });
  }
}
