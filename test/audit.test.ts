// The controller's audit on the region sample: the practice rows and the kontrolstatistik, every
// figure worked out in the test from the CSV files themselves; and the built CLI's audit command.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit, type AuditReport, watchedCodes } from '../src/index.js';
import { readTariffs } from '../src/input/tariffs.js';
import { base, bundledRuleset, csv, P, register, rulesetWith, source } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const EXPORT = 'samples/region-eksport-2025.csv';
const REGISTER = 'samples/praksisregister.csv';

/** Rows of a simple CSV file (no quoted fields) as objects keyed by its header. */
function rows(file: string): Record<string, string>[] {
  const [head, ...body] = readFileSync(join(ROOT, file), 'utf8').trimEnd().split(/\r?\n/);
  const names = head!.split(',');
  return body.map((line) => Object.fromEntries(line.split(',').map((v, k) => [names[k], v])));
}

/** "130.10" → 13010 øre, exactly. */
const ore = (kr: string): number => {
  const [whole, frac = ''] = kr.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
};
const kroner = (o: number): string => `${Math.floor(o / 100)}.${String(o % 100).padStart(2, '0')}`;

const LINES = rows(EXPORT);
const LISTED = new Map(rows(REGISTER).map((r) => [r.ydernummer!, Number(r.tilmeldte)]));
const PRACTICES = [...new Set(LINES.map((l) => l.ydernummer!))].sort((a, b) => Number(a) - Number(b));

let report: AuditReport;
beforeAll(async () => {
  const practices = await register(readFileSync(join(ROOT, REGISTER), 'utf8'));
  report = await audit([source(readFileSync(join(ROOT, EXPORT)), EXPORT)], { ruleset: bundledRuleset(), practices });
});

describe('audit(): one row per practice', () => {
  it('a row for each practice of the file, by ydernummer', () => {
    expect(report.practices.map((p) => p.practice)).toEqual(PRACTICES);
  });

  it('lines, patients, kroner billed and lines without an amount, per practice as the CSV has them', () => {
    const expected = PRACTICES.map((p) => {
      const mine = LINES.filter((l) => l.ydernummer === p);
      const billed = mine.filter((l) => l.beloeb !== '');
      return {
        practice: p,
        lines: mine.length,
        patients: new Set(mine.map((l) => l.cpr)).size,
        amountBilled: kroner(billed.reduce((sum, l) => sum + ore(l.beloeb!), 0)),
        linesWithoutAmount: mine.length - billed.length,
        tilmeldte: LISTED.get(p),
      };
    });
    expect(report.practices.map(({ practice, lines, patients, amountBilled, linesWithoutAmount, tilmeldte }) => ({ practice, lines, patients, amountBilled, linesWithoutAmount, tilmeldte }))).toEqual(expected);
  });

  it('lines and patients sum to the summary\'s (no patient is seen at two practices in the sample)', () => {
    const s = report.result.summary;
    expect(report.practices.reduce((sum, p) => sum + p.lines, 0)).toBe(s.claimsChecked);
    expect(report.practices.reduce((sum, p) => sum + p.patients, 0)).toBe(s.patients);
    expect(s.claimsChecked).toBe(LINES.length);
  });
});

/** The codes the audit should watch, read from the rule files: ruleset.json's list and the practice-level rules' codes. */
function watchedFromFiles(): string[] {
  const codes = new Set<string>(JSON.parse(readFileSync(join(ROOT, 'rules/ruleset.json'), 'utf8')).kontrolstatistik.codes);
  for (const f of readdirSync(join(ROOT, 'rules')).filter((n) => n.endsWith('.json') && n !== 'schema.json' && n !== 'ruleset.json')) {
    for (const r of JSON.parse(readFileSync(join(ROOT, 'rules', f), 'utf8')).rules as { kind: string; params: { code?: string; codes?: string[] } }[]) {
      if (r.kind === 'practice-ratio') codes.add(r.params.code!);
      if (r.kind === 'practice-count') for (const c of r.params.codes ?? []) if (/^\d{4}$/.test(c)) codes.add(c);
    }
  }
  return [...codes].sort();
}

