// `gpclaims history` end to end: the built CLI's output and exit codes, no CPR in the ledger, kill -9 at any moment, a held ledger, bad ledgers and keys.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, Rng } from '../bench/generate.js';
import { P } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');

function gpclaims(args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder, removed when the tests are done. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-history-'));
  folders.push(dir);
  return dir;
}

const FULL = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid,sikringsgruppe';
const JAN_LINES = [`234567,${P.a},2025-01-06,0101,1,146.79,09:15,1`, `234567,${P.b},2025-01-07,0201,1,,,1`, `123456,${P.c},2025-01-31,0101,1,,,`];
const FEB_LINES = [`234567,${P.a},2025-02-03,0101,1,146.79,,1`, `345678,${P.d},2025-02-28,0201,1,,,`];
/** A line every reader rejects: 31 February. */
const BAD_LINE = `234567,${P.e},2025-02-31,0101,1,,,`;

function write(dir: string, name: string, lines: string[], header = FULL): string {
  const path = join(dir, name);
  writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
  return path;
}

interface Listed {
  label: string;
  lines: number;
  from: string | null;
  to: string | null;
  practices: string[];
  added: string;
}

function listed(ledger: string): Listed[] {
  const r = gpclaims(['history', 'list', ledger, '--format', 'json']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  return JSON.parse(r.stdout) as Listed[];
}

describe('history add, list, remove and prune', () => {
  it('run one after another, each says in one line what it did (Danish, or English with --lang en)', () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const jan = write(dir, 'jan.csv', [...JAN_LINES, BAD_LINE]);
    const feb = write(dir, 'feb.csv', FEB_LINES);
    const janAgain = write(dir, 'jan2.csv', JAN_LINES.slice(0, 2));
    const steps: [string[], string][] = [
      [['history', 'add', ledger, jan, '--label', '2025-01'], `Registrerede 3 linjer som faktura 2025-01 i ${ledger}; 1 afvist linje blev ikke registreret (se gpclaims check).\n`],
      [['history', 'add', ledger, feb, '--label', '2025-02', '--lang', 'en'], `Recorded 2 lines as invoice 2025-02 in ${ledger}.\n`],
      [['history', 'add', ledger, janAgain, '--label', '2025-01'], `Registrerede 2 linjer som faktura 2025-01 i ${ledger} (i stedet for 3 linjer registreret før under samme navn).\n`],
      [['history', 'add', ledger, jan, '--label', '2025-01', '--lang', 'en'], `Recorded 3 lines as invoice 2025-01 in ${ledger} (replacing 2 lines recorded before under that label); 1 rejected line was not recorded (see gpclaims check).\n`],
      [['history', 'prune', ledger, '--before', '2025-01-10', '--force'], `Slettede 2 linjer med ydelsesdato før 2025-01-10 fra ${ledger}.\n`],
      [['history', 'remove', ledger, '--label', '2025-02', '--lang', 'en'], `Removed invoice 2025-02 (2 lines) from ${ledger}.\n`],
      [['history', 'prune', ledger, '--before', '2026-01-01', '--force'], `Slettede 1 linje med ydelsesdato før 2026-01-01 fra ${ledger}; faktura 2025-01 blev tom og er fjernet.\n`],
      [['history', 'list', ledger], `Ingen fakturaer i ${ledger}.\n`],
    ];
    for (const [args, stdout] of steps) expect({ args, ...gpclaims(args) }).toEqual({ args, code: 0, stdout, stderr: '' });
  });

  it('list --format json is an array of {label, lines, from, to, practices, added}; pretty is a table with a total', () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const before = new Date().toISOString().slice(0, 19);
    gpclaims(['history', 'add', ledger, write(dir, 'feb.csv', FEB_LINES), '--label', '2025-02']);
    gpclaims(['history', 'add', ledger, write(dir, 'jan.csv', JAN_LINES), '--label', '2025-01']);
    const invoices = listed(ledger);
    expect(invoices.map((i) => Object.keys(i))).toEqual([
      ['label', 'lines', 'from', 'to', 'practices', 'added'],
      ['label', 'lines', 'from', 'to', 'practices', 'added'],
    ]);
    // Earliest service date first.
    expect(invoices.map(({ added: _, ...i }) => i)).toEqual([
      { label: '2025-01', lines: 3, from: '2025-01-06', to: '2025-01-31', practices: ['123456', '234567'] },
      { label: '2025-02', lines: 2, from: '2025-02-03', to: '2025-02-28', practices: ['234567', '345678'] },
    ]);
    for (const i of invoices) expect(i.added >= before && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(i.added)).toBe(true);
    const pretty = gpclaims(['history', 'list', ledger, '--lang', 'en']);
    expect(pretty.stdout.split('\n').map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
      ['invoice', 'lines', 'from', 'to', 'practices'],
      ['2025-01', '3', '2025-01-06', '2025-01-31', '123456, 234567'],
      ['2025-02', '2', '2025-02-03', '2025-02-28', '234567, 345678'],
      [''],
      [`2 invoices, 5 lines in ${ledger}`],
      [''],
    ]);
  });

  it('without --label the label is made from the lines: printed, and the same for the same lines in another order', () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const labelOf = (file: string): string => /som faktura (\S+) i/.exec(gpclaims(['history', 'add', ledger, file]).stdout)?.[1] ?? '';
    const first = labelOf(write(dir, 'a.csv', JAN_LINES));
    expect(first).toMatch(/^auto-[0-9a-f]{12}$/);
    expect(labelOf(write(dir, 'b.csv', [...JAN_LINES].reverse()))).toBe(first);
    expect(labelOf(write(dir, 'c.csv', FEB_LINES))).not.toBe(first);
    expect(listed(ledger).map((i) => [i.label, i.lines])).toEqual([
      [first, 3],
      [expect.stringMatching(/^auto-/), 2],
    ]);
  });

  it('rejects the lines a check rejects, and counts them as a check does', () => {
    const dir = folder();
    const file = write(dir, 'x.csv', [...JAN_LINES, BAD_LINE, `234567,${P.a},2025-01-08,01x1,1,,,`, `234567,12345,2025-01-08,0101,1,,,`]);
    const checked = JSON.parse(gpclaims(['check', file, '--format', 'json']).stdout) as { summary: { claimsChecked: number; linesRejected: number } };
    const added = gpclaims(['history', 'add', join(dir, 'l.db'), file, '--label', 'x']);
    expect(added.stdout).toBe(`Registrerede ${checked.summary.claimsChecked} linjer som faktura x i ${join(dir, 'l.db')}; ${checked.summary.linesRejected} afviste linjer blev ikke registreret (se gpclaims check).\n`);
  });

  it('makes the key file beside a new ledger, readable and writable by its owner only', () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    expect(gpclaims(['history', 'add', ledger, write(dir, 'a.csv', JAN_LINES)]).code).toBe(0);
    expect(statSync(`${ledger}.key`).mode & 0o777).toBe(0o600);
  });

  it('uses the key file --history-key names, and makes it there for a new ledger', () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const key = join(dir, 'elsewhere.key');
    expect(gpclaims(['history', 'add', ledger, write(dir, 'a.csv', JAN_LINES), '--history-key', key]).code).toBe(0);
    expect([existsSync(key), existsSync(`${ledger}.key`), statSync(key).mode & 0o777]).toEqual([true, false, 0o600]);
    expect(gpclaims(['history', 'add', ledger, write(dir, 'b.csv', FEB_LINES), '--history-key', key]).code).toBe(0);
  });
});

