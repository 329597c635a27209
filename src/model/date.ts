// Calendar dates as whole day numbers (days since 1970-01-01), so no time zone can shift a date.

/** The day number of 9999-12-31, which stands for "no end". */
export const OPEN_END = 2_932_896;

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Inverse of dayNumber. */
export function civilDate(n: number): CivilDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Day number of a real calendar date, or undefined when the date does not exist. */
export function validDayNumber(year: number, month: number, day: number): number | undefined {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  return dayNumber(year, month, day);
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DANISH = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/;

/**
 * Parses a service date: YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY.
 * Returns the day number, or undefined for an impossible or unknown form.
 */
export function parseDate(text: string): number | undefined {
  let m = ISO.exec(text);
  if (m) return validDayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DANISH.exec(text);
  if (m) {
    // One separator throughout: 01-02.2025 is not a date anyone writes on purpose.
    const sep1 = text[m[1]!.length];
    const sep2 = text[m[1]!.length + 1 + m[2]!.length];
    if (sep1 !== sep2) return undefined;
    return validDayNumber(Number(m[3]), Number(m[2]), Number(m[1]));
  }
  return undefined;
}

/** Parses YYYY-MM-DD strictly (rule files, options). */
export function parseIsoDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? validDayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

export function isoDate(n: number): string {
  const { year, month, day } = civilDate(n);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function yearOf(n: number): number {
  return civilDate(n).year;
}

/** Whole years from birth to date (the birthday counts on the day itself; 29 Feb births turn on 1 Mar). */
export function ageOn(birth: number, date: number): number {
  const b = civilDate(birth);
  const d = civilDate(date);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  return age;
}

const TABLE_FROM = dayNumber(1900, 1, 1);
const TABLE_TO = dayNumber(2200, 1, 1);
let yearMonths: Int32Array | undefined;

/** year * 16 + month of a day number, from a table for 1900-2199 filled as days are met (the hot loops call this per line). */
export function yearMonthOf(n: number): number {
  if (n < TABLE_FROM || n >= TABLE_TO) {
    const { year, month } = civilDate(n);
    return year * 16 + month;
  }
  yearMonths ??= new Int32Array(TABLE_TO - TABLE_FROM);
  let ym = yearMonths[n - TABLE_FROM]!;
  if (ym === 0) {
    const { year, month } = civilDate(n);
    ym = yearMonths[n - TABLE_FROM] = year * 16 + month;
  }
  return ym;
}

/** Today's day number by the UTC calendar (Danish midnight is one or two hours earlier). */
export function todayUtc(now = Date.now()): number {
  return Math.floor(now / 86_400_000);
}
