// A formatter is a pure function from a check result to the text of a report.
import type { CheckResult } from '../engine/check.js';
import type { Lang } from '../report/finding.js';
import type { Severity } from '../ruleset/types.js';

export interface FormatContext {
  tool: { name: string; version: string };
  lang: Lang;
  /** chalk colour level: 0 for none. */
  colorLevel: 0 | 1 | 2 | 3;
  /** The rules that ran; a format that lists every rule (junit) uses it. */
  rules?: readonly { id: string; topic: string; severity: Severity }[];
}

export interface Formatter {
  (result: CheckResult, ctx: FormatContext): string;
  /** The same text in pieces, for a formatter whose reports can be large. */
  chunks?(result: CheckResult, ctx: FormatContext): Iterable<string>;
}
