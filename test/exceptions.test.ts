// Baselines and suppressions: a baseline survives reordering and reports only new findings; a
// suppression hides findings in its scope with a reason, and an expired one hides nothing and is
// reported itself. Table tests of applyExceptions, then the built CLI round trip on a sample.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/engine/check.js';
import { applyExceptions, fingerprint, makeBaseline, type Suppression } from '../src/report/exceptions.js';
import { readSuppressions } from '../src/input/exceptions.js';
import type { Finding } from '../src/report/finding.js';
import { fixtureFinding, fixtureResult } from './helpers.js';

const finding = fixtureFinding;
const result = (findings: Finding[]) => fixtureResult(findings);

const A = finding({});
const B = finding({ ruleId: 'samtaleterapi-over-7-pr-aar', severity: 'error', codes: ['6101'], date: '2025-06-01', locations: [{ file: 'a.csv', line: 9 }] });
const C = finding({ practice: '111111', patient: '010160-****', date: '2025-09-01', locations: [{ file: 'a.csv', line: 20 }] });
const W = finding({ ruleId: 'aftalt-telefonkonsultation-hoejestegraense', severity: 'warning', patient: null, date: null, codes: ['0204'], locations: [] });

describe('baseline', () => {
  it('holds rule ids and fingerprints only, with counts for twins', () => {
    const twin = { ...A, locations: [{ file: 'a.csv', line: 30 }] };
    const b = makeBaseline([A, twin, B]);
    expect(b.entries).toEqual(
      [
        { ruleId: A.ruleId, fingerprint: fingerprint(A), count: 2 },
        { ruleId: B.ruleId, fingerprint: fingerprint(B), count: 1 },
      ].sort((x, y) => (x.ruleId < y.ruleId ? -1 : 1)),
    );
    expect(JSON.stringify(b)).not.toContain('290355');
  });

  it.each([
    ['the same findings', [A, B, C], [A, B, C], []],
    ['moved to other lines', [A, B], [{ ...A, locations: [{ file: 'b.csv', line: 99 }] }, B], []],
    ['one new finding', [A, B], [A, B, C], [C]],
    ['a twin beyond the count is new', [A], [A, { ...A, locations: [{ file: 'a.csv', line: 3 }] }], [{ ...A, locations: [{ file: 'a.csv', line: 3 }] }]],
    ['another patient is new', [A], [{ ...A, patient: '010101-****' }], [{ ...A, patient: '010101-****' }]],
  ])('%s', (_, before, now, expected) => {
    const r = applyExceptions(result(now as Finding[]), { baseline: makeBaseline(before as Finding[]), today: '2026-01-01', lang: 'da' });
    expect(r.findings).toEqual(expected);
    expect(r.summary.baselined).toBe(now.length - expected.length);
    expect(r.summary.findings).toBe(expected.length);
  });
});

