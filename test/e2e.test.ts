// End to end: the built CLI on every bundled sample, checking stdout, stderr and the exit code.
import { spawnSync } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseCsvText } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');

function gpclaims(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ReportFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  topic: string;
  practice: string | null;
  locations: { file: string; line: number }[];
  details: Record<string, any> | null;
}

interface Report {
  summary: Record<string, any>;
  findings: ReportFinding[];
  tool: { name: string };
  ruleset: { hash: string; asOf: string | null; tariffs: string; practices: boolean };
}

function json(args: string[], input?: string) {
  const r = gpclaims(['check', '--format', 'json', ...args], input);
  return { ...r, report: JSON.parse(r.stdout) as Report };
}

const ids = (findings: { ruleId: string }[]) => [...new Set(findings.map((f) => f.ruleId))].sort();
/** [ruleId, lines] per finding, in report order. */
const tuples = (findings: ReportFinding[]) => findings.map((f) => [f.ruleId, f.locations.map((l) => l.line)]);
const serious = (findings: ReportFinding[]) => findings.filter((f) => f.severity !== 'info');

/** Data rows of a CSV sample as objects keyed by the header (simple CSV: no quoted fields). */
function rows(file: string): Record<string, string>[] {
  const [head, ...body] = readFileSync(join(ROOT, file), 'utf8').trimEnd().split('\n');
  const names = head!.split(',');
  return body.map((line) => Object.fromEntries(line.split(',').map((v, k) => [names[k], v])));
}

/** The bundled catalogue's tariff entries by code. */
function catalogueTariffs(): Map<string, { from: string; to: string | null; amount: string }[]> {
  const out = new Map<string, { from: string; to: string | null; amount: string }[]>();
  for (const f of ['national.json', 'region-midtjylland.json']) {
    for (const e of JSON.parse(readFileSync(join(ROOT, 'rules/catalog', f), 'utf8')).codes) out.set(e.code, e.tariffs);
  }
  return out;
}
const tariffOn = (code: string, date: string) => catalogueTariffs().get(code)?.find((t) => t.from <= date && (t.to === null || date <= t.to));

/** Every rule id of every bundled rule file, by file. */
function bundledRuleIds(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(join(ROOT, 'rules')).filter((n) => n.endsWith('.json') && n !== 'schema.json' && n !== 'ruleset.json')) {
    out.set(f, JSON.parse(readFileSync(join(ROOT, 'rules', f), 'utf8')).rules.map((r: { id: string }) => r.id));
  }
  return out;
}

