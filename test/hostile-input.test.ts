// Input that is hostile or just wrong: no full CPR number in any output, and every echoed value
// short, masked and with its control characters escaped, in every format and on stderr.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cliRun, type Io } from '../src/cli/program.js';
import { check, InputError, readBaseline, readSuppressions } from '../src/index.js';
import { readTariffs } from '../src/input/tariffs.js';
import { type FindingRule, makeFinding } from '../src/report/finding.js';
import { source } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-hostile-'));

/** Writes a file in the test folder and returns its path. */
function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const decoder = new TextDecoder();

/** The CLI run in this process, as the bin runs it: exit code, stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    // A report comes as text or as UTF-8 bytes.
    stdout: { write: (s: string | Uint8Array) => (stdout += typeof s === 'string' ? s : decoder.decode(s, { stream: true })) },
    stderr: { write: (s: string) => (stderr += s) },
    stdinIsTTY: false,
    env: { NO_COLOR: '1' },
  };
  const code = await cliRun(['node', 'gpclaims', ...args], io);
  return { code, stdout, stderr };
}

/** The message of what the check throws for this input, read from a file (hot path) or a stream (general path). */
async function failure(text: string, path: 'file' | 'stream'): Promise<string> {
  const input = path === 'file' ? file('in.csv', text) : source(text, 'in.csv');
  try {
    await check([input]);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('the check did not fail');
}

const CPR = '2903550819';

describe('a header without the required columns is quoted, not echoed', () => {
  it.each(['file', 'stream'] as const)('a data line taken for the header (%s): the CPR is masked', async (path) => {
    const message = await failure(`234567,${CPR},2025-03-04,0101\n`, path);
    expect(message).not.toContain(CPR);
    expect(message).toContain('(header: 234567,290355-****,2025-03-04,0101)');
  });

  // Long, but under the reader's line-length cap (a longer header is refused as too long, unquoted).
  it.each(['file', 'stream'] as const)('a long first line with no line end (%s): about 80 characters of it', async (path) => {
    const message = await failure(`a,${'b'.repeat(60_000)}`, path);
    expect(message.length).toBeLessThan(250);
    expect(message).toContain(`(header: a,${'b'.repeat(77)}…)`);
  });

  it.each(['file', 'stream'] as const)('tabs in it are shown escaped (%s)', async (path) => {
    const message = await failure('x\ty;z\n', path);
    expect(message).toContain('(header: x\\ty;z)');
  });

  // A control character in the first line makes the file binary data, named as such and not quoted.
  it.each(['file', 'stream'] as const)('terminal escapes in it never reach the message (%s)', async (path) => {
    const message = await failure('x\x1b[2K\ty\x1b[8m\tz\n', path);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message).not.toContain('[2K');
  });

  it('the CLI says it in one line, exit 2', async () => {
    const r = await cli(['check', file('h.csv', `234567,${CPR},2025-03-04,0101\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([expect.stringContaining('missing required columns'), '']);
    expect(r.stderr).not.toContain(CPR);
  });
});

describe('suppressions and baseline files: errors quote, never echo', () => {
  /** The message reading this text as a suppressions (or baseline) file fails with. */
  const problem = (text: string, read: (path: string) => unknown = readSuppressions): string => {
    const path = file('side.json', text);
    try {
      read(path);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message.slice(path.length + 2);
    }
    throw new Error('the file was read');
  };

  it.each([
    ['an unknown key', `{"suppressions":[{"ruleId":"x","reason":"r","${CPR}":1}]}`, 'is not a valid suppressions file: suppressions[0]: unknown key "290355-****"'],
    ['an unknown key in a baseline', `{"gpclaims":"baseline","version":1,"entries":[],"\\u001b[2K${CPR}":1}`, 'is not a gpclaims baseline (unknown key "\\x1b[2K290355-****"); make one with gpclaims baseline'],
    ['a huge unknown key', `{"suppressions":[],"${'k'.repeat(100_000)}":1}`, `is not a valid suppressions file: unknown key "${'k'.repeat(79)}…"`],
    // Node's JSON.parse quotes the text around the error; the position is all that is said.
    ['a short file that is not JSON', `\x1b[2K${CPR}`, 'is not valid JSON (unexpected token at line 1, column 1)'],
    ['a bad token on line 2', `{"reason":"${CPR}",\n"b":tru}`, 'is not valid JSON (unexpected token at line 2, column 8)'],
    ['a file cut short', `{"suppressions":[{"reason":"${CPR}"`, "is not valid JSON (expected ',' or '}' after property value at line 1, column 40)"],
    ['a file cut in a value', `{"suppressions":[{"reason":tru`, 'is not valid JSON (unexpected end of JSON input at line 1, column 31)'],
    ['a number with a leading zero', `{"suppressions":[0702430919]}`, 'is not valid JSON (unexpected number at line 1, column 19)'],
  ])('%s', (_what, text, message) => {
    const read = text.includes('baseline') ? readBaseline : readSuppressions;
    expect(problem(text, read)).toBe(message);
  });
});

const FORMATS = ['pretty', 'json', 'sarif', 'junit', 'github', 'csv'] as const;
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

describe('control characters from the input never reach a report as they are', () => {
  // Erase the line, move up, hide the rest: a hostile file could rub out report lines.
  const ESC = '\x1b[2K\x1b[1A\x1b[8m';
  const text = [
    'ydernummer,cpr,dato,ydelseskode,tid',
    `234567,0101601234,2025-03-04,01${ESC},10:00`,
    `234567,0101601234,2025-03-05,0101,1${ESC}\u009b2J`,
    `"2345${ESC}\n67",0101601234,2025-03-06,0101,10:00`,
    '',
  ].join('\n');
  const input = file('escapes.csv', text);

  it.each(FORMATS)('%s', async (format) => {
    const r = await cli(['check', '--format', format, '--fail-on', 'never', input]);
    expect(r.code).toBe(0);
    const out = r.stdout.replace(/\r\n/g, '\n');
    // Compared as booleans: a failing report is long.
    expect(CONTROL.test(out)).toBe(false);
    // JSON writes a control character as \u001b: not a terminal escape, but not the value shown escaped either.
    expect(/\\u00(1b|9b)/.test(out)).toBe(false);
    const shown = '\\x1b[2K\\x1b[1A\\x1b[8m';
    expect(out.includes(format === 'json' || format === 'sarif' ? JSON.stringify(shown).slice(1, -1) : shown)).toBe(true);
  });

  it('a file name with escapes is shown escaped by pretty', async () => {
    const named = file('a\x1b[2Kb.csv', text);
    const r = await cli(['check', '--format', 'pretty', '--fail-on', 'never', named]);
    expect(CONTROL.test(r.stdout)).toBe(false);
    expect(r.stdout).toContain('a\\x1b[2Kb.csv:2');
  });
});

describe('a huge bad field is quoted, not copied into the report', () => {
  // Large, but under the reader's line-length cap (a longer line is skipped as too long).
  it.each(['file', 'stream'] as const)('a 60 kB code (%s): message and details.value hold its first 80 characters', async (path) => {
    const big = `0${'9'.repeat(60_000)}`;
    const text = `ydernummer,cpr,dato,ydelseskode\n234567,0101601234,2025-03-04,${big}\n`;
    const result = await check([path === 'file' ? file('big.csv', text) : source(text, 'big.csv')]);
    const f = result.findings.find((x) => x.ruleId === 'input/kode')!;
    expect(f.details!.value).toBe('099999-****…');
    expect(f.message.length).toBeLessThan(200);
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
  });

  it.each(['file', 'stream'] as const)('a 60 kB time (%s): 79 characters and the mark', async (path) => {
    const text = `ydernummer,cpr,dato,ydelseskode,tid\n234567,0101601234,2025-03-04,0101,${'t'.repeat(60_000)}\n`;
    const result = await check([path === 'file' ? file('big.csv', text) : source(text, 'big.csv')]);
    const f = result.findings.find((x) => x.ruleId === 'input/tid')!;
    expect(f.details!.value).toBe(`${'t'.repeat(79)}…`);
    expect(f.message).toContain(`"${'t'.repeat(79)}…"`);
  });
});

describe('makeFinding: the one place values enter messages and details', () => {
  const rule: FindingRule = {
    id: 'r',
    severity: 'error',
    topic: 'T',
    message: { da: 'v={{v}} l={{l}} c={{constructor}} p={{__proto__}}', en: '-' },
    fix: { da: 'ret {{v}}', en: '-' },
    source: 's',
  };
  it('masks and escapes every value it puts in a message, the fix and the details', () => {
    const f = makeFinding(rule, 'da', { practice: null, cpr: null, date: null, codes: [], locations: [], details: { v: `x\x1b[2K ${CPR}`, l: ['a\nb', 1], n: 7 } });
    expect(f.message).toBe('v=x\\x1b[2K 290355-**** l=a\\nb, 1 c={{constructor}} p={{__proto__}}');
    expect(f.fix!.da).toBe('ret x\\x1b[2K 290355-****');
    expect(f.details).toEqual({ v: 'x\\x1b[2K 290355-****', l: ['a\\nb', 1], n: 7 });
  });
});

describe('--format github: an input value never starts a workflow command', () => {
  it('fields holding a line end or U+2028 followed by ::error:: give one command line per finding', async () => {
    const text = [
      'ydernummer,cpr,dato,ydelseskode,tid',
      '234567,0101601234,2025-03-04,"0101\n::error::pwned",10:00',
      '234567,0101601234,2025-03-05,0101,"10:00\u2028::error::x"',
      '234567,0101601234,2025-03-06,0101,"10:00\u0085::error::y"',
      '',
    ].join('\n');
    const r = await cli(['check', '--format', 'github', '--fail-on', 'never', file('github.csv', text)]);
    const lines = r.stdout.trimEnd().split(/\r\n|[\r\n\u2028\u2029\u0085]/);
    expect(lines).toEqual([
      expect.stringMatching(/^::error file=.*github\.csv,line=2,title=input\/kode::/),
      expect.stringMatching(/^::error file=.*github\.csv,line=4,title=input\/tid::/),
      expect.stringMatching(/^::error file=.*github\.csv,line=5,title=input\/tid::/),
      expect.stringMatching(/^gpclaims: /),
    ]);
  });
});

describe('amounts: at most twelve digits of whole kroner, read alike by both paths, exact', () => {
  const tariffs = readTariffs(source('kode,fra,til,beloeb\n0101,2020-01-01,,100\n', 'takster.csv'));
  // [amount as written, as the tariff finding shows it, or null when the line is rejected]. Ten
  // digits or more in a row are masked wherever they are shown: a CPR number in the amount column
  // is read as an amount, and must not be printed whole.
  const cases: [string, string | null][] = [
    ['123456789.99', '123456789.99'],
    ['999999999999.5', '999999-****.50'],
    ['2903550819', '290355-****.00'],
    ['1000000000000', null],
    ['1234567890123456789012', null],
    ['123456789012345678.99', null],
  ];
  it.each(['file', 'stream'] as const)('%s', async (path) => {
    const text = `ydernummer,cpr,dato,ydelseskode,beloeb\n${cases.map(([amount], k) => `234567,0101601234,2025-03-${String(k + 1).padStart(2, '0')},0101,${amount}`).join('\n')}\n`;
    const result = await check([path === 'file' ? file('amounts.csv', text) : source(text, 'amounts.csv')], { tariffs: { name: 'takster.csv', tariffs: await tariffs } });
    const byLine = (id: string) => new Map(result.findings.filter((f) => f.ruleId === id).map((f) => [f.locations[0]!.line, f.details!]));
    const rejected = byLine('input/beloeb');
    const mismatch = byLine('beloeb-afviger-fra-takst');
    cases.forEach(([, read], k) => {
      const line = k + 2;
      if (read === null) expect([line, rejected.has(line), mismatch.has(line)]).toEqual([line, true, false]);
      else expect([line, rejected.has(line), mismatch.get(line)?.amount]).toEqual([line, false, read]);
    });
    expect(result.summary.linesRead).toBe(result.summary.claimsChecked + result.summary.linesRejected);
  });
});

describe('usage errors are one line on stderr, exit 2', () => {
  const sample = 'samples/klinik-marts-2025-ren.csv';
  it.each([
    ['an unknown option', ['check', '--x', sample], "gpclaims: error: unknown option '--x' (gpclaims --help lists the options)"],
    ['an unknown option with a suggestion', ['check', '--formt', 'json', sample], "gpclaims: error: unknown option '--formt' (Did you mean --format?) (gpclaims --help lists the options)"],
    ['a missing argument', ['baseline'], "gpclaims: error: missing required argument 'file' (gpclaims --help lists the options)"],
    ['a bad choice for --format', ['check', '--format', 'xml', sample], "gpclaims: error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are pretty, json, sarif, junit, github, csv. (gpclaims --help lists the options)"],
    ['an option without its value', ['check', sample, '--lang'], "gpclaims: error: option '--lang <lang>' argument missing (gpclaims --help lists the options)"],
    ['an unknown command', ['chek', sample], "gpclaims: error: unknown command 'chek' (Did you mean check?) (gpclaims --help lists the options)"],
    ['a bad choice in a rule-book command', ['rules', '--format', 'xml'], "gpclaims: error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are pretty, json. (gpclaims --help lists the options)"],
    ['a value with a line end and an escape', ['check', '--as-of', '2025\n\x1b[2K01', sample], 'gpclaims: --as-of takes a date written YYYY-MM-DD; got "2025\\n\\x1b[2K01"'],
  ])('%s', async (_what, args, line) => {
    const r = await cli(args);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `${line}\n`]);
  });
});

describe('options that would be accepted without a word', () => {
  const sample = 'samples/klinik-marts-2025-ren.csv';
  const suppressions = (entries: object[]): string => file('sup.json', JSON.stringify({ suppressions: entries.map((e) => ({ reason: 'r', ...e })) }));

  it('a suppression of a rule id the ruleset does not have is a usage error naming the entry', async () => {
    const path = suppressions([{ ruleId: 'grundydelse-samme-dag' }, { ruleId: 'grundydelse-samme-dg' }]);
    const r = await cli(['check', '--suppressions', path, sample]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `gpclaims: ${path}: is not a valid suppressions file: suppressions[1].ruleId: unknown rule id "grundydelse-samme-dg"; known rule ids: see gpclaims rules\n`]);
  });

  it.each(['grundydelse-samme-dag', 'aftalt-telefonkonsultation-hoejestegraense-ikke-evalueret', 'input/cpr', 'ukendt-ydelseskode'])('a suppression of %s is accepted', async (ruleId) => {
    const r = await cli(['check', '--format', 'json', '--suppressions', suppressions([{ ruleId }]), sample]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('readSuppressions names the known ids when they are few', () => {
    expect(() => readSuppressions(suppressions([{ ruleId: 'c' }]), ['a', 'b'])).toThrow(/suppressions\[0\]\.ruleId: unknown rule id "c"; known rule ids: a, b$/);
  });

  it('--regional-average for a code no rule uses is a usage error naming the codes that are used', async () => {
    const r = await cli(['check', '--regional-average', '0204=0.3', '--regional-average', '9999=0.3', sample]);
    // The practice-ratio rules of the bundled rule files are for 0105 and 0204.
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'gpclaims: --regional-average 9999: no rule uses a regional average for 9999; the rules use one for 0105, 0204\n']);
  });

  it('--regional-average for a code a rule uses is taken', async () => {
    const r = await cli(['check', '--format', 'json', '--regional-average', '0204=0.3', '--regional-average', '0105=0.1', sample]);
    expect([r.code, r.stderr]).toEqual([0, '']);
  });
});
