// Amounts in kroner as exact decimals; accepts decimal comma and thousands separators.
import { Decimal } from 'decimal.js';

const PLAIN = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/;
const DOT_THOUSANDS = /^(-?)(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/;
const COMMA_THOUSANDS = /^(-?)(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/**
 * Parses 146.79, 146,79, 1.412,77, 1,412.77 or 1412. A lone separator followed by three digits
 * is read as thousands (1.412 is 1412 kr.), since øre have two digits.
 */
export function parseAmount(text: string): Decimal | undefined {
  const m = PLAIN.exec(text) ?? DOT_THOUSANDS.exec(text) ?? COMMA_THOUSANDS.exec(text);
  if (!m) return undefined;
  const whole = m[2]!.replace(/[.,]/g, '');
  return new Decimal(`${m[1]}${whole}.${m[3] ?? '0'}`);
}
