// The service-code catalogue in memory: lookup by numeric code, classes and groups, names by date.
import { isoDate } from '../model/date.js';
import type { CatalogEntry, CatalogText, DatedName } from './schema.js';

/** A catalogue text in one language: a plain string serves both. */
export function catalogText(t: CatalogText, lang: 'da' | 'en'): string {
  return typeof t === 'string' ? t : t[lang];
}

/** An entry's names with their periods, oldest first; a plain name is in force throughout. */
export function entryNames(e: CatalogEntry): DatedName[] {
  return typeof e.name === 'string' ? [{ name: e.name, from: null, to: null }] : e.name;
}

/** The name in force now: the last one. */
export function currentName(e: CatalogEntry): string {
  return entryNames(e).at(-1)!.name;
}

export class Catalog {
  private readonly byCode = new Map<number, CatalogEntry>();
  /** 1 where the code is in the catalogue. */
  readonly known = new Uint8Array(10000);

  constructor(readonly entries: readonly CatalogEntry[]) {
    for (const e of entries) {
      const n = Number(e.code);
      this.byCode.set(n, e);
      this.known[n] = 1;
    }
  }

  get(code: number): CatalogEntry | undefined {
    return this.byCode.get(code);
  }

  /**
   * The code's name on a day (a day number): the one whose period holds the day. Before the first
   * name's start that first name, after the last name's end the last one, so a line always gets
   * the name nearest its date. Undefined when the code is not in the catalogue.
   */
  nameOn(code: number, day: number): string | undefined {
    const e = this.byCode.get(code);
    if (!e) return undefined;
    const names = entryNames(e);
    const date = isoDate(day);
    // ISO dates compare as strings; a name holds up to and including its `to`.
    const found = names.find((n) => n.to === null || date <= n.to);
    return (found ?? names.at(-1)!).name;
  }

  /** Codes whose class or one of whose groups is `name`. */
  members(name: string): number[] {
    const out: number[] = [];
    for (const e of this.entries) if (e.class === name || e.groups?.includes(name)) out.push(Number(e.code));
    return out;
  }
}
