// The benchmark (issue 4): gpclaims against an I/O floor and a DuckDB oracle on a synthetic export,
// sorted and shuffled, with the core rule counts compared. `npm run bench -- --lines 200000`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { COUNT_NAMES, type CoreCounts, countsFromFindings } from './counts.js';
import type { OracleResult } from './duckdb-oracle.js';
import { DEFAULT_LINES, generate, projectRoot } from './generate.js';

const ROOT = projectRoot();
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const READ_ALL = join(ROOT, 'dist', 'bench', 'read-all.js');
const ORACLE = join(ROOT, 'dist', 'bench', 'duckdb-oracle.js');
const MiB = 1024 * 1024;
/** Reports larger than this are not parsed (JSON.parse needs the whole text as one string). */
const MAX_REPORT_BYTES = 400 * MiB;

function wholeNumber(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/[_,]/g, ''));
  if (!Number.isSafeInteger(n) || n < min) {
    process.stderr.write(`--${name} must be a whole number of at least ${min}, got "${text}"\n`);
    process.exit(2);
  }
  return n;
}

const USAGE =
  'usage: npm run bench -- [--lines N] [--runs R] [--seed S] [--keep]\n' +
  '  --lines N  lines in the synthetic export (default 10,000,000)\n' +
  '  --runs R   runs of each measurement; the table shows the median (default 3)\n' +
  '  --seed S   generator seed (default 1)\n' +
  '  --keep     keep the gpclaims JSON reports (their folder is printed)\n';