/** Made-up CPR numbers with real birth dates (1930-1989): DDMMYY and a serial from 1000. */
function madeUpCprs(n: number): string[] {
  return Array.from({ length: n }, (_, k) => {
    const dd = String(1 + (k % 28)).padStart(2, '0');
    const mm = String(1 + ((k * 7) % 12)).padStart(2, '0');
    const yy = String(30 + (k % 60)).padStart(2, '0');
    return `${dd}${mm}${yy}${1000 + k}`;
  });
}

describe('no CPR number in the ledger or in what history add prints', () => {
  it('the ledger, its key and any -wal or -shm beside it hold no CPR of the input in any form', () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const cprs = madeUpCprs(600);
    const lines = cprs.flatMap((cpr, k) => [`${100000 + (k % 7)},${cpr},2025-03-${String(1 + (k % 28)).padStart(2, '0')},0101,1,146.79,10:00,1`, `${100000 + (k % 7)},${cpr.slice(0, 6)}-${cpr.slice(6)},2025-04-02,0201,1,,,`]);
    const r = gpclaims(['history', 'add', ledger, write(dir, 'many.csv', [...lines, `123456,${cprs[0]},2025-02-30,0101,1,,,`])]);
    expect(r.code).toBe(0);
    // What is printed holds none of the input's CPR numbers, and, once the invoice's label (12
    // hexadecimal digits from a random key, so now and then ten decimal digits in a row) is taken
    // out, no ten digits in a row, nor six and four.
    const printed = `${r.stdout}${r.stderr}`;
    expect(printed).toMatch(/ auto-[0-9a-f]{12} /);
    expect(cprs.filter((cpr) => printed.includes(cpr) || printed.includes(`${cpr.slice(0, 6)}-${cpr.slice(6)}`))).toEqual([]);
    expect(printed.replace(/ auto-[0-9a-f]{12} /, ' auto-… ')).not.toMatch(/\d{10}|\d{6}-\d{4}/);
    const files = [ledger, `${ledger}-wal`, `${ledger}-shm`, `${ledger}.key`].filter(existsSync);
    expect(files).toContain(ledger);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    const found = cprs.filter((cpr) => {
      const n = Number(cpr);
      const be = Buffer.alloc(4);
      be.writeUInt32BE(n);
      const le = Buffer.alloc(4);
      le.writeUInt32LE(n);
      // The text with and without the dash, and the number as 32-bit binary either way round.
      return [Buffer.from(cpr), Buffer.from(`${cpr.slice(0, 6)}-${cpr.slice(6)}`), be, le].some((b) => bytes.includes(b));
    });
    expect(found).toEqual([]);
    expect(listed(ledger)[0]!.lines).toBe(lines.length);
  });

  it.each([
    ['a header and no lines', true],
    ['no such file', false],
  ])('an add whose input cannot be read (%s) makes no ledger and no key', (_name, headerOnly) => {
    const dir = folder();
    const input = headerOnly ? write(dir, 'a.csv', []) : join(dir, 'missing.csv');
    const r = gpclaims(['history', 'add', join(dir, 'l.db'), input, '--label', '2026-11']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('l.db'))).toEqual([]);
  });

  it('a label like a CPR number is refused without being echoed', () => {
    const dir = folder();
    const r = gpclaims(['history', 'add', join(dir, 'l.db'), write(dir, 'a.csv', JAN_LINES), '--label', P.a!]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'gpclaims: --label holds what looks like a CPR number (ten digits, or six and four); the ledger keeps no CPR numbers\n' });
    expect(existsSync(join(dir, 'l.db'))).toBe(false);
  });
});

