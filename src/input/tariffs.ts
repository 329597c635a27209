// Reads a user's honorartabel CSV (--tariffs): code, from, to, amount and an optional sikringsgruppe.
import type { Tariff } from '../catalog/tariffs.js';
import { OPEN_END, parseDate } from '../model/date.js';
import { parseAmount } from '../model/money.js';
import { quoteInput } from '../model/quote.js';
import { InputError } from './errors.js';
import { type Source, sourceName } from './records.js';
import { readTable, rowError } from './table.js';

export const TARIFF_COLUMNS = [
  { name: 'ydelseskode', aliases: ['kode', 'code', 'ydelse', 'ydelsesnr', 'ydelsesnummer'], required: true },
  { name: 'fra', aliases: ['from', 'gyldigfra', 'fradato'], required: true },
  { name: 'til', aliases: ['to', 'gyldigtil', 'tildato'], required: true },
  { name: 'beloeb', aliases: ['beløb', 'belob', 'amount', 'honorar', 'takst'], required: true },
  { name: 'sikringsgruppe', aliases: ['gruppe', 'group'], required: false },
] as const;

export async function readTariffs(source: Source): Promise<Tariff[]> {
  const name = sourceName(source);
  const out: (Tariff & { line: number })[] = [];
  for (const row of await readTable(source, TARIFF_COLUMNS)) {
    const code = row.get('ydelseskode');
    if (!/^\d{1,4}$/.test(code)) throw rowError(source, row, `ydelseskode must be up to 4 digits, got "${quoteInput(code)}"`);
    const from = parseDate(row.get('fra'));
    if (from === undefined) throw rowError(source, row, `fra must be a date, got "${quoteInput(row.get('fra'))}"`);
    const rawTo = row.get('til');
    const to = rawTo === '' ? OPEN_END : parseDate(rawTo);
    if (to === undefined) throw rowError(source, row, `til must be a date or empty (open), got "${quoteInput(rawTo)}"`);
    if (to < from) throw rowError(source, row, 'til is before fra');
    const amount = parseAmount(row.get('beloeb'));
    if (!amount || amount.isNegative()) throw rowError(source, row, `beloeb must be an amount in kroner, got "${quoteInput(row.get('beloeb'))}"`);
    const rawGroup = row.get('sikringsgruppe');
    if (rawGroup !== '' && rawGroup !== '1' && rawGroup !== '2') throw rowError(source, row, `sikringsgruppe must be 1, 2 or empty, got "${quoteInput(rawGroup)}"`);
    out.push({ code: Number(code), from, to, amount, group: rawGroup === '' ? 0 : Number(rawGroup), source: `${name}:${row.line}`, line: row.line });
  }
  // Two rows for the same code, group and overlapping days would make the fee ambiguous.
  const sorted = [...out].sort((a, b) => a.code - b.code || a.group - b.group || a.from - b.from);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1]!;
    const b = sorted[k]!;
    if (a.code === b.code && a.group === b.group && b.from <= a.to) {
      throw new InputError(name, `line ${b.line}: the period overlaps line ${a.line} for the same code and sikringsgruppe`);
    }
  }
  return out.map(({ line: _line, ...t }) => t);
}
