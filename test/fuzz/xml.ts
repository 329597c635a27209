// A small XML 1.0 well-formedness check for the JUnit report (no XML parser is installed): allowed
// characters, tags balanced with one root, attributes quoted and unique, only the predefined
// entities and character references to allowed characters, no raw '<' or '&' in text or values.

const NAME = '[A-Za-z_:][A-Za-z0-9_:.-]*';
const START_TAG = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
const END_TAG = new RegExp(`^</(${NAME})\\s*>`);
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;

/** A code point XML 1.0 allows in a document (the Char production). */
function allowedChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Why character data (text or an attribute value) is not well-formed, or null. */
function dataProblem(data: string, where: string): string | null {
  for (let i = data.indexOf('&'); i >= 0; i = data.indexOf('&', i + 1)) {
    REFERENCE.lastIndex = i;
    const m = REFERENCE.exec(data);
    if (!m) return `a bare '&' in ${where}`;
    if (m[1] === undefined) {
      const cp = m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16);
      if (!allowedChar(cp)) return `a reference to a character XML does not allow (${m[0]}) in ${where}`;
    }
  }
  if (data.includes('<')) return `a raw '<' in ${where}`;
  return null;
}

/** Why the document is not well-formed XML 1.0, or null when it is. */
export function xmlProblem(xml: string): string | null {
  for (const ch of xml) {
    const cp = ch.codePointAt(0)!;
    if (!allowedChar(cp)) return `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`;
  }
  let rest = xml.replace(/^<\?xml[^?]*\?>/, '');
  const open: string[] = [];
  let roots = 0;
  while (rest.length) {
    const lt = rest.indexOf('<');
    const text = lt < 0 ? rest : rest.slice(0, lt);
    if (text) {
      if (!open.length && text.trim()) return 'text outside the root element';
      if (text.includes(']]>')) return "']]>' in text";
      const problem = dataProblem(text, 'text');
      if (problem) return problem;
    }
    if (lt < 0) break;
    rest = rest.slice(lt);
    if (rest.startsWith('<!--')) {
      const end = rest.indexOf('-->', 4);
      if (end < 0) return 'an unclosed comment';
      rest = rest.slice(end + 3);
      continue;
    }
    if (rest.startsWith('<![CDATA[')) {
      if (!open.length) return 'CDATA outside the root element';
      const end = rest.indexOf(']]>');
      if (end < 0) return 'an unclosed CDATA section';
      rest = rest.slice(end + 3);
      continue;
    }
    const end = END_TAG.exec(rest);
    if (end) {
      const top = open.pop();
      if (top !== end[1]) return `</${end[1]}> closes ${top === undefined ? 'nothing' : `<${top}>`}`;
      rest = rest.slice(end[0].length);
      continue;
    }
    const start = START_TAG.exec(rest);
    if (!start) return `a malformed tag near ${JSON.stringify(rest.slice(0, 40))}`;
    const names = new Set<string>();
    for (const a of start[2]!.matchAll(ATTRIBUTE)) {
      if (names.has(a[1]!)) return `attribute ${a[1]} twice on <${start[1]}>`;
      names.add(a[1]!);
      const problem = dataProblem(a[2] ?? a[3]!, `attribute ${a[1]}`);
      if (problem) return problem;
    }
    if (!open.length && ++roots > 1) return 'more than one root element';
    if (start[3] !== '/') open.push(start[1]!);
    rest = rest.slice(start[0].length);
  }
  if (open.length) return `<${open.at(-1)}> is never closed`;
  if (roots !== 1) return 'no root element';
  return null;
}
