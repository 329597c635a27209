// Counts for the report: lines read, checked and rejected, and findings by severity and topic.
import type { Checked } from '../engine/check.js';
import { compareDanish } from '../model/collate.js';
import type { Finding } from './finding.js';
import { decimalOre, type MoneyTotals, oreText, sortedText } from './money.js';
import type { Severity } from '../ruleset/types.js';

export type SeverityCounts = Record<Severity, number>;

/** The counts the check itself gives, beside those of findings (lines read, checked, rejected, ...). */
export type CheckCounts = Checked['counts'];

export interface Summary extends CheckCounts {
  findings: number;
  /** Findings in the report's list: all of them, unless --max-findings cut the list short. */
  listed: number;
  /** Findings left out because the --baseline file already holds them. */
  baselined: number;
  /** Findings left out (or, with --show-suppressed, marked) by a --suppressions entry. */
  suppressed: number;
  bySeverity: SeverityCounts;
  byTopic: Record<string, SeverityCounts & { total: number }>;
  /** Kroner at risk over the same findings as the counts, each line's kroner once. */
  amountAtRisk: MoneyTotals;
}

/** Findings counted by severity and topic (in any grouping: by rule, or one finding each). */
export interface SummaryCounts {
  byRule: readonly { severity: Severity; topic: string; n: number }[];
  /** Kroner at risk over the same findings. */
  money: MoneyTotals;
}

/**
 * The summary of findings made elsewhere (a result built by hand): a finding object does not say
 * which lines its kroner rest on, so here each finding's amount counts.
 */
export function summarise(findings: readonly Finding[], counts: CheckCounts): Summary {
  return summariseCounts({ byRule: findings.map((f) => ({ severity: f.severity, topic: f.topic, n: 1 })), money: moneyOfFindings(findings) }, counts);
}

/** Kroner at risk and opportunities summed over finding objects, one amount each. */
export function moneyOfFindings(findings: Iterable<Finding>): MoneyTotals {
  const bySeverity = { error: 0, warning: 0, info: 0 };
  const byTopic = new Map<string, number>();
  const byRule = new Map<string, number>();
  let total = 0;
  let estimated = 0;
  let opportunity = 0;
  let lines = 0;
  for (const f of findings) {
    if (f.opportunity !== null) opportunity += decimalOre(f.opportunity);
    if (f.amount === null) continue;
    const ore = decimalOre(f.amount);
    total += ore;
    if (f.amountBasis === 'estimate') estimated += ore;
    else lines += f.locations.length;
    bySeverity[f.severity] += ore;
    byTopic.set(f.topic, (byTopic.get(f.topic) ?? 0) + ore);
    byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + ore);
  }
  return {
    total: oreText(total),
    lines,
    estimated: oreText(estimated),
    opportunity: oreText(opportunity),
    linesWithoutAmount: 0,
    bySeverity: { error: oreText(bySeverity.error), warning: oreText(bySeverity.warning), info: oreText(bySeverity.info) },
    byTopic: sortedText(byTopic),
    byRule: sortedText(byRule),
  };
}

export function summariseCounts(found: SummaryCounts, counts: CheckCounts): Summary {
  const bySeverity: SeverityCounts = { error: 0, warning: 0, info: 0 };
  // Topics are rule-file text: counted in a Map, so "__proto__" or "constructor" is a topic like
  // any other rather than Object.prototype (fromEntries defines own properties, never sets them).
  const byTopic = new Map<string, SeverityCounts & { total: number }>();
  let total = 0;
  for (const { severity, topic, n } of found.byRule) {
    if (n === 0) continue;
    total += n;
    bySeverity[severity] += n;
    let t = byTopic.get(topic);
    if (!t) byTopic.set(topic, (t = { error: 0, warning: 0, info: 0, total: 0 }));
    t[severity] += n;
    t.total += n;
  }
  // compareDanish orders every two distinct topics, so the order the topics came in does not matter.
  const sortedTopics = Object.fromEntries([...byTopic].sort(([a], [b]) => compareDanish(a, b)));
  return { ...counts, findings: total, listed: total, baselined: 0, suppressed: 0, bySeverity, byTopic: sortedTopics, amountAtRisk: found.money };
}
