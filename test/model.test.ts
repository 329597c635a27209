// Table tests for the value parsers: dates, CPR numbers and amounts. Expected values are worked out
// by hand (or by an independent implementation, JavaScript's Date), never copied from the program.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthDay, birthDayOfKey, birthYear, maskCpr, maskCprLike, normaliseCpr } from '../src/model/cpr.js';
import { ageOn, civilDate, dayNumber, isoDate, parseDate, parseIsoDate, yearMonthOf } from '../src/model/date.js';
import { compareDanish } from '../src/model/collate.js';
import { formatCount, formatKroner, formatNumber, formatRatio, toDecimal } from '../src/model/format.js';
import { parseAmount } from '../src/model/money.js';
import { quoteInput } from '../src/model/quote.js';

/** Days since 1970-01-01 by JavaScript's own calendar, as an independent oracle. */
const utcDay = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 864e5;

describe('dayNumber', () => {
  it.each([
    [1970, 1, 1, 0],
    [1970, 1, 2, 1],
    [1969, 12, 31, -1],
    [2000, 1, 1, 10957], // 30 years of 365 days + 7 leap days (72, 76, 80, 84, 88, 92, 96)
    [2000, 3, 1, 10957 + 31 + 29],
    [2025, 1, 1, 20089], // 1735689600 s / 86400
  ])('%i-%i-%i is day %i', (y, m, d, n) => {
    expect(dayNumber(y, m, d)).toBe(n);
  });
});

