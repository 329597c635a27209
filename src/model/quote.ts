// Input as messages show it: the start of it only, CPR-like runs masked, control characters escaped.
import { maskCprLike } from './cpr.js';

/** How many characters of a value a message quotes. */
export const QUOTE_LIMIT = 80;

// C0 controls, DEL and C1 controls (a terminal acts on ESC and CSI); the Unicode line and paragraph
// separators (some readers, GitHub's runner among them, break lines there); the bidirectional
// embeddings, overrides and isolates (they make a line show other text than it holds).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NEEDS_WORK = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\d{6}[- ]?\d{4}/;
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
 * A value from the input as a message may show it: at most `max` characters (then …), every
 * CPR-like run masked (DDMMYY-****) and control characters escaped. Only the start of a long
 * value is looked at, so a 200 MB field costs what a short one does.
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
  return `${cut(shown, max)}…`;
}
