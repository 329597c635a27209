// The rule book for people: the rules by topic, one rule's doc page and params, catalogue entries.
import { Chalk } from 'chalk';
import { Decimal } from 'decimal.js';
import { formatCount, formatKroner } from '../model/format.js';
import type { CodeEntry, RuleDetail, RuleEntry } from '../browse/index.js';
import type { Lang } from '../report/finding.js';
import type { FormatContext } from './types.js';

const WORDS = {
  da: {
    ruleset: 'regelsæt',
    // A count's noun, singular and plural.
    rules: ['regel', 'regler'],
    codes: ['kode', 'koder'],
    id: 'id',
    kind: 'type',
    severity: 'alvor',
    valid: 'gælder',
    source: 'kilde',
    open: 'åben',
    params: 'Parametre',
    reportedBy: 'er et fund fra reglen',
    noDoc: 'ingen dokumentside',
    topic: 'Emne',
    class: 'klasse',
    groups: 'grupper',
    knownUntil: 'kendt til',
    tariffs: 'takster',
    noTariffs: 'ingen takst i kilderne',
    note: 'bemærk',
  },
  en: {
    ruleset: 'ruleset',
    rules: ['rule', 'rules'],
    codes: ['code', 'codes'],
    id: 'id',
    kind: 'kind',
    severity: 'severity',
    valid: 'valid',
    source: 'source',
    open: 'open',
    params: 'Parameters',
    reportedBy: 'is a finding of rule',
    noDoc: 'no doc page',
    topic: 'Topic',
    class: 'class',
    groups: 'groups',
    knownUntil: 'known until',
    tariffs: 'tariffs',
    noTariffs: 'no tariff in the sources',
    note: 'note',
  },
} as const;

function period(from: string | null, to: string | null, lang: Lang): string {
  return `${from ?? '…'} – ${to ?? WORDS[lang].open}`;
}

function header(ctx: FormatContext, ruleset: { version: string; hash: string }, count: string): string {
  return `${ctx.tool.name} ${ctx.tool.version} · ${WORDS[ctx.lang].ruleset} ${ruleset.version} (${ruleset.hash.slice(0, 12)}) · ${count}`;
}

/** Every rule as a table grouped by topic, with its source under it. */
export function rulesText(rules: readonly RuleEntry[], ruleset: { version: string; hash: string }, ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.colorLevel });
  const w = WORDS[ctx.lang];
  const rows = rules.map((r) => [r.id, r.kind, r.severity, period(r.validFrom, r.validTo, ctx.lang)] as const);
  const widths = [w.id, w.kind, w.severity].map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const row = (cells: readonly string[]): string => `  ${cells.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i]!) : cell)).join('  ')}`;
  const lines = [c.dim(header(ctx, ruleset, formatCount(rules.length, w.rules[0], w.rules[1], ctx.lang))), '', c.dim(row([w.id, w.kind, w.severity, w.valid]))];
  let topic: string | null = null;
  for (const [n, r] of rules.entries()) {
    if (r.topic !== topic) lines.push('', c.bold.underline((topic = r.topic)));
    lines.push(row(rows[n]!), c.dim(`      ${w.source}: ${r.source}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One rule: its doc page as written, then its params as written in the rule file, its kind and
 * what the kind does. `asked` is the id the user gave, when it was a finding id of this rule.
 */
export function ruleText(rule: RuleDetail, ctx: FormatContext, asked: string = rule.id): string {
  const c = new Chalk({ level: ctx.colorLevel });
  const w = WORDS[ctx.lang];
  const note = asked === rule.id ? '' : `${c.dim(`${asked} ${w.reportedBy} ${rule.id}`)}\n\n`;
  const page =
    rule.docText ??
    [
      `# ${rule.id}`,
      '',
      ...(rule.description ? [rule.description, ''] : []),
      `${w.topic}: ${rule.topic} · ${w.kind}: ${rule.kind} · ${w.severity}: ${rule.severity} · ${w.valid}: ${period(rule.validFrom, rule.validTo, ctx.lang)}`,
      `${w.source}: ${rule.source}`,
      c.dim(`(${w.noDoc})`),
    ].join('\n');
  const params = ['', c.bold(`${w.params} (${rule.file})`), `${w.kind}: ${rule.kind} – ${rule.kindDescription}`, JSON.stringify(rule.params, null, 2)];
  return `${note}${page.endsWith('\n') ? page : `${page}\n`}${params.join('\n')}\n`;
}

/** Catalogue entries, each with its validity and tariffs by period. */
export function codesText(codes: readonly CodeEntry[], ruleset: { version: string; hash: string }, ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.colorLevel });
  const w = WORDS[ctx.lang];
  const lines = [c.dim(header(ctx, ruleset, formatCount(codes.length, w.codes[0], w.codes[1], ctx.lang)))];
  for (const e of codes) {
    const facts = [`${w.class}: ${e.class}`, `${w.valid}: ${period(e.validFrom, e.validTo, ctx.lang)}`];
    if (e.groups.length) facts.push(`${w.groups}: ${e.groups.join(', ')}`);
    if (e.knownUntil !== undefined) facts.push(`${w.knownUntil}: ${e.knownUntil}`);
    lines.push('', c.bold(`${e.code}  ${e.name}`), `      ${facts.join(' · ')}`);
    if (!e.tariffs.length) lines.push(`      ${w.tariffs}: ${c.dim(w.noTariffs)}`);
    else {
      lines.push(`      ${w.tariffs}:`);
      const rows = e.tariffs.map((t) => [formatKroner(new Decimal(t.amount), ctx.lang), period(t.from, t.to, ctx.lang), t.level, t.source]);
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) lines.push(`        ${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${c.dim(r[3]!)}`);
    }
    lines.push(c.dim(`      ${w.source}: ${e.source}`));
    if (e.note) lines.push(c.dim(`      ${w.note}: ${e.note}`));
  }
  return `${lines.join('\n')}\n`;
}
