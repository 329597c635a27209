// An invoice's lines as the ledger stores them: one packed row per patient, in an order given by content alone.
import { createHash } from 'node:crypto';
import type { ClaimStore } from '../store/store.js';
import { HASH_BYTES, type PatientKey } from './key.js';

/**
 * An invoice's accepted lines as columns: patients by their keyed hash, practices by ydernummer
 * and amounts by value, each interned, as the claim store keeps them.
 */
export interface LedgerLines {
  length: number;
  /** Per line: the patient's index into `hashes`. */
  patient: ArrayLike<number>;
  /** Per patient, one after another: the keyed hash of the CPR number (HASH_BYTES each). */
  hashes: Uint8Array;
  /** Per line: the practice's index into `practices`. */
  practice: ArrayLike<number>;
  /** The ydernumre, each once, in any order. */
  practices: readonly string[];
  /** Per line: service date as a day number (days since 1970-01-01). */
  day: ArrayLike<number>;
  code: ArrayLike<number>;
  antal: ArrayLike<number>;
  /** Per line: minutes after midnight, or -1 when the input gave none. */
  time: ArrayLike<number>;
  /** Per line: sikringsgruppe 1 or 2, or 0 when the input gave none. */
  group: ArrayLike<number>;
  /** Per line: the amount's index into `amounts`. */
  amount: ArrayLike<number>;
  /** Amounts in øre, NaN for "no amount". */
  amounts: ArrayLike<number>;
}

/** The claim store's lines with each patient's CPR number replaced by its keyed hash. */
export function ledgerLines(store: ClaimStore, key: PatientKey): LedgerLines {
  const hashes = new Uint8Array(store.patientCount * HASH_BYTES);
  for (let p = 0; p < store.patientCount; p++) key.hashInto(store.cprKey(p), hashes, p * HASH_BYTES);
  // The store keeps amounts as two-decimal text ("-12.50"); without the dot that is whole øre.
  const amounts = Float64Array.from(store.amounts, (a, k) => (k === 0 ? Number.NaN : Number(a.replace('.', ''))));
  const n = store.length;
  return {
    length: n,
    patient: store.patient.subarray(0, n),
    hashes,
    practice: store.practice.subarray(0, n),
    practices: store.practices,
    day: store.day.subarray(0, n),
    code: store.code.subarray(0, n),
    antal: store.antal.subarray(0, n),
    time: store.time.subarray(0, n),
    group: store.group.subarray(0, n),
    amount: store.amount.subarray(0, n),
    amounts,
  };
}

/**
 * Bytes per line in a packed row. A row holds one patient's lines of one invoice as columns, each
 * little-endian and in this order (the widest first, so each column stays aligned):
 * amount in øre (float64, NaN: none), day (int32), practice (uint32: its position in the invoice's
 * sorted ydernumre), antal (uint32), code (uint16), time (int16, minutes; -1: none), sikringsgruppe
 * (uint8; 0: none). This is the ledger's schema 1: a change to it is a new schema version.
 */
export const LINE_BYTES = 8 + 4 + 4 + 4 + 2 + 2 + 1;

/** One patient's lines of an invoice, packed. */
export interface PackedRow {
  patient: Uint8Array;
  lines: number;
  firstDay: number;
  lastDay: number;
  /** The lines (LINE_BYTES each, as above); valid only until the next row. */
  data: Uint8Array;
}

/** Reads line k of a packed row. */
export class RowReader {
  private view: DataView = new DataView(new ArrayBuffer(0));
  private n = 0;

  /** Points the reader at a row of this many lines. */
  at(data: Uint8Array, lines: number): this {
    if (data.byteLength !== lines * LINE_BYTES) throw new RangeError(`a packed row of ${lines} lines has ${lines * LINE_BYTES} bytes, not ${data.byteLength}`);
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.n = lines;
    return this;
  }

  ore(k: number): number {
    return this.view.getFloat64(8 * k, true);
  }
  day(k: number): number {
    return this.view.getInt32(8 * this.n + 4 * k, true);
  }
  practice(k: number): number {
    return this.view.getUint32(12 * this.n + 4 * k, true);
  }
  antal(k: number): number {
    return this.view.getUint32(16 * this.n + 4 * k, true);
  }
  code(k: number): number {
    return this.view.getUint16(20 * this.n + 2 * k, true);
  }
  time(k: number): number {
    return this.view.getInt16(22 * this.n + 2 * k, true);
  }
  group(k: number): number {
    return this.view.getUint8(24 * this.n + k);
  }
}

/** Writes packed rows into one buffer, reused from row to row. */
export class RowWriter {
  private bytes = new Uint8Array(64 * LINE_BYTES);
  private view = new DataView(this.bytes.buffer);
  /** A view of the first n lines' bytes per n, made once: a new view per row would be a million small objects. */
  private views: Uint8Array[] = [];
  private n = 0;

