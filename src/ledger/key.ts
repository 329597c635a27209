// The ledger's secret key, kept in a file apart from the ledger, and the keyed hash that stands for a patient there.
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { ioReason } from '../input/errors.js';
import { LedgerError } from './errors.js';
import { CprHmac } from './hmac.js';

/** Bytes of a key: as many as SHA-256 gives, the size HMAC-SHA-256 is meant for. */
export const KEY_BYTES = 32;
/** Bytes of a patient's hash. */
export const HASH_BYTES = 32;

/** The key file a ledger uses: the one given, else `<ledger>.key` beside it. */
export function keyFileOf(ledger: string, given?: string): string {
  return given ?? `${ledger}.key`;
}

/**
 * A ledger's key. A patient is stored as HMAC-SHA-256 of the ten CPR digits under it: without the
 * key nobody can tell which CPR number a stored hash stands for, not even by trying every one.
 */
export class PatientKey {
  private readonly hmac: CprHmac;

  constructor(private readonly key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new RangeError(`a ledger key has ${KEY_BYTES} bytes, not ${key.length}`);
    this.hmac = new CprHmac(key);
  }

  /** Writes the hash of a CPR number (its ten digits read as one number) into out[at .. at + HASH_BYTES - 1]. */
  hashInto(cprKey: number, out: Uint8Array, at: number): void {
    this.hmac.digest(cprKey, out, at);
  }

  /** The hash of a CPR number (its ten digits read as one number). */
  hash(cprKey: number): Uint8Array {
    const out = new Uint8Array(HASH_BYTES);
    this.hmac.digest(cprKey, out, 0);
    return out;
  }

  /** What the ledger keeps to know its own key again: an HMAC of a fixed text, which tells nothing of the key. */
  fingerprint(): string {
    return createHmac('sha256', this.key).update('gpclaims-ledger key check').digest('hex');
  }
}

const KEY_TEXT = /^[0-9a-f]{64}$/;

/** Reads a key file (64 hexadecimal digits); undefined when there is no such file. */
export function readKey(path: string): PatientKey | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LedgerError(path, `the key file cannot be read (${ioReason(e)})`);
  }
  const hex = text.trim().toLowerCase();
  if (!KEY_TEXT.test(hex)) throw new LedgerError(path, 'is not a gpclaims ledger key (a key file holds 64 hexadecimal digits)');
  return new PatientKey(Buffer.from(hex, 'hex'));
}

/**
 * The key in the file, made first when there is none: 32 random bytes, written with mode 0600
 * into a new file (O_EXCL) that is then linked into place. The link fails when the key file
 * exists, so two runs that start a ledger at once use one key, and nobody ever reads a key file
 * that is only half written.
 */
export function readOrMakeKey(path: string): PatientKey {
  const existing = readKey(path);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  const text = `${key.toString('hex')}\n`;
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeNew(temp, text);
    try {
      linkSync(temp, path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return readKey(path) ?? readOrMakeKey(path);
      // A file system without hard links: create the key file itself, still only if it is not there.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      try {
        writeNew(path, text);
      } catch (e2) {
        if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return readKey(path) ?? readOrMakeKey(path);
        throw e2;
      }
    }
  } catch (e) {
    if (e instanceof LedgerError) throw e;
    throw new LedgerError(path, `the key file cannot be made (${ioReason(e)})`);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Not made, or already gone.
    }
  }
  return new PatientKey(key);
}

/** Writes text into a file that must not exist yet, readable and writable by its owner only, and flushes it to disk. */
function writeNew(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
