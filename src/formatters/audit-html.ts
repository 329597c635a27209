// The controller's audit as one self-contained HTML file (styles, script and charts inline, no network), to mail and open offline.
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import type { AuditReport, CodeStatistics, PracticeRow } from '../audit/types.js';
import { compareDanish } from '../model/collate.js';
import { formatCount, formatKroner, formatNumber, formatPercent, formatRatio } from '../model/format.js';
import { quoteInput } from '../model/quote.js';
import { type Finding, type Lang, severityRank } from '../report/finding.js';
import { suppressionOf } from '../report/result.js';
import type { Summary } from '../report/summary.js';
import type { Severity } from '../ruleset/types.js';
import { historySentence, limitsByRule } from './pretty.js';
import type { FormatContext } from './types.js';

/** The kroner a finding carries (all on Finding now; kept as a name for the places that read them). */
type FindingMoney = Pick<Finding, 'amount' | 'amountBasis' | 'opportunity'>;

export interface AuditHtmlOptions {
  /** Findings embedded per practice, the worst first (the rest are in the JSON and Excel reports). */
  perPractice?: number;
  /** Findings embedded per topic. */
  perTopic?: number;
}

const PER_PRACTICE = 20;
const PER_TOPIC = 200;

const WORDS = {
  da: {
    title: 'Kontrolrapport',
    contents: 'Indhold',
    overview: 'Overblik',
    practices: 'Praksis',
    statistics: 'Kontrolstatistik',
    byTopic: 'Fund efter emne',
    limits: 'Ikke fuldt kontrolleret',
    checked: 'Hvad er kontrolleret',
    files: 'Filer',
    period: 'Periode',
    noPeriod: 'ingen godkendte linjer',
    lines: 'Linjer',
    linesText: (read: string, checked: string, rejected: string, blank: string) => `${read} læst, ${checked} kontrolleret, ${rejected} afvist, ${blank} tomme`,
    practicesPatients: 'Praksis og patienter',
    ruleset: 'Regelsæt',
    rulesetText: (version: string, hash: string) => `version ${version}, hash ${hash}`,
    asOf: 'regler og takster pr.',
    tariffs: 'takster fra',
    options: 'Valg',
    noOptions: 'ingen',
    tool: 'Lavet med',
    history: 'Historik',
    severity: { error: 'Fejl', warning: 'Advarsel', info: 'Info' },
    severities: { error: 'Fejl', warning: 'Advarsler', info: 'Info' },
    topic: 'Emne',
    byTopicCaption: 'Fund og kroner i risiko efter emne',
    findings: 'Fund',
    atRisk: 'Kroner i risiko',
    total: 'I alt',
    totalAtRisk: 'Kroner i risiko (hver linje én gang)',
    estimated: 'heraf anslået på praksisniveau (uden linjer)',
    onceNote: 'En linje, der er fundet under flere emner, tæller med under hvert af dem, men kun én gang i alt.',
    opportunity: 'Mulige merindtægter (ikke i risiko)',
    linesAtRisk: 'Linjer i risiko',
    findingsTotal: 'Fund i alt',
    listed: (listed: string, all: string) => `Fundlisterne viser ${listed} af ${all} fund: de alvorligste om linjer og alle om en praksis (--max-findings). Praksistabellen tæller alle fund.`,
    practice: 'Ydernummer',
    patients: 'Patienter',
    billed: 'Kroner faktureret',
    withoutAmount: (n: string) => `${n} uden beløb`,
    topTopics: 'Største emner',
    filter: 'Filtrér praksis',
    filterHint: 'ydernummer eller emne',
    showing: 'Viser {shown} af {all} praksis',
    open: 'Vis fund',
    findingsOf: (practice: string, n: string) => `Fund for ${practice} (${n})`,
    findingsByPractice: 'Fund pr. praksis',
    more: (n: string) => `… og ${n} flere – se JSON- eller Excel-rapporten.`,
    closed: '(foldet sammen – åbn i browseren)',
    rule: 'Regel',
    patient: 'Patient',
    date: 'Dato',
    codes: 'Koder',
    where: 'Linjer',
    message: 'Fund og rettelse',
    fix: 'Ret',
    suppressed: 'Undertrykt',
    kroner: 'Kroner',
    unknown: 'ukendt',
    basis: { beloeb: 'linjernes beløb', tariff: 'takst × antal', estimate: 'anslået' },
    opportunityOf: (kr: string) => `mulig merindtægt ${kr}`,
    wholeInput: 'hele input',
    noFindings: 'Ingen fund.',
    code: 'Ydelse',
    units: 'Ydelser',
    perPatient: 'Pr. patient',
    ratio: 'Forhold til gns.',
    rank: 'Placering',
    percentile: 'Percentil',
    outlier: 'Afviger',
    outlierMark: 'Ja',
    average: 'Regionsgennemsnit',
    averagePer: (v: string) => `${v} pr. patient`,
    averageFrom: { input: 'beregnet af inputtets praksis', option: 'fra --regional-average' },
    denominator: { 'listed-patients': 'tilmeldte patienter', 'patients-seen': 'sete patienter' },
    threshold: (factor: string, v: string) => `Afvigergrænse ${factor} × gns. = ${v}`,
    thresholdShort: (factor: string) => `${factor} × gns.`,
    averageShort: 'gns.',
    axisX: (n: string) => `${n} sorteret efter ydelser pr. patient`,
    axisY: 'Ydelser pr. patient',
    outliers: (n: string) => `Afvigere: ${n}`,
    unlabelled: (n: string) => `${n} uden navn i diagrammet (for tæt) – se tabellen.`,
    legendAverage: 'Regionsgennemsnit (fuldt optrukket)',
    legendThreshold: 'Afvigergrænse (stiplet)',
    legendOutlier: 'Afvigende praksis (fyldt)',
    legendOther: 'Øvrige praksis (åben)',
    figures: (code: string) => `Tal for ${code}`,
    noStatistics: 'Ingen ydelser er valgt til kontrolstatistik.',
    limitsIntro: 'Hvad reglerne ikke kunne bedømme, og hvorfor:',
    noLimits: 'Alle regler kunne bedømme alle linjer.',
    linesNoAmount: (n: string) => `${n} med fund har hverken beløb eller kendt takst og er ikke talt med i kroner i risiko.`,
    listedShort: (listed: string, all: string) => `Fundlisterne viser ${listed} af ${all} fund (--max-findings); praksistabellen tæller alle.`,
    // Count nouns, singular and plural.
    line1: ['linje', 'linjer'],
    file1: ['fil', 'filer'],
    practice1: ['praksis', 'praksis'],
    patient1: ['patient', 'patienter'],
    finding1: ['fund', 'fund'],
    outlier1: ['afviger', 'afvigere'],
  },
  en: {
    title: 'Audit report',
    contents: 'Contents',
    overview: 'Overview',
    practices: 'Practices',
    statistics: 'Kontrolstatistik (practice statistics)',
    byTopic: 'Findings by topic',
    limits: 'Not fully checked',
    checked: 'What was checked',
    files: 'Files',
    period: 'Period',
    noPeriod: 'no accepted lines',
    lines: 'Lines',
    linesText: (read: string, checked: string, rejected: string, blank: string) => `${read} read, ${checked} checked, ${rejected} rejected, ${blank} blank`,
    practicesPatients: 'Practices and patients',
    ruleset: 'Ruleset',
    rulesetText: (version: string, hash: string) => `version ${version}, hash ${hash}`,
    asOf: 'rules and tariffs as of',
    tariffs: 'tariffs from',
    options: 'Options',
    noOptions: 'none',
    tool: 'Made with',
    history: 'History',
    severity: { error: 'Error', warning: 'Warning', info: 'Info' },
    severities: { error: 'Errors', warning: 'Warnings', info: 'Info' },
    topic: 'Topic',
    byTopicCaption: 'Findings and kroner at risk by topic',
    findings: 'Findings',
    atRisk: 'Kroner at risk',
    total: 'Total',
    totalAtRisk: 'Kroner at risk (each line once)',
    estimated: 'of which estimated at practice level (no lines)',
    onceNote: 'A line found under several topics counts under each of them, but only once in the total.',
    opportunity: 'Possible extra income (not at risk)',
    linesAtRisk: 'Lines at risk',
    findingsTotal: 'Findings in all',
    listed: (listed: string, all: string) => `The lists of findings show ${listed} of ${all}: the most severe about lines and all about a practice (--max-findings). The practice table counts every finding.`,
    practice: 'Ydernummer',
    patients: 'Patients',
    billed: 'Kroner billed',
    withoutAmount: (n: string) => `${n} without an amount`,
    topTopics: 'Largest topics',
    filter: 'Filter practices',
    filterHint: 'ydernummer or topic',
    showing: 'Showing {shown} of {all} practices',
    open: 'Show findings',
    findingsOf: (practice: string, n: string) => `Findings of ${practice} (${n})`,
    findingsByPractice: 'Findings by practice',
    more: (n: string) => `… and ${n} more – see the JSON or Excel report.`,
    closed: '(collapsed – open in a browser)',
    rule: 'Rule',
    patient: 'Patient',
    date: 'Date',
    codes: 'Codes',
    where: 'Lines',
    message: 'Finding and fix',
    fix: 'Fix',
    suppressed: 'Suppressed',
    kroner: 'Kroner',
    unknown: 'unknown',
    basis: { beloeb: "the lines' amounts", tariff: 'tariff × antal', estimate: 'estimated' },
    opportunityOf: (kr: string) => `possible extra income ${kr}`,
    wholeInput: 'the whole input',
    noFindings: 'No findings.',
    code: 'Code',
    units: 'Units',
    perPatient: 'Per patient',
    ratio: 'Ratio to average',
    rank: 'Rank',
    percentile: 'Percentile',
    outlier: 'Outlier',
    outlierMark: 'Yes',
    average: 'Regional average',
    averagePer: (v: string) => `${v} per patient`,
    averageFrom: { input: "pooled from the input's practices", option: 'from --regional-average' },
    denominator: { 'listed-patients': 'listed patients', 'patients-seen': 'patients seen' },
    threshold: (factor: string, v: string) => `Outlier threshold ${factor} × average = ${v}`,
    thresholdShort: (factor: string) => `${factor} × avg.`,
    averageShort: 'avg.',
    axisX: (n: string) => `${n} sorted by units per patient`,
    axisY: 'Units per patient',
    outliers: (n: string) => `Outliers: ${n}`,
    unlabelled: (n: string) => `${n} not named in the chart (too close together) – see the table.`,
    legendAverage: 'Regional average (solid)',
    legendThreshold: 'Outlier threshold (dashed)',
    legendOutlier: 'Outlier practice (filled)',
    legendOther: 'Other practices (hollow)',
    figures: (code: string) => `Figures for ${code}`,
    noStatistics: 'No codes are watched for kontrolstatistik.',
    limitsIntro: 'What the rules could not judge, and why:',
    noLimits: 'Every rule could judge every line.',
    linesNoAmount: (n: string) => `${n} with findings: neither an amount nor a known tariff, so not counted in kroner at risk.`,
    listedShort: (listed: string, all: string) => `The lists of findings show ${listed} of ${all} (--max-findings); the practice table counts them all.`,
    line1: ['line', 'lines'],
    file1: ['file', 'files'],
    practice1: ['practice', 'practices'],
    patient1: ['patient', 'patients'],
    finding1: ['finding', 'findings'],
    outlier1: ['outlier', 'outliers'],
  },
} as const;

