// Kind max-per-window: at most N lines or units of a code set per patient (and practice) per window.
import { z } from 'zod';
import { isoDate, yearOf } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const params = z
  .object({
    codes: codeSet,
    max: z.number().int().min(0).describe('The most allowed in one window; a finding when the count goes above it'),
    measure: z.enum(['lines', 'units']).describe('Count lines, or sum antal (units)'),
    window: z
      .union([
        z.literal('day').describe('One service date'),
        z.literal('calendar-year').describe('1 January to 31 December'),
        z.object({ rollingDays: z.number().int().min(1).describe('Any period of this many days ending on a line') }).strict(),
      ])
      .describe('The period counted over'),
    scope: z
      .enum(['practice-patient', 'patient'])
      .describe('practice-patient: the same patient at the same practice; patient: the same patient across all practices'),
    eachCode: z.boolean().default(false).describe('Count each code of the set separately'),
    report: z
      .enum(['group', 'excess'])
      .default('group')
      .describe('group: every counted line of the window; excess: the line that passes the limit and those after it'),
  })
  .strict();

export interface Compiled {
  codes: CodeBitmap;
  max: number;
  units: boolean;
  window: 'day' | 'calendar-year' | number;
  acrossPractices: boolean;
  eachCode: boolean;
  excess: boolean;
}

export const maxPerWindow = defineKind({
  kind: 'max-per-window',
  description: 'At most N lines or units of a code set per patient (and practice) per day, calendar year or rolling period',
  params,
  compile: (p, resolve): Compiled => ({
    codes: resolve(p.codes, 'codes'),
    max: p.max,
    units: p.measure === 'units',
    window: typeof p.window === 'string' ? p.window : p.window.rollingDays,
    acrossPractices: p.scope === 'patient',
    eachCode: p.eachCode,
    excess: p.report === 'excess',
  }),
  // A rolling window of N days ending on a line reaches N - 1 days before it.
  lookBack: (c) => (c.window === 'day' ? null : c.window === 'calendar-year' ? 'calendar-year' : c.window > 1 ? c.window - 1 : null),
  historyCodes: (c) => c.codes,
  create(rule, ctx) {
    const { store } = ctx;
    const c = rule.params;
    const measure = (i: number): number => (c.units ? store.antal[i]! : 1);
    const windowLabel = typeof c.window === 'number' ? `${c.window} dage` : c.window;
    const history = firstHistoryFile(ctx);

    /**
     * The lines an excess finding is about, part[at .. to - 1], after the window's history lines
     * before them (part[from .. at - 1] from earlier invoices): the context drops those and names
     * their invoices, so the finding says what else it rests on.
     */
    function excessLines(part: number[], from: number, at: number, to: number): number[] {
      const lines = part.slice(at, to);
      if (history === Infinity) return lines;
      const earlier: number[] = [];
      for (let k = from; k < at; k++) if (store.file[part[k]!]! >= history) earlier.push(part[k]!);
      return earlier.length ? [...earlier, ...lines] : lines;
    }

    /** passDay: the day the count passed the limit; firstDay: the first counted line's day in the window. */
    function report(lines: number[], count: number, passDay: number, firstDay: number): void {
      const details: Record<string, unknown> = { count, max: c.max, window: windowLabel };
      if (c.window === 'calendar-year') details.year = yearOf(passDay);
      if (typeof c.window === 'number') {
        details.from = isoDate(firstDay);
        details.to = isoDate(passDay);
      }
      ctx.emitLines(rule, lines, details);
    }

    /** Lines of one partition, in timeline order. */
    function check(part: number[]): void {
      if (typeof c.window === 'number') {
        const span = c.window;
        let left = 0;
        let sum = 0;
        for (let k = 0; k < part.length; k++) {
          const day = store.day[part[k]!]!;
          sum += measure(part[k]!);
          while (store.day[part[left]!]! <= day - span) sum -= measure(part[left++]!);
          if (sum > c.max) report(c.excess ? excessLines(part, left, k, k + 1) : part.slice(left, k + 1), sum, day, store.day[part[left]!]!);
        }
        return;
      }
      // Calendar windows: a run of lines with the same day (or year). Plain loops, no closure per
      // line: for grundydelser this runs for nearly every patient.
      const byDay = c.window === 'day';
      const { day, antal } = store;
      let from = 0;
      while (from < part.length) {
        const w = byDay ? day[part[from]!]! : yearOf(day[part[from]!]!);
        let to = from;
        let sum = 0;
        let pass = -1;
        while (to < part.length && (byDay ? day[part[to]!]! : yearOf(day[part[to]!]!)) === w) {
          sum += c.units ? antal[part[to]!]! : 1;
          if (pass < 0 && sum > c.max) pass = to;
          to++;
        }
        if (pass >= 0) report(c.excess ? excessLines(part, from, pass, to) : part.slice(from, to), sum, store.day[part[pass]!]!, store.day[part[from]!]!);
        from = to;
      }
    }

    const selected: number[] = [];
    return {
      only: c.codes,
      patient(lines) {
        // One array reused for every patient: this runs for most patients, and the lines are
        // copied out only for a finding.
        selected.length = 0;
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          if (c.codes[store.code[i]!] && inValidity(rule, store.day[i]!)) selected.push(i);
        }
        if (selected.length <= (c.units ? 0 : c.max)) return;
        if (!c.eachCode) {
          let onePractice = true;
          for (let k = 1; k < selected.length && onePractice; k++) onePractice = store.practice[selected[k]!] === store.practice[selected[0]!];
          if (c.acrossPractices || onePractice) return check(selected);
        }
        // Partitions by practice (unless across practices) and code (when each code counts alone).
        const parts = new Map<number, number[]>();
        for (const i of selected) {
          const key = (c.acrossPractices ? 0 : store.practice[i]!) * 10000 + (c.eachCode ? store.code[i]! : 0);
          let part = parts.get(key);
          if (!part) parts.set(key, (part = []));
          part.push(i);
        }
        for (const part of parts.values()) check(part);
      },
    };
  },
});
