// Kind catalog-validity: a code used outside its validity dates in the catalogue.
import { z } from 'zod';
import { isoDate, parseIsoDate } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity, periodText, ruleDay } from './kind.js';

const params = z
  .object({
    codes: codeSet,
    check: z
      .enum(['validity', 'known-until'])
      .describe("validity: before the code's validFrom or after its validTo; known-until: after the last date a source confirms (knownUntil)"),
  })
  .strict();

export interface Compiled {
  codes: CodeBitmap;
  knownUntil: boolean;
}

export const catalogValidity = defineKind({
  kind: 'catalog-validity',
  description: "A code used outside its validity dates in the catalogue (or after the last date a source confirms it)",
  params,
  compile: (p, resolve): Compiled => ({ codes: resolve(p.codes, 'codes'), knownUntil: p.check === 'known-until' }),
  create(rule, ctx) {
    const { store, catalog } = ctx;
    const c = rule.params;
    // Per code: the first and last valid day (or the last confirmed day); codes without dates stay unset.
    const from = new Int32Array(10000).fill(-(2 ** 31));
    const to = new Int32Array(10000).fill(2 ** 31 - 1);
    for (const e of catalog.entries) {
      const code = Number(e.code);
      if (!c.codes[code]) continue;
      if (c.knownUntil) {
        if (e.knownUntil) to[code] = parseIsoDate(e.knownUntil)!;
        continue;
      }
      if (e.validFrom) from[code] = parseIsoDate(e.validFrom)!;
      if (e.validTo) to[code] = parseIsoDate(e.validTo)!;
    }
    // Only codes with a bound can be out of it.
    // A history line is not judged again: its invoice was checked when it was sent.
    const history = firstHistoryFile(ctx);
    const bounded = new Uint8Array(10000);
    for (let code = 0; code < 10000; code++) if (from[code]! > -(2 ** 31) || to[code]! < 2 ** 31 - 1) bounded[code] = 1;
    return {
      only: bounded,
      patient(lines) {
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          const code = store.code[i]!;
          if (!c.codes[code] || store.file[i]! >= history) continue;
          const day = ruleDay(ctx, i);
          if (day >= from[code]! && day <= to[code]!) continue;
          if (!inValidity(rule, store.day[i]!)) continue;
          const e = catalog.get(code);
          if (!e) continue;
          ctx.emitLines(rule, [i], {
            code: e.code,
            validFrom: e.validFrom,
            validTo: e.validTo,
            knownUntil: e.knownUntil ?? null,
            validity: periodText(ctx.lang, e.validFrom, e.validTo),
            judgedOn: isoDate(day),
          });
        }
      },
    };
  },
});