describe('parseDate', () => {
  const march1 = utcDay(2025, 3, 1);
  it.each(['2025-03-01', '01-03-2025', '01.03.2025', '01/03/2025'])('%s is 1 March 2025', (text) => {
    expect(parseDate(text)).toBe(march1);
  });

  it.each([
    ['2024-02-29', utcDay(2024, 2, 29)], // 2024 is a leap year
    ['29.02.2024', utcDay(2024, 2, 29)],
    ['2000-02-29', utcDay(2000, 2, 29)], // divisible by 400: leap
    ['31.12.2025', utcDay(2025, 12, 31)],
    ['30/04/2025', utcDay(2025, 4, 30)],
  ])('accepts %s', (text, day) => {
    expect(parseDate(text)).toBe(day);
  });

  it.each([
    ['2025-02-29', 'not a leap year'],
    ['1900-02-29', 'divisible by 100, not by 400: not a leap year'],
    ['2024-02-30', 'February never has 30 days'],
    ['31.04.2025', 'April has 30 days'],
    ['2025-13-01', 'month 13'],
    ['2025-00-10', 'month 0'],
    ['00.03.2025', 'day 0'],
    ['01-02.2025', 'mixed separators'],
    ['01.02/2025', 'mixed separators'],
    ['2025/03/01', 'year first with slashes'],
    ['2025.03.01', 'year first with dots'],
    ['01-03-25', 'two-digit year'],
    ['20250301', 'no separators'],
    ['', 'empty'],
    ['1000000000000', 'thirteen digits of whole kroner'],
    ['1.000.000.000.000,00', 'thirteen digits with thousands separators'],
    ['123456789012345678.99', 'eighteen digits (would round)'],
    ['1234567890123456789012', 'twenty-two digits'],
  ])('rejects %s (%s)', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});

describe('isoDate round-trip', () => {
  it('every 17th day from 1899-01-01 to 2101-12-31 matches the JavaScript calendar and parses back', () => {
    const from = utcDay(1899, 1, 1);
    const to = utcDay(2101, 12, 31);
    let n = 0;
    for (let day = from; day <= to; day += 17, n++) {
      const iso = new Date(day * 864e5).toISOString().slice(0, 10);
      expect(isoDate(day)).toBe(iso);
      expect(parseDate(iso)).toBe(day);
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      expect(dayNumber(y, m, d)).toBe(day);
    }
    expect(n).toBeGreaterThan(4000); // the loop really ran over two centuries
  });
});

describe('ageOn', () => {
  const d = (iso: string): number => parseDate(iso)!;
  it.each([
    ['2000-05-10', '2025-05-09', 24, 'the day before the birthday'],
    ['2000-05-10', '2025-05-10', 25, 'on the birthday'],
    ['2000-05-10', '2025-05-11', 25, 'the day after'],
    ['2000-05-10', '2000-05-10', 0, 'the day of birth'],
    ['1999-12-31', '2000-01-01', 0, 'new year the day after birth'],
    ['1999-12-31', '2000-12-30', 0, 'one day short of a year across new year'],
    ['1999-12-31', '2000-12-31', 1, 'a year across new year'],
    ['2000-02-29', '2001-02-28', 0, 'leap-day birth, 28 Feb of a common year'],
    ['2000-02-29', '2001-03-01', 1, 'leap-day birth turns on 1 March'],
    ['2000-02-29', '2004-02-28', 3, 'leap-day birth, 28 Feb of a leap year'],
    ['2000-02-29', '2004-02-29', 4, 'leap-day birth on 29 Feb'],
    ['1960-01-01', '2025-12-31', 65, 'last day of the year'],
  ])('born %s, on %s: %i (%s)', (birth, on, age) => {
    expect(ageOn(d(birth), d(on))).toBe(age);
  });
});

describe('normaliseCpr', () => {
  it.each([
    ['0101601234', '0101601234'],
    ['010160-1234', '0101601234'],
    ['3112999999', '3112999999'],
  ])('%s gives %s', (text, digits) => {
    expect(normaliseCpr(text)).toBe(digits);
  });

  it.each([
    ['010160123', '9 digits'],
    ['01016012345', '11 digits'],
    ['010160-123', '9 digits with a dash'],
    ['010160-12345', '11 digits with a dash'],
    ['01016A1234', 'a letter'],
    ['010160-12a4', 'a letter after the dash'],
    ['01016-01234', 'dash after 5 digits'],
    ['0101601-234', 'dash after 7 digits'],
    ['010160 1234', 'a space instead of the dash'],
    ['010160--1234', 'two dashes'],
    ['', 'empty'],
    ['1000000000000', 'thirteen digits of whole kroner'],
    ['1.000.000.000.000,00', 'thirteen digits with thousands separators'],
    ['123456789012345678.99', 'eighteen digits (would round)'],
    ['1234567890123456789012', 'twenty-two digits'],
  ])('rejects %s (%s)', (text) => {
    expect(normaliseCpr(text)).toBeUndefined();
  });
});

describe('birthYear: the CPR office century table', () => {
  // Digit 7 (the first of the serial number) against the two-digit year YY.
  const cpr = (yy: string, d7: number): string => `0101${yy}${d7}234`;
  const rows: [digits: number[], yy: string, year: number][] = [];
  for (const yy of ['00', '36', '37', '57', '58', '99']) {
    const y = Number(yy);
    rows.push([[0, 1, 2, 3], yy, 1900 + y]);
    rows.push([[4, 9], yy, y <= 36 ? 2000 + y : 1900 + y]);
    rows.push([[5, 6, 7, 8], yy, y <= 57 ? 2000 + y : 1800 + y]);
  }
  // Spelled out, so the table above cannot hide a mistake of its own.
  it('the generated table has the expected boundary years', () => {
    const lookup = (d: number, yy: string): number => rows.find(([ds, y]) => ds.includes(d) && y === yy)![2];
    expect([lookup(4, '36'), lookup(4, '37'), lookup(5, '57'), lookup(5, '58'), lookup(0, '00')]).toEqual([2036, 1937, 2057, 1858, 1900]);
  });
  for (const [digits, yy, year] of rows) {
    for (const d7 of digits) {
      it(`digit 7 = ${d7}, YY = ${yy} is ${year}`, () => {
        expect(birthYear(cpr(yy, d7))).toBe(year);
      });
    }
  }
});

describe('birthDay', () => {
  it.each([
    ['0101601234', 1960, 'digit 7 = 1, YY 60: 1960'],
    ['3112999999', 1999, 'digit 7 = 9, YY 99 > 36: 1999'],
    ['2902004234', 2000, 'digit 7 = 4, YY 00: 2000, a leap year'],
    ['2902961234', 1996, '1996 is a leap year'],
    ['0101585234', 1858, 'digit 7 = 5, YY 58: 1858'],
    ['0101575234', 2057, 'digit 7 = 5, YY 57: 2057'],
  ])('%s is born in %i (%s)', (cpr, year) => {
    expect(birthDay(cpr)).toBe(utcDay(year, Number(cpr.slice(2, 4)), Number(cpr.slice(0, 2))));
  });

  it.each([
    ['3102251234', '31 February'],
    ['2902001234', '29 February 1900 (digit 7 = 1): 1900 is not a leap year'],
    ['2902251234', '29 February 1925'],
    ['3104251234', '31 April'],
    ['0013251234', 'month 13'],
    ['0100251234', 'month 00'],
    ['0001251234', 'day 00'],
    ['3201251234', 'day 32'],
  ])('%s has no birth day (%s)', (cpr) => {
    expect(birthDay(cpr)).toBeUndefined();
  });

  it('a number that fails modulus 11 is still a valid CPR', () => {
    const cpr = '0101601235';
    const weights = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];
    const sum = [...cpr].reduce((s, ch, i) => s + Number(ch) * weights[i]!, 0);
    expect(sum % 11).not.toBe(0); // 67 mod 11 = 1
    expect(normaliseCpr(cpr)).toBe(cpr);
    expect(birthDay(cpr)).toBe(utcDay(1960, 1, 1));
  });
});

