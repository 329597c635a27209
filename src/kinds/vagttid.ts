// Kind vagttid: a dagtid (daytime) service dated on a weekend or holiday, or timed outside daytime hours.
import { z } from 'zod';
import { type VagttidOptions, vagttidReason } from '../model/holidays.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import { defineKind, firstHistoryFile, inValidity } from './kind.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM').describe('A time of day, HH:MM');

const params = z
  .object({
    codes: codeSet.describe('Dagtid-only codes'),
    dayStart: clock.default('08:00').describe('When dagtid starts on a weekday (default 08:00)'),
    dayEnd: clock
      .default('16:00')
      .describe('When dagtid ends on a weekday, vagttid from this minute (default 16:00); a practice with its own evening hours may set it later in its own rules folder'),
    extraDays: z
      .array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD'))
      .default([])
      .describe('Whole days of vagttid besides weekends and public holidays, as MM-DD (e.g. 12-24)'),
  })
  .strict()
  .refine((p) => p.dayStart < p.dayEnd, { message: 'dayStart must be before dayEnd' });

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export interface Compiled extends VagttidOptions {
  codes: CodeBitmap;
}

export const vagttid = defineKind({
  kind: 'vagttid',
  description: 'A dagtid-only code in vagttid: on a Saturday, Sunday or public holiday, or with a time outside weekday daytime hours',
  params,
  compile: (p, resolve): Compiled => ({
    codes: resolve(p.codes, 'codes'),
    dayStart: minutes(p.dayStart),
    dayEnd: minutes(p.dayEnd),
    extraDays: p.extraDays.map((md) => [Number(md.slice(0, 2)), Number(md.slice(3))] as const),
  }),
  create(rule, ctx) {
    const { store } = ctx;
    const c = rule.params;
    // A history line is neither judged nor counted again: its invoice was checked when it was sent.
    const history = firstHistoryFile(ctx);
    let withoutTime = 0;
    return {
      only: c.codes,
      patient(lines) {
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          if (!c.codes[store.code[i]!] || store.file[i]! >= history || !inValidity(rule, store.day[i]!)) continue;
          const time = store.time[i]!;
          const reason = vagttidReason(store.day[i]!, time, c);
          if (reason === null) {
            if (time < 0) withoutTime++;
            continue;
          }
          const hhmm = time >= 0 ? `${String(Math.floor(time / 60)).padStart(2, '0')}:${String(time % 60).padStart(2, '0')}` : null;
          ctx.emitLines(rule, [i], { reason, time: hhmm, why: WHY[ctx.lang][reason].replace('{t}', hhmm ?? '') });
        }
      },
      finish() {
        // Weekday lines without a time can only be judged by their date.
        ctx.tally(rule.id, 'weekdayWithoutTime', withoutTime);
      },
      gathered: () => withoutTime,
      absorb(n) {
        withoutTime += n as number;
      },
    };
  },
});

const WHY = {
  da: { weekend: 'en lørdag eller søndag', helligdag: 'en helligdag', tidspunkt: 'kl. {t}, uden for dagtid' },
  en: { weekend: 'on a Saturday or Sunday', helligdag: 'on a public holiday', tidspunkt: 'at {t}, outside daytime hours' },
} as const;
