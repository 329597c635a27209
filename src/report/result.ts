// A check's result as reports read it: the summary, and the findings in report order, each made
// (message, masked patient, date, codes) only when it is read, so a large report needs no list of
// objects in memory.
import type { Checked } from '../engine/check.js';
import type { FindingTable } from '../engine/findings.js';
import type { ClaimStore } from '../store/store.js';
import type { Severity } from '../model/rule.js';
import { ByteWriter } from './bytes.js';
import { type Finding, FindingMaker, type Lang } from './finding.js';
import { Pricing } from './money.js';
import { moneyOfFindings, type Summary, summariseCounts, type SummaryCounts } from './summary.js';
import { parseIsoDate } from '../model/date.js';

export interface CheckResult {
  ruleset: Checked['ruleset'];
  summary: Summary;
  /**
   * Every finding listed, in report order. They are all made when this is first read; `list`
   * gives the same findings one at a time.
   */
  readonly findings: readonly Finding[];
  /** The findings listed, in report order, made one at a time as they are read. */
  readonly list: FindingList;
  /** The inputs' names, in the order given ("-" for standard input). Not part of the JSON report. */
  files: string[];
}

/** The mark --show-suppressed puts on a finding it keeps (as details.suppressed). */
export interface SuppressionMark {
  reason: string;
  owner?: string;
  expires?: string;
}

/** Findings in report order, made when read. */
export interface FindingList {
  readonly length: number;
  /** Finding k (0-based), made anew on each call. */
  at(k: number): Finding;
  /** Finding k's JSON text: the same as JSON.stringify(at(k)). */
  json(k: number): string;
  /**
   * The JSON texts of findings from .. to - 1, each after `separator` but the first: as text or as
   * UTF-8 bytes. With `reuse`, bytes may be a view of memory the next call writes over (for a
   * reader that writes them out before it asks for more).
   */
  jsonBatch(from: number, to: number, separator: string, reuse?: boolean): string | Uint8Array;
  severity(k: number): Severity;
  /** Whether finding k is listed only as suppressed (--show-suppressed): it never fails a run. */
  suppressed(k: number): boolean;
  /** Whether finding k stands for lines not listed one by one (details.notListed). */
  standsForMore(k: number): boolean;
  /** Whether finding k is about no line (a practice, or the whole input): --max-findings never cuts it. */
  lineless(k: number): boolean;
  /**
   * A list of some of these findings in a given order: a number picks finding k of this list, a
   * finding object is listed as it is. Marks (by k) list a finding as suppressed.
   */
  select(picks: ArrayLike<number | Finding>, marks?: ReadonlyMap<number, SuppressionMark>): FindingList;
}

/** Whether the finding stands for lines not listed one by one (its details.notListed says how many). */
export function standsForMore(f: Finding): boolean {
  return typeof f.details?.notListed === 'number';
}

/** A kept finding's suppression mark, or undefined for a finding that is not suppressed. */
export function suppressionOf(f: Finding): SuppressionMark | undefined {
  return (f.details as { suppressed?: SuppressionMark } | null)?.suppressed;
}

/** A finding with its suppression mark in its details. */
function marked(f: Finding, mark: SuppressionMark | undefined): Finding {
  return mark ? { ...f, details: { ...f.details, suppressed: mark } } : f;
}

/** A result with the given list; `findings` is made from the list when first read. */
export function resultWith(parts: Omit<CheckResult, 'findings' | 'list'>, list: FindingList): CheckResult {
  let made: Finding[] | undefined;
  const result = {
    ...parts,
    get findings(): readonly Finding[] {
      return (made ??= Array.from({ length: list.length }, (_, k) => list.at(k)));
    },
  };
  // Not enumerable: the result still reads (and JSON.stringify writes it) as its plain fields.
  return Object.defineProperty(result, 'list', { value: list, enumerable: false }) as CheckResult;
}

/** The findings of a result, as a list: its own, or one over a findings array (a result built by hand). */
export function listOf(result: Pick<CheckResult, 'findings'> & { list?: FindingList }): FindingList {
  return result.list ?? new ArrayList(result.findings);
}

/** A list over findings already made. */
export class ArrayList implements FindingList {
  constructor(private readonly findings: readonly Finding[]) {}
  get length(): number {
    return this.findings.length;
  }
  at(k: number): Finding {
    return this.findings[k]!;
  }
  json(k: number): string {
    return JSON.stringify(this.findings[k]);
  }
  jsonBatch(from: number, to: number, separator: string): string {
    return this.findings.slice(from, to).map((f) => JSON.stringify(f)).join(separator);
  }
  severity(k: number): Severity {
    return this.findings[k]!.severity;
  }
  suppressed(k: number): boolean {
    return suppressionOf(this.findings[k]!) !== undefined;
  }
  standsForMore(k: number): boolean {
    return standsForMore(this.findings[k]!);
  }
  lineless(k: number): boolean {
    return this.findings[k]!.locations.length === 0;
  }
  select(picks: ArrayLike<number | Finding>, marks?: ReadonlyMap<number, SuppressionMark>): FindingList {
    return new ArrayList(Array.from(picks, (p) => (typeof p === 'number' ? marked(this.findings[p]!, marks?.get(p)) : p)));
  }
}

