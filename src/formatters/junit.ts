// JUnit XML, the shape the test reporters of GitLab, Jenkins and GitHub read: a suite per input
// file, and in it a test case per rule, failing when the rule has error or warning findings there.
//
// - A finding belongs to the file of its first location (locations are sorted); lines it has in
//   other files are named in its text.
// - Findings with no location (about a practice as a whole, not a line) go in one more suite named
//   "praksisniveau" ("practice level" with --lang en). That suite lists only the rules with findings
//   in it, unless it is the only suite; then, like a file's suite, it lists every rule that ran.
// - With no findings and no files, the document holds one suite "gpclaims" with the rules that ran
//   as passing cases (no cases when they are not known).
// - With ctx.rules every rule appears in every file's suite; without it only rules with findings do.
// - Info findings do not fail a case; they are written to the case's <system-out>.
// All text is escaped (no CDATA), so a message holding "]]>" or "<tag>" stays well-formed.
import type { CheckResult } from '../report/result.js';
import type { Finding, Lang } from '../report/finding.js';
import type { Severity } from '../ruleset/types.js';
import type { FormatContext, Formatter } from './types.js';

const WORDS = {
  da: { practiceLevel: 'praksisniveau', line: 'linje', practice: 'yder', findings: (n: number) => `${n} fund`, error: 'FEJL', warning: 'ADVARSEL', info: 'INFO' },
  en: {
    practiceLevel: 'practice level',
    line: 'line',
    practice: 'practice',
    findings: (n: number) => `${n} ${n === 1 ? 'finding' : 'findings'}`,
    error: 'ERROR',
    warning: 'WARNING',
    info: 'INFO',
  },
} as const;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

/**
 * Characters XML 1.0 does not allow (controls other than tab, LF, CR; U+FFFE, U+FFFF) and lone
 * surrogates become U+FFFD; so do DEL and the C1 controls, which XML allows but a terminal showing
 * the file acts on (U+009B is CSI).
 */
function xmlChars(s: string): string {
  return s.toWellFormed().replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF]/g, '\uFFFD');
}

