// A deterministic, seeded synthetic regional export for the benchmark: one file sorted by practice
// then date, and the same lines shuffled, in a clean or a findings-heavy profile. No Math.random:
// every choice comes from the seeded PRNG.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { publicHolidays, weekday } from '../src/model/holidays.js';

/** Bump when the generated content changes, so files on disk from an older generator are rebuilt. */
export const GENERATOR_VERSION = 6;
export const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb';
/** The findings profile adds a time column at the end, so the clean header stays a prefix of it. */
export const HEADER_FINDINGS = `${HEADER},tid`;

/**
 * `clean`: the export of generator version 6, byte for byte: working days only, no time column,
 * and every violation at a low natural rate (about 0.65 % of the lines get a finding).
 * `findings`: the same population and code mix, plus out-of-hours contacts, duplicate lines, fees
 * on kroniker contacts and second grundydelser, so that about one line in eight gets a finding.
 */
export type Profile = 'clean' | 'findings';
export const PROFILES: readonly Profile[] = ['clean', 'findings'];

/**
 * Findings per line that gpclaims reports on each profile's export, near enough at 1 M lines and
 * more (the findings profile's rates below are set to reach it; bench/run.ts prints the share it
 * measured beside it).
 */
export const EXPECTED_FINDING_SHARE: Readonly<Record<Profile, number>> = { clean: 0.0065, findings: 0.125 };

export const DEFAULT_LINES = 10_000_000;
export const DEFAULT_YEAR = 2025;
/** Lines per practice and lines per patient used to scale the defaults to --lines. */
const LINES_PER_PRACTICE = 10_000;
const LINES_PER_PATIENT = 7.7;

export interface GenerateOptions {
  lines: number;
  seed: number;
  /** Default: lines / 10,000 (at least 2). */
  practices?: number;
  /** Default: lines / 7.7. */
  patients?: number;
  /** Calendar year of the service dates (default 2025). */
  year?: number;
  /** Where the files go (default bench/data/ in the project). */
  outDir?: string;
  /** Default clean. */
  profile?: Profile;
}

export interface GenerateStats {
  generator: number;
  profile: Profile;
  /** The header line of both files. */
  header: string;
  /** Findings per line gpclaims is expected to report on this export (EXPECTED_FINDING_SHARE). */
  expectedFindingShare: number;
  seed: number;
  year: number;
  /** Data lines in each file (the header not counted). */
  lines: number;
  /** Practices and patients that have at least one line. */
  practices: number;
  patients: number;
  /** Size of each file in bytes (both files hold the same bytes in another order). */
  bytes: number;
}

export interface GenerateResult extends GenerateStats {
  sorted: string;
  shuffled: string;
  /** Seconds spent generating (0 when the files were reused). */
  seconds: number;
  reused: boolean;
}

// ---------------------------------------------------------------------------------------------
// PRNG: xoshiro128** seeded through splitmix32.

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x27d4eb2d);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  u32(): number {
    const b = this.b;
    const x = Math.imul(b, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = (this.d << 11) | (this.d >>> 21);
    return r;
  }

  /** [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** 0 .. n-1. */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** lo .. hi inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > l) {
      k++;
      p *= this.float();
    }
    return k;
  }

  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }
}

// ---------------------------------------------------------------------------------------------
// Calendar.

const DAY_MS = 86_400_000;
const dayNumber = (y: number, m: number, d: number): number => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);

/**
 * The days lines are dated on, as day numbers in date order; timelines index into it. The clean
 * profile has the working days only (weekdays that are not Danish public holidays), so the
 * vagttid rules stay quiet. The findings profile has every day of the year, and `open` says which
 * are working days: contacts are put on those, except the ones deliberately moved to a weekend or
 * public holiday.
 */
interface Calendar {
  days: number[];
  /** 1 for a working day; null in the clean profile, where every day is one. */
  open: Uint8Array | null;
  /** The working days' indexes, and how many working days come before each index (findings only). */
  work: Uint16Array | null;
  workBefore: Uint16Array | null;
}

function calendar(year: number, profile: Profile): Calendar {
  const holidays = publicHolidays(year);
  const isWorking = (d: number): boolean => weekday(d) < 5 && !holidays.has(d);
  const days: number[] = [];
  for (let d = dayNumber(year, 1, 1); d < dayNumber(year + 1, 1, 1); d++) {
    if (profile === 'findings' || isWorking(d)) days.push(d);
  }
  if (profile === 'clean') return { days, open: null, work: null, workBefore: null };
  const open = new Uint8Array(days.length);
  const work: number[] = [];
  const workBefore = new Uint16Array(days.length + 1);
  days.forEach((d, k) => {
    if (isWorking(d)) {
      open[k] = 1;
      work.push(k);
    }
    workBefore[k + 1] = work.length;
  });
  return { days, open, work: Uint16Array.from(work), workBefore };
}

