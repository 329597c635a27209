// Capping the findings a report lists (--max-findings): the most severe are kept, the summary
// still counts all of them and says how many are listed.
import type { CheckResult } from '../engine/check.js';
import { standsForMore } from './builtin.js';
import { severityRank } from './finding.js';

/**
 * The result with at most max findings listed: errors first, then warnings, then info, each in
 * report order, except that a finding standing for lines not listed (details.notListed) goes
 * before the others of its severity, since it alone says how many there are; the kept ones stay
 * in report order. The summary's counts are those of all the
 * findings, and summary.listed says how many the list holds.
 */
export function limitFindings(result: CheckResult, max: number): CheckResult {
  if (result.findings.length <= max) return result;
  const kept = result.findings
    .map((f, at) => ({ f, at }))
    .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || Number(standsForMore(b.f)) - Number(standsForMore(a.f)) || a.at - b.at)
    .slice(0, max)
    .sort((a, b) => a.at - b.at)
    .map((k) => k.f);
  return { ...result, findings: kept, summary: { ...result.summary, listed: kept.length } };
}
