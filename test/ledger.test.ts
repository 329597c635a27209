// The history ledger as a library: keyed hashes, the content label, add/list/remove/prune/replace, patients' lines, schema versions, keys and locks.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../bench/generate.js';
import { readClaims } from '../src/engine/check.js';
import { addToHistory } from '../src/engine/history.js';
import { LedgerError } from '../src/ledger/errors.js';
import { CprHmac } from '../src/ledger/hmac.js';
import { labelProblem, type Ledger } from '../src/ledger/ledger.js';
import { PatientKey, readOrMakeKey } from '../src/ledger/key.js';
import { ledgerLines, PackedInvoice } from '../src/ledger/lines.js';
import { MIGRATIONS, type Migration, openLedger, withoutSqliteNote } from '../src/ledger/sqlite.js';
import { dayNumber } from '../src/model/date.js';
import { bundledRuleset, P, source } from './helpers.js';

const FULL = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid,sikringsgruppe';

const folders: string[] = [];
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A new temporary folder, removed when the tests are done. */
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-ledger-'));
  folders.push(dir);
  return dir;
}

/** Adds CSV text to the ledger under the label (none: the auto label). */
function add(ledger: string, text: string, label?: string, waitMs?: number) {
  return addToHistory(ledger, [source(text, 'faktura.csv')], { ruleset: bundledRuleset(), label, waitMs, today: '2026-01-15' });
}

async function list(ledger: string) {
  const { ledger: open } = await openLedger(ledger);
  try {
    return await open.list();
  } finally {
    await open.close();
  }
}

const day = (iso: string): number => dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

describe('the keyed hash of a CPR number', () => {
  const hmacOf = (key: Uint8Array, cpr: number): string => {
    const out = new Uint8Array(32);
    new CprHmac(key).digest(cpr, out, 0);
    return Buffer.from(out).toString('hex');
  };
  const reference = (key: Uint8Array, cpr: number): string => createHmac('sha256', key).update(String(cpr).padStart(10, '0')).digest('hex');

  it.each([
    ['the smallest number', 0],
    ['a made-up CPR', Number(P.a)],
    ['a number with a zero in front', 101601234],
    ['the largest ten-digit number', 9_999_999_999],
    ['digits that carry over', 1_234_999_999],
  ])('is HMAC-SHA-256 of the ten digits, as node:crypto makes it: %s', (_what, cpr) => {
    const key = Buffer.alloc(32, 0xa5);
    expect(hmacOf(key, cpr)).toBe(reference(key, cpr));
  });

  it.each([
    ['a key of zeros', Buffer.alloc(32)],
    ['a key of ones', Buffer.alloc(32, 0xff)],
    ['a short key', Buffer.from('k')],
    ['a key of 64 bytes', Buffer.alloc(64, 7)],
  ])('agrees with node:crypto for %s', (_what, key) => {
    expect(hmacOf(key, 3112999999)).toBe(reference(key, 3112999999));
  });

  it('agrees with node:crypto on 3,000 seeded random keys and numbers', () => {
    const rng = new Rng(20261203);
    const wrong: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const key = Uint8Array.from({ length: 32 }, () => rng.int(256));
      const cpr = rng.int(10_000) * 1_000_000 + rng.int(1_000_000);
      if (hmacOf(key, cpr) !== reference(key, cpr)) wrong.push(String(cpr));
    }
    expect(wrong).toEqual([]);
  });

  it('PatientKey.hash is the same HMAC', () => {
    const key = Buffer.alloc(32, 3);
    expect(Buffer.from(new PatientKey(key).hash(Number(P.b))).toString('hex')).toBe(reference(key, Number(P.b)));
  });
});

