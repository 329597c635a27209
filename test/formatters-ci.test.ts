// The CI and spreadsheet formats (junit, github, csv) on hand-made findings full of awkward strings:
// markup characters, "]]>", quotes, Danish letters, line breaks, %, commas, colons, formula starts.
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/engine/check.js';
import { formatters, type FormatContext } from '../src/formatters/index.js';
import { csvCell } from '../src/formatters/csv.js';
import { escapeData, escapeProperty } from '../src/formatters/github.js';
import type { Finding, Lang } from '../src/report/finding.js';
import { summarise } from '../src/report/summary.js';
import type { Severity } from '../src/ruleset/types.js';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** Two input files; the second name holds every character a property or markup could trip on. */
const B = 'b.csv';
const A = 'jan & <feb> "a", 100%: x.csv';

const RULES = [
  { id: 'tillaeg/a&b', topic: 'Tillæg <tag> & "quotes"', severity: 'error' },
  { id: 'kombination/hyperlink', topic: 'Kombination', severity: 'warning' },
  { id: 'info/plus', topic: "Info 'apos'", severity: 'info' },
  { id: 'praksis/minus', topic: 'Praksis', severity: 'error' },
  { id: 'praksis/at', topic: 'Praksis', severity: 'warning' },
  // Ran, found nothing: a passing case in every file's suite.
  { id: 'ren/regel', topic: 'Ren', severity: 'error' },
] as const satisfies readonly { id: string; topic: string; severity: Severity }[];

type RuleId = (typeof RULES)[number]['id'];

function finding(ruleId: RuleId, parts: Partial<Finding> & Pick<Finding, 'message'>): Finding {
  const rule = RULES.find((r) => r.id === ruleId)!;
  return {
    ruleId,
    severity: rule.severity,
    topic: rule.topic,
    practice: '123456',
    patient: null,
    date: null,
    codes: [],
    locations: [],
    fix: null,
    amount: null,
    amountBasis: null,
    opportunity: null,
    details: null,
    source: 'test',
    ...parts,
  };
}

const MSG1 = `Ydelse ]]> <tag> & "quotes" 'apos' æøå ÆØÅ`;

/** In report order (by file, line; then the practice-level ones by practice). */
const FINDINGS: Finding[] = [
  finding('kombination/hyperlink', {
    message: '=HYPERLINK("http://x.dk";"klik")',
    patient: '020270-****',
    date: '2024-02-01',
    codes: ['0201'],
    locations: [{ file: B, line: 2 }],
  }),
  finding('info/plus', { message: '+45 er et telefonnummer, 100% sikkert: ja', locations: [{ file: B, line: 4 }] }),
  // Two locations in two files: it belongs to the first (b.csv); the other is named.
  finding('tillaeg/a&b', {
    message: 'Dobbelt & "igen"',
    patient: '040490-****',
    date: '2024-01-10',
    codes: ['0101'],
    locations: [
      { file: B, line: 6 },
      { file: A, line: 8 },
    ],
  }),
  // Two locations in one file.
  finding('tillaeg/a&b', {
    message: MSG1,
    patient: '010160-****',
    date: '2024-01-05',
    codes: ['0101', '0120'],
    locations: [
      { file: A, line: 3 },
      { file: A, line: 7 },
    ],
  }),
  finding('info/plus', { message: '\tTab først\r\nanden linje', patient: '030380-****', date: '2024-01-06', locations: [{ file: A, line: 9 }] }),
  // No location: practice level. One holds a control character XML 1.0 does not allow.
  finding('praksis/at', { message: '@SUM(A1) \x01 kontrol' }),
  finding('praksis/minus', { message: '-146,79 kr. for meget; se linje 1\nog linje 2', practice: 'Læge "Ø" & Co; 50%: <x>', date: '2024-03-31' }),
];

function result(findings: Finding[] = FINDINGS): CheckResult {
  const summary = summarise(findings, { files: 2, linesRead: 10, claimsChecked: 9, linesRejected: 0, blankLines: 0, practices: 2, patients: 4, counts: {} });
  return { ruleset: { version: 'test', hash: '0'.repeat(64), asOf: null, tariffs: 'catalogue', practices: false }, summary, findings };
}