describe('samples (see samples/README.md)', () => {
  it('kroniker-skift-2025.csv: a move without 0133 and a sikringsgruppe 2 enrolment are warnings (exit 0; 1 with --fail-on warning)', () => {
    const FILE = 'samples/kroniker-skift-2025.csv';
    const lines = rows(FILE).map((r, k) => ({ ...r, line: k + 2 }));
    const enrol = (l: Record<string, string>) => ['0130', '0131', '0132'].includes(l.ydelseskode!);
    // The patient enrolled at 111111 and later at 222222 with no 0133 at 111111 in between.
    const first = lines.find((l) => enrol(l) && l.ydernummer === '111111' && !lines.some((e) => e.cpr === l.cpr && e.ydelseskode === '0133'))!;
    const second = lines.find((l) => enrol(l) && l.ydernummer === '222222' && l.cpr === first.cpr)!;
    const group2 = lines.filter((l) => enrol(l) && l.sikringsgruppe === '2').map((l) => l.line);
    const { code, report } = json([FILE]);
    expect(code).toBe(0);
    expect(tuples(serious(report.findings))).toEqual([
      ['kroniker-tilmelding-uden-afmelding', [first.line, second.line]],
      ...group2.map((line) => ['kroniker-sikringsgruppe-2', [line]]),
    ]);
    expect(report.findings.find((f) => f.ruleId === 'kroniker-tilmelding-uden-afmelding')?.practice).toBe('222222');
    expect(json([FILE, '--fail-on', 'warning']).code).toBe(1);
  });

  it('klinik-marts-2025-ren.csv: clean, exit 0; only notices that a practice-level rule was not evaluated', () => {
    const { code, stderr, report } = json(['samples/klinik-marts-2025-ren.csv']);
    expect([code, stderr]).toEqual([0, '']);
    expect(serious(report.findings)).toEqual([]);
    // One practice and no register: the 0105 average and the care-plan minimum cannot be judged.
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.locations])).toEqual([
      ['e-konsultation-hoejt-forbrug-ikke-evalueret', 'info', []],
      ['forloebsplaner-pr-kapacitet-ikke-evalueret', 'info', []],
    ]);
    expect(report.summary.linesRead).toBeGreaterThan(100);
    expect(report.summary.claimsChecked).toBe(report.summary.linesRead);
  });

  // The sample's lines, and the findings each rule's definition gives for them (README of samples/).
  const EXPECTED_FEJL: [string, number[]][] = [
    ['grundydelse-samme-dag', [2, 3]],
    ['samtaleterapi-uden-grundydelse', [4]],
    ['palliation-tillaeg-uden-grundydelse', [5]],
    ['palliation-modul-uden-besoeg', [7]],
    ['palliation-moduler-over-6', [9]],
    ['kronikerprogram-ikke-saerskilt', [12]],
    ['samtaleterapi-over-7-pr-aar', [31]],
    ['ydelseskode-uden-for-gyldighed', [32]], // 0126 on 2021-12-20, before OK22
    ['ydelseskode-efter-kendt-gyldighed', [33]], // 4500 in 2025, after its known end 2024-12-31
    ['beloeb-afviger-fra-takst', [34]], // 0126 on 2022-11-15 at 160.57, not 167.46
    ['akutfunktion-over-2-pr-dag', [37]], // the third 0124 of the day
    ['akutfunktion-kombination', [38, 39]], // 0124 and 0201 the same day
    ['videokonference-i-vagttid', [40]], // 0126 on a Saturday
    ['aftalt-ydelse-i-vagttid', [41]], // 0125 at 17:30
    ['psykisk-syge-alder', [43]], // 2150 for a 17-year-old
    ['psykisk-syge-uden-grundydelse', [44]], // 2150 alone
    ['psykisk-syge-over-1-pr-aar', [46]], // the second 2150 in 2025
    ['sundhedstjek-alder', [47]], // 0123 for a 16-year-old
    ['sundhedstjek-inden-2-aar', [49]], // the second 0123 within 730 days
    ['boernesamtale-alder', [50]], // 0128 for a 7-year-old
    ['abortstoette-med-2143', [53, 54]], // 0122 and 2143 the same day
    ['abortstoette-over-2-pr-aar', [53]], // the third 0122 within 365 days
    ['e-konsultation-flere-samme-dag', [55, 56]], // two 0105 on one day ...
    ['grundydelse-samme-dag', [55, 56]], // ... are two grundydelser too
    ['dubleret-linje', [58, 59]], // 2101 twice at the same time
    ['kroniker-sikringsgruppe-2', [61]], // 0131 in sikringsgruppe 2
    ['palliation-mulighed', [62]], // 0411 two weeks after the palliative visit on line 8
    ['dosispakning-opstart-gentaget', [33]], // 4500 six months after the 4500 on line 63
    // Practice level, no lines: the two ceilings against the given averages, 2151 for review,
    // and the care-plan minimum, which needs a register.
    ['forloebsplaner-pr-kapacitet-ikke-evalueret', []],
    ['aftalt-telefonkonsultation-hoejestegraense', []],
    ['e-konsultation-hoejt-forbrug', []],
    ['kliniske-skemaer-til-gennemsyn', []],
  ];

  it('fejl-alle-familier.csv: breaks every family, exit 1', () => {
    const { code, report } = json(['samples/fejl-alle-familier.csv', '--regional-average', '0204=0.05', '--regional-average', '0105=0.05']);
    expect(code).toBe(1);
    expect(tuples(report.findings).sort()).toEqual([...EXPECTED_FEJL].sort());
    expect(report.findings.every((f) => f.practice === '234567' || f.ruleId.endsWith('-ikke-evalueret'))).toBe(true);
  });

  it('fejl-alle-familier.csv: every rule file has a finding; the two rules it cannot break are the documented ones', () => {
    const { report } = json(['samples/fejl-alle-familier.csv', '--regional-average', '0204=0.05', '--regional-average', '0105=0.05']);
    const found = new Set(report.findings.map((f) => f.ruleId));
    const silent: string[] = [];
    for (const [file, ruleIds] of bundledRuleIds()) {
      // A line billed before needs the history ledger (--history): the clinic samples show it.
      if (file === 'allerede-afregnet.json') continue;
      expect([file, ruleIds.some((id) => found.has(id) || found.has(`${id}-ikke-evalueret`))]).toEqual([file, true]);
      silent.push(...ruleIds.filter((id) => !found.has(id)));
    }
    // Care plans need a register and a full year; a transfer needs a second practice; 0204 without
    // video cannot be shown by a practice whose other lines need video 0125 (samples/README.md).
    expect(silent.sort()).toEqual(['aftalt-telefonkonsultation-uden-video', 'forloebsplaner-pr-kapacitet', 'kroniker-tilmelding-uden-afmelding']);
  });

  it('fejl-alle-familier.csv without averages: both ceilings say they were not evaluated', () => {
    const { report } = json(['samples/fejl-alle-familier.csv']);
    expect(ids(report.findings)).toEqual(expect.arrayContaining(['aftalt-telefonkonsultation-hoejestegraense-ikke-evalueret', 'e-konsultation-hoejt-forbrug-ikke-evalueret']));
    expect(ids(report.findings)).not.toContain('aftalt-telefonkonsultation-hoejestegraense');
    expect(ids(report.findings)).not.toContain('e-konsultation-hoejt-forbrug');
  });

  const NO_VIDEO = 'aftalt-telefonkonsultation-uden-video';
  /** The practices of region-eksport-2025.csv with a 0204 line and no 0125 line, sorted. */
  const withoutVideo = (): string[] => {
    const export_ = rows('samples/region-eksport-2025.csv');
    const billed = (code: string) => new Set(export_.filter((r) => r.ydelseskode === code).map((r) => r.ydernummer!));
    const video = billed('0125');
    return [...billed('0204')].filter((p) => !video.has(p)).sort();
  };

  it('region-eksport-2025.csv: one practice over the 0204 ceiling, a warning (exit 0; 1 with --fail-on warning)', () => {
    const { code, report } = json(['samples/region-eksport-2025.csv']);
    expect(code).toBe(0);
    expect(serious(report.findings).map((f) => [f.ruleId, f.practice, f.details?.denominator])).toEqual([
      ['aftalt-telefonkonsultation-hoejestegraense', '700006', 'patients-seen'],
    ]);
    const info = report.findings.filter((f) => f.severity === 'info');
    expect(info.filter((f) => f.ruleId !== NO_VIDEO).map((f) => [f.ruleId, f.details?.reason, f.details?.count])).toEqual([['forloebsplaner-pr-kapacitet-ikke-evalueret', 'no-register', 10]]);
    // The practices that bill 0204 and no 0125 at all get a hint each.
    expect(withoutVideo().length).toBeGreaterThan(0);
    expect(info.filter((f) => f.ruleId === NO_VIDEO).map((f) => f.practice)).toEqual(withoutVideo());
    expect(report.summary.practices).toBe(10);
    expect(json(['samples/region-eksport-2025.csv', '--fail-on', 'warning']).code).toBe(1);
  });

  it('region-eksport-2025.csv covers all twelve months of 2025 for every practice', () => {
    const months = new Map<string, Set<string>>();
    for (const r of rows('samples/region-eksport-2025.csv')) {
      if (!months.has(r.ydernummer!)) months.set(r.ydernummer!, new Set());
      months.get(r.ydernummer!)!.add(r.dato!.slice(0, 7));
    }
    expect([...months.values()].map((m) => m.size)).toEqual(Array(10).fill(12));
  });

  it('region-eksport-2025.csv --practices praksisregister.csv: care plans evaluated, ceilings per listed patient', () => {
    const register = rows('samples/praksisregister.csv');
    const exportRows = rows('samples/region-eksport-2025.csv');
    const { code, report } = json(['samples/region-eksport-2025.csv', '--practices', 'samples/praksisregister.csv']);
    expect(code).toBe(0);
    expect(report.ruleset.practices).toBe(true);
    expect(ids(report.findings).filter((id) => id.endsWith('-ikke-evalueret'))).toEqual([]);

    // Every practice has lines in all 12 months and no 0130-0132: each is below 5 x its capacities.
    const plans = report.findings.filter((f) => f.ruleId === 'forloebsplaner-pr-kapacitet');
    expect(plans.map((f) => [f.practice, f.details?.units, Number(f.details?.minimum)])).toEqual(
      register.map((r) => [r.ydernummer, 0, 5 * Number(r.kapaciteter)]),
    );

    // Both ceilings divide by the register's tilmeldte: flagged when u x sum(L) >= 1.25 x U x L.
    const listed = new Map(register.map((r) => [r.ydernummer!, Number(r.tilmeldte)]));
    const totalListed = [...listed.values()].reduce((a, b) => a + b, 0);
    for (const [rule, code, companion] of [
      ['aftalt-telefonkonsultation-hoejestegraense', '0204', '0125'],
      ['e-konsultation-hoejt-forbrug', '0105', null],
    ] as const) {
      const units = new Map<string, number>();
      const comp = new Map<string, number>();
      for (const r of exportRows) {
        if (r.ydelseskode === code) units.set(r.ydernummer!, (units.get(r.ydernummer!) ?? 0) + Number(r.antal));
        if (r.ydelseskode === companion) comp.set(r.ydernummer!, (comp.get(r.ydernummer!) ?? 0) + Number(r.antal));
      }
      const total = [...units.values()].reduce((a, b) => a + b, 0);
      const expected = [...units.entries()]
        .filter(([p, u]) => u * totalListed >= 1.25 * total * listed.get(p)! && (comp.get(p) ?? 0) < 2 * u)
        .map(([p]) => p)
        .sort();
      const found = report.findings.filter((f) => f.ruleId === rule);
      expect(found.map((f) => f.practice)).toEqual(expected);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) expect([f.details?.denominator, f.details?.patients]).toEqual(['listed-patients', listed.get(f.practice!)]);
    }
    // 10 care-plan warnings and 700006 over the 0204 ceiling; 700001 and 700005 over the 0105 screening
    // and the hints for 0204 without video are info (samples/README.md).
    expect(serious(report.findings).map((f) => [f.ruleId, f.severity]).sort()).toEqual([
      ...register.map(() => ['forloebsplaner-pr-kapacitet', 'warning']),
      ['aftalt-telefonkonsultation-hoejestegraense', 'warning'],
    ].sort());
    const info = report.findings.filter((f) => f.severity === 'info');
    expect(info.filter((f) => f.ruleId === NO_VIDEO).map((f) => f.practice)).toEqual(withoutVideo());
    expect(info.filter((f) => f.ruleId !== NO_VIDEO).map((f) => f.ruleId)).toEqual(['e-konsultation-hoejt-forbrug', 'e-konsultation-hoejt-forbrug']);
    expect(json(['samples/region-eksport-2025.csv', '--practices', 'samples/praksisregister.csv', '--fail-on', 'warning']).code).toBe(1);
  });

  it('semikolon-windows-1252.csv: read as ;, decimal comma and Windows-1252', () => {
    const { code, report } = json(['samples/semikolon-windows-1252.csv']);
    expect([code, serious(report.findings), report.summary.claimsChecked, report.summary.linesRejected]).toEqual([0, [], 6, 0]);
    expect(report.findings.every((f) => f.ruleId.endsWith('-ikke-evalueret'))).toBe(true);
  });

  it('fejlbehaeftet.csv: every bad line reported with file and line, none lost', () => {
    const { code, report } = json(['samples/fejlbehaeftet.csv']);
    const s = report.summary;
    expect(code).toBe(1);
    expect(s.linesRead).toBe(s.claimsChecked + s.linesRejected);
    expect(s.linesRejected).toBe(11);
    const located = report.findings.filter((f) => f.locations.length);
    expect(ids(located)).toEqual(
      ['input/antal', 'input/beloeb', 'input/cpr', 'input/cpr-dato', 'input/csv', 'input/dato', 'input/feltantal', 'input/kode', 'input/kode-udfyldt', 'input/sikringsgruppe', 'input/tid', 'input/ydernummer', 'ukendt-ydelseskode'].sort(),
    );
    for (const f of located) {
      expect(f.locations[0]?.file).toBe('samples/fejlbehaeftet.csv');
      expect(f.locations[0]?.line).toBeGreaterThan(1);
    }
    // The only finding without a line: the care-plan minimum, not evaluated without a register.
    expect(report.findings.filter((f) => !f.locations.length).map((f) => [f.ruleId, f.severity])).toEqual([['forloebsplaner-pr-kapacitet-ikke-evalueret', 'info']]);
  });

  describe('takster-vinter-2023.csv', () => {
    const FILE = 'samples/takster-vinter-2023.csv';
    const BELOEB = 'beloeb-afviger-fra-takst';
    // Lines with a bundled tariff on their date are checked; lines whose amount is not the tariff x antal are findings.
    type Line = Record<string, string> & { line: number; tariff: ReturnType<typeof tariffOn> };
    const lines = rows(FILE).map((r, k): Line => Object.assign({}, r, { line: k + 2, tariff: tariffOn(r.ydelseskode!, r.dato!) }));
    const wrong = lines.filter((l) => l.tariff && (Number(l.tariff.amount) * Number(l.antal)).toFixed(2) !== Number(l.beloeb).toFixed(2));
    const counts = { checked: lines.filter((l) => l.tariff).length, withoutTariff: lines.filter((l) => !l.tariff).length, withoutAmount: 0 };

    it('the sample is what it claims: dated 2022-10-01 to 2023-03-31, a beloeb on each line, one or two wrong amounts', () => {
      expect(lines.every((l) => l.dato! >= '2022-10-01' && l.dato! <= '2023-03-31' && l.beloeb !== '')).toBe(true);
      expect(wrong.map((l) => l.line)).toEqual([7, 9]);
    });

    it('the bundled tariffs find the wrong amounts (warnings, exit 0)', () => {
      const { code, report } = json([FILE]);
      expect(code).toBe(0);
      const found = report.findings.filter((f) => f.ruleId === BELOEB);
      expect(found.map((f) => [f.severity, f.locations[0]?.line, f.details?.expected])).toEqual(
        wrong.map((l) => ['warning', l.line, (Number(l.tariff!.amount) * Number(l.antal)).toFixed(2)]),
      );
      expect(report.summary.counts[BELOEB]).toEqual(counts);
      expect(ids(serious(report.findings))).toEqual([BELOEB]);
      expect(report.ruleset).toMatchObject({ asOf: null, tariffs: 'catalogue' });
    });

    it('--as-of 2023-01-15 judges every line on that day: the tariffs of that day, and 4500 is not yet valid (exit 1)', () => {
      const own = json([FILE]).report;
      const { code, report } = json([FILE, '--as-of', '2023-01-15']);
      expect(code).toBe(1);
      expect(report.ruleset.asOf).toBe('2023-01-15');
      expect(tuples(report.findings.filter((f) => f.ruleId === BELOEB))).toEqual(tuples(own.findings.filter((f) => f.ruleId === BELOEB)));
      // Judged on 2023-01-15, a line has the tariff in force that day (4500's fee starts with the code on 2023-03-01).
      const asOfTariffs = lines.map((l) => tariffOn(l.ydelseskode!, '2023-01-15'));
      expect(report.summary.counts[BELOEB]).toEqual({ checked: asOfTariffs.filter(Boolean).length, withoutTariff: asOfTariffs.filter((t) => !t).length, withoutAmount: 0 });
      // 4500 is valid from 2023-03-01 in the catalogue: its line of 2023-03-02 is fine on its own date, not on 2023-01-15.
      const line4500 = lines.find((l) => l.ydelseskode === '4500')!.line;
      expect(tuples(serious(report.findings)).filter(([id]) => id !== BELOEB)).toEqual([['ydelseskode-uden-for-gyldighed', [line4500]]]);
      expect(tuples(serious(own.findings)).filter(([id]) => id !== BELOEB)).toEqual([]);
    });

    it('--as-of a day with no bundled tariff leaves every line unchecked', () => {
      const { report } = json([FILE, '--as-of', '2025-03-04']);
      expect(report.findings.filter((f) => f.ruleId === BELOEB)).toEqual([]);
      expect(report.summary.counts[BELOEB]).toEqual({ checked: 0, withoutTariff: lines.length, withoutAmount: 0 });
    });

    it('--tariffs honorartabel-eksempel.csv: the report names the table and each finding its row', () => {
      const TABLE = 'samples/honorartabel-eksempel.csv';
      const table = rows(TABLE).map((r, k): Record<string, string> & { line: number } => Object.assign({}, r, { line: k + 2 }));
      const { code, report } = json([FILE, '--tariffs', TABLE]);
      expect(code).toBe(0);
      expect(report.ruleset.tariffs).toBe(TABLE);
      const found = report.findings.filter((f) => f.ruleId === BELOEB);
      expect(found.map((f) => [f.locations[0]?.line, f.details?.tariffSource])).toEqual(
        wrong.map((l) => {
          const row = table.find((t) => t.ydelseskode === l.ydelseskode && t.fra! <= l.dato! && l.dato! <= t.til!)!;
          return [l.line, `${TABLE}:${row.line}`];
        }),
      );
      // The example table repeats the bundled amounts and periods, so the same lines are checked.
      expect(report.summary.counts[BELOEB]).toEqual(counts);
      expect(gpclaims(['check', '--format', 'pretty', FILE, '--tariffs', TABLE]).stdout).toContain(`takster fra ${TABLE}`);
    });

    it('--tariffs replaces the catalogue as a whole: a table with only 0126 checks only the 0126 lines', () => {
      const dir = mkdtempSync(join(tmpdir(), 'gpclaims-tariffs-'));
      const table = join(dir, 'kun-0126.csv');
      writeFileSync(table, 'ydelseskode,fra,til,beloeb\n0126,2022-10-01,2023-03-31,160.57\n');
      const { report } = json([FILE, '--tariffs', table]);
      const video = lines.filter((l) => l.ydelseskode === '0126');
      expect(report.summary.counts[BELOEB]).toEqual({ checked: video.length, withoutTariff: lines.length - video.length, withoutAmount: 0 });
      expect(report.findings.filter((f) => f.ruleId === BELOEB).map((f) => f.locations[0]?.line)).toEqual(video.filter((l) => l.beloeb !== '160.57').map((l) => l.line));
    });
  });
});

