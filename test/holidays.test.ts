// Danish public holidays, weekdays and vagttid on day numbers. Easter dates are the published
// Gregorian (western) Easter Sundays, not values read back from the program.
import { describe, expect, it } from 'vitest';
import { dayNumber, isoDate, parseIsoDate } from '../src/model/date.js';
import { easterSunday, isPublicHoliday, publicHolidays, type VagttidOptions, vagttidReason, weekday } from '../src/model/holidays.js';

const day = (iso: string): number => parseIsoDate(iso)!;
const sorted = (set: ReadonlySet<number>): string[] => [...set].sort((a, b) => a - b).map(isoDate);

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'], // the earliest possible date
    [1943, '1943-04-25'], // the latest possible date
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2016, '2016-03-27'],
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('%i: %s', (year, date) => {
    expect(isoDate(easterSunday(year))).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    for (let year = 1900; year <= 2100; year++) {
      const e = easterSunday(year);
      expect(weekday(e)).toBe(6);
      expect(e).toBeGreaterThanOrEqual(dayNumber(year, 3, 22));
      expect(e).toBeLessThanOrEqual(dayNumber(year, 4, 25));
    }
  });
});

describe('publicHolidays', () => {
  it('2025: the ten holidays', () => {
    expect(sorted(publicHolidays(2025))).toEqual([
      '2025-01-01', // nytårsdag
      '2025-04-17', // skærtorsdag (Easter - 3)
      '2025-04-18', // langfredag (Easter - 2)
      '2025-04-20', // påskedag
      '2025-04-21', // 2. påskedag (Easter + 1)
      '2025-05-29', // Kristi himmelfartsdag (Easter + 39)
      '2025-06-08', // pinsedag (Easter + 49)
      '2025-06-09', // 2. pinsedag (Easter + 50)
      '2025-12-25', // juledag
      '2025-12-26', // 2. juledag
    ]);
  });

  it('2023 has store bededag (fourth Friday after Easter), 2024 does not', () => {
    // Easter 2023 was 9 April: store bededag 5 May. Easter 2024 was 31 March: the same Friday would be 26 April.
    expect(publicHolidays(2023).has(day('2023-05-05'))).toBe(true);
    expect(publicHolidays(2023).size).toBe(11);
    expect(publicHolidays(2024).has(day('2024-04-26'))).toBe(false);
    expect(publicHolidays(2024).size).toBe(10);
    expect(sorted(publicHolidays(2023)).filter((d) => d.startsWith('2023-05'))).toEqual(['2023-05-05', '2023-05-18', '2023-05-28', '2023-05-29']);
  });

  it.each([
    ['2025-01-01', true],
    ['2025-12-25', true],
    ['2024-03-28', true], // skærtorsdag 2024
    ['2024-05-09', true], // Kristi himmelfartsdag 2024
    ['2025-06-05', false], // grundlovsdag
    ['2025-12-24', false], // juleaften
    ['2025-12-31', false], // nytårsaften
    ['2025-04-19', false], // påskelørdag
    ['2025-04-22', false],
    ['2025-05-01', false],
  ])('isPublicHoliday(%s) is %s', (date, expected) => {
    expect(isPublicHoliday(day(date))).toBe(expected);
  });
});

describe('weekday (0 = Monday … 6 = Sunday)', () => {
  it.each([
    ['1970-01-01', 3], // day 0, a Thursday
    ['1969-12-31', 2], // negative day numbers: Wednesday
    ['1969-12-29', 0], // Monday
    ['1900-01-01', 0], // a Monday
    ['2000-01-01', 5], // a Saturday
    ['2000-02-29', 1], // a Tuesday
    ['2025-03-04', 1], // a Tuesday
    ['2025-03-08', 5], // a Saturday
    ['2025-03-09', 6], // a Sunday
    ['2025-12-26', 4], // a Friday
  ])('%s is %i', (date, expected) => {
    expect(weekday(day(date))).toBe(expected);
  });

  it('agrees with JavaScript’s own calendar over a range of days', () => {
    for (let n = -800; n <= 800; n += 7 * 13 + 1) {
      // getUTCDay: 0 = Sunday; ours: 0 = Monday.
      expect(weekday(n)).toBe((new Date(n * 864e5).getUTCDay() + 6) % 7);
    }
  });
});

describe('vagttidReason', () => {
  const o: VagttidOptions = { dayStart: 8 * 60, dayEnd: 16 * 60, extraDays: [] };
  const christmasEve: VagttidOptions = { ...o, extraDays: [[12, 24]] };
  const at = (hh: number, mm: number): number => hh * 60 + mm;

  it.each([
    ['a Tuesday, no time', '2025-03-04', -1, o, null],
    ['a Tuesday 00:00', '2025-03-04', at(0, 0), o, 'tidspunkt'],
    ['a Tuesday 07:59', '2025-03-04', at(7, 59), o, 'tidspunkt'],
    ['a Tuesday 08:00', '2025-03-04', at(8, 0), o, null],
    ['a Tuesday 15:59', '2025-03-04', at(15, 59), o, null],
    ['a Tuesday 16:00', '2025-03-04', at(16, 0), o, 'tidspunkt'],
    ['a Tuesday 23:59', '2025-03-04', at(23, 59), o, 'tidspunkt'],
    ['a Saturday, no time', '2025-03-08', -1, o, 'weekend'],
    ['a Sunday at noon', '2025-03-09', at(12, 0), o, 'weekend'],
    ['a Saturday before 08:00 is weekend first', '2025-03-08', at(6, 0), o, 'weekend'],
    ['a holiday on a weekday, no time', '2025-04-21', -1, o, 'helligdag'],
    ['a holiday in daytime hours', '2025-05-29', at(10, 0), o, 'helligdag'],
    ['a holiday out of hours is a holiday', '2025-12-25', at(20, 0), o, 'helligdag'],
    ['a holiday on a Sunday is a weekend', '2025-06-08', at(10, 0), o, 'weekend'],
    ['juleaften without extraDays', '2025-12-24', at(10, 0), o, null],
    ['juleaften with extraDays 12-24', '2025-12-24', at(10, 0), christmasEve, 'helligdag'],
    ['extraDays on a Saturday is a weekend', '2022-12-24', at(10, 0), christmasEve, 'weekend'],
    ['the day after an extra day', '2025-12-23', at(10, 0), christmasEve, null],
    ['store bededag 2023', '2023-05-05', at(10, 0), o, 'helligdag'],
    ['the same Friday in 2024', '2024-04-26', at(10, 0), o, null],
  ] as const)('%s', (_name, date, time, options, expected) => {
    expect(vagttidReason(day(date), time, options)).toBe(expected);
  });
});
