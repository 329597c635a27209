// Kind same-day-exclusion: codes that may not be billed on the same day as certain other codes.
import { z } from 'zod';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { formatCode } from '../model/finding.js';
import { defineKind, forEachSameDay, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet.describe('The codes the rule is about'),
    notWith: codeSet.describe('Codes that may not be on the same day as them'),
  })
  .strict();

export const sameDayExclusion = defineKind({
  kind: 'same-day-exclusion',
  description: 'A code may not be billed on the same day (same patient, practice and date) as any of a set of other codes',
  params,
  compile: (p, resolve): { codes: CodeBitmap; notWith: CodeBitmap } => ({
    codes: resolve(p.codes, 'codes'),
    notWith: resolve(p.notWith, 'notWith'),
  }),
  create(rule, ctx) {
    const { store } = ctx;
    const { codes, notWith } = rule.params;
    return {
      only: codes,
      patient(lines) {
        forEachSameDay(store, lines, (from, to) => {
          if (to - from < 2 || !inValidity(rule, store.day[lines[from]!]!)) return;
          let subject = false;
          let other = false;
          for (let k = from; k < to; k++) {
            const code = store.code[lines[k]!]!;
            if (codes[code]) subject = true;
            else if (notWith[code]) other = true;
          }
          if (!subject || !other) return;
          const involved: number[] = [];
          const others = new Set<string>();
          for (let k = from; k < to; k++) {
            const code = store.code[lines[k]!]!;
            if (codes[code] || notWith[code]) involved.push(lines[k]!);
            if (notWith[code] && !codes[code]) others.add(formatCode(code));
          }
          ctx.emitLines(rule, involved, { others: [...others] });
        });
      },
    };
  },
});