/**
 * Findings of a check's table, in an order of its entries. An entry at or past the table's length
 * is a finding made elsewhere (extra[entry - table length]), such as an expired suppression's.
 */
export class TableList implements FindingList {
  private readonly maker: FindingMaker;
  private writer: ByteWriter | undefined;

  constructor(
    readonly table: FindingTable,
    readonly store: ClaimStore,
    readonly files: readonly string[],
    readonly lang: Lang,
    /** The entries listed, in report order. */
    readonly order: Uint32Array,
    readonly extra: readonly Finding[] = [],
    /** Marks of suppressed findings kept in the list, by entry. */
    readonly marks: ReadonlyMap<number, SuppressionMark> = new Map(),
    /** Prices the table's findings; null leaves every amount null. */
    readonly pricing: Pricing | null = null,
    maker?: FindingMaker,
  ) {
    this.maker = maker ?? new FindingMaker(table, store, files, lang, pricing);
  }

  get length(): number {
    return this.order.length;
  }

  select(picks: ArrayLike<number | Finding>, marks?: ReadonlyMap<number, SuppressionMark>): FindingList {
    const n = this.table.length;
    const extra = [...this.extra];
    const order = new Uint32Array(picks.length);
    const entryMarks = new Map<number, SuppressionMark>();
    for (let j = 0; j < picks.length; j++) {
      const p = picks[j]!;
      if (typeof p !== 'number') {
        order[j] = n + extra.push(p) - 1;
        continue;
      }
      const e = this.order[p]!;
      order[j] = e;
      const mark = marks?.get(p) ?? this.marks.get(e);
      if (mark) entryMarks.set(e, mark);
    }
    return new TableList(this.table, this.store, this.files, this.lang, order, extra, entryMarks, this.pricing, this.maker);
  }

  /** Finding of an entry. */
  entry(e: number): Finding {
    const n = this.table.length;
    return marked(e >= n ? this.extra[e - n]! : this.maker.make(e), this.marks.get(e));
  }

  at(k: number): Finding {
    return this.entry(this.order[k]!);
  }

  json(k: number): string {
    const e = this.order[k]!;
    if (e >= this.table.length || this.marks.has(e)) return JSON.stringify(this.entry(e));
    return this.maker.json(e);
  }

  jsonBatch(from: number, to: number, separator: string, reuse = false): Uint8Array {
    const out = (this.writer ??= new ByteWriter(1 << 20));
    const n = this.table.length;
    for (let k = from; k < to; k++) {
      if (k > from) out.ascii(separator);
      const e = this.order[k]!;
      if (e >= n || this.marks.has(e)) out.text(JSON.stringify(this.entry(e)));
      else this.maker.writeJson(e, out);
    }
    return reuse ? out.view() : out.take();
  }

  /** Severity and topic of finding k, without making it. */
  ruleAt(k: number): { severity: Severity; topic: string } {
    const e = this.order[k]!;
    const n = this.table.length;
    return e >= n ? this.extra[e - n]! : this.table.rules[this.table.rule[e]!]!;
  }

  severity(k: number): Severity {
    return this.ruleAt(k).severity;
  }

  suppressed(k: number): boolean {
    return this.marks.has(this.order[k]!);
  }

  standsForMore(k: number): boolean {
    const e = this.order[k]!;
    const n = this.table.length;
    if (e >= n) return standsForMore(this.extra[e - n]!);
    return typeof this.table.detailsOf(e)?.notListed === 'number';
  }

  lineless(k: number): boolean {
    const e = this.order[k]!;
    const { table } = this;
    if (e >= table.length) return this.extra[e - table.length]!.locations.length === 0;
    return table.start[e] === table.start[e + 1] && !table.parts.get(e)?.locations.length;
  }
}

/** The result of a check: its findings in report order, and the summary counting them. */
export function checkResult(checked: Checked): CheckResult {
  const { findings: table, store, files, lang } = checked;
  const order = reportOrder(table, store, files);
  const period = checked.counts.period;
  const pricing = new Pricing(table, store, checked.tariffs, checked.asOf, period ? parseIsoDate(period.to)! : null, files.length);
  const list = new TableList(table, store, files, lang, order, [], new Map(), pricing);
  const summary = summariseCounts(countsOf(list), checked.counts);
  return resultWith({ ruleset: checked.ruleset, summary, files }, list);
}

