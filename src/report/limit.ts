// Capping the findings a report lists (--max-findings): the most severe are kept, the summary
// still counts all of them and says how many are listed.
import { severityRank } from './finding.js';
import { type CheckResult, listOf, resultWith } from './result.js';

/**
 * The result with at most max findings about lines listed, and every finding about no line (a
 * practice's figures, a rule not evaluated): those are few, and a controller needs all of them.
 * The findings about lines are taken errors first, then warnings, then info, each in report order,
 * except that a finding standing for lines not listed (details.notListed) goes before the others
 * of its severity, since it alone says how many there are; the kept ones stay in report order.
 * The summary's counts are those of all the findings, and summary.listed says how many the list
 * holds.
 */
export function limitFindings(result: CheckResult, max: number): CheckResult {
  const list = listOf(result);
  if (list.length <= max) return result;
  // Seven groups in the order they are taken: findings about no line, then by severity, those
  // standing for more first.
  const group = (k: number): number => (list.lineless(k) ? 0 : 1 + severityRank(list.severity(k)) * 2 + (list.standsForMore(k) ? 0 : 1));
  const sizes = new Uint32Array(7);
  for (let k = 0; k < list.length; k++) sizes[group(k)]!++;
  // How many of each group are kept: every finding about no line, then of those about lines whole
  // groups, then the first of the group the cap falls in.
  const room = new Uint32Array(7);
  room[0] = sizes[0]!;
  let left = max;
  for (let g = 1; g < 7; g++) {
    room[g] = Math.min(sizes[g]!, left);
    left -= room[g]!;
  }
  const picks = new Uint32Array(room.reduce((sum, n) => sum + n, 0));
  let at = 0;
  for (let k = 0; k < list.length; k++) {
    const g = group(k);
    if (room[g]! > 0) {
      room[g]!--;
      picks[at++] = k;
    }
  }
  return resultWith({ ruleset: result.ruleset, files: result.files, summary: { ...result.summary, listed: picks.length } }, list.select(picks));
}