/** The ledger's own consistency: SQLite's integrity check, and each invoice's line count against its rows and practices. */
function consistency(ledger: string): { integrity: string; mismatched: unknown[] } {
  const db = new DatabaseSync(ledger, { readOnly: true });
  try {
    const integrity = (db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check;
    const mismatched = db
      .prepare(
        `SELECT label, lines, (SELECT coalesce(sum(lines), 0) FROM patient_lines WHERE invoice = i.id) AS rows,
                (SELECT coalesce(sum(lines), 0) FROM invoice_practice WHERE invoice = i.id) AS practices
         FROM invoice AS i WHERE lines != rows OR lines != practices`,
      )
      .all();
    return { integrity, mismatched };
  } finally {
    db.close();
  }
}

describe('kill -9 at any moment', () => {
  it('leaves the ledger as it was before the run, or with the whole invoice', { timeout: 240_000 }, async () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const big = generate({ lines: 300_000, seed: 11, outDir: dir });
    // A second invoice of other size under the same label, so a half-done replacement would show.
    const text = readFileSync(big.sorted, 'utf8');
    const cut = text.split('\n', 250_001).join('\n').length + 1;
    const smaller = join(dir, 'smaller.csv');
    writeFileSync(smaller, text.slice(0, cut));
    const sizes = new Map([
      [big.sorted, 300_000],
      [smaller, 250_000],
    ]);
    expect(gpclaims(['history', 'add', ledger, write(dir, 'base.csv', JAN_LINES), '--label', 'base']).code).toBe(0);
    expect(gpclaims(['history', 'add', ledger, big.sorted, '--label', 'big']).code).toBe(0);
    // How long a replacement takes here, from start to exit. The kills fall from 40 % of it (while
    // the input is read) to 120 % (some runs finish first); most of the window is the writing.
    const started = Date.now();
    expect(gpclaims(['history', 'add', ledger, big.sorted, '--label', 'big']).code).toBe(0);
    const full = Date.now() - started;
    let expected = 300_000;
    const rng = new Rng(9);
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const file = round % 2 ? big.sorted : smaller;
      const child = spawn(process.execPath, [BIN, 'history', 'add', ledger, file, '--label', 'big'], { stdio: 'ignore' });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
      await new Promise((wait) => setTimeout(wait, Math.round(full * (0.4 + 0.8 * rng.float()))));
      child.kill('SIGKILL');
      const { code, signal } = await exited;
      const invoices = listed(ledger);
      const stored = invoices.find((i) => i.label === 'big')?.lines;
      // Finished before the kill: the new invoice, whole. Killed: the old one, or the new one whole.
      if (code === 0) expect(stored).toBe(sizes.get(file));
      else expect([expected, sizes.get(file)]).toContain(stored);
      expect(invoices.find((i) => i.label === 'base')?.lines).toBe(JAN_LINES.length);
      expect(invoices).toHaveLength(2);
      outcomes.push(`${signal ?? `exit ${code}`}: ${stored} lines`);
      expected = stored!;
      expect(consistency(ledger)).toEqual({ integrity: 'ok', mismatched: [] });
    }
    // Some rounds were killed (the run is not so quick that every kill came after it).
    console.log(`kill -9 rounds: ${outcomes.join('; ')}`);
    expect(outcomes.filter((o) => o.startsWith('SIGKILL')).length).toBeGreaterThan(0);
  });
});

