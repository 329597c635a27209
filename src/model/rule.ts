// The compiled form of a rule, as the engine and the kinds use it (built by the ruleset loader).
import type { z } from 'zod';
import type { text } from './schema.js';

export type Severity = 'error' | 'warning' | 'info';
export type Text = z.infer<typeof text>;

export interface Fix {
  da: string;
  en: string;
  replace?: string;
  with?: string;
}

/** How a finding's kroner at stake are computed (a rule file's `amount`, compiled). */
export interface AmountRule {
  of: 'lines' | 'lines-but-highest' | 'units-over-max' | 'line-minus-tariff' | 'tariff-minus-line' | 'practice-excess';
  /** The other code of line-minus-tariff and tariff-minus-line, or null for the line's own. */
  code: number | null;
  /** Only lines of these codes are at stake; null for every line of the finding. */
  codes: CodeBitmap | null;
  /** Money possibly missed, kept apart from money at risk. */
  opportunity: boolean;
}

export interface CompiledRule<P = unknown> {
  id: string;
  kind: string;
  severity: Severity;
  topic: string;
  /** Day numbers, inclusive. */
  validFrom: number;
  validTo: number;
  message: Text;
  fix: Fix | null;
  source: string;
  /** How its findings' kroner at stake are computed, or null when the rule puts none at stake. */
  amount: AmountRule | null;
  /** The `amount` as written in the rule file, or null. */
  rawAmount?: { of: string; code?: string; codes?: string[]; opportunity?: boolean } | null;
  /** Why the rule exists (the rule file's `description`), or null. */
  description: string | null;
  params: P;
  /** The params exactly as written in the rule file, before compiling. */
  rawParams: unknown;
  /** The rule file it came from, relative to the rules folder. */
  file: string;
}

/** Membership bitmap over the 10,000 possible 4-digit codes. */
export type CodeBitmap = Uint8Array;
