// Kind duplicate-lines: the same service twice: same practice, patient, date, code and (when given) time.
import { z } from 'zod';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const params = z.object({ codes: codeSet }).strict();

export const duplicateLines = defineKind({
  kind: 'duplicate-lines',
  description: 'Two or more lines with the same practice, patient, date, code and time (when a time is given)',
  params,
  compile: (p, resolve): { codes: CodeBitmap } => ({ codes: resolve(p.codes, 'codes') }),
  create(rule, ctx) {
    const { store } = ctx;
    const { codes } = rule.params;
    // Only the input's lines: a line that repeats one of an earlier invoice is allerede-afregnet's
    // (kind already-billed), not a duplicate within this invoice.
    const history = firstHistoryFile(ctx);
    return {
      patient(lines) {
        // Timeline order puts lines with the same day, practice and code next to each other.
        let from = 0;
        while (from < lines.length) {
          const a = lines[from]!;
          let to = from + 1;
          while (
            to < lines.length &&
            store.day[lines[to]!] === store.day[a] &&
            store.practice[lines[to]!] === store.practice[a] &&
            store.code[lines[to]!] === store.code[a]
          ) {
            to++;
          }
          if (to - from > 1 && codes[store.code[a]!] && inValidity(rule, store.day[a]!)) {
            // Within the run, lines with the same time (or both without one) are duplicates.
            const byTime = new Map<number, number[]>();
            for (let k = from; k < to; k++) {
              if (store.file[lines[k]!]! >= history) continue;
              const t = store.time[lines[k]!]!;
              let set = byTime.get(t);
              if (!set) byTime.set(t, (set = []));
              set.push(lines[k]!);
            }
            for (const set of byTime.values()) if (set.length > 1) ctx.emitLines(rule, set, { count: set.length });
          }
          from = to;
        }
      },
    };
  },
});
