// The audit as an Excel workbook (Oversigt, Praksis, Kontrolstatistik, Fund), written row by row with a streaming xlsx writer.
import type { Row, WorkbookWriter, WorkbookWriterOptions, WorksheetWriter } from '@cj-tech-master/excelts';
import type { AuditReport, CodeStatistics, PracticeRow } from '../audit/types.js';
import { compareDanish } from '../model/collate.js';
import { formatCount } from '../model/format.js';
import { maskCprLike } from '../model/cpr.js';
import { escapeControls } from '../model/quote.js';
import type { Finding, Lang } from '../report/finding.js';
import { suppressionOf } from '../report/result.js';
import type { Summary } from '../report/summary.js';
import type { AmountBasis } from '../report/money.js';
import type { Severity } from '../model/rule.js';
import type { FormatContext } from './types.js';
import { Decimal } from 'decimal.js';


/** Excel's rows per sheet, the header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's characters per cell: a longer text makes Excel repair (and empty) the cell. */
const EXCEL_MAX_TEXT = 32_767;

export interface AuditXlsxOptions {
  /** Rows per sheet, the header row included: Excel's limit unless a test gives a small one. */
  maxRows?: number;
}

/** The sheets' names: Danish in either language, so a workbook is referred to alike. */
export const SHEETS = { overview: 'Oversigt', practices: 'Praksis', statistics: 'Kontrolstatistik', findings: 'Fund' } as const;

/** Kroner: Excel puts in the reader's own thousands and decimal signs. */
const KRONER = '#,##0.00 "kr."';
const DATE = 'yyyy-mm-dd';
const COUNT = '#,##0';
const PER_PATIENT = '0.0000';
const RATIO = '0.00';

const SEVERITY_WORD: Record<Lang, Record<Severity, string>> = {
  da: { error: 'Fejl', warning: 'Advarsel', info: 'Info' },
  en: { error: 'Error', warning: 'Warning', info: 'Info' },
};

const BASIS_WORD: Record<Lang, Record<AmountBasis, string>> = {
  da: { beloeb: 'Linjernes beløb', tariff: 'Takst × antal', estimate: 'Skøn for praksis' },
  en: { beloeb: 'The lines\u2019 amounts', tariff: 'Tariff × units', estimate: 'Practice-level estimate' },
};

/** A column: its header in each language, its width (characters) and its number format. */
interface Column {
  da: string;
  en: string;
  width: number;
  numFmt?: string;
}

const PRACTICE_COLUMNS: Column[] = [
  { da: 'Ydernummer', en: 'Practice', width: 12 },
  { da: 'Linjer', en: 'Lines', width: 10, numFmt: COUNT },
  { da: 'Patienter', en: 'Patients', width: 10, numFmt: COUNT },
  { da: 'Kapaciteter', en: 'Capacities', width: 11 },
  { da: 'Tilmeldte', en: 'Listed patients', width: 11, numFmt: COUNT },
  { da: 'Faktureret (kr.)', en: 'Billed (DKK)', width: 16, numFmt: KRONER },
  { da: 'Fund', en: 'Findings', width: 9, numFmt: COUNT },
  { da: 'Fejl', en: 'Errors', width: 8, numFmt: COUNT },
  { da: 'Advarsler', en: 'Warnings', width: 10, numFmt: COUNT },
  { da: 'Info', en: 'Info', width: 8, numFmt: COUNT },
  { da: 'I risiko (kr.)', en: 'At risk (DKK)', width: 16, numFmt: KRONER },
  { da: 'Anslået (kr.)', en: 'Estimated (DKK)', width: 16, numFmt: KRONER },
  { da: 'Mulighed (kr.)', en: 'Opportunity (DKK)', width: 16, numFmt: KRONER },
  { da: 'Største emner', en: 'Top topics', width: 50 },
];

