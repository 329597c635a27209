// The one finding shape, and the one place that builds it (masking, dates, message text).
import type { FindingTable } from '../engine/findings.js';
import type { ClaimStore } from '../store/store.js';
import { maskCpr } from '../model/cpr.js';
import { isoDate } from '../model/date.js';
import { formatCount, formatKroner, formatNumber, formatRatio, toDecimal } from '../model/format.js';
import { quoteInput } from '../model/quote.js';
import { type FindingParts, type FindingRule, formatCode, type Lang, type Location } from '../model/finding.js';
import type { Fix, Severity } from '../model/rule.js';
import { type ByteWriter, utf8 } from './bytes.js';
import { type AmountBasis, type FindingAmount, NO_AMOUNT, type Pricing } from './money.js';

export { type FindingParts, type FindingRule, formatCode, type Lang, type Location } from '../model/finding.js';

export interface Finding {
  ruleId: string;
  severity: Severity;
  topic: string;
  message: string;
  practice: string | null;
  /** Masked CPR, DDMMYY-****. */
  patient: string | null;
  date: string | null;
  codes: string[];
  locations: Location[];
  fix: Fix | null;
  /** Kroner at risk, a decimal string ("324.13"), or null when unknown or when the rule puts none at stake. */
  amount: string | null;
  /** Where the kroner come from: the lines' beloeb, tariff × antal, or a practice-level estimate. */
  amountBasis: AmountBasis | null;
  /** Money possibly missed (an opportunity), never at risk; null for other findings. */
  opportunity: string | null;
  details: Record<string, unknown> | null;
  source: string;
}

/** Text as a message or detail may hold it: CPR-like runs masked, control characters escaped. */
function shown(text: string): string {
  // No length limit here: input values were shortened where they were read, and a detail the
  // engine makes (a list of practices) is whole on purpose.
  return quoteInput(text, Infinity);
}

/**
 * Message templates. {{name}} takes the value of `name`: a finding detail, or codes, practice,
 * patient or date. A format after a bar says how a number is written in the text's language
 * (the details themselves keep machine values, such as the decimal string "1431.20"):
 *
 *   {{name|kr}}                   an amount of kroner: 1.431,20 kr. (da), DKK 1,431.20 (en)
 *   {{name|tal}}                  a number with every decimal it has: 1,5 / 1.5, 12.345 / 12,345
 *   {{name|tal2}}                 a ratio: two decimals, at least two significant digits: 1,29, 0,0088
 *   {{name|antal:ental:flertal}}  a count and its noun, singular for 1: 1 linje, 2 linjer
 *
 * A value that is not a plain decimal number is shown as it is. The values are already masked and
 * escaped (makeFinding does it once, to the details). An unknown name or format (or names only an
 * object's prototype has, such as constructor) is left visible, so a typo shows in the message.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*(?:\|\s*([a-z0-9]+)((?::[^:|{}]*)*?)\s*)?\}\}/g;

/** The value written with a format, or undefined when the format (or its arguments) is unknown. */
function formatted(v: unknown, format: string, args: readonly string[], lang: Lang): string | undefined {
  const known = format === 'antal' ? args.length === 2 : (format === 'kr' || format === 'tal' || format === 'tal2') && args.length === 0;
  if (!known) return undefined;
  const n = toDecimal(v);
  if (n === undefined) return Array.isArray(v) ? v.join(', ') : String(v);
  if (format === 'kr') return formatKroner(n, lang);
  if (format === 'tal') return formatNumber(n, lang);
  if (format === 'tal2') return formatRatio(n, lang);
  return formatCount(n, args[0]!.trim(), args[1]!.trim(), lang);
}

/** The template with its placeholders filled from vars, which must already be masked and escaped. */
function interpolate(template: string, vars: Record<string, unknown>, lang: Lang): string {
  return template.replace(PLACEHOLDER, (whole, name: string, format: string | undefined, args: string | undefined) => {
    const v = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (v === undefined || v === null) return whole;
    if (format !== undefined) return formatted(v, format, args ? args.slice(1).split(':') : [], lang) ?? whole;
    return Array.isArray(v) ? v.join(', ') : String(v);
  });
}

/** The details with every text in them (at the top, or in a list) masked and escaped; the same object when nothing changes. */
function shownDetails(details: Record<string, unknown>): Record<string, unknown> {
  const shownValue = (v: unknown): unknown => {
    if (typeof v === 'string') return shown(v);
    if (Array.isArray(v) && v.some((x) => typeof x === 'string' && shown(x) !== x)) return v.map((x) => (typeof x === 'string' ? shown(x) : x));
    return v;
  };
  // Almost always nothing changes: then no copy is made (a finding is made per bad line).
  let copy: Record<string, unknown> | null = null;
  for (const k of Object.keys(details)) {
    const v = shownValue(details[k]);
    if (v !== details[k]) (copy ??= { ...details })[k] = v;
  }
  return copy ?? details;
}

