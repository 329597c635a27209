// The history commands, `gpclaims history add|list|remove|prune`, over the library's ledger functions.
import { type Command, Option } from 'commander';
import { addedText, listedInvoices, listText, prunedText, removedText } from '../formatters/history.js';
import { findTwins, sameFile } from '../input/identity.js';
import { addToHistory, DEFAULT_WAIT_MS, type HistoryOption, keyFileOf, labelProblem, loadRuleset, openLedger } from '../index.js';
import { pruneLimit } from '../engine/look-back.js';
import type { InvoiceSummary } from '../ledger/ledger.js';
import { isoDate, parseIsoDate } from '../model/date.js';
import type { CompiledRule } from '../model/rule.js';
import { quoteInput } from '../model/quote.js';
import type { Lang } from '../report/finding.js';
import type { Io } from './io.js';
import { progressLine } from './progress.js';
import { UsageError } from './usage.js';

interface AddFlags {
  label?: string;
  historyKey?: string;
  lang: Lang;
  rules?: string;
  allowEmpty?: boolean;
  maxLineBytes?: number;
  threads?: number;
  today?: string;
}

/**
 * How long a run waits for another to finish with the ledger: 10 s, or what
 * GPCLAIMS_LEDGER_WAIT_MS says (milliseconds; it is there for the tests, which do not wait 10 s).
 */
export function waitMs(io: Io): number {
  const given = io.env.GPCLAIMS_LEDGER_WAIT_MS;
  if (given === undefined || given === '') return DEFAULT_WAIT_MS;
  if (!/^\d{1,9}$/.test(given.trim())) throw new UsageError(`GPCLAIMS_LEDGER_WAIT_MS takes a whole number of milliseconds; got "${given}"`);
  return Number(given);
}

/** The options of check and baseline that make a check look back into a ledger. */
export interface HistoryFlags {
  history?: string;
  historyKey?: string;
  label?: string;
}

/** The ledger and its key file, as files a check reads (a report must not be written over them). */
export function historyFiles(flags: HistoryFlags): { path: string; as: string }[] {
  if (flags.history === undefined) return [];
  return [
    { path: flags.history, as: 'the --history ledger' },
    { path: keyFileOf(flags.history, flags.historyKey), as: "the --history ledger's key file" },
  ];
}

/** Checks the history options against each other and the inputs, before anything is read. */
export function checkHistoryFlags(flags: HistoryFlags, inputs: readonly string[]): void {
  if (flags.history === undefined) {
    if (flags.historyKey !== undefined) throw new UsageError('--history-key needs --history (the ledger it is the key of)');
    if (flags.label !== undefined) throw new UsageError('--label needs --history (it names the ledger invoice to leave out)');
    return;
  }
  const ledger = flags.history;
  if (ledger === '-') throw new UsageError('--history takes a ledger file, not standard input');
  if (flags.label !== undefined) {
    const problem = labelProblem(flags.label);
    if (problem) throw new UsageError(`--label ${problem}`);
  }
  const keyFile = keyFileOf(ledger, flags.historyKey);
  if (sameFile(keyFile, ledger)) throw new UsageError(`--history-key ${keyFile} is the ledger itself; the key is kept in a file of its own`);
  for (const file of inputs.filter((f) => f !== '-')) {
    if (sameFile(file, ledger)) throw new UsageError(`${file} is the --history ledger, not an invoice`);
    if (sameFile(file, keyFile)) throw new UsageError(`${file} is the --history ledger's key file, not an invoice`);
  }
}

/**
 * Opens the ledger of --history with its key, for a check: the history option, and close() for
 * when the check is done. A ledger that is missing or cannot be used is a one-line error.
 */
