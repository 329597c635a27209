// Kind age-range: a code only for patients of a given age (from the CPR's birth date) on the service date.
import { z } from 'zod';
import { ageOn } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet,
    minAge: z.number().int().min(0).optional().describe('Youngest allowed age in whole years on the service date'),
    maxAge: z.number().int().min(0).optional().describe('Oldest allowed age in whole years on the service date'),
  })
  .strict()
  .refine((p) => p.minAge !== undefined || p.maxAge !== undefined, { message: 'give minAge, maxAge or both' })
  .refine((p) => p.minAge === undefined || p.maxAge === undefined || p.minAge <= p.maxAge, { message: 'minAge is above maxAge' });

export interface Compiled {
  codes: CodeBitmap;
  minAge: number;
  maxAge: number;
}

export const ageRange = defineKind({
  kind: 'age-range',
  description: "A code only for patients whose age on the service date (from the CPR's birth date) is within limits",
  params,
  compile: (p, resolve): Compiled => ({ codes: resolve(p.codes, 'codes'), minAge: p.minAge ?? 0, maxAge: p.maxAge ?? Infinity }),
  create(rule, ctx) {
    const { store } = ctx;
    const c = rule.params;
    // A history line is not judged again: its invoice was checked when it was sent.
    const history = firstHistoryFile(ctx);
    return {
      only: c.codes,
      patient(lines) {
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          if (!c.codes[store.code[i]!] || store.file[i]! >= history || !inValidity(rule, store.day[i]!)) continue;
          const age = ageOn(store.births[store.patient[i]!]!, store.day[i]!);
          if (age >= c.minAge && age <= c.maxAge) continue;
          ctx.emitLines(rule, [i], { age, minAge: c.minAge, maxAge: Number.isFinite(c.maxAge) ? c.maxAge : null });
        }
      },
    };
  },
});
