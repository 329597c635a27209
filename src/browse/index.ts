// The rule book as plain data: the rules of a ruleset, one rule with its doc page, catalogue entries.
import { compareDanish } from '../model/collate.js';
import { catalogText, currentName, entryNames } from '../catalog/catalog.js';
import type { CatalogEntry, CatalogText } from '../catalog/schema.js';
import { kindByName } from '../kinds/index.js';
import { maskCprLike } from '../model/cpr.js';
import { isoDate } from '../model/date.js';
import { hasRuleDoc, readRuleDoc, ruleDocName } from '../ruleset/docs.js';
import { OPEN_END, type Ruleset } from '../ruleset/load.js';
import type { CompiledRule, Severity } from '../ruleset/types.js';
import { INPUT_RULES, UNKNOWN_CODE } from '../ruleset/builtin.js';
import type { Lang } from '../model/finding.js';

export interface RuleEntry {
  id: string;
  kind: string;
  severity: Severity;
  topic: string;
  validFrom: string;
  /** null when the rule has no end. */
  validTo: string | null;
  source: string;
  description: string | null;
  /** The rule file, relative to the rules folder. */
  file: string;
  /** The doc page (rules/docs/<id>.md), or null when there is none. */
  doc: string | null;
  /** How its findings' kroner at stake are computed, as the rule file's `amount` says (e.g. "line-minus-tariff 0101"), or null. */
  amount: string | null;
}

export interface RuleDetail extends RuleEntry {
  /** The kind's one-line description. */
  kindDescription: string;
  /** The params as written in the rule file. */
  params: unknown;
  /** The doc page's text as written, or null. */
  docText: string | null;
}

/** A text in Danish and English. */
export interface BothLanguages {
  da: string;
  en: string;
}

export interface TariffEntry {
  /** Kroner per unit, a decimal string with a dot. */
  amount: string;
  from: string;
  to: string | null;
  /** The price level the source states the amount at, and how its period is read. */
  level: BothLanguages;
  source: string;
}

export interface NameEntry {
  name: string;
  /** null for the first name. */
  from: string | null;
  /** null for the name in force now. */
  to: string | null;
  source?: string;
}

export interface CodeEntry {
  code: string;
  /** The name in force now. */
  name: string;
  /** Every name with its period, oldest first (one, open at both ends, when the name never changed). */
  names: NameEntry[];
  class: string;
  groups: string[];
  validFrom: string | null;
  validTo: string | null;
  /** Present only when the catalogue entry has it. */
  knownUntil?: string;
  /** By period, earliest first. */
  tariffs: TariffEntry[];
  source: string;
  note: BothLanguages | null;
}

/** A rule id or service code that is not in the ruleset. */
export class LookupError extends Error {
  constructor(
    readonly what: 'rule id' | 'service code',
    readonly names: readonly string[],
    readonly suggestions: readonly string[] = [],
  ) {
    const closest = suggestions.length ? `; closest: ${suggestions.join(', ')}` : '';
    super(`unknown ${what}${names.length > 1 ? 's' : ''} ${names.join(', ')}${closest}`);
    this.name = 'LookupError';
  }
}

function entry(ruleset: Ruleset, r: CompiledRule): RuleEntry {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    topic: r.topic,
    validFrom: isoDate(r.validFrom),
    validTo: r.validTo === OPEN_END ? null : isoDate(r.validTo),
    source: r.source,
    description: r.description,
    file: r.file,
    doc: hasRuleDoc(ruleset, r.id) ? ruleDocName(ruleset, r.id) : null,
    amount: amountText(r.rawAmount),
  };
}

/** A rule file's `amount`, as one short text: its vocabulary word, the other code, the codes, "opportunity". */
function amountText(a: CompiledRule['rawAmount']): string | null {
  if (!a) return null;
  return [a.of, a.code, a.codes ? `(${a.codes.join(', ')})` : undefined, a.opportunity ? 'opportunity' : undefined].filter(Boolean).join(' ');
}