type Words = (typeof WORDS)[Lang];

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML (element content or a quoted attribute). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Text from the input (a file name, ydernummer, topic, message): CPR-like runs masked, controls escaped, then HTML-escaped. */
function shown(text: string): string {
  return escapeHtml(quoteInput(text, Infinity));
}

// The script only adds sorting, filtering and opening: every row is in the HTML without it. It
// reads its words from data attributes, so one constant text (and one CSP hash) serves both languages.
const SCRIPT = `(() => {
  'use strict';
  document.documentElement.classList.add('js');
  const collator = new Intl.Collator(document.documentElement.lang, { numeric: true });
  for (const table of document.querySelectorAll('table.sortable')) {
    const grouped = table.classList.contains('grouped');
    const heads = Array.from(table.tHead.rows[0].cells);
    heads.forEach((th, col) => {
      const button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', () => {
        const numeric = th.dataset.type === 'num';
        const current = th.getAttribute('aria-sort');
        // Numbers biggest first on the first click, text A-Z.
        const ascending = current === 'ascending' || current === 'descending' ? current === 'descending' : !numeric;
        for (const h of heads) if (h.hasAttribute('aria-sort')) h.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const units = grouped ? Array.from(table.tBodies) : Array.from(table.tBodies[0].rows);
        const keyOf = (unit) => {
          const cell = (grouped ? unit.rows[0] : unit).cells[col];
          const v = cell.dataset.v ?? cell.textContent.trim();
          return numeric ? Number(v) : v;
        };
        const keyed = units.map((unit, i) => ({ unit, i, key: keyOf(unit) }));
        const sign = ascending ? 1 : -1;
        keyed.sort((a, b) => sign * (numeric ? a.key - b.key : collator.compare(a.key, b.key)) || a.i - b.i);
        const parent = grouped ? table : table.tBodies[0];
        const after = grouped ? table.tFoot : null;
        for (const { unit } of keyed) parent.insertBefore(unit, after);
      });
    });
  }
  const filter = document.getElementById('practice-filter');
  const table = document.getElementById('practice-table');
  if (filter && table) {
    const status = document.getElementById('practice-status');
    const groups = Array.from(table.tBodies);
    const texts = groups.map((g) => g.rows[0].textContent.toLowerCase());
    filter.addEventListener('input', () => {
      const q = filter.value.trim().toLowerCase();
      let shown = 0;
      groups.forEach((g, i) => {
        g.hidden = q !== '' && !texts[i].includes(q);
        if (!g.hidden) shown++;
      });
      status.textContent = status.dataset.template.replace('{shown}', String(shown)).replace('{all}', String(groups.length));
    });
    const columns = table.tHead.rows[0].cells.length;
    for (const g of groups) {
      const details = g.dataset.findings && document.getElementById(g.dataset.findings);
      if (!details) continue;
      const cell = g.rows[0].cells[0];
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'toggle';
      button.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-controls', details.id);
      button.setAttribute('aria-label', table.dataset.open + ' ' + cell.textContent.trim());
      button.textContent = '▸';
      cell.prepend(button);
      const set = (open) => {
        // The practice's findings move from the list below into a row under the practice.
        if (open && !g.rows[1]) {
          const row = g.insertRow();
          row.className = 'detail';
          const td = row.insertCell();
          td.colSpan = columns;
          td.append(details);
        }
        g.classList.toggle('open', open);
        details.open = open;
        button.setAttribute('aria-expanded', String(open));
        button.textContent = open ? '▾' : '▸';
      };
      g.rows[0].addEventListener('click', (event) => {
        event.preventDefault();
        set(!g.classList.contains('open'));
      });
      details.addEventListener('toggle', () => {
        if (details.open !== g.classList.contains('open') && g.rows[1]) set(details.open);
      });
    }
  }
})();`;

