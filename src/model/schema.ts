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