describe('maskCpr', () => {
  it.each([
    ['0101601234', '010160-****'],
    ['3112999999', '311299-****'],
  ])('%s is shown as %s', (cpr, masked) => {
    expect(maskCpr(cpr)).toBe(masked);
  });
});

describe('maskCprLike', () => {
  // Whatever the text, no ten digits of a CPR number in a row survive, written with or without a
  // dash or a space; the birth date (the first six) is kept, as in the masked form DDMMYY-****.
  it.each([
    ['2903550819', '290355-****'],
    ['290355-0819', '290355-****'],
    ['290355 0819', '290355-****'],
    ['ydernummer 70702430919', 'ydernummer 707024-****'], // eleven digits: a CPR inside
    ['207024309190025-12-21', '207024-****-12-21'], // a date with a CPR run glued on
    ['12345678901234567890', '123456-****'], // two CPR numbers' worth
    ['12290355-0819', '12290355-****'], // digits before the dashed form
    ['2903550819,0101601234', '290355-****,010160-****'],
    ['cpr=2903550819;', 'cpr=290355-****;'],
    ['290355-081', '290355-081'], // nine digits: not a CPR number
    ['123456789', '123456789'],
    ['2025-03-04 12:30', '2025-03-04 12:30'],
    ['', ''],
  ])('%j is %j', (text, masked) => {
    expect(maskCprLike(text)).toBe(masked);
  });

  it('leaves nothing CPR-shaped in any text of digits, dashes, spaces and letters', () => {
    const text = fc.string({ unit: fc.constantFrom('0', '1', '2', '9', '-', ' ', 'a'), maxLength: 40 });
    fc.assert(fc.property(text, (t) => !/\d{6}[- ]?\d{4}/.test(maskCprLike(t))), { numRuns: 2000 });
  });
});

