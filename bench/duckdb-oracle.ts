// The benchmark's oracle: the five core rule families, duplicate lines and dagtid services in
// vagttid as SQL over the export, loaded into DuckDB.
// `node dist/bench/duckdb-oracle.js FILE` prints {counts, rows, loadSeconds, querySeconds} as JSON.
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { type BenchCounts, COUNT_NAMES } from './counts.js';

export interface OracleResult {
  counts: BenchCounts;
  rows: number;
  loadSeconds: number;
  querySeconds: number;
  /** Of querySeconds, the queries added for the findings profile's families (ADDED_QUERIES). */
  addedQuerySeconds: number;
  duckdb: string;
}

const list = (codes: readonly string[]): string => codes.map((c) => `'${c}'`).join(', ');
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => String(from + k).padStart(4, '0'));

/** rules/grundydelser.json: the codes and @sygebesoeg (0411) and 4584-4589. */
const GRUNDYDELSER = ['0101', '0105', '0120', '0121', '0122', '0123', '0125', '0201', '0204', '0411', ...range(4584, 4589)];
/** rules/samtaleterapi.json, samtaleterapi-uden-grundydelse: anyOf. */
const BASE_6101 = ['0101', '0125'];
/** rules/palliation.json, palliation-tillaeg-uden-grundydelse. */
const PALLIATION_ADD_ONS = ['4593', '4594'];
const PALLIATION_BASE = ['0101', '0120', '0411', ...range(4584, 4589)];
/** rules/kronikerprogram.json, kronikerprogram-ikke-saerskilt. */
const ENROL = range(130, 132);
const END = ['0133'];
const EXCLUDED = ['0101', '0105', '0120', '0125', '0127', '0201', '0204'];
/** rules/telefonkonsultation-0204.json: the fewest practices a pooled average is made from. */
const MIN_PRACTICES_0204 = 10;
/**
 * rules/dagtid-vagttid.json: the codes of its two rules, and their shared params (dayStart,
 * dayEnd, no extraDays) and validFrom. test/bench.test.ts holds these to the rule file.
 */
export const VAGTTID = {
  video0126: ['0126'],
  booked: ['0125', '0204'],
  dayStart: '08:00',
  dayEnd: '16:00',
  extraDays: [] as string[],
  validFrom: '2022-01-01',
};
/** rules/dubletter.json: dubleret-linje takes every code ("0000-9999") and is valid from 2000-01-01. */
export const DUPLICATES_VALID_FROM = '2000-01-01';

/**
 * Easter Sunday by year, from the published calendars (not computed), so the oracle's holidays do
 * not come from the algorithm in src/model/holidays.ts that gpclaims uses.
 */
const EASTER_SUNDAY: Readonly<Record<number, string>> = {
  2020: '2020-04-12',
  2021: '2021-04-04',
  2022: '2022-04-17',
  2023: '2023-04-09',
  2024: '2024-03-31',
  2025: '2025-04-20',
  2026: '2026-04-05',
  2027: '2027-03-28',
  2028: '2028-04-16',
  2029: '2029-04-01',
  2030: '2030-04-21',
};
export const HOLIDAY_YEARS = Object.keys(EASTER_SUNDAY).map(Number);

/**
 * The Danish public holidays of a year as ISO dates (README, "Vagttid"): nytårsdag, skærtorsdag,
 * langfredag, påskedag, 2. påskedag, store bededag (up to 2023), Kristi himmelfartsdag, pinsedag,
 * 2. pinsedag, juledag and 2. juledag.
 */
export function danishHolidays(year: number): string[] {
  const easter = EASTER_SUNDAY[year];
  if (!easter) throw new RangeError(`the oracle knows Easter only for ${HOLIDAY_YEARS[0]}-${HOLIDAY_YEARS.at(-1)}, not ${year}`);
  const e = Date.parse(`${easter}T00:00:00Z`);
  const plus = (days: number): string => new Date(e + days * 86_400_000).toISOString().slice(0, 10);
  const offsets = [-3, -2, 0, 1, ...(year <= 2023 ? [26] : []), 39, 49, 50];
  return [`${year}-01-01`, ...offsets.map(plus), `${year}-12-25`, `${year}-12-26`];
}

/**
 * The SQL for the counts: each query gives one row, whose columns are counts by name. Every rule of
 * the five core families is valid from 2022-01-01 or earlier, so for 2025 data their validity is
 * left out; the duplicate and vagttid queries state theirs.
 */
