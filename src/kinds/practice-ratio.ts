// Kind practice-ratio: a practice's units of a code per patient compared with the regional average.
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { decimalString, serviceCode, text } from '../model/schema.js';
import { defineKind, firstHistoryFile, notEvaluatedRule } from './kind.js';

const params = z
  .object({
    code: serviceCode.describe('The code whose use per patient is compared'),
    factor: decimalString.describe('A finding when the practice rate is at least this times the regional average'),
    unlessCompanion: z
      .object({
        code: serviceCode.describe('The companion code, e.g. video 0125'),
        atLeastTimes: decimalString.describe('No finding when the companion units are at least this times the units of the code'),
      })
      .strict()
      .optional()
      .describe('A condition that clears the practice'),
    skipZeroAmount: z
      .boolean()
      .default(false)
      .describe(
        'Lines of the code billed at 0 kr. (zero-rated, e.g. for a kroniker patient) are no expense: they do not count toward the practice rate or the regional average. The companion condition still counts every line, since it is about use. A line without an amount counts',
      ),
    minPractices: z
      .number()
      .int()
      .min(1)
      .default(2)
      .describe('Fewest practices in the input for a regional average to be computed from it'),
    notEvaluated: z
      .object({ id: z.string().regex(/^[a-z0-9-]+$/), message: text })
      .strict()
      .describe('The info finding made when the rule cannot be evaluated'),
  })
  .strict();

export interface Compiled {
  code: number;
  codeText: string;
  factor: Decimal;
  companion: { code: number; times: Decimal } | null;
  skipZeroAmount: boolean;
  minPractices: number;
  notEvaluated: { id: string; message: { da: string; en: string } };
}

const PLACES = 4;

const DENOMINATOR = {
  da: { listed: 'tilmeldte patienter', seen: 'sete patienter' },
  en: { listed: 'listed patients', seen: 'patients seen' },
} as const;

export const practiceRatio = defineKind({
  kind: 'practice-ratio',
  description: "A practice's units of a code per patient against the regional average (pooled over the input, or given)",
  params,
  compile: (p): Compiled => ({
    code: Number(p.code),
    codeText: p.code,
    factor: new Decimal(p.factor),
    companion: p.unlessCompanion ? { code: Number(p.unlessCompanion.code), times: new Decimal(p.unlessCompanion.atLeastTimes) } : null,
    skipZeroAmount: p.skipZeroAmount,
    minPractices: p.minPractices,
    notEvaluated: p.notEvaluated,
  }),
  create(rule, ctx) {
    const { store } = ctx;
    const c = rule.params;
    return {
      // No patient(): one pass over the columns in finish() counts the same, without a call per
      // patient (this rule looks at every line, to count the patients seen).
      finish() {
        const known = store.practices.length;
        // units: the lines that count toward the rate; used: every line of the code (for the companion test).
        const units = new Float64Array(known);
        const used = new Float64Array(known);
        const companion = new Float64Array(known);
        const patients = new Float64Array(known);
        const lastPatient = new Float64Array(known).fill(-1);
        const companionCode = c.companion ? c.companion.code : -1;
        const { day, practice, patient, code, antal, amount, file } = store;
        // History lines are left out: the ledger gives only the input's patients, so a practice's
        // other patients would be missing from its rate and the average.
        const history = firstHistoryFile(ctx);
        // The store keeps each distinct amount once: 0 kr. is one id (or none), so no per-line parsing.
        const zeroId = c.skipZeroAmount ? store.amounts.indexOf('0.00') : -1;
        // The lines are grouped by patient, so a patient is new to a practice when it differs
        // from the last patient counted there.
        const { validFrom, validTo } = rule;
        for (let i = 0, n = store.length; i < n; i++) {
          const d = day[i]!;
          if (d < validFrom || d > validTo || file[i]! >= history) continue;
          const p = practice[i]!;
          if (lastPatient[p] !== patient[i]) {
            lastPatient[p] = patient[i]!;
            patients[p]!++;
          }
          const k = code[i]!;
          if (k === c.code) {
            used[p]! += antal[i]!;
            if (amount[i] !== zeroId) units[p]! += antal[i]!;
          } else if (k === companionCode) companion[p]! += antal[i]!;
        }
        // The register's listed patients replace patients seen when it gives them for every practice.
        const listed = (p: number): number | null => ctx.practices?.get(store.practices[p]!)?.listed ?? null;
        let useListed = ctx.practices !== null;
        let practiceCount = 0;
        let totalUnits = 0;
        let anyUnits = false;
        for (let p = 0; p < patients.length; p++) {
          if (!patients[p]) continue;
          practiceCount++;
          totalUnits += units[p] ?? 0;
          if (units[p]) anyUnits = true;
          if (listed(p) === null) useListed = false;
        }
        if (!anyUnits) return;
        const given = ctx.regionalAverages.get(c.codeText);
        if (!given && practiceCount < c.minPractices) {
          ctx.emit(
            notEvaluatedRule(rule, c.notEvaluated),
            {
              practice: null,
              cpr: null,
              date: null,
              codes: [c.code],
              locations: [],
              details: { practices: practiceCount, minPractices: c.minPractices, option: `--regional-average ${c.codeText}=${ctx.lang === 'da' ? '<enheder pr. patient>' : '<units per patient>'}` },
            },
          );
          return;
        }
        const denominator = (p: number): number => (useListed ? listed(p)! : patients[p]!);
        let totalPatients = 0;
        for (let p = 0; p < patients.length; p++) if (patients[p]) totalPatients += denominator(p);
        // R = U / P. The test rate >= factor * R is done as u * P >= factor * U * p, so it stays exact.
        const average = given ?? new Decimal(totalUnits).div(totalPatients);
        for (let p = 0; p < patients.length; p++) {
          const u = units[p];
          if (!u || !patients[p]) continue;
          const n = denominator(p);
          const over = given
            ? new Decimal(u).gte(c.factor.mul(given).mul(n))
            : new Decimal(u).mul(totalPatients).gte(c.factor.mul(totalUnits).mul(n));
          if (!over) continue;
          const companionUnits = companion[p] ?? 0;
          const unitsUsed = used[p] ?? 0;
          if (c.companion && new Decimal(companionUnits).gte(c.companion.times.mul(unitsUsed))) continue;
          const details: Record<string, unknown> = {
            rate: new Decimal(u).div(n).toDecimalPlaces(PLACES).toString(),
            regionalAverage: average.toDecimalPlaces(PLACES).toString(),
            threshold: c.factor.mul(average).toDecimalPlaces(PLACES).toString(),
            factor: c.factor.toString(),
            units: u,
            patients: n,
            denominator: useListed ? 'listed-patients' : 'patients-seen',
            denominatorText: DENOMINATOR[ctx.lang][useListed ? 'listed' : 'seen'],
            averageFrom: given ? 'option' : 'input',
          };
          if (c.companion) {
            details.companionCode = String(c.companion.code).padStart(4, '0');
            details.companionUnits = companionUnits;
            details.unitsUsed = unitsUsed;
          }
          // u - factor × R × n, exact: with R = U / P that is (u × P - factor × U × n) / P.
          const unitsOver = given ? new Decimal(u).minus(c.factor.mul(given).mul(n)) : new Decimal(u).mul(totalPatients).minus(c.factor.mul(totalUnits).mul(n)).div(totalPatients);
          ctx.emit(rule, { practice: store.practices[p]!, cpr: null, date: null, codes: [c.code], locations: [], details, unitsOver: unitsOver.toString() });
        }
      },
    };
  },
});
