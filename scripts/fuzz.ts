// npm run fuzz -- --runs N [--seed S]: the fuzz properties of test/fuzz.test.ts over N inputs of each arbitrary, without stopping at a failure; prints failures by kind.
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { bytesInput, csvInput, type FuzzInput } from '../test/fuzz/arbitraries.js';
import { describeFailures, type Failure, failuresOf, KINDS, type Kind } from '../test/fuzz/properties.js';
import { cprNumbers, latin1, leakedCprs } from '../test/fuzz/text.js';

const USAGE = `usage: npm run fuzz -- [--runs N] [--seed S] [--arbitrary bytes|csv] [--path P] [--shrink [--kind K] [--shrink-seconds T]]

  --runs N            inputs of each arbitrary (default 200)
  --seed S            fast-check seed (default: a random one, printed)
  --arbitrary NAME    only "bytes" (arbitrary bytes) or "csv" (CSV-shaped text)
  --path P            replay one input: the path printed for it (needs --seed and --arbitrary)
  --shrink            shrink the first failing input of each kind to a minimal one (slow)
  --kind KIND         shrink only failures of this kind (e.g. "cpr leak")
  --shrink-seconds T  time for shrinking each kind (default 60)

Exit code 0 when every property held for every input, 1 when one failed, 2 on a usage error.`;

const ARBITRARIES: Record<string, fc.Arbitrary<FuzzInput>> = { bytes: bytesInput, csv: csvInput };

interface Options {
  runs: number;
  seed: number;
  only: string[];
  path: string | undefined;
  shrink: boolean;
  shrinkSeconds: number;
  kind: Kind | undefined;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '200' },
      seed: { type: 'string' },
      arbitrary: { type: 'string' },
      path: { type: 'string' },
      shrink: { type: 'boolean', default: false },
      'shrink-seconds': { type: 'string', default: '60' },
      kind: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number): number => {
    if (!/^-?\d+$/.test(text) || Number(text) < min) throw new Error(`--${name} takes a whole number of at least ${min}; got "${text}"`);
    return Number(text);
  };
  if (values.arbitrary !== undefined && !(values.arbitrary in ARBITRARIES)) throw new Error(`--arbitrary is "bytes" or "csv"; got "${values.arbitrary}"`);
  if (values.path !== undefined && (values.seed === undefined || values.arbitrary === undefined)) throw new Error('--path replays one input: give --seed and --arbitrary with it');
  const kind = KINDS.find((k) => k === values.kind);
  if (values.kind !== undefined && !kind) throw new Error(`--kind is one of ${KINDS.map((k) => `"${k}"`).join(', ')}; got "${values.kind}"`);
  return {
    runs: whole('runs', values.runs, 1),
    // fast-check seeds are 32-bit integers.
    seed: values.seed === undefined ? (Math.random() * 2 ** 31) | 0 : whole('seed', values.seed, -(2 ** 31)) | 0,
    only: values.arbitrary === undefined ? Object.keys(ARBITRARIES) : [values.arbitrary],
    path: values.path,
    shrink: values.shrink,
    shrinkSeconds: whole('shrink-seconds', values['shrink-seconds'], 1),
    kind,
  };
}

interface Sweep {
  tried: number;
  failedInputs: number;
  /** Inputs with at least one failure of the kind. */
  counts: Map<Kind, number>;
  /** The first input that failed with the kind: its run index (the fast-check path) and its failures of that kind. */
  first: Map<Kind, { path: string; input: FuzzInput; failures: Failure[] }>;
  /** With --path: every failure of the one input replayed. */
  replayed?: Failure[];
}