const STYLE = `
:root { color-scheme: light; --line: #bbb; --muted: #555; --accent: #1f4e79; --warn: #8b0000; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 1400px; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 2px solid #111; }
h3 { font-size: 1.05rem; margin: 1.75rem 0 .5rem; }
p.lead { color: var(--muted); margin: 0 0 1rem; }
nav ol { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; padding: 0; margin: .5rem 0 0; list-style: none; counter-reset: s; }
nav li { counter-increment: s; }
nav li::before { content: counter(s) ". "; color: var(--muted); }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #111; white-space: nowrap; background: #f3f3f3; }
tfoot th, tfoot td { border-top: 2px solid #111; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.25rem; margin: 0 0 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dl.money { display: grid; grid-template-columns: max-content max-content; gap: .2rem 1.25rem; margin: .5rem 0 1rem; }
dl.money dt { font-weight: 600; }
dl.money dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
dl.money dd.main { font-size: 1.15rem; font-weight: 700; }
thead th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: inherit; }
thead th button::after { content: " ↕"; color: #999; }
thead th[aria-sort="ascending"] button::after { content: " ▲"; color: #111; }
thead th[aria-sort="descending"] button::after { content: " ▼"; color: #111; }
.filter { display: flex; gap: 1rem; align-items: center; margin: .5rem 0; }
.filter input { font: inherit; padding: .3rem .5rem; width: 18rem; border: 1px solid #888; border-radius: 3px; }
.filter output { color: var(--muted); }
tbody.practice > tr.main { cursor: pointer; }
tbody.practice > tr.main:hover { background: #f6f8fb; }
tbody.practice.open > tr.main { background: #eef2f7; }
.js tbody.practice:not(.open) > tr.detail { display: none; }
tr.detail > td { background: #fafafa; padding: .25rem .5rem .75rem 2rem; }
details.practice-findings { margin: .2rem 0; }
tbody.practice > tr.main > th { white-space: nowrap; }
button.toggle { font: inherit; font-size: 12px; line-height: 1.3; background: none; border: 1px solid #999; border-radius: 3px; width: 1.7em; margin-right: .4em; padding: 0; cursor: pointer; vertical-align: baseline; }
/* A table under a <details> is named by its summary: the caption stays for screen readers only. */
details > table > caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
table.findings td.nowrap, table.findings code { white-space: nowrap; }
summary { cursor: pointer; font-weight: 600; }
details > table { margin-top: .4rem; }
table.findings { font-size: 13px; }
table.findings td.msg { min-width: 18rem; }
.sev { display: inline-block; padding: 0 .35em; border: 1px solid #111; border-radius: 3px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.sev-error { background: #111; color: #fff; }
.sev-warning { border-style: dashed; }
.sev-info { border-style: dotted; font-weight: 400; }
.fix { color: #1d5a2a; }
.muted, small { color: var(--muted); }
p.more { font-style: italic; }
figure.chart { margin: 1rem 0; }
figure.chart > svg { width: 100%; height: auto; max-width: 1100px; display: block; }
figure.chart figcaption { color: var(--muted); }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; padding: 0; margin: .25rem 0; }
ul.legend svg { vertical-align: middle; margin-right: .35rem; }
@media print {
  body { padding: 0; max-width: none; color: #000; font-size: 11px; }
  nav, .filter, button.toggle, .no-print { display: none !important; }
  th button { pointer-events: none; }
  thead th button::after { content: none !important; }
  h2 { break-before: page; }
  section:first-of-type h2 { break-before: auto; }
  h2, h3, caption, summary { break-after: avoid; }
  tr, figure.chart, dl { break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { background: none; }
  a { color: #000; text-decoration: none; }
  tbody.practice > tr.main, tbody.practice.open > tr.main { background: none; }
  tr.detail > td { background: none; }
  details:not([open]) > summary::after { content: " " attr(data-closed); font-weight: 400; font-style: italic; }
  details:not([open]) > summary { list-style: none; }
  .fix { color: #000; }
  svg .average { stroke: #000; }
  svg .threshold { stroke: #000; }
}
`;