function options() {
  try {
    return parseArgs({
      options: {
        lines: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}
const values = options();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const lines = wholeNumber('lines', values.lines, DEFAULT_LINES);
const runs = wholeNumber('runs', values.runs, 3);
const seed = wholeNumber('seed', values.seed, 1, 0);

interface Measured {
  wall: number;
  /** Largest VmHWM seen while polling, in KiB; null where /proc is not available. */
  peakKiB: number | null;
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs `node script args` as a child and measures wall time around it and its peak RSS, sampled by
 * polling /proc/<pid>/status (VmHWM) about every 20 ms. Samples taken before the child has
 * exec'd (while /proc/<pid>/cmdline is still this process's) are ignored.
 */
function measure(script: string, args: readonly string[]): Promise<Measured> {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [script, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let wall = 0;
    let peak: number | null = null;
    let execed = false;
    const pid = child.pid;
    const sample = (): void => {
      if (pid === undefined) return;
      try {
        if (!execed) execed = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
        if (!execed) return;
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak ?? 0, Number(m[1]));
      } catch {
        // The child has exited, or there is no /proc.
      }
    };
    sample();
    const timer = setInterval(sample, 20);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('exit', () => {
      wall = (performance.now() - t0) / 1000;
      clearInterval(timer);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolvePromise({ wall, peakKiB: peak, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r, k) => {
      const line = r.map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
      return k === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
    })
    .join('\n');
}

/** A progress line, on a terminal only (it is overwritten by the next one). */
function progress(text: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${text.padEnd(70)}${text ? '' : '\r'}`);
}

const fmt = (n: number, digits = 2): string => n.toFixed(digits);
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const duckPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')) as { version: string };
const cpus = os.cpus();
process.stdout.write(
  [
    'gpclaims benchmark',
    `machine: ${cpus.length} CPUs, ${cpus[0]?.model.trim() ?? 'unknown'}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB memory, ${os.platform()} ${os.release()}`,
    `node ${process.version}; gpclaims ${pkg.version}; @duckdb/node-api ${duckPkg.version} (default threads)`,
    `lines ${int(lines)}, runs ${runs}, seed ${seed}`,
    '',
  ].join('\n'),
);

process.stdout.write('generating the export ... ');
const gen = generate({ lines, seed });
process.stdout.write(
  `${gen.reused ? 'reused' : `done in ${fmt(gen.seconds, 1)} s`}: ${int(gen.lines)} lines, ${int(gen.practices)} practices, ${int(gen.patients)} patients, ${fmt(gen.bytes / MiB, 1)} MiB\n` +
    `  ${gen.sorted}\n  ${gen.shuffled}\n\n`,
);

const tmp = mkdtempSync(join(os.tmpdir(), 'gpclaims-bench-'));
const problems: string[] = [];

interface FileResult {
  label: string;
  rows: { what: string; walls: number[]; peaks: (number | null)[] }[];
  gpclaims: { counts: CoreCounts; inputFindings: number; reportBytes: number; findings: number } | null;
  oracle: OracleResult | null;
  duckSplit: { load: number[]; query: number[] };
}

const results: FileResult[] = [];
for (const [label, file] of [
  ['sorted', gen.sorted],
  ['shuffled', gen.shuffled],
] as const) {
  const report = join(tmp, `report-${label}.json`);
  const result: FileResult = { label, rows: [], gpclaims: null, oracle: null, duckSplit: { load: [], query: [] } };
  const steps = [
    { what: 'I/O floor (readSync 8 MiB)', script: READ_ALL, args: [file], ok: [0] },
    { what: 'gpclaims check', script: BIN, args: ['check', file, '--format', 'json', '--max-findings', 'all', '--output', report], ok: [0, 1] },
    { what: 'DuckDB oracle', script: ORACLE, args: [file], ok: [0] },
  ];
  // The steps take turns (floor, gpclaims, DuckDB, floor, ...), so a machine whose speed drifts
  // slows them alike, and run r of gpclaims and of DuckDB make a pair.
  const rows = steps.map((step) => ({ what: step.what, walls: [] as number[], peaks: [] as (number | null)[], failed: false }));
  for (let r = 0; r < runs; r++) {
    for (const [k, step] of steps.entries()) {
      const row = rows[k]!;
      if (row.failed) continue;
      progress(`${label}: ${step.what}, run ${r + 1}/${runs} ...`);
      const m = await measure(step.script, step.args);
      if (!step.ok.includes(m.code ?? -1)) {
        problems.push(`${label}: ${step.what} exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
        row.failed = true;
        continue;
      }
      row.walls.push(m.wall);
      row.peaks.push(m.peakKiB);
      if (step.script === ORACLE) {
        result.oracle = JSON.parse(m.stdout) as OracleResult;
        result.duckSplit.load.push(result.oracle.loadSeconds);
        result.duckSplit.query.push(result.oracle.querySeconds);
      }
    }
  }
  for (const { failed: _, ...row } of rows) result.rows.push(row);
  progress('');
  try {
    const reportBytes = statSync(report).size;
    if (reportBytes > MAX_REPORT_BYTES) {
      problems.push(`${label}: the gpclaims report is ${fmt(reportBytes / MiB, 0)} MiB, too large to parse here; counts not compared`);
    } else {
      const doc = JSON.parse(readFileSync(report, 'utf8')) as {
        summary: { linesRead: number; linesRejected: number };
        findings: { ruleId: string; locations: unknown[] }[];
      };
      const { counts, inputFindings } = countsFromFindings(doc.findings);
      result.gpclaims = { counts, inputFindings, reportBytes, findings: doc.findings.length };
      if (doc.summary.linesRead !== gen.lines || doc.summary.linesRejected !== 0) {
        problems.push(`${label}: gpclaims read ${doc.summary.linesRead} lines and rejected ${doc.summary.linesRejected}; expected ${gen.lines} and 0`);
      }
      if (inputFindings !== 0) problems.push(`${label}: gpclaims reported ${inputFindings} input findings; the generator must make none`);
    }
  } catch (e) {
    problems.push(`${label}: no gpclaims report to read (${(e as Error).message})`);
  }
  if (result.oracle && result.oracle.rows !== gen.lines) problems.push(`${label}: DuckDB loaded ${result.oracle.rows} rows, expected ${gen.lines}`);
  results.push(result);
}

// ---------------------------------------------------------------------------------------------
// Timings.

const timing: string[][] = [['file', 'what', 'median wall s', 'lines/s', 'peak RSS MiB']];
for (const r of results) {
  for (const row of r.rows) {
    if (!row.walls.length) {
      timing.push([r.label, row.what, 'failed', '', '']);
      continue;
    }
    const wall = median(row.walls);
    const peaks = row.peaks.filter((p): p is number => p !== null);
    timing.push([r.label, row.what, fmt(wall), int(gen.lines / wall), peaks.length ? fmt(Math.max(...peaks) / 1024, 0) : 'n/a']);
  }
}
process.stdout.write(`${table(timing, [false, false, true, true, true])}\n`);
process.stdout.write(
  `Wall time is measured around each child process (Node start-up included), the median of ${runs} run(s). Peak RSS is sampled:\n` +
    'the largest VmHWM read from /proc/<pid>/status every ~20 ms, the largest over the runs. The commands take turns;\n' +
    '"paired" is the median of the run-by-run ratios, with their range.\n\n',
);
for (const r of results) {
  const g = r.rows.find((x) => x.what === 'gpclaims check')!;
  const d = r.rows.find((x) => x.what === 'DuckDB oracle')!;
  const io = r.rows.find((x) => x.what.startsWith('I/O floor'))!;
  if (g.walls.length && d.walls.length) {
    // Run by run: the runs took turns, so each pair saw the machine at the same speed.
    const pairs = g.walls.length === d.walls.length ? g.walls.map((w, k) => w / d.walls[k]!) : [];
    const paired = pairs.length ? `, paired ${fmt(median(pairs))} (${fmt(Math.min(...pairs))}-${fmt(Math.max(...pairs))})` : '';
    process.stdout.write(
      `${r.label.padEnd(8)}  gpclaims / DuckDB = ${fmt(median(g.walls) / median(d.walls))}${paired}` +
        `   (gpclaims / I/O floor = ${fmt(median(g.walls) / median(io.walls), 1)};` +
        ` DuckDB load ${fmt(median(r.duckSplit.load))} s + queries ${fmt(median(r.duckSplit.query))} s)\n`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// A clinic's monthly invoice: mostly start-up, so it gets more runs.

const INVOICE_LINES = 2000;
const invoice = generate({ lines: INVOICE_LINES, seed });
const invoiceRuns = Math.max(9, runs * 3);
const invoiceWalls: number[] = [];
const invoicePeaks: number[] = [];
for (let r = 0; r < invoiceRuns; r++) {
  progress(`monthly invoice, run ${r + 1}/${invoiceRuns} ...`);
  const m = await measure(BIN, ['check', invoice.sorted, '--format', 'json', '--output', join(tmp, 'report-invoice.json')]);
  if (m.code !== 0 && m.code !== 1) {
    problems.push(`monthly invoice: gpclaims exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
    break;
  }
  invoiceWalls.push(m.wall);
  if (m.peakKiB !== null) invoicePeaks.push(m.peakKiB);
}
progress('');
if (invoiceWalls.length) {
  process.stdout.write(
    `monthly invoice  ${int(INVOICE_LINES)} lines, process start to exit: median ${fmt(median(invoiceWalls), 3)} s of ${invoiceWalls.length} runs` +
      ` (min ${fmt(Math.min(...invoiceWalls), 3)}, max ${fmt(Math.max(...invoiceWalls), 3)})` +
      `${invoicePeaks.length ? `, peak RSS ${fmt(Math.max(...invoicePeaks) / 1024, 0)} MiB` : ''}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// Counts.

const [sorted, shuffled] = results as [FileResult, FileResult];
const counts: string[][] = [['count', 'gpclaims sorted', 'DuckDB sorted', 'gpclaims shuffled', 'DuckDB shuffled', 'check']];
const show = (n: number | undefined): string => (n === undefined ? '-' : int(n));
for (const name of COUNT_NAMES) {
  const cells = [sorted.gpclaims?.counts[name], sorted.oracle?.counts[name], shuffled.gpclaims?.counts[name], shuffled.oracle?.counts[name]];
  let status = 'ok';
  if (cells.some((c) => c === undefined)) status = 'MISSING';
  else if (new Set(cells).size !== 1) status = 'MISMATCH';
  else if (cells[0] === 0) status = 'ZERO';
  if (status !== 'ok') problems.push(`${name}: ${status} (gpclaims sorted ${show(cells[0])}, DuckDB sorted ${show(cells[1])}, gpclaims shuffled ${show(cells[2])}, DuckDB shuffled ${show(cells[3])})`);
  counts.push([name, ...cells.map(show), status]);
}
process.stdout.write(`\n${table(counts, [false, true, true, true, true, false])}\n`);
for (const r of results) {
  if (r.gpclaims) {
    process.stdout.write(`${r.label}: gpclaims report ${fmt(r.gpclaims.reportBytes / MiB, 1)} MiB, ${int(r.gpclaims.findings)} findings, ${r.gpclaims.inputFindings} input findings\n`);
  }
}

if (values.keep) process.stdout.write(`reports kept in ${tmp}\n`);
else rmSync(tmp, { recursive: true, force: true });

if (problems.length) {
  process.stdout.write(`\n${'!'.repeat(78)}\n!!! BENCHMARK CHECK FAILED: ${problems.length} problem(s)\n`);
  for (const p of problems) process.stdout.write(`!!! ${p}\n`);
  process.stdout.write(`${'!'.repeat(78)}\n`);
  process.exit(1);
}
process.stdout.write('\nall counts agree (gpclaims = DuckDB, sorted = shuffled), every count > 0, no input findings\n');