describe('another run holding the ledger', () => {
  it.each([
    ['history add', (ledger: string, dir: string) => ['history', 'add', ledger, write(dir, 'feb.csv', FEB_LINES), '--label', '2025-02']],
    ['history remove', (ledger: string) => ['history', 'remove', ledger, '--label', '2025-01']],
    ['history prune', (ledger: string) => ['history', 'prune', ledger, '--before', '2025-12-01', '--force']],
  ])('%s waits as long as GPCLAIMS_LEDGER_WAIT_MS says, then exits 2 with one line; the ledger stays as it was', (_what, args) => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    expect(gpclaims(['history', 'add', ledger, write(dir, 'jan.csv', JAN_LINES), '--label', '2025-01']).code).toBe(0);
    const before = listed(ledger);
    // Another run's write transaction, as history add holds it while it stores an invoice.
    const other = new DatabaseSync(ledger);
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(gpclaims(args(ledger, dir), { GPCLAIMS_LEDGER_WAIT_MS: '300' })).toEqual({
        code: 2,
        stdout: '',
        stderr: `gpclaims: ${ledger}: is in use by another gpclaims run (waited 0.3 s); try again when it is done\n`,
      });
      // Reading does not wait for a writer.
      expect(listed(ledger)).toEqual(before);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(listed(ledger)).toEqual(before);
    expect(consistency(ledger)).toEqual({ integrity: 'ok', mismatched: [] });
  });
});