/** Codes whose practice-ratio rule leaves lines at 0 kr. out of the count. */
function skipsZero(): Set<string> {
  const out = new Set<string>();
  for (const f of readdirSync(join(ROOT, 'rules')).filter((n) => n.endsWith('.json') && n !== 'schema.json' && n !== 'ruleset.json')) {
    for (const r of JSON.parse(readFileSync(join(ROOT, 'rules', f), 'utf8')).rules as { kind: string; params: { code?: string; skipZeroAmount?: boolean } }[]) {
      if (r.kind === 'practice-ratio' && r.params.skipZeroAmount) out.add(r.params.code!);
    }
  }
  return out;
}

/** Units of a code per practice, as the statistics count them. */
function unitsOf(code: string): Map<string, number> {
  const skip = skipsZero().has(code);
  const units = new Map(PRACTICES.map((p) => [p, 0]));
  for (const l of LINES) if (l.ydelseskode === code && !(skip && l.beloeb === '0.00')) units.set(l.ydernummer!, units.get(l.ydernummer!)! + Number(l.antal));
  return units;
}

describe('audit(): kontrolstatistik', () => {
  it('watches ruleset.json\'s codes and the practice-level rules\' codes', () => {
    const expected = watchedFromFiles();
    expect(watchedCodes(bundledRuleset())).toEqual(expected);
    expect(report.statistics.map((s) => s.code)).toEqual(expected);
  });

  it.each(watchedFromFiles())('%s: per practice units, listed patients, rate, ratio, rank, percentile and outlier', (code) => {
    const stat = report.statistics.find((s) => s.code === code)!;
    const units = unitsOf(code);
    // The register gives listed patients for every practice: they are the denominator.
    const totalUnits = [...units.values()].reduce((a, b) => a + b, 0);
    const totalListed = PRACTICES.reduce((sum, p) => sum + LISTED.get(p)!, 0);
    // Rates compared exactly as fractions: a/b > c/d ⇔ a·d > c·b.
    const higher = (p: string, q: string) => units.get(q)! * LISTED.get(p)! > units.get(p)! * LISTED.get(q)!;
    const expected = PRACTICES.map((p) => {
      const u = units.get(p)!;
      const n = LISTED.get(p)!;
      const above = PRACTICES.filter((q) => higher(p, q)).length;
      return {
        practice: p,
        units: u,
        patients: n,
        perPatient: new Decimal(u).div(n).toDecimalPlaces(4).toString(),
        // (u / n) / (U / P) = u·P / (n·U)
        ratio: totalUnits === 0 ? null : new Decimal(u * totalListed).div(n * totalUnits).toDecimalPlaces(2).toFixed(2),
        rank: above + 1,
        percentile: Math.round((100 * (PRACTICES.length - above)) / PRACTICES.length),
        // u/n >= 1.25 · U/P ⇔ 4·u·P >= 5·U·n
        outlier: u > 0 && 4 * u * totalListed >= 5 * totalUnits * n,
      };
    });
    expect(stat).toMatchObject({ denominator: 'listed-patients', averageFrom: 'input', outlierFactor: '1.25', regionalAverage: new Decimal(totalUnits).div(totalListed).toDecimalPlaces(4).toString() });
    expect(stat.practices).toEqual(expected);
  });

  it('0204: practice 700006 is an outlier', () => {
    const p = report.statistics.find((s) => s.code === '0204')!.practices.find((x) => x.practice === '700006')!;
    expect(p.outlier).toBe(true);
  });
});

describe('audit(): the practice-level estimate', () => {
  it('aftalt-telefonkonsultation-hoejestegraense at 700006: (units - 1.25 × regional average × listed patients) × its own kroner per 0204 unit', () => {
    // From the CSV: 0204 lines above 0 kr. per practice, their units and kroner; listed patients from the register.
    const o204 = LINES.filter((l) => l.ydelseskode === '0204' && l.beloeb !== '0.00');
    const units = (p: string) => o204.filter((l) => l.ydernummer === p).reduce((s, l) => s + Number(l.antal), 0);
    const totalUnits = o204.reduce((s, l) => s + Number(l.antal), 0);
    const totalListed = PRACTICES.reduce((sum, p) => sum + LISTED.get(p)!, 0);
    const mine = o204.filter((l) => l.ydernummer === '700006');
    const perUnit = new Decimal(mine.reduce((s, l) => s + ore(l.beloeb!), 0)).div(units('700006'));
    const over = new Decimal(units('700006')).minus(new Decimal(totalUnits).mul(1.25).mul(LISTED.get('700006')!).div(totalListed));
    const expected = kroner(over.mul(perUnit).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber());
    // By hand: 18 units over 24,600 listed patients; 700006 has 10 units at 130.10 kr. and 3,000
    // listed: 10 - 1.25 × 18 × 3000 / 24600 = 7.256097… units × 130.10 kr. = 944.02 kr.
    expect(expected).toBe('944.02');
    const found = report.result.findings.filter((f) => f.ruleId === 'aftalt-telefonkonsultation-hoejestegraense');
    expect(found.map((f) => [f.practice, f.amount, f.amountBasis])).toEqual([['700006', expected, 'estimate']]);
    expect(report.practices.find((p) => p.practice === '700006')!.byTopic['0204 aftalt telefonkonsultation']?.amountAtRisk).toBe(expected);
  });
});