/** The CSP source of an inline script: its SHA-256, base64. */
export function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The page's policy: nothing from anywhere, inline style, and only this script (by its hash). */
function contentSecurityPolicy(): string {
  return ["default-src 'none'", "style-src 'unsafe-inline'", `script-src ${scriptHash(SCRIPT)}`, "connect-src 'none'", "form-action 'none'", "base-uri 'none'", "img-src 'none'"].join('; ');
}

/** The worst findings of a group: the first `cap` by severity, then kroner at risk (biggest first), then report order. */
class Worst {
  readonly kept: Kept[] = [];
  /** Findings seen in the group, kept or not. */
  seen = 0;
  /** Once the group is full: the last finding kept, which a new one must beat to get in. */
  private floor: Kept | null = null;
  constructor(private readonly cap: number) {}
  /** Whether a finding of this severity and risk would be kept (it comes after every one seen, so a tie loses). */
  wants(severity: number, risk: number): boolean {
    this.seen++;
    const f = this.floor;
    return this.cap > 0 && (f === null || severity < f.severity || (severity === f.severity && risk > f.risk));
  }
  add(item: Kept): void {
    this.kept.push(item);
    // Trimmed now and then rather than per finding: sorting 2 × cap items once per cap findings.
    if (this.kept.length >= 2 * this.cap) this.trim();
  }
  trim(): Kept[] {
    this.kept.sort(compareKept);
    if (this.kept.length >= this.cap) {
      this.kept.length = this.cap;
      this.floor = this.kept[this.cap - 1]!;
    }
    return this.kept;
  }
}

interface Kept {
  f: Finding & FindingMoney;
  /** Position in the report's list, for ties. */
  k: number;
  severity: number;
  /** Kroner at risk for ordering only (never shown from this number). */
  risk: number;
}

function compareKept(a: Kept, b: Kept): number {
  return a.severity - b.severity || b.risk - a.risk || a.k - b.k;
}

/**
 * The worst findings per practice and per topic, from one walk over the list. Each finding is
 * made once (a list makes them when read); only those a group still wants are held on to.
 */
function collect(audit: AuditReport, perPractice: number, perTopic: number): { byPractice: Map<string, Worst>; byTopic: Map<string, Worst> } {
  const list = audit.result.list;
  const byPractice = new Map<string, Worst>();
  const byTopic = new Map<string, Worst>();
  for (let k = 0; k < list.length; k++) {
    const f = list.at(k) as Finding & FindingMoney;
    const severity = severityRank(f.severity);
    const risk = f.amount ? Number(f.amount) : 0;
    let p: Worst | undefined;
    if (f.practice !== null) {
      p = byPractice.get(f.practice);
      if (!p) byPractice.set(f.practice, (p = new Worst(perPractice)));
    }
    let t = byTopic.get(f.topic);
    if (!t) byTopic.set(f.topic, (t = new Worst(perTopic)));
    const toPractice = p !== undefined && p.wants(severity, risk);
    const toTopic = t.wants(severity, risk);
    if (!toPractice && !toTopic) continue;
    const item: Kept = { f, k, severity, risk };
    if (toPractice) p!.add(item);
    if (toTopic) t.add(item);
  }
  return { byPractice, byTopic };
}

/** Writes numbers, kroner and counts in the report's language. */
class Text {
  readonly w: Words;
  constructor(readonly lang: Lang) {
    this.w = WORDS[lang];
  }
  n(value: number): string {
    return formatNumber(new Decimal(value), this.lang);
  }
  count(value: number, [one, many]: readonly [string, string]): string {
    return formatCount(value, one, many, this.lang);
  }
  kr(value: string | null | undefined): string {
    return value === null || value === undefined ? '' : formatKroner(new Decimal(value), this.lang);
  }
  ratio(value: string | Decimal): string {
    return formatRatio(new Decimal(value), this.lang);
  }
}

function severityBadge(s: Severity, t: Text): string {
  return `<span class="sev sev-${s}">${escapeHtml(t.w.severity[s])}</span>`;
}

/** A table cell with a number: shown in the language's way, sorted by the plain value. */
function numCell(value: string | number, text: string): string {
  return `<td class="num" data-v="${escapeHtml(String(value))}">${text}</td>`;
}

/** A column header; sortable ones hold a button, numeric ones sort by number. */
function head(label: string, options: { num?: boolean; sortable?: boolean } = {}): string {
  const cls = options.num ? ' class="num"' : '';
  if (!options.sortable) return `<th scope="col"${cls}>${escapeHtml(label)}</th>`;
  return `<th scope="col"${cls} aria-sort="none"${options.num ? ' data-type="num"' : ''}><button type="button">${escapeHtml(label)}</button></th>`;
}

/** A finding's kroner: at risk (with its basis when not the lines' own), possibly missed, or unknown. */
function kronerCell(f: Finding & FindingMoney, t: Text): string {
  const parts: string[] = [];
  if (f.amount) {
    parts.push(escapeHtml(t.kr(f.amount)));
    if (f.amountBasis && f.amountBasis !== 'beloeb') parts.push(`<small>(${escapeHtml(t.w.basis[f.amountBasis])})</small>`);
  }
  if (f.opportunity) parts.push(`<small>${escapeHtml(t.w.opportunityOf(t.kr(f.opportunity)))}</small>`);
  if (!parts.length) parts.push(`<span class="muted">–</span>`);
  return `<td class="num" data-v="${escapeHtml(f.amount ?? '0')}">${parts.join('<br>')}</td>`;
}

/** At most this many locations per finding are written out; the rest are counted. */
const LOCATIONS_SHOWN = 6;

function locationsText(f: Finding, t: Text): string {
  const shownLocations = f.locations.slice(0, LOCATIONS_SHOWN).map((l) => `${shown(l.file)}:${l.line}`);
  if (f.locations.length > LOCATIONS_SHOWN) shownLocations.push(`+${t.n(f.locations.length - LOCATIONS_SHOWN)}`);
  return shownLocations.join(', ');
}

