// The parts of a finding that the kinds hand to the report: where, for whom, which rule, in which language.
import type { CompiledRule } from './rule.js';

export interface Location {
  file: string;
  line: number;
}

export type Lang = 'da' | 'en';

/** The rule-like facts a finding needs; built-in findings supply these without a rule file. */
export type FindingRule = Pick<CompiledRule, 'id' | 'severity' | 'topic' | 'message' | 'fix' | 'source'> & { amount?: CompiledRule['amount'] };

export interface FindingParts {
  practice: string | null;
  /** Full CPR; masked here, never stored in the finding. */
  cpr: string | null;
  date: number | null;
  codes: readonly number[];
  locations: Location[];
  details?: Record<string, unknown> | null;
  /**
   * A practice-level finding's units above its threshold, exact (decimal string): its details
   * show the threshold rounded, which would misstate the estimate of kroner at stake.
   */
  unitsOver?: string;
}

export function formatCode(code: number): string {
  return String(code).padStart(4, '0');
}
