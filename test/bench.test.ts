// The benchmark's generator and oracle: a deterministic export on which gpclaims and DuckDB agree.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_NAMES, countsFromFindings } from '../bench/counts.js';
import { runOracle } from '../bench/duckdb-oracle.js';
import { type GenerateResult, HEADER, generate } from '../bench/generate.js';
import { check } from '../src/index.js';
import { birthDay } from '../src/model/cpr.js';
import { parseIsoDate } from '../src/model/date.js';

const LINES = 20_000;
// The 0204 ceiling pools an average only from 10 practices, so the small export has 10.
const PRACTICES = 10;
const dirs: string[] = [];
let a: GenerateResult;
let b: GenerateResult;

const dataLines = (path: string): string[] => {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  expect(lines[0]).toBe(HEADER);
  expect(lines.at(-1)).toBe('');
  return lines.slice(1, -1);
};

beforeAll(() => {
  for (let k = 0; k < 2; k++) dirs.push(mkdtempSync(join(tmpdir(), 'gpclaims-bench-test-')));
  a = generate({ lines: LINES, seed: 1, practices: PRACTICES, outDir: dirs[0]! });
  b = generate({ lines: LINES, seed: 1, practices: PRACTICES, outDir: dirs[1]! });
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('bench/generate', () => {
  it('is deterministic: the same seed gives the same bytes, and existing files are reused', () => {
    expect(a.reused).toBe(false);
    expect(readFileSync(a.sorted).equals(readFileSync(b.sorted))).toBe(true);
    expect(readFileSync(a.shuffled).equals(readFileSync(b.shuffled))).toBe(true);
    expect({ ...a, sorted: '', shuffled: '', seconds: 0 }).toEqual({ ...b, sorted: '', shuffled: '', seconds: 0 });
    const again = generate({ lines: LINES, seed: 1, practices: PRACTICES, outDir: dirs[0]! });
    expect(again.reused).toBe(true);
    expect(again.lines).toBe(a.lines);
  });

  it('writes exactly the lines asked for; the shuffled file holds the same lines in another order', () => {
    const sorted = dataLines(a.sorted);
    const shuffled = dataLines(a.shuffled);
    expect(sorted).toHaveLength(LINES);
    expect(a.lines).toBe(LINES);
    expect(shuffled).not.toEqual(sorted);
    expect([...shuffled].sort()).toEqual([...sorted].sort());
  });

  it('sorts the first file by practice, then date', () => {
    const sorted = dataLines(a.sorted);
    for (let k = 1; k < sorted.length; k++) {
      const [p0, , d0] = sorted[k - 1]!.split(',');
      const [p1, , d1] = sorted[k]!.split(',');
      expect(p0! < p1! || (p0 === p1 && d0! <= d1!), `line ${k + 2}`).toBe(true);
    }
    expect(new Set(sorted.map((l) => l.slice(0, l.indexOf(',')))).size).toBe(a.practices);
  });

  it('makes valid CPR numbers born before every service date, in the requested year', () => {
    for (const line of dataLines(a.sorted)) {
      const [practice, cpr, date, code, antal] = line.split(',');
      expect(practice).toMatch(/^\d{6}$/);
      expect(code).toMatch(/^\d{4}$/);
      expect(antal).toMatch(/^[1-9]\d*$/);
      expect(date!.slice(0, 4)).toBe('2025');
      const birth = birthDay(cpr!);
      expect(birth, cpr).toBeDefined();
      expect(birth!).toBeLessThan(parseIsoDate(date!)!);
    }
  });
});

describe('bench/duckdb-oracle', () => {
  it('agrees with check() on all six counts, sorted and shuffled, and every count is above 0', async () => {
    const oracle = await runOracle(a.shuffled);
    expect(oracle.rows).toBe(LINES);
    for (const file of [a.sorted, a.shuffled]) {
      const result = await check([file]);
      expect(result.summary.linesRead).toBe(LINES);
      expect(result.summary.linesRejected).toBe(0);
      const { counts, inputFindings } = countsFromFindings(result.findings);
      expect(inputFindings).toBe(0);
      expect(counts).toEqual(oracle.counts);
    }
    for (const name of COUNT_NAMES) expect(oracle.counts[name], name).toBeGreaterThan(0);
  });
});