describe("Node's note that SQLite is experimental", () => {
  // Node 22 emits it when node:sqlite loads (Node 24 no longer does); only that note is held back.
  it.each([
    ['the note as Node 22 emits it', ['SQLite is an experimental feature and might change at any time', 'ExperimentalWarning'], false],
    ['the note with its type in an options object', ['SQLite is an experimental feature and might change at any time', { type: 'ExperimentalWarning' }], false],
    ['another experimental feature', ['VM Modules is an experimental feature and might change at any time', 'ExperimentalWarning'], true],
    ['a deprecation that names SQLite', ['SQLite option x is deprecated', 'DeprecationWarning'], true],
    ['a plain warning', ['something', undefined], true],
  ] as const)('%s: passed on is %s', (_what, args, passed) => {
    // What reaches process.emitWarning as it was before (a recorder here: the test runner turns
    // experimental warnings off, so listening for them would prove nothing).
    const seen: unknown[][] = [];
    const emit = process.emitWarning;
    process.emitWarning = ((...a: unknown[]) => void seen.push(a)) as typeof process.emitWarning;
    try {
      withoutSqliteNote(() => (process.emitWarning as (...a: unknown[]) => void)(...args));
    } finally {
      process.emitWarning = emit;
    }
    expect(seen).toEqual(passed ? [[...args]] : []);
  });

  it('is let through again after the module has loaded', () => {
    const seen: unknown[][] = [];
    const emit = process.emitWarning;
    process.emitWarning = ((...a: unknown[]) => void seen.push(a)) as typeof process.emitWarning;
    try {
      withoutSqliteNote(() => 0);
      process.emitWarning('SQLite is an experimental feature and might change at any time', 'ExperimentalWarning');
    } finally {
      process.emitWarning = emit;
    }
    expect(seen).toHaveLength(1);
  });
});

describe('labels', () => {
  it.each([
    ['2026-11', undefined],
    ['faktura marts 2025 (rettet)', undefined],
    ['', 'is empty'],
    [' 2026-11', 'starts or ends with a space'],
    ['x'.repeat(101), 'is longer than 100 characters'],
    ['a\u001b[31mb', 'holds a control character'],
    [P.a!, 'holds what looks like a CPR number (ten digits, or six and four); the ledger keeps no CPR numbers'],
    ['010160-1234', 'holds what looks like a CPR number (ten digits, or six and four); the ledger keeps no CPR numbers'],
  ])('%j: %s', (label, problem) => {
    expect(labelProblem(label)).toBe(problem);
  });
});

describe('the auto label: the same lines give the same label, other lines another', () => {
  const KEY = new PatientKey(Buffer.alloc(32, 9));
  const LINES = [
    `234567,${P.a},2025-03-03,0101,1,146.79,09:15,1`,
    `234567,${P.a},2025-03-03,0201,1,,,1`,
    `234567,${P.b},2025-03-04,0101,2,146.79,10:00,`,
    `123456,${P.c},2025-03-05,0120,1,,,2`,
    `234567,${P.a},2025-03-10,0101,1,146.79,,1`,
  ];
  const labelOf = async (...files: string[]): Promise<string> => {
    const read = await readClaims(
      files.map((text, k) => source(text, `f${k}.csv`)),
      { ruleset: bundledRuleset(), today: '2026-01-15' },
    );
    return new PackedInvoice(ledgerLines(read.store, KEY)).label();
  };
  const file = (lines: string[], header = FULL): string => `${header}\n${lines.join('\n')}\n`;

  it.each([
    ['the lines in another order', file([...LINES].reverse())],
    ['blank lines between them (other line numbers)', file(LINES.flatMap((l) => [l, '']))],
    ['the columns in another order', `sikringsgruppe,tid,beloeb,antal,ydelseskode,dato,cpr,ydernummer\n${LINES.map((l) => l.split(',').reverse().join(',')).join('\n')}\n`],
    ['a rejected line more', file([...LINES, `234567,${P.a},2025-13-40,0101,1,,,`])],
  ])('same label: %s', async (_what, other) => {
    expect(await labelOf(other)).toBe(await labelOf(file(LINES)));
  });

  it('same label: the lines split over two files', async () => {
    expect(await labelOf(file(LINES.slice(0, 2)), file(LINES.slice(2)))).toBe(await labelOf(file(LINES)));
  });

  const changed = (k: number, column: number, value: string): string[] => LINES.map((l, j) => (j === k ? l.split(',').map((v, c) => (c === column ? value : v)).join(',') : l));
  it.each([
    ['another ydernummer', changed(1, 0, '345678')],
    ['another patient', changed(1, 1, P.d!)],
    ['another day', changed(1, 2, '2025-03-04')],
    ['another code', changed(1, 3, '0202')],
    ['another antal', changed(1, 4, '2')],
    ['another amount', changed(0, 5, '146.80')],
    ['an amount where there was none', changed(1, 5, '0.00')],
    ['another time', changed(0, 6, '09:16')],
    ['a sikringsgruppe where there was none', changed(2, 7, '1')],
    ['a line less', LINES.slice(1)],
    ['a line twice', [...LINES, LINES[0]!]],
  ])('another label: %s', async (_what, lines) => {
    expect(await labelOf(file(lines))).not.toBe(await labelOf(file(LINES)));
  });

  it('looks like auto- and 12 hexadecimal digits', async () => {
    expect(await labelOf(file(LINES))).toMatch(/^auto-[0-9a-f]{12}$/);
  });
});