describe('two runs that make a new ledger at once', () => {
  it('both record their invoice, under one key', async () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    const files = [write(dir, 'jan.csv', JAN_LINES), write(dir, 'feb.csv', FEB_LINES)];
    const runs = files.map((file, k) => {
      const child = spawn(process.execPath, [BIN, 'history', 'add', ledger, file, '--label', `r${k}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      return new Promise<[number | null, string]>((done) => child.on('exit', (code) => done([code, stderr])));
    });
    expect(await Promise.all(runs)).toEqual([
      [0, ''],
      [0, ''],
    ]);
    expect(listed(ledger).map((i) => [i.label, i.lines])).toEqual([
      ['r0', JAN_LINES.length],
      ['r1', FEB_LINES.length],
    ]);
    // The key the ledger was made with is the one beside it, and no half-made key is left.
    expect(gpclaims(['history', 'add', ledger, write(dir, 'x.csv', [BAD_LINE.replace('02-31', '03-01')])]).code).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.key'))).toEqual(['l.db.key']);
  });
});

describe('a ledger or key that cannot be used is exit 2 with one line, and is left as it is', () => {
  const ledgerWith = (dir: string): string => {
    const ledger = join(dir, 'l.db');
    expect(gpclaims(['history', 'add', ledger, write(dir, 'jan.csv', JAN_LINES), '--label', '2025-01']).code).toBe(0);
    return ledger;
  };
  const sqliteOf = (path: string, sql: string): void => {
    const db = new DatabaseSync(path);
    db.exec(sql);
    db.close();
  };
  it.each<[string, (dir: string) => { args: string[]; untouched?: string }, (dir: string) => string]>([
    [
      'a CSV file as the ledger (list)',
      (dir) => ({ args: ['history', 'list', write(dir, 'jan.csv', JAN_LINES)], untouched: join(dir, 'jan.csv') }),
      (dir) => `${join(dir, 'jan.csv')}: is not a gpclaims ledger (not an SQLite database)`,
    ],
    [
      'a CSV file as the ledger (add, the files in the wrong order)',
      (dir) => ({ args: ['history', 'add', write(dir, 'jan.csv', JAN_LINES), write(dir, 'feb.csv', FEB_LINES)], untouched: join(dir, 'jan.csv') }),
      (dir) => `${join(dir, 'jan.csv')}: is not a gpclaims ledger (not an SQLite database)`,
    ],
    [
      'an SQLite database of something else',
      (dir) => {
        sqliteOf(join(dir, 'other.db'), 'CREATE TABLE t (x); INSERT INTO t VALUES (1)');
        return { args: ['history', 'add', join(dir, 'other.db'), write(dir, 'jan.csv', JAN_LINES)], untouched: join(dir, 'other.db') };
      },
      (dir) => `${join(dir, 'other.db')}: is not a gpclaims ledger (an SQLite database of something else)`,
    ],
    [
      'a ledger of a newer schema',
      (dir) => {
        const ledger = ledgerWith(dir);
        sqliteOf(ledger, 'PRAGMA user_version = 2');
        return { args: ['history', 'list', ledger], untouched: ledger };
      },
      (dir) => `${join(dir, 'l.db')}: was written by a newer gpclaims (ledger schema 2; this gpclaims reads schema 1 and older); update gpclaims`,
    ],
    [
      'a ledger whose key file is missing',
      (dir) => {
        const ledger = ledgerWith(dir);
        rmSync(`${ledger}.key`);
        return { args: ['history', 'add', ledger, write(dir, 'feb.csv', FEB_LINES)], untouched: ledger };
      },
      (dir) => `${join(dir, 'l.db')}: its key file ${join(dir, 'l.db')}.key is missing; without it the patients in the ledger cannot be matched (give the key file with --history-key if it is elsewhere)`,
    ],
    [
      "another ledger's key",
      (dir) => {
        const ledger = ledgerWith(dir);
        gpclaims(['history', 'add', join(dir, 'second.db'), join(dir, 'jan.csv')]);
        return { args: ['history', 'add', ledger, write(dir, 'feb.csv', FEB_LINES), '--history-key', join(dir, 'second.db.key')], untouched: ledger };
      },
      (dir) => `${join(dir, 'second.db.key')}: is not the key of the ledger ${join(dir, 'l.db')}`,
    ],
    ['a ledger that is not there (list)', (dir) => ({ args: ['history', 'list', join(dir, 'none.db')] }), (dir) => `${join(dir, 'none.db')}: no such ledger (gpclaims history add makes one)`],
    ['a label the ledger does not have', (dir) => ({ args: ['history', 'remove', ledgerWith(dir), '--label', '2024-12'] }), (dir) => `${join(dir, 'l.db')} has no invoice labelled 2024-12 (gpclaims history list shows the labels)`],
    ['a date that is not one', (dir) => ({ args: ['history', 'prune', ledgerWith(dir), '--before', '2025-02-30'] }), () => '--before takes a date written YYYY-MM-DD; got "2025-02-30"'],
    ['the ledger as an invoice file', (dir) => ({ args: ['history', 'add', ledgerWith(dir), join(dir, 'l.db')] }), (dir) => `${join(dir, 'l.db')} is the ledger; give the ledger first, then the invoice's files`],
    [
      'a prune that would delete lines the rules need for the next invoice',
      (dir) => ({ args: ['history', 'prune', ledgerWith(dir), '--before', '2025-01-10'], untouched: join(dir, 'l.db') }),
      // The ledger's last line is 2025-01-31; from 2025-02-01 a rolling 365 days reach back to
      // 2024-02-03 (2024 is a leap year), 30 days to 2025-01-02, the calendar year to 2025-01-01
      // and 730 days to 2023-02-03.
      () =>
        '--before 2025-01-10 would delete lines that rules still need to check an invoice after 2025-01-31 (abortstoette-over-2-pr-aar from 2024-02-03, dosispakning-opstart-gentaget from 2024-02-03, palliation-mulighed from 2025-01-02, psykisk-syge-over-1-pr-aar from 2025-01-01, samtaleterapi-over-7-pr-aar from 2025-01-01, sundhedstjek-inden-2-aar from 2023-02-03); give --before 2023-02-03 or earlier, or --force to prune anyway',
    ],
    ['check --label without --history', (dir) => ({ args: ['check', write(dir, 'feb.csv', FEB_LINES), '--label', '2025-01'] }), () => '--label needs --history (it names the ledger invoice to leave out)'],
    ['check --history-key without --history', (dir) => ({ args: ['check', write(dir, 'feb.csv', FEB_LINES), '--history-key', join(dir, 'k')] }), () => '--history-key needs --history (the ledger it is the key of)'],
    ['check --history with a ledger that is not there', (dir) => ({ args: ['check', write(dir, 'feb.csv', FEB_LINES), '--history', join(dir, 'none.db')] }), (dir) => `${join(dir, 'none.db')}: no such ledger (gpclaims history add makes one)`],
    [
      'check --history with the ledger\'s key file missing',
      (dir) => {
        const ledger = ledgerWith(dir);
        rmSync(`${ledger}.key`);
        return { args: ['check', write(dir, 'feb.csv', FEB_LINES), '--history', ledger], untouched: ledger };
      },
      (dir) => `${join(dir, 'l.db')}: its key file ${join(dir, 'l.db')}.key is missing; without it the patients in the ledger cannot be matched (give the key file with --history-key if it is elsewhere)`,
    ],
    ['check with the --history ledger as an input', (dir) => ({ args: ['check', ledgerWith(dir), '--history', join(dir, 'l.db')], untouched: join(dir, 'l.db') }), (dir) => `${join(dir, 'l.db')} is the --history ledger, not an invoice`],
    ['check --history with a label that cannot be one', (dir) => ({ args: ['check', write(dir, 'feb.csv', FEB_LINES), '--history', ledgerWith(dir), '--label', ' x'] }), () => '--label starts or ends with a space'],
    ['no command after history', () => ({ args: ['history'] }), () => 'history needs a command: add, list, remove or prune (gpclaims history --help says more)'],
    ['an unknown command after history', () => ({ args: ['history', 'show'] }), () => "unknown command 'history show': add, list, remove or prune (gpclaims history --help says more)"],
    ['a wait that is not a number', (dir) => ({ args: ['history', 'list', ledgerWith(dir)], untouched: join(dir, 'l.db') }), () => 'GPCLAIMS_LEDGER_WAIT_MS takes a whole number of milliseconds; got "soon"'],
  ])('%s', (what, arrange, message) => {
    const dir = folder();
    const { args, untouched } = arrange(dir);
    const before = untouched && readFileSync(untouched);
    const keysBefore = existsSync(`${args[2]}.key`);
    const r = gpclaims(args, what.startsWith('a wait') ? { GPCLAIMS_LEDGER_WAIT_MS: 'soon' } : {});
    expect(r).toEqual({ code: 2, stdout: '', stderr: `gpclaims: ${message(dir)}\n` });
    if (untouched) expect(readFileSync(untouched).equals(before!)).toBe(true);
    // No key file is made beside something that is not a ledger.
    expect(existsSync(`${args[2]}.key`)).toBe(keysBefore);
  });

  it('a ledger whose key file is missing can still be listed, pruned and emptied', () => {
    const dir = folder();
    const ledger = ledgerWith(dir);
    rmSync(`${ledger}.key`);
    expect(listed(ledger).map((i) => i.label)).toEqual(['2025-01']);
    expect(gpclaims(['history', 'remove', ledger, '--label', '2025-01']).code).toBe(0);
    expect(listed(ledger)).toEqual([]);
  });

  it('a ledger copied without its -wal file after a clean run still opens', () => {
    const dir = folder();
    const ledger = ledgerWith(dir);
    copyFileSync(ledger, join(dir, 'copy.db'));
    expect(listed(join(dir, 'copy.db')).map((i) => i.label)).toEqual(['2025-01']);
  });
});

describe('check --history on the clinic samples: November against January-October', () => {
  const JAN_OKT = 'samples/klinik-jan-okt-2026.csv';
  const NOV = 'samples/klinik-nov-2026.csv';
  /** The rules that look back across invoices, each shown by the samples (samples/README.md). */
  const CROSS_MONTH = [
    'abortstoette-over-2-pr-aar',
    'allerede-afregnet',
    'dosispakning-opstart-gentaget',
    'kroniker-tilmelding-uden-afmelding',
    'kronikerprogram-ikke-saerskilt',
    'palliation-mulighed',
    'psykisk-syge-over-1-pr-aar',
    'samtaleterapi-over-7-pr-aar',
    'sundhedstjek-inden-2-aar',
  ];
  /** A sample's lines as [cpr, date] (the samples have no quotes), header left out. */
  const linesOf = (file: string): { cpr: string; date: string; code: string }[] =>
    readFileSync(join(ROOT, file), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [, cpr, date, code] = l.split(',');
        return { cpr: cpr!, date: date!, code: code! };
      });
  interface Report {
    summary: { history: { ledger: string; invoices: string[]; from: string; to: string; lines: number } | null; withoutHistory: { ruleId: string; before: string }[]; baselined: number; suppressed: number; findings: number };
    ruleset: { asOf: string | null; tariffs: string; practices: boolean };
    findings: { ruleId: string; locations: { file: string; line: number }[]; details: { history?: string[] } | null }[];
  }
  const report = (args: string[]): { code: number | null; report: Report; stderr: string } => {
    const r = gpclaims(['check', ...args, '--format', 'json', '--today', '2026-12-01']);
    return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };

  it('with the ledger every cross-month rule is found, on November\'s lines, naming the earlier invoice; the summary says what history was used', () => {
    const dir = folder();
    const ledger = join(dir, 'klinik.db');
    expect(gpclaims(['history', 'add', ledger, JAN_OKT, '--label', '2026-jan-okt', '--today', '2026-12-01']).code).toBe(0);
    const { code, report: r, stderr } = report([NOV, '--history', ledger]);
    expect([code, stderr]).toEqual([1, '']);
    const cross = r.findings.filter((f) => CROSS_MONTH.includes(f.ruleId));
    expect([...new Set(cross.map((f) => f.ruleId))].sort()).toEqual(CROSS_MONTH);
    for (const f of cross) {
      expect(f.locations.map((l) => l.file)).toEqual(f.locations.map(() => NOV));
      expect(f.details?.history).toEqual(['2026-jan-okt']);
    }
    // The lines used are January-October's lines of November's patients that a rule reads: from
    // November's first day (2026-10-27) on, and before it (all in 2026, so within every rule's
    // reach) those of the codes the rules look back for: 6101 and 2150 (the calendar year), 0123
    // (730 days), 0122 and 4500 (365 days), the kroniker enrolments and ends (no limit), and the
    // palliation codes near a sygebesøg (30 days, from 2026-09-27).
    const patients = new Set(linesOf(NOV).map((l) => l.cpr));
    const lookedBackFor = ['6101', '2150', '0123', '0122', '4500', '0130', '0131', '0132', '0133'];
    const palliation = (code: string): boolean => code >= '4584' && code <= '4592';
    const theirs = linesOf(JAN_OKT).filter(
      (l) => patients.has(l.cpr) && (l.date >= '2026-10-27' || lookedBackFor.includes(l.code) || (palliation(l.code) && l.date >= '2026-09-27')),
    );
    const dates = theirs.map((l) => l.date).sort();
    expect(theirs.length).toBeLessThan(linesOf(JAN_OKT).length);
    expect(r.summary.history).toEqual({ ledger, invoices: ['2026-jan-okt'], from: dates[0], to: dates.at(-1), lines: theirs.length });
    const pretty = gpclaims(['check', NOV, '--history', ledger, '--format', 'pretty', '--today', '2026-12-01']).stdout;
    expect(pretty).toContain(`  Historik: 1 faktura (2026-jan-okt), ${theirs.length} linjer fra ${dates[0]} til ${dates.at(-1)}.\n`);
    // No full CPR number of either invoice in any format, the history's included.
    const cprs = new Set([...linesOf(NOV), ...linesOf(JAN_OKT)].map((l) => l.cpr));
    for (const format of ['json', 'pretty', 'sarif', 'junit', 'github', 'csv']) {
      const out = gpclaims(['check', NOV, '--history', ledger, '--format', format, '--today', '2026-12-01']).stdout.replace(/-/g, '');
      for (const cpr of cprs) expect(out).not.toContain(cpr);
    }
  });

  it('the same report when the patients are checked in ranges on 1, 2 or 3 threads', () => {
    const dir = folder();
    const ledger = join(dir, 'klinik.db');
    expect(gpclaims(['history', 'add', ledger, JAN_OKT, '--label', '2026-jan-okt', '--today', '2026-12-01']).code).toBe(0);
    const reports = [1, 2, 3].map((n) => gpclaims(['check', NOV, '--history', ledger, '--threads', String(n), '--format', 'json', '--today', '2026-12-01']));
    for (const r of reports) expect([r.code, r.stderr]).toEqual([1, '']);
    expect(reports[1]!.stdout).toBe(reports[0]!.stdout);
    expect(reports[2]!.stdout).toBe(reports[0]!.stdout);
  });

  it('November alone finds none of them, and the report says the period before it was not checked', () => {
    const { code, report: r } = report([NOV]);
    expect(code).toBe(0);
    expect(r.findings.filter((f) => CROSS_MONTH.includes(f.ruleId))).toEqual([]);
    expect(r.summary.history).toBeNull();
    const first = linesOf(NOV).map((l) => l.date).sort()[0]!;
    expect(r.summary.withoutHistory.map((w) => w.ruleId).sort()).toEqual(CROSS_MONTH);
    const pretty = gpclaims(['check', NOV, '--format', 'pretty', '--today', '2026-12-01']).stdout;
    expect(pretty).toContain('  Ikke fuldt kontrolleret:\n');
    for (const id of CROSS_MONTH) expect(pretty).toMatch(new RegExp(`^    ${id}: (.*, )?ingen historik ${id === 'allerede-afregnet' ? '\\(--history\\)' : `før ${first}`}$`, 'm'));
  });

  it('--history works with --label, --as-of, --practices, --tariffs, a baseline and suppressions', () => {
    const dir = folder();
    const ledger = join(dir, 'klinik.db');
    expect(gpclaims(['history', 'add', ledger, JAN_OKT, '--label', '2026-jan-okt', '--today', '2026-12-01']).code).toBe(0);
    // November is recorded too; --label leaves it out, or every line would be "already billed".
    expect(gpclaims(['history', 'add', ledger, NOV, '--label', '2026-11', '--today', '2026-12-01']).code).toBe(0);
    const practices = join(dir, 'praksis.csv');
    writeFileSync(practices, 'ydernummer,kapaciteter,tilmeldte\n456789,1,1500\n456790,1,1200\n');
    const tariffs = join(dir, 'takster.csv');
    writeFileSync(tariffs, 'ydelseskode,fra,til,beloeb\n0101,2026-01-01,,155.22\n');
    const suppressions = join(dir, 'undtagelser.json');
    writeFileSync(suppressions, JSON.stringify({ suppressions: [{ ruleId: 'palliation-mulighed', practice: '456789', reason: 'Sygebesøget var ikke palliativt', expires: '2027-06-30' }] }));
    const options = ['--as-of', '2026-11-15', '--practices', practices, '--tariffs', tariffs, '--today', '2026-12-01'];
    // The baseline holds what November alone gives: with the history, what is new is the cross-month findings.
    const baseline = join(dir, 'baseline.json');
    expect(gpclaims(['baseline', baseline, NOV, ...options]).code).toBe(0);
    const alone = report([NOV, ...options]).report;
    const { code, report: r } = report([NOV, '--history', ledger, '--label', '2026-11', '--baseline', baseline, '--suppressions', suppressions, ...options]);
    expect(code).toBe(1);
    expect(r.ruleset).toMatchObject({ asOf: '2026-11-15', tariffs, practices: true });
    expect(r.summary.history?.invoices).toEqual(['2026-jan-okt']);
    expect(r.summary.baselined).toBe(alone.summary.findings);
    expect(r.summary.suppressed).toBe(1);
    expect([...new Set(r.findings.map((f) => f.ruleId))].sort()).toEqual(CROSS_MONTH.filter((id) => id !== 'palliation-mulighed'));
  });
});