describe('CLI contract', () => {
  it('reads standard input when given - or no file, and names it -', () => {
    const text = readFileSync(join(ROOT, 'samples/fejl-alle-familier.csv'), 'utf8');
    const a = gpclaims(['check', '--format', 'json'], text);
    const b = gpclaims(['check', '--format', 'json', '-'], text);
    expect(a.code).toBe(1);
    expect(JSON.parse(a.stdout).findings[0].locations[0].file).toBe('-');
    expect(a.stdout).toBe(b.stdout);
  });

  it('defaults to JSON when stdout is not a terminal, and stamps tool and ruleset', () => {
    const r = gpclaims(['check', 'samples/klinik-marts-2025-ren.csv']);
    const report = JSON.parse(r.stdout);
    expect(report.tool.name).toBe('gpclaims');
    expect(report.ruleset.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  const fejlLines = readFileSync(join(ROOT, 'samples/fejl-alle-familier.csv'), 'utf8').trimEnd().split('\n').length - 1;

  it('pretty output groups by topic, has a summary and no colour codes off a terminal', () => {
    const r = gpclaims(['check', '--format', 'pretty', 'samples/fejl-alle-familier.csv']);
    expect(r.code).toBe(1);
    // Palliation: add-on without base (5), module without visit (7), 7 modules (9), home visit near palliation (62).
    expect(r.stdout).toContain('Palliation (4)');
    expect(r.stdout).toContain('samples/fejl-alle-familier.csv:4');
    expect(r.stdout).toContain(`Opsummering: ${fejlLines} linjer læst, ${fejlLines} kontrolleret, 0 afvist`);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it.each([
    ['da', 'INFO      hele input'],
    ['en', 'INFO      the whole input'],
  ])('pretty (%s): a finding about no line, practice or patient says it is about the whole input', (lang, text) => {
    const out = gpclaims(['check', '--format', 'pretty', '--lang', lang!, 'samples/region-eksport-2025.csv']).stdout;
    expect(out).toContain(text);
    expect(out).not.toMatch(/^ {2}(FEJL|ADVARSEL|INFO|ERROR|WARNING)\s*$/m);
  });

  it('--lang en gives English messages', () => {
    const r = gpclaims(['check', '--format', 'pretty', '--lang', 'en', 'samples/fejl-alle-familier.csv']);
    expect(r.stdout).toContain('6101 talk therapy without a base service');
    expect(r.stdout).toContain(`Summary: ${fejlLines} lines read`);
  });

  it('--output writes the report to a file and nothing to stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpclaims-'));
    const out = join(dir, 'report.json');
    const r = gpclaims(['check', 'samples/region-eksport-2025.csv', '--output', out]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    const written = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(written.findings).toEqual(json(['samples/region-eksport-2025.csv']).report.findings);
    expect(written.findings.length).toBeGreaterThan(0);
  });

  it('--fail-on never exits 0 whatever it finds', () => {
    expect(gpclaims(['check', 'samples/fejl-alle-familier.csv', '--fail-on', 'never']).code).toBe(0);
  });

  it('--rules uses another rules folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpclaims-rules-'));
    mkdirSync(join(dir, 'catalog'));
    cpSync(join(ROOT, 'rules/catalog'), join(dir, 'catalog'), { recursive: true });
    cpSync(join(ROOT, 'rules/samtaleterapi.json'), join(dir, 'samtaleterapi.json'));
    const { report } = json(['--rules', dir, 'samples/fejl-alle-familier.csv']);
    expect(ids(report.findings)).toEqual(['samtaleterapi-over-7-pr-aar', 'samtaleterapi-uden-grundydelse']);
  });

  const usage: [string, string[], RegExp][] = [
    ['missing required column', ['check', 'test/fixtures/mangler-kode.csv'], /test\/fixtures\/mangler-kode\.csv: line 1: missing required column ydelseskode/],
    ['file that does not exist', ['check', 'samples/findes-ikke.csv'], /samples\/findes-ikke\.csv: cannot be read \(ENOENT\)/],
    ['bad rules folder', ['check', '--rules', 'test/fixtures/bad-rules', 'samples/klinik-marts-2025-ren.csv'], /bad-rules\/broken\.json at rules\.0\.params\.max: /],
    ['unknown option', ['check', '--nope', 'samples/klinik-marts-2025-ren.csv'], /unknown option '--nope'/],
    ['bad --regional-average', ['check', '--regional-average', '0204', 'samples/klinik-marts-2025-ren.csv'], /--regional-average takes CODE=UNITS_PER_PATIENT/],
    ['empty file', ['check', 'test/fixtures/tom.csv'], /tom\.csv: is empty/],
    ['two columns for one field', ['check', 'test/fixtures/dobbelt-cpr.csv'], /dobbelt-cpr\.csv: line 1: more than one column for cpr/],
    ['--as-of with month 13', ['check', '--as-of', '2025-13-01', 'samples/klinik-marts-2025-ren.csv'], /--as-of takes a date written YYYY-MM-DD; got "2025-13-01"/],
    ['--as-of not written YYYY-MM-DD', ['check', '--as-of', '15-01-2023', 'samples/klinik-marts-2025-ren.csv'], /--as-of takes a date written YYYY-MM-DD/],
    ['--practices that does not exist', ['check', '--practices', 'samples/findes-ikke.csv', 'samples/klinik-marts-2025-ren.csv'], /samples\/findes-ikke\.csv: cannot be read \(ENOENT\)/],
  ];
  it.each(usage)('usage error, exit 2 without a stack trace: %s', (_name, args, message) => {
    const r = gpclaims(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('the samples together', () => {
  // The clinic's January-October in a ledger, for its November (samples/README.md).
  const folder = mkdtempSync(join(tmpdir(), 'gpclaims-e2e-ledger-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const ledger = join(folder, 'klinik.db');
  // Each sample with the options samples/README.md gives it.
  const RUNS: string[][] = [
    ['samples/klinik-nov-2026.csv', '--history', ledger],
    ['samples/klinik-marts-2025-ren.csv'],
    ['samples/fejl-alle-familier.csv', '--regional-average', '0204=0.05', '--regional-average', '0105=0.05'],
    ['samples/fejl-alle-familier.csv'],
    ['samples/region-eksport-2025.csv', '--practices', 'samples/praksisregister.csv'],
    ['samples/semikolon-windows-1252.csv'],
    ['samples/fejlbehaeftet.csv'],
    ['samples/takster-vinter-2023.csv'],
    ['samples/kroniker-skift-2025.csv'],
  ];
  it('trip every bundled rule at least once', () => {
    expect(gpclaims(['history', 'add', ledger, 'samples/klinik-jan-okt-2026.csv', '--label', '2026-jan-okt']).code).toBe(0);
    const found = new Set(RUNS.flatMap((args) => json(args).report.findings.map((f) => f.ruleId)));
    const all = [...bundledRuleIds().values()].flat();
    expect(all.filter((id) => !found.has(id))).toEqual([]);
  });
});

describe('a reader that stops early', () => {
  it.each([
    ['samples/fejl-alle-familier.csv', 1],
    ['samples/klinik-marts-2025-ren.csv', 0],
  ])('| head on %s: no stack trace, and the exit code is still the check\'s (%i)', (file, code) => {
    // The shell closes the pipe after 5 bytes; gpclaims's own status is printed after it ends.
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" check --format json --max-findings all ${file} | head -c 5 >/dev/null; echo "status=$?"`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(`status=${code}`);
  });
});

describe('personal data', () => {
  const SAMPLES = ['klinik-marts-2025-ren', 'fejl-alle-familier', 'region-eksport-2025', 'fejlbehaeftet', 'semikolon-windows-1252', 'takster-vinter-2023', 'kroniker-skift-2025', 'klinik-jan-okt-2026', 'klinik-nov-2026'];
  it.each(SAMPLES.flatMap((s) => ['json', 'pretty', 'sarif', 'junit', 'github', 'csv'].map((format) => [s, format])))('no full CPR from samples/%s.csv in %s output', (s, format) => {
    const file = `samples/${s}.csv`;
    const cprs = new Set((readFileSync(join(ROOT, file), 'latin1').match(/\b\d{6}-?\d{4}\b/g) ?? []).map((c) => c.replace('-', '')));
    expect(cprs.size).toBeGreaterThan(0);
    const out = gpclaims(['check', '--format', format!, file]).stdout.replace(/-/g, '');
    for (const cpr of cprs) expect(out).not.toContain(cpr);
  });
});

describe('personal data in bad input', () => {
  it('a CPR in the wrong column is masked wherever it is echoed', () => {
    const text = 'ydernummer,cpr,dato,ydelseskode\n0101601234,123456,0202702345,2105-03-04\n';
    const out = gpclaims(['check', '--format', 'json'], text);
    expect(out.code).toBe(1);
    expect(out.stdout).not.toContain('0101601234');
    expect(out.stdout).not.toContain('0202702345');
    expect(out.stdout).toContain('010160-****');
  });
});

describe('bad register and tariff files: exit 2, one line on stderr naming the file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-side-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const cases: [string, string, string, number, RegExp][] = [
    ['--practices', 'kapacitet-0.csv', 'ydernummer,kapaciteter,tilmeldte\n700001,1,1600\n700002,0,3200\n', 3, /kapaciteter must be a positive number, got "0"/],
    ['--practices', 'dobbelt-yder.csv', 'ydernummer,kapaciteter\n700001,1\n700001,2\n', 3, /ydernummer 700001 is listed twice/],
    ['--practices', 'tilmeldte-tekst.csv', 'ydernummer,kapaciteter,tilmeldte\n700001,1,mange\n', 2, /tilmeldte must be a whole number or empty, got "mange"/],
    ['--practices', 'uden-kapacitet.csv', 'ydernummer,tilmeldte\n700001,1600\n', 1, /missing required column kapaciteter/],
    ['--tariffs', 'fra-maaned-13.csv', 'ydelseskode,fra,til,beloeb\n0126,2022-13-01,2023-03-31,167.46\n', 2, /fra must be a date, got "2022-13-01"/],
    ['--tariffs', 'overlap.csv', 'ydelseskode,fra,til,beloeb\n0126,2022-10-01,2023-03-31,167.46\n0126,2023-03-01,2023-09-30,170.00\n', 3, /the period overlaps line 2/],
    ['--tariffs', 'beloeb-tekst.csv', 'ydelseskode,fra,til,beloeb\n0126,2022-10-01,2023-03-31,gratis\n', 2, /beloeb must be an amount in kroner, got "gratis"/],
    ['--tariffs', 'felter.csv', 'ydelseskode,fra,til,beloeb\n0126,2022-10-01,2023-03-31\n', 2, /3 fields, the header has 4/],
  ];
  it.each(cases)('%s %s', (option, name, text, line, reason) => {
    const path = file(name, text);
    const r = gpclaims(['check', option, path, 'samples/takster-vinter-2023.csv']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const stderr = r.stderr.trimEnd().split('\n');
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain(`${path}: line ${line}: `);
    expect(stderr[0]).toMatch(reason);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('service dates far from today', () => {
  it.each([
    ['2026-06-16', 1, ['input/dato-uden-for-periode']],
    ['2026-06-15', 0, []],
  ] as const)('--today 2025-06-15: a line dated %s (exit %i)', (date, code, ids) => {
    const text = `ydernummer,cpr,dato,ydelseskode\n234567,0101601234,${date},0101\n`;
    const r = gpclaims(['check', '--format', 'json', '--today', '2025-06-15'], text);
    expect(r.code).toBe(code);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.filter((f) => f.ruleId.startsWith('input/')).map((f) => f.ruleId)).toEqual(ids);
    expect(report.summary.linesRejected).toBe(ids.length);
  });

  it('--today must be a date', () => {
    const r = gpclaims(['check', '--today', '2025-6-15', 'samples/klinik-marts-2025-ren.csv']);
    expect([r.code, r.stderr]).toEqual([2, 'gpclaims: --today takes a date written YYYY-MM-DD; got "2025-6-15"\n']);
  });
});

describe('an input with a header and no claim lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-tom-'));
  const headerOnly = join(dir, 'kun-overskrift.csv');
  writeFileSync(headerOnly, 'ydernummer,cpr,dato,ydelseskode\n\n');

  it.each([
    ['a file', ['check', headerOnly], undefined, headerOnly],
    ['standard input', ['check', '-'], 'ydernummer,cpr,dato,ydelseskode\n', '-'],
    ['baseline', ['baseline', '-', headerOnly], undefined, headerOnly],
  ] as const)('%s: exit 2 and one line on stderr', (_, args, input, name) => {
    const r = gpclaims([...args], input);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `gpclaims: ${name}: has a header but no claim lines; give --allow-empty to accept that\n`]);
  });

  it.each([
    ['a file', ['check', '--format', 'json', '--allow-empty', headerOnly], undefined],
    ['standard input', ['check', '--format', 'json', '--allow-empty'], 'ydernummer,cpr,dato,ydelseskode\n'],
  ] as const)('%s with --allow-empty: exit 0, nothing read', (_, args, input) => {
    const r = gpclaims([...args], input);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).summary).toMatchObject({ linesRead: 0, claimsChecked: 0, linesRejected: 0 });
  });

  it('baseline with --allow-empty writes an empty baseline', () => {
    const r = gpclaims(['baseline', '--allow-empty', '-', headerOnly]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entries).toEqual([]);
  });
});

describe('the same input twice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-twice-'));
  const CLEAN = 'samples/klinik-marts-2025-ren.csv';
  const text = readFileSync(join(ROOT, CLEAN), 'utf8');
  const file = (name: string, content = text): string => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const a = file('a.csv');
  const copy = file('kopi.csv');
  symlinkSync(a, join(dir, 'link.csv'));
  linkSync(a, join(dir, 'haard.csv'));
  // The same size, one digit changed: another file.
  const other = file('anden.csv', text.replace('2025-03-04', '2025-03-05'));

  it.each([
    ['the same path', [a, a], `${a} and ${a} are the same file`],
    ['two spellings of one path', [CLEAN, `./${CLEAN}`], `${CLEAN} and ./${CLEAN} are the same file`],
    ['a symbolic link to it', [a, join(dir, 'link.csv')], `${a} and ${join(dir, 'link.csv')} are the same file`],
    ['a hard link to it', [join(dir, 'haard.csv'), a], `${join(dir, 'haard.csv')} and ${a} are the same file`],
    ['a copy', [a, copy], `${a} and ${copy} have identical content`],
    ['the first and the third of three', [copy, other, a], `${copy} and ${a} have identical content`],
  ])('%s: exit 2, one line naming both', (_, files, message) => {
    const r = gpclaims(['check', ...files]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `gpclaims: ${message}; give each input once\n`]);
  });

  it('standard input twice', () => {
    const r = gpclaims(['check', '-', CLEAN, '-'], text);
    expect([r.code, r.stderr]).toEqual([2, 'gpclaims: standard input (-) is given twice; it can be read only once\n']);
  });

  it('baseline refuses them too', () => {
    expect(gpclaims(['baseline', '-', a, copy]).stderr).toBe(`gpclaims: ${a} and ${copy} have identical content; give each input once\n`);
  });

  it('files of the same size with other content are checked together', () => {
    expect(text.length).toBe(readFileSync(other, 'utf8').length);
    const r = gpclaims(['check', '--format', 'json', a, other]);
    expect(r.stderr).toBe('');
    const lines = text.trimEnd().split('\n').length - 1;
    expect((JSON.parse(r.stdout) as Report).summary).toMatchObject({ files: 2, claimsChecked: 2 * lines });
  });
});

