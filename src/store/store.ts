// Columnar store of checked claim lines: typed arrays and interned ids, no object per line.
import { birthDay } from '../model/cpr.js';
import { free } from './memory.js';
import { NumberMap } from './number-map.js';

const INITIAL = 1 << 12;

function grow<T extends Uint32Array | Int32Array | Uint16Array | Int16Array | Uint8Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  free(a);
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

/** A column of small whole numbers: 8 bits until a value needs 16, 16 until one needs 32. */
export type Narrow = Uint8Array | Uint16Array | Uint32Array;

/** The column itself when it holds value, else a wider copy (and the old one is given back). */
function fit(a: Narrow, value: number): Narrow {
  const next = value > 0xffff ? (a instanceof Uint32Array ? a : new Uint32Array(a.length)) : value > 0xff && a instanceof Uint8Array ? new Uint16Array(a.length) : a;
  if (next !== a) {
    next.set(a);
    free(a);
  }
  return next;
}

/** The largest value a narrow column holds. */
function limit(a: Narrow): number {
  return a instanceof Uint8Array ? 0xff : a instanceof Uint16Array ? 0xffff : 0xffffffff;
}

/** A store's lines and tables as plain data (see ClaimStore.columns). */
export interface StoreColumns {
  length: number;
  practice: Narrow;
  patient: Uint32Array;
  day: Int32Array;
  code: Uint16Array;
  antal: Narrow;
  file: Narrow;
  line: Uint32Array;
  time: Int16Array;
  group: Uint8Array;
  amount: Narrow;
  practices: readonly string[];
  amounts: readonly string[];
  patientCount: number;
  cprs: Uint32Array;
  births: Int32Array;
}

/** A store's columns in shared memory and its tables, for another thread (see ClaimStore.shared). */
export type SharedStore = Omit<StoreColumns, 'cprs'> & {
  /** Which columns hold more than one value. */
  varying: number;
};

export class ClaimStore {
  length = 0;
  // Practice ids, antal, file numbers and amount ids are small: 8 bits each until one is not.
  practice: Narrow = new Uint8Array(INITIAL);
  patient: Uint32Array = new Uint32Array(INITIAL);
  day: Int32Array = new Int32Array(INITIAL);
  code: Uint16Array = new Uint16Array(INITIAL);
  antal: Narrow = new Uint8Array(INITIAL);
  file: Narrow = new Uint8Array(INITIAL);
  line: Uint32Array = new Uint32Array(INITIAL);
  time: Int16Array = new Int16Array(INITIAL);
  group: Uint8Array = new Uint8Array(INITIAL);
  /** Index into `amounts`; 0 when the line has no amount. */
  amount: Narrow = new Uint8Array(INITIAL);
  // The largest value each narrow column holds as it is.
  private practiceLimit = 0xff;
  private antalLimit = 0xff;
  private fileLimit = 0xff;
  private amountLimit = 0xff;

  /** Distinct amounts as decimal strings; index 0 is "no amount". */
  readonly amounts: string[] = [''];
  readonly practices: string[] = [];
  /** Patients seen. */
  patientCount = 0;
  /** The ten CPR digits read as a number, per patient id (the text is made only for a finding). */
  private cprs = new Uint32Array(1 << 12);
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

  /** A patient's ten CPR digits read as a number. */
  cprKey(patient: number): number {
    return this.cprs[patient]!;
  }

  /** A patient's CPR as its ten digits. */
  cpr(patient: number): string {
    return String(this.cprs[patient]).padStart(10, '0');
  }

  /** The id of a patient already seen, by the ten CPR digits read as a number. */
  findPatient(key: number): number | undefined {
    return this.patientIds.get(key);
  }

