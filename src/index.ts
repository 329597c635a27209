// The library API: load a ruleset, check sources, format the result. The CLI is a thin layer over this.
// First, so that on a Node.js older than gpclaims supports the import fails with that reason.
import './node-version.js';
import { type CheckOptions, runCheck } from './engine/check.js';
import { type CheckResult, checkResult } from './report/result.js';
import type { Source } from './input/records.js';
import { loadRuleset } from './ruleset/load.js';
import { auditOf } from './audit/audit.js';
import type { AuditReport } from './audit/types.js';
import { applyExceptions, type Exceptions } from './report/exceptions.js';
import { limitFindings } from './report/limit.js';

export { loadRuleset, RulesetError, bundledRulesDir, type Ruleset } from './ruleset/load.js';
export { InputError } from './input/errors.js';
export { findRule, listCodes, listRules, reportRules, LookupError, type ReportRule, type CodeEntry, type RuleDetail, type RuleEntry, type TariffEntry } from './browse/index.js';
export { formatters, type Formatter, type FormatContext, type FormatName } from './formatters/index.js';
export { applyExceptions };
export { makeBaseline, fingerprint, type Baseline, type BaselineEntry, type Exceptions, type Suppression } from './report/exceptions.js';
export { limitFindings };
export type { AuditReport, CodePractice, CodeStatistics, PracticeRow } from './audit/types.js';
export { watchedCodes } from './audit/audit.js';
export type { MoneyTotals, AmountBasis } from './report/money.js';
export { readBaseline, readSuppressions } from './input/exceptions.js';
export type { CheckOptions } from './engine/check.js';
export type { HistoryOption, HistoryUsed } from './engine/history-lines.js';
export type { WithoutHistory } from './engine/look-back.js';
export { addToHistory, type AddToHistoryOptions, type AddedToHistory } from './engine/history.js';
export { openLedger, SqliteLedger, MIGRATIONS, DEFAULT_WAIT_MS, type Migration, type OpenLedger, type OpenOptions } from './ledger/sqlite.js';
export { LedgerError } from './ledger/errors.js';
export { keyFileOf } from './ledger/key.js';
export { labelProblem, type InvoiceInfo, type InvoiceSummary, type Ledger, type PatientLines } from './ledger/ledger.js';
export type { CheckResult, FindingList } from './report/result.js';
export type { Finding, Location, Lang } from './report/finding.js';
export type { Summary } from './report/summary.js';
export type { Source } from './input/records.js';
export type { Severity } from './ruleset/types.js';

/**
 * Checks invoice CSV sources (paths, "-" for standard input, or named byte streams) against a
 * ruleset (the bundled one when none is given) and returns every finding and the summary.
 */
export async function check(sources: readonly Source[], options: Partial<CheckOptions> = {}): Promise<CheckResult> {
  return checkResult(await runCheck(sources, { ...options, ruleset: options.ruleset ?? loadRuleset() }));
}

export interface AuditOptions extends Partial<CheckOptions> {
  /** A baseline and suppressions to apply, as for a check (lang comes from the options). */
  exceptions?: Omit<Exceptions, 'lang'>;
  /** List at most this many findings about lines (findings about no line are always listed). */
  maxFindings?: number;
  /** The options as the command line gave them, for the report to state. */
  options?: readonly string[];
}

/**
 * The controller's audit: the check of the sources, plus a row for every practice (lines,
 * patients, kroner billed, findings, kroner at risk) and the kontrolstatistik of the watched codes.
 */
export async function audit(sources: readonly Source[], options: AuditOptions = {}): Promise<AuditReport> {
  const ruleset = options.ruleset ?? loadRuleset();
  const checked = await runCheck(sources, { ...options, ruleset });
  const result = checkResult(checked);
  const full = options.exceptions ? applyExceptions(result, { ...options.exceptions, lang: checked.lang }) : result;
  const listed = options.maxFindings === undefined ? full : limitFindings(full, options.maxFindings);
  return auditOf(checked, ruleset, full, listed, options.options ?? []);
}
