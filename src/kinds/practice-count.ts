// Kind practice-count: one review finding per practice with how often it billed a code set.
import { z } from 'zod';
import { isoDate } from '../model/date.js';
import { codeSet } from '../ruleset/common.js';
import type { CodeBitmap } from '../ruleset/types.js';
import { defineKind, inValidity } from './kind.js';

const params = z.object({ codes: codeSet }).strict();

interface Tally {
  lines: number;
  units: number;
  patients: number;
  lastPatient: number;
  first: number;
  last: number;
  codes: Set<number>;
}

export const practiceCount = defineKind({
  kind: 'practice-count',
  description: 'One finding per practice that billed a code set, with the number of lines, units and patients (for review)',
  params,
  compile: (p, resolve): { codes: CodeBitmap } => ({ codes: resolve(p.codes, 'codes') }),
  create(rule, ctx) {
    const { store } = ctx;
    const { codes } = rule.params;
    const byPractice = new Map<number, Tally>();
    let patientNo = 0;
    return {
      only: codes,
      patient(lines) {
        patientNo++;
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          if (!codes[store.code[i]!] || !inValidity(rule, store.day[i]!)) continue;
          const p = store.practice[i]!;
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
          t.codes.add(store.code[i]!);
        }
      },
      finish() {
        for (const [p, t] of byPractice) {
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
    };
  },
});