const JAN = `${FULL}
234567,${P.a},2025-01-06,0101,1,146.79,09:15,1
234567,${P.b},2025-01-07,0201,1,,,1
123456,${P.c},2025-01-31,0101,1,,,
`;
const FEB = `${FULL}
234567,${P.a},2025-02-03,0101,1,146.79,,1
234567,${P.a},2025-02-03,0120,2,,,1
345678,${P.d},2025-02-28,0201,1,,,
`;

describe('add, list, remove, prune', () => {
  it('add records the accepted lines under the label; list gives lines, dates, practices, when and with what', async () => {
    const ledger = join(folder(), 'l.db');
    const added = await add(ledger, `${JAN}234567,${P.a},2025-01-32,0101,1,,,\n`, '2025-01');
    expect(added).toEqual({ label: '2025-01', lines: 3, linesRead: 4, linesRejected: 1, blankLines: 0, replaced: null });
    const [invoice, ...rest] = await list(ledger);
    expect(rest).toEqual([]);
    expect(invoice).toMatchObject({ label: '2025-01', lines: 3, from: day('2025-01-06'), to: day('2025-01-31'), practices: ['123456', '234567'], rulesetHash: bundledRuleset().hash });
    expect(invoice!.added).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(invoice!.version).toBe(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version);
  });

  it('adding a label again replaces its lines; other invoices stay', async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    await add(ledger, FEB, '2025-02');
    const again = await add(ledger, `${FULL}\n234567,${P.e},2025-01-20,0101,1,,,\n`, '2025-01');
    expect(again.replaced).toBe(3);
    expect((await list(ledger)).map((i) => [i.label, i.lines, i.practices])).toEqual([
      ['2025-01', 1, ['234567']],
      ['2025-02', 3, ['234567', '345678']],
    ]);
  });

  it('without a label the content label is used, so the same invoice added twice is one invoice', async () => {
    const ledger = join(folder(), 'l.db');
    const first = await add(ledger, JAN);
    const [header, ...lines] = JAN.trimEnd().split('\n');
    const second = await add(ledger, `${header}\n${lines.reverse().join('\n')}\n`);
    expect(second.label).toBe(first.label);
    expect(second.replaced).toBe(3);
    expect((await list(ledger)).map((i) => [i.label, i.lines])).toEqual([[first.label, 3]]);
  });

  it('remove takes an invoice and its lines out; an unknown label removes nothing', async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    await add(ledger, FEB, '2025-02');
    const { ledger: open } = await openLedger(ledger);
    try {
      expect(await open.remove('2025-01')).toBe(3);
      expect(await open.remove('2025-01')).toBeNull();
      expect((await open.list()).map((i) => i.label)).toEqual(['2025-02']);
    } finally {
      await open.close();
    }
  });

  it.each([
    ['before every line: nothing goes', '2025-01-01', 0, [], [['2025-01', 3, '2025-01-06', ['123456', '234567']], ['2025-02', 3, '2025-02-03', ['234567', '345678']]]],
    ['within January: its first two lines go, and a practice with them', '2025-01-08', 2, [], [['2025-01', 1, '2025-01-31', ['123456']], ['2025-02', 3, '2025-02-03', ['234567', '345678']]]],
    ['after January: January is left empty and goes', '2025-02-01', 3, ['2025-01'], [['2025-02', 3, '2025-02-03', ['234567', '345678']]]],
    ['within February, on a day with two lines of one patient', '2025-02-04', 5, ['2025-01'], [['2025-02', 1, '2025-02-28', ['345678']]]],
    ['after everything: both go', '2025-03-01', 6, ['2025-01', '2025-02'], []],
  ])('prune %s', async (_what, before, lines, invoices, left) => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    await add(ledger, FEB, '2025-02');
    const { ledger: open } = await openLedger(ledger);
    try {
      expect(await open.prune(day(before))).toEqual({ lines, invoices });
      const iso = (d: number | null) => (d === null ? null : new Date(d * 86_400_000).toISOString().slice(0, 10));
      expect((await open.list()).map((i) => [i.label, i.lines, iso(i.from), i.practices])).toEqual(left);
    } finally {
      await open.close();
    }
  });
  it("prune keeps a patient's later lines whole when it takes the earlier ones of the same invoice", async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, `${FULL}\n234567,${P.a},2025-01-06,0101,1,146.79,09:15,1\n234567,${P.a},2025-01-20,0120,3,,,2\n234567,${P.a},2025-01-27,0201,2,12.50,14:00,\n`, '2025-01');
    const { ledger: open, key } = await openLedger(ledger, { key: true });
    try {
      expect(await open.prune(day('2025-01-15'))).toEqual({ lines: 1, invoices: [] });
      const l = await open.linesOf([key!.hash(Number(P.a))]);
      expect(Array.from({ length: l.length }, (_, i) => [l.day[i], l.code[i], l.antal[i], l.time[i], l.group[i], l.ore[i]])).toEqual([
        [day('2025-01-20'), 120, 3, -1, 2, Number.NaN],
        [day('2025-01-27'), 201, 2, 14 * 60, 0, 1250],
      ]);
    } finally {
      await open.close();
    }
  });
  it.each([
    ['remove', (open: Ledger) => open.remove('2025-01')],
    ['prune', (open: Ledger) => open.prune(day('2025-02-01'))],
  ])("%s leaves nothing of the patients' hashes it deletes in the file", async (_what, change) => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    await add(ledger, FEB, '2025-02');
    const { ledger: open, key } = await openLedger(ledger, { key: true });
    await change(open);
    await open.close();
    const bytes = readFileSync(ledger);
    // P.b and P.c had lines in January only; P.a has February's too.
    const inFile = (cpr: string) => bytes.includes(key!.hash(Number(cpr)));
    expect([P.a!, P.b!, P.c!].map(inFile)).toEqual([true, false, false]);
  });
});

