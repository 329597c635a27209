// Loads and checks the catalogue and rule files of a rules folder; a bad file stops the run here.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { Catalog } from '../catalog/catalog.js';
import { catalogFile, type CatalogEntry } from '../catalog/schema.js';
import { kindByName } from '../kinds/index.js';
import { ioReason } from '../input/errors.js';
import { OPEN_END, parseIsoDate } from '../model/date.js';
import { issueReason, jsonSyntaxError, quoteInput } from '../model/quote.js';
import { decimalString, serviceCode } from '../model/schema.js';
import { packageRoot } from '../package-info.js';
import type { CodeBitmap, CompiledRule } from './types.js';
import { ruleFile } from './schema.js';

export class RulesetError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}${path ? ` at ${path}` : ''}: ${reason}`);
    this.name = 'RulesetError';
  }
}

/**
 * Names a rule file may not use as a topic or rule id: reports and the engine keep tables keyed by
 * them, and on a plain object these would reach Object.prototype.
 */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Control characters and line separators: a terminal would act on them in a report's headings. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function notReserved(name: string, shown: string, path: string): void {
  if (RESERVED.has(name)) throw new RulesetError(shown, path, `"${name}" is a reserved name; choose another`);
  if (CONTROL.test(name)) throw new RulesetError(shown, path, `"${quoteInput(name)}" holds a control character; use plain text`);
}

export interface Ruleset {
  dir: string;
  version: string;
  /** sha256 over every catalogue and rule file, by relative path. */
  hash: string;
  catalog: Catalog;
  rules: CompiledRule[];
  /**
   * The audit's kontrolstatistik: codes watched beside those the practice-level rules use, and the
   * factor of the regional average at or above which a practice stands out (ruleset.json).
   */
  watch: { codes: string[]; outlierFactor: string };
}

const DEFAULT_WATCH = { codes: [] as string[], outlierFactor: '1.25' };

export { OPEN_END } from '../model/date.js';

/** The rules folder shipped with the package. */
export function bundledRulesDir(): string {
  return join(packageRoot(), 'rules');
}

function check<S extends z.ZodType>(schema: S, data: unknown, shown: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new RulesetError(shown, issue.path.map(String).join('.'), issueReason(issue));
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json' && f !== 'ruleset.json')
    .sort();
}

export interface RulesetFile {
  /** Path relative to the rules folder, e.g. catalog/national.json or samtaleterapi.json. */
  name: string;
  /** How the file is named in error messages. */
  shown: string;
  text: string;
}

/** Reads a rules folder: ruleset.json, catalog/*.json and *.json rule files (schema files excluded). */
export function loadRuleset(dir?: string): Ruleset {
  const root = resolve(dir ?? bundledRulesDir());
  if (!existsSync(root)) throw new RulesetError(dir ?? root, '', 'rules folder does not exist');
  const shownPath = (name: string): string => (dir ? join(dir, name) : `rules/${name}`);
  const read = (name: string): RulesetFile => {
    try {
      return { name, shown: shownPath(name), text: readFileSync(join(root, name), 'utf8') };
    } catch (e) {
      throw new RulesetError(shownPath(name), '', `cannot be read (${ioReason(e)})`);
    }
  };
  const catalogDir = join(root, 'catalog');
  if (!existsSync(catalogDir)) throw new RulesetError(shownPath('catalog'), '', 'catalogue folder is missing');
  const manifest = existsSync(join(root, 'ruleset.json')) ? read('ruleset.json') : null;
  const catalogFiles = jsonFiles(catalogDir).map((f) => read(`catalog/${f}`));
  const ruleFiles = jsonFiles(root).map((f) => read(f));
  // Reading the files is cheap; validating and compiling them is not. A process that checks many
  // inputs (a library caller, check() without a ruleset) gets the same ruleset back while the
  // files' names and text are unchanged.
  const files = [manifest, ...catalogFiles, ...ruleFiles].flatMap((f) => (f ? [f.shown, f.text] : ['']));
  const same = built.find((b) => b.root === root && b.files.length === files.length && b.files.every((t, k) => t === files[k]));
  if (same) return same.ruleset;
  const ruleset = buildRuleset(root, catalogFiles, ruleFiles, manifest);
  built.unshift({ root, files, ruleset });
  built.length = Math.min(built.length, 4);
  return ruleset;
}

const watchSchema = z
  .object({
    codes: z.array(serviceCode).describe('Codes the audit shows per practice against the region'),
    outlierFactor: decimalString.default('1.25').describe('A practice at or above this times the regional average stands out'),
  })
  .strict();

/** The last few rulesets built: their folder, the shown name and text of each file, and the result. */
const built: { root: string; files: string[]; ruleset: Ruleset }[] = [];

/**
 * The codes a published regional average can be given for (--regional-average): those of the
 * practice-ratio rules, the one kind that compares with a regional average.
 */
export function regionalAverageCodes(ruleset: Ruleset): string[] {
  const codes = ruleset.rules.filter((r) => r.kind === 'practice-ratio').map((r) => String((r.rawParams as { code: unknown }).code));
  return [...new Set(codes)].sort();
}

function parseJson(file: RulesetFile): unknown {
  try {
    return JSON.parse(file.text);
  } catch (e) {
    throw new RulesetError(file.shown, '', `is not valid JSON: ${jsonSyntaxError(file.text, e)}`);
  }
}

/** Checks and compiles a ruleset from file texts; no file system access (tests build rulesets with it). */
export function buildRuleset(dir: string, catalogFiles: readonly RulesetFile[], ruleFiles: readonly RulesetFile[], manifest: RulesetFile | null = null): Ruleset {
  const hash = createHash('sha256');
  let version = 'unversioned';
  let watch = DEFAULT_WATCH;
  if (manifest) {
    const m = parseJson(manifest) as { version?: unknown; kontrolstatistik?: unknown } | null;
    if (typeof m?.version === 'string') version = m.version;
    if (m?.kontrolstatistik !== undefined) watch = check(watchSchema, m.kontrolstatistik, manifest.shown);
  }

  const entries: CatalogEntry[] = [];
  for (const file of catalogFiles) {
    const data = check(catalogFile, parseJson(file), file.shown);
    hash.update(`${file.name}\0${file.text}\0`);
    for (const [n, e] of data.codes.entries()) {
      if (entries.some((x) => x.code === e.code)) throw new RulesetError(file.shown, `codes.${n}.code`, `code ${e.code} is listed twice in the catalogue`);
      entries.push(e);
    }
  }
  const catalog = new Catalog(entries);

  const resolveCodes = (shown: string, at: string) => (specs: readonly string[], path: string): CodeBitmap => {
    const bitmap = new Uint8Array(10000);
    for (const [n, spec] of specs.entries()) {
      if (spec.startsWith('@')) {
        const members = catalog.members(spec.slice(1));
        if (members.length === 0) throw new RulesetError(shown, `${at}.${path}.${n}`, `${quoteInput(spec)} names no catalogue class or group`);
        for (const m of members) bitmap[m] = 1;
      } else if (spec.includes('-')) {
        const [lo, hi] = spec.split('-').map(Number) as [number, number];
        if (lo > hi) throw new RulesetError(shown, `${at}.${path}.${n}`, `range ${spec} runs backwards`);
        bitmap.fill(1, lo, hi + 1);
      } else bitmap[Number(spec)] = 1;
    }
    return bitmap;
  };

  const rules: CompiledRule[] = [];
  for (const file of ruleFiles) {
    const written = parseJson(file) as { rules: { params: unknown }[] };
    const data = check(ruleFile, written, file.shown);
    hash.update(`${file.name}\0${file.text}\0`);
    notReserved(data.topic, file.shown, 'topic');
    for (const [n, r] of data.rules.entries()) {
      const at = `rules.${n}`;
      notReserved(r.id, file.shown, `${at}.id`);
      if (r.topic !== undefined) notReserved(r.topic, file.shown, `${at}.topic`);
      if (rules.some((x) => x.id === r.id)) throw new RulesetError(file.shown, `${at}.id`, `rule id ${quoteInput(r.id)} is used twice`);
      const kind = kindByName(r.kind)!;
      const validFrom = parseIsoDate(r.validFrom)!;
      const validTo = r.validTo === null ? OPEN_END : parseIsoDate(r.validTo)!;
      if (validTo < validFrom) throw new RulesetError(file.shown, `${at}.validTo`, 'validTo is before validFrom');
      rules.push({
        id: r.id,
        kind: r.kind,
        severity: r.severity,
        topic: r.topic ?? data.topic,
        validFrom,
        validTo,
        message: r.message,
        fix: r.fix ?? null,
        source: r.source,
        amount: r.amount
          ? {
              of: r.amount.of,
              code: r.amount.code === undefined ? null : Number(r.amount.code),
              codes: r.amount.codes ? resolveCodes(file.shown, `${at}.amount`)(r.amount.codes, 'codes') : null,
              opportunity: r.amount.opportunity,
            }
          : null,
        rawAmount: r.amount ?? null,
        description: r.description ?? null,
        params: kind.compile(r.params, resolveCodes(file.shown, `${at}.params`)),
        rawParams: written.rules[n]!.params,
        file: file.name,
      });
    }
  }
  return { dir, version, hash: hash.digest('hex'), catalog, rules, watch };
}
