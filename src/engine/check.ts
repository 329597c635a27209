// The check: reads every source into the claim store, runs each rule over patient timelines, reports.
import { Decimal } from 'decimal.js';
import { parseClaim } from '../input/claims.js';
import { type ColumnMap, mapHeader } from '../input/dialect.js';
import { InputError } from '../input/errors.js';
import { type FastBatch, type FastSink, readFileFast } from '../input/fast.js';
import { type RecordEvent, readRecords, type Source, sourceName } from '../input/records.js';
import { kindByName } from '../kinds/index.js';
import type { EvalContext, RuleEvaluator } from '../kinds/kind.js';
import { INPUT_RULES, UNKNOWN_CODE } from '../report/builtin.js';
import { compareFindings, type Finding, type Lang, makeFinding, partsFromLines, formatCode } from '../report/finding.js';
import { type Summary, summarise } from '../report/summary.js';
import { OPEN_END, type Ruleset } from '../ruleset/load.js';
import type { CompiledRule } from '../ruleset/types.js';
import { type Tariff, TariffTable } from '../catalog/tariffs.js';
import type { PracticeRegister } from '../input/practices.js';
import { isoDate, parseIsoDate } from '../model/date.js';
import { birthDayOfKey, maskCprLike } from '../model/cpr.js';
import { NO_TIME, ClaimStore } from './store.js';

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
  /** The longest line read, in bytes without its line end (default 65536): a longer data line is an input finding, a longer header an InputError. */
  maxLineBytes?: number;
}

export interface CheckResult {
  ruleset: { version: string; hash: string; asOf: string | null; tariffs: string; practices: boolean };
  summary: Summary;
  findings: Finding[];
  /** The inputs' names, in the order given ("-" for standard input). Not part of the JSON report. */
  files: string[];
}

interface FirstSeen {
  count: number;
  file: number;
  line: number;
  practice: string | null;
}