/** Element text: the five markup characters, and CR (which a parser would otherwise fold into LF). */
export function xmlText(s: string): string {
  return xmlChars(s).replace(/[&<>"'\r]/g, (ch) => ENTITIES[ch]!);
}

/** Attribute values: as text, plus LF and tab, which attribute normalisation would turn into spaces. */
export function xmlAttr(s: string): string {
  return xmlChars(s).replace(/[&<>"'\r\n\t]/g, (ch) => ENTITIES[ch]!);
}

interface Case {
  id: string;
  topic: string;
  /** Error and warning findings. */
  failures: Finding[];
  infos: Finding[];
}

interface Suite {
  name: string;
  /** The input file, or null for the practice-level and empty-report suites. */
  file: string | null;
  cases: Map<string, Case>;
}

type RuleList = NonNullable<FormatContext['rules']>;

function newSuite(name: string, file: string | null, rules: RuleList): Suite {
  const cases = new Map<string, Case>();
  for (const r of rules) cases.set(r.id, { id: r.id, topic: r.topic, failures: [], infos: [] });
  return { name, file, cases };
}

function addFinding(suite: Suite, f: Finding): void {
  let c = suite.cases.get(f.ruleId);
  if (!c) suite.cases.set(f.ruleId, (c = { id: f.ruleId, topic: f.topic, failures: [], infos: [] }));
  (f.severity === 'info' ? c.infos : c.failures).push(f);
}

/** One line for one finding: severity, where, practice, patient, date, codes, then the message on the same line. */
function findingLine(f: Finding, file: string | null, lang: Lang): string {
  const w = WORDS[lang];
  const here = f.locations.filter((l) => l.file === file).map((l) => l.line);
  const elsewhere = f.locations.filter((l) => l.file !== file).map((l) => `${l.file}:${l.line}`);
  const head = [
    w[f.severity],
    here.length ? `${w.line} ${here.join(', ')}` : '',
    elsewhere.join(', '),
    f.practice === null ? '' : `${w.practice} ${f.practice}`,
    f.patient ?? '',
    f.date ?? '',
    f.codes.join(', '),
  ].filter(Boolean);
  // One finding per line: a line break inside a message would split it.
  return `${head.join('  ')}: ${f.message.replace(/\r\n|\r|\n/g, ' ')}`;
}

function worst(findings: readonly Finding[]): Severity {
  return findings.some((f) => f.severity === 'error') ? 'error' : 'warning';
}

function caseXml(c: Case, suite: Suite, lang: Lang): string {
  const attrs = `classname="${xmlAttr(c.topic)}" name="${xmlAttr(c.id)}"${suite.file === null ? '' : ` file="${xmlAttr(suite.file)}"`}`;
  if (!c.failures.length && !c.infos.length) return `    <testcase ${attrs}/>`;
  const out = [`    <testcase ${attrs}>`];
  if (c.failures.length) {
    const text = c.failures.map((f) => findingLine(f, suite.file, lang)).join('\n');
    out.push(`      <failure type="${worst(c.failures)}" message="${xmlAttr(WORDS[lang].findings(c.failures.length))}">${xmlText(text)}</failure>`);
  }
  if (c.infos.length) {
    const text = c.infos.map((f) => findingLine(f, suite.file, lang)).join('\n');
    out.push(`      <system-out>${xmlText(text)}</system-out>`);
  }
  out.push('    </testcase>');
  return out.join('\n');
}

function suites(result: CheckResult, ctx: FormatContext): Suite[] {
  const rules = ctx.rules ?? [];
  const w = WORDS[ctx.lang];
  const files = [...new Set(result.findings.flatMap((f) => f.locations.map((l) => l.file)))].sort();
  const byFile = new Map(files.map((file) => [file, newSuite(file, file, rules)] as const));
  const locationless = result.findings.filter((f) => !f.locations.length);
  // The practice-level suite lists every rule only when there is no file suite to list them in.
  const practice = locationless.length ? newSuite(w.practiceLevel, null, files.length ? [] : rules) : null;
  for (const f of result.findings) {
    const first = f.locations[0];
    addFinding(first ? byFile.get(first.file)! : practice!, f);
  }
  const all = [...byFile.values()];
  if (practice) all.push(practice);
  if (!all.length) all.push(newSuite(ctx.tool.name || 'gpclaims', null, rules));
  // Cases in the order of ctx.rules; rules it does not list (or all, without it) after, by id.
  const rank = new Map(rules.map((r, i) => [r.id, i] as const));
  const order = (a: Case, b: Case): number => (rank.get(a.id) ?? rules.length) - (rank.get(b.id) ?? rules.length) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const s of all) s.cases = new Map([...s.cases.values()].sort(order).map((c) => [c.id, c] as const));
  // Without the rule list a file with no findings of its own (only named by another file's finding) has no cases.
  return all.filter((s) => s.cases.size || all.length === 1);
}

export const junit: Formatter = (result, ctx) => {
  const list = suites(result, ctx);
  const failing = (s: Suite): number => [...s.cases.values()].filter((c) => c.failures.length).length;
  const tests = list.reduce((n, s) => n + s.cases.size, 0);
  const failures = list.reduce((n, s) => n + failing(s), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(ctx.tool.name)}" tests="${tests}" failures="${failures}" errors="0">`,
  ];
  for (const s of list) {
    const head = `  <testsuite name="${xmlAttr(s.name)}" tests="${s.cases.size}" failures="${failing(s)}" errors="0" skipped="0"`;
    if (!s.cases.size) {
      out.push(`${head}/>`);
      continue;
    }
    out.push(`${head}>`);
    for (const c of s.cases.values()) out.push(caseXml(c, s, ctx.lang));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
};
// Every rule is a test case in every file's suite, so the caller gives the rule list.
junit.listsRules = true;
