// Reading a file in parts on several threads gives the report one thread gives, byte for byte,
// wherever the parts are cut and whatever the lines near the cuts are. Run through the built CLI
// and library, so that real worker threads read the parts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { P } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const dir = mkdtempSync(join(tmpdir(), 'gpclaims-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(file: string, threads: number, extra: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', file, '--threads', String(threads), '--format', 'json', '--max-findings', 'all', '--today', '2026-12-01', '--allow-empty', ...extra], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid';
/** A month of lines for a few patients, with findings of several rules (same-day grundydelser, duplicates). */
function lines(n: number, seed = 1): string[] {
  const out: string[] = [];
  const patients = [P.a, P.b, P.c, P.d, P.e];
  let x = seed;
  const next = (m: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const codes = ['0101', '0101', '0201', '0120', '2101', '6101', '0105', '0204'];
  for (let k = 0; k < n; k++) {
    const day = String(1 + next(28)).padStart(2, '0');
    out.push(`${1000 + next(3)},${patients[next(5)]},2025-03-${day},${codes[next(codes.length)]},1,${next(2) ? '150.25' : '0.00'},${String(8 + next(12)).padStart(2, '0')}:00`);
  }
  return out;
}

/** Lines with something in the middle of the file (or at its start, or end) that the hot path gives to the general path. */
const middle = lines(400);
const cases: { name: string; text: string }[] = [
  { name: 'plain lines', text: [HEADER, ...middle].join('\n') + '\n' },
  { name: 'no line end at the end', text: [HEADER, ...middle].join('\n') },
  { name: 'CRLF line ends', text: [HEADER, ...middle].join('\r\n') + '\r\n' },
  { name: 'a BOM', text: '\uFEFF' + [HEADER, ...middle].join('\n') + '\n' },
  { name: 'blank lines here and there', text: [HEADER, ...middle.slice(0, 150), '', ...middle.slice(150, 300), '', '', ...middle.slice(300)].join('\n') + '\n' },
  { name: 'a quoted note with a line break in the second half', text: [HEADER, ...middle.slice(0, 300), `1000,${P.a},2025-03-04,"01\n01",1,0.00,10:00`, ...middle.slice(300)].join('\n') + '\n' },
  { name: 'a stray quote in the first half', text: [HEADER, ...middle.slice(0, 50), `1000,${P.a},2025-03-04,"0101,1,0.00,10:00`, ...middle.slice(50)].join('\n') + '\n' },
  { name: 'a bad CPR and a bad date in the later parts', text: [HEADER, ...middle.slice(0, 250), '1000,3213601234,2025-03-04,0101,1,0.00,10:00', ...middle.slice(250, 350), `1000,${P.b},2025-02-30,0101,1,0.00,10:00`, ...middle.slice(350)].join('\n') + '\n' },
  { name: 'a service date before birth near the end', text: [HEADER, ...middle.slice(0, 390), `1000,${P.c},1970-01-01,0101,1,0.00,10:00`, ...middle.slice(390)].join('\n') + '\n' },
  { name: 'padded and unknown codes in every part', text: [HEADER, ...middle.slice(0, 100), `1000,${P.a},2025-03-04,101,1,0.00,10:00`, ...middle.slice(100, 200), `1001,${P.b},2025-03-05,9999,1,0.00,10:00`, ...middle.slice(200, 300), `1000,${P.a},2025-03-06,101,1,0.00,10:00`, `1002,${P.b},2025-03-07,9999,1,0.00,10:00`, ...middle.slice(300)].join('\n') + '\n' },
  { name: 'a practice and an amount met first in a later part', text: [HEADER, ...middle.slice(0, 300), `7777,${P.e},2025-03-04,0101,1,999.99,10:00`, ...middle.slice(300)].join('\n') + '\n' },
  { name: 'a line too long in the second half', text: [HEADER, ...middle.slice(0, 300), `1000,${P.a},2025-03-04,0101,1,0.00,${'9'.repeat(300)}`, ...middle.slice(300)].join('\n') + '\n', },
];

describe('a file read in parts on several threads', () => {
  it.each(cases)('$name: the same report for 1, 2, 3 and 7 threads', ({ name, text }) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
    writeFileSync(file, text);
    const extra = name.includes('too long') ? ['--max-line-bytes', '200'] : [];
    const one = report(file, 1, extra);
    expect(one.stderr).toBe('');
    expect(one.stdout).toContain('"ruleId"');
    for (const threads of [2, 3, 7]) {
      const many = report(file, threads, extra);
      expect({ threads, status: many.status, stderr: many.stderr }).toEqual({ threads, status: one.status, stderr: one.stderr });
      // Compared as a boolean first: a failing report is long.
      expect(many.stdout === one.stdout).toBe(true);
    }
  });

  it.each(readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.csv') && !/honorartabel|praksisregister|takster/.test(f)))('sample %s: the same report for 1 and 4 threads', (name) => {
    const file = join(dir, name);
    writeFileSync(file, readFileSync(join(ROOT, 'samples', name)));
    expect(report(file, 4).stdout === report(file, 1).stdout).toBe(true);
  });

  it('--threads takes a whole number of at least 1', () => {
    const file = join(dir, 'plain.csv');
    writeFileSync(file, [HEADER, ...middle].join('\n'));
    const r = report(file, 0);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--threads');
  });
});

