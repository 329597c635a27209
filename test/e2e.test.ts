// End to end: the built CLI on every bundled sample, checking stdout, stderr and the exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');

function gpclaims(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], input?: string) {
  const r = gpclaims(['check', '--format', 'json', ...args], input);
  return { ...r, report: JSON.parse(r.stdout) as { summary: Record<string, any>; findings: { ruleId: string; practice: string | null }[]; tool: { name: string }; ruleset: { hash: string } } };
}

const ids = (findings: { ruleId: string }[]) => [...new Set(findings.map((f) => f.ruleId))].sort();

describe('samples (see samples/README.md)', () => {
  it('klinik-marts-2025-ren.csv: clean, exit 0', () => {
    const { code, stderr, report } = json(['samples/klinik-marts-2025-ren.csv']);
    expect([code, stderr, report.findings]).toEqual([0, '', []]);
    expect(report.summary.linesRead).toBeGreaterThan(100);
    expect(report.summary.claimsChecked).toBe(report.summary.linesRead);
  });

  it('fejl-alle-familier.csv: breaks every family, exit 1', () => {
    const { code, report } = json(['samples/fejl-alle-familier.csv', '--regional-average', '0204=0.05']);
    expect(code).toBe(1);
    expect(ids(report.findings)).toEqual([
      'aftalt-telefonkonsultation-hoejestegraense',
      'grundydelse-samme-dag',
      'kronikerprogram-ikke-saerskilt',
      'palliation-modul-uden-besoeg',
      'palliation-moduler-over-6',
      'palliation-tillaeg-uden-grundydelse',
      'samtaleterapi-over-7-pr-aar',
      'samtaleterapi-uden-grundydelse',
    ]);
  });

  it('fejl-alle-familier.csv without an average: the ceiling says it was not evaluated', () => {
    const { report } = json(['samples/fejl-alle-familier.csv']);
    expect(ids(report.findings)).toContain('aftalt-telefonkonsultation-hoejestegraense-ikke-evalueret');
    expect(ids(report.findings)).not.toContain('aftalt-telefonkonsultation-hoejestegraense');
  });

  it('region-eksport-2025.csv: one practice over the 0204 ceiling, a warning (exit 0; 1 with --fail-on warning)', () => {
    const { code, report } = json(['samples/region-eksport-2025.csv']);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.ruleId, f.practice])).toEqual([['aftalt-telefonkonsultation-hoejestegraense', '700006']]);
    expect(report.summary.practices).toBe(6);
    expect(json(['samples/region-eksport-2025.csv', '--fail-on', 'warning']).code).toBe(1);
  });

  it('semikolon-windows-1252.csv: read as ;, decimal comma and Windows-1252', () => {
    const { code, report } = json(['samples/semikolon-windows-1252.csv']);
    expect([code, report.findings.length, report.summary.claimsChecked, report.summary.linesRejected]).toEqual([0, 0, 6, 0]);
  });

  it('fejlbehaeftet.csv: every bad line reported with file and line, none lost', () => {
    const { code, report } = json(['samples/fejlbehaeftet.csv']);
    const s = report.summary;
    expect(code).toBe(1);
    expect(s.linesRead).toBe(s.claimsChecked + s.linesRejected);
    expect(s.linesRejected).toBe(11);
    expect(ids(report.findings)).toEqual(
      ['input/antal', 'input/beloeb', 'input/cpr', 'input/cpr-dato', 'input/csv', 'input/dato', 'input/feltantal', 'input/kode', 'input/kode-udfyldt', 'input/sikringsgruppe', 'input/tid', 'input/ydernummer', 'ukendt-ydelseskode'].sort(),
    );
    for (const f of report.findings as unknown as { locations: { file: string; line: number }[] }[]) {
      expect(f.locations[0]?.file).toBe('samples/fejlbehaeftet.csv');
      expect(f.locations[0]?.line).toBeGreaterThan(1);
    }
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

  it('pretty output groups by topic, has a summary and no colour codes off a terminal', () => {
    const r = gpclaims(['check', '--format', 'pretty', 'samples/fejl-alle-familier.csv']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Palliation (3)');
    expect(r.stdout).toContain('samples/fejl-alle-familier.csv:4');
    expect(r.stdout).toMatch(/Opsummering: 30 linjer læst, 30 kontrolleret, 0 afvist/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('--lang en gives English messages', () => {
    const r = gpclaims(['check', '--format', 'pretty', '--lang', 'en', 'samples/fejl-alle-familier.csv']);
    expect(r.stdout).toContain('6101 talk therapy without a base service');
    expect(r.stdout).toContain('Summary: 30 lines read');
  });

  it('--output writes the report to a file and nothing to stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpclaims-'));
    const out = join(dir, 'report.json');
    const r = gpclaims(['check', 'samples/region-eksport-2025.csv', '--output', out]);
    expect([r.code, r.stdout]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(out, 'utf8')).findings).toHaveLength(1);
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
  ];
  it.each(usage)('usage error, exit 2 without a stack trace: %s', (_name, args, message) => {
    const r = gpclaims(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('personal data', () => {
  it('no output format ever prints a full CPR from the samples', () => {
    const samples = ['klinik-marts-2025-ren', 'fejl-alle-familier', 'region-eksport-2025', 'fejlbehaeftet', 'semikolon-windows-1252'];
    for (const s of samples) {
      const file = `samples/${s}.csv`;
      const cprs = new Set((readFileSync(join(ROOT, file), 'latin1').match(/\b\d{6}-?\d{4}\b/g) ?? []).map((c) => c.replace('-', '')));
      expect(cprs.size).toBeGreaterThan(0);
      for (const format of ['json', 'pretty']) {
        const out = gpclaims(['check', '--format', format, file]).stdout.replace(/-/g, '');
        for (const cpr of cprs) expect(out).not.toContain(cpr);
      }
    }
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