export function makeFinding(rule: FindingRule, lang: Lang, parts: FindingParts, money: FindingAmount = NO_AMOUNT): Finding {
  const codes = [...new Set(parts.codes)].sort((a, b) => a - b).map(formatCode);
  const locations = [...parts.locations].sort((a, b) => compareLocation(a, b));
  const patient = parts.cpr === null ? null : maskCpr(parts.cpr);
  const date = parts.date === null ? null : isoDate(parts.date);
  const details = parts.details ? shownDetails(parts.details) : null;
  const vars: Record<string, unknown> = { ...details, codes, practice: parts.practice, patient, date };
  const fix = rule.fix ? { ...rule.fix, da: interpolate(rule.fix.da, vars, 'da'), en: interpolate(rule.fix.en, vars, 'en') } : null;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    topic: rule.topic,
    message: interpolate(rule.message[lang], vars, lang),
    practice: parts.practice,
    patient,
    date,
    codes,
    locations,
    fix,
    amount: money.amount,
    amountBasis: money.amountBasis,
    opportunity: money.opportunity,
    details,
    source: rule.source,
  };
}

/** Parts of a finding about a group of stored lines; the first line (in timeline order) gives practice and date. */
export function partsFromLines(store: ClaimStore, files: readonly string[], lines: readonly number[]): FindingParts {
  const first = lines[0]!;
  return {
    practice: store.practices[store.practice[first]!]!,
    cpr: store.cpr(store.patient[first]!),
    date: store.day[first]!,
    codes: lines.map((i) => store.code[i]!),
    locations: lines.map((i) => ({ file: files[store.file[i]!]!, line: store.line[i]! })),
  };
}

export function compareLocation(a: Location, b: Location): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s];
}

/**
 * Report order: by file, then line, then rule id. Findings without a location (practice level)
 * come last, by practice and rule id.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const la = a.locations[0];
  const lb = b.locations[0];
  if (la && lb) {
    const c = compareLocation(la, lb);
    if (c !== 0) return c;
  } else if (la || lb) {
    return la ? -1 : 1;
  } else {
    const pa = a.practice ?? '';
    const pb = b.practice ?? '';
    if (pa !== pb) return pa < pb ? -1 : 1;
  }
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/** The pieces of a finding's JSON text that are the same for every finding of one rule, details and codes. */
interface JsonPieces {
  /** From the start to `"practice":`. */
  head: Uint8Array;
  /** From `,"codes":` to `"locations":[`. */
  middle: Uint8Array;
  /** From the end of the locations to `"amount":`. */
  fix: Uint8Array;
  /** From `,"details":` to the end. */
  tail: Uint8Array;
}

/** A details index and a codes number make one key below 2^53: details up to 2^26, codes up to 2^27. */
const DETAILS_IN_KEY = 2 ** 26;
const CODES_IN_KEY = 2 ** 27;
const PATIENT = utf8(',"patient":"');
const COMMA = 0x2c;
const CLOSE = 0x7d;

const NO_AMOUNT_JSON = 'null,"amountBasis":null,"opportunity":null';

/** A decimal string or basis as JSON (ASCII, no escaping needed), or null. */
function jsonOrNull(v: string | null): string {
  return v === null ? 'null' : `"${v}"`;
}

