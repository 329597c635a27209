// Kind insurance-group: a code billable only for patients of certain sikringsgrupper.
import { z } from 'zod';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet,
    allowedGroups: z.array(z.union([z.literal(1), z.literal(2)])).min(1).describe('The sikringsgrupper the codes may be billed for'),
  })
  .strict();

export const insuranceGroup = defineKind({
  kind: 'insurance-group',
  description: 'A code billable only for patients in certain sikringsgrupper (needs the sikringsgruppe column)',
  params,
  compile: (p, resolve): { codes: CodeBitmap; allowed: number[] } => ({ codes: resolve(p.codes, 'codes'), allowed: p.allowedGroups }),
  create(rule, ctx) {
    const { store } = ctx;
    const { codes, allowed } = rule.params;
    // A history line is neither judged nor counted again: its invoice was checked when it was sent.
    const history = firstHistoryFile(ctx);
    let withoutGroup = 0;
    return {
      only: codes,
      patient(lines) {
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          if (!codes[store.code[i]!] || store.file[i]! >= history || !inValidity(rule, store.day[i]!)) continue;
          const group = store.group[i]!;
          if (group === 0) withoutGroup++;
          else if (!allowed.includes(group)) ctx.emitLines(rule, [i], { group, allowed });
        }
      },
      finish() {
        ctx.tally(rule.id, 'withoutGroup', withoutGroup);
      },
      gathered: () => withoutGroup,
      absorb(n) {
        withoutGroup += n as number;
      },
    };
  },
});
