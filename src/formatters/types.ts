// A formatter is a pure function from a check result to the text of a report.
import type { CheckResult } from '../engine/check.js';
import type { Lang } from '../report/finding.js';

export interface FormatContext {
  tool: { name: string; version: string };
  lang: Lang;
  /** chalk colour level: 0 for none. */
  colorLevel: 0 | 1 | 2 | 3;
}

export interface Formatter {
  (result: CheckResult, ctx: FormatContext): string;
  /** The same text in pieces, for a formatter whose reports can be large. */
  chunks?(result: CheckResult, ctx: FormatContext): Iterable<string>;
}