function writeDigits(out: Uint8Array, at: number, value: number, width: number): void {
  for (let k = width - 1; k >= 0; k--) {
    out[at + k] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
}

function isoBytes(day: number, out: Uint8Array, at: number): void {
  const d = new Date(day * DAY_MS);
  writeDigits(out, at, d.getUTCFullYear(), 4);
  out[at + 4] = 45;
  writeDigits(out, at + 5, d.getUTCMonth() + 1, 2);
  out[at + 7] = 45;
  writeDigits(out, at + 8, d.getUTCDate(), 2);
}

// ---------------------------------------------------------------------------------------------
// Codes. Every code is in the bundled catalogue and valid in 2022 and later.

const C = {
  konsultation: 101,
  eKons: 105,
  aarskontrol: 120,
  opsoegende: 121,
  video: 125,
  videokonference: 126,
  eKommune: 127,
  enrol: [130, 131, 132],
  afslut: 133,
  telefon: 201,
  aftaltTelefon: 204,
  sygebesoeg: 411,
  blod: 2101,
  cervix: 2102,
  fremmedlegeme: 2105,
  psykisk: 2150,
  palVisit: [4584, 4585, 4586, 4587, 4588, 4589],
  palModul: 4590,
  palPlan: 4591,
  spict: 4593,
  eortc: 4594,
  samtale: 6101,
} as const;

const ALL_CODES = [101, 105, 120, 121, 125, 126, 127, 130, 131, 132, 133, 201, 204, 411, 2101, 2102, 2105, 2150, 4584, 4585, 4586, 4587, 4588, 4589, 4590, 4591, 4593, 4594, 6101];
const CODE_BIT = new Int32Array(10_000).fill(-1);
ALL_CODES.forEach((code, k) => (CODE_BIT[code] = k));

// Patient flags, decided when the patients are made.
const THERAPY = 1;
const CHRONIC = 2;
const PALLIATIVE = 4;

/** Relative number of contact days per year by age band. */
function contactRate(age: number): number {
  if (age < 5) return 4;
  if (age < 18) return 2;
  if (age < 30) return 2.6;
  if (age < 50) return 3.2;
  if (age < 65) return 4.6;
  if (age < 80) return 7;
  return 9;
}

/** Cumulative age distribution 0..99, roughly the Danish population. */
function ageTable(): Float64Array {
  const w = new Float64Array(100);
  for (let a = 0; a < 100; a++) {
    w[a] = a < 18 ? 1.15 : a < 30 ? 1.3 : a < 50 ? 1.25 : a < 65 ? 1.3 : a < 80 ? 1.0 : a < 90 ? 0.45 : 0.12;
  }
  let sum = 0;
  for (let a = 0; a < 100; a++) sum += w[a]!;
  let acc = 0;
  for (let a = 0; a < 100; a++) w[a] = acc += w[a]! / sum;
  return w;
}

interface Practice {
  ydernummer: number;
  /** Multipliers of the base rates of 0204, 0125 and 0105. */
  m0204: number;
  m0125: number;
  m0105: number;
  heavy: boolean;
  /** The practice's patients are ids firstPatient .. firstPatient + patients - 1 (a pool; not all get lines). */
  firstPatient: number;
  patients: number;
  /** The practice's share of the export's lines. */
  budget: number;
}

/** The rare violations the export has not had yet; the first patients that can carry them are made to. */
interface Needs {
  palliationAddOn: boolean;
  over7: boolean;
  lone6101: boolean;
  kroniker: boolean;
}

interface Population extends Calendar {
  year: number;
  dateBytes: Uint8Array;
  practices: Practice[];
  ydBytes: Uint8Array;
  cpr: Uint8Array;
  age: Uint8Array;
  female: Uint8Array;
  flags: Uint8Array;
  visitorStart: Uint32Array;
  visitors: Uint32Array;
  /** The first patient of the reserve that practices draw on when their own pool runs out. */
  reserve: number;
}

/** Patients 0 .. pooled - 1 are split over the practices' pools; the rest are a shared reserve. */
function makePopulation(
  rng: Rng,
  year: number,
  profile: Profile,
  practiceCount: number,
  pooled: number,
  patientCount: number,
  lineCount: number,
): Population {
  const cal = calendar(year, profile);
  const { days } = cal;
  const dateBytes = new Uint8Array(days.length * 10);
  days.forEach((d, k) => isoBytes(d, dateBytes, k * 10));

  // Practices: distinct six-digit ydernumre in ascending order, sizes 0.7-1.5 of the mean.
  const numbers = new Set<number>();
  while (numbers.size < practiceCount) numbers.add(100_000 + rng.int(900_000));
  const sortedNumbers = [...numbers].sort((a, b) => a - b);
  const weights = sortedNumbers.map(() => rng.uniform(0.7, 1.5));
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  // About 3 % of the practices bill 0204 far above the rest and use little video.
  const heavyCount = Math.min(practiceCount - 1, Math.max(1, Math.round(practiceCount * 0.03)));
  const heavy = new Set<number>();
  while (heavy.size < heavyCount) heavy.add(rng.int(practiceCount));
  const practices: Practice[] = [];
  let first = 0;
  let acc = 0;
  let lineEnd = 0;
  for (let k = 0; k < practiceCount; k++) {
    acc += weights[k]!;
    const end = k === practiceCount - 1 ? pooled : Math.max(first + 1, Math.round((acc / totalWeight) * pooled));
    const lineStart = lineEnd;
    lineEnd = k === practiceCount - 1 ? lineCount : Math.round((acc / totalWeight) * lineCount);
    const h = heavy.has(k);
    practices.push({
      ydernummer: sortedNumbers[k]!,
      m0204: h ? rng.uniform(4, 5) : rng.uniform(0.7, 1.2),
      m0125: h ? rng.uniform(0.1, 0.2) : rng.uniform(0.8, 1.3),
      m0105: rng.uniform(0.85, 1.15),
      heavy: h,
      firstPatient: first,
      patients: end - first,
      budget: lineEnd - lineStart,
    });
    first = end;
  }
  const ydBytes = new Uint8Array(practiceCount * 6);
  practices.forEach((p, k) => writeDigits(ydBytes, k * 6, p.ydernummer, 6));

  // Patients: age, a unique valid CPR whose birth date is before the year, flags, home practice.
  const ages = ageTable();
  const firstBirth = dayNumber(year - 100, 1, 1);
  const birthDays = dayNumber(year, 1, 1) - firstBirth;
  const ddmmyy = new Uint8Array(birthDays * 6);
  for (let k = 0; k < birthDays; k++) {
    const d = new Date((firstBirth + k) * DAY_MS);
    writeDigits(ddmmyy, k * 6, d.getUTCDate(), 2);
    writeDigits(ddmmyy, k * 6 + 2, d.getUTCMonth() + 1, 2);
    writeDigits(ddmmyy, k * 6 + 4, d.getUTCFullYear() % 100, 2);
  }
  const serials = new Uint16Array(birthDays);
  const cpr = new Uint8Array(patientCount * 10);
  const age = new Uint8Array(patientCount);
  const female = new Uint8Array(patientCount);
  const flags = new Uint8Array(patientCount);
  for (let i = 0; i < patientCount; i++) {
    const u = rng.float();
    let a = 0;
    while (a < 99 && ages[a]! < u) a++;
    age[i] = a;
    // Born in year - 1 - a, so the patient is `a` on 1 January and born before every service date.
    const by = year - 1 - a;
    const from = dayNumber(by, 1, 1) - firstBirth;
    const len = dayNumber(by + 1, 1, 1) - dayNumber(by, 1, 1);
    let b = from + rng.int(len);
    // Century digit (7th): 0-3 for 1900-1999; 4-9 for 2000-2036 (src/model/cpr.ts).
    const digits = by < 2000 ? [0, 1, 2, 3] : by <= 2036 ? [4, 5, 6, 7, 8, 9] : [5, 6, 7, 8];
    const capacity = digits.length * 1000;
    // A full birth date (thousands of patients) moves on to the next day of the same year.
    for (let tries = 0; serials[b]! >= capacity; tries++) {
      if (tries >= len) throw new RangeError('too many patients for the CPR serial numbers of one birth year');
      b = b + 1 < from + len ? b + 1 : from;
    }
    const n = serials[b]!++;
    const d7 = digits[n % digits.length]!;
    const rest = (Math.floor(n / digits.length) * 337 + b) % 1000;
    cpr.set(ddmmyy.subarray(b * 6, b * 6 + 6), i * 10);
    cpr[i * 10 + 6] = 48 + d7;
    writeDigits(cpr, i * 10 + 7, rest, 3);
    female[i] = rest % 2 === 0 ? 1 : 0;
    let f = 0;
    if (a >= 18 && a <= 75 && rng.chance(0.03)) f |= THERAPY;
    if (a >= 40 && rng.chance(a >= 60 ? 0.18 : 0.1)) f |= CHRONIC;
    if (a >= 50 && rng.chance(a >= 70 ? 0.008 : 0.004)) f |= PALLIATIVE;
    flags[i] = f;
  }

  // About 2 % of the patients also see a second practice.
  const home = new Uint32Array(pooled);
  practices.forEach((p, k) => home.fill(k, p.firstPatient, p.firstPatient + p.patients));
  const second: number[] = [];
  for (let i = 0; i < pooled; i++) {
    if (!rng.chance(0.02)) continue;
    let other = rng.int(practiceCount - 1);
    if (other >= home[i]!) other++;
    second.push(other, i);
  }
  const visitorStart = new Uint32Array(practiceCount + 1);
  for (let k = 0; k < second.length; k += 2) visitorStart[second[k]! + 1]!++;
  for (let p = 0; p < practiceCount; p++) visitorStart[p + 1]! += visitorStart[p]!;
  const fill = visitorStart.slice(0, practiceCount);
  const visitors = new Uint32Array(second.length / 2);
  for (let k = 0; k < second.length; k += 2) visitors[fill[second[k]!]!++] = second[k + 1]!;

  return { ...cal, year, dateBytes, practices, ydBytes, cpr, age, female, flags, visitorStart, visitors, reserve: pooled };
}

// ---------------------------------------------------------------------------------------------
// Timelines. One practice's lines are collected in typed arrays, then written in date order.

class PracticeLines {
  length = 0;
  day = new Uint16Array(1 << 14);
  patient = new Uint32Array(1 << 14);
  code = new Uint16Array(1 << 14);
  antal = new Uint8Array(1 << 14);
  /** The beloeb written: NO_AMOUNT, ZERO_AMOUNT or PAID_AMOUNT. */
  amount = new Uint8Array(1 << 14);
  /** The tid in minutes after midnight, or -1 for none (written in the findings profile only). */
  time = new Int16Array(1 << 14);

  push(day: number, patient: number, code: number, antal: number, amount: number, time: number): void {
    if (this.length === this.day.length) {
      const grow = <T extends Uint16Array | Uint32Array | Uint8Array | Int16Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.day = grow(this.day);
      this.patient = grow(this.patient);
      this.code = grow(this.code);
      this.antal = grow(this.antal);
      this.amount = grow(this.amount);
      this.time = grow(this.time);
    }
    const i = this.length++;
    this.day[i] = day;
    this.patient[i] = patient;
    this.code[i] = code;
    this.antal[i] = antal;
    this.amount[i] = amount;
    this.time[i] = time;
  }
}

class Timeline {
  /** Day index -> stamp of the patient visit that uses it, and the codes on it as bits. */
  private readonly stamp: Int32Array;
  private readonly mask: Int32Array;
  private current = 0;
  private patientId = 0;
  lines!: PracticeLines;
  /** The tid of the visit being filled: what `clock` drew when the day was claimed (-1: none). */
  time = -1;
  /** Findings profile: draws a visit's time, and how many extra copies of a line to write. */
  clock: (() => number) | null = null;
  copies: (() => number) | null = null;

  /** `open`: the days a visit may be put on by free() (null: every day). */
  constructor(
    readonly W: number,
    private readonly open: Uint8Array | null = null,
  ) {
    this.stamp = new Int32Array(W);
    this.mask = new Int32Array(W);
  }

  begin(patient: number, lines: PracticeLines): void {
    this.current++;
    this.patientId = patient;
    this.lines = lines;
  }

  /** The first working day at or after d that this patient has not used, or -1. */
  free(d: number, last = this.W - 1): number {
    const open = this.open;
    for (let k = Math.max(0, d); k <= last; k++) if (this.stamp[k] !== this.current && (open === null || open[k])) return k;
    return -1;
  }

  /** The first weekend day or public holiday at or after d that this patient has not used, or -1 (findings only). */
  freeClosed(d: number, last: number): number {
    const open = this.open!;
    for (let k = Math.max(0, d); k <= last; k++) if (this.stamp[k] !== this.current && !open[k]) return k;
    return -1;
  }

  claim(d: number): void {
    this.stamp[d] = this.current;
    this.mask[d] = 0;
    this.time = this.clock ? this.clock() : -1;
  }

  has(d: number, code: number): boolean {
    return this.stamp[d] === this.current && (this.mask[d]! & (1 << CODE_BIT[code]!)) !== 0;
  }

  /**
   * Adds a line unless the day already has the code (so no accidental duplicate lines), or with
   * `again` in any case; in the findings profile, now and then the same line twice (deliberate
   * duplicates).
   */
  add(d: number, code: number, antal = 1, amount = NO_AMOUNT, again = false): boolean {
    if (!again && this.has(d, code)) return false;
    this.mask[d]! |= 1 << CODE_BIT[code]!;
    const copies = 1 + (this.copies ? this.copies() : 0);
    for (let k = 0; k < copies; k++) this.lines.push(d, this.patientId, code, antal, amount, this.time);
    return true;
  }
}

interface Context {
  rng: Rng;
  pop: Population;
  tl: Timeline;
  /** Multiplier of the contact rate, calibrated so the export reaches the requested lines. */
  scale: number;
  /** Covered contacts of enrolled patients so far; every 64th is billed with an amount (no PRNG draw). */
  covered: number;
  /** The findings profile's rates; null in the clean profile, whose draws must stay as they were. */
  f: FindingsRates | null;
  /** Whether the visit claimVisit() last claimed is out of hours. */
  outOfHours: boolean;
}

/**
 * What the findings profile adds to the clean export, as chances. Each family's share of the
 * findings is in bench/README.md; together they give about one finding per eight lines.
 */
interface FindingsRates {
  /** An ordinary contact is moved to a weekend day or public holiday within a week. */
  weekend: number;
  /** An ordinary contact on a working day is timed out of hours: evening, or now and then early. */
  evening: number;
  /** Of the timed out-of-hours contacts, the share before 08:00 instead of from 16:00. */
  early: number;
  /** A visit has no time (an empty tid): on a weekday vagttid is then judged by the date only. */
  noTime: number;
  /** A line is written twice; of those, the share written three times. */
  duplicate: number;
  triplicate: number;
  /** A covered contact of an enrolled patient is billed with its fee instead of 0 kr. (clean: 1 in 64). */
  kronikerPaid: number;
  /** A contact day gets a second grundydelse (clean: 0.006). */
  secondGrundydelse: number;
  /** A palliative visit is followed by a planning meeting by video (0126), and that meeting is out of hours. */
  video0126: number;
  video0126OutOfHours: number;
}

const FINDINGS: FindingsRates = {
  weekend: 0.03,
  evening: 0.08,
  early: 0.1,
  noTime: 0.01,
  duplicate: 0.02,
  triplicate: 0.05,
  kronikerPaid: 0.7,
  secondGrundydelse: 0.033,
  video0126: 0.35,
  video0126OutOfHours: 0.3,
};

/** Daytime per rules/dagtid-vagttid.json (dayStart 08:00, dayEnd 16:00), in minutes after midnight. */
const DAY_START = 8 * 60;
const DAY_END = 16 * 60;

/** A daytime visit's tid, 08:00-15:55 in steps of 5 minutes, or -1 (no time) now and then. One draw. */
function dayTime(rng: Rng, f: FindingsRates): number {
  const u = rng.float();
  if (u < f.noTime) return -1;
  return DAY_START + 5 * Math.floor(((u - f.noTime) / (1 - f.noTime)) * 96);
}

/** An out-of-hours tid on a working day: 16:00-20:55, or now and then 07:00-07:55. */
function outOfHoursTime(rng: Rng, f: FindingsRates): number {
  return rng.chance(f.early) ? DAY_START - 60 + 5 * rng.int(12) : DAY_END + 5 * rng.int(60);
}

function makeContext(rng: Rng, pop: Population, scale: number, f: FindingsRates | null): Context {
  const tl = new Timeline(pop.days.length, pop.open);
  const ctx: Context = { rng, pop, tl, scale, covered: 0, f, outOfHours: false };
  if (f) {
    // ctx.rng, not rng: the calibration pilot gives each sampled patient a PRNG of its own.
    tl.clock = () => dayTime(ctx.rng, f);
    tl.copies = () => (ctx.rng.chance(f.duplicate) ? (ctx.rng.chance(f.triplicate) ? 2 : 1) : 0);
  }
  return ctx;
}

/**
 * A start day below n. In the clean profile rng.int(n), as it always was; in the findings profile,
 * whose calendar has every day, a working day below n, uniformly (one draw either way).
 */
function pickDay(ctx: Context, n: number): number {
  const { work, workBefore } = ctx.pop;
  if (!work || !workBefore) return ctx.rng.int(n);
  return work[ctx.rng.int(Math.max(1, workBefore[Math.min(n, workBefore.length - 1)]!))]!;
}

/**
 * Findings profile: claims working day v for a visit, or instead a free weekend day or public
 * holiday within a week (chance `weekend`), or keeps v and times the visit out of hours (chance
 * `evening`). Sets ctx.outOfHours and returns the day claimed.
 */
function claimVisit(ctx: Context, v: number, last: number, weekend: number, evening: number): number {
  const { rng, tl } = ctx;
  const r = rng.float();
  let day = v;
  let outOfHours = false;
  if (r < weekend) {
    const w = tl.freeClosed(v, Math.min(last, v + 7));
    if (w >= 0) {
      day = w;
      outOfHours = true;
    }
  } else if (r < weekend + evening) outOfHours = true;
  tl.claim(day);
  if (outOfHours && ctx.pop.open![day]) tl.time = outOfHoursTime(rng, ctx.f!);
  ctx.outOfHours = outOfHours;
  return day;
}

function pickBase(rng: Rng, weights: readonly number[], codes: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let u = rng.float() * total;
  for (let k = 0; k < codes.length; k++) {
    u -= weights[k]!;
    if (u < 0) return codes[k]!;
  }
  return codes[codes.length - 1]!;
}

const BASE_CODES = [C.konsultation, C.telefon, C.eKons, C.aftaltTelefon, C.video, C.sygebesoeg, C.opsoegende, C.eKommune];
/** Contact codes the kronikerhonorar covers: registered at 0 kr. for an enrolled patient (rules/kronikerprogram.json). */
const KRONIKER_COVERED = new Set<number>([C.konsultation, C.eKons, C.aarskontrol, C.video, C.eKommune, C.telefon, C.aftaltTelefon]);

// The beloeb column: empty on most lines; only covered contacts of enrolled patients carry one.
const NO_AMOUNT = 0;
const ZERO_AMOUNT = 1;
const PAID_AMOUNT = 2;
const AMOUNT_TEXT = ['', '0.00', '130.10'].map((t) => Buffer.from(t, 'latin1'));
const SECOND_GRUNDYDELSE = [C.konsultation, C.telefon, C.eKons, C.aarskontrol];

/** A patient's lines at the home practice; clears the entries of `needs` that it produces. */
function homeTimeline(ctx: Context, practice: Practice, i: number, needs: Needs): void {
  const { rng, pop, tl, f } = ctx;
  const W = pop.days.length;
  const a = pop.age[i]!;
  let flags = pop.flags[i]!;
  // Force at most one missing example per patient, on the first patient that can carry it.
  let forcePal = false;
  let forceOver7 = false;
  let forceKron = false;
  if (needs.palliationAddOn && a >= 50) {
    flags |= PALLIATIVE;
    forcePal = true;
  } else if ((needs.over7 || needs.lone6101) && a >= 18 && a <= 75) {
    flags |= THERAPY;
    forceOver7 = true;
  } else if (needs.kroniker && a >= 40) {
    flags |= CHRONIC;
    forceKron = true;
  }
  const palliative = (flags & PALLIATIVE) !== 0;
  const chronic = (flags & CHRONIC) !== 0;
  const therapy = (flags & THERAPY) !== 0;
  let last = W - 1;

  // 1. Palliation: visits 4584-4589 every few days with modules 4590/4591, SPICT 4593 at the first
  // visit and EORTC 4594 at some; now and then an add-on lands on a day without a base service.
  if (palliative) {
    const start = pickDay(ctx, Math.max(1, W - 20));
    const end = Math.min(W - 1, start + 10 + rng.int(31));
    let d = start;
    let first = true;
    while (d <= end) {
      const v = tl.free(d, end);
      if (v < 0) break;
      tl.claim(v);
      tl.add(v, C.palVisit[rng.int(6)]!);
      if (rng.chance(0.6)) tl.add(v, C.palModul, rng.range(1, 3));
      if (rng.chance(0.3)) tl.add(v, C.palPlan, rng.range(1, 2));
      const addOn = first ? C.spict : rng.chance(0.35) ? C.eortc : 0;
      if (addOn) {
        const stray = forcePal || rng.chance(0.06);
        const s = stray ? tl.free(v + 1, end) : -1;
        if (s >= 0) {
          // The add-on billed on its own day, alone or with a telephone consultation.
          tl.claim(s);
          if (rng.chance(0.5)) tl.add(s, C.telefon);
          tl.add(s, addOn);
          needs.palliationAddOn = false;
          forcePal = false;
        } else tl.add(v, addOn);
      }
      if (f && rng.chance(f.video0126)) {
        // Findings profile: a planning meeting by video (0126, 1-2 modules) on a day of its own,
        // some of them out of hours (the vagttid rule's warning).
        const m = tl.free(v + 1, end);
        if (m >= 0) {
          const day = claimVisit(ctx, m, end, f.video0126OutOfHours / 2, f.video0126OutOfHours / 2);
          tl.add(day, C.videokonference, rng.range(1, 2));
        }
      }
      first = false;
      d = v + 2 + rng.int(4);
    }
    // The patient dies at the end of the palliative period.
    last = end;
  }

  // 2. Kronikerprogram: a yearly check 0120 (+ blood test); some enrol with 0130-0132 that day,
  // a few end with 0133 later (rarely the same day, which does not end it), some of those re-enrol.
  let enrolDay = -1;
  let endDay = -1;
  let reEnrolDay = -1;
  if (chronic) {
    const d = tl.free(pickDay(ctx, forceKron ? Math.max(1, Math.min(last, W >> 1)) : last + 1), last);
    if (d >= 0) {
      tl.claim(d);
      tl.add(d, C.aarskontrol);
      if (rng.chance(0.6)) tl.add(d, C.blod);
      if (forceKron || rng.chance(0.55)) {
        enrolDay = d;
        tl.add(d, C.enrol[rng.int(3)]!);
        if (!forceKron) {
          if (rng.chance(0.01)) {
            tl.add(d, C.afslut);
            endDay = d;
          } else if (rng.chance(0.06)) {
            const x = tl.free(d + 1 + rng.int(60), last);
            if (x >= 0) {
              tl.claim(x);
              tl.add(x, C.afslut);
              endDay = x;
              if (rng.chance(0.3)) {
                const r = tl.free(x + rng.int(40), last);
                if (r >= 0) {
                  tl.claim(r);
                  tl.add(r, C.aarskontrol);
                  tl.add(r, C.enrol[rng.int(3)]!);
                  reEnrolDay = r;
                }
              }
            }
          }
        }
      }
    }
  }
  const enrolled = (d: number): boolean => {
    if (enrolDay < 0 || d < enrolDay) return false;
    if (reEnrolDay >= 0 && d >= reEnrolDay) return true;
    return !(endDay > enrolDay && d >= endDay);
  };

  // 3. Samtaleterapi: a course of 6101 sessions, mostly with 0101 (or video 0125); a few stand
  // alone or go with a telephone consultation, and a few courses pass 7 in the year.
  if (therapy) {
    const n = forceOver7 ? rng.range(8, 10) : rng.chance(0.06) ? rng.range(8, 11) : rng.range(2, 7);
    let d = pickDay(ctx, Math.max(1, last - 6 * n));
    let total = 0;
    for (let s = 0; s < n; s++) {
      const v = tl.free(d, last);
      if (v < 0) break;
      tl.claim(v);
      const r = rng.float();
      const lone = (forceOver7 && s === 1) || r < 0.035;
      const base = lone ? (rng.chance(0.3) ? C.telefon : 0) : r < 0.1 ? C.video : C.konsultation;
      if (base) tl.add(v, base);
      const antal = rng.chance(0.03) ? 2 : 1;
      tl.add(v, C.samtale, antal);
      total += antal;
      if (lone) needs.lone6101 = false;
      d = v + 4 + rng.int(8);
    }
    if (total > 7) needs.over7 = false;
  }

  // 4. Ordinary episodes: a few contacts over some weeks, each a day with one grundydelse and
  // maybe add-ons; now and then a second grundydelse the same day.
  let had2150 = false;
  const rate = contactRate(a) * (chronic ? 1.5 : 1) * (0.3 + 1.4 * rng.float() ** 2) * ctx.scale;
  let episodes = rng.poisson(rate / 1.8);
  if (episodes === 0 && !palliative && !chronic && !therapy) episodes = 1;
  const weights = [0.52, 0.22, 0.13 * practice.m0105, 0.055 * practice.m0204, 0.035 * practice.m0125, 0, 0, 0.002];
  const oohWeights = [0.45, 0.1, 0.05 * practice.m0105, 0, 0, 0, 0, 0];
  for (let e = 0; e < episodes; e++) {
    let contacts = 1;
    while (contacts < 6 && rng.chance(0.45)) contacts++;
    let d = pickDay(ctx, last + 1);
    for (let c = 0; c < contacts; c++) {
      let v = tl.free(d, last);
      if (v < 0) break;
      // Findings profile: some contacts are on a weekend or holiday, or in the evening.
      if (f) v = claimVisit(ctx, v, last, f.weekend, f.evening);
      else tl.claim(v);
      const outOfHours = f !== null && ctx.outOfHours;
      const inProgramme = enrolled(v);
      // Booked phone, video and municipal e-mail are rarer for enrolled patients in this export
      // (the code mix of earlier versions of the generator, kept).
      const cover = inProgramme ? 0.12 : 1;
      weights[3] = 0.055 * practice.m0204 * cover;
      weights[4] = 0.035 * practice.m0125 * cover;
      weights[5] = a >= 75 && !palliative ? 0.04 : 0;
      weights[6] = a >= 75 ? 0.004 : 0;
      weights[7] = 0.002 * cover;
      if (outOfHours) {
        // Evening and weekend hours are largely booked phone and video consultations.
        oohWeights[3] = 0.25 * practice.m0204 * cover;
        oohWeights[4] = 0.15 * practice.m0125 * cover;
        oohWeights[5] = weights[5]!;
      }
      const base = pickBase(rng, outOfHours ? oohWeights : weights, BASE_CODES);
      // A covered contact of an enrolled patient is registered at 0 kr.; now and then a practice
      // bills one with its fee, which kronikerprogram-ikke-saerskilt finds (in the findings
      // profile, often).
      let amount = NO_AMOUNT;
      if (inProgramme && KRONIKER_COVERED.has(base)) {
        if (f) amount = rng.chance(f.kronikerPaid) ? PAID_AMOUNT : ZERO_AMOUNT;
        else amount = ++ctx.covered % 64 === 0 ? PAID_AMOUNT : ZERO_AMOUNT;
      }
      tl.add(v, base, 1, amount);
      if (amount === PAID_AMOUNT) needs.kroniker = false;
      if (base === C.konsultation) {
        if (rng.chance(a >= 18 ? 0.16 : 0.05)) tl.add(v, C.blod);
        if (pop.female[i] && a >= 23 && a <= 64 && rng.chance(0.03)) tl.add(v, C.cervix);
        if (rng.chance(0.004)) tl.add(v, C.fremmedlegeme);
        if (a >= 18 && !had2150 && rng.chance(0.004)) had2150 = tl.add(v, C.psykisk);
        if (palliative && rng.chance(0.2)) tl.add(v, C.eortc);
      } else if (base === C.sygebesoeg && rng.chance(0.1)) tl.add(v, C.blod);
      if (base !== C.eKommune && rng.chance(f ? f.secondGrundydelse : 0.006)) {
        let second = SECOND_GRUNDYDELSE[rng.int(SECOND_GRUNDYDELSE.length)]!;
        // Findings profile: a second contact in the day's hours has a time of its own, and may be
        // the same service again (a duplicate line only in the rare case that the times agree).
        const again = f !== null && !outOfHours && second === base;
        if (second === base && !again) second = C.konsultation === base ? C.telefon : C.konsultation;
        if (f && !outOfHours) tl.time = dayTime(rng, f);
        tl.add(v, second, 1, NO_AMOUNT, again);
      }
      d = v + 1 + rng.int(10);
    }
  }

  // The forced kroniker example: a 0204 after the enrolment, billed with its fee.
  if (forceKron && needs.kroniker && enrolDay >= 0) {
    const v = tl.free(enrolDay + 1 + rng.int(20), last);
    if (v >= 0) {
      tl.claim(v);
      tl.add(v, C.aftaltTelefon, 1, PAID_AMOUNT);
      needs.kroniker = false;
    }
  }
}

/** A visitor's lines at a second practice: one or two contacts, and for some, therapy sessions there. */
function visitorTimeline(ctx: Context, i: number): void {
  const { rng, pop, tl } = ctx;
  const W = pop.days.length;
  const flags = pop.flags[i]!;
  if (flags & PALLIATIVE) return;
  const contacts = rng.chance(0.3) ? 2 : 1;
  for (let c = 0; c < contacts; c++) {
    const v = tl.free(pickDay(ctx, W));
    if (v < 0) continue;
    tl.claim(v);
    const r = rng.float();
    const base = r < 0.6 ? C.konsultation : r < 0.9 ? C.telefon : C.eKons;
    tl.add(v, base);
    if (base === C.konsultation && rng.chance(0.1)) tl.add(v, C.blod);
  }
  if (flags & THERAPY && rng.chance(0.5)) {
    const n = rng.range(1, 3);
    let d = pickDay(ctx, W);
    for (let s = 0; s < n; s++) {
      const v = tl.free(d);
      if (v < 0) break;
      tl.claim(v);
      tl.add(v, C.konsultation);
      tl.add(v, C.samtale);
      d = v + 5 + rng.int(5);
    }
  }
}

/**
 * Mean lines per patient for a contact-rate multiplier, from a fixed sample of the pool. Each
 * sampled patient gets its own PRNG, seeded the same for every multiplier, so everything but the
 * episodes is the same from one call to the next and the function is close to smooth.
 */
function pilotLinesPerPatient(pop: Population, scale: number, seed: number, f: FindingsRates | null): number {
  const pick = new Rng(seed);
  const ctx = makeContext(pick, pop, scale, f);
  const { tl } = ctx;
  const lines = new PracticeLines();
  const n = 20_000;
  const none: Needs = { palliationAddOn: false, over7: false, lone6101: false, kroniker: false };
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = pick.int(pop.age.length);
    const practice = pop.practices[pick.int(pop.practices.length)]!;
    ctx.rng = new Rng(seed + 1 + k);
    lines.length = 0;
    tl.begin(i, lines);
    homeTimeline(ctx, practice, i, none);
    total += lines.length;
  }
  // Visitor lines do not depend on the multiplier; per patient of the pool.
  const visits = 2000;
  let visitorLines = 0;
  for (let k = 0; k < visits; k++) {
    ctx.rng = new Rng(seed + 1 + n + k);
    lines.length = 0;
    tl.begin(0, lines);
    visitorTimeline(ctx, pick.int(pop.age.length));
    visitorLines += lines.length;
  }
  return total / n + ((pop.visitors.length / pop.age.length) * visitorLines) / visits;
}

