// CPR numbers: normalising, birth date from the century table, and masking for output.
import { validDayNumber } from './date.js';

/** Ten digits, or the six-dash-four written form. Returns the ten digits, or undefined. */
export function normaliseCpr(text: string): string | undefined {
  if (text.length === 10) return /^\d{10}$/.test(text) ? text : undefined;
  if (text.length === 11 && text[6] === '-') {
    const digits = text.slice(0, 6) + text.slice(7);
    return /^\d{10}$/.test(digits) ? digits : undefined;
  }
  return undefined;
}

/**
 * Century from the 7th digit and the two-digit year (the CPR office's table:
 * https://www.cpr.dk/cpr-systemet/opbygning-af-cpr-nummeret/).
 * Modulus 11 is deliberately not checked: numbers without it have been issued since 2007.
 */
export function birthYear(cpr: string): number {
  return centuryYear(Number(cpr.slice(4, 6)), cpr.charCodeAt(6) - 48);
}

function centuryYear(yy: number, d7: number): number {
  if (d7 <= 3) return 1900 + yy;
  if (d7 === 4 || d7 === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

/** Birth date as a day number, or undefined when the first six digits are not a real date. */
export function birthDay(cpr: string): number | undefined {
  return validDayNumber(birthYear(cpr), Number(cpr.slice(2, 4)), Number(cpr.slice(0, 2)));
}

/** birthDay of the ten CPR digits read as one number (DDMMYYSSSS), without making text. */
export function birthDayOfKey(key: number): number | undefined {
  const dd = Math.floor(key / 1e8);
  const mm = Math.floor(key / 1e6) % 100;
  const yy = Math.floor(key / 1e4) % 100;
  const d7 = Math.floor(key / 1e3) % 10;
  return validDayNumber(centuryYear(yy, d7), mm, dd);
}

/** The form every report uses: birth date kept, serial number hidden. */
export function maskCpr(cpr: string): string {
  return `${cpr.slice(0, 6)}-****`;
}

// Six digits, then four after an optional dash or space, then any further digits: a CPR number as
// people write it, and every run of ten or more digits (a CPR glued to other digits, as in a
// ydernummer 70702430919 or a date 207024309190025-12-21, still holds one).
export const CPR_LIKE = /(\d{6})[- ]?\d{4}\d*/g;

/**
 * Masks anything in free text that looks like a CPR number: the first six digits are kept and the
 * rest of the run becomes -****, so no ten digits of the original stand in a row.
 */
export function maskCprLike(text: string): string {
  return text.replace(CPR_LIKE, '$1-****');
}