export async function openHistory(flags: HistoryFlags, io: Io): Promise<{ option: HistoryOption; close(): Promise<void> } | undefined> {
  if (flags.history === undefined) return undefined;
  const { ledger, key } = await openLedger(flags.history, { key: true, keyFile: keyFileOf(flags.history, flags.historyKey), waitMs: waitMs(io) });
  return { option: { ledger, key: key!, ...(flags.label !== undefined && { exclude: flags.label }) }, close: () => ledger.close() };
}

/**
 * Refuses (a usage error) a prune that would delete lines a rule with a bounded look-back still
 * needs to check the next invoice, the one after the ledger's last service date: the rule and the
 * day it needs lines from are named, with the latest safe --before. Rules that look back without
 * limit (a kroniker enrolment of any age) do not stop a prune; a check lists them as not fully
 * checked before the ledger's first date.
 */
function refuseUnsafePrune(invoices: readonly InvoiceSummary[], rules: readonly CompiledRule[], before: number, given: string): void {
  let last = -Infinity;
  for (const i of invoices) if (i.to !== null && i.to > last) last = i.to;
  if (last === -Infinity) return;
  const { cut, keepFrom } = pruneLimit(rules, last + 1, before);
  if (!cut.length) return;
  const needs = cut.map((c) => `${c.ruleId} from ${isoDate(c.from)}`).join(', ');
  throw new UsageError(
    `--before ${given} would delete lines that rules still need to check an invoice after ${isoDate(last)} (${needs}); give --before ${isoDate(keepFrom)} or earlier, or --force to prune anyway`,
  );
}

