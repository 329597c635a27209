// Dated fees per service code: from the catalogue, or from a user's honorartabel (--tariffs).
import { Decimal } from 'decimal.js';
import { OPEN_END, parseIsoDate } from '../model/date.js';
import { type Catalog, catalogText } from './catalog.js';

export interface Tariff {
  code: number;
  /** Day numbers, inclusive. */
  from: number;
  to: number;
  /** Kroner per unit. */
  amount: Decimal;
  /** 1 or 2 when the fee is for one sikringsgruppe only, else 0. */
  group: number;
  /** Where the fee comes from: a catalogue source, or "file:line" of a user table. */
  source: string;
}


export class TariffTable {
  private readonly byCode = new Map<number, Tariff[]>();

  constructor(
    tariffs: readonly Tariff[],
    /** Where the table came from, for the report: "catalogue" or the file name. */
    readonly origin: string,
  ) {
    for (const t of tariffs) {
      let list = this.byCode.get(t.code);
      if (!list) this.byCode.set(t.code, (list = []));
      list.push(t);
    }
    for (const list of this.byCode.values()) list.sort((a, b) => a.from - b.from || a.group - b.group);
  }

  static fromCatalog(catalog: Catalog): TariffTable {
    const tariffs: Tariff[] = [];
    for (const e of catalog.entries) {
      for (const t of e.tariffs) {
        tariffs.push({
          code: Number(e.code),
          from: parseIsoDate(t.from)!,
          to: t.to === null ? OPEN_END : parseIsoDate(t.to)!,
          amount: new Decimal(t.amount),
          group: 0,
          // Danish first, as the findings' texts: the level says which price level the source states.
          source: `${t.source} (${catalogText(t.level, 'da')})`,
        });
      }
    }
    return new TariffTable(tariffs, 'catalogue');
  }

  /** Every fee in the table. */
  list(): Tariff[] {
    return [...this.byCode.values()].flat();
  }

  get size(): number {
    let n = 0;
    for (const list of this.byCode.values()) n += list.length;
    return n;
  }

  /**
   * The fee for a code on a day for a sikringsgruppe (0 when unknown): a fee for that group first,
   * then one for every group. With no group on the line, group fees count only when they agree.
   */
  lookup(code: number, day: number, group: number): Tariff | undefined {
    const list = this.byCode.get(code);
    if (!list) return undefined;
    let general: Tariff | undefined;
    let forGroup: Tariff | undefined;
    let anyGroup: Tariff | undefined;
    let groupsDisagree = false;
    for (const t of list) {
      if (t.from > day || t.to < day) continue;
      if (t.group === 0) general ??= t;
      else if (t.group === group) forGroup ??= t;
      else if (group === 0) {
        if (anyGroup && !anyGroup.amount.eq(t.amount)) groupsDisagree = true;
        anyGroup ??= t;
      }
    }
    return forGroup ?? general ?? (groupsDisagree ? undefined : anyGroup);
  }
}