const STATISTICS_COLUMNS: Column[] = [
  { da: 'Kode', en: 'Code', width: 8 },
  { da: 'Navn', en: 'Name', width: 36 },
  { da: 'Ydernummer', en: 'Practice', width: 12 },
  { da: 'Enheder', en: 'Units', width: 10, numFmt: COUNT },
  { da: 'Patienter', en: 'Patients', width: 10, numFmt: COUNT },
  { da: 'Pr. patient', en: 'Per patient', width: 11, numFmt: PER_PATIENT },
  { da: 'Regionalt gennemsnit', en: 'Regional average', width: 12, numFmt: PER_PATIENT },
  { da: 'Forhold', en: 'Ratio', width: 9, numFmt: RATIO },
  { da: 'Rang', en: 'Rank', width: 7, numFmt: COUNT },
  { da: 'Percentil', en: 'Percentile', width: 10 },
  { da: 'Afviger', en: 'Outlier', width: 9 },
  { da: 'Nævner', en: 'Denominator', width: 16 },
  { da: 'Afvigergrænse', en: 'Outlier factor', width: 13, numFmt: RATIO },
];

const FINDING_COLUMNS: Column[] = [
  { da: 'Alvor', en: 'Severity', width: 10 },
  { da: 'Emne', en: 'Topic', width: 28 },
  { da: 'Regel', en: 'Rule', width: 28 },
  { da: 'Ydernummer', en: 'Practice', width: 12 },
  { da: 'Patient', en: 'Patient', width: 13 },
  { da: 'Dato', en: 'Date', width: 11, numFmt: DATE },
  { da: 'Koder', en: 'Codes', width: 14 },
  { da: 'Linjer', en: 'Lines', width: 24 },
  { da: 'Besked', en: 'Message', width: 70 },
  { da: 'Ret', en: 'Fix', width: 50 },
  { da: 'Beløb (kr.)', en: 'Amount (DKK)', width: 14, numFmt: KRONER },
  { da: 'Grundlag', en: 'Basis', width: 18 },
  { da: 'Mulighed (kr.)', en: 'Opportunity (DKK)', width: 16, numFmt: KRONER },
];

const TOPIC_COLUMNS: Column[] = [
  { da: 'Emne', en: 'Topic', width: 40 },
  { da: 'Fejl', en: 'Errors', width: 8, numFmt: COUNT },
  { da: 'Advarsler', en: 'Warnings', width: 10, numFmt: COUNT },
  { da: 'Info', en: 'Info', width: 8, numFmt: COUNT },
  { da: 'I risiko (kr.)', en: 'At risk (DKK)', width: 16, numFmt: KRONER },
];

/** Oversigt's labels, by language. */
const LABEL = {
  da: {
    item: 'Punkt',
    value: 'Værdi',
    tool: 'Værktøj',
    file: 'Fil',
    periodFrom: 'Periode fra',
    periodTo: 'Periode til',
    linesRead: 'Linjer læst',
    claimsChecked: 'Linjer kontrolleret',
    linesRejected: 'Linjer afvist',
    blankLines: 'Tomme linjer',
    practices: 'Praksis',
    patients: 'Patienter',
    rulesetVersion: 'Regelsæt, version',
    rulesetHash: 'Regelsæt, hash',
    options: 'Tilvalg',
    none: '(ingen)',
    findings: 'Fund i alt',
    listed: 'Fund i listen',
    atRisk: 'I risiko (kr.)',
    linesAtRisk: 'Linjer i risiko',
    estimated: 'Anslået (kr.)',
    opportunity: 'Mulighed (kr.)',
    linesWithoutAmount: 'Linjer uden beløb og takst (ikke fuldt kontrolleret)',
    leftOut: (sheet: string) => `Fund udeladt af arket ${sheet} (Excels grænse for rækker)`,
    suppressed: 'Undertrykt',
    leftOutRow: (n: number) => `${formatCount(n, 'fund', 'fund', 'da')} mere er udeladt her: Excel har en grænse for rækker pr. ark.`,
    rowsLeftOut: (sheet: string) => `Rækker udeladt af arket ${sheet} (Excels grænse for rækker)`,
    listedPatients: 'Tilmeldte patienter',
    patientsSeen: 'Sete patienter',
    yes: 'Ja',
    no: 'Nej',
  },
  en: {
    item: 'Item',
    value: 'Value',
    tool: 'Tool',
    file: 'File',
    periodFrom: 'Period from',
    periodTo: 'Period to',
    linesRead: 'Lines read',
    claimsChecked: 'Lines checked',
    linesRejected: 'Lines rejected',
    blankLines: 'Blank lines',
    practices: 'Practices',
    patients: 'Patients',
    rulesetVersion: 'Ruleset version',
    rulesetHash: 'Ruleset hash',
    options: 'Options',
    none: '(none)',
    findings: 'Findings',
    listed: 'Findings listed',
    atRisk: 'At risk (DKK)',
    linesAtRisk: 'Lines at risk',
    estimated: 'Estimated (DKK)',
    opportunity: 'Opportunity (DKK)',
    linesWithoutAmount: 'Lines without an amount or tariff (not fully checked)',
    leftOut: (sheet: string) => `Findings left out of the ${sheet} sheet (Excel's row limit)`,
    suppressed: 'Suppressed',
    leftOutRow: (n: number) => `${formatCount(n, 'more finding', 'more findings', 'en')} are left out here: Excel limits the rows of a sheet.`,
    rowsLeftOut: (sheet: string) => `Rows left out of the ${sheet} sheet (Excel's row limit)`,
    listedPatients: 'Listed patients',
    patientsSeen: 'Patients seen',
    yes: 'Yes',
    no: 'No',
  },
} as const;