export function addHistoryCommands(program: Command, io: Io, wholeNumber: (option: string, min: number) => (value: string) => number): void {
  const history = program
    .command('history')
    .description('Keep a history of the invoices sent, in a ledger file, for checks across invoices')
    // Without a known subcommand: a usage error in one line, like any other (commander would print
    // the help and exit 0, or call an unknown one "too many arguments").
    .allowExcessArguments()
    .action(() => {
      const [given] = history.args;
      throw new UsageError(`${given === undefined ? 'history needs a command' : `unknown command 'history ${quoteInput(given)}'`}: add, list, remove or prune (gpclaims history --help says more)`);
    });
  const lang = (): Option => new Option('--lang <lang>', 'language of what is printed').choices(['da', 'en']).default('da');

  history
    .command('add')
    .description('Record the accepted lines of an invoice (one or more CSV files) in the ledger, made if it does not exist; the rules are not run')
    .argument('<ledger>', 'the ledger file')
    .argument('<files...>', 'CSV files of the invoice; "-" reads standard input')
    .option('--label <label>', 'the invoice\'s name in the ledger, e.g. 2026-11; adding a label again replaces its lines (default: one made from the lines, auto-…)')
    .option('--history-key <file>', 'the ledger\'s key file (default: LEDGER.key beside the ledger, made with it)')
    .addOption(lang())
    .option('--rules <dir>', 'use this rules folder (catalog/ and rule files) instead of the bundled one')
    .option('--allow-empty', 'accept an input with a header and no claim lines (otherwise a usage error)')
    .option('--threads <n>', 'threads that read a large input file, each a part of it (default: one per core, at most 4, from 32 MiB)', wholeNumber('--threads', 1))
    .option('--max-line-bytes <n>', 'the longest line read, in bytes (default 65536): a longer data line is rejected, a longer header a usage error', wholeNumber('--max-line-bytes', 1))
    .addOption(new Option('--today <date>').hideHelp())
    .action(async (ledger: string, files: string[], flags: AddFlags) => {
      if (flags.label !== undefined) {
        const problem = labelProblem(flags.label);
        if (problem) throw new UsageError(`--label ${problem}`);
      }
      if (files.includes('-') && io.stdinIsTTY) throw new UsageError('no input: give CSV files, or pipe a CSV file to standard input with "-"');
      const keyFile = keyFileOf(ledger, flags.historyKey);
      if (sameFile(keyFile, ledger)) throw new UsageError(`--history-key ${keyFile} is the ledger itself; the key is kept in a file of its own`);
      for (const file of files.filter((f) => f !== '-')) {
        if (sameFile(file, ledger)) throw new UsageError(`${file} is the ledger; give the ledger first, then the invoice's files`);
        if (sameFile(file, keyFile)) throw new UsageError(`${file} is the ledger's key file, not an invoice`);
      }
      const twins = findTwins(files);
      if (twins) throw new UsageError(twins.how === 'standard input' ? 'standard input (-) is given twice; it can be read only once' : `${twins.first} and ${twins.second} ${twins.how === 'same file' ? 'are the same file' : 'have identical content'}; give each input once`);
      if (flags.today !== undefined && parseIsoDate(flags.today) === undefined) throw new UsageError(`--today takes a date written YYYY-MM-DD; got "${flags.today}"`);
      const ruleset = loadRuleset(flags.rules);
      const progress = progressLine(io);
      const added = await addToHistory(ledger, files, {
        ruleset,
        lang: flags.lang,
        label: flags.label,
        keyFile,
        waitMs: waitMs(io),
        allowEmpty: flags.allowEmpty,
        maxLineBytes: flags.maxLineBytes,
        threads: flags.threads,
        today: flags.today,
        ...(progress && { onProgress: (p) => progress.update(p) }),
      });
      progress?.done();
      io.stdout.write(addedText(added, ledger, flags.lang));
    });

  history
    .command('list')
    .description('List the invoices in the ledger: label, lines, first and last service date, ydernumre, when added')
    .argument('<ledger>', 'the ledger file')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .addOption(lang())
    .action(async (ledger: string, flags: { format: 'pretty' | 'json'; lang: Lang }) => {
      const { ledger: open } = await openLedger(ledger, { waitMs: waitMs(io) });
      try {
        const invoices = await open.list();
        io.stdout.write(flags.format === 'json' ? `${JSON.stringify(listedInvoices(invoices), null, 2)}\n` : listText(invoices, ledger, flags.lang));
      } finally {
        await open.close();
      }
    });

  history
    .command('remove')
    .description('Remove an invoice and its lines from the ledger')
    .argument('<ledger>', 'the ledger file')
    .requiredOption('--label <label>', 'the invoice to remove (gpclaims history list shows the labels)')
    .addOption(lang())
    .action(async (ledger: string, flags: { label: string; lang: Lang }) => {
      const { ledger: open } = await openLedger(ledger, { waitMs: waitMs(io) });
      try {
        const removed = await open.remove(flags.label);
        if (removed === null) throw new UsageError(`${ledger} has no invoice labelled ${quoteInput(flags.label)} (gpclaims history list shows the labels)`);
        io.stdout.write(removedText(flags.label, removed, ledger, flags.lang));
      } finally {
        await open.close();
      }
    });

  history
    .command('prune')
    .description('Delete the lines with a service date before a day, and the invoices left without lines')
    .argument('<ledger>', 'the ledger file')
    .requiredOption('--before <date>', 'delete lines with a service date before this day (YYYY-MM-DD)')
    .option('--rules <dir>', 'the rules folder whose look-back the prune keeps (default: the bundled one)')
    .option('--force', 'prune even lines that a rule still needs to check the next invoice')
    .addOption(lang())
    .action(async (ledger: string, flags: { before: string; rules?: string; force?: boolean; lang: Lang }) => {
      const before = parseIsoDate(flags.before);
      if (before === undefined) throw new UsageError(`--before takes a date written YYYY-MM-DD; got "${flags.before}"`);
      const rules = flags.force ? [] : loadRuleset(flags.rules).rules;
      const { ledger: open } = await openLedger(ledger, { waitMs: waitMs(io) });
      try {
        if (!flags.force) refuseUnsafePrune(await open.list(), rules, before, flags.before);
        io.stdout.write(prunedText(await open.prune(before), flags.before, ledger, flags.lang));
      } finally {
        await open.close();
      }
    });
}