describe('audit(): a practice whose only kroner are an opportunity', () => {
  // An ordinary home visit (0411) 5 days after a palliative visit (4584) gives palliation-mulighed,
  // an opportunity (the 4584 tariff less the line), and nothing at risk: the 4584 line is billed at
  // the tariff below and 0411 has none, so beloeb-afviger-fra-takst finds nothing.
  const text = `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n1,${P.c},2025-03-03,4584,1,525.40\n1,${P.c},2025-03-08,0411,1,310.00\n`;
  const tariffs = async () => ({ name: 'takster.csv', tariffs: await readTariffs(source('ydelseskode,fra,til,beloeb\n4584,2025-01-01,2025-12-31,525.40\n', 'takster.csv')) });

  it.each([
    // 525.40 - 310.00 = 215.40 possibly missed; nothing at risk is 0 kr., not unknown.
    ['with a 4584 tariff: 215.40 kr. possibly missed', true, '215.40'],
    ['without a 4584 tariff: the opportunity unknown', false, '0.00'],
  ] as const)('%s, 0 kr. at risk', async (_what, withTariff, opportunity) => {
    const report = await audit([source(text)], { ruleset: bundledRuleset(), ...(withTariff ? { tariffs: await tariffs() } : {}) });
    expect(report.result.findings.filter((f) => f.locations.length).map((f) => f.ruleId)).toEqual(['palliation-mulighed']);
    const row = report.practices[0]!;
    expect([row.amountAtRisk, row.amountEstimated, row.amountOpportunity]).toEqual(['0.00', '0.00', opportunity]);
  });
});

describe('audit(): topics named like an object\'s own members', () => {
  // A rule file's topic is free text: the practice rows' byTopic must hold it as a key like any
  // other, and never write through to Object.prototype or a built-in function.
  it.each(['toString', 'hasOwnProperty', 'valueOf'])('topic "%s" (__proto__ and constructor are reserved): one finding and its kroner in the practice row, nothing else touched', async (topic) => {
    const ruleset = rulesetWith([{ id: 'x', kind: 'duplicate-lines', ...base({ amount: { of: 'lines-but-highest' } }), params: { codes: ['2101'] } }], topic);
    const text = csv([['1', 'a', '2025-03-04', '2101'], ['1', 'a', '2025-03-04', '2101']], 'ydernummer,cpr,dato,ydelseskode,antal').replace(/,1$/gm, ',1,25.00');
    const report = await audit([source(text.replace('antal\n', 'antal,beloeb\n'))], { ruleset });
    const row = report.practices[0]!;
    expect(Object.hasOwn(row.byTopic, topic)).toBe(true);
    expect(row.byTopic[topic]).toEqual({ findings: 1, amountAtRisk: '25.00' });
    expect(JSON.parse(JSON.stringify(row.byTopic))).toEqual(JSON.parse(`{${JSON.stringify(topic)}:{"findings":1,"amountAtRisk":"25.00"}}`));
    expect(({} as Record<string, unknown>).findings).toBeUndefined();
    expect((Object.prototype[topic as keyof object] as unknown as Record<string, unknown>).findings).toBeUndefined();
  });
});

describe('gpclaims audit (the built CLI)', () => {
  const gpclaims = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });

  it('--format json has the members tool, ruleset, summary, findings, practices and statistics', () => {
    const r = gpclaims(['audit', '--format', 'json', '--practices', REGISTER, EXPORT]);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['tool', 'ruleset', 'summary', 'findings', 'practices', 'statistics']));
    expect((json.practices as { practice: string }[]).map((p) => p.practice)).toEqual(PRACTICES);
  });

  it('--format html without --output: a one-line usage error, exit 2', () => {
    const r = gpclaims(['audit', '--format', 'html', EXPORT]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gpclaims: .*html/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