describe("a patient's stored lines", () => {
  it('come back as they were read, from every invoice or all but one', async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    await add(ledger, FEB, '2025-02');
    const { ledger: open, key } = await openLedger(ledger, { key: true });
    try {
      const lines = await open.linesOf([key!.hash(Number(P.a)), key!.hash(Number(P.d)), key!.hash(Number(P.e))]);
      const rows = (l: typeof lines) =>
        Array.from({ length: l.length }, (_, i) => [l.patient[i], l.labels[l.invoice[i]!], l.practices[l.practice[i]!], l.day[i], l.code[i], l.antal[i], l.time[i], l.group[i], l.ore[i]]).sort();
      expect(rows(lines)).toEqual(
        [
          [0, '2025-01', '234567', day('2025-01-06'), 101, 1, 9 * 60 + 15, 1, 14679],
          [0, '2025-02', '234567', day('2025-02-03'), 101, 1, -1, 1, 14679],
          [0, '2025-02', '234567', day('2025-02-03'), 120, 2, -1, 1, Number.NaN],
          [1, '2025-02', '345678', day('2025-02-28'), 201, 1, -1, 0, Number.NaN],
        ].sort(),
      );
      expect(rows(await open.linesOf([key!.hash(Number(P.a))], { except: '2025-02' })).map((r) => r[1])).toEqual(['2025-01']);
    } finally {
      await open.close();
    }
  });
});

