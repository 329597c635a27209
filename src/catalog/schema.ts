// zod schema of the service-code catalogue (rules/catalog/*.json).
import { z } from 'zod';
import { decimalString, isoDate, serviceCode } from '../ruleset/common.js';

export const codeClass = z
  .enum(['grundydelse', 'tillaegsydelse', 'laboratorie', 'other'])
  .describe('grundydelse: a base contact; tillaegsydelse: an add-on to a base; laboratorie: a lab test; other: anything else');

export const tariff = z
  .object({
    amount: decimalString.describe('Fee in kroner per unit, as a decimal string with a dot'),
    from: isoDate.describe('First day this fee applies'),
    to: isoDate.nullable().describe('Last day this fee applies, or null when open'),
    level: z.string().min(1).describe('The price level the amount is stated at, e.g. "OK22, april 2021-niveau"'),
    source: z.string().min(1).describe('Where the amount is stated'),
  })
  .strict();

export const catalogEntry = z
  .object({
    code: serviceCode,
    name: z.string().min(1).describe('Danish name of the service'),
    class: codeClass,
    groups: z.array(z.string().regex(/^[a-z0-9-]+$/)).optional().describe('Named groups a rule can refer to as @group, e.g. sygebesoeg'),
    validFrom: isoDate.nullable().describe('First day the code may be billed, or null when long-standing / unknown'),
    validTo: isoDate.nullable().describe('Last day the code may be billed, or null when open'),
    knownUntil: isoDate
      .optional()
      .describe('Last day a source confirms the code for, when it may continue after it but nothing says so (use after it is a warning)'),
    tariffs: z.array(tariff).describe('Dated fees where a source states them'),
    source: z.string().min(1).describe('Where the code and its facts come from'),
    note: z.string().optional().describe('What the sources leave open about this code'),
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