/** Findings by severity and topic, over a list's entries. */
export function countsOf(list: FindingList): SummaryCounts {
  const money = moneyOf(list);
  if (list instanceof TableList && list.extra.length === 0 && list.order.length === list.table.length) {
    // Every entry once: the table's own counts by rule.
    const { rules, perRule } = list.table;
    return { byRule: rules.map((r, k) => ({ severity: r.severity, topic: r.topic, n: perRule[k]! })), money };
  }
  const byRule = new Map<string, { severity: Severity; topic: string; n: number }>();
  for (let k = 0; k < list.length; k++) {
    const f = list instanceof TableList ? list.ruleAt(k) : list.at(k);
    const key = `${f.severity}\n${f.topic}`;
    const c = byRule.get(key);
    if (c) c.n++;
    else byRule.set(key, { severity: f.severity, topic: f.topic, n: 1 });
  }
  return { byRule: [...byRule.values()], money };
}

/**
 * Kroner at risk over a list's findings, each line once. A finding listed only as suppressed
 * (--show-suppressed) puts nothing at risk.
 */
export function moneyOf(list: FindingList): SummaryCounts['money'] {
  if (list instanceof TableList && list.pricing) {
    const { order, marks, pricing } = list;
    const entries = marks.size ? Array.from(order).filter((e) => !marks.has(e)) : order;
    return pricing.totals(entries).totals;
  }
  const all = Array.from({ length: list.length }, (_, k) => list.at(k));
  return moneyOfFindings(all.filter((f) => !suppressionOf(f)));
}

/** Line numbers below 2^32, file ranks below 2^20: a located finding's key stays exact in a double. */
const LINE_SPAN = 2 ** 32;
const LOCATIONLESS = 2 ** 52;

/**
 * The table's entries in report order: by the first location (file name, then line), then rule id;
 * findings without a location last, by practice, then rule id; ties in the order they were made.
 * The same order compareFindings gives the findings, from numbers instead of made findings.
 */
export function reportOrder(table: FindingTable, store: ClaimStore, files: readonly string[]): Uint32Array {
  const n = table.length;
  // Ranks of file names as strings compare (two files of one name rank alike).
  const names = new Set(files);
  for (const p of table.parts.values()) for (const l of p.locations) names.add(l.file);
  const nameRank = ranks([...names]);
  if (nameRank.size >= 2 ** 20) throw new RangeError('too many input files to order findings');
  const fileRank = Float64Array.from(files, (f) => nameRank.get(f)!);
  const locationless: string[] = [];
  for (const p of table.parts.values()) if (!p.locations.length) locationless.push(p.practice ?? '');
  const practiceRank = ranks(locationless);
  const ruleRankById = ranks(table.rules.map((r) => r.id));
  const ruleRank = Uint32Array.from(table.rules, (r) => ruleRankById.get(r.id)!);

  const key = new Float64Array(n);
  const fileCol = store.file;
  const lineCol = store.line;
  const { start, lines } = table;
  for (let i = 0; i < n; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    if (from < to) {
      let best = Infinity;
      for (let k = from; k < to; k++) {
        const l = lines[k]!;
        const v = fileRank[fileCol[l]!]! * LINE_SPAN + lineCol[l]!;
        if (v < best) best = v;
      }
      key[i] = best;
      continue;
    }
    const p = table.parts.get(i)!;
    if (!p.locations.length) {
      key[i] = LOCATIONLESS + practiceRank.get(p.practice ?? '')!;
      continue;
    }
    let best = Infinity;
    for (const l of p.locations) best = Math.min(best, nameRank.get(l.file)! * LINE_SPAN + l.line);
    key[i] = best;
  }
  // A stable radix sort, least significant digit first: rule rank, then the line (or practice
  // rank) in two 16-bit digits, then the file rank (locationless past every file) in two. Ties
  // keep the order the findings were made in.
  const rule = table.rule;
  if (ruleRankById.size > 0xffff) throw new RangeError('too many rule ids to order findings');
  const digit = new Uint16Array(n);
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(1 << 16);
  const pass = (of: (i: number) => number): void => {
    let max = 0;
    for (let i = 0; i < n; i++) {
      const d = of(i);
      digit[i] = d;
      if (d > max) max = d;
    }
    // A digit that is 0 for every finding leaves the order as it is.
    if (max === 0) return;
    counts.fill(0, 0, max + 1);
    for (let i = 0; i < n; i++) counts[digit[i]!]!++;
    for (let d = 0, sum = 0; d <= max; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      spare[counts[digit[i]!]!++] = i;
    }
    [order, spare] = [spare, order];
  };
  pass((i) => ruleRank[rule[i]!]!);
  pass((i) => key[i]! % 0x10000);
  pass((i) => Math.floor(key[i]! / 0x10000) % 0x10000);
  pass((i) => Math.floor(key[i]! / LINE_SPAN) % 0x10000);
  pass((i) => Math.floor(key[i]! / (LINE_SPAN * 0x10000)));
  return order;
}

/** Each distinct text's rank in the order JavaScript compares strings. */
function ranks(texts: readonly string[]): Map<string, number> {
  const sorted = [...new Set(texts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(sorted.map((t, k) => [t, k]));
}
