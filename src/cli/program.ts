// The command line: parses options, runs the library's check, writes the report, returns the exit code.
import { Command, CommanderError, Option } from 'commander';
import { InputError } from '../input/errors.js';
import { type Formatter, formatters } from '../formatters/index.js';
import { audit, check, loadRuleset, reportRules, RulesetError } from '../index.js';
import { auditJsonChunks, auditPretty } from '../formatters/audit.js';
import { auditHtmlChunks } from '../formatters/audit-html.js';
import { writeAuditXlsx } from '../formatters/audit-xlsx.js';
import type { AuditReport } from '../audit/types.js';
import type { FormatContext } from '../formatters/types.js';
import { regionalAverageCodes } from '../ruleset/load.js';
import { findTwins, type Twins } from '../input/identity.js';
import { readPracticeRegister } from '../input/practices.js';
import { readTariffs } from '../input/tariffs.js';
import { isoDate, parseIsoDate, todayUtc } from '../model/date.js';
import { escapeControls } from '../model/quote.js';
import { toolInfo } from '../package-info.js';
import type { Finding, Lang } from '../report/finding.js';
import { severityRank } from '../report/finding.js';
import type { FindingList } from '../report/result.js';
import { limitFindings } from '../report/limit.js';
import { applyExceptions, type Baseline, makeBaseline } from '../report/exceptions.js';
import { mayReplaceWithBaseline, readBaseline, readSuppressions } from '../input/exceptions.js';
import type { Severity } from '../ruleset/types.js';
import { addBrowseCommands } from './browse.js';
import { addHistoryCommands, checkHistoryFlags, type HistoryFlags, historyFiles, openHistory } from './history.js';
import { colourLevel, type Io } from './io.js';
import { checkOutput, type ReadFile, writeOutput, writeOutputStream } from './output.js';
import { UsageError } from './usage.js';
import { progressLine } from './progress.js';

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

export { UsageError } from './usage.js';
// This module is the bundle's entry point: bin/gpclaims.ts takes run and processIo from it.
export { colourLevel, type Io, processIo } from './io.js';

/** Commander's message as one line: its own line breaks become spaces, anything else from argv is shown escaped. */
function oneLine(message: string): string {
  return escapeControls(message.trim().replace(/\s*\n\s*/g, ' '));
}

interface CheckFlags extends HistoryFlags {
  format?: string;
  output?: string;
  lang: Lang;
  failOn: Severity | 'never';
  rules?: string;
  regionalAverage: Record<string, string>;
  asOf?: string;
  tariffs?: string;
  practices?: string;
  maxWarnings?: number;
  maxFindings: number | 'all';
  baseline?: string;
  suppressions?: string;
  showSuppressed?: boolean;
  allowEmpty?: boolean;
  maxLineBytes?: number;
  threads?: number;
  /** Today's date for suppression expiry and the latest service date (tests set it; otherwise the UTC date). */
  today?: string;
}

function collectAverage(value: string, previous: Record<string, string>): Record<string, string> {
  const m = /^(\d{4})=(\d+(?:[.,]\d+)?)$/.exec(value.trim());
  if (!m) throw new UsageError(`--regional-average takes CODE=UNITS_PER_PATIENT, e.g. 0204=0.35; got "${value}"`);
  return { ...previous, [m[1]!]: m[2]!.replace(',', '.') };
}

