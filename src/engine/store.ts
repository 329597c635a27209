// Columnar store of checked claim lines: typed arrays and interned ids, no object per line.
import { birthDay } from '../model/cpr.js';
import { NumberMap } from './number-map.js';

const INITIAL = 1 << 12;

function grow<T extends Uint32Array | Int32Array | Uint16Array | Int16Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

export const NO_TIME = -1;

/** Added to birth day numbers (from 1800 on) so they store as unsigned 32-bit values. */
const BIRTH_OFFSET = 100_000;

export interface ClaimInput {
  practice: string;
  cpr: string;
  day: number;
  code: number;
  antal: number;
  file: number;
  line: number;
  /** Minutes after midnight, or NO_TIME. */
  time: number;
  /** 1 or 2, 0 when not given. */
  group: number;
  /** Amount in kroner as a normalised decimal string (two decimals), or null. */
  amount: string | null;
}

/** A column of small whole numbers: 16 bits until a value needs 32. */
export type Narrow = Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer>;

function widen(a: Narrow): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(a.length);
  next.set(a);
  return next;
}

export class ClaimStore {
  length = 0;
  // Practice ids, antal and amount ids are nearly always below 65,536: 16 bits each until one is not.
  practice: Narrow = new Uint16Array(INITIAL);
  patient = new Uint32Array(INITIAL);
  day = new Int32Array(INITIAL);
  code = new Uint16Array(INITIAL);
  antal: Narrow = new Uint16Array(INITIAL);
  file = new Uint16Array(INITIAL);
  line = new Uint32Array(INITIAL);
  time = new Int16Array(INITIAL);
  group = new Uint8Array(INITIAL);
  /** Index into `amounts`; 0 when the line has no amount. */
  amount: Narrow = new Uint16Array(INITIAL);

  /** Distinct amounts as decimal strings; index 0 is "no amount". */
  readonly amounts: string[] = [''];
  readonly practices: string[] = [];
  /** Patients seen. */
  patientCount = 0;
  /** The ten CPR digits read as a number, per patient id (the text is made only for a finding). */
  private cprs = new Float64Array(1 << 12);
  /** Birth day number per patient id. */
  births = new Int32Array(1 << 12);
  // Numeric keys, so that a line's fields never need to become strings to be looked up.
  private readonly amountIds = new Map<number, number>();
  private readonly practiceIds = new NumberMap(1 << 10);
  private patientIds = new NumberMap();

  /**
   * A ydernummer (1-8 digits) by its key: its value times 10 plus its length, so "012" and "12"
   * differ. text(at) gives the ydernummer as text; it is called only for a practice not seen before.
   */
  practiceIdByKey(key: number, text: (at: number) => string, at = 0): number {
    let id = this.practiceIds.get(key);
    if (id === undefined) {
      id = this.practices.length;
      this.practices.push(text(at));
      this.practiceIds.set(key, id);
    }
    return id;
  }

  practiceId(ydernummer: string): number {
    return this.practiceIdByKey(Number(ydernummer) * 10 + ydernummer.length, () => ydernummer);
  }

  /** Adds a patient not seen before: the ten CPR digits read as a number, and the birth day. */
  addPatient(key: number, birth: number): number {
    const id = this.patientCount++;
    if (id === this.births.length) {
      this.births = grow(this.births, id * 2);
      this.cprs = grow(this.cprs, id * 2);
    }
    this.cprs[id] = key;
    this.births[id] = birth;
    // The birth day rides beside the id (offset to stay positive), so a line's check needs one lookup.
    this.patientIds.set(key, id, birth + BIRTH_OFFSET);
    return id;
  }

  /** A patient's CPR as its ten digits. */
  cpr(patient: number): string {
    return String(this.cprs[patient]).padStart(10, '0');
  }

  /** The id of a patient already seen, by the ten CPR digits read as a number. */
  findPatient(key: number): number | undefined {
    return this.patientIds.get(key);
  }

