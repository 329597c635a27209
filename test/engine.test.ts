// The engine loses nothing and survives anything: input findings past a bound, empty inputs,
// order-independent grouped findings and service dates far from today.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, type CheckOptions, type CheckResult, InputError, type Source } from '../src/index.js';
import { fingerprint } from '../src/report/exceptions.js';
import { limitFindings } from '../src/report/limit.js';
import { bundledRuleset, fixtureFinding, fixtureResult, HEADER, P, source } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-engine-'));
let n = 0;

/** The text as a file on disk (the hot path reads it) or as a stream (the general CSV path). */
function as(how: 'file' | 'stream', text: string, name = 'test.csv'): Source {
  if (how === 'stream') return source(text, name);
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
}

function runOn(sources: Source[], options: Omit<Partial<CheckOptions>, 'ruleset'> = {}): Promise<CheckResult> {
  return check(sources, { ruleset: bundledRuleset(), ...options });
}

const inputFindings = (r: CheckResult) => r.findings.filter((f) => f.ruleId.startsWith('input/'));
const balanced = (r: CheckResult): boolean => r.summary.linesRead === r.summary.claimsChecked + r.summary.linesRejected;
const good = (patient: string, day: string): string => `1,${P[patient]},2025-03-${day},0101,1`;

describe('input findings past the bound of one kind in one file', () => {
  // Lines 2-8 have an impossible date, lines 9-10 antal 0, line 11 is good.
  const lines = [...['01', '02', '03', '04', '05', '06', '07'].map((d) => `1,${P.a},2025-02-3${d.slice(1)},0101,1`), `1,${P.b},2025-03-01,0101,0`, `1,${P.c},2025-03-01,0101,0`, good('d', '05')];
  const text = `${HEADER}\n${lines.join('\n')}\n`;

  it.each(['file', 'stream'] as const)('%s: the first are listed, the rest counted in one finding of the same kind; every line is still counted', async (how) => {
    const r = await runOn([as(how, text)], { maxInputFindings: 3 });
    const input = inputFindings(r);
    expect(input.map((f) => [f.ruleId, f.locations.map((l) => l.line), f.details])).toEqual([
      ['input/dato', [2], { column: 'dato', value: '2025-02-31' }],
      ['input/dato', [3], { column: 'dato', value: '2025-02-32' }],
      ['input/dato', [4], { column: 'dato', value: '2025-02-33' }],
      // Lines 5-8: four more, not listed one by one.
      ['input/dato', [5], { notListed: 4, firstLine: 5, lastLine: 8 }],
      ['input/antal', [9], { column: 'antal', value: '0' }],
      ['input/antal', [10], { column: 'antal', value: '0' }],
    ]);
    const more = input[3]!;
    expect([more.severity, more.topic, more.practice, more.patient, more.date, more.codes]).toEqual(['error', input[0]!.topic, null, null, null, []]);
    expect(more.message).toBe('Yderligere 4 linjer i samme fil har samme fejl og er ikke vist enkeltvis; første linje 5, sidste 8');
    expect(r.summary).toMatchObject({ linesRead: 10, claimsChecked: 1, linesRejected: 9, findings: r.findings.length });
    expect(balanced(r)).toBe(true);
  });

  it('in English', async () => {
    const r = await runOn([as('stream', text)], { maxInputFindings: 3, lang: 'en' });
    expect(r.findings.find((f) => f.details?.notListed !== undefined)?.message).toBe('4 more lines in the same file with the same problem, not listed one by one; first line 5, last 8');
  });

  it('the bound is per file: each file lists its own first lines', async () => {
    const r = await runOn([as('stream', text, 'a.csv'), as('stream', text, 'b.csv')], { maxInputFindings: 5 });
    const dato = r.findings.filter((f) => f.ruleId === 'input/dato');
    expect(dato.map((f) => [f.locations[0]!.file, f.locations[0]!.line, f.details?.notListed ?? null])).toEqual([
      ...[2, 3, 4, 5, 6].map((line) => ['a.csv', line, null]),
      ['a.csv', 7, 2],
      ...[2, 3, 4, 5, 6].map((line) => ['b.csv', line, null]),
      ['b.csv', 7, 2],
    ]);
  });

  it.each([
    ['one below the bound', 2, 0],
    ['at the bound', 3, 0],
    ['one past the bound', 4, 1],
  ])('%s: no summing-up finding until a line is left out', async (_, bad, summed) => {
    const body = Array.from({ length: bad }, () => `1,${P.a},2025-02-30,0101,1`);
    const r = await runOn([as('stream', `${HEADER}\n${body.join('\n')}\n`)], { maxInputFindings: 3 });
    expect(r.findings.filter((f) => f.ruleId === 'input/dato' && f.details?.notListed !== undefined)).toHaveLength(summed);
    expect(r.findings.filter((f) => f.ruleId === 'input/dato')).toHaveLength(Math.min(bad, 3) + summed);
  });

  it('the default bound is 1,000 of a kind per file', async () => {
    const body = Array.from({ length: 1005 }, () => `1,${P.a},2025-02-30,0101,1`);
    const r = await runOn([as('file', `${HEADER}\n${body.join('\n')}\n`)]);
    const dato = r.findings.filter((f) => f.ruleId === 'input/dato');
    expect(dato).toHaveLength(1001);
    expect(dato[1000]!.details).toEqual({ notListed: 5, firstLine: 1002, lastLine: 1006 });
    expect(r.summary.linesRejected).toBe(1005);
  });

  it('the lines listed are the first ones even when the hot path hands lines over out of order', async () => {
    // Line 2 has a CPR date that does not exist, in the shape the hot path reads: it is rejected
    // when its batch is handed over, after line 3 (a CPR with spaces around it, which the hot path
    // leaves to the general path at once) has already been reported.
    const text = `${HEADER}\n1,3102253456,2025-03-01,0101,1\n1, 3102253456 ,2025-03-01,0101,1\n1,3102253456,2025-03-01,0101,1\n`;
    for (const how of ['file', 'stream'] as const) {
      const r = await runOn([as(how, text)], { maxInputFindings: 1 });
      expect(r.findings.map((f) => [f.ruleId, f.locations[0]!.line, f.details?.notListed ?? null])).toEqual([
        ['input/cpr-dato', 2, null],
        ['input/cpr-dato', 3, 2],
      ]);
    }
  });

  it('--max-findings keeps the finding that counts the lines left out, before lines of its severity', async () => {
    const body = Array.from({ length: 6 }, () => `1,${P.a},2025-02-30,0101,1`);
    const r = await runOn([as('stream', `${HEADER}\n${body.join('\n')}\n`)], { maxInputFindings: 4 });
    const listed = limitFindings(r, 4);
    expect(listed.findings.map((f) => [f.locations[0]!.line, f.details?.notListed ?? null])).toEqual([
      [2, null],
      [3, null],
      [4, null],
      [6, 2],
    ]);
    expect(listed.summary).toMatchObject({ findings: 5, listed: 4 });
  });

  it('--max-findings still keeps more severe findings first', () => {
    const more = fixtureFinding({ ruleId: 'input/dato', severity: 'error', locations: [{ file: 'a.csv', line: 9 }], details: { notListed: 3, firstLine: 9, lastLine: 11 } });
    const error = fixtureFinding({ severity: 'error', locations: [{ file: 'a.csv', line: 2 }] });
    const warning = fixtureFinding({ severity: 'warning', locations: [{ file: 'a.csv', line: 1 }] });
    expect(limitFindings(fixtureResult([warning, error, more]), 2).findings).toEqual([error, more]);
    expect(limitFindings(fixtureResult([warning, error, more]), 1).findings).toEqual([more]);
  });

  it.each([[-1], [1.5], [Number.NaN]])('maxInputFindings %s is refused', async (max) => {
    await expect(runOn([as('stream', text)], { maxInputFindings: max })).rejects.toThrow(/maxInputFindings must be a whole number of at least 0/);
  });
});

