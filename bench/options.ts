// The benchmark's command line (`npm run bench -- ...`), parsed and checked apart from run.ts so it can be tested.
import { parseArgs } from 'node:util';
import { DEFAULT_LINES, type Profile, PROFILES } from './generate.js';

export type Order = 'sorted' | 'shuffled';
export const ORDERS: readonly Order[] = ['sorted', 'shuffled'];

export interface BenchOptions {
  lines: number;
  runs: number;
  seed: number;
  keep: boolean;
  help: boolean;
  /** The exports to measure, in the order of PROFILES whatever order they were given in. */
  exports: Profile[];
  /** The orders of each export to measure, sorted before shuffled. */
  orders: Order[];
  /** Extra arguments for every `gpclaims check`, in the order given. */
  checkArgs: string[];
}

export const USAGE =
  'usage: npm run bench -- [--lines N] [--runs R] [--seed S] [--exports LIST] [--orders LIST] [--check-arg ARG]... [--keep]\n' +
  '  --lines N          lines in each synthetic export (default 10,000,000)\n' +
  '  --runs R           rounds of each measurement; the table shows the median (default 5)\n' +
  '  --seed S           generator seed (default 1)\n' +
  '  --exports LIST     clean, findings or clean,findings (default both)\n' +
  '  --orders LIST      sorted, shuffled or sorted,shuffled (default both)\n' +
  '  --check-arg ARG    one more argument for every gpclaims check (repeatable, in order),\n' +
  '                     e.g. --check-arg --threads --check-arg 2\n' +
  '  --keep             keep the gpclaims JSON reports (their folder is printed)\n';

/** A bad option: run.ts prints the message as one line and exits 2. */
export class OptionError extends Error {}

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replace(/[_,]/g, ''));
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new OptionError(`--${name} must be a whole number of at least ${min}, got "${text}"`);
  return n;
}

function list<T extends string>(name: string, text: string | undefined, allowed: readonly T[]): T[] {
  if (text === undefined) return [...allowed];
  const given = text.split(',').map((s) => s.trim());
  const bad = given.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length || !given.length) throw new OptionError(`--${name} takes ${allowed.join(', ')} separated by commas, got "${text}"`);
  return allowed.filter((a) => given.includes(a));
}

/**
 * Parses the arguments after `npm run bench --`. `--check-arg` takes the next argument whatever
 * it looks like (`--check-arg --threads`), which util.parseArgs refuses for a value that starts
 * with a dash, so such pairs are joined to `--check-arg=VALUE` first.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const args: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--check-arg') {
      if (k + 1 >= argv.length) throw new OptionError('--check-arg needs an argument');
      args.push(`--check-arg=${argv[++k]!}`);
    } else args.push(argv[k]!);
  }
  let values;
  try {
    values = parseArgs({
      args,
      options: {
        lines: { type: 'string' },
        runs: { type: 'string' },
        seed: { type: 'string' },
        exports: { type: 'string' },
        orders: { type: 'string' },
        'check-arg': { type: 'string', multiple: true },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    // parseArgs explains over several lines; the first says what is wrong.
    throw new OptionError((e as Error).message.split('\n')[0]!);
  }
  return {
    lines: wholeNumber('lines', values.lines, DEFAULT_LINES, 1),
    runs: wholeNumber('runs', values.runs, 5, 1),
    seed: wholeNumber('seed', values.seed, 1, 0),
    keep: values.keep,
    help: values.help,
    exports: list('exports', values.exports, PROFILES),
    orders: list('orders', values.orders, ORDERS),
    checkArgs: values['check-arg'] ?? [],
  };
}
