// Findings as a spreadsheet, for people who open them in Excel: semicolon-separated, UTF-8 with a
// BOM and CRLF line ends (what Danish Excel opens without an import dialog), a header row, then one
// row per finding. Headers, severity, the fix and the amount's basis follow --lang, and so does the
// decimal mark of amounts and figures (Danish Excel reads "324,13" as a number, "324.13" not), with
// no thousands separator. The details that matter to a controller each get a column of their own,
// so a sheet can be filtered and summed on them; the message still says it all in a sentence.
import { escapeControls } from '../model/quote.js';
import type { Finding, Lang } from '../report/finding.js';
import type { Formatter } from './types.js';

/** The details shown, each in its own column, in this order. */
const DETAILS = ['count', 'max', 'year', 'from', 'to', 'others', 'units', 'patients', 'rate', 'regionalAverage', 'threshold', 'expected'] as const;

const WORDS = {
  da: {
    headers: ['alvor', 'emne', 'regel', 'ydernummer', 'patient', 'dato', 'ydelseskoder', 'fil', 'linje', 'alle placeringer', 'besked', 'rettelse', 'beløb i risiko', 'beløbsgrundlag', 'mulig merindtægt'],
    details: { count: 'antal', max: 'højst', year: 'år', from: 'fra', to: 'til', others: 'andre koder', units: 'enheder', patients: 'patienter', rate: 'pr. patient', regionalAverage: 'regionsgennemsnit', threshold: 'grænse', expected: 'forventet beløb' },
    severity: { error: 'fejl', warning: 'advarsel', info: 'info' },
    basis: { beloeb: 'linjernes beløb', tariff: 'takst × antal', estimate: 'anslået' },
  },
  en: {
    headers: ['severity', 'topic', 'rule', 'practice', 'patient', 'date', 'codes', 'file', 'line', 'all locations', 'message', 'fix', 'amount at risk', 'amount basis', 'possible extra income'],
    details: { count: 'count', max: 'at most', year: 'year', from: 'from', to: 'to', others: 'other codes', units: 'units', patients: 'patients', rate: 'per patient', regionalAverage: 'regional average', threshold: 'limit', expected: 'expected amount' },
    severity: { error: 'error', warning: 'warning', info: 'info' },
    basis: { beloeb: "the lines' amounts", tariff: 'tariff × antal', estimate: 'estimated' },
  },
} as const;

/**
 * One cell. A value a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR, per
 * OWASP) gets a leading apostrophe; a value holding ';', '"', CR or LF is quoted, quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A decimal ("324.13", 7) with the language's decimal mark; other text as it is. */
function decimal(value: string | number, lang: Lang): string {
  const text = String(value);
  return lang === 'da' && /^-?\d+\.\d+$/.test(text) ? text.replace('.', ',') : text;
}

/** A detail as a cell: numbers and decimals with the decimal mark, lists joined, dates as they are. */
function detailCell(value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => detailCell(v, lang)).join(', ');
  if (typeof value === 'number' || typeof value === 'string') return decimal(value, lang);
  return '';
}

function row(f: Finding, lang: Lang): string[] {
  const first = f.locations[0];
  const words = WORDS[lang];
  return [
    words.severity[f.severity],
    f.topic,
    f.ruleId,
    f.practice ?? '',
    f.patient ?? '',
    f.date ?? '',
    f.codes.join(', '),
    // File names can hold anything: control characters are shown escaped, like the input's values.
    escapeControls(first?.file ?? ''),
    first ? String(first.line) : '',
    f.locations.map((l) => `${escapeControls(l.file)}:${l.line}`).join(', '),
    f.message,
    f.fix?.[lang] ?? '',
    // Unknown kroner is an empty cell, never 0.
    f.amount === null ? '' : decimal(f.amount, lang),
    f.amountBasis === null ? '' : words.basis[f.amountBasis],
    f.opportunity === null ? '' : decimal(f.opportunity, lang),
    ...DETAILS.map((key) => detailCell(f.details?.[key], lang)),
  ];
}

export const csv: Formatter = (result, ctx) => {
  const words = WORDS[ctx.lang];
  const rows = [[...words.headers, ...DETAILS.map((key) => words.details[key])], ...result.findings.map((f) => row(f, ctx.lang))];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
};