describe('keys', () => {
  it('a new ledger gets a key file of its own, readable by its owner only; a second run uses the same key', async () => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    await add(ledger, JAN, '2025-01');
    const keyFile = `${ledger}.key`;
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(keyFile, 'utf8');
    expect(text).toMatch(/^[0-9a-f]{64}\n$/);
    await add(ledger, FEB, '2025-02');
    expect(readFileSync(keyFile, 'utf8')).toBe(text);
  });

  it('readOrMakeKey never replaces a key file that is there', () => {
    const keyFile = join(folder(), 'k.key');
    const first = readOrMakeKey(keyFile);
    const text = readFileSync(keyFile, 'utf8');
    const second = readOrMakeKey(keyFile);
    expect(readFileSync(keyFile, 'utf8')).toBe(text);
    expect(second.fingerprint()).toBe(first.fingerprint());
  });

  it.each([
    ['the key file is missing', (ledger: string) => rmSync(`${ledger}.key`), undefined, /its key file .*l\.db\.key is missing/],
    ['another ledger\'s key is given', (_l: string, dir: string) => void readOrMakeKey(join(dir, 'other.key')), 'other.key', /other\.key: is not the key of the ledger/],
    ['the key file is not a key', (_l: string, dir: string) => writeFileSync(join(dir, 'bad.key'), 'ydernummer,cpr\n'), 'bad.key', /bad\.key: is not a gpclaims ledger key/],
  ])('adding when %s is a ledger error', async (_what, arrange, keyName, message) => {
    const dir = folder();
    const ledger = join(dir, 'l.db');
    await add(ledger, JAN, '2025-01');
    arrange(ledger, dir);
    const error = await addToHistory(ledger, [source(FEB)], { ruleset: bundledRuleset(), label: '2025-02', keyFile: keyName && join(dir, keyName), today: '2026-01-15' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as Error).message).toMatch(message);
    expect((await list(ledger)).map((i) => i.label)).toEqual(['2025-01']);
  });
});

describe('schema versions', () => {
  const V2: Migration = { version: 2, up: (db) => db.exec('ALTER TABLE invoice ADD COLUMN note TEXT') };

  it('a ledger of schema 1 is brought up to date by the migrations after it, and keeps its invoices', async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    const { ledger: open } = await openLedger(ledger, { migrations: [...MIGRATIONS, V2] });
    try {
      expect((await open.list()).map((i) => [i.label, i.lines])).toEqual([['2025-01', 3]]);
    } finally {
      await open.close();
    }
    const db = new DatabaseSync(ledger);
    try {
      expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
      expect(db.prepare('SELECT note FROM invoice').all()).toEqual([{ note: null }]);
    } finally {
      db.close();
    }
  });

  it('a ledger of a newer schema is refused, and left as it is', async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    await (await openLedger(ledger, { migrations: [...MIGRATIONS, V2] })).ledger.close();
    const error = await openLedger(ledger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as Error).message).toBe(`${ledger}: was written by a newer gpclaims (ledger schema 2; this gpclaims reads schema 1 and older); update gpclaims`);
    const { ledger: open } = await openLedger(ledger, { migrations: [...MIGRATIONS, V2] });
    expect((await open.list()).map((i) => i.label)).toEqual(['2025-01']);
    await open.close();
  });

  it('migrations are numbered 1, 2, 3 in order', async () => {
    await expect(openLedger(join(folder(), 'l.db'), { create: true, migrations: [V2] })).rejects.toThrow('migration 1 has version 2');
  });
});

describe('another run holding the ledger', () => {
  it('a change waits as long as it is told, then is a ledger error in one line; reading is not held up', async () => {
    const ledger = join(folder(), 'l.db');
    await add(ledger, JAN, '2025-01');
    const other = new DatabaseSync(ledger);
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const error = await add(ledger, FEB, '2025-02', 300).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as Error).message).toBe(`${ledger}: is in use by another gpclaims run (waited 0.3 s); try again when it is done`);
      expect((await list(ledger)).map((i) => i.label)).toEqual(['2025-01']);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await add(ledger, FEB, '2025-02')).lines).toBe(3);
  });
});