/** Runs the properties over the arbitrary's inputs; a predicate that records and always holds, so fast-check never stops. */
async function sweep(arbitrary: fc.Arbitrary<FuzzInput>, o: Options, name: string): Promise<Sweep> {
  const s: Sweep = { tried: 0, failedInputs: 0, counts: new Map(), first: new Map() };
  const started = Date.now();
  await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      const index = s.tried++;
      const failures = await failuresOf(input);
      if (failures.length) s.failedInputs++;
      for (const kind of new Set(failures.map((x) => x.kind))) {
        s.counts.set(kind, (s.counts.get(kind) ?? 0) + 1);
        if (!s.first.has(kind)) s.first.set(kind, { path: o.path ?? String(index), input, failures: failures.filter((x) => x.kind === kind) });
      }
      if (o.path !== undefined) s.replayed = failures;
      if (s.tried % 100 === 0) process.stderr.write(`${name}: ${s.tried}/${o.runs} inputs, ${s.failedInputs} failed, ${Math.round((Date.now() - started) / 1000)} s\n`);
      return true;
    }),
    // A path replays from that run on (a shrunk path: that one value), so a replay is one run.
    o.path === undefined ? { seed: o.seed, numRuns: o.runs } : { seed: o.seed, path: o.path, numRuns: 1 },
  );
  return s;
}

/** Shrinks from the first input that failed with the kind, keeping only inputs that still fail with it. */
async function shrink(arbitrary: fc.Arbitrary<FuzzInput>, o: Options, kind: Kind, path: string, shown: Set<string>): Promise<string> {
  // The plugin option loses fast-check's inference of the value type; it is the arbitrary's.
  const details = (await fc.check(
    fc.asyncProperty(arbitrary, async (input) => (await failuresOf(input, kind)).length === 0),
    { seed: o.seed, path, numRuns: 1, plugins: [fc.interruptAfterTimeLimit(o.shrinkSeconds * 1000)] },
  )) as fc.RunDetails<[FuzzInput]>;
  if (!details.failed || !details.counterexample) return '    (did not fail again when replayed)';
  const [input] = details.counterexample;
  for (const c of cprNumbers(latin1(input.bytes))) shown.add(c);
  const failures = await failuresOf(input, kind);
  return [
    `    minimal (shrunk ${details.numShrinks} times, path ${details.counterexamplePath}): ${fc.stringify(input)}`,
    ...failures.slice(0, 3).map((x) => `      ${x.detail}`),
  ].join('\n');
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = options(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fuzz: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const out: string[] = [];
  const shown = new Set<string>();
  out.push(`gpclaims fuzz: seed ${o.seed}, ${o.path === undefined ? `${o.runs} inputs of each arbitrary` : `replaying path ${o.path}`}`);
  let failed = false;
  for (const name of o.only) {
    const arbitrary = ARBITRARIES[name]!;
    const s = await sweep(arbitrary, o, name);
    failed ||= s.failedInputs > 0;
    out.push('', `arbitrary ${name}: ${s.tried} inputs tried, ${s.failedInputs} with a failure`, '  failures by kind (inputs):');
    for (const kind of KINDS) out.push(`    ${kind.padEnd(22)}${s.counts.get(kind) ?? 0}`);
    if (s.replayed) out.push('', '  every failure of the input replayed:', ...(s.replayed.length ? describeFailures(s.replayed).split('\n').map((l) => `    ${l}`) : ['    none: every property holds']));
    for (const kind of KINDS) {
      const first = s.first.get(kind);
      if (!first) continue;
      for (const c of cprNumbers(latin1(first.input.bytes))) shown.add(c);
      out.push(
        '',
        `  ${kind}: first at input ${first.path} (replay: npm run fuzz -- --arbitrary ${name} --seed ${o.seed} --path ${first.path})`,
        `    input: ${fc.stringify(first.input)}`,
        ...first.failures.slice(0, 3).map((x) => `    ${x.detail}`),
      );
      if (first.failures.length > 3) out.push(`    … and ${first.failures.length - 3} more of this kind`);
      if (o.shrink && (o.kind === undefined || o.kind === kind)) out.push(await shrink(arbitrary, o, kind, first.path, shown));
    }
  }
  const report = `${out.join('\n')}\n`;
  // The printout is masked as it is made; make sure no full CPR of a printed input got through.
  const leaked = leakedCprs(report, shown);
  if (leaked.length) {
    process.stderr.write(`fuzz: the report would show the full CPR of ${leaked.join(', ')}; not printed\n`);
    return 2;
  }
  process.stdout.write(report);
  return failed ? 1 : 0;
}

process.exitCode = await main();
