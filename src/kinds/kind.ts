// What a rule kind is: a parameter schema checked at load time, and an evaluator over patient timelines.
import type { Decimal } from 'decimal.js';
import type { z } from 'zod';
import type { Catalog } from '../catalog/catalog.js';
import type { TariffTable } from '../catalog/tariffs.js';
import type { ClaimStore } from '../store/store.js';
import type { PracticeRegister } from '../input/practices.js';
import type { FindingParts, FindingRule, Lang } from '../model/finding.js';
import type { CodeBitmap, CompiledRule } from '../model/rule.js';

export interface EvalContext {
  store: ClaimStore;
  files: readonly string[];
  catalog: Catalog;
  lang: Lang;
  /** Published regional averages from the command line, by code. */
  regionalAverages: ReadonlyMap<string, Decimal>;
  /** The day whose rules and tariffs apply to every line (--as-of), or null for each line's own date. */
  asOf: number | null;
  tariffs: TariffTable;
  /** The practice register (--practices), or null when none was given. */
  practices: PracticeRegister | null;
  /**
   * With a history ledger: the store also holds earlier lines of the input's patients from the
   * ledger, one file number per ledger invoice from firstFile on (`files` names them by label).
   * A line is from the history when store.file[i] >= firstFile. Null without a history.
   */
  history: { firstFile: number } | null;
  /**
   * Adds n to a named count under a rule id in the summary (e.g. lines a rule could not check).
   * The counts are about the input: a kind counts no history line.
   */
  tally(ruleId: string, name: string, n?: number): void;
  /**
   * Adds a finding about stored lines (indices into the store, in timeline order). Findings are
   * about the input only: history lines are dropped from the lines (and the finding with them when
   * none is left), and the finding's details then say under `history` which invoices' lines it
   * also rests on.
   */
  emitLines(rule: FindingRule, lines: readonly number[], details?: Record<string, unknown> | null): void;
  emit(rule: FindingRule, parts: FindingParts): void;
}

export interface RuleEvaluator {
  /**
   * Called once for each patient with that patient's line indices, ordered by day, practice,
   * code, antal, file and line. What it makes may depend only on that patient's lines: on a large
   * input the patients are shared among threads, each with an evaluator of its own (created with
   * a context without `practices` and `regionalAverages`, which are for finish()).
   */
  patient?(lines: Uint32Array): void;
  /** Called once after the last patient, on the main thread, with every line in the store. */
  finish?(): void;
  /**
   * What patient() gathered across patients for finish() (counts, practices seen), as plain data:
   * an evaluator that has both must have gathered() and absorb(), or the patients stay on one thread.
   */
  gathered?(): unknown;
  /** Adds what gathered() gave on another thread, for patients after this evaluator's own. */
  absorb?(gathered: unknown): void;
  /**
   * The codes this evaluator looks at: when given, patient() is called only for patients with a
   * line of one of them (most patients have none of a rule's codes, so most calls are skipped).
   */
  only?: CodeBitmap;
  /**
   * Whether patient() also gets the history lines that repeat one of the input's lines (the same
   * service billed before; see forEachRepeat). Other evaluators get each such service once, as
   * the input's line: a service billed twice is one service to count.
   */
  seesRepeats?: boolean;
}

export type ResolveCodes = (specs: readonly string[], path: string) => CodeBitmap;

/**
 * How far before a line's date a rule looks for other lines of the patient: a number of days, to
 * 1 January of the line's year, without limit (an enrolment of any age), or not at all (null:
 * the line's own day, or only the input's lines). 0 is the line's own day, but in other invoices:
 * a rule that only a history lets see anything.
 */
export type LookBack = number | 'calendar-year' | 'unbounded' | null;

export interface KindDefinition<Schema extends z.ZodType = z.ZodType, Compiled = unknown> {
  kind: string;
  /** One line for `gpclaims rules` and the docs. */
  description: string;
  /** The kind's own parameters (beside id, severity, topic, validity, message, fix, source). */
  params: Schema;
  /** Turns checked parameters into what the evaluator uses (code sets become bitmaps). */
  compile(params: z.infer<Schema>, resolve: ResolveCodes): Compiled;
  create(rule: CompiledRule<Compiled>, ctx: EvalContext): RuleEvaluator;
  /**
   * How far back a rule of this kind looks (see LookBack); none when absent. A check without
   * enough history lists the rule as not fully checked, and `history prune` keeps what it needs.
   */
  lookBack?(params: Compiled): LookBack;
  /**
   * The codes whose earlier lines (before the input's first day, within the look-back) a rule of
   * this kind reads: a check loads only those from the history, besides every line from the
   * input's first day on. Absent for a kind with a look-back: every code.
   */
  historyCodes?(params: Compiled): CodeBitmap;
}

