// Kind practice-count: one review finding per practice with how often it billed a code set.
import { z } from 'zod';
import { isoDate } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet.describe('The codes counted per practice'),
    unlessAnyOf: codeSet
      .optional()
      .describe('No finding for a practice that billed any of these codes in the checked period (within the rule’s validity), e.g. video 0125 beside 0204'),
  })
  .strict();

interface Tally {
  lines: number;
  units: number;
  patients: number;
  lastPatient: number;
  first: number;
  last: number;
  codes: Set<number>;
}

interface Gathered {
  byPractice: Map<number, Tally>;
  cleared: Set<number>;
}

export const practiceCount = defineKind({
  kind: 'practice-count',
  description: 'One finding per practice that billed a code set (unless it also billed another set), with the number of lines, units and patients (for review)',
  params,
  compile: (p, resolve): { codes: CodeBitmap; unless: CodeBitmap | null } => ({
    codes: resolve(p.codes, 'codes'),
    unless: p.unlessAnyOf ? resolve(p.unlessAnyOf, 'unlessAnyOf') : null,
  }),
  create(rule, ctx) {
    const { store } = ctx;
    const { codes, unless } = rule.params;
    const byPractice = new Map<number, Tally>();
    // Practices with a line of the unless set: they get no finding.
    const cleared = new Set<number>();
    let only = codes;
    if (unless) {
      only = new Uint8Array(codes.length);
      for (let k = 0; k < only.length; k++) only[k] = codes[k]! | unless[k]!;
    }
    // History lines are left out: the ledger gives only the input's patients, so a practice's
    // counts would hold some of its earlier patients and not the others.
    const history = firstHistoryFile(ctx);
    let patientNo = 0;
    return {
      only,
      patient(lines) {
        patientNo++;
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          const code = store.code[i]!;
          if (!inValidity(rule, store.day[i]!) || store.file[i]! >= history) continue;
          const p = store.practice[i]!;
          if (unless?.[code]) cleared.add(p);
          if (!codes[code]) continue;
          let t = byPractice.get(p);
          if (!t) byPractice.set(p, (t = { lines: 0, units: 0, patients: 0, lastPatient: 0, first: Infinity, last: -Infinity, codes: new Set() }));
          t.lines++;
          t.units += store.antal[i]!;
          if (t.lastPatient !== patientNo) {
            t.lastPatient = patientNo;
            t.patients++;
          }
          t.first = Math.min(t.first, store.day[i]!);
          t.last = Math.max(t.last, store.day[i]!);
          t.codes.add(code);
        }
      },
      finish() {
        for (const [p, t] of byPractice) {
          if (cleared.has(p)) continue;
          ctx.emit(rule, {
            practice: store.practices[p]!,
            cpr: null,
            date: null,
            codes: [...t.codes],
            locations: [],
            details: { lines: t.lines, units: t.units, patients: t.patients, from: isoDate(t.first), to: isoDate(t.last) },
          });
        }
      },
      gathered: (): Gathered => ({ byPractice, cleared }),
      absorb(g) {
        // Practices and codes new here come after those seen here, as they would on one thread.
        const other = g as Gathered;
        for (const [p, o] of other.byPractice) {
          const t = byPractice.get(p);
          // The other thread's patients are all new here: lastPatient must not match one of ours.
          if (!t) byPractice.set(p, { ...o, lastPatient: -1 });
          else {
            t.lines += o.lines;
            t.units += o.units;
            t.patients += o.patients;
            t.first = Math.min(t.first, o.first);
            t.last = Math.max(t.last, o.last);
            for (const code of o.codes) t.codes.add(code);
          }
        }
        for (const p of other.cleared) cleared.add(p);
      },
    };
  },
});