const SEVERITY_LABEL: Record<Lang, Record<Severity, string>> = {
  da: { error: 'Fejl', warning: 'Advarsler', info: 'Info' },
  en: { error: 'Errors', warning: 'Warnings', info: 'Info' },
};

/** A cell's value: text, a number, a (UTC) date, or nothing. Never an object, so never a formula. */
type Value = string | number | Date | null;

/**
 * Text cellText would change: a formula start, a control character (or a line or paragraph
 * separator, or a bidirectional control, as escapeControls has them), or six digits in a row (the
 * start of anything maskCprLike masks).
 */
const NEEDS_WORK = /^[=+\-@\t\r]|[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\d{6}/;

/**
 * Text from outside (input, rule files, the command line) as a cell holds it: control characters
 * escaped, CPR-like runs masked, at most Excel's length, and a leading apostrophe when it starts
 * with a character a spreadsheet takes for a formula (=, +, -, @, tab, CR: OWASP's list). The
 * writer only ever writes it as a text cell, so the apostrophe is for whoever copies it onwards.
 */
export function cellText(value: string): string {
  // Most text (a rule id, a topic, a message already masked) needs nothing: one test says so.
  if (value.length <= EXCEL_MAX_TEXT && !NEEDS_WORK.test(value)) return value;
  const risky = /^[=+\-@\t\r]/.test(value);
  let text = maskCprLike(escapeControls(value));
  if (risky) text = `'${text}`;
  if (text.length > EXCEL_MAX_TEXT) {
    let end = EXCEL_MAX_TEXT - 1;
    // Not inside a surrogate pair.
    if (text.charCodeAt(end - 1) >= 0xd800 && text.charCodeAt(end - 1) <= 0xdbff) end--;
    text = `${text.slice(0, end)}…`;
  }
  return text;
}

/** Text that may be empty: null stays an empty cell. */
function optionalText(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : cellText(value);
}

/**
 * A decimal string (kroner, a ratio) as the cell's number: Excel holds a double anyway, and nothing
 * is summed here. Anything else is an empty cell: NaN would make the file one Excel must repair.
 */
function decimal(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(n) ? n : null;
}

/** An ISO date (YYYY-MM-DD) as a date at UTC midnight: Excel's serial day, whatever the local zone. */
function utcDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** How many rows of a table fit below its header, and how many are left out. */
export function rowsThatFit(count: number, maxRows: number): { shown: number; leftOut: number } {
  // All fit below the header; otherwise one row less, for the row that says how many are left out.
  if (count <= maxRows - 1) return { shown: count, leftOut: 0 };
  const shown = Math.max(0, maxRows - 2);
  return { shown, leftOut: count - shown };
}

/** Rows written between waits for the output and the compressor, so neither piles up. */
const ROWS_PER_PAUSE = 2048;

/**
 * Writes the audit as an xlsx workbook to `out`, and ends it. Rows are written as they are made
 * (the findings one at a time from the list), so memory does not grow with the Fund sheet.
 */
export async function writeAuditXlsx(audit: AuditReport, ctx: FormatContext, out: NodeJS.WritableStream, options: AuditXlsxOptions = {}): Promise<void> {
  // Loaded here, not at the top: only an Excel report pays for the library's start-up.
  const { WorkbookWriter } = await import('@cj-tech-master/excelts');
  const maxRows = options.maxRows ?? EXCEL_MAX_ROWS;
  const lang = ctx.lang;
  const workbook: WorkbookWriter = new WorkbookWriter({
    stream: out as unknown as WorkbookWriterOptions['stream'],
    // Shared strings would keep every distinct text of the Fund sheet in memory until the end.
    useSharedStrings: false,
    useStyles: true,
    creator: `${ctx.tool.name} ${ctx.tool.version}`,
    lastModifiedBy: `${ctx.tool.name} ${ctx.tool.version}`,
  });
  const pause = pauser(out);

  const fit = {
    practices: rowsThatFit(audit.practices.length, maxRows),
    statistics: rowsThatFit(audit.statistics.reduce((n, s) => n + s.practices.length, 0), maxRows),
    findings: rowsThatFit(audit.result.list.length, maxRows),
  };

  writeOverview(workbook, audit, ctx, fit);
  writePractices(workbook, audit.practices, lang, fit.practices.shown, fit.practices.leftOut);
  writeStatistics(workbook, audit.statistics, lang, fit.statistics.shown, fit.statistics.leftOut);
  await writeFindings(workbook, audit, lang, fit.findings.shown, fit.findings.leftOut, pause);
  await workbook.commit();
}

/** A table's sheet and each column's cell style, one object shared by the column's cells. */
interface Table {
  sheet: WorksheetWriter;
  styles: readonly Style[];
}
type Style = Row['style'];

/**
 * A style object per number format, shared by every cell that has it: the writer knows a style it
 * has seen by the object itself, where a cell's own copy would be worked out again for each cell.
 */
const STYLES = new Map<string | undefined, Style>();
function styleOf(numFmt: string | undefined): Style {
  let style = STYLES.get(numFmt);
  if (!style) STYLES.set(numFmt, (style = Object.freeze(numFmt ? { numFmt } : {}) as Style));
  return style;
}

const PLAIN = styleOf(undefined);

/** A sheet with its header row frozen, its columns' widths, and the header row written. */
function tableSheet(workbook: WorkbookWriter, name: string, columns: readonly Column[], lang: Lang): Table {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }] });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  header(sheet, columns.map((c) => c[lang]));
  return { sheet, styles: columns.map((c) => styleOf(c.numFmt)) };
}

