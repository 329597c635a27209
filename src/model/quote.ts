// Input as messages show it: the start of it only, CPR-like runs masked, control characters escaped.
import { CPR_LIKE, maskCprLike } from './cpr.js';

/** How many characters of a value a message quotes. */
export const QUOTE_LIMIT = 80;
/** How many characters of free text (a suppression's reason, a library's error message) are shown. */
export const TEXT_LIMIT = 200;

// C0 controls, DEL and C1 controls (a terminal acts on ESC and CSI); the Unicode line and paragraph
// separators (some readers, GitHub's runner among them, break lines there); the bidirectional
// embeddings, overrides and isolates (they make a line show other text than it holds).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** A character of UNSAFE, or a run maskCprLike masks: text without either is shown as it is. */
const NEEDS_WORK = new RegExp(`${UNSAFE.source}|${CPR_LIKE.source}`);
/** An escape this module writes, at the start of a string. */
const ESCAPE = /^\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|[nrt])/;

function escapeChar(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Control characters (and the separators and bidi controls above) written as \n, \t, \x1b, \u2028. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/** s cut to at most max characters, but not inside an escape or a surrogate pair. */
function cut(s: string, max: number): string {
  let at = Math.min(s.length, max);
  const slash = s.lastIndexOf('\\', at - 1);
  if (slash >= 0 && slash > at - 6) {
    const escape = ESCAPE.exec(s.slice(slash, slash + 6));
    if (escape && slash + escape[0].length > at) at = slash;
  }
  if (at > 0 && isHighSurrogate(s.charCodeAt(at - 1))) at--;
  return s.slice(0, at);
}

/**
 * A value from the input as a message may show it: at most `max` characters (the last one … when
 * it is cut), every CPR-like run masked (DDMMYY-****) and control characters escaped. Only the
 * start of a long value is looked at, so a 200 MB field costs what a short one does.
 */
export function quoteInput(text: string, max: number = QUOTE_LIMIT): string {
  if (text.length <= max && !NEEDS_WORK.test(text)) return text;
  let end = Math.min(text.length, max);
  // A run of digits the limit cuts is taken further (ten digits are enough to be masked), so a
  // CPR number across the cut is masked rather than shown in part.
  while (end < text.length && end < max + 10 && isDigit(text.charCodeAt(end))) end++;
  if (end < text.length && end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  const shown = escapeControls(maskCprLike(end < text.length ? text.slice(0, end) : text));
  if (end === text.length && shown.length <= max) return shown;
  // The mark counts in the limit, so quoting a quoted value changes nothing.
  return `${cut(shown, max - 1)}…`;
}

/** Where JSON.parse of this text fails: the first position a prefix of the text cannot get past. */
function jsonErrorAt(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  // "Unexpected token" comes with a piece of the text instead of a position: find the shortest
  // prefix that fails before its own end, by halving (a prefix ending before the fault parses, or
  // fails only at its end).
  const failsInside = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      if (/Unexpected end of JSON input/.test(m)) return false;
      const p = /at position (\d+)/.exec(m);
      return p ? Number(p[1]) < k : true;
    }
  };
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/**
 * What JSON.parse's error says, without the piece of the text Node puts in it: the reason and the
 * line and column, e.g. "unexpected token at line 2, column 8".
 */
export function jsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = Math.min(jsonErrorAt(text, message), text.length);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const reason = message
    .replace(/^(Unexpected token)\b.*$/s, '$1')
    .replace(/ in JSON at position.*$/s, '')
    .replace(/^./, (c) => c.toLowerCase());
  return `${quoteInput(reason)} at line ${line}, column ${column}`;
}

/** A schema problem as zod reports it; only the fields read here. */
export interface SchemaIssue {
  code: string;
  message: string;
  keys?: readonly string[];
}

/** A schema problem's reason; keys from the input that it names are quoted like any input. */
export function issueReason(issue: SchemaIssue): string {
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const keys = issue.keys.slice(0, 3).map((k) => `"${quoteInput(k)}"`);
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys.join(', ')}${issue.keys.length > 3 ? ', …' : ''}`;
  }
  return quoteInput(issue.message, TEXT_LIMIT);
}
