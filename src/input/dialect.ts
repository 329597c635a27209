// Sniffs the delimiter from the header line, and maps header names to canonical columns.

export type Delimiter = ',' | ';' | '\t';

/** The delimiter that occurs most often outside quotes in the header line (',' when none does). */
export function sniffDelimiter(headerLine: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: Delimiter = ',';
  for (const d of [';', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

export const COLUMNS = ['ydernummer', 'cpr', 'dato', 'ydelseskode', 'antal', 'beloeb', 'tid', 'sikringsgruppe'] as const;
export type Column = (typeof COLUMNS)[number];
export const REQUIRED: readonly Column[] = ['ydernummer', 'cpr', 'dato', 'ydelseskode'];

const ALIASES: Record<string, Column> = {
  ydernummer: 'ydernummer',
  ydernr: 'ydernummer',
  yder: 'ydernummer',
  cpr: 'cpr',
  cprnr: 'cpr',
  personnummer: 'cpr',
  dato: 'dato',
  ydelsesdato: 'dato',
  date: 'dato',
  ydelseskode: 'ydelseskode',
  ydelse: 'ydelseskode',
  ydelsesnr: 'ydelseskode',
  ydelsesnummer: 'ydelseskode',
  kode: 'ydelseskode',
  antal: 'antal',
  beloeb: 'beloeb',
  'beløb': 'beloeb',
  belob: 'beloeb',
  honorar: 'beloeb',
  tid: 'tid',
  tidspunkt: 'tid',
  sikringsgruppe: 'sikringsgruppe',
};

/** Case, surrounding space and the separators of "CPR-nr" or "ydelses_dato" do not matter. */
export function normaliseName(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s._-]+/g, '');
}

/** Column index per canonical column (-1 when absent); extra columns are ignored. */
export type ColumnMap = Record<Column, number>;

export function mapHeader(names: readonly string[]): { columns: ColumnMap; missing: Column[]; duplicates: string[] } {
  const columns = Object.fromEntries(COLUMNS.map((c) => [c, -1])) as ColumnMap;
  const duplicates: string[] = [];
  names.forEach((raw, i) => {
    const col = ALIASES[normaliseName(raw)];
    if (!col) return;
    if (columns[col] >= 0) duplicates.push(col);
    else columns[col] = i;
  });
  return { columns, missing: REQUIRED.filter((c) => columns[c] < 0), duplicates };
}