function findingRow(f: Finding & FindingMoney, t: Text, withPractice: boolean, withTopic: boolean): string {
  const fix = f.fix ? `<div class="fix">${escapeHtml(t.w.fix)}: ${shown(f.fix[t.lang])}</div>` : '';
  // --show-suppressed lists a suppressed finding too: it must not read as one the practice answers for.
  const mark = suppressionOf(f);
  const suppressed = mark ? `<div class="suppressed">${escapeHtml(t.w.suppressed)}: ${shown([mark.reason, mark.owner, mark.expires].filter(Boolean).join(' · '))}</div>` : '';
  const cells = [
    `<td>${severityBadge(f.severity, t)}</td>`,
    `<td><code>${shown(f.ruleId)}</code>${withTopic ? `<br><small>${shown(f.topic)}</small>` : ''}</td>`,
    ...(withPractice ? [`<td>${f.practice === null ? `<span class="muted">${escapeHtml(t.w.wholeInput)}</span>` : shown(f.practice)}</td>`] : []),
    `<td class="nowrap">${f.patient === null ? '' : shown(f.patient)}</td>`,
    `<td class="nowrap">${f.date ?? ''}</td>`,
    `<td class="nowrap">${shown(f.codes.join('+'))}</td>`,
    `<td>${locationsText(f, t)}</td>`,
    `<td class="msg">${shown(f.message)}${fix}${suppressed}</td>`,
    kronerCell(f, t),
  ];
  return `<tr>${cells.join('')}</tr>`;
}

function findingsTable(caption: string, kept: readonly Kept[], t: Text, withPractice: boolean, withTopic: boolean): string {
  const w = t.w;
  const heads = [w.findings, w.rule, ...(withPractice ? [w.practice] : []), w.patient, w.date, w.codes, w.where, w.message].map((h) => head(h));
  heads.push(head(w.kroner, { num: true }));
  return `<table class="findings"><caption>${caption}</caption><thead><tr>${heads.join('')}</tr></thead><tbody>${kept.map((k) => findingRow(k.f, t, withPractice, withTopic)).join('')}</tbody></table>`;
}

function moreSentence(worst: Worst, t: Text): string {
  const more = worst.seen - worst.kept.length;
  return more > 0 ? `<p class="more">${escapeHtml(t.w.more(t.n(more)))}</p>` : '';
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(title)}</h2>${body}</section>`;
}

function overview(audit: AuditReport, ctx: FormatContext, t: Text, money: Summary['amountAtRisk'] | undefined): string {
  const w = t.w;
  const { summary: s, ruleset: r } = audit.result;
  const files = audit.result.files.map((f) => `<code>${shown(f)}</code>`).join(', ');
  const rulesetParts = [escapeHtml(w.rulesetText(quoteInput(r.version, Infinity), r.hash))];
  if (r.asOf) rulesetParts.push(`${escapeHtml(w.asOf)} ${escapeHtml(r.asOf)}`);
  if (r.tariffs !== 'catalogue') rulesetParts.push(`${escapeHtml(w.tariffs)} ${shown(r.tariffs)}`);
  const facts: [string, string][] = [
    [w.files, `${escapeHtml(t.count(s.files, w.file1))}: ${files}`],
    [w.period, s.period ? `${s.period.from} – ${s.period.to}` : escapeHtml(w.noPeriod)],
    [w.lines, escapeHtml(w.linesText(t.count(s.linesRead, w.line1), t.n(s.claimsChecked), t.n(s.linesRejected), t.n(s.blankLines)))],
    [w.practicesPatients, escapeHtml(`${t.count(s.practices, w.practice1)}, ${t.count(s.patients, w.patient1)}`)],
    [w.ruleset, rulesetParts.join(', ')],
    [w.options, audit.options.length ? `<code>${shown(audit.options.join(' '))}</code>` : escapeHtml(w.noOptions)],
    [w.tool, escapeHtml(`${ctx.tool.name} ${ctx.tool.version}`)],
  ];
  if (s.history) facts.push([w.history, shown(historySentence(s.history, t.lang))]);
  const factList = `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;

  const listed = s.listed < s.findings ? `<p><strong>${escapeHtml(w.listed(t.n(s.listed), t.n(s.findings)))}</strong></p>` : '';
  const moneyList = money
    ? `<dl class="money"><dt>${escapeHtml(w.totalAtRisk)}</dt><dd class="main">${escapeHtml(t.kr(money.total))}</dd>` +
      `<dt>${escapeHtml(w.linesAtRisk)}</dt><dd>${escapeHtml(t.n(money.lines))}</dd>` +
      `<dt>${escapeHtml(w.estimated)}</dt><dd>${escapeHtml(t.kr(money.estimated))}</dd>` +
      `<dt>${escapeHtml(w.opportunity)}</dt><dd>${escapeHtml(t.kr(money.opportunity))}</dd>` +
      `<dt>${escapeHtml(w.findingsTotal)}</dt><dd>${escapeHtml(t.n(s.findings))}</dd></dl>`
    : `<dl class="money"><dt>${escapeHtml(w.findingsTotal)}</dt><dd>${escapeHtml(t.n(s.findings))}</dd></dl>`;

  const topics = Object.entries(s.byTopic);
  const rows = topics.map(([topic, c]) => {
    const kr = money?.byTopic[topic] ?? null;
    return `<tr><th scope="row">${shown(topic)}</th>${numCell(c.error, t.n(c.error))}${numCell(c.warning, t.n(c.warning))}${numCell(c.info, t.n(c.info))}${kr === null ? numCell(0, '<span class="muted">–</span>') : numCell(kr, escapeHtml(t.kr(kr)))}</tr>`;
  });
  const foot = `<tr><th scope="row">${escapeHtml(w.total)}</th>${numCell(s.bySeverity.error, t.n(s.bySeverity.error))}${numCell(s.bySeverity.warning, t.n(s.bySeverity.warning))}${numCell(s.bySeverity.info, t.n(s.bySeverity.info))}${money ? numCell(money.total, escapeHtml(t.kr(money.total))) : '<td></td>'}</tr>`;
  const table = topics.length
    ? `<table class="sortable"><caption>${escapeHtml(w.byTopicCaption)}</caption><thead><tr>${head(w.topic, { sortable: true })}${head(w.severities.error, { num: true, sortable: true })}${head(w.severities.warning, { num: true, sortable: true })}${head(w.severities.info, { num: true, sortable: true })}${head(w.atRisk, { num: true, sortable: true })}</tr></thead><tbody>${rows.join('')}</tbody><tfoot>${foot}</tfoot></table><p class="muted">${escapeHtml(w.onceNote)}</p>`
    : `<p>${escapeHtml(w.noFindings)}</p>`;
  return section('overblik', w.overview, `<h3>${escapeHtml(w.checked)}</h3>${factList}${listed}${moneyList}${table}`);
}