describe('grouped findings do not depend on the order of the lines', () => {
  // 101 (padded) at three practices, 9998 (not in the catalogue) at two of them, 201 at one.
  const rows = [
    `300,${P.a},2025-03-03,101,1`,
    `100,${P.b},2025-03-03,101,1`,
    `200,${P.c},2025-03-04,101,1`,
    `300,${P.d},2025-03-04,9998,1`,
    `100,${P.e},2025-03-05,9998,1`,
    `300,${P.a},2025-03-06,9998,1`,
    `200,${P.b},2025-03-07,201,1`,
  ];
  const orders: [string, number[]][] = [
    ['as written', [0, 1, 2, 3, 4, 5, 6]],
    ['reversed', [6, 5, 4, 3, 2, 1, 0]],
    ['practice 100 first', [1, 4, 0, 2, 3, 5, 6]],
    ['practice 200 first', [6, 2, 5, 1, 0, 4, 3]],
  ];
  const prints = async (order: number[], how: 'file' | 'stream' = 'stream'): Promise<string[]> => {
    const r = await runOn([as(how, `${HEADER}\n${order.map((k) => rows[k]).join('\n')}\n`)]);
    return r.findings.map((f) => `${f.ruleId} ${fingerprint(f)}`).sort();
  };

  it.each(orders.flatMap(([name, order]) => (['file', 'stream'] as const).map((how) => [name, how, order] as const)))(
    '%s (%s): the same fingerprints as the lines in any other order',
    async (_, how, order) => {
      expect(await prints(order, how)).toEqual(await prints(orders[0]![1]));
    },
  );

  it('a padded code at several practices names none; at one practice, that one', async () => {
    const r = await runOn([as('stream', `${HEADER}\n${rows.join('\n')}\n`)]);
    expect(r.findings.filter((f) => f.ruleId === 'input/kode-udfyldt').map((f) => [f.details?.value, f.practice])).toEqual([
      ['101', null],
      ['201', '200'],
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'ukendt-ydelseskode').map((f) => [f.practice, f.details?.lines])).toEqual([
      ['300', 2],
      ['100', 1],
    ]);
  });
});

