// The machine contract: one JSON document with tool, ruleset, summary and findings.
// Each finding is written compactly on its own line: the same document, a third of the bytes of
// an indented one, and a large report can still be read line by line.
import type { Formatter } from './types.js';

export const json: Formatter = (result, ctx) => {
  const head = JSON.stringify({ tool: ctx.tool, ruleset: result.ruleset, summary: result.summary }, null, 2);
  const findings = result.findings.map((f) => JSON.stringify(f));
  const list = findings.length ? `[\n    ${findings.join(',\n    ')}\n  ]` : '[]';
  return `${head.slice(0, -2)},\n  "findings": ${list}\n}\n`;
};