/** A row of a table: each cell with its column's style. Text values are already made safe (cellText). */
function tableRow({ sheet, styles }: Table, values: readonly Value[]): void {
  const row = sheet.addRow(values as Value[]);
  // An empty cell gets the plain style: nothing to format, and no style of its own to work out.
  for (let k = 0; k < values.length; k++) row.getCell(k + 1).style = values[k] === null ? PLAIN : styles[k]!;
  row.commit();
}

function header(sheet: WorksheetWriter, titles: readonly string[]): void {
  const row = sheet.addRow(titles as string[]);
  row.font = { bold: true };
  row.commit();
}

/** A row of values; a text value is written as given (the caller has made it safe with cellText). */
function addRow(sheet: WorksheetWriter, values: readonly Value[]): Row {
  const row = sheet.addRow(values as Value[]);
  row.commit();
  return row;
}

/** Autofilter over a table: the header row `top` and `rows` rows below it. */
function filter(sheet: WorksheetWriter, top: number, columns: number, rows: number): void {
  sheet.autoFilter = { from: { row: top, col: 1 }, to: { row: top + Math.max(rows, 1), col: columns } };
}

/** A note below a cut table: how many rows are left out. */
function leftOutRow(sheet: WorksheetWriter, text: string): void {
  const row = sheet.addRow([text]);
  row.font = { italic: true };
  row.commit();
}

type Fit = Record<'practices' | 'statistics' | 'findings', { shown: number; leftOut: number }>;