/** The format context; rules null for a run that does not pass the rule list. */
function ctx(lang: Lang = 'da', rules: FormatContext['rules'] | null = RULES): FormatContext {
  const c: FormatContext = { tool: { name: 'gpclaims', version: '0.0.0-test' }, lang, colorLevel: 0 };
  if (rules) c.rules = rules;
  return c;
}

const format = (name: string, r: CheckResult, c: FormatContext): string => formatters[name]!(r, c);

// ---------------------------------------------------------------------------------------------
// A tiny, strict XML reader: checks well-formedness and gives a tree to assert on.
// ---------------------------------------------------------------------------------------------

interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  text: string;
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes entities, failing on a raw '&' that starts none, and on a raw '<' or '>' (the formatter escapes both). */
function decode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const ch = s[i]!;
    if (ch === '<' || ch === '>') throw new Error(`raw ${ch} in text or attribute: ${JSON.stringify(s)}`);
    if (ch !== '&') {
      out += ch;
      i++;
      continue;
    }
    ENTITY.lastIndex = i;
    const m = ENTITY.exec(s);
    if (!m) throw new Error(`raw & at ${i} in ${JSON.stringify(s)}`);
    out += m[1] ? NAMED[m[1]] : String.fromCodePoint(m[2] ? Number(m[2]) : parseInt(m[3]!, 16));
    i = ENTITY.lastIndex;
  }
  return out;
}

const TAG = /<(\/)?([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/)?>/y;
const ATTR = /\s+([A-Za-z_][\w.-]*)="([^"<]*)"/g;

function parseXml(doc: string): El {
  const decl = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!doc.startsWith(decl)) throw new Error('no XML declaration');
  // Only characters XML 1.0 allows.
  const bad = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.exec(doc);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)!.toString(16)} not allowed in XML 1.0`);
  const top: El = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: El[] = [top];
  let i = decl.length;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const end = lt === -1 ? doc.length : lt;
    stack.at(-1)!.text += decode(doc.slice(i, end));
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(doc);
    if (!m) throw new Error(`bad tag at ${lt}: ${doc.slice(lt, lt + 40)}`);
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      if (attrText || selfClose) throw new Error(`bad end tag ${m[0]}`);
      const open = stack.pop()!;
      if (open.name !== name) throw new Error(`</${name}> closes <${open.name}>`);
    } else {
      const el: El = { name: name!, attrs: {}, children: [], text: '' };
      for (const a of attrText!.matchAll(ATTR)) {
        if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]} on <${name}>`);
        el.attrs[a[1]!] = decode(a[2]!);
      }
      stack.at(-1)!.children.push(el);
      if (!selfClose) stack.push(el);
    }
    i = TAG.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (top.children.length !== 1 || top.text.trim()) throw new Error('not exactly one root element');
  return top.children[0]!;
}

const kids = (el: El, name: string): El[] => el.children.filter((c) => c.name === name);

// ---------------------------------------------------------------------------------------------
// junit
// ---------------------------------------------------------------------------------------------

