// A formatter is a pure function from a check result to the text of a report.
import type { CheckResult } from '../report/result.js';
import type { Lang } from '../report/finding.js';
import type { Severity } from '../ruleset/types.js';

export interface FormatContext {
  tool: { name: string; version: string };
  lang: Lang;
  /** chalk colour level: 0 for none. */
  colorLevel: 0 | 1 | 2 | 3;
  /**
   * Every rule id a finding can carry, as reports that list the rules (junit, sarif) describe
   * them: the one-line description, the doc page (markdown) and the source, where known.
   */
  rules?: readonly { id: string; topic: string; severity: Severity; description?: string; help?: string | null; source?: string }[];
}

export interface ChunkOptions {
  /**
   * The reader writes each piece out before it asks for the next, so a piece of bytes may be a
   * view of memory the next one is written into (no new memory per piece).
   */
  reuse?: boolean;
}

export interface Formatter {
  (result: CheckResult, ctx: FormatContext): string;
  /** Whether it lists every rule, so the caller should give FormatContext.rules (read from the doc pages). */
  listsRules?: boolean;
  /** The same text in pieces, for a formatter whose reports can be large. */
  chunks?(result: CheckResult, ctx: FormatContext, options?: ChunkOptions): Iterable<string | Uint8Array>;
}
