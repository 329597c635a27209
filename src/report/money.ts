// Kroner at stake: each finding's amount as its rule file declares it, and totals that count each line once.
//
// Amounts are kept as whole øre in numbers: every amount read has two decimals and every tariff is
// rounded to the øre once, so sums are sums of integers, exact far beyond any region's year
// (2^53 øre). decimal.js reads tariffs and computes the practice-level estimates.
import { Decimal } from 'decimal.js';
import type { TariffTable } from '../catalog/tariffs.js';
import type { FindingTable } from '../engine/findings.js';
import type { ClaimStore } from '../store/store.js';
import { compareDanish } from '../model/collate.js';
import type { AmountRule, Severity } from '../model/rule.js';

/** Where a finding's kroner come from: the lines' own amounts, tariff × antal, or a practice-level estimate. */
export type AmountBasis = 'beloeb' | 'tariff' | 'estimate';

/** A finding's money fields. */
export interface FindingAmount {
  /** Kroner at risk (decimal string), or null when unknown or when the rule puts none at stake. */
  amount: string | null;
  amountBasis: AmountBasis | null;
  /** Money possibly missed (an opportunity): never at risk. */
  opportunity: string | null;
}

export const NO_AMOUNT: Readonly<FindingAmount> = Object.freeze({ amount: null, amountBasis: null, opportunity: null });

/** Kroner at risk over a set of findings. Every figure counts a line's kroner once. */
export interface MoneyTotals {
  /** Kroner at risk, each line once (its largest stake), plus the practice-level estimates. */
  total: string;
  /** Distinct lines at risk with known kroner. */
  lines: number;
  /** The part of `total` that is practice-level estimates (findings with no lines). */
  estimated: string;
  /** Money possibly missed (opportunities), each line once: never part of `total`. */
  opportunity: string;
  /** Lines at stake with neither an amount nor a tariff for their date: they add nothing. */
  linesWithoutAmount: number;
  bySeverity: Record<Severity, string>;
  byTopic: Record<string, string>;
  byRule: Record<string, string>;
}

/** Kroner at risk of one practice: in total, and by topic (each line once within each). */
export interface PracticeMoney {
  /** Null when every finding of the practice that puts kroner at risk has unknown kroner; 0 when none puts any at risk (an opportunity alone). */
  atRisk: string | null;
  estimated: string;
  opportunity: string;
  byTopic: Map<string, string>;
}

