// The audit's text reports: JSON (the check's document plus practices and statistics) and pretty (the check's report, then the practices and outliers).
import { Decimal } from 'decimal.js';
import type { AuditReport } from '../audit/types.js';
import { formatCount, formatKroner, formatRatio } from '../model/format.js';
import { jsonChunks } from './json.js';
import { pretty } from './pretty.js';
import type { ChunkOptions, FormatContext } from './types.js';

/** The audit as one JSON document, in pieces: tool, ruleset, summary, findings, practices, statistics. */
export function auditJsonChunks(audit: AuditReport, ctx: FormatContext, options: ChunkOptions = {}): Generator<string | Uint8Array> {
  return jsonChunks(audit.result, ctx, options, { practices: audit.practices, statistics: audit.statistics });
}

const WORDS = {
  da: {
    practices: 'Praksis efter kroner i risiko',
    head: ['Ydernr.', 'Linjer', 'Patienter', 'Fund', 'Fejl', 'I risiko'],
    more: (n: string) => `… og ${n} (se --format html, xlsx eller json)`,
    none: 'Ingen praksis har kroner i risiko.',
    statistics: 'Kontrolstatistik: praksis ved eller over',
    average: 'regionalt gennemsnit',
    perPatient: 'pr. patient',
    noOutliers: 'ingen afvigere',
    practice1: ['praksis', 'praksis'] as const,
  },
  en: {
    practices: 'Practices by kroner at risk',
    head: ['Practice', 'Lines', 'Patients', 'Findings', 'Errors', 'At risk'],
    more: (n: string) => `… and ${n} more (see --format html, xlsx or json)`,
    none: 'No practice has kroner at risk.',
    statistics: 'Kontrolstatistik: practices at or above',
    average: 'regional average',
    perPatient: 'per patient',
    noOutliers: 'no outliers',
    practice1: ['practice', 'practices'] as const,
  },
} as const;

const SHOWN = 20;

/** The check's pretty report, then the practices with the most kroner at risk and each watched code's outliers. */
export function auditPretty(audit: AuditReport, ctx: FormatContext): string {
  const w = WORDS[ctx.lang];
  const out = [pretty(audit.result, ctx).trimEnd(), '', w.practices];
  const atRisk = (p: AuditReport['practices'][number]): Decimal => new Decimal(p.amountAtRisk ?? 0);
  const ranked = audit.practices.filter((p) => atRisk(p).gt(0)).sort((a, b) => atRisk(b).cmp(atRisk(a)) || (a.practice < b.practice ? -1 : 1));
  if (!ranked.length) out.push(`  ${w.none}`);
  else {
    const rows = ranked.slice(0, SHOWN).map((p) => [p.practice, String(p.lines), String(p.patients), String(p.findings), String(p.bySeverity.error), formatKroner(atRisk(p), ctx.lang)]);
    const widths = w.head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
    const line = (cells: readonly string[]): string => `  ${cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ')}`;
    out.push(line(w.head), ...rows.map(line));
    if (ranked.length > SHOWN) out.push(`  ${w.more(formatCount(ranked.length - SHOWN, w.practice1[0], w.practice1[1], ctx.lang))}`);
  }
  for (const s of audit.statistics) {
    const factor = formatRatio(new Decimal(s.outlierFactor), ctx.lang);
    const outliers = s.practices.filter((p) => p.outlier).sort((a, b) => a.rank - b.rank);
    const average = `${w.average} ${formatRatio(new Decimal(s.regionalAverage), ctx.lang)} ${w.perPatient}`;
    const named = outliers.length ? outliers.map((p) => `${p.practice} (${formatRatio(new Decimal(p.perPatient), ctx.lang)}, ${formatRatio(new Decimal(p.ratio!), ctx.lang)} ×)`).join(', ') : w.noOutliers;
    out.push('', `${w.statistics} ${factor} × · ${s.code}${s.name ? ` ${s.name}` : ''} · ${average}`, `  ${named}`);
  }
  return `${out.join('\n')}\n`;
}
