// Danish public holidays and vagttid (out-of-hours), on day numbers.
import { civilDate, dayNumber } from './date.js';

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}

/** Last year Store Bededag was a public holiday (abolished by law from 2024). */
const LAST_STORE_BEDEDAG = 2023;

/** Offsets from Easter Sunday of the moveable holidays. */
const EASTER_OFFSETS = [-3, -2, 0, 1, 39, 49, 50]; // skærtorsdag .. 2. pinsedag

const cache = new Map<number, Set<number>>();

/**
 * The Danish public holidays (helligdage) of a year: nytårsdag, skærtorsdag, langfredag, påskedag,
 * 2. påskedag, store bededag (to 2023), Kristi himmelfartsdag, pinsedag, 2. pinsedag, juledag and
 * 2. juledag. Grundlovsdag, juleaften and nytårsaften are not public holidays; a rule can add them.
 */
export function publicHolidays(year: number): Set<number> {
  let set = cache.get(year);
  if (set) return set;
  const easter = easterSunday(year);
  set = new Set([dayNumber(year, 1, 1), dayNumber(year, 12, 25), dayNumber(year, 12, 26)]);
  for (const offset of EASTER_OFFSETS) set.add(easter + offset);
  if (year <= LAST_STORE_BEDEDAG) set.add(easter + 26);
  cache.set(year, set);
  return set;
}

export function isPublicHoliday(day: number): boolean {
  return publicHolidays(civilDate(day).year).has(day);
}

/** 0 = Monday … 6 = Sunday. Day 0 (1970-01-01) was a Thursday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export type Period = 'dagtid' | 'vagttid';

export interface VagttidOptions {
  /** Minutes after midnight when dagtid starts and ends on a weekday (08:00, 16:00). */
  dayStart: number;
  dayEnd: number;
  /** Extra whole days of vagttid by month and day, e.g. [[12, 24]]. */
  extraDays: readonly (readonly [number, number])[];
}

/**
 * Why a service at this day (and time, or -1 when unknown) falls in vagttid, or null when it is
 * dagtid or cannot be told. Vagttid is weekdays before dayStart and from dayEnd, and all of
 * Saturdays, Sundays and public holidays.
 */
export function vagttidReason(day: number, time: number, o: VagttidOptions): 'weekend' | 'helligdag' | 'tidspunkt' | null {
  if (weekday(day) >= 5) return 'weekend';
  if (isPublicHoliday(day)) return 'helligdag';
  if (o.extraDays.length) {
    const { month, day: dom } = civilDate(day);
    if (o.extraDays.some(([m, d]) => m === month && d === dom)) return 'helligdag';
  }
  if (time >= 0 && (time < o.dayStart || time >= o.dayEnd)) return 'tidspunkt';
  return null;
}