describe('service dates far from today', () => {
  // Born 1899-01-01 (7th digit 5, year 99), so a date in 1899 or 1900 is not before the birth.
  const OLD = '0101995123';
  const line = (date: string, cpr = OLD, antal = '1'): string => `1,${cpr},${date},0101,${antal}`;
  const TODAY = '2025-06-15';
  const cases: [string, string, boolean][] = [
    ['the first day checked', '1900-01-01', false],
    ['the day before it', '1899-12-31', true],
    ['a year after today', '2026-06-15', false],
    ['the day after that', '2026-06-16', true],
    ['9999-12-31', '9999-12-31', true],
    ['a day too late, written DD.MM.YYYY', '16.06.2026', true],
    ['the last day, written DD-MM-YYYY', '15-06-2026', false],
  ];

  it.each(cases.flatMap(([name, date, rejected]) => (['file', 'stream'] as const).map((how) => [name, how, date, rejected] as const)))(
    '%s (%s): %s',
    async (_, how, date, rejected) => {
      const r = await runOn([as(how, `${HEADER}\n${line(date)}\n`)], { today: TODAY });
      expect(inputFindings(r).map((f) => [f.ruleId, f.locations[0]!.line, f.details])).toEqual(
        rejected ? [['input/dato-uden-for-periode', 2, { column: 'dato', value: date, from: '1900-01-01', to: '2026-06-15' }]] : [],
      );
      expect(r.summary).toMatchObject({ linesRead: 1, linesRejected: rejected ? 1 : 0, claimsChecked: rejected ? 0 : 1 });
    },
  );

  it.each([
    ['da', 'Ydelsesdatoen 9999-12-31 ligger uden for det tidsrum, der kontrolleres (1900-01-01 til 2026-06-15, højst et år efter i dag); tjek datoen'],
    ['en', 'The service date 9999-12-31 is outside the period checked (1900-01-01 to 2026-06-15, at most a year after today); check the date'],
  ] as const)('the message names the bounds (%s)', async (lang, message) => {
    const r = await runOn([as('stream', `${HEADER}\n${line('9999-12-31')}\n`)], { today: TODAY, lang });
    expect(r.findings.map((f) => [f.severity, f.message])).toEqual([['error', message]]);
  });

  it.each([
    ['a leap day: a year later is 28 February', '2024-02-29', '2025-02-28', '2025-03-01'],
    ['the last day of a year', '2025-12-31', '2026-12-31', '2027-01-01'],
  ])('%s', async (_, today, lastOk, firstTooLate) => {
    const r = await runOn([as('file', `${HEADER}\n${line(lastOk)}\n${line(firstTooLate)}\n`)], { today });
    expect(inputFindings(r).map((f) => [f.ruleId, f.locations[0]!.line, f.details?.to])).toEqual([['input/dato-uden-for-periode', 3, lastOk]]);
  });

  it('a date out of range and before the birth date is one finding; another bad field is a second one', async () => {
    const r = await runOn([as('file', `${HEADER}\n${line('1850-01-01', P.a)}\n${line('9999-12-31', P.a, '0')}\n`)], { today: TODAY });
    expect(r.findings.map((f) => [f.ruleId, f.locations[0]!.line])).toEqual([
      ['input/dato-uden-for-periode', 2],
      ['input/antal', 3],
      ['input/dato-uden-for-periode', 3],
    ]);
    expect(r.summary).toMatchObject({ linesRead: 2, linesRejected: 2 });
  });

  it('without a today, today is the UTC date', async () => {
    const today = new Date();
    const iso = (d: Date): string => d.toISOString().slice(0, 10);
    const inTwoYears = new Date(Date.UTC(today.getUTCFullYear() + 2, today.getUTCMonth(), 1));
    const r = await runOn([as('file', `${HEADER}\n${line(iso(today))}\n${line(iso(inTwoYears))}\n`)]);
    expect(inputFindings(r).map((f) => [f.ruleId, f.locations[0]!.line])).toEqual([['input/dato-uden-for-periode', 3]]);
  });

  it.each(['2025-13-01', '15-06-2025', ''])('today "%s" is refused', async (today) => {
    await expect(runOn([as('stream', `${HEADER}\n${line('2025-01-01')}\n`)], { today })).rejects.toThrow(`today must be a date written YYYY-MM-DD, got "${today}"`);
  });
});