/** The 2-3 topics of a practice with the most kroner at risk, then the most findings. */
function topTopics(row: PracticeRow, t: Text): string {
  // Unknown kroner (null) sort as none: a topic is ranked by what is known to be at risk.
  const known = (v: { amountAtRisk: string | null }): Decimal => new Decimal(v.amountAtRisk ?? 0);
  const entries = Object.entries(row.byTopic).sort(([ta, a], [tb, b]) => known(b).cmp(known(a)) || b.findings - a.findings || compareDanish(ta, tb));
  return entries
    .slice(0, 3)
    .map(([topic, v]) => {
      const figure = known(v).isZero() ? t.count(v.findings, t.w.finding1) : t.kr(v.amountAtRisk);
      return `${shown(topic)} <small>(${escapeHtml(figure)})</small>`;
    })
    .join('<br>');
}

function practicesSection(audit: AuditReport, t: Text, byPractice: Map<string, Worst>): string {
  const w = t.w;
  const heads = [
    head(w.practice, { sortable: true }),
    head(w.lines, { num: true, sortable: true }),
    head(w.patients, { num: true, sortable: true }),
    head(w.billed, { num: true, sortable: true }),
    head(w.severities.error, { num: true, sortable: true }),
    head(w.severities.warning, { num: true, sortable: true }),
    head(w.severities.info, { num: true, sortable: true }),
    head(w.atRisk, { num: true, sortable: true }),
    head(w.topTopics, { sortable: true }),
  ];
  // A practice's findings are listed after the table, one <details> each, and its ydernummer links
  // there: readable without JavaScript, and the table stays small to sort. The script moves a
  // practice's findings into a row under it when the row is opened.
  const findings: string[] = [];
  const bodies = audit.practices.map((row, i) => {
    const worst = byPractice.get(row.practice);
    const has = worst !== undefined && worst.seen > 0;
    const billed = escapeHtml(t.kr(row.amountBilled)) + (row.linesWithoutAmount ? `<br><small>${escapeHtml(w.withoutAmount(t.n(row.linesWithoutAmount)))}</small>` : '');
    const atRisk = escapeHtml(row.amountAtRisk === null ? '–' : t.kr(row.amountAtRisk)) + (new Decimal(row.amountEstimated).isZero() ? '' : `<br><small>${escapeHtml(w.basis.estimate)} ${escapeHtml(t.kr(row.amountEstimated))}</small>`);
    const id = has ? `<a href="#p-${i}">${shown(row.practice)}</a>` : shown(row.practice);
    const main =
      `<tr class="main"><th scope="row">${id}</th>${numCell(row.lines, t.n(row.lines))}${numCell(row.patients, t.n(row.patients))}${numCell(row.amountBilled, billed)}` +
      `${numCell(row.bySeverity.error, t.n(row.bySeverity.error))}${numCell(row.bySeverity.warning, t.n(row.bySeverity.warning))}${numCell(row.bySeverity.info, t.n(row.bySeverity.info))}` +
      `${numCell(row.amountAtRisk ?? -1, atRisk)}<td>${topTopics(row, t)}</td></tr>`;
    if (!has) return `<tbody class="practice">${main}</tbody>`;
    const summary = escapeHtml(w.findingsOf(quoteInput(row.practice, Infinity), t.n(worst.seen)));
    findings.push(
      `<details id="p-${i}" class="practice-findings"><summary data-closed="${escapeHtml(w.closed)}">${summary}</summary>` +
        `${findingsTable(summary, worst.trim(), t, false, true)}${moreSentence(worst, t)}</details>`,
    );
    return `<tbody class="practice" data-findings="p-${i}">${main}</tbody>`;
  });
  const all = t.n(audit.practices.length);
  const filter =
    `<div class="filter no-print"><label for="practice-filter">${escapeHtml(w.filter)}</label>` +
    `<input id="practice-filter" type="search" placeholder="${escapeHtml(w.filterHint)}" aria-controls="practice-table" autocomplete="off">` +
    `<output id="practice-status" for="practice-filter" aria-live="polite" data-template="${escapeHtml(w.showing)}">${escapeHtml(w.showing.replace('{shown}', all).replace('{all}', all))}</output></div>`;
  const table = `<table id="practice-table" class="sortable grouped" data-open="${escapeHtml(w.open)}"><caption>${escapeHtml(t.count(audit.practices.length, w.practice1))}</caption><thead><tr>${heads.join('')}</tr></thead>${bodies.join('')}</table>`;
  const list = findings.length ? `<div id="practice-findings"><h3>${escapeHtml(w.findingsByPractice)}</h3>${findings.join('')}</div>` : '';
  return section('praksis', w.practices, filter + table + list);
}