  /** Starts a row of n lines. */
  start(n: number): void {
    if (n * LINE_BYTES > this.bytes.length) {
      this.bytes = new Uint8Array(n * LINE_BYTES * 2);
      this.view = new DataView(this.bytes.buffer);
      this.views = [];
    }
    this.n = n;
  }

  set(k: number, ore: number, day: number, practice: number, antal: number, code: number, time: number, group: number): void {
    const v = this.view;
    const n = this.n;
    v.setFloat64(8 * k, ore, true);
    v.setInt32(8 * n + 4 * k, day, true);
    v.setUint32(12 * n + 4 * k, practice, true);
    v.setUint32(16 * n + 4 * k, antal, true);
    v.setUint16(20 * n + 2 * k, code, true);
    v.setInt16(22 * n + 2 * k, time, true);
    v.setUint8(24 * n + k, group);
  }

  /** The row written since start(), valid until the next start(). */
  data(): Uint8Array {
    return (this.views[this.n] ??= this.bytes.subarray(0, this.n * LINE_BYTES));
  }
}

/**
 * An invoice ready to be stored: its practices sorted, its lines grouped by patient (patients in
 * the order of their hashes, which keeps the ledger's index writes in order) and each patient's
 * lines ordered by their content. The rows, and so the auto label, depend on what the lines say,
 * not on the order of the input nor on its file and line numbers.
 */
export class PackedInvoice {
  /** The ydernumre, sorted: a packed line's practice is its position here. */
  readonly practices: string[];
  /** Lines per practice position. */
  readonly practiceLines: Uint32Array;
  readonly length: number;
  /** First and last service date (day numbers), null when there are no lines. */
  readonly firstDay: number | null;
  readonly lastDay: number | null;
  /** Position in `practices` per practice index of the lines. */
  private readonly position: Uint32Array;
  /** Line indices, patient after patient; patient byHash[k]'s lines are order[runs[k] .. runs[k + 1] - 1]. */
  private readonly order: Uint32Array;
  private readonly runs: Uint32Array;
  private readonly byHash: Uint32Array;

