// Reading claim lines into the store: what a file's lines give (stored claims, input findings,
// counts, notes of padded and unknown codes), the same whether one thread reads or two.
import { type DayRange, parseClaim } from '../input/claims.js';
import { type ColumnMap, mapHeader } from '../input/dialect.js';
import { InputError } from '../input/errors.js';
import type { FastBatch, FastSink } from '../input/fast.js';
import type { RecordEvent } from '../input/records.js';
import { birthDayOfKey } from '../model/cpr.js';
import { quoteInput } from '../model/quote.js';
import type { CodeBitmap } from '../model/rule.js';
import type { Lang } from '../model/finding.js';
import { INPUT_RULES } from '../ruleset/builtin.js';
import { NO_TIME, ClaimStore, type StoreColumns } from '../store/store.js';
import { InputFindings } from './input-findings.js';

export interface FirstSeen {
  count: number;
  file: number;
  line: number;
  practice: string | null;
}

export type PaddedNote = FirstSeen & { raw: string; code: number };
export type UnknownNote = FirstSeen & { code: number };

export interface ReadingSettings {
  lang: Lang;
  /** The service dates accepted. */
  days: DayRange;
  /** The catalogue's codes. */
  known: CodeBitmap;
  maxInputFindings: number;
}

/** The counts and notes of a reading, as a worker hands them over (plain data). */
export interface ReadingCounts {
  linesRead: number;
  linesRejected: number;
  blankLines: number;
  padded: [string, PaddedNote][];
  unknown: [string, UnknownNote][];
}

/** Everything the sources' lines give: the store, input findings, line counts and grouped notes. */
export class Reading {
  readonly store = new ClaimStore();
  /** Every input finding goes through this, so a file of broken lines lists only so many of a kind. */
  readonly findings: InputFindings;
  linesRead = 0;
  linesRejected = 0;
  blankLines = 0;
  /** Padded codes by "file raw-code", and codes not in the catalogue by "practice code": one finding each, however many lines. */
  readonly padded = new Map<string, PaddedNote>();
  readonly unknown = new Map<string, UnknownNote>();

  constructor(readonly settings: ReadingSettings) {
    this.findings = new InputFindings(settings.maxInputFindings);
  }

  /**
   * Where one file's lines go: the hot path's batches and the general path's events. With
   * `clean`, a batch stops at the first line it rejects (the reader then stops there too).
   */
  sink(fileNo: number, name: string, clean = false): FastSink {
    const { store, findings, padded, unknown } = this;
    const { lang, days, known } = this.settings;
    const firstDay = days.from;
    const lastDay = days.to;
    const self = this;
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
        self.blankLines++;
        return;
      }
      self.linesRead++;
      const location = (): { file: string; line: number }[] => [{ file: name, line: ev.line }];
      if (ev.type === 'unparseable') {
        self.linesRejected++;
        const p = ev.problem;
        const details = p.id === 'input/csv' ? { reason: p.reason[lang] } : p.id === 'input/linje-for-lang' ? { length: p.length, max: p.max } : null;
        findings.push(INPUT_RULES[p.id]!, { practice: null, cpr: null, date: null, codes: [], locations: location(), details });
        return;
      }
      const parsed = parseClaim(ev.fields, columns!, width, days);
      if (!parsed.ok) {
        self.linesRejected++;
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
        let patient = -1;
        if (day >= firstDay && day <= lastDay) {
          const at = slots[j]!;
          if (at >= 0 && store.patientSlotKey(at) === key) {
            if (day >= store.patientSlotBirth(at)) patient = store.patientSlotId(at);
          } else {
            // New, or added by an earlier line of this batch.
            const existing = store.findPatient(key);
            if (existing !== undefined) {
              if (day >= store.births[existing]!) patient = existing;
            } else {
              const birth = birthDayOfKey(key);
              if (birth !== undefined && day >= birth) patient = store.addPatient(key, birth);
            }
          }
        }
        if (patient < 0) {
          b.rejected[j] = 1;
          // A clean reading stores nothing after the line it rejects: reading goes on from there another way.
          if (clean) return;
          continue;
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
        self.linesRead++;
        const ore = b.ore[j]!;
        store.pushRaw(practice, patient, day, code, b.antal[j]!, fileNo, line, b.time[j]!, b.group[j]!, Number.isNaN(ore) ? 0 : store.amountIdByOre(ore));
        if (b.codeLength[j]! < 4) {
          const raw = String(code).padStart(b.codeLength[j]!, '0');
          note(padded, `${fileNo} ${raw}`, { raw, code }, fileNo, line, store.practices[practice]!);
        }
        if (!known[code]) note(unknown, `${store.practices[practice]} ${code}`, { code }, fileNo, line, store.practices[practice]!);
      }
    };

    return { header, event, claims, expect: (n) => store.reserve(n) };
  }

  /** The counts and notes as plain data (for a worker to hand over). */
  counts(): ReadingCounts {
    return { linesRead: this.linesRead, linesRejected: this.linesRejected, blankLines: this.blankLines, padded: [...this.padded], unknown: [...this.unknown] };
  }

  /**
   * Takes in what another reading of a later part of the same file gave: its lines (numbered from
   * 1 there, `lineOffset` here), counts and notes. The store's lines, patients, practices and
   * amounts come in the order that reading met them, so the result is the one reading both parts
   * in turn would give. Only a clean reading is taken (it has no input findings).
   */
  absorb(other: StoreColumns, counts: ReadingCounts, lineOffset: number): void {
    this.store.append(other, lineOffset);
    this.linesRead += counts.linesRead;
    this.linesRejected += counts.linesRejected;
    this.blankLines += counts.blankLines;
    for (const [key, n] of counts.padded) merge(this.padded, key, n, lineOffset);
    for (const [key, n] of counts.unknown) merge(this.unknown, key, n, lineOffset);
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

/** Adds another reading's note (its line numbered from lineOffset + 1) as note() would have, line by line. */
function merge<T extends FirstSeen>(map: Map<string, T>, key: string, other: T, lineOffset: number): void {
  const seen = map.get(key);
  const line = other.line + lineOffset;
  if (!seen) {
    map.set(key, { ...other, line });
    return;
  }
  seen.count += other.count;
  if (seen.practice !== other.practice) seen.practice = null;
  if (other.file < seen.file || (other.file === seen.file && line < seen.line)) Object.assign(seen, { file: other.file, line });
}
