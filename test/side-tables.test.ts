// The side tables: a honorartabel (--tariffs) and the practice register (--practices).
// Any bad row stops the run with an InputError naming the file and the line.
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/input/errors.js';
import { readPracticeRegister } from '../src/input/practices.js';
import { readTariffs } from '../src/input/tariffs.js';
import { parseIsoDate } from '../src/model/date.js';
import { source } from './helpers.js';

const day = (iso: string): number => parseIsoDate(iso)!;
const OPEN = day('9999-12-31');

const tariffs = (text: string) => readTariffs(source(text, 'takster.csv'));
const practices = (text: string) => readPracticeRegister(source(text, 'praksis.csv'));

/** Tariffs as plain comparable rows: [code, from, to, amount, group, source]. */
async function tariffRows(text: string) {
  return (await tariffs(text)).map((t) => [t.code, t.from, t.to, t.amount.toFixed(2), t.group, t.source]);
}

/** The InputError a read rejects with (fails the test when it resolves or throws something else). */
async function inputError(read: Promise<unknown>): Promise<InputError> {
  const e = await read.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('readTariffs: columns and values', () => {
  const expected = [
    [126, day('2025-01-01'), day('2025-06-30'), '167.46', 0, 'takster.csv:2'],
    [126, day('2025-07-01'), OPEN, '170.00', 1, 'takster.csv:3'],
  ];

  it.each([
    ['canonical names', 'ydelseskode,fra,til,beloeb,sikringsgruppe\n0126,2025-01-01,2025-06-30,167.46,\n0126,2025-07-01,,170,1\n'],
    ['kode/fra/til/beloeb/sikringsgruppe', 'kode,fra,til,beloeb,sikringsgruppe\n0126,2025-01-01,2025-06-30,167.46,\n0126,2025-07-01,,170.00,1\n'],
    ['English names', 'code,from,to,amount,group\n0126,2025-01-01,2025-06-30,167.46,\n0126,2025-07-01,,170,1\n'],
    ['semicolons, decimal comma, Danish names and dates', 'Ydelseskode;Gyldig fra;Gyldig til;Beløb;Gruppe\n0126;01.01.2025;30.06.2025;167,46;\n126;01-07-2025;;170,00;1\n'],
    ['other columns are ignored, any order', 'note,takst,til,fra,kode,sikringsgruppe\nx,167.46,2025-06-30,2025-01-01,126,\ny,170,,2025-07-01,126,1\n'],
  ])('%s', async (_name, text) => {
    expect(await tariffRows(text)).toEqual(expected);
  });

  it('without a sikringsgruppe column every fee is for all groups', async () => {
    expect(await tariffRows('kode,fra,til,beloeb\n0101,2025-01-01,,146.79\n')).toEqual([[101, day('2025-01-01'), OPEN, '146.79', 0, 'takster.csv:2']]);
  });

  it('thousands separators and a one-day period', async () => {
    expect(await tariffRows('kode;fra;til;beloeb\n0123;2025-01-01;2025-01-01;1.473,38\n')).toEqual([[123, day('2025-01-01'), day('2025-01-01'), '1473.38', 0, 'takster.csv:2']]);
  });

  it('the source names the physical line, after blank lines', async () => {
    expect((await tariffs('kode,fra,til,beloeb\n\n0101,2025-01-01,,146.79\n')).map((t) => t.source)).toEqual(['takster.csv:3']);
  });
});

describe('readTariffs: bad values', () => {
  const header = 'kode,fra,til,beloeb,sikringsgruppe\n';
  const good = '0101,2025-01-01,,146.79,\n'; // line 2
  it.each([
    ['abc,2025-01-01,,10,', /ydelseskode must be up to 4 digits, got "abc"/],
    ['01011,2025-01-01,,10,', /ydelseskode/],
    [',2025-01-01,,10,', /ydelseskode/],
    ['0125,2025-02-30,,10,', /fra must be a date, got "2025-02-30"/],
    ['0125,,,10,', /fra must be a date/],
    ['0125,2025-01-01,snart,10,', /til must be a date or empty \(open\), got "snart"/],
    ['0125,2025-01-02,2025-01-01,10,', /til is before fra/],
    ['0125,2025-01-01,,gratis,', /beloeb must be an amount in kroner, got "gratis"/],
    ['0125,2025-01-01,,,', /beloeb/],
    ['0125,2025-01-01,,-10,', /beloeb/],
    ['0125,2025-01-01,,12.34.56,', /beloeb/],
    ['0125,2025-01-01,,10,3', /sikringsgruppe must be 1, 2 or empty, got "3"/],
    ['0125,2025-01-01,,10', /line 3: 4 fields, the header has 5/],
  ])('%s', async (row, reason) => {
    const e = await inputError(tariffs(`${header}${good}${row}\n`));
    expect(e.message).toMatch(/^takster\.csv: line 3: /);
    expect(e.message).toMatch(reason);
    expect(e.file).toBe('takster.csv');
  });

  it.each([
    ['kode,fra,til\n', /^takster\.csv: line 1: missing required column beloeb$/],
    ['kode,fra\n', /^takster\.csv: line 1: missing required columns til, beloeb$/],
    ['kode,ydelseskode,fra,til,beloeb\n', /^takster\.csv: line 1: more than one column for ydelseskode$/],
  ])('header %j', async (head, message) => {
    expect((await inputError(tariffs(`${head}0101,2025-01-01,,1,1\n`))).message).toMatch(message);
  });

  it('an empty file', async () => {
    expect((await inputError(tariffs(''))).message).toMatch(/^takster\.csv: /);
  });
});

describe('readTariffs: overlapping periods', () => {
  const header = 'kode,fra,til,beloeb,sikringsgruppe\n';
  it.each([
    ['the same day at the end of one and start of the next', '0126,2025-01-01,2025-06-30,1,\n0126,2025-06-30,,2,\n', 3, 2],
    ['an open period before a later one', '0126,2025-01-01,,1,\n0126,2026-01-01,,2,\n', 3, 2],
    ['one inside another', '0126,2025-01-01,2025-12-31,1,\n0126,2025-03-01,2025-03-31,2,\n', 3, 2],
    ['the later period written first', '0126,2025-07-01,,2,\n0126,2025-01-01,2025-07-01,1,\n', 2, 3],
    ['the same group', '0126,2025-01-01,,1,1\n0101,2025-01-01,,1,\n0126,2025-05-01,,2,1\n', 4, 2],
  ])('%s: rejected', async (_name, rows, line, other) => {
    const e = await inputError(tariffs(`${header}${rows}`));
    expect(e.message).toBe(`takster.csv: line ${line}: the period overlaps line ${other} for the same code and sikringsgruppe`);
  });

  it.each([
    ['back to back', '0126,2025-01-01,2025-06-30,1,\n0126,2025-07-01,,2,\n'],
    ['another code', '0126,2025-01-01,,1,\n0125,2025-01-01,,2,\n'],
    ['another group', '0126,2025-01-01,,1,1\n0126,2025-01-01,,2,2\n'],
    ['a group fee beside the fee for all groups', '0126,2025-01-01,,1,\n0126,2025-01-01,,2,1\n'],
  ])('%s: accepted', async (_name, rows) => {
    expect(await tariffs(`${header}${rows}`)).toHaveLength(2);
  });
});

describe('readPracticeRegister', () => {
  const rows = async (text: string) => [...(await practices(text))].map(([p, i]) => [p, i.capacities.toString(), i.listed]);

  it.each([
    ['canonical names', 'ydernummer,kapaciteter,tilmeldte\n012345,1,1500\n2,1.5,\n'],
    ['aliases', 'Ydernr;Kapacitet;Tilmeldte patienter\n012345;1;1500\n2;1,5;\n'],
    ['English names', 'practice,capacity,listed\n012345,1,1500\n2,"1,5",\n'],
  ])('%s', async (_name, text) => {
    expect(await rows(text)).toEqual([
      ['012345', '1', 1500],
      ['2', '1.5', null],
    ]);
  });

  it('without a tilmeldte column every practice has listed null', async () => {
    expect(await rows('ydernummer,kapaciteter\n1,2\n2,0.5\n')).toEqual([
      ['1', '2', null],
      ['2', '0.5', null],
    ]);
  });

  it('tilmeldte 0 is read as unknown, like empty (it could not be a denominator)', async () => {
    expect(await rows('ydernummer,kapaciteter,tilmeldte\n1,1,0\n2,1,\n3,1,007\n')).toEqual([
      ['1', '1', null],
      ['2', '1', null],
      ['3', '1', 7],
    ]);
  });

  it('ydernummer is kept as written (leading zeros matter)', async () => {
    const register = await practices('ydernummer,kapaciteter\n012345,1\n');
    expect(register.has('012345')).toBe(true);
    expect(register.has('12345')).toBe(false);
  });

  const header = 'ydernummer,kapaciteter,tilmeldte\n';
  const good = '1,1,100\n'; // line 2
  it.each([
    ['1,2,200', /ydernummer 1 is listed twice/],
    ['abc,1,100', /ydernummer must be 1-8 digits, got "abc"/],
    ['123456789,1,100', /ydernummer must be 1-8 digits/],
    [',1,100', /ydernummer/],
    ['2,0,100', /kapaciteter must be a positive number, got "0"/],
    ['2,,100', /kapaciteter/],
    ['2,-1,100', /kapaciteter/],
    ['2,to,100', /kapaciteter/],
    ['2,1.5.1,100', /kapaciteter/],
    ['2,1,12.5', /tilmeldte must be a whole number or empty, got "12.5"/],
    ['2,1,-3', /tilmeldte/],
    ['2,1', /line 3: 2 fields, the header has 3/],
  ])('%s', async (row, reason) => {
    const e = await inputError(practices(`${header}${good}${row}\n`));
    expect(e.message).toMatch(/^praksis\.csv: line 3: /);
    expect(e.message).toMatch(reason);
  });

  it('a missing required column', async () => {
    expect((await inputError(practices('ydernummer,tilmeldte\n1,100\n'))).message).toBe('praksis.csv: line 1: missing required column kapaciteter');
  });
});

describe('a bad value is quoted in the error: CPR masked, controls escaped, about 80 characters', () => {
  const CPR = '0702430919';
  // Long, but under the reader's line-length cap (a longer line is refused before its values are read).
  const long = 'z'.repeat(50_000);
  const register = 'ydernummer,kapaciteter,tilmeldte\n';
  const table = 'kode,fra,til,beloeb,sikringsgruppe\n';
  it.each([
    ['register ydernummer', () => practices(`${register}${CPR},1,100\n`), 'ydernummer must be 1-8 digits, got "070243-****"'],
    ['register kapaciteter', () => practices(`${register}1,${CPR}kr,100\n`), 'kapaciteter must be a positive number, got "070243-****kr"'],
    ['register tilmeldte', () => practices(`${register}1,1,${CPR}1\n`), 'tilmeldte must be a whole number or empty, got "070243-****"'],
    ['register escapes', () => practices(`${register}"x\x1b[2K\ny",1,100\n`), 'ydernummer must be 1-8 digits, got "x\\x1b[2K\\ny"'],
    ['register long value', () => practices(`${register}1,${long},100\n`), `kapaciteter must be a positive number, got "${'z'.repeat(79)}…"`],
    ['tariff ydelseskode', () => tariffs(`${table}${CPR},2025-01-01,,10,\n`), 'ydelseskode must be up to 4 digits, got "070243-****"'],
    ['tariff fra', () => tariffs(`${table}0101,${CPR},,10,\n`), 'fra must be a date, got "070243-****"'],
    ['tariff til', () => tariffs(`${table}0101,2025-01-01,\x1b[8m${CPR},10,\n`), 'til must be a date or empty (open), got "\\x1b[8m070243-****"'],
    ['tariff beloeb', () => tariffs(`${table}0101,2025-01-01,,${CPR}x,\n`), 'beloeb must be an amount in kroner, got "070243-****x"'],
    ['tariff sikringsgruppe', () => tariffs(`${table}0101,2025-01-01,,10,${long}\n`), `sikringsgruppe must be 1, 2 or empty, got "${'z'.repeat(79)}…"`],
  ])('%s', async (_what, read, message) => {
    const e = await inputError(read());
    expect(e.message).toMatch(/: line 2: /);
    expect(e.message.slice(e.message.indexOf('line 2: ') + 8)).toBe(message);
  });
});
