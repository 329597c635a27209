// --max-findings: findings about no line (a practice's figures, a rule not evaluated) are always
// listed, the cap applies to the findings about lines, and summary.listed says how many are listed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckResult, type Finding, limitFindings } from '../src/index.js';
import { csv, type Row, run } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');

// Three practices: a standalone 6101 (an error about a line) at each, a 0204 at two of them, so the
// practice-level 0204 rules are not evaluated (fewer than 10 practices) and say so in findings about
// no line; and a 0105 pair at the first (a warning or error about lines, whichever the rules say).
const ROWS: Row[] = [
  ['111111', 'a', '2025-03-04', '6101'],
  ['111111', 'b', '2025-03-05', '0101'],
  ['111111', 'b', '2025-03-05', '0105'],
  ['222222', 'c', '2025-03-06', '6101'],
  ['222222', 'c', '2025-03-07', '0204'],
  ['333333', 'd', '2025-03-08', '6101'],
  ['333333', 'e', '2025-03-09', '0204'],
];

const lineless = (f: Finding) => f.locations.length === 0;
const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The findings a cap of max lists, worked out from the whole list: every finding about no line,
 * and the first max of the others taken by severity (errors first), each in report order; all in
 * report order. None of these findings stands for lines not listed (no details.notListed).
 */
function expectedListed(all: readonly Finding[], max: number): Finding[] {
  const withLines = all.map((f, at) => ({ f, at })).filter(({ f }) => !lineless(f));
  const kept = new Set(withLines.sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.at - b.at).slice(0, max).map((x) => x.at));
  return all.filter((f, at) => lineless(f) || kept.has(at));
}

let full: CheckResult;
async function whole(): Promise<CheckResult> {
  return (full ??= await run(csv(ROWS)));
}

describe('limitFindings', () => {
  it('the input has findings about no line and more findings about lines than the caps below', async () => {
    const all = (await whole()).findings;
    expect(all.some((f) => f.details?.notListed !== undefined)).toBe(false);
    expect(all.filter(lineless).length).toBeGreaterThan(2);
    expect(all.filter((f) => !lineless(f)).length).toBeGreaterThan(2);
  });

  it.each([1, 2])('--max-findings %i lists every finding about no line (more of them than the cap) and that many about lines; summary.listed counts them', async (max) => {
    const result = await whole();
    const limited = limitFindings(result, max);
    const expected = expectedListed(result.findings, max);
    expect(limited.findings).toEqual(expected);
    expect(limited.findings.filter((f) => !lineless(f))).toHaveLength(max);
    expect(limited.summary.listed).toBe(expected.length);
    // The summary still counts every finding, and its kroner are those of all of them.
    expect(limited.summary.findings).toBe(result.findings.length);
    expect(limited.summary.amountAtRisk).toEqual(result.summary.amountAtRisk);
  });

});

describe('gpclaims check --max-findings (the built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-limit-'));
  const file = join(dir, 'faktura.csv');
  writeFileSync(file, csv(ROWS));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([1, 2])('--max-findings %i: the same findings as the library, and summary.listed says how many', async (max) => {
    const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'json', '--max-findings', String(max), file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { summary: { findings: number; listed: number }; findings: Finding[] };
    const expected = expectedListed((await whole()).findings, max);
    const key = (f: Finding) => [f.ruleId, f.practice, f.locations.map((l) => l.line)];
    expect(report.findings.map(key)).toEqual(expected.map(key));
    expect(report.summary).toMatchObject({ findings: (await whole()).findings.length, listed: expected.length });
  });
});