describe('junit', () => {
  const cases = [
    ['with the rule list', ctx('da')],
    ['without the rule list', ctx('da', null)],
    ['in English', ctx('en')],
  ] as const;

  it.each(cases)('is well-formed XML %s', (_, c) => {
    const doc = format('junit', result(), c);
    expect(() => parseXml(doc)).not.toThrow();
  });

  it.each([
    ['no findings, with rules', [], ctx('da')],
    ['no findings, no rules', [], ctx('da', null)],
    ['only practice-level findings', FINDINGS.filter((f) => !f.locations.length), ctx('da')],
  ] as const)('is well-formed with %s', (_, findings, c) => {
    expect(() => parseXml(format('junit', result([...findings]), c))).not.toThrow();
  });

  it('the tests and failures attributes count the test cases, for the whole and for each suite', () => {
    const root = parseXml(format('junit', result(), ctx()));
    expect(root.name).toBe('testsuites');
    let tests = 0;
    let failures = 0;
    for (const s of kids(root, 'testsuite')) {
      const tc = kids(s, 'testcase');
      const failing = tc.filter((t) => kids(t, 'failure').length).length;
      expect(Number(s.attrs.tests)).toBe(tc.length);
      expect(Number(s.attrs.failures)).toBe(failing);
      tests += tc.length;
      failures += failing;
    }
    expect([Number(root.attrs.tests), Number(root.attrs.failures)]).toEqual([tests, failures]);
    // By hand: 6 rules in each of 2 files, plus 2 practice-level rules; failing are b.csv's
    // hyperlink and a&b, the other file's a&b, and both practice-level rules.
    expect([tests, failures]).toEqual([14, 5]);
  });

  it('without the rule list only rules with findings appear', () => {
    const root = parseXml(format('junit', result(), ctx('da', null)));
    const names = kids(root, 'testsuite').map((s) => [s.attrs.name, kids(s, 'testcase').map((t) => t.attrs.name)]);
    expect(names).toEqual([
      [B, ['info/plus', 'kombination/hyperlink', 'tillaeg/a&b']],
      [A, ['info/plus', 'tillaeg/a&b']],
      ['praksisniveau', ['praksis/at', 'praksis/minus']],
    ]);
    expect([root.attrs.tests, root.attrs.failures]).toEqual(['7', '5']);
  });

  it('with the rule list every rule has a case in every file suite, classname = topic, name = rule id', () => {
    const root = parseXml(format('junit', result(), ctx()));
    const suites = kids(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual([B, A, 'praksisniveau']);
    for (const s of suites.slice(0, 2)) {
      expect(kids(s, 'testcase').map((t) => [t.attrs.classname, t.attrs.name])).toEqual(RULES.map((r) => [r.topic, r.id]));
    }
    // The practice-level suite holds only the rules with practice-level findings.
    expect(kids(suites[2]!, 'testcase').map((t) => t.attrs.name)).toEqual(['praksis/minus', 'praksis/at']);
    expect(format('junit', result(), ctx('en'))).toContain('<testsuite name="practice level"');
  });

  it('a rule that found nothing is a passing case', () => {
    const root = parseXml(format('junit', result(), ctx()));
    for (const s of kids(root, 'testsuite').slice(0, 2)) {
      const clean = kids(s, 'testcase').find((t) => t.attrs.name === 'ren/regel')!;
      expect(clean.children).toEqual([]);
    }
  });

  it('info findings are not failures: they go to system-out', () => {
    const root = parseXml(format('junit', result(), ctx()));
    for (const [suite, text] of [
      [B, 'INFO  linje 4  yder 123456: +45 er et telefonnummer, 100% sikkert: ja'],
      [A, 'INFO  linje 9  yder 123456  030380-****  2024-01-06: \tTab først anden linje'],
    ]) {
      const s = kids(root, 'testsuite').find((x) => x.attrs.name === suite)!;
      const info = kids(s, 'testcase').find((t) => t.attrs.name === 'info/plus')!;
      expect(kids(info, 'failure')).toEqual([]);
      expect(kids(info, 'system-out').map((o) => o.text)).toEqual([text]);
    }
  });

  it('a failure has type error|warning, message "N fund", and one line per finding with line, patient, date and codes', () => {
    const root = parseXml(format('junit', result(), ctx()));
    const failure = (suite: string, rule: string): El => {
      const s = kids(root, 'testsuite').find((x) => x.attrs.name === suite)!;
      return kids(kids(s, 'testcase').find((t) => t.attrs.name === rule)!, 'failure')[0]!;
    };
    const f1 = failure(A, 'tillaeg/a&b');
    expect(f1.attrs).toEqual({ type: 'error', message: '1 fund' });
    expect(f1.text).toBe(`FEJL  linje 3, 7  yder 123456  010160-****  2024-01-05  0101, 0120: ${MSG1}`);
    // A finding with a second location in another file names it.
    expect(failure(B, 'tillaeg/a&b').text).toBe(`FEJL  linje 6  ${A}:8  yder 123456  040490-****  2024-01-10  0101: Dobbelt & "igen"`);
    expect(failure(B, 'kombination/hyperlink').attrs).toEqual({ type: 'warning', message: '1 fund' });
    // Practice level: no line; the message's line break becomes a space so each finding keeps one line.
    expect(failure('praksisniveau', 'praksis/minus').text).toBe('FEJL  yder Læge "Ø" & Co; 50%: <x>  2024-03-31: -146,79 kr. for meget; se linje 1 og linje 2');
    // A control character XML cannot hold is replaced.
    expect(failure('praksisniveau', 'praksis/at').text).toBe('ADVARSEL  yder 123456: @SUM(A1) \uFFFD kontrol');
  });

  it('C1 controls (a terminal reads U+009B as CSI) are replaced too, in text and attributes', () => {
    const c1 = finding('tillaeg/a&b', { message: 'a\u009b2Jb\u0085c\u007f', locations: [{ file: 'x\u009b.csv', line: 2 }] });
    const out = format('junit', result([c1]), ctx());
    expect(/[\u007f-\u009f]/.test(out)).toBe(false);
    expect(out).toContain('a\uFFFD2Jb\uFFFDc\uFFFD');
    expect(out).toContain('name="x\uFFFD.csv"');
  });

  it('several findings of one rule in one file: one case, the failure counts them and takes the worst severity', () => {
    const two = [
      finding('tillaeg/a&b', { message: 'en', severity: 'warning', locations: [{ file: B, line: 2 }] }),
      finding('tillaeg/a&b', { message: 'to', locations: [{ file: B, line: 3 }] }),
    ];
    const root = parseXml(format('junit', result(two), ctx('en', null)));
    const [tc] = kids(kids(root, 'testsuite')[0]!, 'testcase');
    expect(kids(tc!, 'failure')[0]!.attrs).toEqual({ type: 'error', message: '2 findings' });
    expect(kids(tc!, 'failure')[0]!.text.split('\n')).toEqual(['WARNING  line 2  practice 123456: en', 'ERROR  line 3  practice 123456: to']);
  });

  it('"]]>" never appears raw, and Danish letters stay UTF-8', () => {
    const doc = format('junit', result(), ctx());
    expect(doc).not.toContain(']]>');
    expect(doc).not.toContain('<tag>');
    expect(doc).toContain('æøå ÆØÅ');
    expect(doc).toContain('Tillæg');
    expect(doc).not.toMatch(/&#(230|248|229|198|216|197);/);
  });

  it('a carriage return in text is kept as &#13; so a parser does not fold it', () => {
    const doc = format('junit', result([finding('info/plus', { message: 'a\rb', locations: [{ file: B, line: 2 }] })]), ctx());
    // The message's CR becomes a space (one line per finding), but a CR in a file name is an attribute.
    expect(doc).toContain('a b');
    const cr = format('junit', result([finding('info/plus', { message: 'x', locations: [{ file: 'a\r\n\tb.csv', line: 2 }] })]), ctx());
    expect(parseXml(cr).children[0]!.attrs.name).toBe('a\r\n\tb.csv');
  });

  it.each([
    ['with rules', ctx(), ['praksis/at', 'ren/regel']],
    ['without rules', ctx('da', null), []],
  ] as const)('an empty result is one suite "gpclaims" %s, all passing', (_, c, ruleIds) => {
    const rules = c.rules ? RULES.filter((r) => (ruleIds as readonly string[]).includes(r.id)) : undefined;
    const root = parseXml(format('junit', result([]), { ...c, rules }));
    const suites = kids(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['gpclaims']);
    expect(kids(suites[0]!, 'testcase').map((t) => t.attrs.name)).toEqual(ruleIds);
    expect([root.attrs.tests, root.attrs.failures]).toEqual([String(ruleIds.length), '0']);
  });

  it('with only practice-level findings and the rule list, that suite lists every rule', () => {
    const root = parseXml(format('junit', result(FINDINGS.filter((f) => !f.locations.length)), ctx()));
    const suites = kids(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['praksisniveau']);
    expect(kids(suites[0]!, 'testcase').map((t) => t.attrs.name)).toEqual(RULES.map((r) => r.id));
    expect([root.attrs.tests, root.attrs.failures]).toEqual(['6', '2']);
  });
});

// ---------------------------------------------------------------------------------------------
// github
// ---------------------------------------------------------------------------------------------

describe('github', () => {
  // Derived by hand from the rules: message %→%25, CR→%0D, LF→%0A; properties also :→%3A, ,→%2C;
  // other control characters are shown escaped (tab as \t, U+0001 as \x01).
  const A_PROP = 'jan & <feb> "a"%2C 100%25%3A x.csv';
  const EXPECTED = [
    '::warning file=b.csv,line=2,title=kombination/hyperlink::=HYPERLINK("http://x.dk";"klik")',
    '::notice file=b.csv,line=4,title=info/plus::+45 er et telefonnummer, 100%25 sikkert: ja',
    '::error file=b.csv,line=6,title=tillaeg/a&b::Dobbelt & "igen" (også jan & <feb> "a", 100%25: x.csv:8)',
    `::error file=${A_PROP},line=3,title=tillaeg/a&b::Ydelse ]]> <tag> & "quotes" 'apos' æøå ÆØÅ (også linje 7)`,
    `::notice file=${A_PROP},line=9,title=info/plus::\\tTab først%0D%0Aanden linje`,
    '::warning title=praksis/at::@SUM(A1) \\x01 kontrol',
    '::error title=praksis/minus::-146,79 kr. for meget; se linje 1%0Aog linje 2',
    'gpclaims: 3 fejl, 2 advarsler, 2 info',
  ];

  it('one line per finding, then the summary line', () => {
    const out = format('github', result(), ctx());
    expect(out.endsWith('\n')).toBe(true);
    expect(out.slice(0, -1).split('\n')).toEqual(EXPECTED);
  });

  it('in English the other lines and the summary are English', () => {
    const lines = format('github', result(), ctx('en')).split('\n');
    expect(lines[3]).toBe(`::error file=${A_PROP},line=3,title=tillaeg/a&b::${MSG1} (also line 7)`);
    expect(lines[7]).toBe('gpclaims: 3 errors, 2 warnings, 2 info');
  });

  it.each([
    ['error', '::error '],
    ['warning', '::warning '],
    ['info', '::notice '],
  ] as const)('severity %s is written as %s', (severity, start) => {
    const out = format('github', result([{ ...FINDINGS[0]!, severity }]), ctx());
    expect(out.startsWith(start)).toBe(true);
  });

  it('the summary line is not a workflow command; every other line is one', () => {
    const lines = format('github', result(), ctx()).trimEnd().split('\n');
    expect(lines.at(-1)!.startsWith('::')).toBe(false);
    expect(lines.slice(0, -1).every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    expect(format('github', result([]), ctx())).toBe('gpclaims: 0 fejl, 0 advarsler, 0 info\n');
  });

  it('a file name cannot add or end properties', () => {
    const out = format('github', result([{ ...FINDINGS[0]!, locations: [{ file: 'x.csv,line=99::evil', line: 2 }] }]), ctx());
    expect(out.split('\n')[0]).toBe('::warning file=x.csv%2Cline=99%3A%3Aevil,line=2,title=kombination/hyperlink::=HYPERLINK("http://x.dk";"klik")');
  });

  it.each([
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['%0A', '%250A', '%250A'],
    // The runner also breaks lines at U+2028, U+2029 and NEL (U+0085): never written as they are.
    ['a\u2028b', 'a\\u2028b', 'a\\u2028b'],
    ['a\u2029b', 'a\\u2029b', 'a\\u2029b'],
    ['a\u0085b', 'a\\x85b', 'a\\x85b'],
    ['\x1b[31mred', '\\x1b[31mred', '\\x1b[31mred'],
  ])('escapes %j as data %j and as a property %j', (raw, data, prop) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(prop);
  });

  it('a value cannot start a workflow command of its own: one command line per finding', () => {
    const hostile = ['x\n::error::pwned', 'y\r::error::pwned', 'z\u2028::error::x', 'w\u2029::warning::x', 'v\u0085::notice::x', '::error::at the start'];
    const findings = hostile.map((message, k) => ({ ...FINDINGS[0]!, message, locations: [{ file: `f${k}.csv\u2028::error::file`, line: k + 2 }] }));
    const out = format('github', result(findings), ctx());
    // Split wherever the runner may see a line end.
    const lines = out.trimEnd().split(/\r\n|[\r\n\u2028\u2029\u0085]/);
    expect(lines).toHaveLength(findings.length + 1);
    lines.slice(0, -1).forEach((line, k) => expect(line.startsWith(`::warning file=f${k}.csv\\u2028%3A%3Aerror%3A%3Afile,line=${k + 2},`)).toBe(true));
  });
});

// ---------------------------------------------------------------------------------------------
// csv
// ---------------------------------------------------------------------------------------------

/** RFC 4180 with ';' as separator, strict: records end in CRLF, quotes only around whole cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; ; ) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"') {
          if (text[i + 1] !== '"') break;
          i++;
        }
        cell += text[i++];
      }
      i++;
    } else {
      while (i < text.length && !';\r\n'.includes(text[i]!)) {
        if (text[i] === '"') throw new Error(`quote inside an unquoted cell at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ';') {
      i++;
      if (i === text.length) row.push('');
    } else if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i === text.length) {
      rows.push(row);
    } else {
      throw new Error(`expected ; or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
    }
  }
  return rows;
}

describe('csv', () => {
  const MONEY_DA = ['rettelse', 'beløb i risiko', 'beløbsgrundlag', 'mulig merindtægt'];
  const DETAILS_DA = ['antal', 'højst', 'år', 'fra', 'til', 'andre koder', 'enheder', 'patienter', 'pr. patient', 'regionsgennemsnit', 'grænse', 'forventet beløb'];
  const HEADER = ['alvor', 'emne', 'regel', 'ydernummer', 'patient', 'dato', 'ydelseskoder', 'fil', 'linje', 'alle placeringer', 'besked', ...MONEY_DA, ...DETAILS_DA];
  const T1 = 'Tillæg <tag> & "quotes"';
  /** The cells after the message of a finding with no fix, no kroner and no details. */
  const NONE = Array<string>(MONEY_DA.length + DETAILS_DA.length).fill('');
  const EXPECTED = [
    ['advarsel', 'Kombination', 'kombination/hyperlink', '123456', '020270-****', '2024-02-01', '0201', B, '2', `${B}:2`, `'=HYPERLINK("http://x.dk";"klik")`, ...NONE],
    ['info', "Info 'apos'", 'info/plus', '123456', '', '', '', B, '4', `${B}:4`, "'+45 er et telefonnummer, 100% sikkert: ja", ...NONE],
    ['fejl', T1, 'tillaeg/a&b', '123456', '040490-****', '2024-01-10', '0101', B, '6', `${B}:6, ${A}:8`, 'Dobbelt & "igen"', ...NONE],
    ['fejl', T1, 'tillaeg/a&b', '123456', '010160-****', '2024-01-05', '0101, 0120', A, '3', `${A}:3, ${A}:7`, MSG1, ...NONE],
    ['info', "Info 'apos'", 'info/plus', '123456', '030380-****', '2024-01-06', '', A, '9', `${A}:9`, "'\tTab først\r\nanden linje", ...NONE],
    ['advarsel', 'Praksis', 'praksis/at', '123456', '', '', '', '', '', '', "'@SUM(A1) \x01 kontrol", ...NONE],
    ['fejl', 'Praksis', 'praksis/minus', 'Læge "Ø" & Co; 50%: <x>', '', '2024-03-31', '', '', '', '', "'-146,79 kr. for meget; se linje 1\nog linje 2", ...NONE],
  ];

  it('starts with a BOM and ends every record in CRLF', () => {
    const out = format('csv', result(), ctx());
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.endsWith('\r\n')).toBe(true);
    // parseCsv throws on a bare LF or CR between records.
    expect(parseCsv(out.slice(1))).toHaveLength(FINDINGS.length + 1);
  });

  it('parses back to the expected cells: header, then one row per finding', () => {
    const rows = parseCsv(format('csv', result(), ctx()).slice(1));
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1)).toEqual(EXPECTED);
    expect(rows.every((r) => r.length === HEADER.length)).toBe(true);
  });

  it('a ";" or quote inside a cell is quoted, quotes doubled (raw text)', () => {
    const lines = format('csv', result(), ctx()).split('\r\n');
    expect(lines[1]).toBe(`advarsel;Kombination;kombination/hyperlink;123456;020270-****;2024-02-01;0201;b.csv;2;b.csv:2;"'=HYPERLINK(""http://x.dk"";""klik"")"${';'.repeat(NONE.length)}`);
    expect(lines[3]).toContain(`;"${T1.replace(/"/g, '""')}";`);
  });

  it('the header follows --lang', () => {
    const rows = parseCsv(format('csv', result([]), ctx('en')).slice(1));
    expect(rows).toEqual([
      [
        'severity', 'topic', 'rule', 'practice', 'patient', 'date', 'codes', 'file', 'line', 'all locations', 'message',
        'fix', 'amount at risk', 'amount basis', 'possible extra income',
        'count', 'at most', 'year', 'from', 'to', 'other codes', 'units', 'patients', 'per patient', 'regional average', 'limit', 'expected amount',
      ],
    ]);
  });

  /** The row of one finding, by header, in a language. */
  const cells = (f: Finding, lang: Lang): Record<string, string> => {
    const [head, body] = parseCsv(format('csv', result([f]), ctx(lang)).slice(1));
    return Object.fromEntries(head!.map((h, k) => [h, body![k]!]));
  };

  it.each([
    ['da', 'error', 'fejl'],
    ['da', 'warning', 'advarsel'],
    ['da', 'info', 'info'],
    ['en', 'error', 'error'],
    ['en', 'warning', 'warning'],
    ['en', 'info', 'info'],
  ] as const)('%s: severity %s is written %s', (lang, severity, written) => {
    expect(cells({ ...finding('ren/regel', { message: 'm' }), severity }, lang)[lang === 'da' ? 'alvor' : 'severity']).toBe(written);
  });

  const FIX = { da: 'Slet dubletten', en: 'Delete the duplicate' };
  it.each([
    // [what, lang, finding fields, expected cells by header]
    ['kroner from the lines (da: decimal comma)', 'da', { amount: '324.13', amountBasis: 'beloeb', fix: FIX }, { rettelse: 'Slet dubletten', 'beløb i risiko': '324,13', beløbsgrundlag: 'linjernes beløb', 'mulig merindtægt': '' }],
    ['kroner from the lines (en: decimal point)', 'en', { amount: '324.13', amountBasis: 'beloeb', fix: FIX }, { fix: 'Delete the duplicate', 'amount at risk': '324.13', 'amount basis': "the lines' amounts", 'possible extra income': '' }],
    ['tariff × antal, thousands not grouped', 'da', { amount: '12345.60', amountBasis: 'tariff' }, { 'beløb i risiko': '12345,60', beløbsgrundlag: 'takst × antal' }],
    ['an estimate', 'en', { amount: '944.02', amountBasis: 'estimate' }, { 'amount at risk': '944.02', 'amount basis': 'estimated' }],
    ['unknown kroner: empty, never 0', 'da', { amount: null, amountBasis: null }, { 'beløb i risiko': '', beløbsgrundlag: '' }],
    ['an opportunity, apart from the kroner at risk', 'da', { amount: null, amountBasis: 'beloeb', opportunity: '215.40' }, { 'beløb i risiko': '', 'mulig merindtægt': '215,40' }],
    ['0.00 at stake is written, not left empty', 'en', { amount: '0.00', amountBasis: 'beloeb' }, { 'amount at risk': '0.00' }],
  ] as const)('%s', (_what, lang, fields, expected) => {
    expect(cells({ ...finding('ren/regel', { message: 'm' }), ...(fields as Partial<Finding>) }, lang)).toMatchObject(expected);
  });

  it.each([
    [
      'a count over a window',
      'da',
      { count: 3, max: 2, window: '365 dage', from: '2025-01-09', to: '2025-03-14' },
      { antal: '3', højst: '2', fra: '2025-01-09', til: '2025-03-14', år: '', 'andre koder': '' },
    ],
    ['a yearly count', 'en', { count: 9, max: 7, year: 2026, history: ['jan-okt'] }, { count: '9', 'at most': '7', year: '2026' }],
    ['other codes, joined', 'da', { others: ['0201', '2143'] }, { 'andre koder': '0201, 2143' }],
    [
      'a practice\'s figures (da: decimal comma)',
      'da',
      { rate: '0.0033', regionalAverage: '0.0007', threshold: '0.0009', units: 10, patients: 3000 },
      { 'pr. patient': '0,0033', regionsgennemsnit: '0,0007', grænse: '0,0009', enheder: '10', patienter: '3000' },
    ],
    ['a practice\'s figures (en)', 'en', { rate: '0.0033', regionalAverage: '0.0007', threshold: '0.0009' }, { 'per patient': '0.0033', 'regional average': '0.0007', limit: '0.0009' }],
    ['the tariff expected', 'da', { expected: '167.46', difference: '-6.89' }, { 'forventet beløb': '167,46' }],
    ['details not shown in a column leave the others empty', 'da', { reason: 'weekend', why: 'en lørdag' }, { antal: '', fra: '', 'pr. patient': '' }],
  ] as const)('details: %s', (_what, lang, details, expected) => {
    expect(cells(finding('ren/regel', { message: 'm', details: details as Record<string, unknown> }), lang)).toMatchObject(expected);
  });

  it.each([
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    ['+45 20 30 40 50', "'+45 20 30 40 50"],
    ['-1 linje', "'-1 linje"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Slet; "ret" linjen', 'Slet; "ret" linjen'],
    ['to\nlinjer', 'to\nlinjer'],
  ])('hostile fix text %j reads back as %j, never as a formula', (text, back) => {
    const out = format('csv', result([finding('ren/regel', { message: 'm', fix: { da: text, en: text } })]), ctx());
    expect(parseCsv(out.slice(1))[1]![HEADER.indexOf('rettelse')]).toBe(back);
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['-5', "'-5"],
    ['2025-01-09', '2025-01-09'],
  ])('a hostile detail %j reads back as %j', (value, back) => {
    expect(cells(finding('ren/regel', { message: 'm', details: { from: value, others: [value] } }), 'da')).toMatchObject({ fra: back, 'andre koder': back });
  });

  it.each([
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://x";"y")', `"'=HYPERLINK(""http://x"";""y"")"`],
    ['+45', "'+45"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a;b', '"a;b"'],
    ['sagde "hej"', '"sagde ""hej"""'],
    ['a\nb', '"a\nb"'],
    ['a=b-c', 'a=b-c'],
    ["'allerede", "'allerede"],
    ['æøå ÆØÅ', 'æøå ÆØÅ'],
    ['', ''],
  ])('cell %j is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])('a message starting with %j is neutralised', (start) => {
    const out = format('csv', result([finding('praksis/at', { message: `${start}cmd|' /C calc'!A0` })]), ctx());
    expect(parseCsv(out.slice(1))[1]![HEADER.indexOf('besked')]).toBe(`'${start}cmd|' /C calc'!A0`);
  });

  it('no findings: BOM, header, CRLF', () => {
    expect(format('csv', result([]), ctx())).toBe(`\uFEFF${HEADER.join(';')}\r\n`);
  });
});

// ---------------------------------------------------------------------------------------------
// All three
// ---------------------------------------------------------------------------------------------

describe('the CI formats', () => {
  it('are registered for --format', () => {
    expect(Object.keys(formatters)).toEqual(expect.arrayContaining(['pretty', 'json', 'junit', 'github', 'csv']));
  });

  it.each(['junit', 'github', 'csv'].flatMap((f) => (['da', 'en'] as const).map((lang) => [f, lang] as const)))('%s (%s) adds no CPR-like number', (name, lang) => {
    for (const c of [ctx(lang), ctx(lang, null)]) {
      const out = format(name, result(), c);
      expect(out).not.toMatch(/\d{10}/);
      expect(out).not.toMatch(/\d{6}-\d{4}/);
      // The report text was really there to look at (github annotations carry no patient).
      expect(out).toContain(name === 'github' ? 'tillaeg/a&b' : '010160-****');
    }
  });

  it.each(['junit', 'github', 'csv'])('%s is pure: the same input gives the same text and the result is not changed', (name) => {
    const r = result();
    const before = JSON.stringify(r);
    expect(format(name, r, ctx())).toBe(format(name, r, ctx()));
    expect(JSON.stringify(r)).toBe(before);
  });
});
