// The benchmark's generator and oracle: deterministic exports, clean and findings-heavy, on which gpclaims and DuckDB agree.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_NAMES, type CountName, type CountStatus, countStatus, countsFromFindings, countsFromReport, NONZERO_IN } from '../bench/counts.js';
import { DUPLICATES_VALID_FROM, danishHolidays, HOLIDAY_YEARS, runOracle, VAGTTID } from '../bench/duckdb-oracle.js';
import { DEFAULT_LINES, EXPECTED_FINDING_SHARE, type GenerateResult, generate, HEADER, HEADER_FINDINGS, type Profile } from '../bench/generate.js';
import { type BenchOptions, OptionError, parseBenchArgs } from '../bench/options.js';
import { type CheckResult, check, formatters } from '../src/index.js';
import { birthDay } from '../src/model/cpr.js';
import { dayNumber, parseIsoDate } from '../src/model/date.js';
import { publicHolidays, weekday } from '../src/model/holidays.js';

// The clean export is small; the findings export is larger, so every family it adds shows up.
// The 0204 ceiling pools an average only from 10 practices, so both have at least 10.
const SIZE: Record<Profile, { lines: number; practices: number }> = {
  clean: { lines: 20_000, practices: 10 },
  findings: { lines: 200_000, practices: 12 },
};
const PROFILES: Profile[] = ['clean', 'findings'];
const dirs: string[] = [];
/** Per profile: two exports from the same seed in different folders. */
const made = {} as Record<Profile, [GenerateResult, GenerateResult]>;

/** check() of a file, once per file: several tests read the same result. */
const checked = new Map<string, Promise<CheckResult>>();
const checkOnce = (file: string): Promise<CheckResult> => {
  let result = checked.get(file);
  if (!result) checked.set(file, (result = check([file])));
  return result;
};

const make = (profile: Profile, dir: string): GenerateResult => generate({ ...SIZE[profile], seed: 1, outDir: dir, profile });

const dataLines = (path: string, header: string): string[] => {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  expect(lines[0]).toBe(header);
  expect(lines.at(-1)).toBe('');
  return lines.slice(1, -1);
};
const headerOf = (profile: Profile): string => (profile === 'clean' ? HEADER : HEADER_FINDINGS);