/** Every rule of the ruleset, by topic and then id. */
export function listRules(ruleset: Ruleset): RuleEntry[] {
  return ruleset.rules
    .map((r) => entry(ruleset, r))
    .sort((a, b) => compareDanish(a.topic, b.topic) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Ids a rule reports findings under besides its own, declared in its params (e.g. notEvaluated.id). */
function findingIds(params: unknown): string[] {
  if (Array.isArray(params)) return params.flatMap(findingIds);
  if (typeof params !== 'object' || params === null) return [];
  return Object.entries(params).flatMap(([k, v]) => (k === 'id' && typeof v === 'string' ? [v] : findingIds(v)));
}

/** Ids that contain the asked id or are contained in it; else those sharing its longest prefix (3 characters at least). */
function closestIds(ids: readonly string[], asked: string): string[] {
  const contained = ids.filter((id) => id.includes(asked) || asked.includes(id));
  if (contained.length) return contained.slice(0, 5);
  const prefix = (id: string): number => {
    let n = 0;
    while (n < id.length && id[n] === asked[n]) n++;
    return n;
  };
  const best = Math.max(0, ...ids.map(prefix));
  return best >= 3 ? ids.filter((id) => prefix(id) === best).slice(0, 5) : [];
}

/**
 * A rule with its params as written and its doc page. An id a rule reports findings under besides
 * its own (such as a practice-ratio rule's notEvaluated.id) finds that rule. Throws LookupError.
 */
export function findRule(ruleset: Ruleset, id: string): RuleDetail {
  const rule = ruleset.rules.find((r) => r.id === id) ?? ruleset.rules.find((r) => findingIds(r.rawParams).includes(id));
  if (!rule) {
    const ids = ruleset.rules.flatMap((r) => [r.id, ...findingIds(r.rawParams)]).sort();
    throw new LookupError('rule id', [id], closestIds(ids, id));
  }
  return {
    ...entry(ruleset, rule),
    kindDescription: kindByName(rule.kind)?.description ?? '',
    params: rule.rawParams,
    docText: readRuleDoc(ruleset, rule.id),
  };
}

/** A rule as a report that lists every rule (junit, sarif) describes it. */
export interface ReportRule {
  id: string;
  topic: string;
  severity: Severity;
  /** What the rule checks, in one plain line without placeholders (see ruleSummary). */
  description: string;
  /** The doc page (markdown), or null when the rule has none. */
  help: string | null;
  source: string;
}

/** The first paragraph of a doc page after its heading, on one line; null when there is none. */
export function docLead(doc: string): string | null {
  for (const paragraph of doc.split(/\r?\n\s*\r?\n/)) {
    const text = paragraph.trim();
    if (text && !text.startsWith('#')) return text.replace(/\s+/g, ' ');
  }
  return null;
}

/**
 * What a rule checks, in one line: the first paragraph of its doc page, which says just that; else
 * the rule file's description (why the rule exists); else what its kind checks. Never the message
 * template, whose {{placeholders}} are filled only in a finding.
 */
function ruleSummary(doc: string | null, rule: CompiledRule): string {
  return (doc && docLead(doc)) || rule.description?.replace(/\s+/g, ' ').trim() || kindByName(rule.kind)?.description || rule.topic;
}

const NOT_EVALUATED: Record<Lang, (id: string) => string> = {
  da: (id) => `Reglen ${id} kunne ikke vurderes med dette input`,
  en: (id) => `The rule ${id} could not be evaluated on this input`,
};

/**
 * Every id a finding can carry with this ruleset: each rule's own and those it reports under
 * besides (e.g. a notEvaluated id), then the engine's own input and catalogue findings.
 */
export function reportRules(ruleset: Ruleset, lang: Lang): ReportRule[] {
  const out: ReportRule[] = [];
  for (const r of listRules(ruleset)) {
    const rule = ruleset.rules.find((x) => x.id === r.id)!;
    const help = readRuleDoc(ruleset, r.id);
    out.push({ id: r.id, topic: r.topic, severity: r.severity, description: maskCprLike(ruleSummary(help, rule)), help, source: r.source });
    for (const id of findingIds(rule.rawParams)) {
      out.push({ id, topic: r.topic, severity: 'info', description: NOT_EVALUATED[lang](r.id), help, source: r.source });
    }
  }
  for (const b of [...Object.values(INPUT_RULES), UNKNOWN_CODE]) {
    out.push({ id: b.id, topic: b.topic, severity: b.severity, description: b.title[lang], help: null, source: b.source });
  }
  return out;
}

const both = (t: CatalogText): BothLanguages => ({ da: catalogText(t, 'da'), en: catalogText(t, 'en') });

function codeEntry(e: CatalogEntry): CodeEntry {
  return {
    code: e.code,
    name: currentName(e),
    names: entryNames(e).map((n) => ({ ...n })),
    class: e.class,
    groups: e.groups ?? [],
    validFrom: e.validFrom,
    validTo: e.validTo,
    ...(e.knownUntil === undefined ? {} : { knownUntil: e.knownUntil }),
    tariffs: e.tariffs
      .map((t) => ({ amount: t.amount, from: t.from, to: t.to, level: both(t.level), source: t.source }))
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)),
    source: e.source,
    note: e.note === undefined ? null : both(e.note),
  };
}

/**
 * Catalogue entries for the given codes (1-4 digits; shorter ones are left-padded with zeros), in
 * the order given, or every entry by code when none are given. Throws LookupError naming every
 * code the catalogue does not have.
 */
export function listCodes(ruleset: Ruleset, codes: readonly string[] = []): CodeEntry[] {
  if (!codes.length) return [...ruleset.catalog.entries].sort((a, b) => (a.code < b.code ? -1 : 1)).map(codeEntry);
  const found = new Map<string, CatalogEntry>();
  const unknown: string[] = [];
  for (const asked of codes) {
    const code = /^\d{1,4}$/.test(asked) ? asked.padStart(4, '0') : null;
    const e = code === null ? undefined : ruleset.catalog.get(Number(code));
    if (e) found.set(e.code, e);
    else if (!unknown.includes(asked)) unknown.push(asked);
  }
  if (unknown.length) throw new LookupError('service code', unknown);
  return [...found.values()].map(codeEntry);
}
