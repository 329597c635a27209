// Columnar store of checked claim lines: typed arrays and interned ids, no object per line.
import { birthDay } from '../model/cpr.js';

const INITIAL = 1 << 12;

function grow<T extends Uint32Array | Int32Array | Uint16Array | Int16Array | Uint8Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

export const NO_TIME = -1;

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

export class ClaimStore {
  length = 0;
  practice = new Uint32Array(INITIAL);
  patient = new Uint32Array(INITIAL);
  day = new Int32Array(INITIAL);
  code = new Uint16Array(INITIAL);
  antal = new Uint32Array(INITIAL);
  file = new Uint16Array(INITIAL);
  line = new Uint32Array(INITIAL);
  time = new Int16Array(INITIAL);
  group = new Uint8Array(INITIAL);
  /** Index into `amounts`; 0 when the line has no amount. */
  amount = new Uint32Array(INITIAL);

  /** Distinct amounts as decimal strings; index 0 is "no amount". */
  readonly amounts: string[] = [''];
  readonly practices: string[] = [];
  readonly patients: string[] = [];
  /** Birth day number per patient id. */
  readonly births: number[] = [];
  private readonly amountIds = new Map<string, number>();
  private readonly practiceIds = new Map<string, number>();
  private readonly patientIds = new Map<string, number>();

  practiceId(ydernummer: string): number {
    return intern(ydernummer, this.practiceIds, this.practices);
  }

  /** The CPR must already be normalised and have a valid birth date. */
  patientId(cpr: string): number {
    const before = this.patients.length;
    const id = intern(cpr, this.patientIds, this.patients);
    if (id === before) this.births.push(birthDay(cpr)!);
    return id;
  }

  push(c: ClaimInput): number {
    if (this.length === this.day.length) this.resize(this.length * 2);
    const i = this.length++;
    this.practice[i] = this.practiceId(c.practice);
    this.patient[i] = this.patientId(c.cpr);
    this.day[i] = c.day;
    this.code[i] = c.code;
    this.antal[i] = c.antal;
    this.file[i] = c.file;
    this.line[i] = c.line;
    this.time[i] = c.time;
    this.group[i] = c.group;
    this.amount[i] = c.amount === null ? 0 : intern(c.amount, this.amountIds, this.amounts);
    return i;
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
  patientOrder(): { order: Uint32Array; start: Uint32Array } {
    const n = this.length;
    const patients = this.patients.length;
    const start = new Uint32Array(patients + 1);
    for (let i = 0; i < n; i++) start[this.patient[i]! + 1]!++;
    for (let p = 0; p < patients; p++) start[p + 1]! += start[p]!;
    const fill = start.slice(0, patients);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[fill[this.patient[i]!]!++] = i;
    const cmp = (a: number, b: number): number => this.compare(a, b);
    for (let p = 0; p < patients; p++) {
      const from = start[p]!;
      const to = start[p + 1]!;
      if (to - from > 32) order.subarray(from, to).sort(cmp);
      else insertionSort(order, from, to, cmp);
    }
    return { order, start };
  }

  compare(a: number, b: number): number {
    return (
      this.day[a]! - this.day[b]! ||
      compareStrings(this.practices[this.practice[a]!]!, this.practices[this.practice[b]!]!) ||
      this.code[a]! - this.code[b]! ||
      this.antal[a]! - this.antal[b]! ||
      this.file[a]! - this.file[b]! ||
      this.line[a]! - this.line[b]!
    );
  }
}

/** The id of value in values, adding it when new. */
function intern(value: string, ids: Map<string, number>, values: string[]): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = values.length;
    values.push(value);
    ids.set(value, id);
  }
  return id;
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
