// The benchmark: gpclaims against a DuckDB oracle on synthetic exports, clean and
// findings-heavy, each sorted and shuffled, with the oracle's counts compared. `npm run bench -- --help`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COUNT_NAMES, countStatus, countsFromReport, type ReportCounts } from './counts.js';
import type { OracleResult } from './duckdb-oracle.js';
import { type GenerateResult, generate, type Profile, projectRoot } from './generate.js';
import { type Order, OptionError, parseBenchArgs, USAGE } from './options.js';

const ROOT = projectRoot();
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const READ_ALL = join(ROOT, 'dist', 'bench', 'read-all.js');
const ORACLE = join(ROOT, 'dist', 'bench', 'duckdb-oracle.js');
const MiB = 1024 * 1024;

/**
 * The targets gpclaims is held to (printed, not enforced: the exit code is about the counts): its
 * paired wall time as a share of DuckDB's, per export, and its peak RSS.
 */
const RATIO_TARGET: Record<Profile, number> = { clean: 0.6, findings: 0.75 };
/** 512 MiB up to 10 M lines; a national year (up to 60 M lines) may take 2 GiB. */
function peakTargetMiB(lines: number): number {
  return lines <= 10_000_000 ? 512 : 2048;
}

let opts;
try {
  opts = parseBenchArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof OptionError)) throw e;
  process.stderr.write(`bench: ${e.message} (npm run bench -- --help for usage)\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const { lines, runs, seed, checkArgs } = opts;

interface Measured {
  wall: number;
  /**
   * Peak memory in KiB: the largest sum, over the polls, of the VmHWM of the process and of every
   * process under it (gpclaims checks a large input in a child process, whose memory counts too;
   * its launcher's counts as well). Null where /proc is not available.
   */
  peakKiB: number | null;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** A process and every process under it, from /proc/<pid>/task/<tid>/children (Linux). */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let k = 0; k < out.length; k++) {
    try {
      for (const tid of readdirSync(`/proc/${out[k]}/task`)) {
        for (const c of readFileSync(`/proc/${out[k]}/task/${tid}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
      }
    } catch {
      // Gone in the meantime.
    }
  }
  return out;
}

/** VmHWM of each process of the tree seen so far, by pid: a process keeps its last reading after it exits. */
function sampleTree(pid: number, hwm: Map<number, number>): void {
  for (const p of processTree(pid)) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) hwm.set(p, Math.max(hwm.get(p) ?? 0, Number(m[1])));
    } catch {
      // Gone in the meantime.
    }
  }
}

