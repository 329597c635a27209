// --max-findings and --max-warnings: the list is capped with the most severe kept and the summary
// still counting all; too many warnings fail the run even without errors. The built CLI on samples.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitFindings } from '../src/report/limit.js';
import { severityRank, type Finding } from '../src/report/finding.js';
import { fixtureFinding, fixtureResult } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const SAMPLE = 'samples/fejl-alle-familier.csv';

function gpclaims(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Report {
  summary: { findings: number; listed: number; bySeverity: Record<'error' | 'warning' | 'info', number> };
  findings: { ruleId: string; severity: 'error' | 'warning' | 'info'; locations: { line: number }[] }[];
}
const report = (args: string[]): Report => JSON.parse(gpclaims(['check', '--format', 'json', ...args, SAMPLE]).stdout) as Report;

const full = report(['--max-findings', 'all']);
const { error: errors, warning: warnings } = full.summary.bySeverity;

describe('the sample has what these tests need', () => {
  it('errors, warnings and info, and fewer than 1000 findings', () => {
    expect(errors).toBeGreaterThan(2);
    expect(full.findings.some((f) => f.locations.length === 0)).toBe(true);
    expect(warnings).toBeGreaterThan(0);
    expect(full.summary.bySeverity.info).toBeGreaterThan(0);
    expect(full.summary.findings).toBeLessThan(1000);
    expect(full.summary.listed).toBe(full.summary.findings);
  });
});

describe('--max-findings', () => {
  // Findings about no line (a practice's figures, a rule not evaluated) are always listed; n caps the others.
  const lineless = full.findings.filter((f) => f.locations.length === 0).length;
  const withLines = full.summary.findings - lineless;

  it.each([1, 3, errors, errors + 1, withLines - 1])('%i: that many about lines listed, the most severe, beside every finding about no line, in report order; the summary counts all', (n) => {
    const r = report(['--max-findings', String(n)]);
    expect(r.findings).toHaveLength(n + lineless);
    expect(r.summary.listed).toBe(n + lineless);
    expect(r.summary.findings).toBe(full.summary.findings);
    expect(r.summary.bySeverity).toEqual(full.summary.bySeverity);
    // The kept ones about lines are the first n of them ordered by severity (stable), shown in report order with the others.
    const bySeverity = full.findings
      .map((f, at) => ({ f, at }))
      .filter((x) => x.f.locations.length > 0)
      .sort((a, b) => severityRank(a.f.severity) - severityRank(b.f.severity) || a.at - b.at);
    const kept = new Set(bySeverity.slice(0, n).map((k) => k.at));
    const expected = full.findings.filter((f, at) => f.locations.length === 0 || kept.has(at));
    expect(r.findings).toEqual(expected);
  });

  it('the default lists up to 1000, so this sample is listed whole', () => {
    expect(report([])).toEqual(full);
  });

  it('the pretty report says the list is partial', () => {
    const r = gpclaims(['check', '--format', 'pretty', '--max-findings', '2', SAMPLE]);
    expect(r.stdout).toContain(`Viser ${2 + lineless} af ${full.summary.findings} fund: de alvorligste om linjer og alle om en praksis (--max-findings)`);
    expect(gpclaims(['check', '--format', 'pretty', SAMPLE]).stdout).not.toContain('--max-findings');
  });

  it.each(['0', '-1', '2.5', 'x', ''])('"%s" is a usage error (exit 2)', (v) => {
    const r = gpclaims(['check', '--max-findings', v, SAMPLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-findings');
  });
});

describe('--max-warnings', () => {
  it.each([
    [warnings - 1, 1],
    [warnings, 0],
    [0, 1],
  ])('with --fail-on never and --max-warnings %i: exit %i', (max, code) => {
    const r = gpclaims(['check', '--format', 'json', '--fail-on', 'never', '--max-warnings', String(max), SAMPLE]);
    expect(r.code).toBe(code);
    expect(r.stderr.includes(`${warnings} warnings, more than --max-warnings ${max}`)).toBe(code === 1);
  });

  it('errors still fail at --fail-on error however many warnings are allowed', () => {
    expect(gpclaims(['check', '--format', 'json', '--max-warnings', '100000', SAMPLE]).code).toBe(1);
  });

  it.each(['-1', 'many'])('"%s" is a usage error (exit 2)', (v) => {
    expect(gpclaims(['check', '--max-warnings', v, SAMPLE]).code).toBe(2);
  });
});

describe('limitFindings', () => {
  const f = (severity: Finding['severity'], line: number): Finding => fixtureFinding({ ruleId: `r${line}`, severity, locations: [{ file: 'a.csv', line }] });
  const result = (findings: Finding[]) => fixtureResult(findings);
  const list = [f('info', 2), f('warning', 3), f('error', 4), f('info', 5), f('error', 6), f('warning', 7)];

  it.each([
    [1, [4]],
    [2, [4, 6]],
    [3, [3, 4, 6]],
    [4, [3, 4, 6, 7]],
    [5, [2, 3, 4, 6, 7]],
    [6, [2, 3, 4, 5, 6, 7]],
    [9, [2, 3, 4, 5, 6, 7]],
  ])('max %i keeps lines %j', (max, lines) => {
    const r = limitFindings(result(list), max);
    expect(r.findings.map((x) => x.locations[0]!.line)).toEqual(lines);
    expect(r.summary.listed).toBe(lines.length);
    expect(r.summary.findings).toBe(6);
  });
});
