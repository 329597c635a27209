// A formatter is a pure function from a check result to the text of a report.
import type { CheckResult } from '../engine/check.js';
import type { Lang } from '../report/finding.js';

export interface FormatContext {
  tool: { name: string; version: string };
  lang: Lang;
  /** chalk colour level: 0 for none. */
  colorLevel: 0 | 1 | 2 | 3;
}

export type Formatter = (result: CheckResult, ctx: FormatContext) => string;
