// Reads the practice register (--practices): ydernummer, kapaciteter and optionally tilmeldte.
import { Decimal } from 'decimal.js';
import { quoteInput } from '../model/quote.js';
import { type Source } from './records.js';
import { readTable, rowError } from './table.js';

export interface PracticeInfo {
  /** Lægekapaciteter; may be fractional (e.g. 1.5). */
  capacities: Decimal;
  /** Listed (tilmeldte) patients, or null when the register does not say. */
  listed: number | null;
}

export type PracticeRegister = ReadonlyMap<string, PracticeInfo>;

export const PRACTICE_COLUMNS = [
  { name: 'ydernummer', aliases: ['ydernr', 'yder', 'practice'], required: true },
  { name: 'kapaciteter', aliases: ['kapacitet', 'capacities', 'capacity', 'laegekapaciteter'], required: true },
  { name: 'tilmeldte', aliases: ['tilmeldtepatienter', 'listed', 'patienter'], required: false },
] as const;

export async function readPracticeRegister(source: Source): Promise<PracticeRegister> {
  const register = new Map<string, PracticeInfo>();
  for (const row of await readTable(source, PRACTICE_COLUMNS)) {
    const practice = row.get('ydernummer');
    if (!/^\d{1,8}$/.test(practice)) throw rowError(source, row, `ydernummer must be 1-8 digits, got "${quoteInput(practice)}"`);
    if (register.has(practice)) throw rowError(source, row, `ydernummer ${practice} is listed twice`);
    const rawCap = row.get('kapaciteter').replace(',', '.');
    if (!/^\d+(\.\d+)?$/.test(rawCap) || new Decimal(rawCap).isZero()) {
      throw rowError(source, row, `kapaciteter must be a positive number, got "${quoteInput(row.get('kapaciteter'))}"`);
    }
    const rawListed = row.get('tilmeldte');
    if (rawListed !== '' && !/^\d{1,9}$/.test(rawListed)) throw rowError(source, row, `tilmeldte must be a whole number or empty, got "${quoteInput(rawListed)}"`);
    register.set(practice, { capacities: new Decimal(rawCap), listed: rawListed === '' || Number(rawListed) === 0 ? null : Number(rawListed) });
  }
  return register;
}
