// For people: findings grouped by settlement topic, worst first, with a summary at the end.
import { compareDanish } from '../model/collate.js';
import { escapeControls } from '../model/quote.js';
import { Chalk, type ChalkInstance } from 'chalk';
import { Decimal } from 'decimal.js';
import { formatCount, formatKroner, formatNumber } from '../model/format.js';
import type { Finding, Lang } from '../report/finding.js';
import { severityRank } from '../report/finding.js';
import { suppressionOf } from '../report/exceptions.js';
import type { Severity } from '../ruleset/types.js';
import type { Formatter } from './types.js';
import type { HistoryUsed } from '../engine/history-lines.js';
import type { Summary } from '../report/summary.js';

const WORDS = {
  da: {
    error: 'FEJL',
    warning: 'ADVARSEL',
    info: 'INFO',
    errors: 'fejl',
    warnings: 'advarsler',
    infos: 'info',
    // A count's noun, singular and plural.
    error1: ['fejl', 'fejl'],
    warning1: ['advarsel', 'advarsler'],
    info1: ['info', 'info'],
    line1: ['linje', 'linjer'],
    file1: ['fil', 'filer'],
    fix: 'Ret',
    practice: 'yder',
    ruleset: 'regelsæt',
    noFindings: 'Ingen fund.',
    summary: 'Opsummering',
    read: 'læst',
    checked: 'kontrolleret',
    rejected: 'afvist',
    topic: 'Emne',
    limits: 'Ikke fuldt kontrolleret',
    listed: (listed: string, all: string) => `Viser ${listed} af ${all} fund: de alvorligste om linjer og alle om en praksis (--max-findings)`,
    suppressedMark: 'Undertrykt',
    wholeInput: 'hele input',
    leftOut: (baselined: string, suppressed: string) => `udeladt: ${baselined} i baseline (--baseline), ${suppressed} undertrykt (--suppressions)`,
    asOf: 'regler og takster pr.',
    tariffs: 'takster fra',
    counts: { checked: 'kontrolleret', withoutTariff: 'uden kendt takst', withoutAmount: 'uden beløb', weekdayWithoutTime: 'hverdage uden tidspunkt', withoutGroup: 'uden sikringsgruppe' },
    noHistoryBefore: (date: string | null) => (date === null ? 'ingen historik (--history)' : `ingen historik før ${date}`),
    history: 'Historik',
    invoice1: ['faktura', 'fakturaer'],
    historyLines: (lines: string, from: string, to: string) => `${lines} fra ${from} til ${to}`,
    noHistoryLines: (ledger: string) => `ingen tidligere linjer for inputtets patienter i ${ledger}`,
    kroner: 'Kroner',
    atRisk: (amount: string, lines: string) => `Kroner i risiko: ${amount} (${lines}, hver linje talt én gang)`,
    estimated: (amount: string) => `heraf anslået på praksisniveau: ${amount}`,
    opportunity: (amount: string) => `Mulige merindtægter (ikke i risiko): ${amount}`,
    atRiskHead: 'i risiko',
    withoutAmount: 'kroner',
    withoutAmountText: (lines: string) => `${lines} uden beløb og uden takst på datoen (tæller ikke med)`,
    basis: { beloeb: 'linjernes beløb', tariff: 'takst × antal', estimate: 'anslået' },
    opportunityLine: 'Mulig merindtægt',
  },
  en: {
    error: 'ERROR',
    warning: 'WARNING',
    info: 'INFO',
    errors: 'errors',
    warnings: 'warnings',
    infos: 'info',
    error1: ['error', 'errors'],
    warning1: ['warning', 'warnings'],
    info1: ['info', 'info'],
    line1: ['line', 'lines'],
    file1: ['file', 'files'],
    fix: 'Fix',
    practice: 'practice',
    ruleset: 'ruleset',
    noFindings: 'No findings.',
    summary: 'Summary',
    read: 'read',
    checked: 'checked',
    rejected: 'rejected',
    topic: 'Topic',
    limits: 'Not fully checked',
    listed: (listed: string, all: string) => `Showing ${listed} of ${all} findings: the most severe about lines and all about a practice (--max-findings)`,
    suppressedMark: 'Suppressed',
    wholeInput: 'the whole input',
    leftOut: (baselined: string, suppressed: string) => `left out: ${baselined} in the baseline (--baseline), ${suppressed} suppressed (--suppressions)`,
    asOf: 'rules and tariffs as of',
    tariffs: 'tariffs from',
    counts: { checked: 'checked', withoutTariff: 'without a known tariff', withoutAmount: 'without an amount', weekdayWithoutTime: 'weekdays without a time', withoutGroup: 'without a sikringsgruppe' },
    noHistoryBefore: (date: string | null) => (date === null ? 'no history (--history)' : `no history before ${date}`),
    history: 'History',
    invoice1: ['invoice', 'invoices'],
    historyLines: (lines: string, from: string, to: string) => `${lines} from ${from} to ${to}`,
    noHistoryLines: (ledger: string) => `no earlier lines of the input's patients in ${ledger}`,
    kroner: 'Kroner',
    atRisk: (amount: string, lines: string) => `Kroner at risk: ${amount} (${lines}, each line counted once)`,
    estimated: (amount: string) => `of which estimated at practice level: ${amount}`,
    opportunity: (amount: string) => `Possible extra income (not at risk): ${amount}`,
    atRiskHead: 'at risk',
    withoutAmount: 'kroner',
    withoutAmountText: (lines: string) => `${lines} without an amount and without a tariff on the date (not counted)`,
    basis: { beloeb: "the lines' amounts", tariff: 'tariff × antal', estimate: 'estimated' },
    opportunityLine: 'Possible extra income',
  },
} as const;

