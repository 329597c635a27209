// Counts for the report: lines read, checked and rejected, and findings by severity and topic.
import { compareDanish } from '../model/collate.js';
import type { Finding } from './finding.js';
import type { Severity } from '../ruleset/types.js';

export type SeverityCounts = Record<Severity, number>;

export interface Summary {
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
  findings: number;
  /** Findings in the report's list: all of them, unless --max-findings cut the list short. */
  listed: number;
  /** Findings left out because the --baseline file already holds them. */
  baselined: number;
  /** Findings left out (or, with --show-suppressed, marked) by a --suppressions entry. */
  suppressed: number;
  bySeverity: SeverityCounts;
  byTopic: Record<string, SeverityCounts & { total: number }>;
}

export function summarise(findings: readonly Finding[], counts: Omit<Summary, 'findings' | 'listed' | 'baselined' | 'suppressed' | 'bySeverity' | 'byTopic'>): Summary {
  const bySeverity: SeverityCounts = { error: 0, warning: 0, info: 0 };
  // Topics are rule-file text: counted in a Map, so "__proto__" or "constructor" is a topic like
  // any other rather than Object.prototype (fromEntries defines own properties, never sets them).
  const byTopic = new Map<string, SeverityCounts & { total: number }>();
  for (const f of findings) {
    bySeverity[f.severity]++;
    let t = byTopic.get(f.topic);
    if (!t) byTopic.set(f.topic, (t = { error: 0, warning: 0, info: 0, total: 0 }));
    t[f.severity]++;
    t.total++;
  }
  const sortedTopics = Object.fromEntries([...byTopic].sort(([a], [b]) => compareDanish(a, b)));
  return { ...counts, findings: findings.length, listed: findings.length, baselined: 0, suppressed: 0, bySeverity, byTopic: sortedTopics };
}
