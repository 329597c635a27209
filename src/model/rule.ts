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
