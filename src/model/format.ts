// Numbers, kroner and counted nouns as Danish and English readers write them (1.431,20 kr. / DKK 1,431.20).
import { Decimal } from 'decimal.js';

export type TextLang = 'da' | 'en';

// Grouping and the decimal sign come from Node's ICU (CLDR data for da and en). Intl is given the
// number as a decimal string, which it formats exactly (no binary floating point on the way); the
// rounding is done before, by decimal.js. One formatter per language and number of decimals.
const LOCALE: Record<TextLang, string> = { da: 'da-DK', en: 'en-GB' };
const formatters = new Map<string, Intl.NumberFormat>();

function grouped(lang: TextLang, decimals: number): Intl.NumberFormat {
  const key = `${lang}${decimals}`;
  let f = formatters.get(key);
  if (!f) {
    // signDisplay 'negative': a value rounded to zero from below shows as 0,00, not -0,00.
    f = new Intl.NumberFormat(LOCALE[lang], { useGrouping: true, minimumFractionDigits: decimals, maximumFractionDigits: 100, signDisplay: 'negative' });
    formatters.set(key, f);
  }
  return f;
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
  return grouped(lang, places ?? 0).format(plain as Intl.StringNumericLiteral);
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
