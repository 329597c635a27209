// Amounts in kroner as exact decimals; accepts decimal comma and thousands separators.
import { Decimal } from 'decimal.js';

const PLAIN = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/;
const DOT_THOUSANDS = /^(-?)(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/;
const COMMA_THOUSANDS = /^(-?)(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/**
 * Whole kroner have at most this many digits (under a trillion kroner): what the hot path
 * (input/fast.ts) reads, and what a line's øre can hold exactly as a JavaScript number.
 */
export const MAX_KRONER_DIGITS = 12;

/**
 * Parses 146.79, 146,79, 1.412,77, 1,412.77 or 1412. A lone separator followed by three digits
 * is read as thousands (1.412 is 1412 kr.), since øre have two digits. More than
 * MAX_KRONER_DIGITS digits of whole kroner (leading zeros aside) is not an amount.
 */
export function parseAmount(text: string): Decimal | undefined {
  const m = PLAIN.exec(text) ?? DOT_THOUSANDS.exec(text) ?? COMMA_THOUSANDS.exec(text);
  if (!m) return undefined;
  const whole = m[2]!.replace(/[.,]/g, '').replace(/^0+(?=\d)/, '');
  if (whole.length > MAX_KRONER_DIGITS) return undefined;
  return new Decimal(`${m[1]}${whole}.${m[3] ?? '0'}`);
}
