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
    amount: 'Kroner på spil (amount)',
    noAmount: 'ingen (beløbet er ukendt)',
    open: 'åben',
    params: 'Parametre',
    reportedBy: 'er et fund fra reglen',
    noDoc: 'ingen dokumentside',
    topic: 'Emne',
    class: 'klasse',
    groups: 'grupper',
    knownUntil: 'kendt til',
    names: 'navne',
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
    amount: 'Kroner at stake (amount)',
    noAmount: 'none (the amount is unknown)',
    open: 'open',
    params: 'Parameters',
    reportedBy: 'is a finding of rule',
    noDoc: 'no doc page',
    topic: 'Topic',
    class: 'class',
    groups: 'groups',
    knownUntil: 'known until',
    names: 'names',
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
  const params = ['', c.bold(`${w.params} (${rule.file})`), `${w.kind}: ${rule.kind} – ${rule.kindDescription}`, JSON.stringify(rule.params, null, 2), `${w.amount}: ${rule.amount ?? w.noAmount}`];
  return `${note}${page.endsWith('\n') ? page : `${page}\n`}${params.join('\n')}\n`;
}

// Where the current fees are: gpclaims bundles no honorartabel for 2024-2026 (no public source in
// reach states its amounts), so a user checks amounts against the table PLO publishes.
const HONORARER = 'https://laeger.dk/foreninger/plo/overenskomsten-og-aftaler/honorarer';
const FASTHOLDT = 'https://laeger.dk/foreninger/plo/plorientering/plorientering-062025';
const TARIFF_NOTICE = {
  da: {
    until: (last: string) => `De viste takster gælder til og med ${last}; en linje med en senere dato kontrolleres ikke for beløb, men tælles som "uden kendt takst".`,
    none: 'De viste koder har ingen takst i kataloget; deres linjer kontrolleres ikke for beløb.',
    bundled: `Der følger ingen honorartabel for 2024-2026 med gpclaims. Kontrollér beløb mod den gældende med --tariffs FIL: PLO offentliggør fx "Gruppe 1-takster pr. 1. januar 2025" på ${HONORARER}, og honorarerne blev fastholdt uændret pr. 1. april 2025 (${FASTHOLDT}).`,
  },
  en: {
    until: (last: string) => `The tariffs shown end on ${last}; a line dated later is not amount-checked but counted as "without a known tariff".`,
    none: 'The codes shown have no tariff in the catalogue; their lines are not amount-checked.',
    bundled: `No honorartabel for 2024-2026 comes with gpclaims. Check amounts against the current one with --tariffs FILE: PLO publishes e.g. "Gruppe 1-takster pr. 1. januar 2025" at ${HONORARER}, and the fees were kept unchanged on 1 April 2025 (${FASTHOLDT}).`,
  },
} as const;

/** What the tariffs shown cover (unless one has no end), and where the current ones are. */
function tariffNotice(codes: readonly CodeEntry[], lang: Lang): string[] {
  const n = TARIFF_NOTICE[lang];
  const ends = codes.flatMap((e) => e.tariffs.map((t) => t.to));
  if (ends.includes(null)) return [n.bundled];
  // ISO dates sort as strings.
  const last = (ends as string[]).sort().at(-1);
  return [last === undefined ? n.none : n.until(last), n.bundled];
}

/** Catalogue entries, each with its names, validity and tariffs by period, after a word on what the tariffs cover. */
export function codesText(codes: readonly CodeEntry[], ruleset: { version: string; hash: string }, ctx: FormatContext): string {
  const c = new Chalk({ level: ctx.colorLevel });
  const w = WORDS[ctx.lang];
  const lines = [c.dim(header(ctx, ruleset, formatCount(codes.length, w.codes[0], w.codes[1], ctx.lang))), ''];
  lines.push(...tariffNotice(codes, ctx.lang));
  for (const e of codes) {
    const facts = [`${w.class}: ${e.class}`, `${w.valid}: ${period(e.validFrom, e.validTo, ctx.lang)}`];
    if (e.groups.length) facts.push(`${w.groups}: ${e.groups.join(', ')}`);
    if (e.knownUntil !== undefined) facts.push(`${w.knownUntil}: ${e.knownUntil}`);
    lines.push('', c.bold(`${e.code}  ${e.name}`));
    if (e.names.length > 1) lines.push(`      ${w.names}: ${e.names.map((n) => `${n.name} (${period(n.from, n.to, ctx.lang)})`).join(' · ')}`);
    lines.push(`      ${facts.join(' · ')}`);
    if (!e.tariffs.length) lines.push(`      ${w.tariffs}: ${c.dim(w.noTariffs)}`);
    else {
      lines.push(`      ${w.tariffs}:`);
      const rows = e.tariffs.map((t) => [formatKroner(new Decimal(t.amount), ctx.lang), period(t.from, t.to, ctx.lang), t.level[ctx.lang], t.source]);
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) lines.push(`        ${r[0]!.padStart(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padEnd(widths[2]!)}  ${c.dim(r[3]!)}`);
    }
    lines.push(c.dim(`      ${w.source}: ${e.source}`));
    if (e.note) lines.push(c.dim(`      ${w.note}: ${e.note[ctx.lang]}`));
  }
  return `${lines.join('\n')}\n`;
}
