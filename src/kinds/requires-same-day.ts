// Kind requires-same-day: a code needs one of its base codes for the same patient, practice and date.
import { z } from 'zod';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, forEachSameDay, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet.describe('The codes that need a base'),
    anyOf: codeSet.describe('Base codes: one of them must be on the same day'),
  })
  .strict();

export const requiresSameDay = defineKind({
  kind: 'requires-same-day',
  description: 'A code needs one of a set of base codes on the same day (same patient, practice and date)',
  params,
  compile: (p, resolve): { codes: CodeBitmap; anyOf: CodeBitmap } => ({
    codes: resolve(p.codes, 'codes'),
    anyOf: resolve(p.anyOf, 'anyOf'),
  }),
  create(rule, ctx) {
    const { store } = ctx;
    const { codes, anyOf } = rule.params;
    return {
      only: codes,
      patient(lines) {
        forEachSameDay(store, lines, (from, to) => {
          let needing: number[] | undefined;
          for (let k = from; k < to; k++) {
            const code = store.code[lines[k]!]!;
            if (anyOf[code]) return;
            if (codes[code] && inValidity(rule, store.day[lines[k]!]!)) (needing ??= []).push(lines[k]!);
          }
          if (needing) ctx.emitLines(rule, needing, null);
        });
      },
    };
  },
});
