// The controller's audit of a check: a row per practice (lines, patients, billed, findings, kroner at risk) and the kontrolstatistik.
import { Decimal } from 'decimal.js';
import type { Checked } from '../engine/check.js';
import { currentName } from '../catalog/catalog.js';
import type { Ruleset } from '../ruleset/load.js';
import { type CheckResult, type FindingList, TableList } from '../report/result.js';
import { decimalOre, oreText } from '../report/money.js';
import type { Severity } from '../model/rule.js';
import type { AuditReport, CodePractice, CodeStatistics, PracticeRow } from './types.js';

export type { AuditReport, CodePractice, CodeStatistics, PracticeRow } from './types.js';

/**
 * The audit of a check: `full` is its result with baseline and suppressions applied and nothing
 * cut (the practice table counts every finding of it); `listed` is the result the report lists
 * (capped by --max-findings).
 */
export function auditOf(checked: Checked, ruleset: Ruleset, full: CheckResult, listed: CheckResult, options: readonly string[]): AuditReport {
  // One pass over the lines serves the practice table and the kontrolstatistik.
  const counts = practiceLines(checked);
  return { result: listed, practices: practiceRows(checked, full.list, counts), statistics: statistics(checked, ruleset, counts), options: [...options] };
}

/** Input lines of each practice, by practice id. */
interface PracticeLines {
  lines: Float64Array;
  patients: Float64Array;
  /** Kroner billed, in øre. */
  ore: Float64Array;
  /** Lines without an amount of their own. */
  without: Float64Array;
}

/** Input lines of each practice: lines, patients, kroner billed, lines without an amount. */
function practiceLines(checked: Checked): PracticeLines {
  const { store, files } = checked;
  const n = store.practices.length;
  const lines = new Float64Array(n);
  const patients = new Float64Array(n);
  const ore = new Float64Array(n);
  const without = new Float64Array(n);
  const lastPatient = new Float64Array(n).fill(-1);
  // Whole øre per amount id (id 0 is no amount).
  const amountOre = store.amounts.map((a, k) => (k === 0 ? Number.NaN : decimalOre(a)));
  const { practice, patient, amount, file } = store;
  const inputFiles = files.length;
  for (let i = 0; i < store.length; i++) {
    // History lines (from the ledger) are context, not the practice's input.
    if (file[i]! >= inputFiles) continue;
    const p = practice[i]!;
    lines[p]!++;
    // The lines are grouped by patient: a patient is new to a practice when it differs from the last one counted there.
    if (lastPatient[p] !== patient[i]) {
      lastPatient[p] = patient[i]!;
      patients[p]!++;
    }
    const a = amountOre[amount[i]!]!;
    if (Number.isNaN(a)) without[p]!++;
    else ore[p]! += a;
  }
  return { lines, patients, ore, without };
}

