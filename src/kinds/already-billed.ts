// Kind already-billed: an input line that repeats a line of an earlier invoice in the history ledger.
import { z } from 'zod';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, forEachRepeat, inValidity } from './kind.js';

const params = z.object({ codes: codeSet }).strict();

export const alreadyBilled = defineKind({
  kind: 'already-billed',
  description:
    'An input line identical to a line of another invoice in the history ledger (same practice, patient, date, code and antal, and time when both have one); needs --history',
  params,
  compile: (p, resolve): { codes: CodeBitmap } => ({ codes: resolve(p.codes, 'codes') }),
  // It compares lines of the same day, but from other invoices: only a history shows them.
  lookBack: () => 0,
  create(rule, ctx) {
    const { store } = ctx;
    const { codes } = rule.params;
    const history = firstHistoryFile(ctx);
    // Per input line (by its place in the patient's lines): the earlier lines it repeats.
    let repeated: number[][] = [];
    const collect = (k: number, j: number): void => {
      (repeated[k] ??= []).push(j);
    };
    return {
      // Without a history there is nothing to compare with: no patient is looked at.
      only: ctx.history ? codes : new Uint8Array(codes.length),
      seesRepeats: true,
      patient(lines) {
        repeated = [];
        forEachRepeat(store, lines, history, collect);
        repeated.forEach((earlier, k) => {
          const i = lines[k]!;
          if (!codes[store.code[i]!] || !inValidity(rule, store.day[i]!)) return;
          // The context drops the earlier lines and names their invoices (details.history).
          ctx.emitLines(rule, [i, ...earlier.map((j) => lines[j]!)], null);
        });
      },
    };
  },
});