function writeOverview(workbook: WorkbookWriter, audit: AuditReport, ctx: FormatContext, fit: Fit): void {
  const lang = ctx.lang;
  const L = LABEL[lang];
  const { result } = audit;
  const summary = result.summary;
  const money = summary.amountAtRisk;
  const sheet = workbook.addWorksheet(SHEETS.overview, { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }] });
  sheet.columns = [{ width: 52 }, { width: 28 }, { width: 10 }, { width: 8 }, { width: 16 }];
  header(sheet, [L.item, L.value]);

  // One label and one value per row; the value's number format by its kind.
  const item = (label: string, value: Value, numFmt?: string): void => {
    const row = sheet.addRow([label, value]);
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.commit();
  };
  item(L.tool, `${ctx.tool.name} ${ctx.tool.version}`);
  for (const f of result.files) item(L.file, cellText(f));
  const period = summary.period;
  if (period) {
    item(L.periodFrom, utcDate(period.from), DATE);
    item(L.periodTo, utcDate(period.to), DATE);
  }
  item(L.linesRead, summary.linesRead, COUNT);
  item(L.claimsChecked, summary.claimsChecked, COUNT);
  item(L.linesRejected, summary.linesRejected, COUNT);
  item(L.blankLines, summary.blankLines, COUNT);
  item(L.practices, summary.practices, COUNT);
  item(L.patients, summary.patients, COUNT);
  item(L.rulesetVersion, cellText(result.ruleset.version));
  // The hash is hex the tool made: as it is (masking would take a run of ten digits in it for a CPR).
  item(L.rulesetHash, result.ruleset.hash);
  item(L.options, audit.options.length ? cellText(audit.options.join(' ')) : L.none);
  item(L.findings, summary.findings, COUNT);
  for (const s of ['error', 'warning', 'info'] as const) item(SEVERITY_LABEL[lang][s], summary.bySeverity[s], COUNT);
  if (summary.listed !== summary.findings) item(L.listed, summary.listed, COUNT);
  item(L.atRisk, decimal(money?.total), KRONER);
  item(L.linesAtRisk, money?.lines ?? null, COUNT);
  item(L.estimated, decimal(money?.estimated), KRONER);
  item(L.opportunity, decimal(money?.opportunity), KRONER);
  item(L.linesWithoutAmount, money?.linesWithoutAmount ?? null, COUNT);
  if (fit.findings.leftOut) item(L.leftOut(SHEETS.findings), fit.findings.leftOut, COUNT);
  if (fit.practices.leftOut) item(L.rowsLeftOut(SHEETS.practices), fit.practices.leftOut, COUNT);
  if (fit.statistics.leftOut) item(L.rowsLeftOut(SHEETS.statistics), fit.statistics.leftOut, COUNT);

  // The table by topic, below a blank row: the summary's topics (in its order), then any topic
  // that has kroner but no counted finding.
  const top = addRow(sheet, []).number + 1;
  const topicRow = sheet.addRow(TOPIC_COLUMNS.map((c) => c[lang]));
  topicRow.font = { bold: true };
  topicRow.commit();
  const topics = [...Object.keys(summary.byTopic)];
  for (const t of Object.keys(money?.byTopic ?? {})) if (!Object.hasOwn(summary.byTopic, t)) topics.push(t);
  for (const t of topics) {
    const c = Object.hasOwn(summary.byTopic, t) ? summary.byTopic[t]! : { error: 0, warning: 0, info: 0 };
    const at = money && Object.hasOwn(money.byTopic, t) ? money.byTopic[t]! : null;
    const row = sheet.addRow([cellText(t), c.error, c.warning, c.info, decimal(at)]);
    for (let k = 2; k <= 4; k++) row.getCell(k).numFmt = COUNT;
    row.getCell(5).numFmt = KRONER;
    row.commit();
  }
  filter(sheet, top, TOPIC_COLUMNS.length, topics.length);
  sheet.commit();
}

/** A practice's largest topics, by findings then kroner at risk: "Emne (12), Andet emne (3)". */
function topTopics(p: PracticeRow, n = 3): string {
  return Object.entries(p.byTopic)
    .sort(([ta, a], [tb, b]) => b.findings - a.findings || new Decimal(b.amountAtRisk ?? 0).cmp(a.amountAtRisk ?? 0) || compareDanish(ta, tb))
    .slice(0, n)
    .map(([t, v]) => `${t} (${v.findings})`)
    .join(', ');
}

