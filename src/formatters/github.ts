// GitHub Actions workflow commands: one annotation per finding, then a plain summary line.
//   ::error file=F,line=L,title=RULE::MESSAGE   (error → error, warning → warning, info → notice)
// A finding with no location is annotated without file and line; one with several locations is
// annotated at the first, and its message names the others ("også linje 12, 14").
import { escapeControls } from '../model/quote.js';
import { formatCount } from '../model/format.js';
import type { Finding, Lang } from '../report/finding.js';
import type { Severity } from '../ruleset/types.js';
import type { Formatter } from './types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

const WORDS = {
  // A count's noun, singular and plural.
  da: { also: 'også', line: 'linje', error: ['fejl', 'fejl'], warning: ['advarsel', 'advarsler'], info: ['info', 'info'] },
  en: { also: 'also', line: 'line', error: ['error', 'errors'], warning: ['warning', 'warnings'], info: ['info', 'info'] },
} as const;

/**
 * The message part of a command: %, CR and LF as the runner decodes them (%25, %0D, %0A). Every
 * other control character, and U+2028, U+2029 and NEL (U+0085), at which the runner also breaks
 * lines, is shown escaped (\x1b, \u2028), so no value can end the command and start another.
 */
export function escapeData(s: string): string {
  return escapeControls(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A property value: as the message, plus ':' and ',', which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The message, with the locations after the first named: same-file lines by number, others as file:line. */
function message(f: Finding, lang: Lang): string {
  const [first, ...rest] = f.locations;
  if (!first || !rest.length) return f.message;
  const w = WORDS[lang];
  const here = rest.filter((l) => l.file === first.file).map((l) => l.line);
  const others = [...(here.length ? [`${w.line} ${here.join(', ')}`] : []), ...rest.filter((l) => l.file !== first.file).map((l) => `${l.file}:${l.line}`)];
  return `${f.message} (${w.also} ${others.join(', ')})`;
}

function annotation(f: Finding, lang: Lang): string {
  const first = f.locations[0];
  const props = [...(first ? [`file=${escapeProperty(first.file)}`, `line=${first.line}`] : []), `title=${escapeProperty(f.ruleId)}`];
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(message(f, lang))}`;
}

export const github: Formatter = (result, ctx) => {
  const w = WORDS[ctx.lang];
  const count: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const lines = result.findings.map((f) => {
    count[f.severity]++;
    return annotation(f, ctx.lang);
  });
  // Not a workflow command: a tool name cannot start with "::".
  const counted = (s: Severity): string => formatCount(count[s], w[s][0], w[s][1], ctx.lang);
  lines.push(`${ctx.tool.name}: ${counted('error')}, ${counted('warning')}, ${counted('info')}`);
  return `${lines.join('\n')}\n`;
};