function wholeNumber(option: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${option} takes a whole number of at least ${min}; got "${value}"`);
    return n;
  };
}

function maxFindings(value: string): number | 'all' {
  return value.trim() === 'all' ? 'all' : wholeNumber('--max-findings', 1)(value);
}

/** Every file a check reads, as the user named it: a report must not be written over one of them. */
function filesRead(files: readonly string[], flags: CheckFlags): ReadFile[] {
  const side: [string | undefined, string][] = [
    [flags.practices, '--practices'],
    [flags.tariffs, '--tariffs'],
    [flags.suppressions, '--suppressions'],
    [flags.baseline, '--baseline'],
  ];
  return [
    ...(files.length ? files : ['-']).map((path) => ({ path, as: 'an input' })),
    ...side.filter(([path]) => path !== undefined).map(([path, option]) => ({ path: path!, as: `the ${option} file` })),
    ...historyFiles(flags),
  ];
}

/** Why two inputs cannot both be read: they would count every line twice. */
function twinsMessage(t: Twins): string {
  if (t.how === 'standard input') return 'standard input (-) is given twice; it can be read only once';
  return `${t.first} and ${t.second} ${t.how === 'same file' ? 'are the same file' : 'have identical content'}; give each input once`;
}

/** The findings that count towards the exit code, by severity: all but those listed as suppressed. */
function counted(list: FindingList): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (let k = 0; k < list.length; k++) if (!list.suppressed(k)) n[list.severity(k)]++;
  return n;
}

function failed(n: Record<Severity, number>, failOn: CheckFlags['failOn']): boolean {
  if (failOn === 'never') return false;
  const limit = severityRank(failOn);
  return (Object.keys(n) as Severity[]).some((s) => n[s] > 0 && severityRank(s) <= limit);
}

/** The findings a baseline is made of: all but those listed as suppressed. */
function* unsuppressed(list: FindingList): Generator<Finding> {
  for (let k = 0; k < list.length; k++) if (!list.suppressed(k)) yield list.at(k);
}

type WriteReport = (output: string | undefined, pieces: Iterable<string | Uint8Array>) => void;

/** The audit's formats: how each is written, and whether it needs a file (--output). */
const AUDIT_FORMATS: Record<'pretty' | 'json' | 'html' | 'xlsx', { file: boolean; write(a: AuditReport, ctx: FormatContext, output: string | undefined, write: WriteReport): void | Promise<void> }> = {
  pretty: { file: false, write: (a, ctx, output, write) => write(output, [auditPretty(a, ctx)]) },
  json: { file: false, write: (a, ctx, output, write) => write(output, auditJsonChunks(a, ctx, { reuse: Boolean(output) })) },
  html: { file: true, write: (a, ctx, output, write) => write(output, auditHtmlChunks(a, ctx)) },
  // The workbook is streamed as it is made (its Fund sheet can have a million rows).
  xlsx: { file: true, write: (a, ctx, output) => writeOutputStream(output!, (out) => writeAuditXlsx(a, ctx, out)) },
};

/** The options a report states it ran with, as they were given (file names as the user wrote them). */
function optionsText(flags: CheckFlags): string[] {
  const out: string[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) out.push(`${name} ${value}`);
  };
  add('--rules', flags.rules);
  add('--practices', flags.practices);
  add('--tariffs', flags.tariffs);
  for (const [code, v] of Object.entries(flags.regionalAverage)) add('--regional-average', `${code}=${v}`);
  add('--as-of', flags.asOf);
  add('--history', flags.history);
  add('--label', flags.label);
  add('--suppressions', flags.suppressions);
  add('--baseline', flags.baseline);
  if (flags.showSuppressed) out.push('--show-suppressed');
  add('--max-findings', String(flags.maxFindings));
  add('--lang', flags.lang);
  return out;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const tool = toolInfo();
  const program = new Command('gpclaims')
    .description('Check Danish general-practice billing claims (ydelser) against dated, declarative rules')
    .version(tool.version, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line, as every usage error is: commander's suggestion ("(Did you mean ...?)") joins it.
      outputError: (s, write) => write(`gpclaims: ${oneLine(s)} (gpclaims --help lists the options)\n`),
    });

  /** Options that say what to check against: the same for check and baseline. */
  const runOptions = (cmd: Command): Command =>
    cmd
      .addOption(new Option('--lang <lang>', 'language of messages and labels').choices(['da', 'en']).default('da'))
      .option('--rules <dir>', 'use this rules folder (catalog/ and rule files) instead of the bundled one')
      .option(
        '--regional-average <code=units>',
        'a published regional average (units per patient) for a practice-level rule, e.g. 0204=0.35; repeatable',
        collectAverage,
        {},
      )
      .option('--as-of <date>', 'apply the rules and tariffs in force on this date (YYYY-MM-DD) to every line, instead of each line\'s own date')
      .option('--tariffs <file>', 'a honorartabel CSV (ydelseskode, fra, til, beloeb, optional sikringsgruppe) that replaces the bundled tariffs')
      .option('--practices <file>', 'a practice register CSV (ydernummer, kapaciteter, optional tilmeldte) for the practice-level rules')
      .option('--suppressions <file>', 'a suppressions file (JSON): justified exceptions, each with a rule id, optional scope, reason and expiry')
      .option('--history <ledger>', 'a history ledger (made by gpclaims history add): rules that look back also see the earlier invoices of the input\'s patients; findings are still only about the input')
      .option('--history-key <file>', 'the --history ledger\'s key file (default: LEDGER.key beside the ledger)')
      .option('--label <label>', 'leave this invoice of the --history ledger out, e.g. the invoice being checked when it is already recorded')
      .option('--allow-empty', 'accept an input with a header and no claim lines (otherwise a usage error)')
      .option('--threads <n>', 'threads that read a large input file, each a part of it, and check its patients, each a range of them (default: one per core, at most 4, from 32 MiB and from 3 million lines; the report is the same for any number)', wholeNumber('--threads', 1))
      .option('--max-line-bytes <n>', 'the longest line read, in bytes (default 65536): a longer data line is an input finding, a longer header a usage error', wholeNumber('--max-line-bytes', 1))
      // The day suppressions expire by and service dates are judged against; for reproducible runs and tests (default: today, UTC).
      .addOption(new Option('--today <date>').hideHelp());

  /** Checks the inputs as the flags say, with the suppressions applied; the ruleset comes along. */
  const runChecks = async (files: string[], flags: CheckFlags, baseline?: Baseline, auditing?: { options: string[] }) => {
    const inputs = files.length ? files : ['-'];
    if (inputs.includes('-') && io.stdinIsTTY) throw new UsageError('no input: give CSV files, or pipe a CSV file to standard input');
    const twins = findTwins(inputs);
    if (twins) throw new UsageError(twinsMessage(twins));
    checkHistoryFlags(flags, inputs);
    if (flags.asOf !== undefined && parseIsoDate(flags.asOf) === undefined) throw new UsageError(`--as-of takes a date written YYYY-MM-DD; got "${flags.asOf}"`);
    if (flags.today !== undefined && parseIsoDate(flags.today) === undefined) throw new UsageError(`--today takes a date written YYYY-MM-DD; got "${flags.today}"`);
    const today = flags.today ?? isoDate(todayUtc());
    for (const f of [flags.tariffs, flags.practices, flags.suppressions]) {
      if (f === '-') throw new UsageError('--tariffs, --practices and --suppressions take a file, not standard input');
    }
    const ruleset = loadRuleset(flags.rules);
    // An average no rule reads, or a suppression of an id no finding has, would do nothing without a word.
    const averaged = regionalAverageCodes(ruleset);
    for (const code of Object.keys(flags.regionalAverage)) {
      if (!averaged.includes(code)) throw new UsageError(`--regional-average ${code}: no rule uses a regional average for ${code}; ${averaged.length ? `the rules use one for ${averaged.join(', ')}` : 'no rule of this ruleset uses one'}`);
    }
    const tariffs = flags.tariffs === undefined ? undefined : { name: flags.tariffs, tariffs: await readTariffs(flags.tariffs) };
    const practices = flags.practices === undefined ? undefined : await readPracticeRegister(flags.practices);
    const suppressions =
      flags.suppressions === undefined ? undefined : { file: flags.suppressions, entries: readSuppressions(flags.suppressions, reportRules(ruleset, flags.lang).map((r) => r.id)) };
    // The ledger before the input: a ledger that cannot be used is said before a large input is read.
    const history = await openHistory(flags, io);
    const progress = progressLine(io);
    const options = {
        ruleset,
        lang: flags.lang,
        regionalAverages: flags.regionalAverage,
        asOf: flags.asOf,
        tariffs,
        practices,
        today,
        allowEmpty: flags.allowEmpty,
        maxLineBytes: flags.maxLineBytes,
        threads: flags.threads,
        ...(history && { history: history.option }),
        ...(progress && { onProgress: (p: Parameters<typeof progress.update>[0]) => progress.update(p) }),
      };
    const exceptions = suppressions || baseline ? { baseline, suppressions, today, showSuppressed: flags.showSuppressed } : undefined;
    try {
      if (auditing) {
        const max = flags.maxFindings === 'all' ? undefined : flags.maxFindings;
        const report = await audit(inputs, { ...options, exceptions, maxFindings: max, options: auditing.options });
        progress?.done();
        return { ruleset, result: report.result, audit: report };
      }
      const result = await check(inputs, options);
      progress?.done();
      return { ruleset, result: exceptions ? applyExceptions(result, { ...exceptions, lang: flags.lang }) : result, audit: null };
    } finally {
      await history?.close();
    }
  };

  runOptions(
    program
      .command('check')
      .description('Check one or more invoice CSV files (or standard input) and report findings by settlement topic')
      .argument('[files...]', 'CSV files to check; "-" or none reads standard input')
      .addOption(new Option('-f, --format <format>', 'report format (default: pretty on a terminal, json otherwise)').choices(Object.keys(formatters)))
      .option('-o, --output <file>', 'write the report to this file instead of standard output')
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['error', 'warning', 'info', 'never']).default('error'),
      )
      .option('--max-warnings <n>', 'exit 1 when there are more than n warnings, even with no errors', wholeNumber('--max-warnings', 0))
      .option('--max-findings <n>', 'list at most n findings about lines, the most severe first; findings about a practice or a rule not evaluated are always listed, and the summary still counts all ("all" for no limit)', maxFindings, 1000)
      .option('--baseline <file>', 'report only findings that are not in this baseline (made by gpclaims baseline)')
      .option('--show-suppressed', 'list suppressed findings too, marked with their reason (they never fail the run)'),
  ).action(async (files: string[], flags: CheckFlags) => {
    // A report that cannot be written is found before anything is read.
    if (flags.output) checkOutput(flags.output, '--output', filesRead(files, flags));
    const baseline = flags.baseline === undefined ? undefined : readBaseline(flags.baseline);
    const { ruleset, result } = await runChecks(files, flags, baseline);
    const toTerminal = !flags.output && Boolean(io.stdout.isTTY);
    const format = flags.format ?? (toTerminal ? 'pretty' : 'json');
    const formatter: Formatter = (formatters as Record<string, Formatter>)[format]!;
    const fctx = { tool, lang: flags.lang, colorLevel: colourLevel(io, toTerminal), ...(formatter.listsRules && { rules: reportRules(ruleset, flags.lang) }) };
    const listed = flags.maxFindings === 'all' ? result : limitFindings(result, flags.maxFindings);
    // A report file is written piece by piece with writeSync, each before the next is made.
    const pieces = formatter.chunks ? formatter.chunks(listed, fctx, { reuse: Boolean(flags.output) }) : [formatter(listed, fctx)];
    writeReport(flags.output, pieces);
    // Suppressed findings listed with --show-suppressed never fail the run.
    const bySeverity = counted(result.list);
    const warnings = bySeverity.warning;
    const tooManyWarnings = flags.maxWarnings !== undefined && warnings > flags.maxWarnings;
    if (tooManyWarnings) io.stderr.write(`gpclaims: ${warnings} warnings, more than --max-warnings ${flags.maxWarnings}\n`);
    exitCode = failed(bySeverity, flags.failOn) || tooManyWarnings ? EXIT.findings : EXIT.ok;
  });

  runOptions(
    program
      .command('audit')
      .description("The controller's audit of an export: every practice's lines, findings and kroner at risk, and the kontrolstatistik against the region")
      .argument('[files...]', 'CSV files to audit; "-" or none reads standard input')
      .addOption(new Option('-f, --format <format>', 'report format (default: pretty on a terminal, json otherwise); html and xlsx need --output').choices(Object.keys(AUDIT_FORMATS)))
      .option('-o, --output <file>', 'write the report to this file instead of standard output')
      .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: never, the report is the result)').choices(['error', 'warning', 'info', 'never']).default('never'))
      .option('--max-findings <n>', 'list at most n findings about lines, the most severe first; findings about a practice are always listed, and the practice table counts all ("all" for no limit)', maxFindings, 1000)
      .option('--baseline <file>', 'leave out findings that are in this baseline (made by gpclaims baseline)')
      .option('--show-suppressed', 'list suppressed findings too, marked with their reason'),
  ).action(async (files: string[], flags: CheckFlags) => {
    const toTerminal = !flags.output && Boolean(io.stdout.isTTY);
    const format = (flags.format ?? (toTerminal ? 'pretty' : 'json')) as keyof typeof AUDIT_FORMATS;
    if (AUDIT_FORMATS[format].file && !flags.output) throw new UsageError(`--format ${format} writes a file: give --output FILE`);
    if (flags.output) checkOutput(flags.output, '--output', filesRead(files, flags));
    const baseline = flags.baseline === undefined ? undefined : readBaseline(flags.baseline);
    const { audit: report } = await runChecks(files, flags, baseline, { options: optionsText(flags) });
    const fctx = { tool, lang: flags.lang, colorLevel: colourLevel(io, toTerminal) };
    await AUDIT_FORMATS[format].write(report!, fctx, flags.output, writeReport);
    const s = report!.result.summary;
    exitCode = failed({ error: s.bySeverity.error, warning: s.bySeverity.warning, info: s.bySeverity.info }, flags.failOn) ? EXIT.findings : EXIT.ok;
  });

  runOptions(
    program
      .command('baseline')
      .description('Write a baseline of the current findings, so that check --baseline reports only new ones')
      .argument('<file>', 'the baseline file to write, "-" for standard output (JSON: rule ids and fingerprints, no CPR numbers)')
      .argument('[inputs...]', 'CSV files to check; "-" or none reads standard input'),
  ).action(async (file: string, inputs: string[], flags: CheckFlags) => {
    if (file !== '-') {
      checkOutput(file, 'the baseline file', filesRead(inputs, flags));
      // The baseline file comes first: an invoice there is a missing argument, not a file to overwrite.
      if (!mayReplaceWithBaseline(file)) throw new UsageError(`the baseline file ${file} exists and is not a gpclaims baseline; give the baseline file first (gpclaims baseline FILE [INPUT...]), or remove ${file}`);
    }
    const { result } = await runChecks(inputs, flags);
    const baseline = makeBaseline(unsuppressed(result.list));
    // "-" writes it to standard output.
    writeReport(file === '-' ? undefined : file, [`${JSON.stringify(baseline, null, 2)}\n`]);
    io.stderr.write(`gpclaims: wrote ${result.list.length} findings as ${baseline.entries.length} baseline entries to ${file === '-' ? 'standard output' : file}\n`);
    exitCode = EXIT.ok;
  });

  /** Writes the pieces to the file, or to standard output when there is none. */
  function writeReport(output: string | undefined, pieces: Iterable<string | Uint8Array>): void {
    if (!output) {
      for (const piece of pieces) io.stdout.write(piece);
      return;
    }
    writeOutput(output, pieces);
  }

  addBrowseCommands(program, io, tool);
  addHistoryCommands(program, io, wholeNumber);

  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage; // commander has already printed the reason
    }
    if (e instanceof UsageError || e instanceof InputError || e instanceof RulesetError) {
      // One line: a value the message holds (from argv, or already quoted) cannot break it.
      io.stderr.write(`gpclaims: ${escapeControls(e.message)}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`gpclaims: internal error: ${escapeControls((e as Error).message)}\n`);
    if (io.env.GPCLAIMS_DEBUG) io.stderr.write(`${(e as Error).stack}\n`);
    return EXIT.usage;
  }
}