function writePractices(workbook: WorkbookWriter, practices: readonly PracticeRow[], lang: Lang, shown: number, leftOut: number): void {
  const table = tableSheet(workbook, SHEETS.practices, PRACTICE_COLUMNS, lang);
  for (let k = 0; k < shown; k++) {
    const p = practices[k]!;
    tableRow(table, [
      cellText(p.practice),
      p.lines,
      p.patients,
      p.kapaciteter ?? null,
      p.tilmeldte ?? null,
      decimal(p.amountBilled),
      p.findings,
      p.bySeverity.error,
      p.bySeverity.warning,
      p.bySeverity.info,
      decimal(p.amountAtRisk),
      decimal(p.amountEstimated),
      decimal(p.amountOpportunity),
      optionalText(topTopics(p)),
    ]);
  }
  if (leftOut) leftOutRow(table.sheet, `${LABEL[lang].rowsLeftOut(SHEETS.practices)}: ${leftOut}`);
  filter(table.sheet, 1, PRACTICE_COLUMNS.length, shown);
  table.sheet.commit();
}

function writeStatistics(workbook: WorkbookWriter, statistics: readonly CodeStatistics[], lang: Lang, shown: number, leftOut: number): void {
  const L = LABEL[lang];
  const table = tableSheet(workbook, SHEETS.statistics, STATISTICS_COLUMNS, lang);
  let written = 0;
  for (const s of statistics) {
    const denominator = s.denominator === 'listed-patients' ? L.listedPatients : L.patientsSeen;
    for (const p of s.practices) {
      if (written === shown) break;
      written++;
      tableRow(table, [
        cellText(s.code),
        optionalText(s.name),
        cellText(p.practice),
        p.units,
        p.patients,
        decimal(p.perPatient),
        decimal(s.regionalAverage),
        decimal(p.ratio),
        p.rank,
        p.percentile,
        p.outlier ? L.yes : L.no,
        denominator,
        decimal(s.outlierFactor),
      ]);
    }
  }
  if (leftOut) leftOutRow(table.sheet, `${L.rowsLeftOut(SHEETS.statistics)}: ${leftOut}`);
  filter(table.sheet, 1, STATISTICS_COLUMNS.length, shown);
  table.sheet.commit();
}

async function writeFindings(workbook: WorkbookWriter, audit: AuditReport, lang: Lang, shown: number, leftOut: number, pause: () => Promise<void>): Promise<void> {
  const table = tableSheet(workbook, SHEETS.findings, FINDING_COLUMNS, lang);
  const list = audit.result.list;
  const severity = SEVERITY_WORD[lang];
  const basis = BASIS_WORD[lang];
  for (let k = 0; k < shown; k++) {
    const f = list.at(k);
    // --show-suppressed lists a suppressed finding too: its message says so, with the reason.
    const mark = suppressionOf(f);
    const message = mark ? `${f.message} (${LABEL[lang].suppressed}: ${[mark.reason, mark.owner, mark.expires].filter(Boolean).join(' · ')})` : f.message;
    tableRow(table, [
      severity[f.severity],
      cellText(f.topic),
      cellText(f.ruleId),
      optionalText(f.practice),
      optionalText(f.patient),
      utcDate(f.date),
      optionalText(f.codes.join(', ')),
      optionalText(f.locations.map((l) => `${l.file}:${l.line}`).join(', ')),
      cellText(message),
      optionalText(f.fix?.[lang]),
      decimal(f.amount),
      f.amountBasis ? basis[f.amountBasis] : null,
      decimal(f.opportunity),
    ]);
    if ((k + 1) % ROWS_PER_PAUSE === 0) await pause();
  }
  if (leftOut) leftOutRow(table.sheet, LABEL[lang].leftOutRow(leftOut));
  filter(table.sheet, 1, FINDING_COLUMNS.length, shown);
  table.sheet.commit();
}

/**
 * A wait for the output to drain (when its buffer is full) and for the compressor to catch up
 * (it works between turns of the event loop): rows are made far faster than they are written.
 */
function pauser(out: NodeJS.WritableStream): () => Promise<void> {
  const writable = out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
  return async () => {
    if (writable.writableNeedDrain) {
      // Or until the output fails or closes: the workbook's commit then reports why.
      await new Promise<void>((resolve) => {
        const done = (): void => {
          for (const event of ['drain', 'error', 'close']) out.removeListener(event, done);
          resolve();
        };
        for (const event of ['drain', 'error', 'close']) out.once(event, done);
      });
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
}