describe('the output file', () => {
  const CLEAN = 'samples/klinik-marts-2025-ren.csv';
  const fresh = (): string => mkdtempSync(join(tmpdir(), 'gpclaims-out-'));

  // Each input here does not exist: an output problem must be found before any input is read.
  it.each([
    ['a folder that does not exist', (d: string) => join(d, 'mangler', 'r.json'), (d: string) => `cannot write ${join(d, 'mangler', 'r.json')}: the folder ${join(d, 'mangler')} does not exist`],
    ['a path that is a folder', (d: string) => d, (d: string) => `cannot write ${d}: it is a folder`],
    ['a folder that is a file', (d: string) => join(d, 'fil.txt', 'r.json'), (d: string) => `cannot write ${join(d, 'fil.txt', 'r.json')}: ${join(d, 'fil.txt')} is not a folder`],
  ])('--output in %s: exit 2 before the inputs are read', (_, output, message) => {
    const d = fresh();
    writeFileSync(join(d, 'fil.txt'), 'x');
    const r = gpclaims(['check', 'samples/findes-ikke.csv', '--practices', 'samples/findes-heller-ikke.csv', '--output', output(d)]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `gpclaims: ${message(d)}\n`]);
  });

  it('baseline checks its file first too', () => {
    const d = fresh();
    const r = gpclaims(['baseline', join(d, 'mangler', 'b.json'), 'samples/findes-ikke.csv']);
    expect([r.code, r.stderr]).toEqual([2, `gpclaims: cannot write ${join(d, 'mangler', 'b.json')}: the folder ${join(d, 'mangler')} does not exist\n`]);
  });

  it('a failed run leaves an existing report as it was', () => {
    const d = fresh();
    const out = join(d, 'r.json');
    writeFileSync(out, 'the last good report\n');
    const r = gpclaims(['check', 'test/fixtures/mangler-kode.csv', '--output', out]);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('the last good report\n');
    expect(readdirSync(d)).toEqual(['r.json']);
  });

  it('a symbolic link at the output path is refused, and the file it points to is untouched', () => {
    const d = fresh();
    const target = join(d, 'vigtig.csv');
    writeFileSync(target, 'keep me\n');
    symlinkSync(target, join(d, 'r.json'));
    const r = gpclaims(['check', CLEAN, '--output', join(d, 'r.json')]);
    expect([r.code, r.stderr]).toEqual([2, `gpclaims: will not write ${join(d, 'r.json')}: it is a symbolic link; give the path of the file itself\n`]);
    expect(readFileSync(target, 'utf8')).toBe('keep me\n');
  });

  it.each([
    ['an existing baseline', '{\n  "gpclaims": "baseline",\n  "version": 1,\n  "entries": []\n}\n'],
    ['an empty file', ''],
  ])('baseline replaces %s', (_, old) => {
    const d = fresh();
    const file = join(d, 'b.json');
    writeFileSync(file, old);
    const r = gpclaims(['baseline', file, 'samples/fejl-alle-familier.csv']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries.length).toBeGreaterThan(0);
  });

  it('--output /dev/null is allowed (a device is written as it is)', () => {
    const r = gpclaims(['check', CLEAN, '--output', '/dev/null']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
  });

  describe('an output that is also an input or a side file is refused, and the file is untouched', () => {
    const d = fresh();
    const jan = join(d, 'jan.csv');
    const feb = join(d, 'feb.csv');
    const text = readFileSync(join(ROOT, CLEAN), 'utf8');
    writeFileSync(jan, text);
    writeFileSync(feb, text.replaceAll('2025-03-', '2025-02-'));
    const register = join(d, 'register.csv');
    writeFileSync(register, 'ydernummer,kapaciteter\n234567,1\n');
    const baselineFile = join(d, 'baseline.json');
    writeFileSync(baselineFile, '{"gpclaims":"baseline","version":1,"entries":[]}\n');
    const suppressions = join(d, 'undtagelser.json');
    writeFileSync(suppressions, '{"suppressions":[]}\n');
    linkSync(jan, join(d, 'jan-link.csv'));
    const before = new Map([jan, feb, register, baselineFile, suppressions].map((f) => [f, readFileSync(f, 'utf8')]));

    it.each([
      ['baseline over an invoice given where the baseline file goes', ['baseline', jan, feb], `the baseline file ${jan} exists and is not a gpclaims baseline; give the baseline file first (gpclaims baseline FILE [INPUT...]), or remove ${jan}`],
      ['baseline over its own input', ['baseline', jan, jan, feb], `the baseline file ${jan} is also an input (${jan}); give another file to write to`],
      ['baseline over its second input, spelt another way', ['baseline', `${d}/./feb.csv`, jan, feb], `the baseline file ${d}/./feb.csv is also an input (${feb}); give another file to write to`],
      ['--output over an input', ['check', jan, feb, '--output', feb], `--output ${feb} is also an input (${feb}); give another file to write to`],
      ['--output over a hard link to an input', ['check', jan, '--output', join(d, 'jan-link.csv')], `--output ${join(d, 'jan-link.csv')} is also an input (${jan}); give another file to write to`],
      ['--output over --practices', ['check', jan, '--practices', register, '--output', register], `--output ${register} is also the --practices file (${register}); give another file to write to`],
      ['--output over --baseline', ['check', jan, '--baseline', baselineFile, '--output', baselineFile], `--output ${baselineFile} is also the --baseline file (${baselineFile}); give another file to write to`],
      ['baseline over --suppressions', ['baseline', suppressions, jan, '--suppressions', suppressions], `the baseline file ${suppressions} is also the --suppressions file (${suppressions}); give another file to write to`],
    ])('%s', (_, args, message) => {
      const r = gpclaims(args);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `gpclaims: ${message}\n`]);
      for (const [f, content] of before) expect(readFileSync(f, 'utf8')).toBe(content);
    });
  });
});

