// Reads a small configuration table (tariffs, practice register): named columns, and any bad line stops the run.
import { quoteInput, TEXT_LIMIT } from '../model/quote.js';
import { normaliseName } from './dialect.js';
import { InputError } from './errors.js';
import { readRecords, type Source, sourceName } from './records.js';

export interface TableColumn {
  name: string;
  aliases: readonly string[];
  required: boolean;
}

export interface TableRow {
  line: number;
  get(column: string): string;
}

/** Every data row of the table; the header must name each required column once. */
export async function readTable(source: Source, columns: readonly TableColumn[]): Promise<TableRow[]> {
  const name = sourceName(source);
  const index = new Map<string, number>();
  const rows: TableRow[] = [];
  let width = 0;
  for await (const ev of readRecords(source)) {
    if (ev.type === 'header') {
      ev.fields.forEach((raw, i) => {
        const col = columns.find((c) => c.name === normaliseName(raw) || c.aliases.includes(normaliseName(raw)));
        if (!col) return;
        if (index.has(col.name)) throw new InputError(name, `line 1: more than one column for ${col.name}`);
        index.set(col.name, i);
      });
      const missing = columns.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
      if (missing.length) throw new InputError(name, `line 1: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      width = ev.fields.length;
      continue;
    }
    if (ev.type === 'blank') continue;
    if (ev.type === 'unparseable') throw new InputError(name, `line ${ev.line}: cannot be read as CSV (${quoteInput(ev.reason, TEXT_LIMIT)})`);
    if (ev.fields.length !== width) throw new InputError(name, `line ${ev.line}: ${ev.fields.length} fields, the header has ${width}`);
    const fields = ev.fields;
    rows.push({ line: ev.line, get: (c) => (index.has(c) ? fields[index.get(c)!]!.trim() : '') });
  }
  return rows;
}

/** An error about one row; a value the reason quotes must have gone through quoteInput. */
export function rowError(source: Source, row: TableRow, reason: string): InputError {
  return new InputError(sourceName(source), `line ${row.line}: ${reason}`);
}
