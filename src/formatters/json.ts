// The machine contract: one JSON document with tool, ruleset, summary and findings.
// Each finding is written compactly on its own line: the same document, a third of the bytes of
// an indented one, and a large report can still be read line by line.
import { type CheckResult, listOf } from '../report/result.js';
import type { ChunkOptions, FormatContext, Formatter } from './types.js';

const BATCH = 2000;

/** The report in pieces (text, or UTF-8 bytes), so a large one is written as it is made instead of held whole. */
export function* jsonChunks(result: CheckResult, ctx: FormatContext, options: ChunkOptions = {}, after: Record<string, unknown> = {}): Generator<string | Uint8Array> {
  const head = JSON.stringify({ tool: ctx.tool, ruleset: result.ruleset, summary: result.summary }, null, 2);
  // Members after the findings (the audit's practices and statistics), indented as the head.
  const tail = Object.keys(after).length ? `,\n${JSON.stringify(after, null, 2).slice(2, -2)}` : '';
  const findings = listOf(result);
  if (!findings.length) {
    yield `${head.slice(0, -2)},\n  "findings": []${tail}\n}\n`;
    return;
  }
  yield `${head.slice(0, -2)},\n  "findings": [\n    `;
  // Made and written a batch at a time: the report is never whole in memory.
  for (let from = 0; from < findings.length; from += BATCH) {
    if (from) yield ',\n    ';
    yield findings.jsonBatch(from, Math.min(from + BATCH, findings.length), ',\n    ', options.reuse);
  }
  yield `\n  ]${tail}\n}\n`;
}

const decoder = new TextDecoder();

export const json: Formatter = Object.assign((result: CheckResult, ctx: FormatContext) => [...jsonChunks(result, ctx)].map((c) => (typeof c === 'string' ? c : decoder.decode(c))).join(''), {
  chunks: jsonChunks,
});
