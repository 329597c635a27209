// How far back each rule looks, from its kind and params: which rules a check without enough history cannot fully judge, and how much history a prune must keep.
import { kindByName } from '../kinds/index.js';
import type { LookBack } from '../kinds/kind.js';
import { dayNumber, isoDate, yearOf } from '../model/date.js';
import type { CompiledRule } from '../model/rule.js';

export type { LookBack } from '../kinds/kind.js';

/** A rule's look-back: what its kind says for its params; null for a kind that says nothing. */
export function lookBackOf(rule: CompiledRule): LookBack {
  return kindByName(rule.kind)?.lookBack?.(rule.params) ?? null;
}

/** The earliest day a rule with this look-back reads for a line of `day`: -Infinity without limit. */
export function reachOf(lookBack: LookBack, day: number): number {
  if (lookBack === null) return day;
  if (lookBack === 'unbounded') return -Infinity;
  if (lookBack === 'calendar-year') return dayNumber(yearOf(day), 1, 1);
  return day - lookBack;
}

/**
 * From which day the rules read a code's earlier lines, for an input whose first day is `from`:
 * per code, the earliest day any rule with a look-back reaches for it (Infinity: none does). A
 * history line is of use when it is on or after `from`, or on or after its code's day here.
 */
export function historySince(rules: readonly CompiledRule[], from: number): Float64Array {
  const since = new Float64Array(10000).fill(Infinity);
  for (const rule of rules) {
    const kind = kindByName(rule.kind);
    const lookBack = kind?.lookBack?.(rule.params) ?? null;
    if (lookBack === null || lookBack === 0) continue;
    const reach = reachOf(lookBack, Math.max(from, rule.validFrom));
    const codes = kind?.historyCodes?.(rule.params);
    for (let code = 0; code < since.length; code++) if ((!codes || codes[code]) && reach < since[code]!) since[code] = reach;
  }
  return since;
}

/** A rule that looks back before the first day the check has lines for. */
export interface WithoutHistory {
  ruleId: string;
  /** Days, 'calendar-year' or 'unbounded'. */
  lookBack: Exclude<LookBack, null>;
  /**
   * The first day the check has lines for (YYYY-MM-DD): nothing before it was seen. Null for a
   * rule that looks at other invoices of the same days (look-back 0) in a check without history.
   */
  before: string | null;
}

/**
 * The rules in force in the period [from, to] (day numbers) that look back before `seenFrom`, the
 * first day with lines (the input's first day, or the history's when it is earlier), in the
 * rules' order. The look-back is measured from the first day a rule judges: the period's first,
 * or the rule's validFrom when that is later. Without a history, a rule that looks at other
 * invoices of the same days (look-back 0) is listed too.
 */
export function rulesWithoutHistory(rules: readonly CompiledRule[], from: number, to: number, seenFrom: number, history: boolean): WithoutHistory[] {
  const out: WithoutHistory[] = [];
  for (const rule of rules) {
    if (rule.validFrom > to || rule.validTo < from) continue;
    const lookBack = lookBackOf(rule);
    if (lookBack === null) continue;
    if (lookBack === 0) {
      if (!history) out.push({ ruleId: rule.id, lookBack, before: null });
      continue;
    }
    if (reachOf(lookBack, Math.max(from, rule.validFrom)) < seenFrom) out.push({ ruleId: rule.id, lookBack, before: isoDate(seenFrom) });
  }
  return out;
}

/** What pruning a ledger before a day would cut from the rules' view of the next invoice. */
export interface PruneLimit {
  /** The latest day a prune may cut before and leave every rule with a bounded look-back what it needs. */
  keepFrom: number;
  /** The rules with a bounded look-back that need lines before `before`, with the day each needs from. */
  cut: { ruleId: string; lookBack: number | 'calendar-year'; from: number }[];
  /** The rules that look back without limit (an enrolment of any age): every prune cuts something from them. */
  unbounded: string[];
}

/**
 * For an invoice whose first service day is `next` (the day after the ledger's last line): the
 * day from which each rule in force then needs the ledger's lines, and which of them a prune
 * before `before` would cut.
 */
export function pruneLimit(rules: readonly CompiledRule[], next: number, before: number): PruneLimit {
  let keepFrom = Infinity;
  const cut: PruneLimit['cut'] = [];
  const unbounded: string[] = [];
  for (const rule of rules) {
    if (rule.validTo < next) continue;
    const lookBack = lookBackOf(rule);
    if (lookBack === null) continue;
    if (lookBack === 'unbounded') {
      unbounded.push(rule.id);
      continue;
    }
    const from = reachOf(lookBack, Math.max(next, rule.validFrom));
    keepFrom = Math.min(keepFrom, from);
    if (before > from) cut.push({ ruleId: rule.id, lookBack, from });
  }
  return { keepFrom, cut, unbounded };
}