describe('suppressions', () => {
  const run = (entries: Suppression[], findings = [A, B, C, W], showSuppressed = false) =>
    applyExceptions(result(findings), { suppressions: { file: 'sup.json', entries }, today: '2026-01-01', showSuppressed, lang: 'en' });
  const kept = (r: CheckResult) => r.findings.map((f) => `${f.ruleId}@${f.practice}`);

  it.each<[string, Suppression, string[]]>([
    ['a rule everywhere', { ruleId: 'grundydelse-samme-dag', reason: 'r' }, ['samtaleterapi-over-7-pr-aar@234567', 'aftalt-telefonkonsultation-hoejestegraense@234567']],
    ['a rule at one practice', { ruleId: 'grundydelse-samme-dag', practice: '111111', reason: 'r' }, ['grundydelse-samme-dag@234567', 'samtaleterapi-over-7-pr-aar@234567', 'aftalt-telefonkonsultation-hoejestegraense@234567']],
    ['a code the finding does not have', { ruleId: 'grundydelse-samme-dag', code: '6101', reason: 'r' }, ['grundydelse-samme-dag@234567', 'samtaleterapi-over-7-pr-aar@234567', 'grundydelse-samme-dag@111111', 'aftalt-telefonkonsultation-hoejestegraense@234567']],
    ['a date range with one of them', { ruleId: 'grundydelse-samme-dag', from: '2025-09-01', to: '2025-09-30', reason: 'r' }, ['grundydelse-samme-dag@234567', 'samtaleterapi-over-7-pr-aar@234567', 'aftalt-telefonkonsultation-hoejestegraense@234567']],
    ['a date range does not cover a finding without a date', { ruleId: 'aftalt-telefonkonsultation-hoejestegraense', from: '2025-01-01', reason: 'r' }, ['grundydelse-samme-dag@234567', 'samtaleterapi-over-7-pr-aar@234567', 'grundydelse-samme-dag@111111', 'aftalt-telefonkonsultation-hoejestegraense@234567']],
    ['expiring today still applies', { ruleId: 'samtaleterapi-over-7-pr-aar', expires: '2026-01-01', reason: 'r' }, ['grundydelse-samme-dag@234567', 'grundydelse-samme-dag@111111', 'aftalt-telefonkonsultation-hoejestegraense@234567']],
  ])('%s', (_, s, expected) => {
    const r = run([s]);
    expect(kept(r)).toEqual(expected);
    expect(r.summary.suppressed).toBe(4 - expected.length);
  });

  it('an expired entry suppresses nothing and is a warning of its own, naming rule, reason and date', () => {
    const r = run([{ ruleId: 'samtaleterapi-over-7-pr-aar', expires: '2025-12-31', reason: 'old deal', owner: 'kim' }]);
    expect(r.summary.suppressed).toBe(0);
    const expired = r.findings.filter((f) => f.ruleId === 'undtagelse-udloebet');
    expect(expired).toHaveLength(1);
    expect(expired[0]!.severity).toBe('warning');
    expect(expired[0]!.message).toContain('samtaleterapi-over-7-pr-aar');
    expect(expired[0]!.message).toContain('old deal');
    expect(expired[0]!.message).toContain('2025-12-31');
    expect(r.findings.some((f) => f.ruleId === 'samtaleterapi-over-7-pr-aar')).toBe(true);
  });

  it('--show-suppressed keeps them, marked with the reason', () => {
    const r = run([{ ruleId: 'grundydelse-samme-dag', practice: '111111', reason: 'agreed', owner: 'kim' }], [A, C], true);
    expect(r.findings).toHaveLength(2);
    expect(r.findings[1]!.details).toEqual({ suppressed: { reason: 'agreed', owner: 'kim' } });
    expect(r.summary.suppressed).toBe(1);
  });
});

describe('suppression text is masked and escaped', () => {
  const hostile = { reason: 'aftalt for 0702430919\x1b[2K\x1b[1A', owner: 'sag 290355 0819\u2028x' };
  const reason = 'aftalt for 070243-****\\x1b[2K\\x1b[1A';
  const owner = 'sag 290355-****\\u2028x';
  const apply = (s: Suppression, showSuppressed: boolean) =>
    applyExceptions(result([A]), { suppressions: { file: 'sup.json', entries: [s] }, today: '2026-01-01', showSuppressed, lang: 'da' });

  it('in the mark --show-suppressed puts on a finding', () => {
    const r = apply({ ruleId: A.ruleId, ...hostile }, true);
    expect(r.findings[0]!.details).toEqual({ suppressed: { reason, owner } });
  });

  it('in the warning about an expired entry: message and details', () => {
    const r = apply({ ruleId: A.ruleId, expires: '2025-01-01', ...hostile }, false);
    const expired = r.findings.find((f) => f.ruleId === 'undtagelse-udloebet')!;
    expect(expired.message).toContain(`(${reason})`);
    expect([expired.details!.reason, expired.details!.owner]).toEqual([reason, owner]);
  });

  it('as readSuppressions reads it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gpclaims-sup-')), 'sup.json');
    writeFileSync(path, JSON.stringify({ suppressions: [{ ruleId: A.ruleId, ...hostile }] }));
    expect(readSuppressions(path)).toEqual([{ ruleId: A.ruleId, reason, owner }]);
  });
});

