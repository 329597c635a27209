// Findings as the engine keeps them while checking: a few numbers each, in typed arrays. The text a
// report shows (messages, masked patients, dates, codes) is made later, only for findings listed.
import type { FindingParts, FindingRule } from '../model/finding.js';

/** A finding's details index when it has none. */
export const NO_DETAILS = 0;

function grown<T extends Uint32Array<ArrayBuffer>>(a: T, size: number): T {
  const next = new Uint32Array(size) as T;
  next.set(a);
  return next;
}

/**
 * Every finding of a check, in the order the rules made them. A finding is about stored lines
 * (indices into the claim store, kept in `lines`) or, for the few made without stored lines
 * (input, practice-level and grouped findings), about parts given whole.
 *
 * Per finding it holds a rule index, where its lines start and a details index: 12 bytes, and 4
 * per line. Details are interned, so findings with the same details share one object.
 */
export class FindingTable {
  length = 0;
  /** The rules findings are made under, by index. */
  readonly rules: FindingRule[] = [];
  /** Findings by rule index: the summary's counts come from these. */
  readonly perRule: number[] = [];
  rule = new Uint32Array(1024);
  details = new Uint32Array(1024);
  /** Finding i's lines are lines[start[i] .. start[i + 1] - 1]; none for a finding made from parts. */
  start = new Uint32Array(1025);
  lines = new Uint32Array(4096);
  /** The parts of findings not about stored lines, by finding index. */
  readonly parts = new Map<number, FindingParts>();
  /** Distinct details; index 0 is none. */
  readonly detailValues: (Readonly<Record<string, unknown>> | null)[] = [null];
  private readonly ruleIds = new Map<FindingRule, number>();
  private readonly detailIds = new Map<string, number>();
  private readonly frozenIds = new Map<object, number>();

  /** A finding about stored lines (in timeline order; at least one). */
  addLines(rule: FindingRule, lines: ArrayLike<number>, details: Record<string, unknown> | null | undefined): void {
    const i = this.next(rule, details);
    let at = this.start[i]!;
    if (at + lines.length > this.lines.length) this.lines = grown(this.lines, Math.max(at + lines.length, this.lines.length * 2));
    for (let k = 0; k < lines.length; k++) this.lines[at++] = lines[k]!;
    this.start[i + 1] = at;
  }

  /** A finding given whole: practice, patient, date, codes and locations as it will show them. */
  addParts(rule: FindingRule, parts: FindingParts): void {
    const { details, ...rest } = parts;
    const i = this.next(rule, details);
    this.start[i + 1] = this.start[i]!;
    this.parts.set(i, rest);
  }

  /** Finding i's lines, as a view (empty for a finding made from parts). */
  linesOf(i: number): Uint32Array {
    return this.lines.subarray(this.start[i]!, this.start[i + 1]!);
  }

  detailsOf(i: number): Readonly<Record<string, unknown>> | null {
    return this.detailValues[this.details[i]!]!;
  }

  /**
   * The findings as plain data, for another thread to append (the arrays can be transferred).
   * `ruleRef` names each rule so that the other thread can find its own object for it.
   */
  part<R>(ruleRef: (rule: FindingRule) => R): FindingTablePart<R> {
    this.trim();
    return { length: this.length, rules: this.rules.map(ruleRef), rule: this.rule, details: this.details, start: this.start, lines: this.lines, parts: [...this.parts], detailValues: this.detailValues };
  }

  /**
   * Appends another table's findings after this one's, in their order, as if they had been made
   * here: `rule` gives this thread's object for each of the other's rules.
   */
  append<R>(other: FindingTablePart<R>, rule: (ref: R) => FindingRule): void {
    const rules = other.rules.map(rule);
    const details = other.detailValues.map((d) => (d ? this.detailId(d) : NO_DETAILS));
    const parts = new Map(other.parts);
    for (let j = 0; j < other.length; j++) {
      const r = rules[other.rule[j]!]!;
      const d = other.detailValues[other.details[j]!];
      const p = parts.get(j);
      if (p) this.addParts(r, { ...p, details: d });
      else this.addLines(r, other.lines.subarray(other.start[j]!, other.start[j + 1]!), null);
      this.details[this.length - 1] = details[other.details[j]!]!;
    }
  }

  /** Drops the room kept for more findings. */
  trim(): void {
    this.rule = this.rule.slice(0, this.length);
    this.details = this.details.slice(0, this.length);
    this.start = this.start.slice(0, this.length + 1);
    this.lines = this.lines.slice(0, this.start[this.length]!);
  }

  private next(rule: FindingRule, details: Record<string, unknown> | null | undefined): number {
    const i = this.length++;
    if (this.length > this.rule.length) {
      const size = this.rule.length * 2;
      this.rule = grown(this.rule, size);
      this.details = grown(this.details, size);
      this.start = grown(this.start, size + 1);
    }
    let r = this.ruleIds.get(rule);
    if (r === undefined) {
      r = this.rules.length;
      this.rules.push(rule);
      this.perRule.push(0);
      this.ruleIds.set(rule, r);
    }
    this.rule[i] = r;
    this.perRule[r]!++;
    this.details[i] = details ? this.detailId(details) : NO_DETAILS;
    return i;
  }

  /**
   * Details with the same JSON text are one object: a rule's findings mostly repeat a few. A
   * frozen details object given again is known by itself, without its JSON text being made.
   */
  private detailId(details: Readonly<Record<string, unknown>>): number {
    const frozen = Object.isFrozen(details);
    const known = frozen ? this.frozenIds.get(details) : undefined;
    if (known !== undefined) return known;
    const key = JSON.stringify(details);
    let id = this.detailIds.get(key);
    if (id === undefined) {
      id = this.detailValues.length;
      this.detailValues.push(details);
      this.detailIds.set(key, id);
    }
    if (frozen) this.frozenIds.set(details, id);
    return id;
  }
}

/** A finding table as plain data (see FindingTable.part). */
export interface FindingTablePart<R> {
  length: number;
  /** The table's rules, each as a reference the receiving thread resolves. */
  rules: R[];
  rule: Uint32Array;
  details: Uint32Array;
  start: Uint32Array;
  lines: Uint32Array;
  parts: [number, FindingParts][];
  detailValues: (Readonly<Record<string, unknown>> | null)[];
}
