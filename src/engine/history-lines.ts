// A check with history: the input's patients' earlier lines, loaded from the ledger by keyed hash and added to the claim store as lines of later file numbers.
import { HASH_BYTES, type PatientKey } from '../ledger/key.js';
import type { Ledger } from '../ledger/ledger.js';
import { isoDate } from '../model/date.js';
import type { ClaimStore } from '../store/store.js';

/** The history a check looks back into (CheckOptions.history). */
export interface HistoryOption {
  /** The ledger (part of the library's Ledger interface, so another backend can take its place). */
  ledger: Ledger;
  /** The ledger's key: the input's patients are found there by the keyed hash of their CPR number. */
  key: Pick<PatientKey, 'hashInto'>;
  /** The label of an invoice to leave out: the invoice being checked, when it is recorded already. */
  exclude?: string;
}

/** What history a check used, as the summary states it. */
export interface HistoryUsed {
  /** The ledger's name (its file). */
  ledger: string;
  /** The invoices whose lines were used, by their first line's date (then label). */
  invoices: string[];
  /** The first and last service date of the lines used (YYYY-MM-DD), null when none were. */
  from: string | null;
  to: string | null;
  /** How many lines of the input's patients were used: those the rules can read. */
  lines: number;
}

/** What loading the history gives the check. */
export interface LoadedHistory {
  used: HistoryUsed;
  /** The names of the files from `firstFile` on: the invoices' labels, in file order. */
  labels: string[];
  /** The first service date of any line in the ledger (but the invoice left out), or null for an empty ledger. */
  firstDay: number | null;
}

/** Which of the history's lines the rules can use: those from the input's first day on, and earlier ones of a code from its day in `since`. */
export interface HistoryNeeds {
  /** The input's first service day. */
  from: number;
  /** Per code, the first day its earlier lines are read from (Infinity: not at all); see historySince. */
  since: Float64Array;
}

/**
 * Loads the ledger's lines of the store's patients (only theirs: each is looked up by its hash)
 * that the rules can use, and appends them to the store: same patient, practice by ydernummer, and
 * their day, code, antal, time, group and amount. Each invoice's lines get a file number of their
 * own from `firstFile` on, numbered 1, 2, ... as the ledger gives them (a patient's lines in an
 * order of their content, so the timeline order does not depend on the input's order).
 */
export async function loadHistory(store: ClaimStore, firstFile: number, history: HistoryOption, needs: HistoryNeeds): Promise<LoadedHistory> {
  const { ledger, key, exclude } = history;
  const patients = store.patientCount;
  const hashes = new Uint8Array(patients * HASH_BYTES);
  const each: Uint8Array[] = [];
  for (let p = 0; p < patients; p++) {
    key.hashInto(store.cprKey(p), hashes, p * HASH_BYTES);
    each.push(hashes.subarray(p * HASH_BYTES, (p + 1) * HASH_BYTES));
  }
  const got = await ledger.linesOf(each, exclude === undefined ? {} : { except: exclude });
  let firstDay: number | null = null;
  for (const i of await ledger.list()) if (i.label !== exclude && i.from !== null && (firstDay === null || i.from < firstDay)) firstDay = i.from;

  // The lines of use; the invoices used, by their first such line's date: their lines' file
  // numbers follow that order.
  const used = new Uint8Array(got.length);
  let n = 0;
  for (let i = 0; i < got.length; i++) {
    const d = got.day[i]!;
    if (d >= needs.from || d >= needs.since[got.code[i]!]!) {
      used[i] = 1;
      n++;
    }
  }
  const first = new Float64Array(got.labels.length).fill(Infinity);
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < got.length; i++) {
    if (!used[i]) continue;
    const d = got.day[i]!;
    const inv = got.invoice[i]!;
    if (d < first[inv]!) first[inv] = d;
    if (d < from) from = d;
    if (d > to) to = d;
  }
  const invoices = got.labels.map((label, k) => ({ label, k })).filter(({ k }) => first[k]! < Infinity);
  invoices.sort((a, b) => first[a.k]! - first[b.k]! || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const fileOf = new Uint32Array(got.labels.length);
  invoices.forEach(({ k }, rank) => (fileOf[k] = firstFile + rank));

  const practices = Uint32Array.from(got.practices, (ydernummer) => store.practiceId(ydernummer));
  const lineNo = new Uint32Array(got.labels.length);
  store.reserve(n);
  for (let i = 0; i < got.length; i++) {
    if (!used[i]) continue;
    const inv = got.invoice[i]!;
    const ore = got.ore[i]!;
    const amount = Number.isNaN(ore) ? 0 : store.amountIdByOre(ore);
    store.pushRaw(practices[got.practice[i]!]!, got.patient[i]!, got.day[i]!, got.code[i]!, got.antal[i]!, fileOf[inv]!, ++lineNo[inv]!, got.time[i]!, got.group[i]!, amount);
  }
  return {
    used: { ledger: ledger.name, invoices: invoices.map((u) => u.label), from: n ? isoDate(from) : null, to: n ? isoDate(to) : null, lines: n },
    labels: invoices.map((u) => u.label),
    firstDay,
  };
}
