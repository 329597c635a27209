// The fuzz properties: runs one input through the CLI in every format, through the library as a
// file and as a chunked stream, and as a side file, and lists every property it breaks.
// Shared by test/fuzz.test.ts (fast-check stops at the first failure and shrinks it) and
// scripts/fuzz.ts (npm run fuzz: counts failures by kind over many inputs).
//
// For every input:
// - every run ends with exit code 0, 1 or 2 (the library: a result, or an InputError/RulesetError),
//   the same in every format; exit 2 comes with exactly one line on stderr;
// - no stack trace and no "internal error" in any output or on stderr;
// - no full CPR of the input (each ten-digit window and DDMMYY-SSSS form, see text.ts) in any
//   format's output, on stderr, or in the library's result or error;
// - linesRead = claimsChecked + linesRejected, the findings add up by severity and by topic, and the
//   line counts fit the physical lines (see reportFailures); findings point at lines that exist;
// - the same bytes as a file path and as a stream cut into chunks give the same JSON report;
// - CSV, JUnit, SARIF and JSON reports parse; no CSV cell can run as a formula; the GitHub output
//   is one workflow command per finding and line, for GitHub's runner's idea of a line;
// - no terminal control character in the pretty report or on stderr;
// - a file with no line read does not pass (exit 0); a line past the 64 KiB line cap is an input
//   finding; echoed input is cut short; Object.prototype is left alone (a rule topic "__proto__").
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { parse as parseCsv } from 'csv-parse/sync';
import { type Io, run } from '../../src/cli/program.js';
import { packageRoot } from '../../src/package-info.js';
import { bundledRulesDir, check, type CheckResult, formatters, InputError, loadRuleset, type Ruleset, RulesetError } from '../../src/index.js';
import { FORMATS, type Format, type FuzzInput } from './arbitraries.js';
import { analyseLines, cprNumbers, latin1, leakedCprs, printable } from './text.js';
import { xmlProblem } from './xml.js';

/** What a failure is about; npm run fuzz counts failures by these. */
export const KINDS = [
  'exit code',
  'stack trace',
  'invariant',
  'cpr leak',
  'file≠stream',
  'unparseable json',
  'unparseable csv',
  'unparseable junit',
  'unparseable sarif',
  'formula cell',
  'workflow command',
  'terminal escape',
  'empty input passes',
  'long line',
  'long echo',
  'prototype pollution',
] as const;
export type Kind = (typeof KINDS)[number];

export interface Failure {
  kind: Kind;
  /** What went wrong, printable: controls escaped, CPR-like runs masked, cut short. */
  detail: string;
}

/**
 * A physical line longer than this many bytes must be an input finding (or, for the header, exit 2):
 * the reader's cap on one line, 64 KiB, plus a little for the line end.
 */
export const LINE_CAP = 64 * 1024 + 4;
/** No message, echoed value or stderr text may be longer than this: echoed input is cut short. */
export const ECHO_LIMIT = 1000;
/** The date the runs take as today (suppression expiry, dates far ahead), so results do not change by the day. */
const TODAY = '2025-06-01';

const STACK_LINE = /^\s+at .+\(.*:\d+:\d+\)$/m;
const STACK_START = /\n\s+at /;
/** C0 and C1 controls other than tab and newline: enough to move a terminal's cursor, erase or hide text. */
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
/** What GitHub's runner takes as the end of a line (and so the start of a possible command). */
const RUNNER_LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029|\u0085/;
const ANNOTATION = /^::(error|warning|notice) (file=[^,:\r\n]*,line=\d+,)?title=[^,:\r\n]*::/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** The JSON report's shape, as far as the properties read it. */
export interface Report {
  summary: { files: number; linesRead: number; claimsChecked: number; linesRejected: number; blankLines: number; findings: number; listed: number; bySeverity: Record<string, number>; byTopic: Record<string, { total: number }> };
  findings: { ruleId: string; message: string; locations: { file: string; line: number }[]; details: unknown }[];
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** run() threw instead of returning an exit code. */
  threw?: string;
}

