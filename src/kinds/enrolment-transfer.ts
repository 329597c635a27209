// Kind enrolment-transfer: a patient enrolled at a second practice while the first enrolment is still open.
import { z } from 'zod';
import { isoDate } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { formatCode } from '../model/finding.js';
import { defineKind, forEachDay, inValidity, union } from './kind.js';

const params = z
  .object({
    enrolCodes: codeSet.describe('Codes that enrol the patient at the practice'),
    endCodes: codeSet.describe('Codes that end the enrolment at the practice'),
  })
  .strict();

export const enrolmentTransfer = defineKind({
  kind: 'enrolment-transfer',
  description: 'A patient enrolled at another practice while an earlier enrolment has not been ended there',
  params,
  compile: (p, resolve): { enrol: CodeBitmap; end: CodeBitmap } => ({ enrol: resolve(p.enrolCodes, 'enrolCodes'), end: resolve(p.endCodes, 'endCodes') }),
  // An enrolment stays open until it is ended, however long ago it was made.
  lookBack: () => 'unbounded',
  historyCodes: (c) => union(c.enrol, c.end),
  create(rule, ctx) {
    const { store } = ctx;
    const { enrol, end } = rule.params;
    return {
      only: enrol,
      patient(lines) {
        // The open enrolment: practice, day and line; an end at that practice on or after the day closes it.
        let open: { practice: number; day: number; line: number } | null = null;
        forEachDay(store, lines, (from, to) => {
          const day = store.day[lines[from]!]!;
          // Ends dated this day count before enrolments of the same day, whatever the practice order.
          for (let k = from; k < to; k++) {
            const i = lines[k]!;
            if (end[store.code[i]!] && open && open.practice === store.practice[i]) open = null;
          }
          for (let k = from; k < to; k++) {
            const i = lines[k]!;
            if (!enrol[store.code[i]!]) continue;
            const practice = store.practice[i]!;
            if (open && open.practice !== practice && inValidity(rule, day)) {
              // The new enrolment first: the finding is about the practice that enrols.
              ctx.emitLines(rule, [i, open.line], {
                previousPractice: store.practices[open.practice],
                previousEnrolment: isoDate(open.day),
                previousCode: formatCode(store.code[open.line]!),
              });
            }
            open = { practice, day, line: i };
          }
        });
      },
    };
  },
});
