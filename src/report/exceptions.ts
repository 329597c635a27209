// Baselines and suppressions: the findings a vendor's CI or a clinic has already accepted.
// A baseline holds fingerprints of known findings, so a check reports only new ones. A suppression
// is a justified exception (a rule, optionally for a practice, a code, a date range), with a reason
// and an optional expiry; an expired one suppresses nothing and is reported itself.
import { createHash } from 'node:crypto';
import type { Baseline, BaselineEntry, Suppression } from '../input/exceptions.js';
import { quoteInput, TEXT_LIMIT } from '../model/quote.js';
import { summariseCounts } from './summary.js';
import { compareFindings, type Finding, type FindingRule, type Lang, makeFinding } from './finding.js';
import { type CheckResult, countsOf, type FindingList, listOf, resultWith, type SuppressionMark } from './result.js';

export type { Baseline, BaselineEntry, Suppression } from '../input/exceptions.js';

/** What identifies a finding without line numbers: rule, practice, masked patient, date and codes. */
export function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update(JSON.stringify([f.ruleId, f.practice, f.patient, f.date, f.codes]))
    .digest('hex')
    .slice(0, 32);
}

/** A baseline of these findings. It holds rule ids and fingerprints only: no CPR, no patient. */
export function makeBaseline(findings: Iterable<Finding>): Baseline {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const print = fingerprint(f);
    const key = `${f.ruleId} ${print}`;
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { ruleId: f.ruleId, fingerprint: print, count: 1 });
  }
  const entries = [...byKey.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  return { gpclaims: 'baseline', version: 1, entries };
}

export interface Exceptions {
  baseline?: Baseline;
  suppressions?: { file: string; entries: readonly Suppression[] };
  /** Today, YYYY-MM-DD: a suppression whose expires is before it has expired. */
  today: string;
  /** List suppressed findings too (each with details.suppressed), instead of only counting them. */
  showSuppressed?: boolean;
  lang: Lang;
}

const EXPIRED: FindingRule = {
  id: 'undtagelse-udloebet',
  severity: 'warning',
  topic: 'Undtagelser',
  message: {
    da: 'Undtagelsen for {{suppressedRule}} ({{reason}}) udløb {{expires}} og undertrykker ikke længere fund; forny den eller fjern den',
    en: 'The suppression of {{suppressedRule}} ({{reason}}) expired on {{expires}} and no longer suppresses findings; renew or remove it',
  },
  fix: null,
  source: 'gpclaims suppressions file (README, "Baselines and suppressions")',
};

export { EXPIRED as EXPIRED_SUPPRESSION };

export { suppressionOf, type SuppressionMark } from './result.js';

/** A suppression's own words, as reports show them (a library caller's entries did not pass readSuppressions). */
function shown(text: string): string {
  return quoteInput(text, TEXT_LIMIT);
}

function hasExpired(s: Suppression, today: string): boolean {
  return s.expires !== undefined && s.expires < today;
}

function matches(s: Suppression, f: Finding): boolean {
  if (s.ruleId !== f.ruleId) return false;
  if (s.practice !== undefined && s.practice !== f.practice) return false;
  if (s.code !== undefined && !f.codes.includes(s.code)) return false;
  if (s.from !== undefined || s.to !== undefined) {
    if (f.date === null) return false;
    if (s.from !== undefined && f.date < s.from) return false;
    if (s.to !== undefined && f.date > s.to) return false;
  }
  return true;
}

/**
 * The result with baselined and suppressed findings taken out of the list (or, with showSuppressed,
 * suppressed ones kept and marked), a warning per expired suppression, and the summary counting
 * `baselined` and `suppressed`. The summary's other counts are those of the findings listed.
 */
export function applyExceptions(result: CheckResult, x: Exceptions): CheckResult {
  // Findings still to match per baseline entry, by "rule fingerprint".
  const remaining = new Map<string, number>();
  for (const e of x.baseline?.entries ?? []) {
    const key = `${e.ruleId} ${e.fingerprint}`;
    remaining.set(key, (remaining.get(key) ?? 0) + e.count);
  }
  const entries = x.suppressions?.entries ?? [];
  const live = entries.filter((s) => !hasExpired(s, x.today));
  const list = listOf(result);
  // The findings kept, by their place in the list; suppressed ones kept are marked.
  const kept: number[] = [];
  const marks = new Map<number, SuppressionMark>();
  let baselined = 0;
  let suppressed = 0;
  for (let k = 0; k < list.length; k++) {
    const f = list.at(k);
    const key = `${f.ruleId} ${fingerprint(f)}`;
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      baselined++;
      continue;
    }
    const by = live.find((s) => matches(s, f));
    if (by) {
      suppressed++;
      if (x.showSuppressed) {
        marks.set(k, { reason: shown(by.reason), ...(by.owner ? { owner: shown(by.owner) } : {}), ...(by.expires ? { expires: by.expires } : {}) });
        kept.push(k);
      }
      continue;
    }
    kept.push(k);
  }
  const expired: Finding[] = [];
  entries.forEach((s, k) => {
    if (!hasExpired(s, x.today)) return;
    expired.push(
      makeFinding(EXPIRED, x.lang, {
        practice: s.practice ?? null,
        cpr: null,
        date: null,
        codes: s.code === undefined ? [] : [Number(s.code)],
        locations: [],
        details: { suppressedRule: s.ruleId, reason: shown(s.reason), expires: s.expires, ...(s.owner ? { owner: shown(s.owner) } : {}), file: x.suppressions!.file, entry: k + 1 },
      }),
    );
  });
  const picks = expired.length ? withExpired(list, kept, expired) : kept;
  const listed = list.select(picks, marks);
  const { findings: _n, listed: _l, baselined: _b, suppressed: _s, bySeverity: _v, byTopic: _t, amountAtRisk: _m, ...counts } = result.summary;
  const summary = { ...summariseCounts(countsOf(listed), counts), baselined, suppressed };
  return resultWith({ ruleset: result.ruleset, files: result.files, summary }, listed);
}

/**
 * The kept findings (in report order) with the expired suppressions' findings put in their place.
 * Those have no location, so they go among the findings without one, which come last: only that
 * tail is made and sorted (stably, the kept ones first among equals).
 */
function withExpired(list: FindingList, kept: readonly number[], expired: readonly Finding[]): (number | Finding)[] {
  let tail = kept.length;
  while (tail > 0 && list.at(kept[tail - 1]!).locations.length === 0) tail--;
  const rest = [...kept.slice(tail).map((k) => ({ pick: k as number | Finding, f: list.at(k) })), ...expired.map((f) => ({ pick: f as number | Finding, f }))];
  rest.sort((a, b) => compareFindings(a.f, b.f));
  return [...kept.slice(0, tail), ...rest.map((r) => r.pick)];
}
