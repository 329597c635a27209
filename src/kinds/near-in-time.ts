// Kind near-in-time: a code used when another code set appears for the same patient and practice within N days.
import { z } from 'zod';
import { isoDate } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { formatCode } from '../model/finding.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet.describe('The codes the finding is about'),
    near: codeSet.describe('The codes whose nearness makes the finding'),
    days: z.number().int().min(0).describe('Days either side of the line (0: the same day only)'),
  })
  .strict();

export interface Compiled {
  codes: CodeBitmap;
  near: CodeBitmap;
  days: number;
}

export const nearInTime = defineKind({
  kind: 'near-in-time',
  description: 'A code billed while codes of another set appear for the same patient and practice within N days either side',
  params,
  compile: (p, resolve): Compiled => ({ codes: resolve(p.codes, 'codes'), near: resolve(p.near, 'near'), days: p.days }),
  lookBack: (c) => (c.days > 0 ? c.days : null),
  // An earlier line of `codes` would make a finding about the history alone, which is dropped.
  historyCodes: (c) => c.near,
  create(rule, ctx) {
    const { store } = ctx;
    const c = rule.params;
    const history = firstHistoryFile(ctx);
    return {
      only: c.codes,
      patient(lines) {
        let near: number[] | undefined;
        let subject = false;
        for (let k = 0; k < lines.length; k++) {
          const code = store.code[lines[k]!]!;
          if (c.near[code]) (near ??= []).push(lines[k]!);
          else if (c.codes[code]) subject = true;
        }
        if (!near || !subject) return;
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          const code = store.code[i]!;
          if (!c.codes[code] || c.near[code] || !inValidity(rule, store.day[i]!)) continue;
          const day = store.day[i]!;
          // The nearest line of the set at the same practice (near is in day order).
          let best = -1;
          for (const j of near) {
            if (store.practice[j] !== store.practice[i]) continue;
            const gap = Math.abs(store.day[j]! - day);
            if (gap <= c.days && (best < 0 || gap < Math.abs(store.day[best]! - day))) best = j;
          }
          if (best < 0) continue;
          // A near line from an earlier invoice goes with the finding: the context drops it and
          // names its invoice. One from the input is named by its code and date alone, as before.
          const about = store.file[best]! < history ? [i] : best < i ? [best, i] : [i, best];
          ctx.emitLines(rule, about, { nearCode: formatCode(store.code[best]!), nearDate: isoDate(store.day[best]!), days: c.days });
        }
      },
    };
  },
});
