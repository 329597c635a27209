// zod schema of the service-code catalogue (rules/catalog/*.json).
import { z } from 'zod';
import { parseIsoDate } from '../model/date.js';
import { decimalString, isoDate, serviceCode, text } from '../model/schema.js';

export const codeClass = z
  .enum(['grundydelse', 'tillaegsydelse', 'laboratorie', 'other'])
  .describe('grundydelse: a base contact; tillaegsydelse: an add-on to a base; laboratorie: a lab test; other: anything else');

/** A text for people: Danish and English, or one string for both (as older catalogues have it). */
export const catalogText = z.union([z.string().min(1), text]);

export const tariff = z
  .object({
    amount: decimalString.describe('Fee in kroner per unit, as a decimal string with a dot'),
    from: isoDate.describe('First day this fee applies'),
    to: isoDate.nullable().describe('Last day this fee applies, or null when open'),
    level: catalogText.describe('The price level the amount is stated at, and how its period is read, e.g. "april 2021-niveau"'),
    source: z.string().min(1).describe('The public document (and slide or section, with its address where it has one) that states the amount'),
  })
  .strict();

export const datedName = z
  .object({
    name: z.string().min(1).describe('Danish name of the service in this period'),
    from: isoDate.nullable().describe('First day of this name, or null for the first name'),
    to: isoDate.nullable().describe('Last day of this name, or null for the name in force now'),
    source: z.string().min(1).optional().describe('Where the change of name is stated'),
  })
  .strict();

/** Names in date order, each period after the one before, only the first open at the start and only the last at the end. */
const datedNames = z
  .array(datedName)
  .min(1)
  .superRefine((names, ctx) => {
    names.forEach((n, k) => {
      const from = n.from === null ? null : parseIsoDate(n.from);
      const to = n.to === null ? null : parseIsoDate(n.to);
      if (from === null && k > 0) ctx.addIssue({ code: 'custom', path: [k, 'from'], message: 'only the first name may have no start' });
      if (to === null && k < names.length - 1) ctx.addIssue({ code: 'custom', path: [k, 'to'], message: 'only the last name may have no end' });
      if (from != null && to != null && to < from) ctx.addIssue({ code: 'custom', path: [k, 'to'], message: 'ends before it starts' });
      const before = k > 0 ? names[k - 1]!.to : null;
      if (from != null && before !== null && parseIsoDate(before)! >= from) ctx.addIssue({ code: 'custom', path: [k, 'from'], message: 'starts before the previous name ends' });
    });
  });

export const catalogEntry = z
  .object({
    code: serviceCode,
    name: z
      .union([z.string().min(1), datedNames])
      .describe('Danish name of the service; where the name changed, every name with its period, oldest first'),
    class: codeClass,
    groups: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional().describe('Named groups a rule can refer to as @group, e.g. sygebesoeg'),
    validFrom: isoDate.nullable().describe('First day the code may be billed, or null when long-standing / unknown'),
    validTo: isoDate.nullable().describe('Last day the code may be billed, or null when open'),
    knownUntil: isoDate
      .optional()
      .describe('Last day a source confirms the code for, when it may continue after it but nothing says so (use after it is a warning)'),
    tariffs: z.array(tariff).describe('Dated fees, each for a period a public source states the amount for'),
    source: z.string().min(1).describe('The public documents (with slide or section, and address where there is one) the code and its facts come from'),
    note: catalogText.optional().describe('What the sources leave open about this code, and how gpclaims reads it'),
  })
  .strict();

export const catalogFile = z
  .object({
    $schema: z.string().optional(),
    description: z.string().optional().describe('What this part of the catalogue holds'),
    codes: z.array(catalogEntry),
  })
  .strict();

export type CatalogEntry = z.infer<typeof catalogEntry>;
export type CatalogText = z.infer<typeof catalogText>;
export type DatedName = z.infer<typeof datedName>;