export function defineKind<Schema extends z.ZodType, Compiled>(def: KindDefinition<Schema, Compiled>): KindDefinition<Schema, Compiled> {
  return def;
}

/** The info finding a practice-level rule makes, under its own id, when it cannot judge. */
export function notEvaluatedRule(rule: FindingRule, notEvaluated: { id: string; message: { da: string; en: string } }): FindingRule {
  return { ...rule, id: notEvaluated.id, severity: 'info', message: notEvaluated.message, fix: null, amount: null };
}

/** A period for messages: "2022-01-01 – (åben)" / "2022-01-01 – (open)"; null ends are open. */
export function periodText(lang: Lang, from: string | null, to: string | null): string {
  const open = lang === 'da' ? '(åben)' : '(open)';
  return `${from ?? open} – ${to ?? open}`;
}

/**
 * Calls visit(k, j) for each input line lines[k] and history line lines[j] of a patient's timeline
 * (history: file numbers from firstHistory on) that bill the same service: the same practice,
 * day, code and antal, and the same time when both have one. Timeline order puts such lines next
 * to each other, the input's before the history's.
 */
export function forEachRepeat(store: ClaimStore, lines: ArrayLike<number>, firstHistory: number, visit: (k: number, j: number) => void): void {
  const { day, practice, code, antal, file, time } = store;
  let from = 0;
  while (from < lines.length) {
    const a = lines[from]!;
    let to = from + 1;
    while (to < lines.length && day[lines[to]!] === day[a] && practice[lines[to]!] === practice[a] && code[lines[to]!] === code[a] && antal[lines[to]!] === antal[a]) to++;
    // Worth a look only when the run starts with an input line and ends with a history line.
    if (to - from > 1 && file[a]! < firstHistory && file[lines[to - 1]!]! >= firstHistory) {
      for (let k = from; k < to && file[lines[k]!]! < firstHistory; k++) {
        const i = lines[k]!;
        for (let j = k + 1; j < to; j++) {
          const h = lines[j]!;
          // A time is compared only when both lines have one.
          if (file[h]! >= firstHistory && (time[i]! < 0 || time[h]! < 0 || time[i] === time[h])) visit(k, j);
        }
      }
    }
    from = to;
  }
}

/** The codes in either bitmap. */
export function union(a: CodeBitmap, b: CodeBitmap): CodeBitmap {
  const out = new Uint8Array(a.length);
  for (let k = 0; k < out.length; k++) out[k] = a[k]! | b[k]!;
  return out;
}

/**
 * The first file number of the history's lines (see EvalContext.history), or Infinity without a
 * history: `store.file[i] >= firstHistoryFile(ctx)` tells a history line.
 */
export function firstHistoryFile(ctx: Pick<EvalContext, 'history'>): number {
  return ctx.history ? ctx.history.firstFile : Infinity;
}

/** The date a line is judged by: its own, or the --as-of date. */
export function ruleDay(ctx: EvalContext, i: number): number {
  return ctx.asOf ?? ctx.store.day[i]!;
}

export function inValidity(rule: CompiledRule<unknown>, day: number): boolean {
  return day >= rule.validFrom && day <= rule.validTo;
}

/** Calls fn(from, to) for each run of lines that agree on key; the timeline order makes runs contiguous. */
function forEachRun(lines: Uint32Array, same: (a: number, b: number) => boolean, fn: (from: number, to: number) => void): void {
  let from = 0;
  for (let k = 1; k <= lines.length; k++) {
    if (k === lines.length || !same(lines[k]!, lines[from]!)) {
      fn(from, k);
      from = k;
    }
  }
}

/** Calls fn(from, to) for each run of lines with the same service date (any practice). */
export function forEachDay(store: ClaimStore, lines: Uint32Array, fn: (from: number, to: number) => void): void {
  forEachRun(lines, (a, b) => store.day[a] === store.day[b], fn);
}

/** Calls fn(from, to) for each run of lines with the same day and practice: a same-day group. */
export function forEachSameDay(store: ClaimStore, lines: Uint32Array, fn: (from: number, to: number) => void): void {
  forEachRun(lines, (a, b) => store.day[a] === store.day[b] && store.practice[a] === store.practice[b], fn);
}