export async function runCheck(sources: readonly Source[], options: CheckOptions): Promise<CheckResult> {
  const { ruleset } = options;
  const lang = options.lang ?? 'da';
  const store = new ClaimStore();
  const files = sources.map(sourceName);
  const findings: Finding[] = [];
  let linesRead = 0;
  let linesRejected = 0;
  let blankLines = 0;
  // Keyed by "practice code" and by "file raw-code": one finding each, however many lines.
  const unknown = new Map<string, FirstSeen & { code: number }>();
  const padded = new Map<string, FirstSeen & { raw: string; code: number }>();
  const known = ruleset.catalog.known;

  for (const [fileNo, source] of sources.entries()) {
    const name = files[fileNo]!;
    let columns: ColumnMap | undefined;
    let width = 0;

    const header = (fields: string[], delimiter: string, line = 1): { columns: ColumnMap; width: number } => {
      const mapped = mapHeader(fields);
      if (mapped.missing.length) {
        throw new InputError(name, `line ${line}: missing required column${mapped.missing.length > 1 ? 's' : ''} ${mapped.missing.join(', ')} (header: ${fields.join(delimiter === '\t' ? ' ' : delimiter)})`);
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
        const details = p.id === 'input/csv' ? { reason: maskCprLike(p.reason[lang]) } : p.id === 'input/linje-for-lang' ? { length: p.length, max: p.max } : null;
        findings.push(makeFinding(INPUT_RULES[p.id]!, lang, { practice: null, cpr: null, date: null, codes: [], locations: location(), details }));
        return;
      }
      const parsed = parseClaim(ev.fields, columns!, width);
      if (!parsed.ok) {
        linesRejected++;
        const p = parsed.partial;
        for (const problem of parsed.problems) {
          findings.push(
            makeFinding(INPUT_RULES[problem.id]!, lang, {
              practice: p.practice ?? null,
              cpr: p.cpr ?? null,
              date: p.day ?? null,
              codes: p.code === undefined ? [] : [p.code],
              locations: location(),
              details: { column: problem.column, value: problem.value },
            }),
          );
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
    /** Lines the hot path parsed. A CPR date that does not exist, or a date before birth, goes the general way. */
    const claims = (b: FastBatch, practiceText: (j: number) => string): void => {
      if (slots.length < b.size) slots = new Int32Array(b.size);
      // All the batch's patient lookups first, in one loop: their memory reads overlap.
      store.patientSlots(b.cprKey, 0, b.size, slots);
      for (let j = 0; j < b.size; j++) {
        const key = b.cprKey[j]!;
        const day = b.day[j]!;
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
    if (typeof source === 'string' && source !== '-' && (await readFileFast(source, sink, reading))) continue;
    for await (const ev of readRecords(source, reading)) event(ev);
  }

  for (const u of padded.values()) {
    findings.push(
      makeFinding(INPUT_RULES['input/kode-udfyldt']!, lang, {
        practice: u.practice,
        cpr: null,
        date: null,
        codes: [u.code],
        locations: [{ file: files[u.file]!, line: u.line }],
        details: { value: u.raw, code: formatCode(u.code), lines: u.count },
      }),
    );
  }
  for (const u of unknown.values()) {
    findings.push(
      makeFinding(UNKNOWN_CODE, lang, {
        practice: u.practice,
        cpr: null,
        date: null,
        codes: [u.code],
        locations: [{ file: files[u.file]!, line: u.line }],
        details: { code: formatCode(u.code), lines: u.count },
      }),
    );
  }

  const regionalAverages = new Map<string, Decimal>();
  for (const [code, v] of Object.entries(options.regionalAverages ?? {})) regionalAverages.set(code, new Decimal(v));

  let asOf: number | null = null;
  let rules: CompiledRule[] = ruleset.rules;
  if (options.asOf !== undefined) {
    asOf = parseIsoDate(options.asOf) ?? null;
    if (asOf === null) throw new RangeError(`asOf must be a date written YYYY-MM-DD, got "${options.asOf}"`);
    // The rules in force on that day, applied to every line whatever its date.
    const day = asOf;
    rules = rules.filter((r) => day >= r.validFrom && day <= r.validTo).map((r) => ({ ...r, validFrom: -OPEN_END, validTo: OPEN_END }));
  }
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
      findings.push(makeFinding(rule, lang, { ...partsFromLines(store, files, lines), details: details ?? null }));
    },
    emit(rule, parts) {
      findings.push(makeFinding(rule, lang, parts));
    },
  };
  const evaluators: RuleEvaluator[] = rules.map((rule) => kindByName(rule.kind)!.create(rule as never, ctx));
  store.doneReading();
  // Every rule sees the lines in timeline order, grouped by patient: those called per patient and
  // those that scan the columns once in finish().
  const start = store.length ? store.patientOrder() : null;
  const withPatient = evaluators.filter((e) => e.patient);
  if (withPatient.length && start) {
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
  for (const e of evaluators) e.finish?.();
  const claimsChecked = store.length;
  // The findings hold all they report; the columns' memory goes back before the report is made.
  store.release();

  findings.sort(compareFindings);
  const summary = summarise(findings, {
    files: files.length,
    linesRead,
    claimsChecked,
    linesRejected,
    blankLines,
    practices: store.practices.length,
    patients: store.patientCount,
    counts,
  });
  return {
    ruleset: { version: ruleset.version, hash: ruleset.hash, asOf: asOf === null ? null : isoDate(asOf), tariffs: tariffs.origin, practices: ctx.practices !== null },
    summary,
    findings,
    files,
  };
}

function note<T extends object>(map: Map<string, FirstSeen & T>, key: string, extra: T, file: number, line: number, practice: string): void {
  const seen = map.get(key);
  if (!seen) map.set(key, { ...extra, count: 1, file, line, practice });
  else {
    seen.count++;
    if (file < seen.file || (file === seen.file && line < seen.line)) Object.assign(seen, { file, line, practice });
  }
}