beforeAll(() => {
  for (let k = 0; k < 2; k++) dirs.push(mkdtempSync(join(tmpdir(), 'gpclaims-bench-test-')));
  for (const profile of PROFILES) made[profile] = [make(profile, dirs[0]!), make(profile, dirs[1]!)];
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('bench/generate', () => {
  it.each(PROFILES)('%s: is deterministic: the same seed gives the same bytes, and existing files are reused', (profile) => {
    const [a, b] = made[profile];
    expect(a.reused).toBe(false);
    expect(readFileSync(a.sorted).equals(readFileSync(b.sorted))).toBe(true);
    expect(readFileSync(a.shuffled).equals(readFileSync(b.shuffled))).toBe(true);
    expect({ ...a, sorted: '', shuffled: '', seconds: 0 }).toEqual({ ...b, sorted: '', shuffled: '', seconds: 0 });
    const again = make(profile, dirs[0]!);
    expect(again.reused).toBe(true);
    expect(again.lines).toBe(a.lines);
  });

  it.each(PROFILES)('%s: writes exactly the lines asked for; the shuffled file holds the same lines in another order', (profile) => {
    const [a] = made[profile];
    const sorted = dataLines(a.sorted, headerOf(profile));
    const shuffled = dataLines(a.shuffled, headerOf(profile));
    expect(sorted).toHaveLength(SIZE[profile].lines);
    expect(a.lines).toBe(SIZE[profile].lines);
    expect(shuffled).not.toEqual(sorted);
    expect([...shuffled].sort()).toEqual([...sorted].sort());
  });

  it.each(PROFILES)('%s: sorts the first file by practice, then date', (profile) => {
    const [a] = made[profile];
    const sorted = dataLines(a.sorted, headerOf(profile));
    for (let k = 1; k < sorted.length; k++) {
      const [p0, , d0] = sorted[k - 1]!.split(',');
      const [p1, , d1] = sorted[k]!.split(',');
      if (!(p0! < p1! || (p0 === p1 && d0! <= d1!))) expect.fail(`line ${k + 2} is out of order`);
    }
    expect(new Set(sorted.map((l) => l.slice(0, l.indexOf(',')))).size).toBe(a.practices);
  });

  it.each(PROFILES)('%s: makes valid CPR numbers born before every service date, dates in the year, well-formed fields', (profile) => {
    const [a] = made[profile];
    const width = headerOf(profile).split(',').length;
    for (const line of dataLines(a.sorted, headerOf(profile))) {
      const fields = line.split(',');
      const [practice, cpr, date, code, antal, beloeb, tid] = fields;
      const where = `${line.slice(0, 7)}… ${date} ${code}`;
      if (
        fields.length !== width ||
        !/^\d{6}$/.test(practice!) ||
        !/^\d{4}$/.test(code!) ||
        !/^[1-9]\d*$/.test(antal!) ||
        !/^(|0\.00|\d+\.\d\d)$/.test(beloeb!) ||
        date!.slice(0, 4) !== '2025' ||
        (profile === 'findings' && !/^(|([01]\d|2[0-3]):[0-5]\d)$/.test(tid!))
      ) {
        expect.fail(`malformed line: ${where}`);
      }
      const birth = birthDay(cpr!);
      if (birth === undefined || birth >= parseIsoDate(date!)!) expect.fail(`CPR not valid or born after the service: ${where}`);
    }
  });

  it('the clean profile is byte for byte the export of generator version 6 from before there were profiles', () => {
    // sha256 of the files `generate({ lines: 20000, seed: 1, practices: 10 })` wrote on main before
    // the findings profile was added; the clean profile must go on writing exactly these.
    const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
    const [a] = made.clean;
    expect(sha(a.sorted)).toBe('bc510e3aac16293d337db145f4cb69378380c3ae6ad3c93568d83ce17d547e2b');
    expect(sha(a.shuffled)).toBe('2d89f784fa337486ade9fcd0c20af05bdcbb709b9fa91a6cf076588e8c516987');
  });

  it.each(PROFILES)('%s: names its files by the profile, and the stats record the profile, header and expected share', (profile) => {
    const [a] = made[profile];
    const tag = profile === 'clean' ? '' : '-findings';
    expect(a.sorted).toMatch(new RegExp(`claims-${SIZE[profile].lines}-1-p${SIZE[profile].practices}-n\\d+-y2025${tag}-sorted\\.csv$`));
    expect(a.shuffled).toBe(a.sorted.replace(/-sorted\.csv$/, '-shuffled.csv'));
    const stats = JSON.parse(readFileSync(a.sorted.replace(/-sorted\.csv$/, '.json'), 'utf8'));
    expect(stats).toMatchObject({ profile, header: headerOf(profile), expectedFindingShare: EXPECTED_FINDING_SHARE[profile] });
  });

  it('the findings profile dates lines on weekends and public holidays and times some out of hours; the clean one does not', () => {
    const kinds = (profile: Profile) => {
      const seen = { weekend: 0, holiday: 0, evening: 0, early: 0, noTime: 0 };
      for (const line of dataLines(made[profile][0].sorted, headerOf(profile))) {
        const [, , date, , , , tid] = line.split(',');
        const day = parseIsoDate(date!)!;
        if (weekday(day) >= 5) seen.weekend++;
        else if (publicHolidays(2025).has(day)) seen.holiday++;
        else if (tid === '') seen.noTime++;
        else if (tid !== undefined && tid < '08:00') seen.early++;
        else if (tid !== undefined && tid >= '16:00') seen.evening++;
      }
      return seen;
    };
    expect(kinds('clean')).toEqual({ weekend: 0, holiday: 0, evening: 0, early: 0, noTime: 0 });
    for (const [kind, n] of Object.entries(kinds('findings'))) expect(n, kind).toBeGreaterThan(0);
  });
});

describe('bench/duckdb-oracle', () => {
  it.each(PROFILES)('%s: agrees with check() on every count, sorted and shuffled, with no input finding', async (profile) => {
    const [a] = made[profile];
    const oracle = await runOracle(a.shuffled);
    expect(oracle.rows).toBe(SIZE[profile].lines);
    for (const file of [a.sorted, a.shuffled]) {
      const result = await checkOnce(file);
      expect(result.summary.linesRead).toBe(SIZE[profile].lines);
      expect(result.summary.linesRejected).toBe(0);
      const { counts, inputFindings } = countsFromFindings(result.findings);
      expect(inputFindings).toBe(0);
      expect(counts).toEqual(oracle.counts);
    }
    for (const name of COUNT_NAMES) {
      if (NONZERO_IN[name].includes(profile)) expect(oracle.counts[name], name).toBeGreaterThan(0);
    }
  });

  it('the findings profile gets about one finding per eight lines', async () => {
    const [a] = made.findings;
    const result = await checkOnce(a.sorted);
    const share = result.summary.findings / result.summary.linesRead;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.15);
  });

  it.each(HOLIDAY_YEARS)('%i: its holidays (from published Easter dates) are the ones gpclaims computes', (year) => {
    const oracle = danishHolidays(year).map((d) => parseIsoDate(d)!);
    expect(new Set(oracle).size).toBe(oracle.length);
    expect(oracle.sort((x, y) => x - y)).toEqual([...publicHolidays(year)].sort((x, y) => x - y));
  });

  it('refuses a year it has no Easter date for, rather than guessing', () => {
    expect(() => danishHolidays(HOLIDAY_YEARS.at(-1)! + 1)).toThrow(/Easter/);
  });

  it('uses the parameters of the vagttid and duplicate rules as the rule files state them', () => {
    const rules = (file: string) => JSON.parse(readFileSync(join('rules', file), 'utf8')).rules as { id: string; validFrom: string; params: Record<string, unknown> }[];
    const byId = Object.fromEntries([...rules('dagtid-vagttid.json'), ...rules('dubletter.json')].map((r) => [r.id, r]));
    for (const [id, codes] of [
      ['videokonference-i-vagttid', VAGTTID.video0126],
      ['aftalt-ydelse-i-vagttid', VAGTTID.booked],
    ] as const) {
      expect(byId[id]!.params, id).toEqual({ codes, dayStart: VAGTTID.dayStart, dayEnd: VAGTTID.dayEnd, extraDays: VAGTTID.extraDays });
      expect(byId[id]!.validFrom, id).toBe(VAGTTID.validFrom);
    }
    expect(byId['dubleret-linje']!.params).toEqual({ codes: ['0000-9999'] });
    expect(byId['dubleret-linje']!.validFrom).toBe(DUPLICATES_VALID_FROM);
    // The oracle's date arithmetic agrees with gpclaims's day numbers on the first vagttid day.
    expect(parseIsoDate(VAGTTID.validFrom)).toBe(dayNumber(2022, 1, 1));
  });
});

describe('bench/counts', () => {
  it.each<[string, CountName, Profile, (number | undefined)[], CountStatus]>([
    ['equal and above 0', 'lone6101', 'clean', [3, 3, 3, 3], 'ok'],
    ['a core count at 0 on the clean export', 'lone6101', 'clean', [0, 0, 0, 0], 'ZERO'],
    ['a core count at 0 on the findings export', 'kronikerCovered', 'findings', [0, 0], 'ZERO'],
    ['a findings-profile count at 0 on the clean export', 'duplicateSets', 'clean', [0, 0, 0, 0], 'ok'],
    ['a findings-profile count at 0 on the findings export', 'vagttid0126', 'findings', [0, 0, 0, 0], 'ZERO'],
    ['gpclaims and DuckDB differ', 'vagttidBooked', 'findings', [5, 4, 5, 5], 'MISMATCH'],
    ['0 against 1 on the clean export', 'duplicateLines', 'clean', [0, 1], 'MISMATCH'],
    ['a value is missing', 'grundydelseDays', 'clean', [2, undefined], 'MISSING'],
    ['no value at all', 'grundydelseDays', 'findings', [], 'MISSING'],
  ])('countStatus: %s', (_, name, profile, values, status) => {
    expect(countStatus(name, profile, values)).toBe(status);
  });

  it('reads the counts from a JSON report on disk as the findings in memory give them', async () => {
    const [a] = made.findings;
    const result = await checkOnce(a.sorted);
    const ctx = { tool: { name: 'gpclaims', version: 'test' }, lang: 'da' as const, colorLevel: 0 as const };
    const report = join(dirs[0]!, 'report.json');
    writeFileSync(report, formatters.json(result, ctx));
    const fromDisk = await countsFromReport(report);
    expect(fromDisk.counts).toEqual(countsFromFindings(result.findings).counts);
    expect(fromDisk.findings).toBe(result.findings.length);
    expect(fromDisk.summary.linesRead).toBe(SIZE.findings.lines);
    expect(fromDisk.summary.findings).toBe(result.findings.length);

    // A report without findings.
    const none = { ...result, findings: [], summary: { ...result.summary, findings: 0 } };
    writeFileSync(report, formatters.json(none, ctx));
    const empty = await countsFromReport(report);
    expect(empty).toMatchObject({ findings: 0, inputFindings: 0, summary: { linesRead: SIZE.findings.lines, findings: 0 } });
    expect(Object.values(empty.counts).every((n) => n === 0)).toBe(true);
  });
});

describe('bench/options', () => {
  const defaults: BenchOptions = {
    lines: DEFAULT_LINES,
    runs: 5,
    seed: 1,
    keep: false,
    help: false,
    exports: ['clean', 'findings'],
    orders: ['sorted', 'shuffled'],
    checkArgs: [],
  };

  it.each<[string[], Partial<BenchOptions>]>([
    [[], {}],
    [['--lines', '60_000_000', '--exports', 'clean', '--orders', 'shuffled'], { lines: 60_000_000, exports: ['clean'], orders: ['shuffled'] }],
    [['--exports', 'findings,clean', '--orders', ' shuffled , sorted'], { exports: ['clean', 'findings'], orders: ['sorted', 'shuffled'] }],
    [['--check-arg', '--threads', '--check-arg', '2'], { checkArgs: ['--threads', '2'] }],
    [['--check-arg=--fail-on', '--check-arg', 'never', '--runs', '1'], { checkArgs: ['--fail-on', 'never'], runs: 1 }],
    [['--seed', '0', '--keep'], { seed: 0, keep: true }],
    [['-h'], { help: true }],
  ])('parses %j', (argv, expected) => {
    expect(parseBenchArgs(argv)).toEqual({ ...defaults, ...expected });
  });

  it.each<[string[], RegExp]>([
    [['--exports', 'dirty'], /--exports takes clean, findings/],
    [['--exports', ''], /--exports takes/],
    [['--orders', 'sorted,random'], /--orders takes sorted, shuffled/],
    [['--runs', '0'], /--runs must be a whole number of at least 1/],
    [['--lines', '1e3x'], /--lines must be a whole number/],
    [['--check-arg'], /--check-arg needs an argument/],
    [['--thread', '2'], /Unknown option '--thread'/],
    [['extra'], /positional argument/],
  ])('refuses %j with one line', (argv, message) => {
    let error: unknown;
    try {
      parseBenchArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
