// One CSV record to a checked claim line, or the list of what is wrong with it.
import { birthDay, normaliseCpr } from '../model/cpr.js';
import { isoDate, parseDate } from '../model/date.js';
import { parseAmount } from '../model/money.js';
import { quoteInput } from '../model/quote.js';
import type { Column, ColumnMap } from './dialect.js';

export interface ParsedClaim {
  practice: string;
  cpr: string;
  day: number;
  code: number;
  /** The code as written when it was padded (Excel drops leading zeros), else null. */
  paddedFrom: string | null;
  antal: number;
  /** Amount in kroner as a normalised decimal string, or null. */
  amount: string | null;
  time: number;
  group: number;
}

export interface Problem {
  /** The input rule id, e.g. input/dato. */
  id: string;
  column: Column | null;
  /** The offending value as quoteInput shows it: short, any CPR masked, controls escaped. */
  value: string | null;
  /** More for the message, e.g. the bounds a date must lie within. */
  details?: Record<string, string>;
}

/** The service dates accepted, as day numbers, both included. */
export interface DayRange {
  from: number;
  to: number;
}

const ANY_DAY: DayRange = { from: -Infinity, to: Infinity };

export type ParseResult = { ok: true; claim: ParsedClaim } | { ok: false; problems: Problem[]; partial: Partial<ParsedClaim> };

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** Never echo a full CPR, even a malformed one in the CPR column. */
function maskCprField(value: string): string {
  return value.length > 6 ? `${value.slice(0, 6)}****` : value;
}

export function parseClaim(fields: readonly string[], columns: ColumnMap, headerLength: number, days: DayRange = ANY_DAY): ParseResult {
  const problems: Problem[] = [];
  const partial: Partial<ParsedClaim> = {};
  if (fields.length !== headerLength) {
    problems.push({ id: 'input/feltantal', column: null, value: `${fields.length}/${headerLength}` });
    return { ok: false, problems, partial };
  }
  const get = (c: Column): string => (columns[c] >= 0 ? fields[columns[c]]!.trim() : '');

  const practice = get('ydernummer');
  // Ydernumre have 6 digits; a longer number is most likely a CPR in the wrong column.
  if (/^\d{1,8}$/.test(practice)) partial.practice = practice;
  else problems.push({ id: 'input/ydernummer', column: 'ydernummer', value: practice });

  const rawCpr = get('cpr');
  const cpr = normaliseCpr(rawCpr);
  if (!cpr) problems.push({ id: 'input/cpr', column: 'cpr', value: maskCprField(rawCpr) });
  else if (birthDay(cpr) === undefined) problems.push({ id: 'input/cpr-dato', column: 'cpr', value: maskCprField(rawCpr) });
  else partial.cpr = cpr;

  const rawDate = get('dato');
  const day = parseDate(rawDate);
  if (day === undefined) problems.push({ id: 'input/dato', column: 'dato', value: rawDate });
  else if (day < days.from || day > days.to) {
    // A date no invoice can hold (a typo, or 9999-12-31 for "none"); the birth date is not judged then.
    problems.push({ id: 'input/dato-uden-for-periode', column: 'dato', value: rawDate, details: { from: isoDate(days.from), to: isoDate(days.to) } });
  } else partial.day = day;

  const rawCode = get('ydelseskode');
  if (/^\d{1,4}$/.test(rawCode)) {
    partial.code = Number(rawCode);
    partial.paddedFrom = rawCode.length < 4 ? rawCode : null;
  } else problems.push({ id: 'input/kode', column: 'ydelseskode', value: rawCode });

  const rawAntal = get('antal');
  if (rawAntal === '') partial.antal = 1;
  else if (/^\d{1,9}$/.test(rawAntal) && Number(rawAntal) > 0) partial.antal = Number(rawAntal);
  else problems.push({ id: 'input/antal', column: 'antal', value: rawAntal });

  const rawAmount = get('beloeb');
  if (rawAmount === '') partial.amount = null;
  else {
    const amount = parseAmount(rawAmount);
    if (amount) partial.amount = amount.toFixed(2);
    else problems.push({ id: 'input/beloeb', column: 'beloeb', value: rawAmount });
  }

  const rawTime = get('tid');
  const t = TIME.exec(rawTime);
  if (rawTime === '') partial.time = -1;
  else if (t) partial.time = Number(t[1]) * 60 + Number(t[2]);
  else problems.push({ id: 'input/tid', column: 'tid', value: rawTime });

  const rawGroup = get('sikringsgruppe');
  if (rawGroup === '') partial.group = 0;
  else if (rawGroup === '1' || rawGroup === '2') partial.group = Number(rawGroup);
  else problems.push({ id: 'input/sikringsgruppe', column: 'sikringsgruppe', value: rawGroup });

  if (partial.cpr !== undefined && partial.day !== undefined && partial.day < birthDay(partial.cpr)!) {
    problems.push({ id: 'input/dato-foer-foedsel', column: 'dato', value: rawDate });
  }

  if (problems.length) {
    // Columns can be swapped, and a field can hold anything: every value is quoted, so a CPR-like
    // run is masked, a terminal escape is shown instead of sent and a huge field stays short.
    for (const p of problems) if (p.value !== null) p.value = quoteInput(p.value);
    return { ok: false, problems, partial };
  }
  return { ok: true, claim: partial as ParsedClaim };
}