/** The CLI's run() with an in-memory Io: no terminal, no colour, no environment. */
async function cli(args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: Io = {
    // A report comes as text or as UTF-8 bytes (whole findings: never a character cut in two).
    stdout: { write: (s: string | Uint8Array) => stdout.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
    stderr: { write: (s: string) => stderr.push(s) },
    stdinIsTTY: true,
    env: {},
  };
  try {
    const code = await run(['node', 'gpclaims', ...args], io);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } catch (e) {
    return { code: -1, stdout: stdout.join(''), stderr: stderr.join(''), threw: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

/** Scratch folder, the valid invoice the side-file runs check, and rules folders with odd topics: made once per process. */
interface Workspace {
  dir: string;
  validInvoice: string;
  rules: Map<string | null, { dir: string | null; ruleset: Ruleset | string }>;
}

let workspace: Workspace | undefined;
let inputs = 0;
function scratch(): Workspace {
  if (workspace) return workspace;
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-fuzz-'));
  process.on('exit', removeScratch);
  const validInvoice = join(dir, 'valid.csv');
  // Two grundydelser for one (made-up) patient on one day: a finding for the suppressions to act on.
  writeFileSync(validInvoice, 'ydernummer,cpr,dato,ydelseskode,antal\n111111,0101601234,2025-03-04,0101,1\n111111,0101601234,2025-03-04,0101,1\n111111,0202702345,2025-03-05,0105,1\n');
  workspace = { dir, validInvoice, rules: new Map() };
  return workspace;
}

/** Removes the scratch folder (also done when the process exits normally; a test runner may end its workers otherwise). */
export function removeScratch(): void {
  if (!workspace) return;
  rmSync(workspace.dir, { recursive: true, force: true });
  workspace = undefined;
}

/** The rules folder for a topic (null: the bundled one) and its ruleset, or the reason it cannot be loaded. */
function rulesFor(topic: string | null): { dir: string | null; ruleset: Ruleset | string } {
  const ws = scratch();
  let entry = ws.rules.get(topic);
  if (entry) return entry;
  let dir: string | null = null;
  if (topic !== null) {
    dir = join(ws.dir, `rules-${ws.rules.size}`);
    cpSync(bundledRulesDir(), dir, { recursive: true });
    const file = join(dir, 'grundydelser.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), topic }, null, 2));
  }
  let ruleset: Ruleset | string;
  try {
    ruleset = loadRuleset(dir ?? undefined);
  } catch (e) {
    ruleset = `${(e as Error).name}: ${(e as Error).message}`;
  }
  entry = { dir, ruleset };
  ws.rules.set(topic, entry);
  return entry;
}

// The vendored OASIS schema, found from the package root so that this works from test/ and from dist/.
const sarifValidator = new Validator(JSON.parse(readFileSync(join(packageRoot(), 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8')), '4', false);

/** Own properties of Object.prototype when the module loaded: anything added later is pollution. */
const PROTOTYPE_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Removes what a run added to Object.prototype, so that one polluting input does not break every later one. */
function prototypePollution(): string[] {
  const added = Object.getOwnPropertyNames(Object.prototype).filter((k) => !PROTOTYPE_KEYS.has(k));
  for (const k of added) delete (Object.prototype as Record<string, unknown>)[k];
  return added;
}

/** Collects failures; every detail goes through printable() so that no report of a failure leaks what it reports. */
export class Failures {
  readonly list: Failure[] = [];
  add(kind: Kind, detail: string): void {
    this.list.push({ kind, detail: printable(detail, 400) });
  }
}

/** Every string in a value (finding details can nest). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Checks that hold for any run of the CLI: exit code, no stack trace, no CPR, harmless stderr. */
export function runFailures(label: string, r: CliRun, cprs: ReadonlySet<string>, f = new Failures()): Failure[] {
  if (r.threw !== undefined) f.add('exit code', `${label}: run() threw ${r.threw}`);
  else if (r.code !== 0 && r.code !== 1 && r.code !== 2) f.add('exit code', `${label}: exit code ${r.code}`);
  if (r.code === 2 && !/^[^\n]+\n$/.test(r.stderr)) f.add('exit code', `${label}: exit 2 must give exactly one line on stderr, got ${JSON.stringify(r.stderr.slice(0, 300))}`);
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    if (STACK_LINE.test(text) || STACK_START.test(text)) f.add('stack trace', `${label}: ${stream} holds a stack trace: ${text.slice(0, 300)}`);
    if (/internal error/i.test(text)) f.add('stack trace', `${label}: ${stream}: ${text.slice(0, 300)}`);
    const leaked = leakedCprs(text, cprs);
    if (leaked.length) f.add('cpr leak', `${label}: ${stream} holds the full CPR of ${leaked.join(', ')}`);
  }
  const control = TERMINAL_CONTROL.exec(r.stderr);
  if (control) f.add('terminal escape', `${label}: stderr holds control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${r.stderr}`);
  if (r.stderr.length > ECHO_LIMIT) f.add('long echo', `${label}: stderr is ${r.stderr.length} characters`);
  return f.list;
}

/**
 * The summary adds up, its line counts fit the input's physical lines, long lines are findings and
 * echoes are short.
 *
 * Line counting. A physical line ends at CR, LF or CRLF (text after the last one is a line too).
 * When records and physical lines are one to one (no quoted field holds a line end, none is left
 * open or closed with something after its quote; see analyseLines), the header is line 1 and every
 * later line is read (a claim or a rejected line) or blank: 1 + linesRead + blankLines = physical
 * lines, and a blank line before the header would have to count as blank too. When a quoted field
 * spans lines, its record covers several physical lines and is counted once; when a quote is
 * malformed, a reader may instead report the record's first line and read the next lines again.
 * Equality is then too strict, and two bounds take its place: no line is counted twice
 * (linesRead + blankLines <= physical lines - 1), and no line after the last quote character goes
 * uncounted (>= physical lines - the line of that quote): an unclosed quote that swallows the rest
 * of the file breaks the second.
 */
export function reportFailures(report: Report, bytes: Uint8Array, file: string, f = new Failures()): Failure[] {
  const s = report.summary;
  if (s.linesRead !== s.claimsChecked + s.linesRejected) f.add('invariant', `linesRead ${s.linesRead} ≠ claimsChecked ${s.claimsChecked} + linesRejected ${s.linesRejected}`);
  const bySeverity = Object.values(s.bySeverity).reduce((a, b) => a + b, 0);
  const byTopic = Object.values(s.byTopic).reduce((a, t) => a + t.total, 0);
  if (bySeverity !== s.findings || byTopic !== s.findings) f.add('invariant', `${s.findings} findings, but ${bySeverity} by severity and ${byTopic} by topic`);

  const lines = analyseLines(bytes);
  const counted = s.linesRead + s.blankLines;
  if (lines.oneLinePerRecord) {
    // Every physical line is one record: the header, then each line read or blank.
    if (1 + counted !== lines.physical) f.add('invariant', `${lines.physical} physical lines, but 1 + linesRead ${s.linesRead} + blankLines ${s.blankLines} = ${1 + counted}`);
  } else {
    // Quoted line ends join lines, malformed quotes may split them again: each line counts at most
    // once, and every line after the last quote is a record or a blank line of its own.
    if (counted > lines.physical - 1) f.add('invariant', `linesRead ${s.linesRead} + blankLines ${s.blankLines} is more than the ${lines.physical - 1} physical lines after the header`);
    const after = lines.physical - Math.max(1, lines.lastQuoteLine);
    if (counted < after) f.add('invariant', `lines lost: ${after} lines follow the last quote (line ${lines.lastQuoteLine} of ${lines.physical}), but only ${counted} were read or blank`);
  }
  for (const finding of report.findings) {
    for (const l of finding.locations) {
      if (l.file !== file) continue;
      const length = lines.lengths[l.line - 1];
      if (l.line < 2 || l.line > lines.physical) f.add('invariant', `${finding.ruleId} at line ${l.line}, outside the data lines 2-${lines.physical}`);
      else if (lines.oneLinePerRecord && length === 0) f.add('invariant', `${finding.ruleId} at line ${l.line}, which is empty`);
    }
  }
  if ((lines.lengths[0] ?? 0) > LINE_CAP) f.add('long line', `the header line is ${lines.lengths[0]} bytes, past the 64 KiB line cap, and the run went on`);
  if (lines.oneLinePerRecord) {
    lines.lengths.forEach((length, i) => {
      if (i === 0 || length <= LINE_CAP) return;
      const line = i + 1;
      if (!report.findings.some((x) => x.ruleId.startsWith('input/') && x.locations.some((l) => l.file === file && l.line === line))) {
        f.add('long line', `line ${line} is ${length} bytes, past the 64 KiB line cap, and has no input finding`);
      }
    });
  }
  for (const finding of report.findings) {
    const long = [finding.message, ...strings(finding.details)].find((t) => t.length > ECHO_LIMIT);
    if (long !== undefined) f.add('long echo', `${finding.ruleId} echoes ${long.length} characters: ${long}`);
  }
  return f.list;
}

/** The CSV report opens in a spreadsheet as it should: it parses, and no cell can run as a formula. */
export function csvFailures(text: string, findings: number, f = new Failures()): Failure[] {
  let rows: string[][];
  try {
    rows = parseCsv(text, { delimiter: ';', bom: true });
  } catch (e) {
    f.add('unparseable csv', (e as Error).message);
    return f.list;
  }
  if (rows.length !== findings + 1) f.add('unparseable csv', `${rows.length} rows for ${findings} findings and a header`);
  const width = rows[0]?.length;
  rows.forEach((row, i) => {
    if (row.length !== width) f.add('unparseable csv', `row ${i + 1} has ${row.length} cells, the header ${width}`);
    for (const cell of row) if (FORMULA_START.test(cell)) f.add('formula cell', `row ${i + 1}: a cell starts with ${JSON.stringify(cell[0])}: ${cell}`);
  });
  return f.list;
}

/** One workflow command per line, one per finding, then the plain summary line; a value never starts a line of its own. */
export function githubFailures(text: string, findings: number, f = new Failures()): Failure[] {
  const lines = text.split(RUNNER_LINE_BREAK);
  if (lines.at(-1) === '') lines.pop();
  const summary = lines.pop();
  if (summary === undefined || summary.startsWith('::')) f.add('workflow command', `the last line is not the plain summary: ${summary}`);
  for (const line of lines) if (!ANNOTATION.test(line)) f.add('workflow command', `not one workflow command: ${line}`);
  if (lines.length !== findings) f.add('workflow command', `${lines.length} lines before the summary for ${findings} findings: a value started lines of its own`);
  return f.list;
}

export function sarifFailures(text: string, f = new Failures()): Failure[] {
  let log: unknown;
  try {
    log = JSON.parse(text);
  } catch (e) {
    f.add('unparseable sarif', (e as Error).message);
    return f.list;
  }
  const result = sarifValidator.validate(log);
  if (!result.valid) f.add('unparseable sarif', result.errors.slice(0, 3).map((e) => `${e.instanceLocation}: ${e.error}`).join('; '));
  return f.list;
}

async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    yield bytes.slice(at, at + n);
    at += n;
  }
}

/** The library's result as the JSON report, or the error it threw as text. */
async function libraryOutcome(source: Parameters<typeof check>[0][number], ruleset: Ruleset, lang: 'da' | 'en', f: Failures): Promise<string> {
  let result: CheckResult;
  try {
    result = await check([source], { ruleset, lang });
  } catch (e) {
    if (!(e instanceof InputError) && !(e instanceof RulesetError)) f.add('exit code', `check() threw ${(e as Error).name}: ${(e as Error).message}`);
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return formatters.json(result, { tool: { name: 'gpclaims', version: '0' }, lang, colorLevel: 0 });
}

/** The first place two texts differ, with a little context. */
function difference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 80);
  return `at character ${i}: file ${JSON.stringify(a.slice(from, i + 80))} / stream ${JSON.stringify(b.slice(from, i + 80))}`;
}

/** The report format a kind of failure is read from, besides JSON (for the runs a focused check needs). */
const FORMAT_OF: Partial<Record<Kind, Format>> = { 'unparseable csv': 'csv', 'formula cell': 'csv', 'workflow command': 'github', 'unparseable junit': 'junit', 'unparseable sarif': 'sarif' };
/** Kinds read from the JSON report alone, or from the library alone. */
const JSON_ONLY = new Set<Kind>(['invariant', 'unparseable json', 'empty input passes', 'long line']);
const LIBRARY_ONLY = new Set<Kind>(['file≠stream']);

/**
 * Runs every property on one input and returns what failed (empty when all hold). With `focus`,
 * only the runs that kind of failure can show up in are made (shrinking one kind is then faster),
 * and only failures of that kind are returned.
 */
export async function failuresOf(input: FuzzInput, focus?: Kind): Promise<Failure[]> {
  const ws = scratch();
  const f = new Failures();
  const cprs = cprNumbers(latin1(input.bytes));
  const rules = rulesFor(input.topic);
  const rulesArgs = rules.dir === null ? [] : ['--rules', rules.dir];
  const everything = focus === undefined || !(JSON_ONLY.has(focus) || LIBRARY_ONLY.has(focus) || focus in FORMAT_OF);
  const formats = everything ? FORMATS : focus !== undefined && LIBRARY_ONLY.has(focus) ? [] : (['json', ...(focus && FORMAT_OF[focus] ? [FORMAT_OF[focus]!] : [])] as Format[]);
  // A folder per input: its file name is part of the case, and no earlier file is left under another name.
  const path = join(ws.dir, `${++inputs}`, input.fileName);
  mkdirSync(dirname(path));
  writeFileSync(path, input.bytes);
  const polluted = (label: string) => {
    const added = prototypePollution();
    if (added.length) f.add('prototype pollution', `${label} added ${added.join(', ')} to Object.prototype`);
  };

  // The CLI, once per format.
  const runs = new Map<Format, CliRun>();
  for (const format of formats) {
    const r = await cli(['check', path, '--format', format, '--lang', input.lang, '--today', TODAY, ...rulesArgs]);
    runs.set(format, r);
    runFailures(format, r, cprs, f);
    polluted(`check --format ${format}`);
  }
  const codes = new Set([...runs.values()].map((r) => r.code));
  if (codes.size > 1) f.add('exit code', `the formats end with different exit codes: ${formats.map((x) => `${x} ${runs.get(x)!.code}`).join(', ')}`);

  const json = runs.get('json');
  let report: Report | undefined;
  if (json && (json.code === 0 || json.code === 1)) {
    try {
      report = JSON.parse(json.stdout) as Report;
    } catch (e) {
      f.add('unparseable json', (e as Error).message);
    }
  }
  if (json && report) {
    reportFailures(report, input.bytes, path, f);
    if (json.code === 0 && report.summary.linesRead === 0) f.add('empty input passes', `exit 0 with no line read (${report.summary.blankLines} blank lines)`);
    const listed = report.findings.length;
    // A format's output is judged against the JSON report when the two runs ended alike.
    const at = (format: Format) => (runs.get(format)?.code === json.code ? runs.get(format)!.stdout : undefined);
    const pretty = at('pretty');
    const control = pretty === undefined ? null : TERMINAL_CONTROL.exec(pretty);
    if (control) f.add('terminal escape', `the pretty report holds control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
    const csv = at('csv');
    if (csv !== undefined) csvFailures(csv, listed, f);
    const github = at('github');
    if (github !== undefined) githubFailures(github, listed, f);
    const sarif = at('sarif');
    if (sarif !== undefined) sarifFailures(sarif, f);
    const junit = at('junit');
    const problem = junit === undefined ? null : xmlProblem(junit);
    if (problem) f.add('unparseable junit', problem);
  }

  // The library: the same bytes as a file path and as a stream cut where fast-check says.
  if (typeof rules.ruleset !== 'string' && (everything || (focus !== undefined && LIBRARY_ONLY.has(focus)))) {
    const file = await libraryOutcome(path, rules.ruleset, input.lang, f);
    polluted('check() on the file');
    const stream = await libraryOutcome({ name: path, stream: chunked(input.bytes, input.chunks) }, rules.ruleset, input.lang, f);
    polluted('check() on the stream');
    if (file !== stream) f.add('file≠stream', difference(file, stream));
    const leaked = leakedCprs(file + stream, cprs);
    if (leaked.length) f.add('cpr leak', `check() result or error holds the full CPR of ${leaked.join(', ')}`);
  }

  // The input as a side file next to a valid invoice.
  if (input.side && everything) {
    const extra = input.side.option === 'suppressions' ? ['--show-suppressed'] : [];
    const label = `check --${input.side.option} (${input.side.format})`;
    const r = await cli(['check', ws.validInvoice, `--${input.side.option}`, path, ...extra, '--format', input.side.format, '--lang', input.lang, '--today', TODAY]);
    runFailures(label, r, cprs, f);
    if (input.side.format === 'pretty') {
      const control = TERMINAL_CONTROL.exec(r.stdout);
      if (control) f.add('terminal escape', `${label}: the pretty report holds control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
    }
    polluted(label);
  }
  rmSync(dirname(path), { recursive: true, force: true });
  return focus === undefined ? f.list : f.list.filter((x) => x.kind === focus);
}

/** The failures as the lines of an error message. */
export function describeFailures(failures: readonly Failure[]): string {
  return failures.map((x) => `${x.kind}: ${x.detail}`).join('\n');
}
