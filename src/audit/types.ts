// The controller's audit as reports read it: the check's result, plus a row per practice and the kontrolstatistik.
import type { CheckResult } from '../report/result.js';
import type { Severity } from '../model/rule.js';
import type { SeverityCounts } from '../report/summary.js';

/** One practice of the input: what it billed, what was found, and the kroner at stake. */
export interface PracticeRow {
  /** Ydernummer, as text (leading zeros kept). */
  practice: string;
  /** Input lines checked for the practice. */
  lines: number;
  /** Distinct patients seen. */
  patients: number;
  /** Kroner billed: the lines' own amounts (beloeb), as a decimal string. Lines without an amount add nothing. */
  amountBilled: string;
  /** Lines of the practice without an amount of their own. */
  linesWithoutAmount: number;
  findings: number;
  bySeverity: SeverityCounts;
  /**
   * Per topic: findings and kroner at risk (each line once within the topic); amountAtRisk is null
   * when the topic's findings put kroner at stake that are unknown (no amount, no tariff). Topics
   * without findings are absent.
   */
  byTopic: Record<string, { findings: number; amountAtRisk: string | null }>;
  /** Kroner at risk on the practice's lines, each line once, plus its practice-level estimates (decimal string); null when all of it is unknown. */
  amountAtRisk: string | null;
  /** Practice-level estimates (e.g. units above a ceiling × tariff), kept apart from the lines' kroner. */
  amountEstimated: string;
  /** Money possibly missed (opportunities), never part of amountAtRisk. */
  amountOpportunity: string;
  /** From the practice register (--practices), when it names the practice. */
  kapaciteter?: number;
  tilmeldte?: number;
}

/** One practice's use of a watched code against the region. */
export interface CodePractice {
  practice: string;
  units: number;
  /** The denominator's value for the practice: listed patients or patients seen. */
  patients: number;
  /** units / patients, decimal string (4 places). */
  perPatient: string;
  /** perPatient / regional average, decimal string (2 places); null when the average is 0. */
  ratio: string | null;
  /** 1 for the highest per-patient figure; ties share a rank. */
  rank: number;
  /** Share of practices with a lower or equal figure, 0-100, whole number. */
  percentile: number;
  /** ratio >= the outlier factor. */
  outlier: boolean;
}

/** Kontrolstatistik for one code. */
export interface CodeStatistics {
  code: string;
  /** The catalogue's name of the code, in Danish. */
  name: string | null;
  /** Units per patient over the region (the input's practices pooled, or --regional-average), decimal string. */
  regionalAverage: string;
  /** Where the average comes from: pooled from the input, or the --regional-average option. */
  averageFrom: 'input' | 'option';
  denominator: 'listed-patients' | 'patients-seen';
  /** The factor at or above which a practice is an outlier (1.25). */
  outlierFactor: string;
  /** Every practice of the input, by ydernummer. */
  practices: CodePractice[];
}

export interface AuditReport {
  /** The check: ruleset, summary (with kroner), findings. */
  result: CheckResult;
  /** Every practice of the input, by ydernummer. */
  practices: PracticeRow[];
  statistics: CodeStatistics[];
  /** The options the audit ran with, as the command line gave them (e.g. ["--practices", "reg.csv"]). */
  options: string[];
}

export type { Severity };
