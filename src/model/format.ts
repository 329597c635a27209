// Numbers, kroner and counted nouns as Danish and English readers write them (1.431,20 kr. / DKK 1,431.20).
import { Decimal } from 'decimal.js';

export type TextLang = 'da' | 'en';

// The thousands and decimal signs of Danish (CLDR da: 1.234,5) and English (en: 1,234.5). They are
// put in by hand, not by Intl.NumberFormat: making one loads ICU's locale data, about 30 ms of a
// monthly invoice's whole check. The number comes as a plain decimal string from decimal.js,
// which has rounded it, so it is only written out, exactly.
const SIGNS: Record<TextLang, { group: string; decimal: string }> = { da: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };

/** A plain decimal string ("-1234.5") with the language's signs; a zero from below shows no minus. */
function grouped(plain: string, lang: TextLang): string {
  const { group, decimal } = SIGNS[lang];
  const negative = plain.startsWith('-');
  const digits = negative ? plain.slice(1) : plain;
  const dot = digits.indexOf('.');
  const whole = dot < 0 ? digits : digits.slice(0, dot);
  const fraction = dot < 0 ? '' : digits.slice(dot + 1);
  let out = '';
  for (let k = 0; k < whole.length; k++) {
    if (k > 0 && (whole.length - k) % 3 === 0) out += group;
    out += whole[k];
  }
  if (fraction) out += decimal + fraction;
  return negative && /[1-9]/.test(digits) ? `-${out}` : out;
}

/** The value as an exact decimal, or undefined when it is not a finite number (or a decimal string). */
export function toDecimal(value: unknown): Decimal | undefined {
  if (value instanceof Decimal) return value.isFinite() ? value : undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'bigint') return undefined;
  const text = String(value).trim();
  // Only plain decimal notation: no hex, binary or exponent forms, which Decimal would accept.
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return new Decimal(text);
}

/**
 * A number with the language's thousands and decimal signs: 1.234,5 (da), 1,234.5 (en). With
 * `places`, rounded half away from zero to exactly that many decimals (1,29); without, every
 * decimal the value has is kept, so nothing is lost.
 */
export function formatNumber(value: Decimal, lang: TextLang, places?: number): string {
  const plain = places === undefined ? value.toFixed() : value.toFixed(places, Decimal.ROUND_HALF_UP);
  return grouped(plain, lang);
}

/**
 * A ratio, such as units per patient: two decimals (1,29), but never fewer than two significant
 * digits, so a small rate reads 0,0088 rather than 0,00 and stays apart from the average it is
 * compared with.
 */
export function formatRatio(value: Decimal, lang: TextLang): string {
  // Decimal's e is the exponent of the first significant digit: -3 for 0.00875.
  const places = value.isZero() ? 2 : Math.max(2, 1 - value.e);
  return formatNumber(value, lang, places);
}

/**
 * An amount of kroner: at least two decimals (øre), more only when the value has them, so it is
 * never rounded. 1431.2 is "1.431,20 kr." in Danish and "DKK 1,431.20" in English.
 */
export function formatKroner(value: Decimal, lang: TextLang): string {
  const places = Math.max(2, value.decimalPlaces());
  const number = formatNumber(value, lang, places);
  return lang === 'da' ? `${number} kr.` : `DKK ${number}`;
}

/** A count with its noun in the right number: "1 linje", "2 linjer", "1.500 linjer". */
export function formatCount(value: Decimal | number, singular: string, plural: string, lang: TextLang): string {
  const n = value instanceof Decimal ? value : new Decimal(value);
  return `${formatNumber(n, lang)} ${n.eq(1) ? singular : plural}`;
}

/**
 * A share in percent, whole by default: "87 %" in Danish (a space before the sign, kept on the
 * line by a no-break space), "87%" in English.
 */
export function formatPercent(value: Decimal | number, lang: TextLang, places = 0): string {
  const number = formatNumber(value instanceof Decimal ? value : new Decimal(value), lang, places);
  return lang === 'da' ? `${number}\u00a0%` : `${number}%`;
}
