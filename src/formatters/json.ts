// The machine contract: one JSON document with tool, ruleset, summary and findings.
import type { Formatter } from './types.js';

export const json: Formatter = (result, ctx) =>
  `${JSON.stringify({ tool: ctx.tool, ruleset: result.ruleset, summary: result.summary, findings: result.findings }, null, 2)}\n`;