describe('quoteInput: a value from the input as a message shows it', () => {
  const x = (n: number): string => 'x'.repeat(n);
  it.each([
    ['plain text stays', 'Ugyldig 12,5', 'Ugyldig 12,5'],
    ['terminal escapes are shown, not sent', '\x1b[2K\x1b[1A', '\\x1b[2K\\x1b[1A'],
    ['line ends and tabs by their usual names', 'a\nb\r\tc', 'a\\nb\\r\\tc'],
    ['NUL and DEL', '\0\x7f', '\\x00\\x7f'],
    ['C1 controls (NEL, CSI)', '\u0085\u009b', '\\x85\\x9b'],
    ['Unicode line and paragraph separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['bidirectional overrides and isolates', '\u202eabc\u2066', '\\u202eabc\\u2066'],
    ['a CPR number is masked', 'cpr 2903550819', 'cpr 290355-****'],
    ['80 characters are shown whole', x(80), x(80)],
    ['81 are cut to 79 and the mark', x(81), `${x(79)}…`],
    ['a CPR across the cut is masked, not shown in part', `${x(75)}2903550819`, `${x(75)}2903…`],
    ['a long digit run across the cut is masked', `${x(78)}2903550819123`, `${x(78)}2…`],
    ['an escape is not cut in half', `${x(77)}\x1byy`, `${x(77)}…`],
    ['a surrogate pair is not cut in half', `${x(78)}😀z`, `${x(78)}…`],
    ['Danish letters stay', 'Æblegrød på ø', 'Æblegrød på ø'],
  ])('%s', (_what, text, shown) => {
    expect(quoteInput(text)).toBe(shown);
  });

  it('takes another limit', () => {
    expect([quoteInput('abcdef', 4), quoteInput(x(500), Infinity)]).toEqual(['abc…', x(500)]);
  });

  it('looks only at the start of a huge value', () => {
    expect(quoteInput(x(50_000_000))).toBe(`${x(79)}…`);
  });

  it('whatever the text: at most 80 characters, no control character, nothing CPR-shaped, and quoting it again changes nothing', () => {
    const unit = fc.oneof(fc.constantFrom('0', '1', '9', '-', ' ', '\\', '\n', '\x1b', '\u2028', '\u009b', '😀'), fc.string({ maxLength: 1 }));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 120 }), (t) => {
        const q = quoteInput(t);
        return q.length <= 80 && quoteInput(q) === q && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(q) && !/\d{6}[- ]?\d{4}/.test(q) && q.isWellFormed();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseAmount', () => {
  it.each([
    ['146.79', '146.79'],
    ['146,79', '146.79'],
    ['146,7', '146.70'],
    ['1.412,77', '1412.77'],
    ['1,412.77', '1412.77'],
    ['1412', '1412.00'],
    ['1412,77', '1412.77'],
    ['-50,00', '-50.00'],
    ['-1.412,77', '-1412.77'],
    ['1.412', '1412.00'], // a lone separator before three digits is thousands
    ['1.234.567,89', '1234567.89'],
    ['1,234,567.89', '1234567.89'],
    ['0', '0.00'],
    ['0,05', '0.05'],
    // Up to twelve digits of whole kroner, as the hot path reads them; exact, not rounded.
    ['999999999999.99', '999999999999.99'],
    ['999.999.999.999,99', '999999999999.99'],
    ['-999999999999,99', '-999999999999.99'],
    ['0000000000001,50', '1.50'], // leading zeros are not digits of the amount
  ])('%s is %s', (text, value) => {
    expect(parseAmount(text)?.toFixed(2)).toBe(value);
  });

  it('is exact: no binary floating point on the way', () => {
    expect(parseAmount('0,10')!.plus(parseAmount('0,20')!).toFixed(20)).toBe('0.30000000000000000000');
  });

  it.each([
    ['12x50', 'a letter'],
    ['1.2.3', 'groups of one digit'],
    ['1,41,2', 'groups of two digits'],
    ['1.412.77', 'a dot before the øre'],
    ['1,412,77', 'a comma before the øre with comma thousands'],
    ['1.412,775', 'three øre digits'],
    ['146.', 'separator without digits'],
    [',79', 'no whole kroner'],
    ['+5', 'a plus sign'],
    ['1 412,77', 'a space as thousands separator'],
    ['', 'empty'],
    ['1000000000000', 'thirteen digits of whole kroner'],
    ['1.000.000.000.000,00', 'thirteen digits with thousands separators'],
    ['123456789012345678.99', 'eighteen digits (would round)'],
    ['1234567890123456789012', 'twenty-two digits'],
  ])('rejects %s (%s)', (text) => {
    expect(parseAmount(text)).toBeUndefined();
  });

  // Øre have two digits, so a lone separator before three digits can only be thousands: 146.795
  // has the shape of 1.412 and is read as 146795 kr. (A wrong amount is the tariff check's job.)
  it('reads 146.795 as thousands, like 1.412', () => {
    expect(parseAmount('146.795')?.toFixed(2)).toBe('146795.00');
  });
});

describe('birthDayOfKey: the birth day from the CPR digits read as a number', () => {
  it.each(['0101601234', '0101004234', '3112994999', '2902205123', '0101375678', '0101585678', '3102801234', '0000000000'])('agrees with birthDay for %s', (cpr) => {
    expect(birthDayOfKey(Number(cpr))).toBe(birthDay(cpr));
  });
});

describe('compareDanish', () => {
  it('sorts a-z before æ, ø, å, ignoring case', () => {
    expect(['Å', 'ø', 'Z', 'a', 'Æ', 'b'].sort(compareDanish)).toEqual(['a', 'b', 'Z', 'Æ', 'ø', 'Å']);
  });
  it('orders the bundled topics as before (digits first)', () => {
    expect(['Palliation', '0105 e-konsultation', 'Dagtid og vagttid', 'Ydelseskatalog'].sort(compareDanish)).toEqual(['0105 e-konsultation', 'Dagtid og vagttid', 'Palliation', 'Ydelseskatalog']);
  });
});

describe('yearMonthOf', () => {
  it.each(['1900-01-01', '1999-12-31', '2024-02-29', '2025-03-04', '2199-12-31', '1850-06-15', '2250-01-01'])('%s', (d) => {
    const n = parseIsoDate(d)!;
    const { year, month } = civilDate(n);
    expect(yearMonthOf(n)).toBe(year * 16 + month);
    expect(yearMonthOf(n)).toBe(year * 16 + month);
  });
});

describe('formatNumber, formatKroner, formatCount: numbers as Danish and English readers write them', () => {
  const numbers: [string, 'da' | 'en', number | undefined, string][] = [
    ['1431.2', 'da', undefined, '1.431,2'],
    ['1431.2', 'en', undefined, '1,431.2'],
    ['1431.2', 'da', 2, '1.431,20'],
    ['1.2869', 'da', 2, '1,29'],
    ['1.2869', 'en', 2, '1.29'],
    ['2.345', 'da', 2, '2,35'], // half away from zero
    ['-2.345', 'da', 2, '-2,35'],
    ['-0.001', 'da', 2, '0,00'], // no minus on a value rounded to zero
    ['999999999999.99', 'da', undefined, '999.999.999.999,99'],
    ['123456789012345678.5', 'en', undefined, '123,456,789,012,345,678.5'], // beyond float precision, exact
    ['1000', 'da', undefined, '1.000'],
    ['999', 'da', undefined, '999'],
    ['0', 'en', 2, '0.00'],
  ];
  it.each(numbers)('formatNumber(%s, %s, %s) is %s', (value, lang, places, text) => {
    expect(formatNumber(new Decimal(value), lang, places)).toBe(text);
  });

  const ratios: [string, 'da' | 'en', string][] = [
    ['1.2869', 'da', '1,29'],
    ['12.5', 'en', '12.50'],
    ['0.125', 'da', '0,13'],
    ['0.0088', 'da', '0,0088'],
    ['0.00875', 'da', '0,0088'],
    ['0.014', 'en', '0.014'],
    ['0.05', 'da', '0,050'],
    ['-0.0033', 'da', '-0,0033'],
    ['0', 'da', '0,00'],
  ];
  it.each(ratios)('formatRatio(%s, %s) is %s: two decimals, at least two significant digits', (value, lang, text) => {
    expect(formatRatio(new Decimal(value), lang)).toBe(text);
  });

  const kroner: [string, 'da' | 'en', string][] = [
    ['146.79', 'da', '146,79 kr.'],
    ['146.79', 'en', 'DKK 146.79'],
    ['1412.7', 'da', '1.412,70 kr.'],
    ['450', 'en', 'DKK 450.00'],
    ['1234567.891', 'da', '1.234.567,891 kr.'], // never rounded: a third decimal stays
    ['-6.89', 'da', '-6,89 kr.'],
  ];
  it.each(kroner)('formatKroner(%s, %s) is %s', (value, lang, text) => {
    expect(formatKroner(new Decimal(value), lang)).toBe(text);
  });

  const counts: [number | string, string][] = [
    [0, '0 filer'],
    [1, '1 fil'],
    [2, '2 filer'],
    [12500, '12.500 filer'],
    ['1.5', '1,5 filer'],
  ];
  it.each(counts)('formatCount(%s) is %s', (n, text) => {
    expect(formatCount(typeof n === 'number' ? n : new Decimal(n), 'fil', 'filer', 'da')).toBe(text);
  });

  const decimals: [unknown, string | undefined][] = [
    ['1431.20', '1431.2'],
    [' 7 ', '7'],
    [12, '12'],
    [-0.5, '-0.5'],
    ['1e3', undefined],
    ['0x10', undefined],
    ['1,5', undefined],
    ['', undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [null, undefined],
    [['1'], undefined],
  ];
  it.each(decimals)('toDecimal(%j) is %s', (value, text) => {
    expect(toDecimal(value)?.toString()).toBe(text);
  });
});