describe('the worker thread reads its part', () => {
  it('a later part comes back from a worker, its lines numbered from the part start', async () => {
    const { cutPoints, readPartInWorker } = await import(join(ROOT, 'dist', 'src', 'engine', 'parallel.js'));
    const file = join(dir, 'worker.csv');
    writeFileSync(file, [HEADER, ...middle].join('\n') + '\n');
    const cuts: number[] = cutPoints(file, 2);
    expect(cuts).toHaveLength(1);
    const known = new Uint8Array(10000).fill(1);
    const part = await readPartInWorker({ path: file, fileNo: 0, name: file, from: cuts[0], to: undefined, settings: { lang: 'da', days: { from: 0, to: 100000 }, known, maxInputFindings: 1000 }, maxLineBytes: undefined }).done;
    expect(part).not.toBeNull();
    const before = readFileSync(file, 'utf8').slice(0, cuts[0]).split('\n').length - 1;
    expect(part.columns.length).toBe(middle.length + 1 - before);
    expect(part.result).toEqual({ lastLine: middle.length + 1 - before, stop: null, toEnd: false });
    expect(Array.from(part.columns.line.subarray(0, 3))).toEqual([1, 2, 3]);
  });
});

describe('the patients checked in ranges on several threads', () => {
  it.each([
    // start[] (patient p's lines are start[p] .. start[p + 1] - 1), threads, the ranges
    { start: [0, 2, 4, 6, 8], n: 2, ranges: [[0, 2], [2, 4]] },
    { start: [0, 2, 4, 6, 8], n: 3, ranges: [[0, 2], [2, 3], [3, 4]] },
    { start: [0, 7, 8, 9, 10], n: 2, ranges: [[0, 1], [1, 4]] },
    { start: [0, 1, 2], n: 4, ranges: [[0, 1], [1, 2]] },
    { start: [0, 10], n: 3, ranges: [[0, 1]] },
    { start: [0], n: 2, ranges: [[0, 0]] },
  ])('lines $start in $n threads: ranges $ranges, about as many lines each, no patient split', async ({ start, n, ranges }) => {
    const { patientRanges } = await import('../src/engine/patients.js');
    expect(patientRanges(Uint32Array.from(start), n)).toEqual(ranges);
  });

  const samples = readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.csv') && !/honorartabel|praksisregister|takster/.test(f));
  it.each(samples)('sample %s: worker threads check ranges of its patients; findings, counts and summary are one thread’s', async (name) => {
    // The built library, so that the workers have module files to load.
    const { runCheck } = await import(join(ROOT, 'dist', 'src', 'engine', 'check.js'));
    const { checkResult } = await import(join(ROOT, 'dist', 'src', 'report', 'result.js'));
    const { loadRuleset } = await import(join(ROOT, 'dist', 'src', 'ruleset', 'load.js'));
    const options = { ruleset: loadRuleset(), today: '2026-12-01', practices: undefined };
    const file = join(ROOT, 'samples', name);
    const one = await runCheck([file], { ...options, threads: 1 });
    expect(one.patientThreads).toBe(1);
    for (const threads of [2, 3]) {
      const many = await runCheck([file], { ...options, threads });
      expect(many.patientThreads).toBe(Math.min(threads, one.counts.patients));
      // Compared as text, so that the order of counts' keys counts too.
      expect(JSON.stringify(many.counts)).toBe(JSON.stringify(one.counts));
      const [r1, rn] = [checkResult(one), checkResult(many)];
      expect(JSON.stringify({ ...rn, findings: rn.findings }) === JSON.stringify({ ...r1, findings: r1.findings })).toBe(true);
    }
  });
});
