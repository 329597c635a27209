// SARIF 2.1.0, the format code-scanning tools read (GitHub code scanning, GitLab, Azure DevOps).
// One run: the tool with every rule (id, description, doc page as help, default level), and a
// result per finding with its file and 1-based line, the masked patient in the message.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { maskCprLike } from '../model/cpr.js';
import { fingerprint } from '../report/exceptions.js';
import type { Finding, Location } from '../report/finding.js';
import type { Severity } from '../ruleset/types.js';
import type { FormatContext, Formatter } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

const WORDS = {
  da: { practice: 'yder', wholePractice: 'fundet gælder hele ydernummeret; placeringen er inputtets første linje' },
  en: { practice: 'practice', wholePractice: 'the finding is about the practice as a whole; the location is the first line of the input' },
} as const;

export { fingerprint };

type Rule = NonNullable<FormatContext['rules']>[number];

/** A file name as a URI reference: relative paths stay relative, with / and percent-encoding. */
export function fileUri(file: string): string {
  if (file === '-') return 'stdin';
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function messageText(f: Finding, ctx: FormatContext): string {
  const w = WORDS[ctx.lang];
  const about = [f.practice && `${w.practice} ${f.practice}`, f.patient, f.date].filter(Boolean).join(', ');
  const scope = f.locations.length ? '' : ` (${w.wholePractice})`;
  return `${f.message}${about ? ` [${about}]` : ''}${scope}`;
}

function ruleHelp(r: Rule): { shortDescription: { text: string }; help: { text: string; markdown?: string } } {
  const short = maskCprLike(r.description ?? r.topic);
  const help = r.help ? maskCprLike(r.help) : null;
  return { shortDescription: { text: short }, help: help ? { text: help, markdown: help } : { text: short } };
}

export const sarif: Formatter = (result, ctx) => {
  const rules: Rule[] = [...(ctx.rules ?? [])];
  const known = new Set(rules.map((r) => r.id));
  // A finding whose rule the context does not list (a library caller gave none) still gets one.
  for (const f of result.findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    rules.push({ id: f.ruleId, topic: f.topic, severity: f.severity, source: f.source });
  }
  const ruleIndex = new Map(rules.map((r, k) => [r.id, k]));
  // A finding about a practice as a whole has no line; it points at the input's first line.
  const fallback: Location = { file: result.files?.[0] ?? 'stdin', line: 1 };

  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: ctx.tool.name,
            version: ctx.tool.version,
            rules: rules.map((r) => ({
              // Doc pages' examples hold made-up CPR numbers; a report never shows one whole.
              ...ruleHelp(r),
              id: r.id,
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { topic: r.topic, ...(r.source ? { source: r.source } : {}), tags: [r.topic] },
            })),
          },
        },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId)!,
          level: LEVEL[f.severity],
          message: { text: messageText(f, ctx) },
          locations: (f.locations.length ? f.locations : [fallback]).map((l) => ({
            physicalLocation: { artifactLocation: { uri: fileUri(l.file) }, region: { startLine: Math.max(1, l.line) } },
          })),
          partialFingerprints: { 'gpclaims/v1': fingerprint(f) },
          properties: { topic: f.topic, practice: f.practice, patient: f.patient, date: f.date, codes: f.codes, ...(f.details ? { details: f.details } : {}) },
        })),
        properties: { ruleset: result.ruleset, summary: result.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
// The driver lists every rule, so the caller gives the rule list.
sarif.listsRules = true;
