// Findings as a spreadsheet, for people who open them in Excel: semicolon-separated, UTF-8 with a
// BOM and CRLF line ends (what Danish Excel opens without an import dialog), a header row, then one
// row per finding. Headers follow --lang; severity is written as the machine word (error, warning,
// info), as in the JSON report, so a filter on it works in either language.
import { escapeControls } from '../model/quote.js';
import type { Finding } from '../report/finding.js';
import type { Formatter } from './types.js';

const HEADERS = {
  da: ['alvor', 'emne', 'regel', 'ydernummer', 'patient', 'dato', 'ydelseskoder', 'fil', 'linje', 'alle placeringer', 'besked'],
  en: ['severity', 'topic', 'rule', 'practice', 'patient', 'date', 'codes', 'file', 'line', 'all locations', 'message'],
} as const;

/**
 * One cell. A value a spreadsheet would read as a formula (starting with =, +, -, @, tab or CR, per
 * OWASP) gets a leading apostrophe; a value holding ';', '"', CR or LF is quoted, quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(f: Finding): string[] {
  const first = f.locations[0];
  return [
    f.severity,
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
  ];
}

export const csv: Formatter = (result, ctx) => {
  const rows = [HEADERS[ctx.lang], ...result.findings.map(row)];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
};