  constructor(readonly lines: LedgerLines) {
    const n = lines.length;
    this.length = n;
    const sorted = lines.practices.map((text, id) => ({ text, id })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    this.practices = sorted.map((p) => p.text);
    const position = (this.position = new Uint32Array(lines.practices.length));
    sorted.forEach((p, k) => (position[p.id] = k));
    const practiceLines = (this.practiceLines = new Uint32Array(this.practices.length));

    // Patients in the order of their hashes: the first four bytes decide nearly always.
    const { hashes } = lines;
    const patients = hashes.length / HASH_BYTES;
    const lead = new Uint32Array(patients);
    const byHash = (this.byHash = new Uint32Array(patients));
    for (let p = 0; p < patients; p++) {
      const at = p * HASH_BYTES;
      lead[p] = ((hashes[at]! << 24) | (hashes[at + 1]! << 16) | (hashes[at + 2]! << 8) | hashes[at + 3]!) >>> 0;
      byHash[p] = p;
    }
    byHash.sort((a, b) => lead[a]! - lead[b]! || compareHashes(hashes, a, b));

    // Lines grouped by patient (a counting sort), the patients' runs laid out in hash order.
    const { patient, practice, day } = lines;
    const count = new Uint32Array(patients);
    let firstDay = Infinity;
    let lastDay = -Infinity;
    for (let i = 0; i < n; i++) {
      count[patient[i]!]!++;
      practiceLines[position[practice[i]!]!]!++;
      const d = day[i]!;
      if (d < firstDay) firstDay = d;
      if (d > lastDay) lastDay = d;
    }
    this.firstDay = n ? firstDay : null;
    this.lastDay = n ? lastDay : null;
    const at = new Uint32Array(patients);
    const runs = (this.runs = new Uint32Array(patients + 1));
    for (let k = 0; k < patients; k++) {
      const p = byHash[k]!;
      at[p] = runs[k]!;
      runs[k + 1] = runs[k]! + count[p]!;
    }
    const order = (this.order = new Uint32Array(n));
    for (let i = 0; i < n; i++) order[at[patient[i]!]!++] = i;
    this.sortRuns(n ? firstDay : 0, n ? lastDay : 0);
  }

  /**
   * Orders each patient's lines by day, practice, code, antal, time, sikringsgruppe and amount.
   * Day, practice and code are packed in one number (below 2^46, so exact), so that most
   * comparisons are one subtraction; an insertion sort then suits a patient's few lines.
   */
  private sortRuns(firstDay: number, lastDay: number): void {
    const { order, runs, position, lines } = this;
    const { day, practice, code, antal, time, group, amount, amounts } = lines;
    const packs = lastDay - firstDay < 0x10000 && this.practices.length <= 0x10000;
    const key = (i: number): number => (packs ? ((day[i]! - firstDay) * 0x10000 + position[practice[i]!]!) * 0x4000 + code[i]! : 0);
    const rest = (a: number, b: number): number =>
      (packs ? 0 : day[a]! - day[b]! || position[practice[a]!]! - position[practice[b]!]! || code[a]! - code[b]!) ||
      antal[a]! - antal[b]! ||
      time[a]! - time[b]! ||
      group[a]! - group[b]! ||
      compareOre(amounts[amount[a]!]!, amounts[amount[b]!]!);
    let longest = 0;
    for (let k = 0; k + 1 < runs.length; k++) longest = Math.max(longest, runs[k + 1]! - runs[k]!);
    const keys = new Float64Array(longest);
    for (let k = 0; k + 1 < runs.length; k++) {
      const from = runs[k]!;
      const n = runs[k + 1]! - from;
      if (n < 2) continue;
      let sorted = true;
      for (let j = 0; j < n; j++) {
        keys[j] = key(order[from + j]!);
        if (j > 0 && sorted && (keys[j - 1]! > keys[j]! || (keys[j - 1] === keys[j] && rest(order[from + j - 1]!, order[from + j]!) > 0))) sorted = false;
      }
      if (sorted) continue;
      for (let j = 1; j < n; j++) {
        const kv = keys[j]!;
        const line = order[from + j]!;
        let m = j - 1;
        while (m >= 0 && (keys[m]! > kv || (keys[m] === kv && rest(order[from + m]!, line) > 0))) {
          keys[m + 1] = keys[m]!;
          order[from + m + 1] = order[from + m]!;
          m--;
        }
        keys[m + 1] = kv;
        order[from + m + 1] = line;
      }
    }
  }

  /**
   * Calls visit with each patient's row, in the order of their hashes. The row object and its
   * data are reused: they are valid only during the call.
   */
  forEachRow(visit: (row: PackedRow) => void): void {
    const { order, runs, byHash, position } = this;
    const { day, practice, code, antal, time, group, amount, amounts, hashes } = this.lines;
    const writer = new RowWriter();
    const row: PackedRow = { patient: new Uint8Array(0), lines: 0, firstDay: 0, lastDay: 0, data: new Uint8Array(0) };
    for (let k = 0; k + 1 < runs.length; k++) {
      const from = runs[k]!;
      const n = runs[k + 1]! - from;
      if (!n) continue;
      writer.start(n);
      for (let j = 0; j < n; j++) {
        const i = order[from + j]!;
        writer.set(j, amounts[amount[i]!]!, day[i]!, position[practice[i]!]!, antal[i]!, code[i]!, time[i]!, group[i]!);
      }
      const at = byHash[k]! * HASH_BYTES;
      row.patient = hashes.subarray(at, at + HASH_BYTES);
      row.lines = n;
      // Sorted by day first: the row's first and last lines hold its first and last day.
      row.firstDay = day[order[from]!]!;
      row.lastDay = day[order[from + n - 1]!]!;
      row.data = writer.data();
      visit(row);
    }
  }

  /**
   * A label for the invoice made from its content: `auto-` and the first 12 hexadecimal digits of
   * a SHA-256 over the practices and the packed rows. The same lines give the same label in any
   * order; with another ledger key the patients' hashes, and so the label, differ.
   */
  label(): string {
    const sha = createHash('sha256');
    sha.update(`gpclaims-ledger-lines 1\n${this.practices.join('\n')}\n`);
    // Rows are gathered into one buffer and hashed a buffer at a time, not a row at a time.
    let chunk = new Uint8Array(1 << 18);
    let view = new DataView(chunk.buffer);
    let used = 0;
    this.forEachRow((row) => {
      const size = 36 + row.data.length;
      if (used + size > chunk.length) {
        sha.update(chunk.subarray(0, used));
        used = 0;
        if (size > chunk.length) {
          chunk = new Uint8Array(size);
          view = new DataView(chunk.buffer);
        }
      }
      chunk.set(row.patient, used);
      view.setUint32(used + 32, row.lines, true);
      chunk.set(row.data, used + 36);
      used += size;
    });
    sha.update(chunk.subarray(0, used));
    return `auto-${sha.digest('hex').slice(0, 12)}`;
  }
}

/** Amounts in order, "no amount" (NaN) first. */
function compareOre(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a - b;
}

/** Patients a and b by their hashes, byte by byte. */
function compareHashes(hashes: Uint8Array, a: number, b: number): number {
  for (let j = 0; j < HASH_BYTES; j++) {
    const d = hashes[a * HASH_BYTES + j]! - hashes[b * HASH_BYTES + j]!;
    if (d) return d;
  }
  return 0;
}