function paint(c: ChalkInstance, s: Severity): (t: string) => string {
  return s === 'error' ? c.red.bold : s === 'warning' ? c.yellow.bold : c.cyan;
}

function findingBlock(f: Finding, c: ChalkInstance, lang: Lang): string[] {
  const w = WORDS[lang];
  // File names come from the command line or a glob, and can hold anything: shown escaped.
  const where = f.locations.length ? f.locations.map((l) => `${escapeControls(l.file)}:${l.line}`).join(', ') : '';
  const about = [where && c.bold(where), f.practice && `${w.practice} ${f.practice}`, f.patient, f.date, f.codes.join('+')].filter(Boolean);
  // A finding about no line, practice or patient (a rule not evaluated) is about the whole input.
  const head = [paint(c, f.severity)(w[f.severity].padEnd(8)), ...(about.length ? about : [w.wholeInput])].join('  ');
  const out = [`  ${head}`, `            ${f.message}`];
  // Listed with --show-suppressed: the exception's reason (and owner, expiry) under the message.
  const suppressed = suppressionOf(f);
  if (suppressed) out.push(c.cyan(`            ${w.suppressedMark}: ${[suppressed.reason, suppressed.owner, suppressed.expires].filter(Boolean).join(' · ')}`));
  if (f.fix) out.push(`            ${c.green(`${w.fix}: ${f.fix[lang]}`)}`);
  if (f.amount !== null && f.amountBasis) out.push(`            ${w.kroner}: ${formatKroner(new Decimal(f.amount), lang)} (${w.basis[f.amountBasis]})`);
  if (f.opportunity !== null) out.push(`            ${w.opportunityLine}: ${formatKroner(new Decimal(f.opportunity), lang)}`);
  out.push(c.dim(`            [${f.ruleId}]`));
  return out;
}

