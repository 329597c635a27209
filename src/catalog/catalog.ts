// The service-code catalogue in memory: lookup by numeric code, classes and groups.
import type { CatalogEntry } from './schema.js';

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

  /** Codes whose class or one of whose groups is `name`. */
  members(name: string): number[] {
    const out: number[] = [];
    for (const e of this.entries) if (e.class === name || e.groups?.includes(name)) out.push(Number(e.code));
    return out;
  }
}
