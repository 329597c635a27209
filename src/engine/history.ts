// Recording an invoice in the history ledger: its sources read as a check reads them, the accepted lines stored under a label, no rule run.
import { existsSync } from 'node:fs';
import type { Source } from '../input/records.js';
import { labelProblem } from '../ledger/ledger.js';
import { ledgerLines, PackedInvoice } from '../ledger/lines.js';
import { isoNow, openLedger } from '../ledger/sqlite.js';
import { toolInfo } from '../package-info.js';
import { type CheckOptions, readClaims } from './check.js';

export interface AddToHistoryOptions extends Omit<CheckOptions, 'regionalAverages' | 'asOf' | 'tariffs' | 'practices' | 'history'> {
  /** The invoice's label (default: one made from its content, `auto-` and 12 hexadecimal digits). */
  label?: string;
  /** The ledger's key file (default: `<ledger>.key`, made with the ledger). */
  keyFile?: string;
  /** How long to wait for another run to finish with the ledger, in milliseconds (default 10,000). */
  waitMs?: number;
}

/** What recording an invoice did. */
export interface AddedToHistory {
  label: string;
  /** Lines stored: every line of the input that a check would check. */
  lines: number;
  /** Lines read and lines rejected (not stored; `gpclaims check` lists why), blank lines apart. */
  linesRead: number;
  linesRejected: number;
  blankLines: number;
  /** Lines the invoice had before under the same label, which these replace; null when the label is new. */
  replaced: number | null;
}

/**
 * Reads the sources exactly as a check does and stores their accepted lines in the ledger (made,
 * with its key, when it does not exist) under the label, in place of any lines stored under it
 * before. One transaction: a run that is stopped stores all of the invoice or none of it.
 */
export async function addToHistory(ledgerPath: string, sources: readonly Source[], options: AddToHistoryOptions): Promise<AddedToHistory> {
  const problem = options.label === undefined ? undefined : labelProblem(options.label);
  if (problem) throw new RangeError(`the label ${problem}`);
  // A ledger that exists is opened first, so that a file that is not one is said before a large
  // input is read; a new one is made only once the input has been read, so that an input that
  // cannot be read leaves no empty ledger and key behind.
  const open = (): ReturnType<typeof openLedger> => openLedger(ledgerPath, { create: true, key: true, keyFile: options.keyFile, waitMs: options.waitMs });
  const early = existsSync(ledgerPath) ? await open() : null;
  let read: Awaited<ReturnType<typeof readClaims>>;
  try {
    read = await readClaims(sources, options);
  } catch (e) {
    await early?.ledger.close();
    throw e;
  }
  const { ledger, key } = early ?? (await open());
  try {
    const packed = new PackedInvoice(ledgerLines(read.store, key!));
    const label = options.label ?? packed.label();
    const { replaced } = await ledger.add({ label, rulesetHash: options.ruleset.hash, version: toolInfo().version, added: isoNow() }, packed);
    const { linesRead, linesRejected, blankLines } = read.counts;
    return { label, lines: packed.length, linesRead, linesRejected, blankLines, replaced };
  } finally {
    await ledger.close();
  }
}