/** A round step for about `parts` ticks up to max: 1, 2 or 5 times a power of ten. */
function niceStep(max: number, parts: number): number {
  const raw = max / parts;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** A coordinate for SVG: at most one decimal. */
function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** The chart of one code: each practice's units per patient, sorted, with the average and the threshold as lines. */
function chart(stat: CodeStatistics, index: number, t: Text): string {
  const w = t.w;
  const average = new Decimal(stat.regionalAverage);
  const threshold = average.mul(stat.outlierFactor);
  const sorted = [...stat.practices].sort((a, b) => new Decimal(b.perPatient).cmp(a.perPatient) || (a.practice < b.practice ? -1 : 1));
  const n = sorted.length;
  const width = 960;
  const height = 340;
  const left = 64;
  const right = 200;
  const top = 64;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  // Axis arithmetic in floating point: it places marks, it is not money or a figure shown as such.
  const values = sorted.map((p) => Number(p.perPatient));
  const max = Math.max(threshold.toNumber(), ...values, 0) * 1.08 || 1;
  const step = niceStep(max, 5);
  const yMax = Math.ceil(max / step) * step;
  const y = (v: number): number => top + plotH - (v / yMax) * plotH;
  const x = (i: number): number => left + ((i + 0.5) * plotW) / Math.max(n, 1);
  const places = Math.max(0, -Math.floor(Math.log10(step)));
  const out: string[] = [];
  const titleId = `chart-${index}-title`;
  const descId = `chart-${index}-desc`;
  const outliers = sorted.filter((p) => p.outlier);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId} ${descId}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="${titleId}">${shown(stat.code)}${stat.name ? ` ${shown(stat.name)}` : ''}: ${escapeHtml(w.axisY.toLowerCase())}</title>`,
    `<desc id="${descId}">${escapeHtml(`${t.count(n, w.practice1)}; ${w.average.toLowerCase()} ${t.ratio(average)}; ${w.outliers(outliers.length ? outliers.map((p) => quoteInput(p.practice, Infinity)).join(', ') : '0')}`)}</desc>`,
  );
  // Grid and y axis.
  for (let v = 0; v <= yMax + step / 2; v += step) {
    const yy = px(y(v));
    out.push(`<line x1="${left}" x2="${left + plotW}" y1="${yy}" y2="${yy}" stroke="#ddd" stroke-width="1"/>`);
    out.push(`<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${escapeHtml(formatNumber(new Decimal(v.toFixed(places)), t.lang, places))}</text>`);
  }
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#000"/>`, `<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#000"/>`);
  out.push(`<text x="${left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeHtml(w.axisX(t.count(n, w.practice1)))}</text>`);
  out.push(`<text transform="translate(16 ${px(top + plotH / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(w.axisY)}</text>`);
  // Practices: a stem and a dot each while there is room, a small dot when there are hundreds.
  const r = n <= 40 ? 5 : n <= 150 ? 3.5 : n <= 500 ? 2 : 1.4;
  const stems = n <= 150;
  const dots: string[] = [];
  sorted.forEach((p, i) => {
    const cx = px(x(i));
    const cy = px(y(values[i]!));
    if (stems) dots.push(`<line x1="${cx}" x2="${cx}" y1="${px(top + plotH)}" y2="${cy}" stroke="#999" stroke-width="1"/>`);
    const label = `${quoteInput(p.practice, Infinity)}: ${t.ratio(p.perPatient)}`;
    dots.push(
      p.outlier
        ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#000" stroke="#000"><title>${escapeHtml(label)}</title></circle>`
        : `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#fff" stroke="#000" stroke-width="${r < 2 ? 0.6 : 1}"><title>${escapeHtml(label)}</title></circle>`,
    );
  });
  out.push(`<g class="practices">${dots.join('')}</g>`);
  // The average (solid) and the threshold (dashed), each named at its right end.
  const ya = y(average.toNumber());
  const yt = y(threshold.toNumber());
  const apart = Math.abs(ya - yt) < 14 ? 7 - Math.abs(ya - yt) / 2 : 0;
  out.push(`<line class="average" x1="${left}" x2="${left + plotW}" y1="${px(ya)}" y2="${px(ya)}" stroke="#1f4e79" stroke-width="2"/>`);
  out.push(`<line class="threshold" x1="${left}" x2="${left + plotW}" y1="${px(yt)}" y2="${px(yt)}" stroke="#8b0000" stroke-width="2" stroke-dasharray="8 5"/>`);
  out.push(`<text x="${left + plotW + 8}" y="${px(ya + apart)}" dominant-baseline="middle">${escapeHtml(`${w.averageShort} ${t.ratio(average)}`)}</text>`);
  out.push(`<text x="${left + plotW + 8}" y="${px(yt - apart)}" dominant-baseline="middle">${escapeHtml(`${w.thresholdShort(formatNumber(new Decimal(stat.outlierFactor), t.lang))} ${t.ratio(threshold.toDecimalPlaces(4))}`)}</text>`);
  // Outliers named above their dot, where there is room; the others are in the table.
  let lastX = -Infinity;
  let unlabelled = 0;
  const labels: string[] = [];
  sorted.forEach((p, i) => {
    if (!p.outlier) return;
    const cx = x(i);
    if (cx - lastX < 14) {
      unlabelled++;
      return;
    }
    lastX = cx;
    const cy = y(values[i]!) - r - 4;
    labels.push(`<text transform="translate(${px(cx + 4)} ${px(cy)}) rotate(-90)" font-size="11" font-weight="600">${shown(p.practice)}</text>`);
  });
  out.push(`<g class="labels">${labels.join('')}</g></svg>`);

  const legend =
    `<ul class="legend">` +
    `<li><svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke="#1f4e79" class="average" stroke-width="2"/></svg>${escapeHtml(w.legendAverage)}</li>` +
    `<li><svg width="28" height="10" aria-hidden="true"><line x1="0" x2="28" y1="5" y2="5" stroke="#8b0000" class="threshold" stroke-width="2" stroke-dasharray="8 5"/></svg>${escapeHtml(w.legendThreshold)}</li>` +
    `<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="#000"/></svg>${escapeHtml(w.legendOutlier)}</li>` +
    `<li><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill="#fff" stroke="#000"/></svg>${escapeHtml(w.legendOther)}</li></ul>`;
  const named = outliers.length ? escapeHtml(w.outliers(outliers.map((p) => quoteInput(p.practice, Infinity)).join(', '))) : escapeHtml(w.outliers('0'));
  const unnamed = unlabelled ? ` ${escapeHtml(w.unlabelled(t.count(unlabelled, w.outlier1)))}` : '';
  return `<figure class="chart">${out.join('')}<figcaption>${legend}${named}.${unnamed}</figcaption></figure>`;
}