export const QUERIES: Readonly<Record<string, string>> = {
  // max-per-window, units, day, practice-patient, max 1: one finding per patient-day with 2+ units.
  grundydelseDays: `
    SELECT count(*) AS grundydelseDays FROM (
      SELECT 1 FROM claims WHERE ydelseskode IN (${list(GRUNDYDELSER)})
      GROUP BY cpr, ydernummer, dato HAVING sum(antal) >= 2)`,
  // requires-same-day: every 6101 line with no 0101/0125 line of the same cpr, ydernummer and dato.
  lone6101: `
    SELECT count(*) AS lone6101 FROM claims t
    WHERE t.ydelseskode = '6101' AND NOT EXISTS (
      SELECT 1 FROM claims b
      WHERE b.ydelseskode IN (${list(BASE_6101)}) AND b.cpr = t.cpr AND b.ydernummer = t.ydernummer AND b.dato = t.dato)`,
  // max-per-window, units, calendar year, patient (across practices), report excess: the line
  // that passes 7 and every later one, in the order day, practice, antal (code is always 6101).
  over7_6101: `
    SELECT count(*) AS over7_6101 FROM (
      SELECT sum(antal) OVER (
               PARTITION BY cpr, year(dato)
               ORDER BY dato, ydernummer, antal
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running
      FROM claims WHERE ydelseskode = '6101')
    WHERE running > 7`,
  // requires-same-day: every 4593/4594 line with no 0101, 0120, 0411 or 4584-4589 line of the same
  // cpr, ydernummer and dato.
  palliationAddOnWithoutBase: `
    SELECT count(*) AS palliationAddOnWithoutBase FROM claims t
    WHERE t.ydelseskode IN (${list(PALLIATION_ADD_ONS)}) AND NOT EXISTS (
      SELECT 1 FROM claims b
      WHERE b.ydelseskode IN (${list(PALLIATION_BASE)}) AND b.cpr = t.cpr AND b.ydernummer = t.ydernummer AND b.dato = t.dato)`,
  // practice-ratio (src/kinds/practice-ratio.ts): u = the practice's 0204 units not billed at 0 kr.
  // (skipZeroAmount), used = all its 0204 units, p = its distinct patients (any code), U and P the
  // totals of u and p over all practices. A finding when u > 0 and u*P >= 1.25*U*p (as
  // u*P*100 >= 125*U*p, exact), unless 0125 units >= 2*used. Not evaluated (no finding) with
  // fewer than 10 practices or no 0204 at all.
  practicesOver0204: `
    WITH p AS (
      SELECT ydernummer,
             count(DISTINCT cpr)::HUGEINT AS patients,
             coalesce(sum(antal) FILTER (WHERE ydelseskode = '0204' AND (beloeb IS NULL OR beloeb <> 0)), 0)::HUGEINT AS u,
             coalesce(sum(antal) FILTER (WHERE ydelseskode = '0204'), 0)::HUGEINT AS used,
             coalesce(sum(antal) FILTER (WHERE ydelseskode = '0125'), 0)::HUGEINT AS video
      FROM claims GROUP BY ydernummer),
    t AS (SELECT sum(u) AS units, sum(patients) AS patients, count(*) AS practices FROM p)
    SELECT count(*) AS practicesOver0204 FROM p, t
    WHERE t.practices >= ${MIN_PRACTICES_0204} AND t.units > 0 AND p.u > 0
      AND p.u * t.patients * 100 >= 125 * t.units * p.patients
      AND NOT (p.video >= 2 * p.used)`,
  // program-exclusion (src/kinds/program-exclusion.ts, findingWhen amount-above-zero): a line of a
  // covered contact code with a beloeb above 0 is a finding when, at the same ydernummer and cpr, an
  // enrolment 0130-0132 is dated on or before it and no 0133 is dated after the latest such
  // enrolment and on or before the line (an end on the enrolment day itself does not end it). The
  // RANGE frame takes in every event of the line's own day.
  kronikerCovered: `
    WITH enrolled AS (
      SELECT DISTINCT ydernummer, cpr FROM claims WHERE ydelseskode IN (${list(ENROL)})),
    ev AS (
      SELECT c.ydelseskode, c.beloeb,
             max(CASE WHEN c.ydelseskode IN (${list(ENROL)}) THEN c.dato END) OVER w AS enrol,
             max(CASE WHEN c.ydelseskode IN (${list(END)}) THEN c.dato END) OVER w AS ended
      FROM claims c SEMI JOIN enrolled e ON c.ydernummer = e.ydernummer AND c.cpr = e.cpr
      WHERE c.ydelseskode IN (${list([...ENROL, ...END, ...EXCLUDED])})
      WINDOW w AS (PARTITION BY c.ydernummer, c.cpr ORDER BY c.dato
                   RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT count(*) AS kronikerCovered FROM ev
    WHERE ydelseskode IN (${list(EXCLUDED)}) AND beloeb > 0 AND enrol IS NOT NULL AND (ended IS NULL OR ended <= enrol)`,
  // duplicate-lines (src/kinds/duplicate-lines.ts): lines with the same ydernummer, cpr, dato,
  // ydelseskode and tid are one finding, whatever their antal; two lines without a time count as
  // the same time, as GROUP BY puts NULLs together. gpclaims groups the lines of a patient's
  // timeline by day, practice and code, then by time, which are the same sets; the rule takes
  // every code, and its validity is judged by the date. Sets of 2 or more: one finding each, and
  // their lines are the findings' locations (one GROUP BY for both counts).
  duplicates: `
    SELECT count(*) AS duplicateSets, coalesce(sum(k), 0) AS duplicateLines FROM (
      SELECT count(*) AS k FROM claims WHERE dato >= DATE '${DUPLICATES_VALID_FROM}'
      GROUP BY ydernummer, cpr, dato, ydelseskode, tid HAVING count(*) >= 2)`,
  // vagttid (src/kinds/vagttid.ts), videokonference-i-vagttid: every 0126 line, from its validFrom,
  // on a Saturday or Sunday, on a public holiday (the holidays table, see danishHolidays), or on
  // another day with a tid before dayStart or from dayEnd. A line without a tid on a working day is
  // not judged (gpclaims counts it apart). One finding per line, so the locations are the lines.
  vagttid0126: vagttidQuery('vagttid0126', VAGTTID.video0126),
  // vagttid, aftalt-ydelse-i-vagttid: the same for every 0125 and 0204 line.
  vagttidBooked: vagttidQuery('vagttidBooked', VAGTTID.booked),
};