describe('--max-line-bytes', () => {
  const line = '123456,0101601234,2025-03-04,0101';
  const text = `ydernummer,cpr,dato,ydelseskode,note\n${line},kort\n${line},${'x'.repeat(200)}\n`;

  it('a data line longer than the limit is an input finding with its line and length; the line before it is checked', () => {
    const r = json(['--max-line-bytes', '100'], text);
    expect(r.code).toBe(1);
    const long = r.report.findings.filter((f) => f.ruleId === 'input/linje-for-lang');
    expect(long.map((f) => [f.locations[0]!.line, f.details?.length, f.details?.max])).toEqual([[3, line.length + 1 + 200, 100]]);
    expect(r.report.summary).toMatchObject({ linesRead: 2, claimsChecked: 1, linesRejected: 1 });
  });

  it('the default limit (64 KiB) reads the same text without a finding', () => {
    const r = json([], text);
    expect(r.report.findings.filter((f) => f.ruleId.startsWith('input/'))).toEqual([]);
    expect(r.report.summary).toMatchObject({ linesRead: 2, claimsChecked: 2, linesRejected: 0 });
  });

  it.each(['0', 'abc', '-5'])('--max-line-bytes %s: exit 2, one line', (value) => {
    const r = gpclaims(['check', '--format', 'json', '--max-line-bytes', value], text);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--max-line-bytes');
  });
});

