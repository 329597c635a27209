// Kind already-billed: an input line that repeats a line of an earlier invoice in the history ledger.
import { z } from 'zod';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

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
    // The line and the earlier lines it repeats; reused from finding to finding.
    const same: number[] = [];
    return {
      // Without a history there is nothing to compare with: no patient is looked at.
      only: ctx.history ? codes : new Uint8Array(codes.length),
      patient(lines) {
        // Timeline order puts lines with the same day, practice, code and antal next to each
        // other, the input's (lower file numbers) before the history's.
        const { day, practice, code, antal, file, time } = store;
        let from = 0;
        while (from < lines.length) {
          const a = lines[from]!;
          let to = from + 1;
          while (to < lines.length && day[lines[to]!] === day[a] && practice[lines[to]!] === practice[a] && code[lines[to]!] === code[a] && antal[lines[to]!] === antal[a]) to++;
          // Worth a look only when the run starts with an input line and ends with a history line.
          if (to - from > 1 && file[a]! < history && file[lines[to - 1]!]! >= history && codes[code[a]!] && inValidity(rule, day[a]!)) {
            for (let k = from; k < to && file[lines[k]!]! < history; k++) {
              const i = lines[k]!;
              same.length = 0;
              same.push(i);
              for (let j = k + 1; j < to; j++) {
                const h = lines[j]!;
                if (file[h]! < history) continue;
                // A time is compared only when both lines have one.
                if (time[i]! < 0 || time[h]! < 0 || time[i] === time[h]) same.push(h);
              }
              // The context drops the history lines and names their invoices (details.history).
              if (same.length > 1) ctx.emitLines(rule, same, null);
            }
          }
          from = to;
        }
      },
    };
  },
});