/** 32413 → "324.13". */
export function oreText(ore: number): string {
  const a = Math.abs(ore);
  return `${ore < 0 ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** A decimal amount in whole øre (rounded half up); NaN for text that is not a number. */
export function decimalOre(value: Decimal | string): number {
  try {
    return new Decimal(value).mul(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  } catch {
    return Number.NaN;
  }
}

/** What one finding puts at stake. */
interface Priced {
  /** Sum of the known stakes in øre; NaN when no stake is known. */
  ore: number;
  fromTariff: boolean;
  kind: 'risk' | 'opportunity' | 'estimate';
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const KINDS: readonly Priced['kind'][] = ['risk', 'opportunity', 'estimate'];

/** Prices the findings of one check from the store's lines and the tariffs it used. */
export class Pricing {
  /** Øre per amount id of the store; NaN for id 0 (no amount). */
  private readonly amountOre: Float64Array;
  private readonly tariffs = new Map<number, number>();
  private lineFromTariff = false;

  constructor(
    private readonly table: FindingTable,
    private readonly store: ClaimStore,
    private readonly tariffTable: TariffTable,
    /** --as-of as a day number: every line is priced by that day's tariffs. */
    private readonly asOf: number | null,
    /** The input's last service day: the day a practice-level estimate is priced on. */
    private readonly lastDay: number | null,
    /** File numbers from this on are the history's (context lines, not the practices' own). */
    private readonly inputFiles = Infinity,
  ) {
    this.amountOre = Float64Array.from(store.amounts, (a, k) => (k === 0 ? Number.NaN : decimalOre(a)));
  }

  /** A code's tariff for a day and sikringsgruppe, in øre per unit; NaN when there is none. */
  tariffOre(code: number, day: number, group: number): number {
    const key = (code * 2 ** 20 + (day + 2 ** 19)) * 4 + group;
    let ore = this.tariffs.get(key);
    if (ore === undefined) {
      const t = this.tariffTable.lookup(code, day, group);
      this.tariffs.set(key, (ore = t ? decimalOre(t.amount) : Number.NaN));
    }
    return ore;
  }

  /** A line's kroner in øre: its own amount, else its code's tariff × antal; NaN when neither is known. */
  lineOre(l: number): number {
    const own = this.amountOre[this.store.amount[l]!]!;
    this.lineFromTariff = false;
    if (!Number.isNaN(own)) return own;
    this.lineFromTariff = true;
    return this.otherOre(this.store.code[l]!, l);
  }

  /** `code`'s tariff × antal on line l's date (or --as-of), for its sikringsgruppe. */
  private otherOre(code: number, l: number): number {
    const { store } = this;
    return this.tariffOre(code, this.asOf ?? store.day[l]!, store.group[l]!) * store.antal[l]!;
  }

  /**
   * What price() gave for each finding once totals() has priced it: its øre (NaN unknown), and
   * 1 + kind (risk, opportunity, estimate) + 4 when from a tariff; 0 when not priced (yet), 255
   * for none. A report prices every finding for its summary and again as it writes each one.
   */
  private pricedOre: Float64Array | null = null;
  private pricedKind: Uint8Array | null = null;

  /** Finding i's money fields, as its rule declares them. */
  amountOf(i: number): FindingAmount {
    const p = this.cached(i) ?? this.price(i);
    if (!p) return NO_AMOUNT;
    const text = Number.isNaN(p.ore) ? null : oreText(p.ore);
    if (p.kind === 'opportunity') return { amount: null, amountBasis: text === null ? null : p.fromTariff ? 'tariff' : 'beloeb', opportunity: text };
    if (text === null) return NO_AMOUNT;
    return { amount: text, amountBasis: p.kind === 'estimate' ? 'estimate' : p.fromTariff ? 'tariff' : 'beloeb', opportunity: null };
  }

  /**
   * What finding i puts at stake, or null when its rule declares no amount. stake(line, øre) is
   * called for each line at stake, with NaN when the line's kroner are unknown.
   */
  price(i: number, stake?: (line: number, ore: number) => void): Priced | null {
    const { table } = this;
    const rule = table.rules[table.rule[i]!]!;
    const spec = rule.amount;
    if (!spec) return null;
    const kind = spec.of === 'practice-excess' ? 'estimate' : spec.opportunity ? 'opportunity' : 'risk';
    if (spec.of === 'practice-excess') return { ore: this.estimate(i, spec), fromTariff: true, kind };
    const all = table.linesOf(i);
    if (!all.length) return null;
    // Scratch arrays shared by every call: a report prices a finding per flagged line, and most
    // have one or two lines.
    const { lines, ores } = this;
    lines.length = 0;
    ores.length = 0;
    this.lineFromTariffAny = false;
    for (let k = 0; k < all.length; k++) {
      const l = all[k]!;
      if (spec.codes && !spec.codes[this.store.code[l]!]) continue;
      lines.push(l);
      ores.push(this.stakeOre(spec, l));
    }
    const tariff = this.lineFromTariffAny;
    // The stakes are lines[from ..], but for the one at `stands`.
    let from = 0;
    let stands = -1;
    if (spec.of === 'lines-but-highest') {
      // The line that stands: the most kroner, and of equal ones (or when none is known) the first
      // in the input, so that every rule leaves the same line of a tie standing whatever order its
      // lines came in, and the totals count the others once.
      const { file, line } = this.store;
      const first = (a: number, b: number): boolean => file[a]! < file[b]! || (file[a] === file[b] && line[a]! < line[b]!);
      for (let k = 0; k < ores.length; k++) {
        const o = ores[k]!;
        if (stands < 0) stands = k;
        else {
          const b = ores[stands]!;
          if (Number.isNaN(o) ? Number.isNaN(b) && first(lines[k]!, lines[stands]!) : Number.isNaN(b) || o > b || (o === b && first(lines[k]!, lines[stands]!))) stands = k;
        }
      }
    } else if (spec.of === 'units-over-max') {
      from = this.unitsOverMax(i, lines, ores);
    }
    let sum = 0;
    let known = false;
    for (let k = from; k < lines.length; k++) {
      if (k === stands) continue;
      const ore = ores[k]!;
      stake?.(lines[k]!, ore);
      if (Number.isNaN(ore)) continue;
      sum += ore;
      known = true;
    }
    return { ore: known ? sum : Number.NaN, fromTariff: tariff, kind };
  }

  private lineFromTariffAny = false;
  private readonly lines: number[] = [];
  private readonly ores: number[] = [];

  /** Finding i as totals() priced it: undefined when it has not, null for none. */
  private cached(i: number): Priced | null | undefined {
    const k = this.pricedKind?.[i];
    if (!k) return undefined;
    if (k === 255) return null;
    return { ore: this.pricedOre![i]!, fromTariff: k >= 4, kind: KINDS[(k & 3) - 1]! };
  }

  private remember(i: number, p: Priced | null): void {
    if (!this.pricedKind) {
      this.pricedKind = new Uint8Array(this.table.length);
      this.pricedOre = new Float64Array(this.table.length);
    }
    if (!p) this.pricedKind[i] = 255;
    else {
      this.pricedKind[i] = 1 + KINDS.indexOf(p.kind) + (p.fromTariff ? 4 : 0);
      this.pricedOre![i] = p.ore;
    }
  }

  /** Line l's stake under a spec, before any is left out. */
  private stakeOre(spec: AmountRule, l: number): number {
    const own = this.lineOre(l);
    if (this.lineFromTariff) this.lineFromTariffAny = true;
    if (spec.of === 'line-minus-tariff' || spec.of === 'tariff-minus-line') {
      const other = this.otherOre(spec.code ?? this.store.code[l]!, l);
      const diff = spec.of === 'line-minus-tariff' ? own - other : other - own;
      return Number.isNaN(diff) ? Number.NaN : Math.max(0, diff);
    }
    return own;
  }

  /**
   * The first of the lines at stake: those of the units past the limit (details count - max),
   * counted from the last line back; a line with more units than are past the limit is at stake
   * for its share of them (its kroner changed in ores).
   */
  private unitsOverMax(i: number, lines: readonly number[], ores: number[]): number {
    const d = this.table.detailsOf(i) as { count?: unknown; max?: unknown } | null;
    let over = typeof d?.count === 'number' && typeof d.max === 'number' ? d.count - d.max : 0;
    let k = lines.length - 1;
    for (; k >= 0 && over > 0; k--) {
      const units = this.store.antal[lines[k]!]!;
      const take = Math.min(units, over);
      over -= take;
      // A share of whole øre, rounded half up: take × øre / units.
      if (take < units && !Number.isNaN(ores[k]!)) ores[k] = Math.floor((2 * take * ores[k]! + units) / (2 * units));
    }
    // The lines before are within the limit.
    return k + 1;
  }

  /**
   * A practice-level estimate: the units above the threshold (units - threshold × patients) at
   * the practice's own kroner per unit of the code (its lines that count, those above 0 kr.), or
   * at the code's tariff on the input's last day when none of its lines has known kroner.
   */
  private estimate(i: number, spec: AmountRule): number {
    const d = this.table.detailsOf(i) as { units?: unknown; patients?: unknown; threshold?: unknown } | null;
    const parts = this.table.parts.get(i);
    const code = spec.code ?? parts?.codes[0];
    if (code === undefined) return Number.NaN;
    let over: Decimal;
    // The kind's exact figure when it gives one: the details' threshold is rounded for reading.
    if (parts?.unitsOver !== undefined) over = Decimal.max(0, parts.unitsOver);
    else if (typeof d?.units === 'number' && typeof d.patients === 'number' && typeof d.threshold === 'string') over = Decimal.max(0, new Decimal(d.units).minus(new Decimal(d.threshold).mul(d.patients)));
    else return Number.NaN;
    const own = parts?.practice == null ? undefined : this.unitPrices(code).get(parts.practice);
    let perUnit: Decimal;
    if (own && own.units > 0) perUnit = new Decimal(own.ore).div(own.units);
    else {
      const day = this.asOf ?? this.lastDay;
      const tariff = day === null ? Number.NaN : this.tariffOre(code, day, 0);
      if (Number.isNaN(tariff)) return Number.NaN;
      perUnit = new Decimal(tariff);
    }
    return over.mul(perUnit).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  }

  private readonly prices = new Map<number, Map<string, { ore: number; units: number }>>();

  /** Per practice: the kroner and units of a code's input lines above 0 kr. (one pass per code). */
  private unitPrices(code: number): Map<string, { ore: number; units: number }> {
    let m = this.prices.get(code);
    if (m) return m;
    this.prices.set(code, (m = new Map()));
    const { store } = this;
    for (let l = 0; l < store.length; l++) {
      if (store.code[l] !== code || store.file[l]! >= this.inputFiles) continue;
      const ore = this.lineOre(l);
      if (!(ore > 0)) continue;
      const practice = store.practices[store.practice[l]!]!;
      let p = m.get(practice);
      if (!p) m.set(practice, (p = { ore: 0, units: 0 }));
      p.ore += ore;
      p.units += store.antal[l]!;
    }
    return m;
  }

  /**
   * Totals over the given findings (table entries): each line's kroner once in every figure (its
   * largest stake among the findings counted there). With `byPractice`, the same per practice id.
   */
  totals(entries: Iterable<number>, byPractice = false): { totals: MoneyTotals; practices: Map<number, PracticeMoney> } {
    const { table, store } = this;
    const rules = table.rules;
    // The stakes at risk, in typed arrays: never more than the findings' lines.
    const room = table.start[table.length]!;
    const risk = { line: new Uint32Array(room), ore: new Float64Array(room), rule: new Uint32Array(room), n: 0 };
    const chance = { line: [] as number[], ore: [] as number[] };
    const estimates: { rule: number; practice: string | null; ore: number }[] = [];
    // One function each to take the stakes (not one per finding): `rule` says whose they are.
    let rule = 0;
    const toRisk = (line: number, ore: number): void => {
      risk.line[risk.n] = line;
      risk.ore[risk.n] = ore;
      risk.rule[risk.n++] = rule;
    };
    const toChance = (line: number, ore: number): void => {
      chance.line.push(line);
      chance.ore.push(ore);
    };
    // Rules with a finding here whose kroner at risk are known: byRule names only those.
    const found = new Uint8Array(rules.length);
    for (const i of entries) {
      if (i >= table.length) continue;
      const r = table.rule[i]!;
      const kind = rules[r]!.amount;
      if (!kind) continue;
      if (kind.of === 'practice-excess') {
        const priced = this.price(i)!;
        this.remember(i, priced);
        estimates.push({ rule: r, practice: table.parts.get(i)?.practice ?? null, ore: priced.ore });
        continue;
      }
      rule = r;
      const priced = this.price(i, kind.opportunity ? toChance : toRisk);
      this.remember(i, priced);
    }

    // Per severity, topic and rule by number, so that a line's stakes add up without a map.
    const topicNames = [...new Set(rules.map((r) => r.topic))];
    const topicOf = Uint32Array.from(rules, (r) => topicNames.indexOf(r.topic));
    const severityOf = Uint8Array.from(rules, (r) => SEVERITIES.indexOf(r.severity));
    const bySeverityOre = new Float64Array(SEVERITIES.length);
    const byTopicOre = new Float64Array(topicNames.length);
    // Topics with a known stake: byTopic names only those.
    const topicSeen = new Uint8Array(topicNames.length);
    const byRule = new Float64Array(rules.length);
    // `unknown`: a stake at risk whose kroner are unknown (an opportunity alone leaves the practice at 0 kr. at risk, not unknown).
    const practices = new Map<number, { ore: number; est: number; opp: number; known: boolean; unknown: boolean; topics: Map<string, number> }>();
    const practiceOf = (id: number) => {
      let p = practices.get(id);
      if (!p) practices.set(id, (p = { ore: 0, est: 0, opp: 0, known: false, unknown: false, topics: new Map() }));
      return p;
    };
    const add = <K>(m: Map<K, number>, k: K, ore: number): void => void m.set(k, (m.get(k) ?? 0) + ore);
    let total = 0;
    let lines = 0;
    let unknown = 0;
    // Each line's stakes together: in each grouping, the most the line is at stake for there.
    const order = byLine(risk.line.subarray(0, risk.n));
    /** Calls add(group, largest stake) once for each group of the stakes order[a .. b - 1]. */
    const largestBy = (a: number, b: number, groupOf: (rule: number) => number, addTo: (group: number, ore: number) => void): void => {
      for (let k = a; k < b; k++) {
        const ore = risk.ore[order[k]!]!;
        if (Number.isNaN(ore)) continue;
        const g = groupOf(risk.rule[order[k]!]!);
        // Only the first known stake of its group adds, the group's largest (a line has few stakes).
        let first = true;
        let most = ore;
        for (let j = a; j < b; j++) {
          const other = risk.ore[order[j]!]!;
          if (j === k || Number.isNaN(other) || groupOf(risk.rule[order[j]!]!) !== g) continue;
          if (j < k) first = false;
          if (other > most) most = other;
        }
        if (first) addTo(g, most);
      }
    };
    const toSeverity = (r: number): number => severityOf[r]!;
    const toTopic = (r: number): number => topicOf[r]!;
    const toRule = (r: number): number => r;
    const addSeverity = (g: number, ore: number): void => void (bySeverityOre[g]! += ore);
    const addTopic = (g: number, ore: number): void => {
      byTopicOre[g]! += ore;
      topicSeen[g] = 1;
    };
    const addRule = (g: number, ore: number): void => {
      byRule[g]! += ore;
      found[g] = 1;
    };
    let practiceTopics: Map<string, number> | null = null;
    const addPracticeTopic = (g: number, ore: number): void => add(practiceTopics!, topicNames[g]!, ore);
    for (let a = 0; a < order.length; ) {
      const line = risk.line[order[a]!]!;
      let b = a;
      while (b < order.length && risk.line[order[b]!] === line) b++;
      let best = Number.NaN;
      for (let k = a; k < b; k++) best = maxKnown(best, risk.ore[order[k]!]!);
      if (Number.isNaN(best)) {
        unknown++;
        if (byPractice) practiceOf(store.practice[line]!).unknown = true;
      } else {
        lines++;
        total += best;
        largestBy(a, b, toSeverity, addSeverity);
        largestBy(a, b, toTopic, addTopic);
        largestBy(a, b, toRule, addRule);
        if (byPractice) {
          const p = practiceOf(store.practice[line]!);
          p.ore += best;
          p.known = true;
          practiceTopics = p.topics;
          largestBy(a, b, toTopic, addPracticeTopic);
        }
      }
      a = b;
    }
    let estimated = 0;
    for (const e of estimates) {
      const rule = rules[e.rule]!;
      const id = byPractice && e.practice !== null ? store.practices.indexOf(e.practice) : -1;
      if (Number.isNaN(e.ore)) {
        if (id >= 0) practiceOf(id).unknown = true;
        continue;
      }
      total += e.ore;
      estimated += e.ore;
      found[e.rule] = 1;
      bySeverityOre[severityOf[e.rule]!]! += e.ore;
      byTopicOre[topicOf[e.rule]!]! += e.ore;
      topicSeen[topicOf[e.rule]!] = 1;
      byRule[e.rule]! += e.ore;
      if (id >= 0) {
        const p = practiceOf(id);
        p.est += e.ore;
        p.known = true;
        add(p.topics, rule.topic, e.ore);
      }
    }
    let opportunity = 0;
    const chances = byLine(chance.line);
    for (let a = 0; a < chances.length; ) {
      const line = chance.line[chances[a]!]!;
      let best = Number.NaN;
      for (; a < chances.length && chance.line[chances[a]!] === line; a++) best = maxKnown(best, chance.ore[chances[a]!]!);
      if (Number.isNaN(best)) continue;
      opportunity += best;
      if (byPractice) practiceOf(store.practice[line]!).opp += best;
    }
    const ruleTotals = new Map<string, number>();
    for (let r = 0; r < rules.length; r++) if (found[r]) add(ruleTotals, rules[r]!.id, byRule[r]!);
    const out = new Map<number, PracticeMoney>();
    for (const [id, p] of practices) {
      out.set(id, { atRisk: p.known || !p.unknown ? oreText(p.ore + p.est) : null, estimated: oreText(p.est), opportunity: oreText(p.opp), byTopic: new Map([...p.topics].map(([t, ore]) => [t, oreText(ore)])) });
    }
    return {
      totals: {
        total: oreText(total),
        lines,
        estimated: oreText(estimated),
        opportunity: oreText(opportunity),
        linesWithoutAmount: unknown,
        bySeverity: { error: oreText(bySeverityOre[0]!), warning: oreText(bySeverityOre[1]!), info: oreText(bySeverityOre[2]!) },
        byTopic: sortedText(new Map(topicNames.flatMap((t, g) => (topicSeen[g] ? [[t, byTopicOre[g]!] as const] : [])))),
        byRule: sortedText(ruleTotals),
      },
      practices: out,
    };
  }
}

/** The larger of two stakes, where NaN (unknown) is smaller than any known one. */
function maxKnown(a: number, b: number): number {
  return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b);
}

/** Øre by key as kroner texts, in Danish order (as the summary's topics). */
export function sortedText(m: Map<string, number>): Record<string, string> {
  // Keys are rule-file text: written as own properties, so "__proto__" stays a key like any other.
  return Object.fromEntries([...m].sort(([a], [b]) => compareDanish(a, b)).map(([k, ore]) => [k, oreText(ore)]));
}

/** Positions of `lines` ordered by line (stable): a radix sort on two 16-bit digits. */
function byLine(lines: ArrayLike<number>): Uint32Array {
  const n = lines.length;
  let order = new Uint32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(1 << 16);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let k = 0; k < n; k++) counts[(lines[k]! >>> shift) & 0xffff]!++;
    for (let d = 0, sum = 0; d < counts.length; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const s = order[k]!;
      spare[counts[(lines[s]! >>> shift) & 0xffff]!++] = s;
    }
    [order, spare] = [spare, order];
  }
  return order;
}