describe('check --format csv: the controller\'s columns agree with the JSON report', () => {
  // csv-parse reads the file as a spreadsheet would (semicolons, quoted cells, CRLF).
  const cells = (out: string) => parseCsvText(out.replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: false }) as string[][];
  it.each([
    ['da', 'samples/fejl-alle-familier.csv', ',', { error: 'fejl', warning: 'advarsel', info: 'info' }],
    ['en', 'samples/region-eksport-2025.csv', '.', { error: 'error', warning: 'warning', info: 'info' }],
  ] as const)('--lang %s on %s: severity, fix, kroner at risk and possible extra income per finding', (lang, file, mark, severity) => {
    const { report } = json(['--lang', lang, '--max-findings', 'all', file]);
    const r = gpclaims(['check', '--format', 'csv', '--lang', lang, '--max-findings', 'all', file]);
    const [head, ...body] = cells(r.stdout);
    const col = (da: string, en: string) => head!.indexOf(lang === 'da' ? da : en);
    const found = report.findings as (ReportFinding & { amount: string | null; opportunity: string | null; fix: Record<string, string> | null })[];
    expect(found.some((f) => f.amount !== null)).toBe(true);
    const kr = (v: string | null) => (v === null ? '' : v.replace('.', mark));
    expect(body.map((row) => [row[col('alvor', 'severity')], row[col('rettelse', 'fix')], row[col('beløb i risiko', 'amount at risk')], row[col('mulig merindtægt', 'possible extra income')]])).toEqual(
      found.map((f) => [severity[f.severity], f.fix?.[lang] ?? '', kr(f.amount), kr(f.opportunity)]),
    );
  });
});