function practiceRows(checked: Checked, list: FindingList, { lines, patients, ore, without }: PracticeLines): PracticeRow[] {
  const { store } = checked;
  const rows = new Map<string, PracticeRow>();
  store.practices.forEach((practice, p) => {
    if (!lines[p]) return;
    const info = checked.practices?.get(practice);
    rows.set(practice, {
      practice,
      lines: lines[p]!,
      patients: patients[p]!,
      amountBilled: oreText(ore[p]!),
      linesWithoutAmount: without[p]!,
      findings: 0,
      bySeverity: { error: 0, warning: 0, info: 0 },
      // Topics are rule-file text: a topic named "toString" must not find Object.prototype's member.
      byTopic: Object.create(null) as PracticeRow['byTopic'],
      amountAtRisk: '0.00',
      amountEstimated: '0.00',
      amountOpportunity: '0.00',
      ...(info ? { kapaciteter: info.capacities.toNumber(), ...(info.listed === null ? {} : { tilmeldte: info.listed }) } : {}),
    });
  });
  // Findings by practice, severity and topic.
  const topics = new Map<PracticeRow, Map<string, number>>();
  for (let k = 0; k < list.length; k++) {
    if (list.suppressed(k)) continue;
    const { practice, severity, topic } = findingAt(list, k);
    const row = practice === null ? undefined : rows.get(practice);
    if (!row) continue;
    row.findings++;
    row.bySeverity[severity]++;
    let t = topics.get(row);
    if (!t) topics.set(row, (t = new Map()));
    t.set(topic, (t.get(topic) ?? 0) + 1);
  }
  // Kroner per practice, each line once.
  if (list instanceof TableList && list.pricing) {
    // Every entry unless some are listed only as suppressed (no copy of a million entries then).
    const entries = list.marks.size ? Array.from(list.order).filter((e) => !list.marks.has(e)) : list.order;
    for (const [id, money] of list.pricing.totals(entries, true).practices) {
      const row = rows.get(store.practices[id]!);
      if (!row) continue;
      row.amountAtRisk = money.atRisk;
      row.amountEstimated = money.estimated;
      row.amountOpportunity = money.opportunity;
      for (const [topic, amount] of money.byTopic) (row.byTopic[topic] ??= { findings: 0, amountAtRisk: null }).amountAtRisk = amount;
    }
  }
  // A topic none of whose findings has known kroner at stake has none (null), not 0 kr.
  for (const [row, t] of topics) for (const [topic, n] of t) (row.byTopic[topic] ??= { findings: 0, amountAtRisk: null }).findings = n;
  for (const row of rows.values()) row.byTopic = Object.fromEntries(Object.entries(row.byTopic).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return [...rows.values()].sort((a, b) => byYdernummer(a.practice, b.practice));
}

/** Ydernumre in number order (shorter first), then as text: "9" before "10", "012" after "12". */
function byYdernummer(a: string, b: string): number {
  return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Practice, severity and topic of finding k, without making it when the list is a check's table. */
function findingAt(list: FindingList, k: number): { practice: string | null; severity: Severity; topic: string } {
  if (list instanceof TableList) {
    const e = list.order[k]!;
    const { table, store } = list;
    if (e < table.length) {
      const rule = table.rules[table.rule[e]!]!;
      const from = table.start[e]!;
      const practice = from < table.start[e + 1]! ? store.practices[store.practice[table.lines[from]!]!]! : (table.parts.get(e)?.practice ?? null);
      return { practice, severity: rule.severity, topic: rule.topic };
    }
  }
  const f = list.at(k);
  return { practice: f.practice, severity: f.severity, topic: f.topic };
}

/** The codes the audit watches: those of the practice-level rules, and the ruleset's list. */
export function watchedCodes(ruleset: Ruleset): string[] {
  const codes = new Set(ruleset.watch.codes);
  for (const r of ruleset.rules) {
    const p = r.rawParams as { code?: unknown; codes?: unknown };
    if (r.kind === 'practice-ratio' && typeof p.code === 'string') codes.add(p.code);
    if (r.kind === 'practice-count' && Array.isArray(p.codes)) for (const c of p.codes) if (typeof c === 'string' && /^\d{4}$/.test(c)) codes.add(c);
  }
  return [...codes].sort();
}

/**
 * Kontrolstatistik: per watched code, every practice's units per patient against the regional
 * average. The denominator and the zero-rated lines follow the practice-level rules: listed
 * patients when the register gives them for every practice, else patients seen; lines of a code
 * at 0 kr. left out when its practice-ratio rule leaves them out.
 */
function statistics(checked: Checked, ruleset: Ruleset, { lines, patients }: PracticeLines): CodeStatistics[] {
  const { store, files } = checked;
  const watched = watchedCodes(ruleset);
  const n = store.practices.length;
  const present = Array.from({ length: n }, (_, p) => p).filter((p) => lines[p]! > 0);
  const listed = (p: number): number | null => checked.practices?.get(store.practices[p]!)?.listed ?? null;
  const useListed = checked.practices !== null && present.length > 0 && present.every((p) => listed(p) !== null);
  const denominator = (p: number): number => (useListed ? listed(p)! : patients[p]!);
  const factor = new Decimal(ruleset.watch.outlierFactor);
  const zeroId = store.amounts.indexOf('0.00');
  const skipsZero = new Set(ruleset.rules.filter((r) => r.kind === 'practice-ratio' && (r.rawParams as { skipZeroAmount?: unknown }).skipZeroAmount === true).map((r) => (r.rawParams as { code: string }).code));
  // Units per code and practice, in one pass over the lines.
  const index = new Map(watched.map((c, k) => [Number(c), k]));
  const units = watched.map(() => new Float64Array(n));
  const skip = watched.map((c) => skipsZero.has(c));
  const { code, practice, antal, amount, file } = store;
  for (let i = 0; i < store.length; i++) {
    const k = index.get(code[i]!);
    if (k === undefined || file[i]! >= files.length) continue;
    if (skip[k] && amount[i] === zeroId) continue;
    units[k]![practice[i]!]! += antal[i]!;
  }
  const totalDenominator = present.reduce((sum, p) => sum + denominator(p), 0);
  return watched.map((c, k) => {
    const u = units[k]!;
    const totalUnits = present.reduce((sum, p) => sum + u[p]!, 0);
    const given = checked.regionalAverages.get(c);
    const average = given ?? (totalDenominator ? new Decimal(totalUnits).div(totalDenominator) : new Decimal(0));
    const rates = present.map((p) => ({ p, rate: denominator(p) ? new Decimal(u[p]!).div(denominator(p)) : new Decimal(0) }));
    // Rank 1 is the highest figure; equal figures share a rank, which is 1 + how many are higher.
    const rankOf = new Map<number, number>();
    const sorted = [...rates].sort((a, b) => b.rate.cmp(a.rate));
    sorted.forEach((x, j) => rankOf.set(x.p, j > 0 && x.rate.eq(sorted[j - 1]!.rate) ? rankOf.get(sorted[j - 1]!.p)! : j + 1));
    const practices: CodePractice[] = rates.map(({ p, rate }) => {
      const rank = rankOf.get(p)!;
      const atOrBelow = rates.length - (rank - 1);
      const ratio = average.isZero() ? null : rate.div(average);
      return {
        practice: store.practices[p]!,
        units: u[p]!,
        patients: denominator(p),
        perPatient: rate.toDecimalPlaces(4).toString(),
        ratio: ratio === null ? null : ratio.toDecimalPlaces(2).toFixed(2),
        rank,
        percentile: Math.round((100 * atOrBelow) / rates.length),
        outlier: ratio !== null && u[p]! > 0 && ratio.gte(factor),
      };
    });
    practices.sort((a, b) => byYdernummer(a.practice, b.practice));
    const entry = ruleset.catalog.get(Number(c));
    return {
      code: c,
      name: entry ? currentName(entry) : null,
      regionalAverage: average.toDecimalPlaces(4).toString(),
      averageFrom: given ? 'option' : 'input',
      denominator: useListed ? 'listed-patients' : 'patients-seen',
      outlierFactor: factor.toString(),
      practices,
    };
  });
}