  /** Where each patient's entry is in the index (or -1), for keys[from .. to - 1], into out at the same indices; read an entry with the patientSlot* methods. */
  patientSlots(keys: Float64Array, from: number, to: number, out: Int32Array): void {
    this.patientIds.findMany(keys, from, to, out);
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

  private widenFor(practice: number, antal: number, file: number, amount: number): void {
    this.practice = fit(this.practice, practice);
    this.antal = fit(this.antal, antal);
    this.file = fit(this.file, file);
    this.amount = fit(this.amount, amount);
    this.practiceLimit = limit(this.practice);
    this.antalLimit = limit(this.antal);
    this.fileLimit = limit(this.file);
    this.amountLimit = limit(this.amount);
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
    if (practice > this.practiceLimit || antal > this.antalLimit || file > this.fileLimit || amount > this.amountLimit) this.widenFor(practice, antal, file, amount);
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

  /** The lines and their tables as plain data, for another thread to append (the arrays can be transferred). */
  columns(): StoreColumns {
    const { length, practice, patient, day, code, antal, file, line, time, group, amount, practices, amounts, patientCount, cprs, births } = this;
    return { length, practice, patient, day, code, antal, file, line, time, group, amount, practices, amounts, patientCount, cprs, births };
  }

  /**
   * Appends the lines another store read from a later part of the same input, as if this store
   * had read them itself: its practices, patients and amounts are looked up here, and those not
   * seen yet are added in the order the other store met them; its line numbers move by lineOffset.
   * The other store's arrays are given back (they read as empty afterwards).
   */
  append(other: StoreColumns, lineOffset: number): void {
    const n = other.length;
    if (!n) return;
    const practices = Uint32Array.from(other.practices, (p) => this.practiceId(p));
    const patients = new Uint32Array(other.patientCount);
    for (let p = 0; p < other.patientCount; p++) {
      const key = other.cprs[p]!;
      patients[p] = this.findPatient(key) ?? this.addPatient(key, other.births[p]!);
    }
    const amounts = Uint32Array.from(other.amounts, (a, k) => (k === 0 ? 0 : this.amountIdByOre(Number(a.replace('.', '')))));
    if (this.length + n > this.day.length) this.resize(this.length + n);
    let maxAntal = 0;
    let maxFile = 0;
    for (let i = 0; i < n; i++) {
      maxAntal = Math.max(maxAntal, other.antal[i]!);
      maxFile = Math.max(maxFile, other.file[i]!);
    }
    // A loop, not Math.max(...ids): a real export can have more distinct amounts than a call takes arguments.
    const largest = (ids: Uint32Array): number => ids.reduce((m, v) => Math.max(m, v), 0);
    const maxPractice = largest(practices);
    const maxAmount = largest(amounts);
    if (maxPractice > this.practiceLimit || maxAntal > this.antalLimit || maxFile > this.fileLimit || maxAmount > this.amountLimit) this.widenFor(maxPractice, maxAntal, maxFile, maxAmount);
    const at = this.length;
    // Each column of the other store is given back as soon as it is copied, so that both stores
    // are never whole in memory at once.
    const copy = <T extends Narrow | Int32Array | Uint16Array | Int16Array | Uint8Array>(to: T, from: T): void => {
      to.set(from.subarray(0, n) as never, at);
      free(from);
    };
    copy(this.day, other.day);
    copy(this.code, other.code);
    copy(this.antal, other.antal);
    copy(this.file, other.file);
    copy(this.time, other.time);
    copy(this.group, other.group);
    const map = (to: Narrow | Uint32Array, from: Narrow | Uint32Array, ids: Uint32Array): void => {
      for (let i = 0; i < n; i++) to[at + i] = ids[from[i]!]!;
      free(from);
    };
    map(this.practice, other.practice, practices);
    map(this.patient, other.patient, patients);
    map(this.amount, other.amount, amounts);
    for (let i = 0; i < n; i++) this.line[at + i] = other.line[i]! + lineOffset;
    free(other.line);
    free(other.cprs);
    free(other.births);
    this.length += n;
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
   * Puts the lines in timeline order: grouped by patient and, within a patient, ordered by day,
   * practice, code, antal, file and line. That order depends only on the lines' content, so
   * findings do not depend on the order of the input. Returns start[]: patient p's lines are then
   * start[p] .. start[p + 1] - 1.
   *
   * The columns are first gathered by patient (a stable counting sort), which is the one pass
   * that jumps across memory when the input is unsorted. Each patient's lines are then sorted
   * where they lie, a few neighbouring entries at a time, so the sort itself stays in cache.
   */
  patientOrder(): Uint32Array {
    const start = this.gatherByPatient(false);
    this.sortPatients(start, 0, this.patientCount);
    return start;
  }

  /**
   * The first step of patientOrder(): the lines grouped by patient, each patient's still in the
   * order read. Returns start[] as patientOrder() does. With `shared`, every column is then in
   * memory other threads can see (a SharedArrayBuffer), so that they can sort and check some of
   * the patients while this thread does the others (see shared() and fromShared()).
   */
  gatherByPatient(shared: boolean): Uint32Array {
    const n = this.length;
    const patients = this.patientCount;
    const start = new Uint32Array(patients + 1);
    for (let i = 0; i < n; i++) start[this.patient[i]! + 1]!++;
    for (let p = 0; p < patients; p++) start[p + 1]! += start[p]!;
    const fill = start.slice(0, patients);
    // Where each line goes. Lines are then moved there column by column: reading each column
    // front to back and writing where the lines go is faster than the other way round.
    const to = new Uint32Array(n);
    for (let i = 0; i < n; i++) to[i] = fill[this.patient[i]!]!++;
    free(fill);
    this.findVarying();
    if (shared) {
      this.moveToShared(to);
      free(this.patient);
      this.patient = new Uint32Array(new SharedArrayBuffer(n * 4));
    } else this.moveTo(to);
    free(to);
    for (let p = 0; p < patients; p++) this.patient.fill(p, start[p]!, start[p + 1]!);
    return start;
  }

  /**
   * The second step of patientOrder(): sorts the lines of patients from .. to - 1 where they lie,
   * by day, practice, code, antal, file and line. Ranges of patients can be sorted by different
   * threads at once (after gatherByPatient(true)): each touches only its own patients' lines.
   */
  sortPatients(start: Uint32Array, from: number, to: number): void {
    // Practices by the order of their ydernummer text, so the sort compares numbers.
    const rank = new Int32Array(this.practices.length);
    this.practices.map((text, id) => ({ text, id })).sort((a, b) => compareStrings(a.text, b.text)).forEach((p, r) => (rank[p.id] = r));
    const { day, practice, code, antal, file, line } = this;
    const tail = (a: number, b: number): number => antal[a]! - antal[b]! || file[a]! - file[b]! || line[a]! - line[b]!;
    const cmp = (a: number, b: number): number => day[a]! - day[b]! || rank[practice[a]!]! - rank[practice[b]!]! || code[a]! - code[b]! || tail(a, b);
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = start[from]!; i < start[to]!; i++) {
      const d = day[i]!;
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
    // Day, practice rank and code packed in one number (below 2^46, so exact): most comparisons
    // are then one subtraction, and antal, file and line decide only between equal keys.
    const packed = maxDay - minDay < 0x10000 && this.practices.length <= 0x10000;
    let longest = 0;
    for (let p = from; p < to; p++) longest = Math.max(longest, start[p + 1]! - start[p]!);
    const room = makeRoom(longest);
    const keys = new Float64Array(longest);
    const work = new Uint32Array(longest);
    for (let p = from; p < to; p++) {
      const from = start[p]!;
      const to = start[p + 1]!;
      const n = to - from;
      if (n < 2) continue;
      if (!packed || n > 64) {
        let sorted = true;
        for (let i = from + 1; i < to && sorted; i++) sorted = cmp(i - 1, i) <= 0;
        if (sorted) continue;
        const local = work.subarray(0, n);
        for (let k = 0; k < n; k++) local[k] = from + k;
        local.sort(cmp);
        this.rearrange(from, local, n, room);
        continue;
      }
      let sorted = true;
      for (let k = 0; k < n; k++) {
        const i = from + k;
        keys[k] = ((day[i]! - minDay) * 0x10000 + rank[practice[i]!]!) * 0x4000 + code[i]!;
        if (k > 0 && sorted && (keys[k - 1]! > keys[k]! || (keys[k - 1] === keys[k] && tail(i - 1, i) > 0))) sorted = false;
      }
      if (sorted) continue;
      // Insertion sort of (key, line) pairs: a patient has few lines.
      work[0] = from;
      for (let k = 1; k < n; k++) {
        const kv = keys[k]!;
        const wv = from + k;
        let j = k - 1;
        while (j >= 0 && (keys[j]! > kv || (keys[j] === kv && tail(work[j]!, wv) > 0))) {
          keys[j + 1] = keys[j]!;
          work[j + 1] = work[j]!;
          j--;
        }
        keys[j + 1] = kv;
        work[j + 1] = wv;
      }
      this.rearrange(from, work, n, room);
    }
  }

  /** Rearranges lines from .. from + n - 1 of every column but patient by order[0 .. n - 1]. */
  private rearrange(from: number, order: Uint32Array, n: number, room: Room): void {
    // A column with one value throughout (no tid, no beloeb, one file) has nothing to move.
    const moves = this.varying;
    if (moves & PRACTICE) placeNarrow(this.practice, order, n, from, room);
    placeI32(this.day, order, n, from, room.i32);
    place16(this.code, order, n, from, room.u16);
    if (moves & ANTAL) placeNarrow(this.antal, order, n, from, room);
    if (moves & FILE) placeNarrow(this.file, order, n, from, room);
    place32(this.line, order, n, from, room.u32);
    if (moves & TIME) placeI16(this.time, order, n, from, room.i16);
    if (moves & GROUP) place8(this.group, order, n, from, room.u8);
    if (moves & AMOUNT) placeNarrow(this.amount, order, n, from, room);
  }

  /** Which of the columns that are often all one value are not; set when the lines are ordered. */
  private varying = PRACTICE | ANTAL | FILE | TIME | GROUP | AMOUNT;

  private findVarying(): void {
    const n = this.length;
    this.varying =
      (varies(this.practice, n) ? PRACTICE : 0) |
      (varies(this.antal, n) ? ANTAL : 0) |
      (varies(this.file, n) ? FILE : 0) |
      (varies(this.time, n) ? TIME : 0) |
      (varies(this.group, n) ? GROUP : 0) |
      (varies(this.amount, n) ? AMOUNT : 0);
  }

  /** Lets go of what only reading needs (the patient index), before the rules run. */
  doneReading(): void {
    this.patientIds.release();
    this.patientIds = new NumberMap(16);
  }

  /**
   * Gives back the columns a report does not read (time, birth days) once the rules have run:
   * findings are made from practice, patient, day, code, file and line, and priced by antal,
   * group and amount.
   */
  releaseForReport(): void {
    // antal, group and amount stay: the report prices the lines at stake, and the audit sums what
    // each practice billed (a byte or two a line).
    for (const a of [this.time, this.births]) free(a);
    // Shared columns cannot be given back at once: letting go of them leaves them to the collector.
    if (this.time.buffer instanceof SharedArrayBuffer) this.time = new Int16Array(0);
  }

  /** Gives back the memory of every column; the store is empty and unusable afterwards. */
  release(): void {
    for (const a of [this.practice, this.patient, this.day, this.code, this.antal, this.file, this.line, this.time, this.group, this.amount, this.cprs, this.births]) free(a);
    this.patientIds.release();
    this.length = 0;
  }

  /**
   * Moves line i of every column but patient to to[i]. One scratch buffer serves every column in
   * turn, so this needs one column's room, not a copy of all.
   */
  private moveTo(to: Uint32Array): void {
    const n = this.length;
    const room = makeRoom(n);
    const moves = this.varying;
    if (moves & PRACTICE) scatterNarrow(this.practice, to, n, room);
    scatterI32(this.day, to, n, room.i32);
    scatter16(this.code, to, n, room.u16);
    if (moves & ANTAL) scatterNarrow(this.antal, to, n, room);
    if (moves & FILE) scatterNarrow(this.file, to, n, room);
    scatter32(this.line, to, n, room.u32);
    if (moves & TIME) scatterI16(this.time, to, n, room.i16);
    if (moves & GROUP) scatter8(this.group, to, n, room.u8);
    if (moves & AMOUNT) scatterNarrow(this.amount, to, n, room);
    free(room.u32);
  }

  /**
   * As moveTo(), into new columns of shared memory (each old column is given back once moved):
   * the columns that do not vary are copied, since other threads must see them too.
   */
  private moveToShared(to: Uint32Array): void {
    const n = this.length;
    const moves = this.varying;
    const move = <T extends Narrow | Int32Array | Uint16Array | Int16Array | Uint8Array>(a: T, column: number): T => {
      const next = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(n * a.BYTES_PER_ELEMENT));
      if (column === ALWAYS || moves & column) scatterTo(a, to, n, next);
      else next.set(a.subarray(0, n) as never);
      free(a);
      return next;
    };
    this.practice = move(this.practice, PRACTICE);
    this.day = move(this.day, ALWAYS);
    this.code = move(this.code, ALWAYS);
    this.antal = move(this.antal, ANTAL);
    this.file = move(this.file, FILE);
    this.line = move(this.line, ALWAYS);
    this.time = move(this.time, TIME);
    this.group = move(this.group, GROUP);
    this.amount = move(this.amount, AMOUNT);
  }

  /** The columns and tables, in shared memory, for other threads to sort and check patients (after gatherByPatient(true)). */
  shared(): SharedStore {
    const { length, practice, patient, day, code, antal, file, line, time, group, amount, practices, amounts, patientCount, varying } = this;
    return { length, practice, patient, day, code, antal, file, line, time, group, amount, practices, amounts, patientCount, varying, births: this.births.slice(0, patientCount) };
  }

  /** A store over another thread's shared columns: both see, and may sort, the same lines. */
  static fromShared(s: SharedStore): ClaimStore {
    const store = new ClaimStore();
    for (const a of [store.practice, store.patient, store.day, store.code, store.antal, store.file, store.line, store.time, store.group, store.amount, store.cprs, store.births]) free(a);
    Object.assign(store, { length: s.length, practice: s.practice, patient: s.patient, day: s.day, code: s.code, antal: s.antal, file: s.file, line: s.line, time: s.time, group: s.group, amount: s.amount, patientCount: s.patientCount, births: s.births });
    store.practices.push(...s.practices);
    store.amounts.splice(0, store.amounts.length, ...s.amounts);
    store.varying = s.varying;
    return store;
  }
}

const PRACTICE = 1;
const ANTAL = 2;
const FILE = 4;
const TIME = 8;
const GROUP = 16;
const AMOUNT = 32;
/** Day, code and line: they always move. */
const ALWAYS = -1;

/** Whether the first n entries hold more than one value. */
function varies(a: Uint32Array | Uint16Array | Int16Array | Uint8Array, n: number): boolean {
  if (n < 2) return false;
  // All entries are equal exactly when the bytes equal themselves shifted by one entry (memcmp).
  const w = a.BYTES_PER_ELEMENT;
  const bytes = (n - 1) * w;
  return !Buffer.from(a.buffer, a.byteOffset, bytes).equals(Buffer.from(a.buffer, a.byteOffset + w, bytes));
}

/** Scratch room for one column of n entries, seen as each column type. */
interface Room {
  u32: Uint32Array;
  i32: Int32Array;
  u16: Uint16Array;
  i16: Int16Array;
  u8: Uint8Array;
}

function makeRoom(n: number): Room {
  const buffer = new ArrayBuffer(n * 4);
  return { u32: new Uint32Array(buffer, 0, n), i32: new Int32Array(buffer, 0, n), u16: new Uint16Array(buffer, 0, n), i16: new Int16Array(buffer, 0, n), u8: new Uint8Array(buffer, 0, n) };
}

// One loop pair per array type, so each stays monomorphic (a shared generic one is much slower).
// Each sets a[from + k] = (what was) a[order[k]] for k < n, through the scratch s.
function scatterNarrow(a: Narrow, to: Uint32Array, n: number, room: Room): void {
  if (a instanceof Uint8Array) scatter8(a, to, n, room.u8);
  else if (a instanceof Uint16Array) scatter16(a, to, n, room.u16);
  else scatter32(a, to, n, room.u32);
}

function placeNarrow(a: Narrow, order: Uint32Array, n: number, from: number, room: Room): void {
  if (a instanceof Uint8Array) place8(a, order, n, from, room.u8);
  else if (a instanceof Uint16Array) place16(a, order, n, from, room.u16);
  else place32(a, order, n, from, room.u32);
}

/** Sets b[to[i]] = a[i] for i < n (b another array of a's type). */
function scatterTo<T extends Narrow | Int32Array | Uint16Array | Int16Array | Uint8Array>(a: T, to: Uint32Array, n: number, b: T): void {
  // One loop per array type, so each stays monomorphic.
  if (a instanceof Uint8Array) scatterInto8(a, to, n, b as Uint8Array);
  else if (a instanceof Uint16Array) scatterInto16(a, to, n, b as Uint16Array);
  else if (a instanceof Int16Array) scatterIntoI16(a, to, n, b as Int16Array);
  else if (a instanceof Int32Array) scatterIntoI32(a, to, n, b as Int32Array);
  else scatterInto32(a as Uint32Array, to, n, b as Uint32Array);
}
function scatterInto32(a: Uint32Array, to: Uint32Array, n: number, b: Uint32Array): void {
  for (let i = 0; i < n; i++) b[to[i]!] = a[i]!;
}
function scatterIntoI32(a: Int32Array, to: Uint32Array, n: number, b: Int32Array): void {
  for (let i = 0; i < n; i++) b[to[i]!] = a[i]!;
}
function scatterInto16(a: Uint16Array, to: Uint32Array, n: number, b: Uint16Array): void {
  for (let i = 0; i < n; i++) b[to[i]!] = a[i]!;
}
function scatterIntoI16(a: Int16Array, to: Uint32Array, n: number, b: Int16Array): void {
  for (let i = 0; i < n; i++) b[to[i]!] = a[i]!;
}
function scatterInto8(a: Uint8Array, to: Uint32Array, n: number, b: Uint8Array): void {
  for (let i = 0; i < n; i++) b[to[i]!] = a[i]!;
}

// Each sets a[to[i]] = (what was) a[i] for i < n, through the scratch s (of n entries).
function scatter32(a: Uint32Array, to: Uint32Array, n: number, s: Uint32Array): void {
  for (let i = 0; i < n; i++) s[to[i]!] = a[i]!;
  a.set(s);
}
function scatterI32(a: Int32Array, to: Uint32Array, n: number, s: Int32Array): void {
  for (let i = 0; i < n; i++) s[to[i]!] = a[i]!;
  a.set(s);
}
function scatter16(a: Uint16Array, to: Uint32Array, n: number, s: Uint16Array): void {
  for (let i = 0; i < n; i++) s[to[i]!] = a[i]!;
  a.set(s);
}
function scatterI16(a: Int16Array, to: Uint32Array, n: number, s: Int16Array): void {
  for (let i = 0; i < n; i++) s[to[i]!] = a[i]!;
  a.set(s);
}
function scatter8(a: Uint8Array, to: Uint32Array, n: number, s: Uint8Array): void {
  for (let i = 0; i < n; i++) s[to[i]!] = a[i]!;
  a.set(s);
}

function place32(a: Uint32Array, order: Uint32Array, n: number, from: number, s: Uint32Array): void {
  for (let k = 0; k < n; k++) s[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[from + k] = s[k]!;
}
function placeI32(a: Int32Array, order: Uint32Array, n: number, from: number, s: Int32Array): void {
  for (let k = 0; k < n; k++) s[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[from + k] = s[k]!;
}
function place16(a: Uint16Array, order: Uint32Array, n: number, from: number, s: Uint16Array): void {
  for (let k = 0; k < n; k++) s[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[from + k] = s[k]!;
}
function placeI16(a: Int16Array, order: Uint32Array, n: number, from: number, s: Int16Array): void {
  for (let k = 0; k < n; k++) s[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[from + k] = s[k]!;
}
function place8(a: Uint8Array, order: Uint32Array, n: number, from: number, s: Uint8Array): void {
  for (let k = 0; k < n; k++) s[k] = a[order[k]!]!;
  for (let k = 0; k < n; k++) a[from + k] = s[k]!;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