describe('the CLI round trip', () => {
  const ROOT = resolve(import.meta.dirname, '..');
  const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-exceptions-'));
  const sample = readFileSync(join(ROOT, 'samples', 'fejl-alle-familier.csv'), 'utf8');
  const [header, ...lines] = sample.trimEnd().split('\n');
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, report: r.stdout.startsWith('{') ? JSON.parse(r.stdout) : null };
  };
  writeFileSync(join(dir, 'now.csv'), sample);
  // The same lines in reverse order, and then one new problem: a lone 6101 on a new day.
  writeFileSync(join(dir, 'reordered.csv'), `${[header, ...[...lines].reverse()].join('\n')}\n`);
  writeFileSync(join(dir, 'more.csv'), `${[header, ...lines, '234567,2903550819,2025-11-11,6101,1,,,1'].join('\n')}\n`);

  it('baseline, then check --baseline: nothing new, in any order; a new problem is reported alone', () => {
    const all = cli(['check', '--format', 'json', '--max-findings', 'all', 'now.csv']).report;
    expect(all.summary.findings).toBeGreaterThan(10);
    const made = cli(['baseline', 'base.json', 'now.csv']);
    expect(made.code).toBe(0);
    const text = readFileSync(join(dir, 'base.json'), 'utf8');
    expect(text.replace(/"[0-9a-f]{32}"/g, '')).not.toMatch(/\d{6}-?(\d{4}|\*{4})/);

    const same = cli(['check', '--format', 'json', '--baseline', 'base.json', 'now.csv']);
    expect([same.code, same.report.summary.findings, same.report.summary.baselined]).toEqual([0, 0, all.summary.findings]);
    const reordered = cli(['check', '--format', 'json', '--baseline', 'base.json', 'reordered.csv']);
    expect([reordered.code, reordered.report.summary.findings]).toEqual([0, 0]);
    const more = cli(['check', '--format', 'json', '--baseline', 'base.json', 'more.csv']);
    expect(more.code).toBe(1);
    expect(more.report.findings.map((f: Finding) => [f.ruleId, f.date])).toEqual([['samtaleterapi-uden-grundydelse', '2025-11-11']]);
  });

  it('suppressions: counted, not listed, not failing; an expired one warns', () => {
    writeFileSync(
      join(dir, 'sup.json'),
      JSON.stringify({ suppressions: [{ ruleId: 'grundydelse-samme-dag', reason: 'to kontakter, aftalt' }, { ruleId: 'palliation-tillaeg-uden-grundydelse', reason: 'gammel', expires: '2025-01-01' }] }),
    );
    const all = cli(['check', '--format', 'json', '--max-findings', 'all', 'now.csv']).report;
    const r = cli(['check', '--format', 'json', '--max-findings', 'all', '--suppressions', 'sup.json', '--today', '2026-01-01', 'now.csv']).report;
    const grund = all.findings.filter((f: Finding) => f.ruleId === 'grundydelse-samme-dag').length;
    expect(grund).toBeGreaterThan(0);
    expect(r.summary.suppressed).toBe(grund);
    expect(r.findings.some((f: Finding) => f.ruleId === 'grundydelse-samme-dag')).toBe(false);
    expect(r.findings.filter((f: Finding) => f.ruleId === 'undtagelse-udloebet')).toHaveLength(1);
    const shown = cli(['check', '--format', 'json', '--max-findings', 'all', '--suppressions', 'sup.json', '--today', '2026-01-01', '--show-suppressed', 'now.csv']).report;
    expect(shown.findings.filter((f: Finding) => (f.details as { suppressed?: unknown } | null)?.suppressed).length).toBe(grund);
    // The pretty report marks them with the reason, and says how many were left out.
    const pretty = cli(['check', '--format', 'pretty', '--suppressions', 'sup.json', '--today', '2026-01-01', '--show-suppressed', 'now.csv']).stdout;
    expect(pretty.split('Undertrykt: to kontakter, aftalt').length - 1).toBe(grund);
    const hidden = cli(['check', '--format', 'pretty', '--suppressions', 'sup.json', '--today', '2026-01-01', 'now.csv']).stdout;
    expect(hidden).toContain(`udeladt: 0 i baseline (--baseline), ${grund} undertrykt (--suppressions)`);
    expect(hidden).not.toContain('Undertrykt:');
  });

  it.each([
    ['{"suppressions":[{"ruleId":"x"}]}', 'suppressions[0].reason: is required'],
    ['{"suppressions":[{"ruleId":"x","reason":"y","expires":"2025-13-01"}]}', 'suppressions[0].expires: must be a date'],
    ['{"suppressions":[{"ruleId":"x","reason":"y","colour":"red"}]}', 'suppressions[0]'],
    ['{"suppressions": [', 'is not valid JSON'],
  ])('a bad suppressions file %s is exit 2 naming the file and the entry', (text, message) => {
    writeFileSync(join(dir, 'bad.json'), text);
    const r = cli(['check', '--suppressions', 'bad.json', 'now.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('    at ');
  });

  it('baseline - writes the same baseline to standard output', () => {
    const r = cli(['baseline', '-', 'now.csv']);
    expect(r.code).toBe(0);
    cli(['baseline', 'base2.json', 'now.csv']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(dir, 'base2.json'), 'utf8')));
  });

  it('a file that is not a baseline is exit 2', () => {
    writeFileSync(join(dir, 'notbase.json'), '{"entries":[]}');
    const r = cli(['check', '--baseline', 'notbase.json', 'now.csv']);
    expect([r.code, r.stderr.includes('notbase.json: is not a gpclaims baseline')]).toEqual([2, true]);
  });
});