  /** Where a patient's entry is in the index, or -1 (read it with the patientSlot* methods). */
  patientSlot(key: number): number {
    return this.patientIds.find(key);
  }

  patientSlotKey(at: number): number {
    return this.patientIds.keyAt(at);
  }

  patientSlotId(at: number): number {
    return this.patientIds.idAt(at);
  }

  patientSlotBirth(at: number): number {
    return this.patientIds.extraAt(at) - BIRTH_OFFSET;
  }

  /** The CPR must already be normalised and have a valid birth date. */
  patientId(cpr: string): number {
    const key = Number(cpr);
    return this.patientIds.get(key) ?? this.addPatient(key, birthDay(cpr)!);
  }

  /** An amount by its value in øre (a whole number, so exact); its text has two decimals. */
  amountIdByOre(ore: number): number {
    let id = this.amountIds.get(ore);
    if (id === undefined) {
      id = this.amounts.length;
      const abs = Math.abs(ore);
      this.amounts.push(`${ore < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
      this.amountIds.set(ore, id);
    }
    return id;
  }

  private widenFor(practice: number, antal: number, amount: number): void {
    if (practice > 0xffff && this.practice instanceof Uint16Array) this.practice = widen(this.practice);
    if (antal > 0xffff && this.antal instanceof Uint16Array) this.antal = widen(this.antal);
    if (amount > 0xffff && this.amount instanceof Uint16Array) this.amount = widen(this.amount);
  }

  /** Makes room for this many more lines at once (growing by halves would copy and overshoot). */
  reserve(more: number): void {
    if (this.length + more > this.day.length) this.resize(this.length + more);
    // A patient has several lines; room for one patient in eight lines spares most rehashing.
    this.patientIds.reserve(this.patientCount + Math.ceil(more / 8));
  }

  /** Appends a line whose fields are already ids and numbers. */
  pushRaw(practice: number, patient: number, day: number, code: number, antal: number, file: number, line: number, time: number, group: number, amount: number): void {
    if (this.length === this.day.length) this.resize(Math.ceil(this.length * 1.25) + 1024);
    if ((practice | antal | amount) > 0xffff) this.widenFor(practice, antal, amount);
    const i = this.length++;
    this.practice[i] = practice;
    this.patient[i] = patient;
    this.day[i] = day;
    this.code[i] = code;
    this.antal[i] = antal;
    this.file[i] = file;
    this.line[i] = line;
    this.time[i] = time;
    this.group[i] = group;
    this.amount[i] = amount;
  }

  push(c: ClaimInput): void {
    // The amount has exactly two decimals (toFixed(2)): without the dot it is whole øre, read exactly.
    const amount = c.amount === null ? 0 : this.amountIdByOre(Number(c.amount.replace('.', '')));
    this.pushRaw(this.practiceId(c.practice), this.patientId(c.cpr), c.day, c.code, c.antal, c.file, c.line, c.time, c.group, amount);
  }

  private resize(size: number): void {
    this.practice = grow(this.practice, size);
    this.patient = grow(this.patient, size);
    this.day = grow(this.day, size);
    this.code = grow(this.code, size);
    this.antal = grow(this.antal, size);
    this.file = grow(this.file, size);
    this.line = grow(this.line, size);
    this.time = grow(this.time, size);
    this.group = grow(this.group, size);
    this.amount = grow(this.amount, size);
  }

  /**
   * Line indices grouped by patient (a counting sort, O(n)) and, within a patient, ordered by
   * day, practice, code, antal, file and line. That order depends only on the lines' content,
   * so findings do not depend on the order of the input.
   */
  patientOrder(): Uint32Array {
    const n = this.length;
    const patients = this.patientCount;
    const start = new Uint32Array(patients + 1);
    for (let i = 0; i < n; i++) start[this.patient[i]! + 1]!++;
    for (let p = 0; p < patients; p++) start[p + 1]! += start[p]!;
    const fill = start.slice(0, patients);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[this.patient[i]!]!++] = i;
    // Practices by the order of their ydernummer text, so the sort compares numbers.
    const rank = new Int32Array(this.practices.length);
    this.practices.map((text, id) => ({ text, id })).sort((a, b) => compareStrings(a.text, b.text)).forEach((p, r) => (rank[p.id] = r));
    const tail = (a: number, b: number): number =>
      this.code[a]! - this.code[b]! || this.antal[a]! - this.antal[b]! || this.file[a]! - this.file[b]! || this.line[a]! - this.line[b]!;
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = this.day[i]!;
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
    let cmp: (a: number, b: number) => number;
    if (maxDay - minDay < 0x10000 && this.practices.length <= 0x10000) {
      // Day and practice rank packed in one 32-bit key, written over the patient column (whose
      // values are known from start[] and restored below): the sort then reads one array.
      const key = this.patient;
      for (let i = 0; i < n; i++) key[i] = (((this.day[i]! - minDay) << 16) | rank[this.practice[i]!]!) >>> 0;
      cmp = (a, b) => key[a]! - key[b]! || tail(a, b);
    } else {
      cmp = (a, b) => this.day[a]! - this.day[b]! || rank[this.practice[a]!]! - rank[this.practice[b]!]! || tail(a, b);
    }
    for (let p = 0; p < patients; p++) {
      const from = start[p]!;
      const to = start[p + 1]!;
      if (to - from > 32) order.subarray(from, to).sort(cmp);
      else insertionSort(order, from, to, cmp);
    }
    // The columns are rearranged into that order, so the rules read memory front to back instead
    // of jumping across it (which is what makes unsorted input slow). Patient p's lines are then
    // start[p] .. start[p + 1] - 1, and the order array is no longer needed.
    this.permute(order);
    for (let p = 0; p < patients; p++) this.patient.fill(p, start[p]!, start[p + 1]!);
    return start;
  }

  /** Lets go of what only reading needs (the patient index), before the rules run. */
  doneReading(): void {
    this.patientIds = new NumberMap(16);
  }

  /** Rearranges every column so that line k becomes what line order[k] was. */
  private permute(order: Uint32Array): void {
    this.practice = gatherNarrow(this.practice, order, this.length);
    // The patient column is not gathered: after the sort it is rewritten from start[].
    this.day = gatherI32(this.day, order, this.length);
    this.code = gather16(this.code, order, this.length);
    this.antal = gatherNarrow(this.antal, order, this.length);
    this.file = gather16(this.file, order, this.length);
    this.line = gather32(this.line, order, this.length);
    this.time = gatherI16(this.time, order, this.length);
    this.group = gather8(this.group, order, this.length);
    this.amount = gatherNarrow(this.amount, order, this.length);
  }
}

// One gather per array type, so each loop stays monomorphic (a shared generic one is much slower).
function gather32(a: Uint32Array, order: Uint32Array, n: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = a[order[k]!]!;
  return out;
}
function gatherNarrow(a: Narrow, order: Uint32Array, n: number): Narrow {
  return a instanceof Uint16Array ? gather16(a, order, n) : gather32(a, order, n);
}
function gatherI32(a: Int32Array, order: Uint32Array, n: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = a[order[k]!]!;
  return out;
}
function gather16(a: Uint16Array, order: Uint32Array, n: number): Uint16Array<ArrayBuffer> {
  const out = new Uint16Array(n);
  for (let k = 0; k < n; k++) out[k] = a[order[k]!]!;
  return out;
}
function gatherI16(a: Int16Array, order: Uint32Array, n: number): Int16Array<ArrayBuffer> {
  const out = new Int16Array(n);
  for (let k = 0; k < n; k++) out[k] = a[order[k]!]!;
  return out;
}
function gather8(a: Uint8Array, order: Uint32Array, n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = a[order[k]!]!;
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function insertionSort(a: Uint32Array, from: number, to: number, cmp: (x: number, y: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= from && cmp(a[j]!, v) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}
