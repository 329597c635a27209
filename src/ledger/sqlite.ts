// The ledger in a local SQLite file (node:sqlite, built into Node): schema and migrations, locking, and the Ledger methods.
import { statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { ioReason } from '../input/errors.js';
import { LedgerError } from './errors.js';
import { keyFileOf, type PatientKey, readKey, readOrMakeKey } from './key.js';
import type { InvoiceInfo, InvoiceSummary, Ledger, PatientLines } from './ledger.js';
import { type PackedInvoice, RowReader, RowWriter } from './lines.js';

/** What the meta table says a gpclaims ledger is. */
export const APPLICATION = 'gpclaims-ledger';
/** How long a run waits for another to finish with the ledger, by default. */
export const DEFAULT_WAIT_MS = 10_000;

/** A step of the schema: what turns a ledger of version - 1 into one of version. */
export interface Migration {
  version: number;
  up(db: DatabaseSync): void;
}

/**
 * Schema 1. Patients are stored only as the keyed hash of their CPR number; the lines of one
 * patient in one invoice are one row, packed (lines.ts), and the rows are kept in the order of the
 * hash (WITHOUT ROWID), so a patient's lines from every invoice lie together. Days are day numbers
 * (days since 1970-01-01).
 */
const SCHEMA_1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE invoice (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE,
  added TEXT NOT NULL,
  ruleset_hash TEXT NOT NULL,
  gpclaims_version TEXT NOT NULL,
  lines INTEGER NOT NULL,
  first_day INTEGER,
  last_day INTEGER
);
CREATE TABLE invoice_practice (
  invoice INTEGER NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  ydernummer TEXT NOT NULL,
  lines INTEGER NOT NULL,
  PRIMARY KEY (invoice, position)
) WITHOUT ROWID;
CREATE TABLE patient_lines (
  patient BLOB NOT NULL,
  invoice INTEGER NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
  lines INTEGER NOT NULL,
  first_day INTEGER NOT NULL,
  last_day INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (patient, invoice)
) WITHOUT ROWID;
CREATE INDEX patient_lines_invoice ON patient_lines (invoice);
`;

/** The schema's steps, oldest first: version k is made by the k-th. A new schema adds a step here, never changes one. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, up: (db) => db.exec(SCHEMA_1) }];

/** Page size of a new ledger: larger pages mean fewer writes for an invoice of a million lines. */
const PAGE_SIZE = 16384;

export interface OpenOptions {
  /** Make the ledger, and its key file when there is none, if the file does not exist (history add). */
  create?: boolean;
  /** Read the key (to add lines or find patients); a missing key file is then an error. */
  key?: boolean;
  /** The key file (default: `<ledger>.key`). */
  keyFile?: string;
  /** How long to wait for another run to finish with the ledger, in milliseconds (default 10,000). */
  waitMs?: number;
  /** The schema's steps (tests give their own). */
  migrations?: readonly Migration[];
}

/** An open ledger, and its key when it was asked for. */
export interface OpenLedger {
  ledger: SqliteLedger;
  key: PatientKey | null;
}

/**
 * Opens the ledger file: checks that it is a gpclaims ledger of a schema this gpclaims reads
 * (bringing an older one up to date), and with `key` reads its key and checks that it is the
 * ledger's own. With `create`, a missing ledger is made (and its key, unless the key file exists).
 */
export async function openLedger(path: string, options: OpenOptions = {}): Promise<OpenLedger> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const migrations = options.migrations ?? MIGRATIONS;
  migrations.forEach((m, k) => {
    if (m.version !== k + 1) throw new RangeError(`migration ${k + 1} has version ${m.version}`);
  });
  const { DatabaseSync } = sqliteModule(path);
  if (!exists(path) && !options.create) throw new LedgerError(path, 'no such ledger (gpclaims history add makes one)');
  const fail = (e: unknown): unknown => ledgerError(e, path, waitMs);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (e) {
    throw fail(e);
  }
  try {
    const keyFile = keyFileOf(path, options.keyFile);
    let key: PatientKey | null = null;
    try {
      // The wait first: everything after it may meet another run's lock.
      db.exec(`PRAGMA busy_timeout = ${Math.round(waitMs)}`);
      db.exec('PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON; PRAGMA cache_size = -65536; PRAGMA journal_size_limit = 67108864');
      if (isFresh(db)) {
        if (!options.create) throw new LedgerError(path, 'is empty, not a gpclaims ledger (gpclaims history add makes one)');
        key = readOrMakeKey(keyFile);
        create(db, path, migrations, key);
      }
      const application = tableExists(db, 'meta') ? metaValue(db, 'application') : undefined;
      if (application !== APPLICATION) throw new LedgerError(path, 'is not a gpclaims ledger (an SQLite database of something else)');
      const latest = migrations.length;
      const version = userVersion(db);
      if (version > latest) throw new LedgerError(path, `was written by a newer gpclaims (ledger schema ${version}; this gpclaims reads schema ${latest} and older); update gpclaims`);
      if (version < latest) inTransaction(db, () => migrate(db, userVersion(db), migrations));
      if (options.key && !key) {
        key = readKey(keyFile) ?? null;
        if (!key) throw new LedgerError(path, `its key file ${keyFile} is missing; without it the patients in the ledger cannot be matched (give the key file with --history-key if it is elsewhere)`);
      }
      if (key && metaValue(db, 'key') !== key.fingerprint()) throw new LedgerError(keyFile, `is not the key of the ledger ${path}`);
    } catch (e) {
      throw fail(e);
    }
    return { ledger: new SqliteLedger(path, db, waitMs), key };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Whether the file is there (a folder is an error: SQLite would say something less clear). */
function exists(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) throw new LedgerError(path, 'is a folder, not a ledger file');
    return true;
  } catch (e) {
    if (e instanceof LedgerError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new LedgerError(path, `cannot be read (${ioReason(e)})`);
  }
}

/** No schema yet: a new file, or one whose making was cut off before it committed. */
function isFresh(db: DatabaseSync): boolean {
  return userVersion(db) === 0 && (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n === 0;
}

function userVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

function tableExists(db: DatabaseSync, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function metaValue(db: DatabaseSync, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Makes the schema in a new file, in one transaction: unless another run made it meanwhile. */
function create(db: DatabaseSync, path: string, migrations: readonly Migration[], key: PatientKey): void {
  // Both take effect only on a file with no schema yet, and WAL stays set in the file.
  db.exec(`PRAGMA page_size = ${PAGE_SIZE}`);
  const mode = (db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string }).journal_mode;
  if (mode !== 'wal') throw new LedgerError(path, 'cannot be kept in write-ahead mode on this file system; keep the ledger on a local disk');
  inTransaction(db, () => {
    if (!isFresh(db)) return;
    migrate(db, 0, migrations);
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('application', APPLICATION);
    meta.run('key', key.fingerprint());
    meta.run('created', isoNow());
  });
}

/** Runs the steps after `from`, and records the version reached. Inside a transaction. */
function migrate(db: DatabaseSync, from: number, migrations: readonly Migration[]): void {
  for (const m of migrations.slice(from)) m.up(db);
  db.exec(`PRAGMA user_version = ${migrations.length}`);
}

/**
 * Runs work as one write transaction. BEGIN IMMEDIATE takes the write lock first (waiting up to
 * the busy timeout for another run), so a transaction never finds the ledger taken halfway.
 */
function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    try {
      db.exec('ROLLBACK');
    } catch {
      // SQLite has rolled back already (as it does after some errors).
    }
    throw e;
  }
}

/** Now as ISO 8601 in UTC, to the second. */
export function isoNow(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An SQLite error as the one line a user gets; other errors as they are. */
function ledgerError(e: unknown, name: string, waitMs: number): unknown {
  const err = e as { code?: unknown; errcode?: unknown; errstr?: unknown };
  if (err.code !== 'ERR_SQLITE_ERROR' || typeof err.errcode !== 'number') return e;
  const what = typeof err.errstr === 'string' ? err.errstr : 'SQLite error';
  switch (err.errcode & 0xff) {
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return new LedgerError(name, `is in use by another gpclaims run (waited ${waitMs / 1000} s); try again when it is done`);
    case 26: // SQLITE_NOTADB
      return new LedgerError(name, 'is not a gpclaims ledger (not an SQLite database)');
    case 11: // SQLITE_CORRUPT
      return new LedgerError(name, 'is damaged (SQLite: database disk image is malformed); restore it from a backup');
    case 8: // SQLITE_READONLY
      return new LedgerError(name, 'cannot be written (it is read-only)');
    case 13: // SQLITE_FULL
      return new LedgerError(name, 'cannot be written: the disk is full');
    case 10: // SQLITE_IOERR
    case 14: // SQLITE_CANTOPEN
      return new LedgerError(name, `cannot be opened or written (${what})`);
    default:
      return e;
  }
}

let sqlite: typeof import('node:sqlite') | undefined;

/** node:sqlite, loaded when a ledger is first opened (a check never needs it). */
function sqliteModule(name: string): typeof import('node:sqlite') {
  if (sqlite) return sqlite;
  try {
    sqlite = withoutSqliteNote(() => process.getBuiltinModule('node:sqlite'));
  } catch {
    sqlite = undefined;
  }
  if (!sqlite) throw new LedgerError(name, `the history ledger needs Node.js 22.13 or later (node:sqlite); this is Node.js ${process.versions.node}`);
  return sqlite;
}

/**
 * Runs load with Node's note that SQLite is experimental held back. Node 22 prints it on stderr
 * when node:sqlite first loads; it is for developers of Node programs, not for gpclaims's users.
 * Every other warning goes through as before.
 */
export function withoutSqliteNote<T>(load: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = function (warning: string | Error, ...rest: unknown[]) {
    if (isSqliteNote(warning, rest[0])) return;
    return (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emit;
  }
}

/** Whether a warning is Node's note that SQLite is experimental (its type given as a string, in an options object, or as the Error's name). */
function isSqliteNote(warning: string | Error, typeOrOptions: unknown): boolean {
  const type = warning instanceof Error ? warning.name : typeof typeOrOptions === 'string' ? typeOrOptions : (typeOrOptions as { type?: unknown } | undefined)?.type;
  const text = warning instanceof Error ? warning.message : String(warning);
  return type === 'ExperimentalWarning' && /\bSQLite\b/i.test(text);
}

interface InvoiceRow {
  id: number;
  label: string;
  lines: number;
  first_day: number | null;
  last_day: number | null;
  added: string;
  ruleset_hash: string;
  gpclaims_version: string;
}

/** How many patients linesOf asks for in one statement (well below SQLite's limit of 32,766 parameters). */
const LOOKUP_BATCH = 500;

/** A patient's hash as a key for a Map. */
function hashText(hash: Uint8Array): string {
  return Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('latin1');
}

/** A ledger in an SQLite file. Each method is one transaction: a killed run leaves the ledger as before it. */
export class SqliteLedger implements Ledger {
  constructor(
    readonly name: string,
    private readonly db: DatabaseSync,
    private readonly waitMs: number,
  ) {}

  /** Work on the database, with its SQLite errors as one-line ledger errors. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (e) {
      throw ledgerError(e, this.name, this.waitMs);
    }
  }

  private write<T>(work: () => T): T {
    return this.guard(() => inTransaction(this.db, work));
  }

  /** Reads in one transaction, so that what is read is one state of the ledger. */
  private read<T>(work: () => T): T {
    return this.guard(() => {
      this.db.exec('BEGIN');
      try {
        return work();
      } finally {
        this.db.exec('COMMIT');
      }
    });
  }

  async add(invoice: InvoiceInfo, packed: PackedInvoice): Promise<{ replaced: number | null }> {
    const { db } = this;
    return this.write(() => {
      const old = db.prepare('SELECT id, lines FROM invoice WHERE label = ?').get(invoice.label) as { id: number; lines: number } | undefined;
      // Its practices and rows go with it (ON DELETE CASCADE).
      if (old) db.prepare('DELETE FROM invoice WHERE id = ?').run(old.id);
      const id = Number(
        db
          .prepare('INSERT INTO invoice (label, added, ruleset_hash, gpclaims_version, lines, first_day, last_day) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(invoice.label, invoice.added, invoice.rulesetHash, invoice.version, packed.length, packed.firstDay, packed.lastDay).lastInsertRowid,
      );
      const practice = db.prepare('INSERT INTO invoice_practice (invoice, position, ydernummer, lines) VALUES (?, ?, ?, ?)');
      packed.practices.forEach((ydernummer, k) => practice.run(id, k, ydernummer, packed.practiceLines[k]!));
      const row = db.prepare('INSERT INTO patient_lines (patient, invoice, lines, first_day, last_day, data) VALUES (?, ?, ?, ?, ?, ?)');
      packed.forEachRow((r) => row.run(r.patient, id, r.lines, r.firstDay, r.lastDay, r.data));
      return { replaced: old ? old.lines : null };
    });
  }

  async list(): Promise<InvoiceSummary[]> {
    const { db } = this;
    return this.read(() => {
      const invoices = db.prepare('SELECT * FROM invoice ORDER BY first_day IS NULL, first_day, label').all() as unknown as InvoiceRow[];
      const practices = new Map<number, string[]>();
      for (const p of db.prepare('SELECT invoice, ydernummer FROM invoice_practice WHERE lines > 0 ORDER BY invoice, ydernummer').all() as { invoice: number; ydernummer: string }[]) {
        const list = practices.get(p.invoice) ?? [];
        list.push(p.ydernummer);
        practices.set(p.invoice, list);
      }
      return invoices.map((i) => ({
        label: i.label,
        lines: i.lines,
        from: i.first_day,
        to: i.last_day,
        practices: practices.get(i.id) ?? [],
        added: i.added,
        rulesetHash: i.ruleset_hash,
        version: i.gpclaims_version,
      }));
    });
  }

  async remove(label: string): Promise<number | null> {
    const { db } = this;
    return this.write(() => {
      const old = db.prepare('SELECT id, lines FROM invoice WHERE label = ?').get(label) as { id: number; lines: number } | undefined;
      if (!old) return null;
      db.prepare('DELETE FROM invoice WHERE id = ?').run(old.id);
      return old.lines;
    });
  }

  async prune(before: number): Promise<{ lines: number; invoices: string[] }> {
    const { db } = this;
    return this.write(() => {
      // The rows with a line before the day, a page at a time in key order: each page is read
      // whole before any of it changes.
      const page = db.prepare('SELECT patient, invoice, lines, data FROM patient_lines WHERE first_day < ? AND (patient, invoice) > (?, ?) ORDER BY patient, invoice LIMIT 4096');
      const drop = db.prepare('DELETE FROM patient_lines WHERE patient = ? AND invoice = ?');
      const rewrite = db.prepare('UPDATE patient_lines SET lines = ?, first_day = ?, data = ? WHERE patient = ? AND invoice = ?');
      const reader = new RowReader();
      const writer = new RowWriter();
      /** Lines removed, by invoice and then by practice position. */
      const removed = new Map<number, Map<number, number>>();
      let total = 0;
      let after: [Uint8Array, number] = [new Uint8Array(0), -1];
      for (;;) {
        const rows = page.all(before, after[0], after[1]) as { patient: Uint8Array; invoice: number; lines: number; data: Uint8Array }[];
        if (!rows.length) break;
        for (const row of rows) {
          reader.at(row.data, row.lines);
          const byPractice = removed.get(row.invoice) ?? new Map<number, number>();
          removed.set(row.invoice, byPractice);
          let kept = 0;
          for (let k = 0; k < row.lines; k++) {
            if (reader.day(k) >= before) kept++;
            else byPractice.set(reader.practice(k), (byPractice.get(reader.practice(k)) ?? 0) + 1);
          }
          total += row.lines - kept;
          if (!kept) {
            drop.run(row.patient, row.invoice);
            continue;
          }
          // The lines are in day order: those kept are the last `kept`, still in order.
          const skip = row.lines - kept;
          writer.start(kept);
          for (let k = 0; k < kept; k++) {
            const j = skip + k;
            writer.set(k, reader.ore(j), reader.day(j), reader.practice(j), reader.antal(j), reader.code(j), reader.time(j), reader.group(j));
          }
          rewrite.run(kept, reader.day(skip), writer.data(), row.patient, row.invoice);
        }
        const last = rows[rows.length - 1]!;
        after = [last.patient, last.invoice];
      }
      const emptied: string[] = [];
      const practice = db.prepare('UPDATE invoice_practice SET lines = lines - ? WHERE invoice = ? AND position = ?');
      const invoice = db.prepare(
        'UPDATE invoice SET lines = lines - ?2, first_day = (SELECT min(first_day) FROM patient_lines WHERE invoice = ?1), last_day = (SELECT max(last_day) FROM patient_lines WHERE invoice = ?1) WHERE id = ?1 RETURNING label, lines',
      );
      for (const [id, byPractice] of removed) {
        let n = 0;
        for (const [position, count] of byPractice) {
          practice.run(count, id, position);
          n += count;
        }
        const left = invoice.get(id, n) as { label: string; lines: number };
        if (left.lines === 0) {
          db.prepare('DELETE FROM invoice WHERE id = ?').run(id);
          emptied.push(left.label);
        }
      }
      return { lines: total, invoices: emptied.sort() };
    });
  }

  async linesOf(patients: readonly Uint8Array[], options: { except?: string } = {}): Promise<PatientLines> {
    const { db } = this;
    return this.read(() => {
      const labels: string[] = [];
      const invoiceIndex = new Map<number, number>();
      let except = -1;
      for (const i of db.prepare('SELECT id, label FROM invoice ORDER BY id').all() as { id: number; label: string }[]) {
        if (i.label === options.except) except = i.id;
        invoiceIndex.set(i.id, labels.length);
        labels.push(i.label);
      }
      // Practice positions per invoice, mapped to one list of ydernumre for all invoices.
      const practices: string[] = [];
      const practiceIndex = new Map<string, number>();
      const positions = new Map<number, number[]>();
      for (const p of db.prepare('SELECT invoice, position, ydernummer FROM invoice_practice ORDER BY invoice, position').all() as { invoice: number; position: number; ydernummer: string }[]) {
        let k = practiceIndex.get(p.ydernummer);
        if (k === undefined) {
          k = practices.length;
          practices.push(p.ydernummer);
          practiceIndex.set(p.ydernummer, k);
        }
        const list = positions.get(p.invoice) ?? [];
        list[p.position] = k;
        positions.set(p.invoice, list);
      }
      // The patients are asked for LOOKUP_BATCH at a time (one statement call per patient costs
      // more than the lookups), and each row is matched to its patient by its hash.
      const byHash = new Map<string, number>();
      patients.forEach((hash, patient) => byHash.set(hashText(hash), patient));
      const lookup = (n: number) => db.prepare(`SELECT patient, invoice, lines, data FROM patient_lines WHERE patient IN (${'?, '.repeat(n - 1)}?) AND invoice != ?`);
      const full = patients.length >= LOOKUP_BATCH ? lookup(LOOKUP_BATCH) : undefined;
      const found: { patient: Uint8Array; invoice: number; lines: number; data: Uint8Array }[] = [];
      const foundPatient: number[] = [];
      let length = 0;
      for (let from = 0; from < patients.length; from += LOOKUP_BATCH) {
        const batch = patients.slice(from, from + LOOKUP_BATCH);
        const query = batch.length === LOOKUP_BATCH ? full! : lookup(batch.length);
        for (const row of query.all(...batch, except) as typeof found) {
          found.push(row);
          foundPatient.push(byHash.get(hashText(row.patient))!);
          length += row.lines;
        }
      }
      const out: PatientLines = {
        length,
        patient: new Uint32Array(length),
        practice: new Uint32Array(length),
        practices,
        day: new Int32Array(length),
        code: new Uint16Array(length),
        antal: new Uint32Array(length),
        time: new Int16Array(length),
        group: new Uint8Array(length),
        ore: new Float64Array(length),
        invoice: new Uint32Array(length),
        labels,
      };
      const reader = new RowReader();
      let i = 0;
      for (const [r, row] of found.entries()) {
        reader.at(row.data, row.lines);
        const at = positions.get(row.invoice) ?? [];
        const patient = foundPatient[r]!;
        const invoice = invoiceIndex.get(row.invoice)!;
        for (let k = 0; k < row.lines; k++, i++) {
          out.patient[i] = patient;
          out.practice[i] = at[reader.practice(k)]!;
          out.day[i] = reader.day(k);
          out.code[i] = reader.code(k);
          out.antal[i] = reader.antal(k);
          out.time[i] = reader.time(k);
          out.group[i] = reader.group(k);
          out.ore[i] = reader.ore(k);
          out.invoice[i] = invoice;
        }
      }
      return out;
    });
  }

  async close(): Promise<void> {
    this.guard(() => this.db.close());
  }
}