/**
 * Runs `node script args` as a child and measures wall time around it and its peak RSS, sampled by
 * polling /proc/<pid>/status (VmHWM) of it and the processes under it about every 20 ms; the peak
 * is the sum of their high-water marks (an upper bound of what they held at once). Samples taken
 * before the child has exec'd (while /proc/<pid>/cmdline is still this process's) are ignored.
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
    const hwm = new Map<number, number>();
    const sample = (): void => {
      if (pid === undefined) return;
      try {
        if (!execed) execed = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
        if (!execed) return;
        sampleTree(pid, hwm);
        let sum = 0;
        for (const v of hwm.values()) sum += v;
        if (hwm.size) peak = Math.max(peak ?? 0, sum);
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
const millions = (n: number): string => `${fmt(n / 1e6)} M`;

// ---------------------------------------------------------------------------------------------

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const duckPkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@duckdb', 'node-api', 'package.json'), 'utf8')) as { version: string };
const cpus = os.cpus();
process.stdout.write(
  [
    'gpclaims benchmark',
    `machine: ${cpus.length} CPUs, ${cpus[0]?.model.trim() ?? 'unknown'}, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB memory, ${os.platform()} ${os.release()}`,
    `node ${process.version}; gpclaims ${pkg.version}; @duckdb/node-api ${duckPkg.version} (default threads)`,
    `lines ${int(lines)}, runs ${runs}, seed ${seed}; exports ${opts.exports.join(', ')}; orders ${opts.orders.join(', ')}`,
    `gpclaims check ... --format json --max-findings all --output <tmp>${checkArgs.length ? ` ${checkArgs.join(' ')}` : ''}`,
    '',
  ].join('\n'),
);

const exports = new Map<Profile, GenerateResult>();
for (const profile of opts.exports) {
  process.stdout.write(`generating the ${profile} export ... `);
  const gen = generate({ lines, seed, profile });
  exports.set(profile, gen);
  process.stdout.write(
    `${gen.reused ? 'reused' : `done in ${fmt(gen.seconds, 1)} s`}: ${int(gen.lines)} lines, ${int(gen.practices)} practices, ${int(gen.patients)} patients, ` +
      `${fmt(gen.bytes / MiB, 1)} MiB each, about ${fmt(gen.expectedFindingShare * 100)} % findings per line expected\n` +
      `  ${gen.sorted}\n  ${gen.shuffled}\n`,
  );
}
process.stdout.write('\n');

const tmp = mkdtempSync(join(os.tmpdir(), 'gpclaims-bench-'));
const problems: string[] = [];

interface Row {
  walls: number[];
  peaks: (number | null)[];
}

interface FileResult {
  profile: Profile;
  order: Order;
  floor: Row;
  gpclaims: Row;
  duckdb: Row;
  report: ReportCounts | null;
  reportBytes: number;
  oracle: OracleResult | null;
  duckSplit: { load: number[]; query: number[]; added: number[] };
}

const results: FileResult[] = [];
for (const [profile, gen] of exports) {
  for (const order of opts.orders) {
    const label = `${profile} ${order}`;
    const file = order === 'sorted' ? gen.sorted : gen.shuffled;
    const report = join(tmp, `report-${profile}-${order}.json`);
    const result: FileResult = {
      profile,
      order,
      floor: { walls: [], peaks: [] },
      gpclaims: { walls: [], peaks: [] },
      duckdb: { walls: [], peaks: [] },
      report: null,
      reportBytes: 0,
      oracle: null,
      duckSplit: { load: [], query: [], added: [] },
    };
    const steps = [
      { what: 'I/O floor', row: result.floor, script: READ_ALL, args: [file], ok: [0] },
      {
        what: 'gpclaims check',
        row: result.gpclaims,
        script: BIN,
        args: ['check', file, '--format', 'json', '--max-findings', 'all', '--output', report, ...checkArgs],
        ok: [0, 1],
      },
      { what: 'DuckDB oracle', row: result.duckdb, script: ORACLE, args: [file], ok: [0] },
    ];
    // The steps take turns (floor, gpclaims, DuckDB, floor, ...), so a machine whose speed drifts
    // slows them alike, and round r of gpclaims and of DuckDB make a pair.
    const failed = new Set<string>();
    for (let r = 0; r < runs; r++) {
      for (const step of steps) {
        if (failed.has(step.what)) continue;
        progress(`${label}: ${step.what}, run ${r + 1}/${runs} ...`);
        const m = await measure(step.script, step.args);
        if (!step.ok.includes(m.code ?? -1)) {
          problems.push(`${label}: ${step.what} exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
          failed.add(step.what);
          continue;
        }
        step.row.walls.push(m.wall);
        step.row.peaks.push(m.peakKiB);
        if (step.script === ORACLE) {
          result.oracle = JSON.parse(m.stdout) as OracleResult;
          result.duckSplit.load.push(result.oracle.loadSeconds);
          result.duckSplit.query.push(result.oracle.querySeconds);
          result.duckSplit.added.push(result.oracle.addedQuerySeconds);
        }
      }
    }
    progress(`${label}: reading the gpclaims report ...`);
    try {
      result.reportBytes = statSync(report).size;
      // Read line by line: a findings-heavy report is too large for one JSON.parse.
      const counted = await countsFromReport(report);
      result.report = counted;
      if (counted.summary.linesRead !== gen.lines || counted.summary.linesRejected !== 0) {
        problems.push(`${label}: gpclaims read ${counted.summary.linesRead} lines and rejected ${counted.summary.linesRejected}; expected ${gen.lines} and 0`);
      }
      if (counted.findings !== counted.summary.findings) {
        problems.push(`${label}: the report lists ${counted.findings} findings of ${counted.summary.findings}; --max-findings all should list every one`);
      }
      if (counted.inputFindings !== 0) problems.push(`${label}: gpclaims reported ${counted.inputFindings} input findings; the generator must make none`);
    } catch (e) {
      problems.push(`${label}: no gpclaims report to read (${(e as Error).message})`);
    }
    progress('');
    if (result.oracle && result.oracle.rows !== gen.lines) problems.push(`${label}: DuckDB loaded ${result.oracle.rows} rows, expected ${gen.lines}`);
    results.push(result);
  }
}

// ---------------------------------------------------------------------------------------------
// Timings: one row per export and order.

const peakMiB = (row: Row): number | null => {
  const peaks = row.peaks.filter((p): p is number => p !== null);
  return peaks.length ? Math.max(...peaks) / 1024 : null;
};
const met = (ok: boolean): string => (ok ? 'met' : 'NOT met');

const timing: string[][] = [
  ['export', 'order', 'gpclaims s', 'DuckDB s', 'ratio, paired (range)', 'ratio target', 'gpclaims peak MiB', 'peak target', 'DuckDB peak MiB', 'gpclaims lines/s', 'DuckDB lines/s', 'I/O floor s'],
];
for (const r of results) {
  const g = r.gpclaims.walls;
  const d = r.duckdb.walls;
  const cells: string[] = [r.profile, r.order];
  cells.push(g.length ? fmt(median(g)) : 'failed', d.length ? fmt(median(d)) : 'failed');
  // Round by round: the rounds took turns, so each pair saw the machine at the same speed.
  const pairs = g.length && g.length === d.length ? g.map((w, k) => w / d[k]!) : [];
  const target = RATIO_TARGET[r.profile];
  if (pairs.length) {
    const ratio = median(pairs);
    cells.push(`${fmt(ratio)} (${fmt(Math.min(...pairs))}-${fmt(Math.max(...pairs))})`, `≤ ${fmt(target)} ${met(ratio <= target)}`);
  } else cells.push('n/a', `≤ ${fmt(target)}`);
  const gPeak = peakMiB(r.gpclaims);
  const dPeak = peakMiB(r.duckdb);
  const gen = exports.get(r.profile)!;
  const peakTarget = peakTargetMiB(gen.lines);
  cells.push(gPeak === null ? 'n/a' : fmt(gPeak, 0), gPeak === null ? `≤ ${peakTarget}` : `≤ ${peakTarget} ${met(gPeak <= peakTarget)}`);
  cells.push(dPeak === null ? 'n/a' : fmt(dPeak, 0));
  cells.push(g.length ? millions(gen.lines / median(g)) : '', d.length ? millions(gen.lines / median(d)) : '');
  cells.push(r.floor.walls.length ? fmt(median(r.floor.walls)) : 'failed');
  timing.push(cells);
}
process.stdout.write(`${table(timing, [false, false, true, true, true, false, true, false, true, true, true, true])}\n`);
process.stdout.write(
  `Wall time is measured around each child process (Node start-up included), the median of ${runs} round(s). Peak RSS is sampled:\n` +
    'the sum of the VmHWM of the process and those under it, read from /proc every ~20 ms, the largest over the rounds. The commands take turns;\n' +
    '"paired" is the median of the round-by-round ratios gpclaims / DuckDB, with their range. The targets are printed only;\n' +
    'the exit code is about the counts.\n\n',
);
for (const r of results) {
  const g = r.gpclaims.walls;
  const d = r.duckdb.walls;
  const parts: string[] = [];
  if (g.length && d.length) parts.push(`median over median ${fmt(median(g) / median(d))}`);
  if (g.length && r.floor.walls.length) parts.push(`gpclaims / I/O floor ${fmt(median(g) / median(r.floor.walls), 1)}`);
  if (r.duckSplit.load.length) {
    parts.push(
      `DuckDB load ${fmt(median(r.duckSplit.load))} s + queries ${fmt(median(r.duckSplit.query))} s` +
        ` (${fmt(median(r.duckSplit.added))} s of them for duplicates and vagttid)`,
    );
  }
  if (r.report) {
    const gen = exports.get(r.profile)!;
    parts.push(
      `${int(r.report.summary.findings)} findings, ${fmt((r.report.summary.findings / gen.lines) * 100, 2)} % of the lines (expected about ${fmt(gen.expectedFindingShare * 100)} %)`,
      `report ${fmt(r.reportBytes / MiB, 1)} MiB`,
    );
  }
  process.stdout.write(`${`${r.profile} ${r.order}`.padEnd(17)}  ${parts.join('; ')}\n`);
}

// ---------------------------------------------------------------------------------------------
// A clinic's monthly invoice (clean profile): mostly start-up, so it gets more runs.

const INVOICE_LINES = 2000;
const invoice = generate({ lines: INVOICE_LINES, seed });
const invoiceRuns = Math.max(9, runs * 3);
const invoiceWalls: number[] = [];
const invoicePeaks: number[] = [];
for (let r = 0; r < invoiceRuns; r++) {
  progress(`monthly invoice, run ${r + 1}/${invoiceRuns} ...`);
  const m = await measure(BIN, ['check', invoice.sorted, '--format', 'json', '--output', join(tmp, 'report-invoice.json'), ...checkArgs]);
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
    `\nmonthly invoice  ${int(INVOICE_LINES)} lines, process start to exit: median ${fmt(median(invoiceWalls), 3)} s of ${invoiceWalls.length} runs` +
      ` (min ${fmt(Math.min(...invoiceWalls), 3)}, max ${fmt(Math.max(...invoiceWalls), 3)})` +
      `${invoicePeaks.length ? `, peak RSS ${fmt(Math.max(...invoicePeaks) / 1024, 0)} MiB` : ''}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// The history ledger: a clinic's year recorded once; then the month recorded again and again
// (the same label, so each run replaces it), and the month checked against the year; and a large
// file recorded into a new ledger each run, for lines per second.

const YEAR_LINES = 24_000;
const year = generate({ lines: YEAR_LINES, seed });
const ledger = join(tmp, 'historik.db');
const historyRows: string[][] = [['what', 'median s', 'min s', 'max s', 'lines/s', 'peak MiB']];
const timeRuns = async (what: string, runsOf: number, args: () => string[], lines: number, before?: () => void): Promise<void> => {
  const walls: number[] = [];
  let peak = 0;
  for (let r = 0; r < runsOf; r++) {
    progress(`${what}, run ${r + 1}/${runsOf} ...`);
    before?.();
    const m = await measure(BIN, args());
    if (m.code !== 0 && m.code !== 1) {
      problems.push(`${what}: gpclaims exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
      return;
    }
    walls.push(m.wall);
    peak = Math.max(peak, m.peakKiB ?? 0);
  }
  const med = median(walls);
  historyRows.push([what, fmt(med, 3), fmt(Math.min(...walls), 3), fmt(Math.max(...walls), 3), int(lines / med), peak ? fmt(peak / 1024, 0) : '-']);
};
const record = await measure(BIN, ['history', 'add', ledger, year.sorted, '--label', 'year']);
if (record.code !== 0) problems.push(`history add of the year: gpclaims exited with ${record.code}: ${record.stderr.trim().split('\n')[0]}`);
else {
  await timeRuns(`history add, ${int(INVOICE_LINES)} lines`, invoiceRuns, () => ['history', 'add', ledger, invoice.sorted, '--label', 'month'], INVOICE_LINES);
  await timeRuns(`check --history, ${int(INVOICE_LINES)} lines against ${int(YEAR_LINES)}`, invoiceRuns, () => ['check', invoice.sorted, '--history', ledger, '--label', 'month', '--format', 'json', '--output', join(tmp, 'report-history.json'), ...checkArgs], INVOICE_LINES);
  const big = Math.min(lines, 1_000_000);
  const large = generate({ lines: big, seed });
  const fresh = join(tmp, 'historik-stor.db');
  const clear = (): void => {
    for (const f of readdirSync(tmp)) if (f.startsWith('historik-stor.db')) rmSync(join(tmp, f), { force: true });
  };
  await timeRuns(`history add, ${int(big)} lines, new ledger`, Math.max(3, runs), () => ['history', 'add', fresh, large.sorted, '--label', 'stor'], big, clear);
}
progress('');
if (historyRows.length > 1) process.stdout.write(`\nhistory ledger (process start to exit)\n${table(historyRows, [false, true, true, true, true, true])}\n`);

// ---------------------------------------------------------------------------------------------
// The controller's audit of each export (sorted): the JSON, HTML and Excel reports, with their
// sizes. The HTML must stay small enough to mail and open for any export.

const auditRows: string[][] = [['export', 'format', 'median s', 'min s', 'max s', 'peak MiB', 'report MiB']];
for (const [profile, gen] of exports) {
  for (const format of ['json', 'html', 'xlsx'] as const) {
    const out = join(tmp, `audit-${profile}.${format}`);
    const walls: number[] = [];
    let peak = 0;
    for (let r = 0; r < runs; r++) {
      progress(`audit ${profile} --format ${format}, run ${r + 1}/${runs} ...`);
      const m = await measure(BIN, ['audit', gen.sorted, '--format', format, '--output', out, ...checkArgs]);
      if (m.code !== 0) {
        problems.push(`audit ${profile} --format ${format}: gpclaims exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
        break;
      }
      walls.push(m.wall);
      peak = Math.max(peak, m.peakKiB ?? 0);
    }
    if (!walls.length) continue;
    auditRows.push([profile, format, fmt(median(walls)), fmt(Math.min(...walls)), fmt(Math.max(...walls)), peak ? fmt(peak / 1024, 0) : '-', fmt(statSync(out).size / MiB, 2)]);
    rmSync(out, { force: true });
  }
}
progress('');
if (auditRows.length > 1) process.stdout.write(`\ngpclaims audit <export> --format F --output <tmp> (process start to exit)\n${table(auditRows, [false, false, true, true, true, true, true])}\n`);

// ---------------------------------------------------------------------------------------------
// Counts: per export, gpclaims and DuckDB on each order measured must agree.

const show = (n: number | undefined): string => (n === undefined ? '-' : int(n));
for (const profile of exports.keys()) {
  const files = results.filter((r) => r.profile === profile);
  const rows: string[][] = [['count', ...files.flatMap((r) => [`gpclaims ${r.order}`, `DuckDB ${r.order}`]), 'check']];
  for (const name of COUNT_NAMES) {
    const cells = files.flatMap((r) => [r.report?.counts[name], r.oracle?.counts[name]]);
    const status = countStatus(name, profile, cells);
    if (status !== 'ok') {
      const detail = files.map((r, k) => `gpclaims ${r.order} ${show(cells[2 * k])}, DuckDB ${r.order} ${show(cells[2 * k + 1])}`).join(', ');
      problems.push(`${profile}: ${name}: ${status} (${detail})`);
    }
    rows.push([name, ...cells.map(show), status]);
  }
  process.stdout.write(`\n${profile} export\n${table(rows, [false, ...files.flatMap(() => [true, true]), false])}\n`);
}
if (exports.has('clean')) process.stdout.write('The duplicate and vagttid counts are 0 on the clean export (nothing of the kind there); they must still agree.\n');

if (opts.keep) process.stdout.write(`reports kept in ${tmp}\n`);
else rmSync(tmp, { recursive: true, force: true });

if (problems.length) {
  process.stdout.write(`\n${'!'.repeat(78)}\n!!! BENCHMARK CHECK FAILED: ${problems.length} problem(s)\n`);
  for (const p of problems) process.stdout.write(`!!! ${p}\n`);
  process.stdout.write(`${'!'.repeat(78)}\n`);
  process.exit(1);
}
process.stdout.write(
  `\nall counts agree (gpclaims = DuckDB${opts.orders.length > 1 ? ', sorted = shuffled' : ''}), every count that must be is above 0, no input findings\n`,
);
