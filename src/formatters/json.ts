// The machine contract: one JSON document with tool, ruleset, summary and findings.
// Each finding is written compactly on its own line: the same document, a third of the bytes of
// an indented one, and a large report can still be read line by line.
import type { CheckResult } from '../engine/check.js';
import type { FormatContext, Formatter } from './types.js';

const BATCH = 2000;

/** The report in pieces, so a large one is written as it is made instead of held whole. */
export function* jsonChunks(result: CheckResult, ctx: FormatContext): Generator<string> {
  const head = JSON.stringify({ tool: ctx.tool, ruleset: result.ruleset, summary: result.summary }, null, 2);
  const { findings } = result;
  if (!findings.length) {
    yield `${head.slice(0, -2)},\n  "findings": []\n}\n`;
    return;
  }
  yield `${head.slice(0, -2)},\n  "findings": [\n    `;
  for (let from = 0; from < findings.length; from += BATCH) {
    const batch = findings.slice(from, from + BATCH).map((f) => JSON.stringify(f));
    yield (from ? ',\n    ' : '') + batch.join(',\n    ');
  }
  yield '\n  ]\n}\n';
}

export const json: Formatter = Object.assign((result: CheckResult, ctx: FormatContext) => [...jsonChunks(result, ctx)].join(''), {
  chunks: jsonChunks,
});
