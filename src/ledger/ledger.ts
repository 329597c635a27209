// The history ledger as a storage interface: invoices' lines under labels, patients known only by a keyed hash.
import { CPR_LIKE } from '../model/cpr.js';
import { escapeControls } from '../model/quote.js';
import type { PackedInvoice } from './lines.js';

/** What is recorded about an invoice besides its lines. */
export interface InvoiceInfo {
  label: string;
  /** The ruleset's hash when the invoice was added (sha256 over the catalogue and rule files). */
  rulesetHash: string;
  /** The gpclaims version that added it. */
  version: string;
  /** When it was added, ISO 8601 in UTC (2026-12-03T09:15:00Z). */
  added: string;
}

/** An invoice as `gpclaims history list` shows it. */
export interface InvoiceSummary {
  label: string;
  lines: number;
  /** First and last service date (day numbers), null when the invoice has no lines left. */
  from: number | null;
  to: number | null;
  /** The ydernumre that still have lines in it, sorted. */
  practices: string[];
  added: string;
  rulesetHash: string;
  version: string;
}

/** Earlier lines of some patients, as columns; `patient` is the index into the hashes asked for. */
export interface PatientLines {
  length: number;
  patient: Uint32Array;
  /** Per line: index into `practices`. */
  practice: Uint32Array;
  practices: string[];
  day: Int32Array;
  code: Uint16Array;
  antal: Uint32Array;
  time: Int16Array;
  group: Uint8Array;
  ore: Float64Array;
  /** Per line: index into `labels`, the invoice it came with. */
  invoice: Uint32Array;
  labels: string[];
}

/**
 * Where the history is kept. Every method is atomic: it has happened whole or not at all, also
 * when the process is killed. The methods are asynchronous so that a server database can take
 * the place of the local file.
 */
export interface Ledger {
  /** The name messages give it (the file's path). */
  readonly name: string;
  /** Stores the invoice's lines under its label, in place of any lines stored earlier under that label. */
  add(invoice: InvoiceInfo, lines: PackedInvoice): Promise<{ replaced: number | null }>;
  /** Every invoice, in the order they were first added. */
  list(): Promise<InvoiceSummary[]>;
  /** Removes the invoice and its lines; its line count, or null when no invoice has the label. */
  remove(label: string): Promise<number | null>;
  /** Deletes every line with a service date before the day, and the invoices left without lines. */
  prune(before: number): Promise<{ lines: number; invoices: string[] }>;
  /** The stored lines of the patients with these hashes, optionally leaving out one invoice's. */
  linesOf(patients: readonly Uint8Array[], options?: { except?: string }): Promise<PatientLines>;
  close(): Promise<void>;
}

/** The longest label. */
export const LABEL_MAX = 100;

/**
 * Why a label cannot be used, or undefined when it can: it is printed and stored, so it must be
 * one line of ordinary text, and it must not hold anything like a CPR number.
 */
export function labelProblem(label: string): string | undefined {
  if (label.trim() === '') return 'is empty';
  if (label !== label.trim()) return 'starts or ends with a space';
  if (label.length > LABEL_MAX) return `is longer than ${LABEL_MAX} characters`;
  if (escapeControls(label) !== label) return 'holds a control character';
  if (new RegExp(CPR_LIKE.source).test(label)) return 'holds what looks like a CPR number (ten digits, or six and four); the ledger keeps no CPR numbers';
  return undefined;
}