export const pretty: Formatter = (result, ctx) => {
  const c = new Chalk({ level: ctx.colorLevel });
  const w = WORDS[ctx.lang];
  const r = result.ruleset;
  const head = [`${ctx.tool.name} ${ctx.tool.version}`, `${w.ruleset} ${r.version} (${r.hash.slice(0, 12)})`];
  if (r.asOf) head.push(`${w.asOf} ${r.asOf}`);
  if (r.tariffs !== 'catalogue') head.push(`${w.tariffs} ${escapeControls(r.tariffs)}`);
  const lines: string[] = [c.dim(head.join(' · ')), ''];

  const byTopic = new Map<string, Finding[]>();
  for (const f of result.findings) {
    let list = byTopic.get(f.topic);
    if (!list) byTopic.set(f.topic, (list = []));
    list.push(f);
  }
  const worst = (list: Finding[]): number => Math.min(...list.map((f) => severityRank(f.severity)));
  const topics = [...byTopic.entries()].sort(([ta, a], [tb, b]) => worst(a) - worst(b) || compareDanish(ta, tb));
  for (const [topic, list] of topics) {
    const sorted = [...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    lines.push(c.bold.underline(`${topic} (${list.length})`));
    for (const f of sorted) lines.push(...findingBlock(f, c, ctx.lang));
    lines.push('');
  }
  if (!result.findings.length) lines.push(c.green(w.noFindings), '');

  const s = result.summary;
  // Counts are grouped the language's way (12.500 / 12,500), with their nouns in the right number.
  const n = (value: number): string => formatNumber(new Decimal(value), ctx.lang);
  const count = (value: number, [one, many]: readonly [string, string]): string => formatCount(value, one, many, ctx.lang);
  lines.push(c.bold(`${w.summary}: ${count(s.linesRead, w.line1)} ${w.read}, ${n(s.claimsChecked)} ${w.checked}, ${n(s.linesRejected)} ${w.rejected} (${count(s.files, w.file1)})`));
  if (s.history) lines.push(`  ${historySentence(s.history, ctx.lang)}`);
  if (s.listed < s.findings) lines.push(c.bold(`  ${w.listed(n(s.listed), n(s.findings))}`));
  if (s.baselined || s.suppressed) lines.push(c.dim(`  ${w.leftOut(n(s.baselined), n(s.suppressed))}`));
  lines.push(
    `  ${paint(c, 'error')(count(s.bySeverity.error, w.error1))}, ${paint(c, 'warning')(count(s.bySeverity.warning, w.warning1))}, ${paint(c, 'info')(count(s.bySeverity.info, w.info1))}`,
  );
  const money = s.amountAtRisk;
  const kr = (amount: string): string => formatKroner(new Decimal(amount), ctx.lang);
  if (money) {
    const atRisk = w.atRisk(kr(money.total), count(money.lines, w.line1));
    lines.push(c.bold(`  ${new Decimal(money.estimated).isZero() ? atRisk : `${atRisk}; ${w.estimated(kr(money.estimated))}`}`));
    if (!new Decimal(money.opportunity).isZero()) lines.push(`  ${w.opportunity(kr(money.opportunity))}`);
  }
  const names = Object.keys(s.byTopic);
  if (names.length) {
    const width = Math.max(w.topic.length, ...names.map((name) => name.length));
    // Own keys only: a topic may be named like an Object.prototype member ("toString").
    const topicRisk = names.map((name) => (money && Object.hasOwn(money.byTopic, name) ? kr(money.byTopic[name]!) : ''));
    const riskWidth = Math.max(w.atRiskHead.length, ...topicRisk.map((t) => t.length));
    lines.push(c.dim(`  ${w.topic.padEnd(width)}  ${w.errors.padStart(6)} ${w.warnings.padStart(9)} ${w.infos.padStart(5)}  ${w.atRiskHead.padStart(riskWidth)}`));
    names.forEach((name, k) => {
      const t = s.byTopic[name]!;
      lines.push(`  ${name.padEnd(width)}  ${n(t.error).padStart(6)} ${n(t.warning).padStart(9)} ${n(t.info).padStart(5)}  ${topicRisk[k]!.padStart(riskWidth)}`.trimEnd());
    });
  }
  const limits = limitsByRule(s, ctx.lang);
  // Lines at stake whose kroner are unknown: listed with the rules' limits, under their own name.
  if (money?.linesWithoutAmount) limits.set(w.withoutAmount, [w.withoutAmountText(count(money.linesWithoutAmount, w.line1))]);
  if (limits.size) {
    lines.push(c.dim(`  ${w.limits}:`));
    for (const [ruleId, parts] of limits) lines.push(c.dim(`    ${ruleId}: ${parts.join(', ')}`));
  }
  return `${lines.join('\n')}\n`;
};

/**
 * Lines a rule could not judge for lack of data (no tariff, no time, no sikringsgruppe), and rules
 * that look back before the first day the check had lines for: per rule id, the parts of the
 * sentence ("12 uden kendt takst", "ingen historik før 2026-01-02"). Other reports (the audit's
 * HTML) say it in the same words.
 */
export function limitsByRule(s: Pick<Summary, 'counts' | 'withoutHistory'>, lang: Lang): Map<string, string[]> {
  const w = WORDS[lang];
  const n = (value: number): string => formatNumber(new Decimal(value), lang);
  const limits = new Map<string, string[]>();
  for (const [ruleId, counts] of Object.entries(s.counts)) {
    if (!Object.entries(counts).some(([k, v]) => k !== 'checked' && v > 0)) continue;
    limits.set(ruleId, Object.entries(counts).map(([k, v]) => `${n(v)} ${(w.counts as Record<string, string>)[k] ?? k}`));
  }
  for (const { ruleId, before } of s.withoutHistory ?? []) {
    const parts = limits.get(ruleId) ?? [];
    parts.push(w.noHistoryBefore(before));
    limits.set(ruleId, parts);
  }
  return limits;
}

/**
 * The history used, in one sentence: "Historik: 10 fakturaer (2026-01 … 2026-10), 24.000 linjer
 * fra 2026-01-02 til 2026-10-31." The labels come from the ledger, so they are shown escaped.
 */
export function historySentence(h: HistoryUsed, lang: Lang): string {
  const w = WORDS[lang];
  const labels = h.invoices.map((l) => escapeControls(l));
  if (!h.lines || h.from === null || h.to === null) return `${w.history}: ${w.noHistoryLines(escapeControls(h.ledger))}.`;
  const named = labels.length <= 2 ? labels.join(', ') : `${labels[0]} … ${labels.at(-1)}`;
  const invoices = formatCount(labels.length, w.invoice1[0], w.invoice1[1], lang);
  const lineCount = formatCount(h.lines, w.line1[0], w.line1[1], lang);
  return `${w.history}: ${invoices} (${named}), ${w.historyLines(lineCount, h.from, h.to)}.`;
}
