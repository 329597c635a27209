// zod building blocks shared by the catalogue schema, the rule-file schema and the kinds' parameters.
import { z } from 'zod';
import { parseIsoDate } from './date.js';

export const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== undefined, { message: 'must be a real date written YYYY-MM-DD' })
  .describe('A calendar date, YYYY-MM-DD');

export const serviceCode = z.string().regex(/^\d{4}$/, 'must be a 4-digit service code').describe('A 4-digit ydelseskode');

export const codeSpec = z
  .string()
  .regex(/^(\d{4}|\d{4}-\d{4}|@[a-z0-9-]+)$/, 'must be a code (0101), a range (4584-4589) or a catalogue class or group (@grundydelse)')
  .describe('A code (0101), an inclusive range (4584-4589), or @name for every catalogue code of that class or group');

export const codeSet = z.array(codeSpec).min(1).describe('Service codes this rule looks at');

export const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number written with a dot, e.g. 1.25')
  .describe('A decimal number as a string, so that it stays exact');

export const text = z
  .object({
    da: z.string().min(1).describe('Danish text; {{name}} is replaced by the value of that name'),
    en: z.string().min(1).describe('English text; {{name}} is replaced by the value of that name'),
  })
  .strict()
  .describe('A text in Danish with English beside it');

export const severity = z.enum(['error', 'warning', 'info']).describe('error: the region will reject or change it; warning: a likely control finding; info: for review');

/** How a rule's kroner at stake are computed from its findings: a small vocabulary every kind shares. */
export const amountSpec = z
  .object({
    of: z
      .enum(['lines', 'lines-but-highest', 'units-over-max', 'line-minus-tariff', 'tariff-minus-line', 'practice-excess'])
      .describe(
        [
          "lines: each flagged line's kroner (its beloeb, else tariff × antal);",
          'lines-but-highest: every flagged line but the one with the most kroner (a set of which one may stand);',
          'units-over-max: the units past the limit, counted from the last line back (the finding details give count and max);',
          "line-minus-tariff: each line's kroner less `code`'s tariff × antal on its date (the line's own code when no `code`), never below 0; unknown when that tariff is;",
          "tariff-minus-line: `code`'s tariff × antal on the line's date less the line's kroner, never below 0 (what billing `code` instead would have paid);",
          "practice-excess: a practice-level estimate: the units above the threshold (details units - threshold × patients) at the practice's own kroner per unit of the code (its lines above 0 kr.), else the code's tariff on the input's last day",
        ].join(' '),
      ),
    code: serviceCode.optional().describe('The other code of line-minus-tariff and tariff-minus-line'),
    codes: codeSet.optional().describe("Only the finding's lines of these codes are at stake (e.g. the add-on, not its base)"),
    opportunity: z
      .boolean()
      .default(false)
      .describe('Money possibly missed, not at risk: reported as the finding\'s `opportunity`, never added to money at risk'),
  })
  .strict()
  .describe("The kroner at stake on each finding; without it a finding's amount is null (unknown)");