describe('a file with a header and no claim lines', () => {
  const cases: [string, string][] = [
    ['only the header', `${HEADER}\n`],
    ['only the header, no newline', HEADER],
    ['blank lines', `${HEADER}\n\n\n`],
    ['rows of empty cells', `${HEADER}\n,,,,\r\n ,,, ,\n`],
  ];
  it.each(cases.flatMap(([name, text]) => (['file', 'stream'] as const).map((how) => [name, how, text] as const)))('%s (%s): refused', async (_, how, text) => {
    const src = as(how, text, 'tom.csv');
    const name = typeof src === 'string' ? src : src.name;
    await expect(runOn([src])).rejects.toThrow(new InputError(name, 'has a header but no claim lines; give --allow-empty to accept that'));
  });

  it.each(cases)('%s: accepted with allowEmpty', async (_, text) => {
    const r = await runOn([as('stream', text)], { allowEmpty: true });
    expect(r.summary).toMatchObject({ linesRead: 0, claimsChecked: 0, linesRejected: 0 });
  });

  it('the empty one of several files is named', async () => {
    await expect(runOn([as('stream', `${HEADER}\n${good('a', '03')}\n`, 'a.csv'), as('stream', `${HEADER}\n`, 'b.csv')])).rejects.toThrow('b.csv: has a header but no claim lines');
  });

  it.each(['file', 'stream'] as const)('a file whose every line is rejected is not empty: it has findings (%s)', async (how) => {
    const r = await runOn([as(how, `${HEADER}\n1,${P.a},2025-02-30,0101,1\n`)]);
    expect(r.summary).toMatchObject({ linesRead: 1, claimsChecked: 0, linesRejected: 1 });
    expect(inputFindings(r).map((f) => f.ruleId)).toEqual(['input/dato']);
  });
});
