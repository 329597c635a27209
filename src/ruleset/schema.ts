// zod schema of a rule file (rules/*.json), composed from the kinds' parameter schemas.
import { z } from 'zod';
import { KINDS } from '../kinds/index.js';
import { amountSpec, isoDate, serviceCode, severity, text } from '../model/schema.js';

const fix = z
  .object({
    da: z.string().min(1).describe('What to do, in Danish'),
    en: z.string().min(1).describe('What to do, in English'),
    replace: serviceCode.optional().describe('A code to replace'),
    with: serviceCode.optional().describe('The code to bill instead'),
  })
  .strict()
  .describe('A suggested correction');

const base = {
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case')
    .describe('Stable rule id; a contract once released'),
  severity,
  topic: z.string().min(1).optional().describe("Settlement topic; defaults to the file's topic"),
  validFrom: isoDate.describe('First service date the rule applies to'),
  validTo: isoDate.nullable().describe('Last service date the rule applies to, or null when open'),
  message: text.describe('What is wrong; {{name}} takes a value from the finding details'),
  fix: fix.optional(),
  amount: amountSpec.optional(),
  source: z.string().min(1).describe('The public source the rule comes from: document title, slide or section, and its address where it has one'),
  description: z.string().optional().describe('Why the rule exists, for `gpclaims rules`'),
};

const ruleVariants = KINDS.map((k) =>
  z
    .object({ ...base, kind: z.literal(k.kind).describe(k.description), params: k.params })
    .strict(),
);

export const rule = z.discriminatedUnion('kind', ruleVariants as unknown as [(typeof ruleVariants)[number], ...(typeof ruleVariants)[number][]]);

export const ruleFile = z
  .object({
    $schema: z.string().optional(),
    topic: z.string().min(1).describe('The settlement topic the rules of this file report under'),
    description: z.string().optional().describe('What this topic covers'),
    rules: z.array(rule).describe('The rules of this topic'),
  })
  .strict();

export type RuleFile = z.infer<typeof ruleFile>;
export type RuleSpec = z.infer<typeof rule>;