/**
 * The queries added with the findings profile. They run on the clean export too (where they count
 * 0), so DuckDB's time there is larger than with the core queries alone; run.ts shows their share.
 */
export const ADDED_QUERIES: ReadonlySet<string> = new Set(['duplicates', 'vagttid0126', 'vagttidBooked']);

function vagttidQuery(name: keyof BenchCounts, codes: readonly string[]): string {
  return `
    SELECT count(*) AS ${name} FROM claims
    WHERE ydelseskode IN (${list(codes)}) AND dato >= DATE '${VAGTTID.validFrom}'
      AND (isodow(dato) >= 6 OR dato IN (SELECT dato FROM holidays)
           OR (tid IS NOT NULL AND (tid < TIME '${VAGTTID.dayStart}' OR tid >= TIME '${VAGTTID.dayEnd}')))`;
}

/** DuckDB's type for each column the generator writes; `tid` is only in the findings profile. */
const COLUMN_TYPES: Readonly<Record<string, string>> = {
  ydernummer: 'VARCHAR',
  cpr: 'VARCHAR',
  dato: 'DATE',
  ydelseskode: 'VARCHAR',
  antal: 'INTEGER',
  beloeb: 'DECIMAL(12,2)',
  tid: 'TIME',
};

/** The column names of FILE's header line. */
function headerOf(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const end = buf.subarray(0, n).indexOf(10);
    return buf.toString('utf8', 0, end < 0 ? n : end).replace(/\r$/, '').split(',');
  } finally {
    closeSync(fd);
  }
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Loads FILE into an in-memory DuckDB table with explicit column types and runs every query. */
export async function runOracle(file: string): Promise<OracleResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const version = (await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0]!.v as string;
    const names = headerOf(file);
    const unknown = names.filter((n) => !COLUMN_TYPES[n]);
    if (unknown.length || !names.includes('dato')) throw new Error(`${file}: not a bench export (header ${names.join(',')})`);
    const columns = names.map((n) => `${sqlString(n)}: ${sqlString(COLUMN_TYPES[n]!)}`).join(', ');
    const t0 = performance.now();
    // Without a tid column (the clean profile) every tid is NULL, so the same queries apply.
    await conn.run(`
      CREATE TABLE claims AS SELECT *${names.includes('tid') ? '' : ', NULL::TIME AS tid'} FROM read_csv(${sqlString(file)},
        header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, dateformat = '%Y-%m-%d',
        columns = {${columns}})`);
    const years = (await conn.runAndReadAll(`SELECT DISTINCT year(dato) AS y FROM claims WHERE dato >= DATE '${VAGTTID.validFrom}'`))
      .getRowObjectsJson()
      .map((r) => Number(r.y));
    const holidays = years.flatMap(danishHolidays).map((d) => `(DATE '${d}')`);
    await conn.run(`CREATE TABLE holidays (dato DATE)`);
    if (holidays.length) await conn.run(`INSERT INTO holidays VALUES ${holidays.join(', ')}`);
    const t1 = performance.now();
    const counts = {} as BenchCounts;
    let added = 0;
    for (const [query, sql] of Object.entries(QUERIES)) {
      const q0 = performance.now();
      for (const [name, n] of Object.entries((await conn.runAndReadAll(sql)).getRowObjectsJson()[0]!)) counts[name as keyof BenchCounts] = Number(n);
      if (ADDED_QUERIES.has(query)) added += performance.now() - q0;
    }
    const t2 = performance.now();
    const missing = COUNT_NAMES.filter((name) => !Number.isSafeInteger(counts[name]));
    if (missing.length) throw new Error(`the oracle's queries give no ${missing.join(', ')}`);
    const rows = Number((await conn.runAndReadAll('SELECT count(*) AS n FROM claims')).getRowObjectsJson()[0]!.n);
    return { counts, rows, loadSeconds: (t1 - t0) / 1000, querySeconds: (t2 - t1) / 1000, addedQuerySeconds: added / 1000, duckdb: version };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/duckdb-oracle.js FILE\n');
    process.exit(2);
  }
  const result = await runOracle(resolve(file));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
