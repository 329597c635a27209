// The rule book index as Markdown (rules/README.md): the kinds and every bundled rule, by topic.
import { z } from 'zod';
import { KINDS } from '../kinds/index.js';
import type { Ruleset } from '../ruleset/load.js';
import { listRules } from './index.js';

function paramNames(schema: z.ZodType): string {
  // Every kind's params is a zod object (possibly refined); its shape gives the names.
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  return Object.keys(shape)
    .map((k) => `\`${k}\``)
    .join(', ');
}

export function ruleIndexMarkdown(ruleset: Ruleset): string {
  const out: string[] = [
    '# The rule book',
    '',
    'Generated from the rule files by `npm run rule-index`; a test fails when it drifts.',
    '`gpclaims rules` prints the same list, and `gpclaims rules <id>` one rule with its doc page.',
    '',
    '## Kinds',
    '',
    'A rule file configures one of these kinds. A new rule of an existing kind needs no code.',
    '',
    '| kind | what it checks | parameters |',
    '|---|---|---|',
  ];
  for (const k of KINDS) out.push(`| \`${k.kind}\` | ${k.description} | ${paramNames(k.params)} |`);
  const rules = listRules(ruleset);
  out.push('', `## Rules (${rules.length})`, '');
  let topic = '';
  for (const r of rules) {
    if (r.topic !== topic) {
      topic = r.topic;
      out.push('', `### ${topic}`, '', '| id | kind | severity | valid | file |', '|---|---|---|---|---|');
    }
    const id = r.doc ? `[\`${r.id}\`](docs/${r.id}.md)` : `\`${r.id}\``;
    out.push(`| ${id} | ${r.kind} | ${r.severity} | ${r.validFrom} – ${r.validTo ?? 'open'} | \`${r.file}\` |`);
  }
  return `${out.join('\n')}\n`;
}
