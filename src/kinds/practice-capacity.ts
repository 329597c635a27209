// Kind practice-capacity: a practice's yearly units of a code set against a minimum per lægekapacitet.
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { yearMonthOf } from '../model/date.js';
import { codeSet, decimalString, text } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, notEvaluatedRule } from './kind.js';

const params = z
  .object({
    codes: codeSet,
    perCapacity: decimalString.describe('A finding when the units in a calendar year are below this times the practice capacities'),
    notEvaluated: z
      .object({ id: z.string().regex(/^[a-z0-9-]+$/), message: text })
      .strict()
      .describe('The info finding made for practices the rule cannot judge: no register, not in it, or a year the input does not cover'),
  })
  .strict();

export interface Compiled {
  codes: CodeBitmap;
  perCapacity: Decimal;
  notEvaluated: { id: string; message: { da: string; en: string } };
}

interface Year {
  practice: number;
  year: number;
  units: number;
  /** Bit per month (January = bit 0) with any line of the practice. */
  months: number;
}

const ALL_MONTHS = 0xfff;

const REASON = {
  da: { 'no-register': 'intet praksisregister; angiv --practices', 'not-in-register': 'ikke i praksisregistret', 'partial-year': 'input dækker ikke alle årets 12 måneder' },
  en: { 'no-register': 'no practice register; give --practices', 'not-in-register': 'not in the practice register', 'partial-year': 'the input does not cover all 12 months of the year' },
} as const;

export const practiceCapacity = defineKind({
  kind: 'practice-capacity',
  description: 'A practice must bill at least N units of a code set per lægekapacitet per calendar year (needs --practices)',
  params,
  compile: (p, resolve): Compiled => ({ codes: resolve(p.codes, 'codes'), perCapacity: new Decimal(p.perCapacity), notEvaluated: p.notEvaluated }),
  create(rule, ctx) {
    const { store } = ctx;
    const c = rule.params;
    return {
      // No patient(): one pass over the columns in finish() sees every line without a call per
      // patient (this rule looks at every line, for the months a practice has lines in).
      finish() {
        const years = new Map<number, Year>();
        const { day, practice, code, antal, file } = store;
        // History lines are left out: the ledger gives only the input's patients, so the
        // practice's care plans for its other patients would be missing from the year.
        const history = firstHistoryFile(ctx);
        let last: Year | undefined;
        let lastDay = Number.NaN;
        let ym = 0;
        const { validFrom, validTo } = rule;
        for (let i = 0, n = store.length; i < n; i++) {
          const d = day[i]!;
          if (d < validFrom || d > validTo || file[i]! >= history) continue;
          if (d !== lastDay) {
            lastDay = d;
            ym = yearMonthOf(d);
          }
          const year = ym >> 4;
          const p = practice[i]!;
          if (!last || last.practice !== p || last.year !== year) {
            const key = p * 10000 + year;
            last = years.get(key);
            if (!last) years.set(key, (last = { practice: p, year, units: 0, months: 0 }));
          }
          last.months |= 1 << ((ym & 15) - 1);
          if (c.codes[code[i]!]) last.units += antal[i]!;
        }
        if (years.size === 0) return;
        const skipped = { 'no-register': new Set<string>(), 'not-in-register': new Set<string>(), 'partial-year': new Set<string>() };
        const sorted = [...years.values()].sort((a, b) => a.year - b.year || (store.practices[a.practice]! < store.practices[b.practice]! ? -1 : 1));
        for (const y of sorted) {
          const practice = store.practices[y.practice]!;
          const info = ctx.practices?.get(practice);
          if (!ctx.practices) skipped['no-register'].add(practice);
          else if (!info) skipped['not-in-register'].add(practice);
          else if (y.months !== ALL_MONTHS) skipped['partial-year'].add(`${practice} (${y.year})`);
          else {
            const minimum = c.perCapacity.mul(info.capacities);
            if (minimum.lte(y.units)) continue;
            ctx.emit(rule, {
              practice,
              cpr: null,
              date: null,
              codes: [],
              locations: [],
              details: { year: y.year, units: y.units, capacities: info.capacities.toString(), perCapacity: c.perCapacity.toString(), minimum: minimum.toString() },
            });
          }
        }
        for (const [reason, practices] of Object.entries(skipped)) {
          if (!practices.size) continue;
          ctx.emit(
            notEvaluatedRule(rule, c.notEvaluated),
            { practice: null, cpr: null, date: null, codes: [], locations: [], details: { reason, reasonText: REASON[ctx.lang][reason as keyof typeof REASON.da], practices: [...practices], count: practices.size } },
          );
        }
      },
    };
  },
});
