// For people: findings grouped by settlement topic, worst first, with a summary at the end.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, Lang } from '../report/finding.js';
import { severityRank } from '../report/finding.js';
import type { Severity } from '../ruleset/types.js';
import type { Formatter } from './types.js';

const WORDS = {
  da: {
    error: 'FEJL',
    warning: 'ADVARSEL',
    info: 'INFO',
    errors: 'fejl',
    warnings: 'advarsler',
    infos: 'info',
    fix: 'Ret',
    practice: 'yder',
    ruleset: 'regelsæt',
    noFindings: 'Ingen fund.',
    summary: 'Opsummering',
    read: 'linjer læst',
    checked: 'kontrolleret',
    rejected: 'afvist',
    topic: 'Emne',
    files: 'filer',
  },
  en: {
    error: 'ERROR',
    warning: 'WARNING',
    info: 'INFO',
    errors: 'errors',
    warnings: 'warnings',
    infos: 'info',
    fix: 'Fix',
    practice: 'practice',
    ruleset: 'ruleset',
    noFindings: 'No findings.',
    summary: 'Summary',
    read: 'lines read',
    checked: 'checked',
    rejected: 'rejected',
    topic: 'Topic',
    files: 'files',
  },
} as const;

function paint(c: ChalkInstance, s: Severity): (t: string) => string {
  return s === 'error' ? c.red.bold : s === 'warning' ? c.yellow.bold : c.cyan;
}

function detailsLine(f: Finding): string | null {
  if (!f.details || f.locations.length) return null;
  return Object.entries(f.details)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('  ');
}

function findingBlock(f: Finding, c: ChalkInstance, lang: Lang): string[] {
  const w = WORDS[lang];
  const where = f.locations.length ? f.locations.map((l) => `${l.file}:${l.line}`).join(', ') : '';
  const head = [
    paint(c, f.severity)(w[f.severity].padEnd(8)),
    where && c.bold(where),
    f.practice && `${w.practice} ${f.practice}`,
    f.patient,
    f.date,
    f.codes.join('+'),
  ]
    .filter(Boolean)
    .join('  ');
  const out = [`  ${head}`, `            ${f.message}`];
  const d = detailsLine(f);
  if (d) out.push(c.dim(`            ${d}`));
  if (f.fix) out.push(`            ${c.green(`${w.fix}: ${f.fix[lang]}`)}`);
  out.push(c.dim(`            [${f.ruleId}]`));
  return out;
}

export const pretty: Formatter = (result, ctx) => {
  const c = new Chalk({ level: ctx.colorLevel });
  const w = WORDS[ctx.lang];
  const lines: string[] = [c.dim(`${ctx.tool.name} ${ctx.tool.version} · ${w.ruleset} ${result.ruleset.version} (${result.ruleset.hash.slice(0, 12)})`), ''];

  const byTopic = new Map<string, Finding[]>();
  for (const f of result.findings) {
    let list = byTopic.get(f.topic);
    if (!list) byTopic.set(f.topic, (list = []));
    list.push(f);
  }
  const worst = (list: Finding[]): number => Math.min(...list.map((f) => severityRank(f.severity)));
  const topics = [...byTopic.entries()].sort(([ta, a], [tb, b]) => worst(a) - worst(b) || ta.localeCompare(tb, 'da'));
  for (const [topic, list] of topics) {
    const sorted = [...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    lines.push(c.bold.underline(`${topic} (${list.length})`));
    for (const f of sorted) lines.push(...findingBlock(f, c, ctx.lang));
    lines.push('');
  }
  if (!result.findings.length) lines.push(c.green(w.noFindings), '');

  const s = result.summary;
  lines.push(c.bold(`${w.summary}: ${s.linesRead} ${w.read}, ${s.claimsChecked} ${w.checked}, ${s.linesRejected} ${w.rejected} (${s.files} ${w.files})`));
  lines.push(
    `  ${paint(c, 'error')(`${s.bySeverity.error} ${w.errors}`)}, ${paint(c, 'warning')(`${s.bySeverity.warning} ${w.warnings}`)}, ${paint(c, 'info')(`${s.bySeverity.info} ${w.infos}`)}`,
  );
  const names = Object.keys(s.byTopic);
  if (names.length) {
    const width = Math.max(w.topic.length, ...names.map((n) => n.length));
    lines.push(c.dim(`  ${w.topic.padEnd(width)}  ${w.errors.padStart(6)} ${w.warnings.padStart(9)} ${w.infos.padStart(5)}`));
    for (const n of names) {
      const t = s.byTopic[n]!;
      lines.push(`  ${n.padEnd(width)}  ${String(t.error).padStart(6)} ${String(t.warning).padStart(9)} ${String(t.info).padStart(5)}`);
    }
  }
  return `${lines.join('\n')}\n`;
};