/** Placeholders a template fills from one finding's own fields, not its rule, details and codes. */
const OWN_FIELDS = /\{\{\s*(practice|patient|date)\s*[|}]/;

/** Makes the findings of a check's table, one at a time, as a report reads them. */
export class FindingMaker {
  /** Per rule index: whether its message or fix reads a finding's practice, patient or date. */
  private readonly own: boolean[];
  /** Per rule index: pieces by details and codes (see writeJson). */
  private readonly pieces: Map<number, JsonPieces>[] = [];
  private readonly dates = new Map<number, Uint8Array>();
  private readonly codeLists = new Map<string, number>();
  private readonly practiceJson: Uint8Array[];
  private readonly fileJson: Uint8Array[];
  /** Files in the order locations are listed (by name). */
  private readonly fileRank: Float64Array;

  constructor(
    private readonly table: FindingTable,
    private readonly store: ClaimStore,
    private readonly files: readonly string[],
    private readonly lang: Lang,
    /** Prices the findings; without it every amount is null. */
    private readonly pricing: Pricing | null = null,
  ) {
    this.own = table.rules.map((r) => [r.message.da, r.message.en, r.fix?.da ?? '', r.fix?.en ?? ''].some((t) => OWN_FIELDS.test(t)));
    this.practiceJson = store.practices.map((p) => utf8(JSON.stringify(p)));
    this.fileJson = files.map((f) => utf8(`{"file":${JSON.stringify(f)},"line":`));
    const sorted = [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.fileRank = Float64Array.from(files, (f) => sorted.indexOf(f));
  }

  /** The finding of table entry i. */
  make(i: number): Finding {
    const { table } = this;
    const rule = table.rules[table.rule[i]!]!;
    const details = table.detailsOf(i);
    const parts = table.parts.get(i) ?? partsFromLines(this.store, this.files, [...table.linesOf(i)]);
    return makeFinding(rule, this.lang, { ...parts, details: details as Record<string, unknown> | null }, this.amountOf(i));
  }

  /** Entry i's money fields. */
  amountOf(i: number): FindingAmount {
    return this.pricing ? this.pricing.amountOf(i) : NO_AMOUNT;
  }

  /** Entry i's finding as JSON text. */
  json(i: number): string {
    return JSON.stringify(this.make(i));
  }

  /**
   * Writes entry i's finding as JSON text: the same text as json(i), from pieces made once per
   * rule, details and codes, and the line's own fields written straight from the store.
   */
  writeJson(i: number, out: ByteWriter): void {
    const { table, store } = this;
    const r = table.rule[i]!;
    const from = table.start[i]!;
    const to = table.start[i + 1]!;
    const d = table.details[i]!;
    if (from === to || this.own[r] || d >= DETAILS_IN_KEY) {
      out.text(this.json(i));
      return;
    }
    const lines = table.lines;
    const key = d * CODES_IN_KEY + this.codesId(lines, from, to);
    const byRule = (this.pieces[r] ??= new Map());
    let p = byRule.get(key);
    if (!p) byRule.set(key, (p = this.piecesOf(i)));
    const first = lines[from]!;
    out.bytes(p.head);
    out.bytes(this.practiceJson[store.practice[first]!]!);
    out.bytes(PATIENT);
    // The masked CPR: its first six digits (the birth date), then -****.
    out.digits(Math.floor(store.cprKey(store.patient[first]!) / 10000), 6);
    out.bytes(this.dateJson(store.day[first]!));
    out.bytes(p.middle);
    if (to - from === 1) this.location(first, out);
    else {
      const sorted = this.inFileOrder(lines, from, to);
      for (let k = 0; k < sorted.length; k++) {
        if (k) out.byte(COMMA);
        this.location(sorted[k]!, out);
      }
    }
    out.bytes(p.fix);
    const m = this.amountOf(i);
    out.ascii(m === NO_AMOUNT ? NO_AMOUNT_JSON : `${jsonOrNull(m.amount)},"amountBasis":${jsonOrNull(m.amountBasis)},"opportunity":${jsonOrNull(m.opportunity)}`);
    out.bytes(p.tail);
  }

  /** `-****","date":"YYYY-MM-DD"` for a day, made once per day. */
  private dateJson(day: number): Uint8Array {
    let b = this.dates.get(day);
    if (!b) this.dates.set(day, (b = utf8(`-****","date":"${isoDate(day)}"`)));
    return b;
  }

  private location(l: number, out: ByteWriter): void {
    out.bytes(this.fileJson[this.store.file[l]!]!);
    out.digits(this.store.line[l]!, 1);
    out.byte(CLOSE);
  }

  /** Lines by file name, then line number: the order of a finding's locations. */
  private inFileOrder(lines: Uint32Array, from: number, to: number): number[] {
    const { file, line } = this.store;
    const rank = this.fileRank;
    const place = (l: number): number => rank[file[l]!]! * 2 ** 32 + line[l]!;
    const sorted = Array.from(lines.subarray(from, to));
    // Insertion sort: a finding has a few lines.
    for (let k = 1; k < sorted.length; k++) {
      const l = sorted[k]!;
      const at = place(l);
      let j = k - 1;
      while (j >= 0 && place(sorted[j]!) > at) {
        sorted[j + 1] = sorted[j]!;
        j--;
      }
      sorted[j + 1] = l;
    }
    return sorted;
  }

  /**
   * A number for the distinct codes of lines[from .. to - 1]: the code itself for one, both codes
   * for two, and for more a number given to their list the first time it is met.
   */
  private codesId(lines: Uint32Array, from: number, to: number): number {
    const code = this.store.code;
    const a = code[lines[from]!]!;
    let b = -1;
    let more = false;
    for (let k = from + 1; k < to; k++) {
      const c = code[lines[k]!]!;
      if (c === a || c === b) continue;
      if (b < 0) b = c;
      else more = true;
    }
    if (!more) return b < 0 ? a : 10_000 + Math.min(a, b) * 10_000 + Math.max(a, b);
    const distinct = [...new Set(Array.from(lines.subarray(from, to), (l) => code[l]!))].sort((x, y) => x - y).join(',');
    let id = this.codeLists.get(distinct);
    if (id === undefined) this.codeLists.set(distinct, (id = 100_010_000 + this.codeLists.size));
    return id;
  }

  private piecesOf(i: number): JsonPieces {
    const f = this.make(i);
    const head = `{"ruleId":${JSON.stringify(f.ruleId)},"severity":${JSON.stringify(f.severity)},"topic":${JSON.stringify(f.topic)},"message":${JSON.stringify(f.message)},"practice":`;
    const middle = `,"codes":${JSON.stringify(f.codes)},"locations":[`;
    const fix = `],"fix":${JSON.stringify(f.fix)},"amount":`;
    const tail = `,"details":${JSON.stringify(f.details)},"source":${JSON.stringify(f.source)}}`;
    return { head: utf8(head), middle: utf8(middle), fix: utf8(fix), tail: utf8(tail) };
  }
}
