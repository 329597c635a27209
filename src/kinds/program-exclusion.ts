// Kind program-exclusion: services covered by a programme fee may not be billed (or not with an amount) while the patient is enrolled.
import { z } from 'zod';
import { isoDate } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { formatCode } from '../model/finding.js';
import { defineKind, firstHistoryFile, forEachDay, inValidity, union } from './kind.js';

const params = z
  .object({
    enrolCodes: codeSet.describe('Codes that enrol the patient at the practice on their date'),
    endCodes: codeSet.describe('Codes that end the enrolment at the practice when dated after it'),
    excludedCodes: codeSet.describe('Codes covered by the programme fee: not billable while enrolled'),
    findingWhen: z
      .enum(['every-line', 'amount-above-zero'])
      .default('every-line')
      .describe(
        'every-line: any line of an excluded code is a finding. amount-above-zero: the codes are still registered and the settlement zero-rates them, so only a line with an amount above 0 is a finding; amount 0 (or a credit) passes, and a line without an amount is not judged but counted (withoutAmount)',
      ),
  })
  .strict();

interface Enrolment {
  practice: number;
  enrolled: number;
  enrolCode: number;
  /** The enrolment's line. */
  enrolLine: number;
  ended: number;
}

export const programExclusion = defineKind({
  kind: 'program-exclusion',
  description: 'Codes covered by a programme fee may not be billed (or, when zero-rated, not with an amount) for a patient enrolled at that practice',
  params,
  compile: (p, resolve): { enrol: CodeBitmap; end: CodeBitmap; excluded: CodeBitmap; byAmount: boolean } => ({
    enrol: resolve(p.enrolCodes, 'enrolCodes'),
    end: resolve(p.endCodes, 'endCodes'),
    excluded: resolve(p.excludedCodes, 'excludedCodes'),
    byAmount: p.findingWhen === 'amount-above-zero',
  }),
  // An enrolment holds until it is ended, however long ago it was made.
  lookBack: () => 'unbounded',
  // Earlier enrolments and ends; an earlier excluded line is not judged again.
  historyCodes: (c) => union(c.enrol, c.end),
  create(rule, ctx) {
    const { store } = ctx;
    const { enrol, end, excluded, byAmount } = rule.params;
    // History lines enrol and end, but are not judged (nor counted) again.
    const history = firstHistoryFile(ctx);
    let withoutAmount = 0;
    return {
      only: enrol,
      patient(lines) {
        let any = false;
        for (let k = 0; k < lines.length && !any; k++) any = enrol[store.code[lines[k]!]!] === 1;
        if (!any) return;
        // A patient has few practices: a short list beats a map here.
        const state: Enrolment[] = [];
        const at = (practice: number): Enrolment => {
          let s = state.find((e) => e.practice === practice);
          if (!s) state.push((s = { practice, enrolled: -Infinity, enrolCode: -1, enrolLine: -1, ended: -Infinity }));
          return s;
        };
        forEachDay(store, lines, (from, to) => {
          const day = store.day[lines[from]!]!;
          // Enrolments and ends dated this day count for the services of the same day.
          for (let k = from; k < to; k++) {
            const i = lines[k]!;
            const code = store.code[i]!;
            if (enrol[code]) {
              const s = at(store.practice[i]!);
              s.enrolled = day;
              s.enrolCode = code;
              s.enrolLine = i;
            } else if (end[code]) at(store.practice[i]!).ended = day;
          }
          for (let k = from; k < to; k++) {
            const i = lines[k]!;
            if (!excluded[store.code[i]!] || store.file[i]! >= history || !inValidity(rule, day)) continue;
            const s = state.find((e) => e.practice === store.practice[i]);
            // An end on the enrolment day itself is not "after" the enrolment.
            if (!s || s.enrolled === -Infinity || s.ended > s.enrolled) continue;
            const details: Record<string, unknown> = { enrolledOn: isoDate(s.enrolled), enrolCode: formatCode(s.enrolCode) };
            if (byAmount) {
              // A zero-rated code is still registered: only an amount above 0 bills it separately.
              const amountId = store.amount[i]!;
              if (amountId === 0) {
                withoutAmount++;
                continue;
              }
              const amount = store.amounts[amountId]!;
              if (amount === '0.00' || amount.startsWith('-')) continue;
              details.amount = amount;
            }
            // An enrolment from an earlier invoice goes with the line: the context drops it and
            // names its invoice. One from the input is named by its date alone, as before.
            ctx.emitLines(rule, store.file[s.enrolLine]! >= history ? [s.enrolLine, i] : [i], details);
          }
        });
      },
      finish() {
        // Lines of an enrolled patient with no amount could not be judged.
        if (byAmount) ctx.tally(rule.id, 'withoutAmount', withoutAmount);
      },
      gathered: () => withoutAmount,
      absorb(n) {
        withoutAmount += n as number;
      },
    };
  },
});
