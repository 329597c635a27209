// Input findings as the reader makes them, with a bound: the first lines of each kind in a file are
// listed one by one, the rest are counted in one finding, so a broken file cannot fill the memory.
import { NOT_LISTED } from '../ruleset/builtin.js';
import type { FindingParts, FindingRule } from '../model/finding.js';
import type { FindingTable } from './findings.js';

/** An input finding as it is held until the end of reading: its rule and its parts. */
interface Held {
  rule: FindingRule;
  parts: FindingParts;
}

/** The lines of one kind in one file past the bound: the one finding that stands for them. */
interface LeftOut {
  /** A finding of the kind, for its id, severity, topic and source. */
  kind: Held;
  file: string;
  count: number;
  firstLine: number;
  lastLine: number;
}

/** Findings of one kind in one file, at most `max` of them: those with the lowest line numbers. */
interface Kept {
  list: Held[];
  /** Where in list the highest line is (valid when the list is full). */
  highest: number;
  leftOut: LeftOut | null;
}

export class InputFindings {
  private readonly kept = new Map<string, Kept>();

  constructor(
    /** How many findings of one kind in one file are listed one by one. */
    private readonly max: number,
  ) {}

  /**
   * Takes a finding about one line. The hot path hands some lines to the general path a batch
   * later, so findings can come a little out of line order: the ones kept are always those with
   * the lowest lines, so that a file gives the same list whichever path reads it.
   */
  push(rule: FindingRule, parts: FindingParts): void {
    const f: Held = { rule, parts };
    const file = parts.locations[0]?.file ?? '';
    const key = `${rule.id}\n${file}`;
    let k = this.kept.get(key);
    if (!k) this.kept.set(key, (k = { list: [], highest: 0, leftOut: null }));
    if (k.list.length < this.max) {
      k.list.push(f);
      if (k.list.length === this.max) k.highest = highestAt(k.list);
      return;
    }
    let out = f;
    if (this.max > 0 && lineOf(f) < lineOf(k.list[k.highest]!)) {
      out = k.list[k.highest]!;
      k.list[k.highest] = f;
      k.highest = highestAt(k.list);
    }
    const line = lineOf(out);
    if (!k.leftOut) k.leftOut = { kind: out, file, count: 1, firstLine: line, lastLine: line };
    else {
      k.leftOut.count++;
      k.leftOut.firstLine = Math.min(k.leftOut.firstLine, line);
      k.leftOut.lastLine = Math.max(k.leftOut.lastLine, line);
    }
  }

  /** Adds every finding listed to the table, and for each kind and file past the bound one finding for the rest. */
  addTo(table: FindingTable): void {
    for (const k of this.kept.values()) {
      for (const f of k.list) table.addParts(f.rule, f.parts);
      if (k.leftOut) addLeftOut(table, k.leftOut);
    }
  }
}

function addLeftOut(table: FindingTable, x: LeftOut): void {
  const { id, severity, topic, source } = x.kind.rule;
  table.addParts({ id, severity, topic, source, message: NOT_LISTED, fix: null }, {
    practice: null,
    cpr: null,
    date: null,
    codes: [],
    locations: [{ file: x.file, line: x.firstLine }],
    details: { notListed: x.count, firstLine: x.firstLine, lastLine: x.lastLine },
  });
}

function lineOf(f: Held): number {
  return f.parts.locations[0]?.line ?? 0;
}

function highestAt(list: readonly Held[]): number {
  let at = 0;
  for (let i = 1; i < list.length; i++) if (lineOf(list[i]!) > lineOf(list[at]!)) at = i;
  return at;
}
