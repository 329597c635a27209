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

/** The words of a rule's `amount`, explained. */
const AMOUNT_WORDS: readonly [string, string][] = [
  ['lines', "each flagged line's kroner"],
  ['lines-but-highest', 'every flagged line but the one with the most kroner: of a set where one may stand, the others are at risk'],
  ['units-over-max', 'the units past the limit, counted from the last line back (a line with more units than are past it: its share)'],
  ['line-minus-tariff CODE', "each line's kroner less CODE's tariff × antal on its date (the line's own code when none is named), never below 0; unknown when that tariff is"],
  ['tariff-minus-line CODE', "CODE's tariff × antal on the line's date less the line's kroner, never below 0; with `opportunity`, money possibly missed, kept apart from money at risk"],
  ['practice-excess', "a practice-level estimate: the units above the threshold (units − threshold × patients) at the practice's own kroner per unit of the code (else its tariff on the input's last day)"],
  ['(CODES)', "only the finding's lines of these codes are at stake"],
];

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
  out.push(
    '',
    '## Kroner at stake',
    '',
    "A rule's `amount` says how its findings' kroner at stake are computed, in words every kind shares. A line's kroner are its own `beloeb`, or its code's tariff × antal on its date when it has none. Totals count each line once (its largest stake). Without an `amount` a finding's amount is null.",
    '',
    '| amount | kroner at stake |',
    '|---|---|',
    ...AMOUNT_WORDS.map(([word, text]) => `| \`${word}\` | ${text} |`),
  );
  const rules = listRules(ruleset);
  out.push('', `## Rules (${rules.length})`, '');
  let topic = '';
  for (const r of rules) {
    if (r.topic !== topic) {
      topic = r.topic;
      out.push('', `### ${topic}`, '', '| id | kind | severity | kroner at stake | valid | file |', '|---|---|---|---|---|---|');
    }
    const id = r.doc ? `[\`${r.id}\`](docs/${r.id}.md)` : `\`${r.id}\``;
    out.push(`| ${id} | ${r.kind} | ${r.severity} | ${r.amount ?? '–'} | ${r.validFrom} – ${r.validTo ?? 'open'} | \`${r.file}\` |`);
  }
  return `${out.join('\n')}\n`;
}