function statisticsTable(stat: CodeStatistics, t: Text): string {
  const w = t.w;
  const rows = [...stat.practices].sort((a, b) => a.rank - b.rank || (a.practice < b.practice ? -1 : 1));
  const heads = [
    head(w.practice, { sortable: true }),
    head(w.units, { num: true, sortable: true }),
    head(`${w.patients} (${w.denominator[stat.denominator]})`, { num: true, sortable: true }),
    head(w.perPatient, { num: true, sortable: true }),
    head(w.ratio, { num: true, sortable: true }),
    head(w.rank, { num: true, sortable: true }),
    head(w.percentile, { num: true, sortable: true }),
    head(w.outlier, { sortable: true }),
  ];
  const body = rows.map(
    (p) =>
      `<tr><th scope="row">${shown(p.practice)}</th>${numCell(p.units, t.n(p.units))}${numCell(p.patients, t.n(p.patients))}${numCell(p.perPatient, t.ratio(p.perPatient))}` +
      `${p.ratio === null ? numCell(0, '–') : numCell(p.ratio, formatNumber(new Decimal(p.ratio), t.lang, 2))}${numCell(p.rank, t.n(p.rank))}${numCell(p.percentile, escapeHtml(formatPercent(p.percentile, t.lang)))}` +
      `<td>${p.outlier ? `<strong>${escapeHtml(w.outlierMark)} ▲</strong>` : ''}</td></tr>`,
  );
  const caption = escapeHtml(w.figures(quoteInput(stat.code, Infinity)));
  const table = `<table class="sortable"><caption>${caption}</caption><thead><tr>${heads.join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
  // A long table is folded away under its chart; a short one is open.
  return `<details${rows.length <= 25 ? ' open' : ''}><summary data-closed="${escapeHtml(w.closed)}">${caption}</summary>${table}</details>`;
}

function statisticsSection(audit: AuditReport, t: Text): string {
  const w = t.w;
  if (!audit.statistics.length) return section('kontrolstatistik', w.statistics, `<p>${escapeHtml(w.noStatistics)}</p>`);
  const parts = audit.statistics.map((stat, i) => {
    const average = new Decimal(stat.regionalAverage);
    const threshold = average.mul(stat.outlierFactor).toDecimalPlaces(4);
    const lead =
      `<p class="lead">${escapeHtml(`${w.average}: ${w.averagePer(t.ratio(average))} (${w.denominator[stat.denominator]}, ${w.averageFrom[stat.averageFrom]}). `)}` +
      `${escapeHtml(w.threshold(formatNumber(new Decimal(stat.outlierFactor), t.lang), t.ratio(threshold)))}.</p>`;
    return `<h3>${shown(stat.code)}${stat.name ? ` – ${shown(stat.name)}` : ''}</h3>${lead}${chart(stat, i, t)}${statisticsTable(stat, t)}`;
  });
  return section('kontrolstatistik', w.statistics, parts.join(''));
}

function topicsSection(audit: AuditReport, t: Text, byTopic: Map<string, Worst>): string {
  const w = t.w;
  const worstOf = (worst: Worst): number => (worst.kept.length ? Math.min(...worst.kept.map((k) => k.severity)) : 3);
  const topics = [...byTopic].map(([topic, worst]) => ({ topic, worst, kept: worst.trim() }));
  topics.sort((a, b) => worstOf(a.worst) - worstOf(b.worst) || compareDanish(a.topic, b.topic));
  if (!topics.length) return section('emner', w.byTopic, `<p>${escapeHtml(w.noFindings)}</p>`);
  const parts = topics.map(({ topic, worst, kept }, i) => {
    const severity = (['error', 'warning', 'info'] as const)[worstOf(worst)]!;
    const heading = `${shown(topic)} <small>(${escapeHtml(t.count(worst.seen, w.finding1))})</small>`;
    const table = findingsTable(`${shown(topic)}`, kept, t, true, false);
    // Short lists stay open; long ones are folded, and capped.
    return (
      `<h3 id="emne-${i}">${severityBadge(severity, t)} ${heading}</h3>` +
      `<details${kept.length <= 10 ? ' open' : ''}><summary data-closed="${escapeHtml(w.closed)}">${escapeHtml(t.count(kept.length, w.finding1))}</summary>${table}${moreSentence(worst, t)}</details>`
    );
  });
  return section('emner', w.byTopic, parts.join(''));
}

function limitsSection(s: Summary, t: Text, money: Summary['amountAtRisk'] | undefined): string {
  const w = t.w;
  const limits = limitsByRule(s, t.lang);
  const items = [...limits].map(([ruleId, parts]) => `<li><code>${shown(ruleId)}</code>: ${shown(parts.join(', '))}</li>`);
  if (money && money.linesWithoutAmount > 0) items.push(`<li>${escapeHtml(w.linesNoAmount(t.count(money.linesWithoutAmount, w.line1)))}</li>`);
  if (s.listed < s.findings) items.push(`<li>${escapeHtml(w.listedShort(t.n(s.listed), t.n(s.findings)))}</li>`);
  const body = items.length ? `<p>${escapeHtml(w.limitsIntro)}</p><ul>${items.join('')}</ul>` : `<p>${escapeHtml(w.noLimits)}</p>`;
  return section('ikke-kontrolleret', w.limits, body);
}

/**
 * The audit's HTML report, in pieces (a large audit's report is tens of megabytes): the findings
 * list is walked once, keeping the worst few per practice and per topic.
 */
export function* auditHtmlChunks(audit: AuditReport, ctx: FormatContext, options: AuditHtmlOptions = {}): Generator<string> {
  const t = new Text(ctx.lang);
  const w = t.w;
  const s = audit.result.summary;
  const money = s.amountAtRisk;
  const title = `${w.title} – ${audit.result.files.map((f) => quoteInput(f, Infinity)).join(', ')}`;
  yield `<!DOCTYPE html>\n<html lang="${ctx.lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="${escapeHtml(`${ctx.tool.name} ${ctx.tool.version}`)}">\n` +
    `<title>${escapeHtml(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`;
  const period = s.period ? ` · ${s.period.from} – ${s.period.to}` : '';
  yield `<header><h1>${escapeHtml(w.title)}</h1><p class="lead">${audit.result.files.map((f) => shown(f)).join(', ')}${period}</p>` +
    `<nav aria-label="${escapeHtml(w.contents)}"><ol>${[
      ['overblik', w.overview],
      ['praksis', w.practices],
      ['kontrolstatistik', w.statistics],
      ['emner', w.byTopic],
      ['ikke-kontrolleret', w.limits],
    ]
      .map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label!)}</a></li>`)
      .join('')}</ol></nav></header>\n<main>\n`;
  const { byPractice, byTopic } = collect(audit, options.perPractice ?? PER_PRACTICE, options.perTopic ?? PER_TOPIC);
  yield overview(audit, ctx, t, money);
  yield '\n';
  yield practicesSection(audit, t, byPractice);
  yield '\n';
  yield statisticsSection(audit, t);
  yield '\n';
  yield topicsSection(audit, t, byTopic);
  yield '\n';
  yield limitsSection(s, t, money);
  yield `\n</main>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`;
}

/** The audit's HTML report as one text. */
export function auditHtml(audit: AuditReport, ctx: FormatContext, options: AuditHtmlOptions = {}): string {
  return [...auditHtmlChunks(audit, ctx, options)].join('');
}

/** The inline script, for a test to check the policy's hash against. */
export const AUDIT_HTML_SCRIPT = SCRIPT;
