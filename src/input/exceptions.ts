// Reads a baseline file (--baseline) and a suppressions file (--suppressions). Either is checked
// against its schema; a problem is one InputError naming the file and the entry. Also says whether a
// file a new baseline would replace is a baseline.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { z } from 'zod';
import { parseIsoDate } from '../model/date.js';
import { issueReason, jsonSyntaxError, quoteInput, TEXT_LIMIT } from '../model/quote.js';
import { InputError, ioReason } from './errors.js';

/** One finding a baseline knows: its rule and fingerprint. */
export interface BaselineEntry {
  ruleId: string;
  fingerprint: string;
  /** How many findings share this fingerprint (usually 1). */
  count: number;
}

/** A baseline file (written by gpclaims baseline): the findings already known, which a check then leaves out. */
export interface Baseline {
  gpclaims: 'baseline';
  version: 1;
  entries: BaselineEntry[];
}

/** One entry of a suppressions file: a justified exception to a rule, optionally narrowed. */
export interface Suppression {
  ruleId: string;
  practice?: string;
  code?: string;
  /** The scope's dates, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  reason: string;
  /** The last day it applies, YYYY-MM-DD. */
  expires?: string;
  owner?: string;
}

const isoDate = z.string().refine((s) => parseIsoDate(s) !== undefined, 'must be a date written YYYY-MM-DD');

const baselineSchema = z
  .object({
    gpclaims: z.literal('baseline'),
    version: z.literal(1),
    entries: z.array(z.object({ ruleId: z.string().min(1), fingerprint: z.string().regex(/^[0-9a-f]{32}$/), count: z.number().int().positive() }).strict()),
  })
  .strict();

export const suppressionSchema = z
  .object({
    ruleId: z.string({ error: 'is required: the id of the rule whose findings are suppressed' }).min(1),
    practice: z.string().regex(/^\d{1,8}$/, 'must be a ydernummer of 1-8 digits').optional(),
    code: z.string().regex(/^\d{4}$/, 'must be a four-digit service code').optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    reason: z.string({ error: 'is required: say why the exception is justified' }).trim().min(1, 'is required: say why the exception is justified'),
    expires: isoDate.optional(),
    owner: z.string().min(1).optional(),
  })
  .strict()
  .refine((s) => s.from === undefined || s.to === undefined || s.from <= s.to, { message: 'from must not be after to', path: ['to'] });

export const suppressionsSchema = z.object({ $schema: z.string().optional(), suppressions: z.array(suppressionSchema) }).strict();

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(path, `cannot be read (${ioReason(e)})`);
  }
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new InputError(path, `is not valid JSON (${jsonSyntaxError(json, e)})`);
  }
}

/** The first problem zod found, as "entries[2].reason: is required ...". */
function problem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${where ? `${where}: ` : ''}${issueReason(issue)}`;
}

export function readBaseline(path: string): Baseline {
  const parsed = baselineSchema.safeParse(readJson(path));
  if (!parsed.success) throw new InputError(path, `is not a gpclaims baseline (${problem(parsed.error)}); make one with gpclaims baseline`);
  return parsed.data;
}

/** The known ids as an error names them: all of them when they are few, else where to find them. */
function knownIds(ids: readonly string[]): string {
  const all = ids.join(', ');
  return all.length <= 100 ? all : 'see gpclaims rules';
}

/**
 * The entries of a suppressions file. With ruleIds (every id a finding can carry, e.g. from
 * reportRules), an entry for any other id is an error: it would suppress nothing, without a word.
 */
export function readSuppressions(path: string, ruleIds?: readonly string[]): Suppression[] {
  const parsed = suppressionsSchema.safeParse(readJson(path));
  if (!parsed.success) throw new InputError(path, `is not a valid suppressions file: ${problem(parsed.error)}`);
  if (ruleIds) {
    const known = new Set(ruleIds);
    const k = parsed.data.suppressions.findIndex((s) => !known.has(s.ruleId));
    if (k >= 0) {
      const id = parsed.data.suppressions[k]!.ruleId;
      throw new InputError(path, `is not a valid suppressions file: suppressions[${k}].ruleId: unknown rule id "${quoteInput(id)}"; known rule ids: ${knownIds(ruleIds)}`);
    }
  }
  // Reason and owner are shown in every report format: masked and escaped like any input.
  return parsed.data.suppressions.map((s) => ({
    ...s,
    reason: quoteInput(s.reason, TEXT_LIMIT),
    ...(s.owner === undefined ? {} : { owner: quoteInput(s.owner, TEXT_LIMIT) }),
  }));
}

const HEAD = 64 << 10;

/**
 * Whether the file at path may be replaced by a new baseline: it is empty, or it starts as a JSON
 * object that says it is a gpclaims baseline. A CSV file named where the baseline file goes
 * (`gpclaims baseline jan.csv feb.csv`) is not. A path that cannot be read is left to the writer.
 */
export function mayReplaceWithBaseline(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return true;
  }
  let n: number;
  const buf = Buffer.alloc(HEAD);
  try {
    n = readSync(fd, buf, 0, HEAD, 0);
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
  const head = buf.toString('utf8', 0, n).replace(/^\uFEFF/, '').trimStart();
  return head === '' || (head.startsWith('{') && /"gpclaims"\s*:\s*"baseline"/.test(head));
}