/** The contact-rate multiplier that gives `target` lines per patient: false position on the pilot. */
function calibrate(pop: Population, target: number, seed: number, rates: FindingsRates | null): number {
  const f = (x: number): number => pilotLinesPerPatient(pop, x, seed, rates) - target;
  let lo = 0.5;
  let hi = 4;
  let flo = f(lo);
  let fhi = f(hi);
  while (flo > 0 && lo > 1e-3) flo = f((lo /= 4));
  while (fhi < 0 && hi < 1e4) fhi = f((hi *= 4));
  if (flo > 0) return lo;
  if (fhi < 0) return hi;
  let x = lo;
  for (let k = 0; k < 8; k++) {
    x = lo - (flo * (hi - lo)) / (fhi - flo);
    const fx = f(x);
    if (Math.abs(fx) <= target * 0.001) break;
    if (fx < 0) {
      lo = x;
      flo = fx;
    } else {
      hi = x;
      fhi = fx;
    }
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Writing.

const CHUNK = 16 << 20;

class Out {
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  private pos = 0;
  bytes = 0;

  constructor(private readonly fd: number) {}

  /** Room for at least n more bytes. */
  reserve(n: number): Buffer {
    if (this.pos + n > CHUNK) this.flush();
    return this.buf;
  }

  get at(): number {
    return this.pos;
  }

  advance(n: number): void {
    this.pos += n;
    this.bytes += n;
  }

  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}

function writeHeader(out: Out, header: string): void {
  const h = Buffer.from(`${header}\n`);
  h.copy(out.reserve(h.length), out.at);
  out.advance(h.length);
}

interface Written {
  lines: number;
  practices: number;
  patients: number;
  bytes: number;
}

/**
 * Generates practice by practice and writes each one's lines sorted by day. A practice takes
 * patients from its pool (then from the shared reserve) until it has its share of the lines; the
 * last patient's latest lines are cut off at the share. A shortfall passes on to the next practice.
 */
function writeSorted(pop: Population, rng: Rng, scale: number, f: FindingsRates | null, path: string): Written {
  const fd = openSync(path, 'w');
  const out = new Out(fd);
  const timed = f !== null;
  writeHeader(out, timed ? HEADER_FINDINGS : HEADER);
  const ctx = makeContext(rng, pop, scale, f);
  const { tl } = ctx;
  const lines = new PracticeLines();
  const seen = new Uint8Array(pop.age.length);
  const W = pop.days.length;
  const bucket = new Uint32Array(W + 1);
  let order = new Uint32Array(1 << 14);
  let written = 0;
  let practices = 0;
  let patients = 0;
  let carry = 0;
  let reserve = pop.reserve;
  // Rare violations are forced once, early in the first practice, so even a tiny export has them.
  const needs: Needs = { palliationAddOn: true, over7: true, lone6101: true, kroniker: true };
  for (let p = 0; p < pop.practices.length; p++) {
    const practice = pop.practices[p]!;
    const budget = practice.budget + carry;
    lines.length = 0;
    for (let k = pop.visitorStart[p]!; k < pop.visitorStart[p + 1]! && lines.length < budget; k++) {
      const i = pop.visitors[k]!;
      tl.begin(i, lines);
      visitorTimeline(ctx, i);
    }
    for (let i = practice.firstPatient; i < practice.firstPatient + practice.patients && lines.length < budget; i++) {
      tl.begin(i, lines);
      homeTimeline(ctx, practice, i, needs);
    }
    while (lines.length < budget && reserve < pop.age.length) {
      tl.begin(reserve, lines);
      homeTimeline(ctx, practice, reserve++, needs);
    }
    if (lines.length > budget) lines.length = budget;
    carry = budget - lines.length;
    // A stable counting sort by day.
    const n = lines.length;
    if (order.length < n) order = new Uint32Array(n * 2);
    bucket.fill(0);
    for (let k = 0; k < n; k++) bucket[lines.day[k]! + 1]!++;
    for (let d = 0; d < W; d++) bucket[d + 1]! += bucket[d]!;
    for (let k = 0; k < n; k++) order[bucket[lines.day[k]!]!++] = k;

    const yd = p * 6;
    if (n > 0) practices++;
    for (let j = 0; j < n; j++) {
      const k = order[j]!;
      const i = lines.patient[k]!;
      if (!seen[i]) {
        seen[i] = 1;
        patients++;
      }
      const b = out.reserve(64);
      let o = out.at;
      const start = o;
      for (let q = 0; q < 6; q++) b[o++] = pop.ydBytes[yd + q]!;
      b[o++] = 44;
      const c = i * 10;
      for (let q = 0; q < 10; q++) b[o++] = pop.cpr[c + q]!;
      b[o++] = 44;
      const dd = lines.day[k]! * 10;
      for (let q = 0; q < 10; q++) b[o++] = pop.dateBytes[dd + q]!;
      b[o++] = 44;
      const code = lines.code[k]!;
      b[o++] = 48 + Math.floor(code / 1000);
      b[o++] = 48 + (Math.floor(code / 100) % 10);
      b[o++] = 48 + (Math.floor(code / 10) % 10);
      b[o++] = 48 + (code % 10);
      b[o++] = 44;
      const antal = lines.antal[k]!;
      if (antal >= 10) b[o++] = 48 + Math.floor(antal / 10);
      b[o++] = 48 + (antal % 10);
      b[o++] = 44;
      const amount = AMOUNT_TEXT[lines.amount[k]!]!;
      for (let q = 0; q < amount.length; q++) b[o++] = amount[q]!;
      if (timed) {
        b[o++] = 44;
        const t = lines.time[k]!;
        if (t >= 0) {
          const h = Math.floor(t / 60);
          const m = t % 60;
          b[o++] = 48 + Math.floor(h / 10);
          b[o++] = 48 + (h % 10);
          b[o++] = 58;
          b[o++] = 48 + Math.floor(m / 10);
          b[o++] = 48 + (m % 10);
        }
      }
      b[o++] = 10;
      out.advance(o - start);
    }
    written += n;
  }
  out.flush();
  closeSync(fd);
  return { lines: written, practices, patients, bytes: out.bytes };
}

/** A file's bytes; readFileSync stops at 2 GiB, and a 60-million-line export is more. */
function readWhole(path: string): Buffer {
  const size = statSync(path).size;
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < size; ) {
      const n = readSync(fd, buf, at, Math.min(size - at, 1 << 30), at);
      if (n <= 0) throw new Error(`${path} ended after ${at} of ${size} bytes`);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** The same lines in a seeded random order (Fisher-Yates over line offsets), header first. */
function writeShuffled(sortedPath: string, lines: number, rng: Rng, path: string): void {
  const buf = readWhole(sortedPath);
  if (buf.length >= 2 ** 32) throw new RangeError(`${sortedPath} is 4 GiB or more; the shuffle keeps 32-bit offsets`);
  const header = buf.indexOf(10) + 1;
  const offsets = new Uint32Array(lines + 1);
  let pos = header;
  for (let k = 0; k < lines; k++) {
    offsets[k] = pos;
    while (buf[pos] !== 10) pos++;
    pos++;
  }
  offsets[lines] = pos;
  const perm = new Uint32Array(lines);
  for (let k = 0; k < lines; k++) perm[k] = k;
  for (let k = lines - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    const t = perm[k]!;
    perm[k] = perm[j]!;
    perm[j] = t;
  }
  const fd = openSync(path, 'w');
  const out = new Out(fd);
  writeHeader(out, buf.toString('latin1', 0, header - 1));
  for (let k = 0; k < lines; k++) {
    const line = perm[k]!;
    const s = offsets[line]!;
    const e = offsets[line + 1]!;
    const b = out.reserve(e - s);
    let o = out.at;
    for (let q = s; q < e; q++) b[o++] = buf[q]!;
    out.advance(e - s);
  }
  out.flush();
  closeSync(fd);
}

// ---------------------------------------------------------------------------------------------

/** The project root: the nearest folder above this file with package.json. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above bench/');
    dir = up;
  }
  return dir;
}

export function defaultPractices(lines: number): number {
  return Math.max(2, Math.round(lines / LINES_PER_PRACTICE));
}

export function defaultPatients(lines: number): number {
  return Math.max(2, Math.round(lines / LINES_PER_PATIENT));
}

export function generate(options: GenerateOptions): GenerateResult {
  const lines = options.lines;
  if (!Number.isInteger(lines) || lines < 1) throw new RangeError(`lines must be a positive whole number, got ${lines}`);
  const seed = options.seed;
  const year = options.year ?? DEFAULT_YEAR;
  const profile = options.profile ?? 'clean';
  if (!PROFILES.includes(profile)) throw new RangeError(`profile must be one of ${PROFILES.join(', ')}, got ${String(profile)}`);
  const rates = profile === 'findings' ? FINDINGS : null;
  const header = rates ? HEADER_FINDINGS : HEADER;
  const practiceCount = options.practices ?? defaultPractices(lines);
  const patientCount = options.patients ?? defaultPatients(lines);
  if (practiceCount < 2) throw new RangeError('at least 2 practices are needed (the 0204 ceiling compares practices)');
  if (patientCount < practiceCount) throw new RangeError('at least one patient per practice is needed');
  const outDir = resolve(options.outDir ?? join(projectRoot(), 'bench', 'data'));
  mkdirSync(outDir, { recursive: true });

  const custom =
    (options.practices !== undefined && options.practices !== defaultPractices(lines)) ||
    (options.patients !== undefined && options.patients !== defaultPatients(lines)) ||
    year !== DEFAULT_YEAR;
  // The clean profile keeps the names files had before there were profiles.
  const base = `claims-${lines}-${seed}${custom ? `-p${practiceCount}-n${patientCount}-y${year}` : ''}${profile === 'clean' ? '' : `-${profile}`}`;
  const sorted = join(outDir, `${base}-sorted.csv`);
  const shuffled = join(outDir, `${base}-shuffled.csv`);
  const statsPath = join(outDir, `${base}.json`);

  const reused = readStats(statsPath, sorted, shuffled, profile);
  if (reused) return { ...reused, sorted, shuffled, seconds: 0, reused: true };

  const t0 = performance.now();
  const tmpSorted = `${sorted}.tmp`;
  const tmpShuffled = `${shuffled}.tmp`;
  let written: Written | undefined;
  // The contact rate is calibrated to lines / patients, and each practice's pool of patients is a
  // little larger than its share (with a shared reserve behind), so the export has exactly `lines`
  // lines and about the requested patients. Should the patients run out, they are made more.
  const target = lines / patientCount;
  for (let attempt = 0; attempt < 3; attempt++) {
    const rng = new Rng(seed);
    const margin = (0.03 + 3 / Math.sqrt(patientCount)) * (1 + 2 * attempt);
    const pooled = Math.round(patientCount * (1 + margin));
    const pop = makePopulation(rng, year, profile, practiceCount, pooled, pooled + Math.round(patientCount * 0.03 * (1 + attempt)) + 50, lines);
    const scale = calibrate(pop, target, seed ^ 0x5bd1e995, rates);
    written = writeSorted(pop, rng, scale, rates, tmpSorted);
    if (written.lines === lines) break;
  }
  if (!written || written.lines < lines) {
    rmSync(tmpSorted, { force: true });
    throw new RangeError(`could not make ${lines} lines from ${patientCount} patients; give fewer patients`);
  }
  writeShuffled(tmpSorted, lines, new Rng(seed ^ 0x2545f491), tmpShuffled);
  renameSync(tmpSorted, sorted);
  renameSync(tmpShuffled, shuffled);
  const stats: GenerateStats = {
    generator: GENERATOR_VERSION,
    profile,
    header,
    expectedFindingShare: EXPECTED_FINDING_SHARE[profile],
    seed,
    year,
    lines: written.lines,
    practices: written.practices,
    patients: written.patients,
    bytes: written.bytes,
  };
  writeFileSync(statsPath, `${JSON.stringify(stats, null, 2)}\n`);
  return { ...stats, sorted, shuffled, seconds: (performance.now() - t0) / 1000, reused: false };
}

function readStats(statsPath: string, sorted: string, shuffled: string, profile: Profile): GenerateStats | undefined {
  if (!existsSync(statsPath) || !existsSync(sorted) || !existsSync(shuffled)) return undefined;
  try {
    const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as Partial<GenerateStats>;
    if (stats.generator !== GENERATOR_VERSION) return undefined;
    // Stats written before there were profiles have no profile: they are clean, and their files
    // are the clean profile's bytes, so they are reused and their stats brought up to date.
    if ((stats.profile ?? 'clean') !== profile) return undefined;
    if (statSync(sorted).size !== stats.bytes || statSync(shuffled).size !== stats.bytes) return undefined;
    const current = {
      ...stats,
      profile,
      header: profile === 'clean' ? HEADER : HEADER_FINDINGS,
      expectedFindingShare: EXPECTED_FINDING_SHARE[profile],
    } as GenerateStats;
    if (stats.profile === undefined || stats.expectedFindingShare !== current.expectedFindingShare) {
      writeFileSync(statsPath, `${JSON.stringify(current, null, 2)}\n`);
    }
    return current;
  } catch {
    return undefined;
  }
}

// `node dist/bench/generate.js [--lines N] [--seed S] [--profile clean|findings]` generates (or
// reuses) the files and prints their stats.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string): string | undefined => {
    const k = process.argv.indexOf(name);
    return k > 0 ? process.argv[k + 1] : undefined;
  };
  const number = (name: string, fallback: number): number => {
    const text = arg(name);
    return text === undefined ? fallback : Number(text);
  };
  const profile = (arg('--profile') ?? 'clean') as Profile;
  if (!PROFILES.includes(profile)) {
    process.stderr.write(`--profile must be one of ${PROFILES.join(', ')}, got "${profile}"\n`);
    process.exit(2);
  }
  const result = generate({ lines: number('--lines', DEFAULT_LINES), seed: number('--seed', 1), profile });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
