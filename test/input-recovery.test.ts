// The reader loses nothing: a malformed record costs only its own first line, line numbers are the
// physical ones for any mix of line ends, one encoding per input whatever the chunking, a bounded
// line length, and files that are not CSV are named for what they are. Each case is read as a file
// (the hot path) and as streams cut into chunks of different sizes (the general path).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { check, type CheckOptions, type CheckResult, InputError } from '../src/index.js';
import { type RecordEvent, readRecords } from '../src/input/records.js';
import { bundledRuleset, P } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-recovery-'));
let fileNo = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small seeded generator (mulberry32), so random chunk sizes are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How the bytes reach the reader: a file path, or a stream cut into chunks. */
type Way = 'file' | 'one chunk' | '1-byte chunks' | 'random chunks';
const WAYS: Way[] = ['file', 'one chunk', '1-byte chunks', 'random chunks'];

function chunks(bytes: Uint8Array, way: Exclude<Way, 'file'>, seed = 1): AsyncIterable<Uint8Array> {
  return (async function* () {
    if (way === 'one chunk') {
      yield bytes;
      return;
    }
    const random = prng(seed);
    for (let at = 0; at < bytes.length; ) {
      const n = way === '1-byte chunks' ? 1 : 1 + Math.floor(random() * 300);
      yield bytes.subarray(at, at + n);
      at += n;
    }
  })();
}

type Options = Omit<Partial<CheckOptions>, 'ruleset'> & { maxLineBytes?: number };

/** Checks the bytes one way; the stream is named by the file's path, so results compare whole. */
async function read(bytes: Uint8Array | string, way: Way, options: Options = {}): Promise<CheckResult> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, data);
  const opts = { ruleset: bundledRuleset(), ...options } as CheckOptions;
  return way === 'file' ? check([path], opts) : check([{ name: path, stream: chunks(data, way, fileNo) }], opts);
}

/** [ruleId, line] of every input finding, in line order. */
const inputAt = (r: CheckResult): [string, number][] =>
  r.findings
    .filter((f) => f.ruleId.startsWith('input/'))
    .map((f): [string, number] => [f.ruleId, f.locations[0]!.line])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));

const counts = (r: CheckResult) => {
  const { linesRead, claimsChecked, linesRejected, blankLines } = r.summary;
  return { linesRead, claimsChecked, linesRejected, blankLines };
};

// Six columns; a good line has no input finding, antal 0 gives input/antal on exactly its line.
const H = 'ydernummer,cpr,dato,ydelseskode,antal,note';
const patients = Object.values(P);
const good = (k: number, note = 'x'): string => `1,${patients[k % patients.length]},2025-03-${String(3 + (k % 20)).padStart(2, '0')},0101,1,${note}`;
const badAntal = (k: number, note = 'x'): string => good(k, note).replace(',0101,1,', ',0101,0,');

/** Header and `n` good data lines as physical lines (index 0 is line 1), with some replaced. */
function physical(n: number, replace: Record<number, string> = {}): string[] {
  const out = [H];
  for (let k = 2; k <= n + 1; k++) out.push(replace[k] ?? good(k));
  return out;
}

describe('a malformed record costs only its first line', () => {
  // Each case: physical lines (index + 1 is the line number), the input findings expected, and
  // how many physical lines a legitimate multi-line record adds beyond its first.
  const stray = `1,"${P.a},2025-03-04,0101,1,x`;
  const cases: [name: string, lines: string[], expected: [string, number][], joined: number][] = [
    ['a stray quote at the start of a field on line 101, never closed', physical(200, { 101: stray }), [['input/csv', 101]], 0],
    [
      'a stray quote closed by a quoted field further down (text after the closing quote)',
      physical(200, { 101: stray, 150: good(150, '"note, with a comma"') }),
      [['input/csv', 101]],
      0,
    ],
    [
      'a quote that joins two lines into a record with the wrong field count',
      physical(200, { 101: stray, 102: good(102, 'y"') }),
      [['input/csv', 101]],
      0,
    ],
    ['a stray quote on the last line', physical(200, { 201: stray }), [['input/csv', 201]], 0],
    // On one line, a quoted field with text after it is taken as it stands: here a CPR that is not one.
    ['text after a closing quote on one line', physical(20, { 5: `1,"${P.a}"x,2025-03-04,0101,1,x` }), [['input/cpr', 5]], 0],
    ['a note written "like" this on one line is read (the claim is checked)', physical(20, { 5: good(5, '"Kontrol, i dag" og "blodtryk"') }), [], 0],
    [
      'a legitimate note over two lines (LF) is one record starting on its first line',
      physical(200, { 101: good(101, '"første\nanden, linje"'), 150: badAntal(150) }).flatMap((l) => l.split('\n')),
      [['input/antal', 151]],
      1,
    ],
    [
      'two stray quotes far apart, each costing one line',
      physical(300, { 50: stray, 250: stray }),
      [['input/csv', 50], ['input/csv', 250]],
      0,
    ],
  ];

  for (const eol of ['\n', '\r\n']) {
    describe(eol === '\n' ? 'LF' : 'CRLF', () => {
      it.each(cases.flatMap(([name, lines, expected, joined]) => WAYS.map((way) => [name, way, lines, expected, joined] as const)))(
        '%s (%s)',
        async (_, way, lines, expected, joined) => {
          const r = await read(lines.join(eol) + eol, way);
          expect(inputAt(r)).toEqual(expected);
          const dataLines = lines.length - 1 - joined;
          const rejected = expected.length;
          expect(counts(r)).toEqual({ linesRead: dataLines, claimsChecked: dataLines - rejected, linesRejected: rejected, blankLines: 0 });
        },
      );
    });
  }

  it.each(WAYS)('a CRLF and a lone CR inside a quoted field count as one physical line each (%s)', async (way) => {
    // line 2: note over lines 2-3 (CRLF inside), line 4: note over lines 4-5 (CR inside), line 6 bad
    const text = [H, good(2, '"a\r\nb"'), good(4, '"c\rd"'), badAntal(6)].join('\r\n') + '\r\n';
    const r = await read(text, way);
    expect(inputAt(r)).toEqual([['input/antal', 6]]);
    expect(counts(r)).toEqual({ linesRead: 3, claimsChecked: 2, linesRejected: 1, blankLines: 0 });
  });

  it.each(WAYS)('a quoted field may run over 100 physical lines, not 101: then its first line is unreadable and the rest read again (%s)', async (way) => {
    const note = (breaks: number): string => `"${Array.from({ length: breaks + 1 }, () => 'z').join('\n')}"`;
    // lines 2-101: one record (99 breaks, 100 lines); 102: good; 103-203: 100 breaks (101 lines)
    const text = [H, good(2, note(99)), good(3), good(4, note(100)), badAntal(5)].join('\n') + '\n';
    const r = await read(text, way);
    const rereadLines = Array.from({ length: 100 }, (_, k): [string, number] => ['input/feltantal', 104 + k]);
    expect(inputAt(r)).toEqual([['input/csv', 103], ...rereadLines, ['input/antal', 204]]);
    // records: 2, 102, 103 (unreadable), 104-203 (100 one-field lines), 204
    expect(counts(r)).toEqual({ linesRead: 104, claimsChecked: 2, linesRejected: 102, blankLines: 0 });
  });
});

describe('fields as they are split', () => {
  // The header has three fields; each case is one data line and the fields it gives.
  it.each([
    ['plain', 'a,b,c', ['a', 'b', 'c']],
    ['an empty last field', 'a,b,', ['a', 'b', '']],
    ['a quoted delimiter', '"a,b",c,d', ['a,b', 'c', 'd']],
    ['a doubled quote', '"say ""hi""",b,c', ['say "hi"', 'b', 'c']],
    ['an empty quoted field', '"",b,c', ['', 'b', 'c']],
    ['a quote inside an unquoted field is data', 'a"b,c,d', ['a"b', 'c', 'd']],
    ['a space before a quote makes it data', 'a, "b",c', ['a', ' "b"', 'c']],
    ['text after a closing quote: the field as it stands', 'a,"b,c"d,e', ['a', '"b,c"d', 'e']],
    ['more quotes after that are data too', 'a,"x"y"z",b', ['a', '"x"y"z"', 'b']],
    ['a quoted line break', 'a,"b\nc",d', ['a', 'b\nc', 'd']],
    ['a quoted CRLF', 'a,"b\r\nc",d', ['a', 'b\r\nc', 'd']],
  ])('%s', async (_, line, fields) => {
    const events: RecordEvent[] = [];
    for await (const ev of readRecords({ name: 'f.csv', stream: chunks(Buffer.from(`x,y,z\n${line}\n`), 'one chunk') })) events.push(ev);
    expect(events).toEqual([
      { type: 'header', fields: ['x', 'y', 'z'], delimiter: ',', line: 1 },
      { type: 'record', fields, line: 2 },
    ]);
  });
});

describe('physical line numbers for any mix of CR, LF and CRLF', () => {
  it.each(WAYS)('a header ending in CR followed by CRLF lines: lines 2, 3, 4 and no blank line (%s)', async (way) => {
    const text = `${H}\r${badAntal(2)}\r\n${badAntal(3)}\r\n${badAntal(4)}\r\n`;
    const r = await read(text, way);
    expect(inputAt(r)).toEqual([['input/antal', 2], ['input/antal', 3], ['input/antal', 4]]);
    expect(counts(r)).toEqual({ linesRead: 3, claimsChecked: 0, linesRejected: 3, blankLines: 0 });
  });

  it.each(WAYS)('every blank line is counted, whatever ends it (%s)', async (way) => {
    // 1 header, 2 blank, 3 bad (ended by CR), 4 blank (CRLF), 5 empty cells, 6 bad, 7 blank (CR), 8 bad, 9 blank
    const text = `${H}\n\n${badAntal(3)}\r\r\n,,,,,\n${badAntal(6)}\r\n\r${badAntal(8)}\n\n`;
    const r = await read(text, way);
    expect(inputAt(r)).toEqual([['input/antal', 3], ['input/antal', 6], ['input/antal', 8]]);
    expect(counts(r)).toEqual({ linesRead: 3, claimsChecked: 0, linesRejected: 3, blankLines: 5 });
  });

  // Random files of good, bad and blank lines and notes with line breaks inside quotes, each line
  // ended by LF, CRLF or CR. The expected line of each bad line is counted here, while the file is made.
  const EOL = fc.constantFrom('\n', '\r\n', '\r');
  const item = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('good' as const, 'bad' as const), eol: EOL }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('blank' as const, 'cells' as const), eol: EOL }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), eol: EOL, bad: fc.boolean(), breaks: fc.array(EOL, { minLength: 1, maxLength: 3 }) }) },
  );
  const file = fc.record({ headerEol: EOL, items: fc.array(item, { maxLength: 30 }), finalEol: fc.boolean() });

  it.each(['file', 'random chunks'] as const)('random mixes: the physical line of every bad line, and every blank line counted (%s)', async (way) => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        let text = H + f.headerEol;
        let line = 2;
        let prevEol = f.headerEol;
        const bad: [string, number][] = [];
        let blank = 0;
        let records = 0;
        f.items.forEach((it, k) => {
          // A lone CR and then an empty line ended by LF would read as one CRLF: end that empty line with CRLF.
          let eol = it.kind === 'blank' && prevEol === '\r' && it.eol === '\n' ? '\r\n' : it.eol;
          const last = k === f.items.length - 1;
          if (last && !f.finalEol && it.kind !== 'blank') eol = '';
          let content: string;
          if (it.kind === 'blank' || it.kind === 'cells') {
            content = it.kind === 'blank' ? '' : ',,,,,';
            blank++;
          } else {
            records++;
            const note = it.kind === 'note' ? `"${['a', ...it.breaks.map((b, j) => `${b}${j}`)].join('')}"` : 'x';
            const isBad = it.kind === 'bad' || (it.kind === 'note' && it.bad);
            content = isBad ? badAntal(k, note) : good(k, note);
            if (isBad) bad.push(['input/antal', line]);
          }
          text += content + eol;
          line += 1 + (it.kind === 'note' ? it.breaks.length : 0);
          prevEol = eol;
        });
        // allowEmpty: a mix may hold no record at all, and then its blank lines are still counted.
        const r = await read(text, way, { allowEmpty: true });
        expect(inputAt(r)).toEqual(bad);
        expect(counts(r)).toEqual({ linesRead: records, claimsChecked: records - bad.length, linesRejected: bad.length, blankLines: blank });
      }),
      { numRuns: 150 },
    );
  });
});

describe('one encoding per input, the same on every path and for any chunking', () => {
  const H8 = 'ydernummer;cpr;dato;ydelseskode;antal;beløb;note';
  const row = (k: number, amount: string, note: string): string => `1;${patients[k % patients.length]};2025-03-04;0101;1;${amount};${note}`;
  const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

  it.each(WAYS)('UTF-8 with one stray Windows-1252 byte: the beløb header is read as UTF-8 and only that line is an input finding (%s)', async (way) => {
    // line 2 bad amount (found only if beløb is mapped), line 3 fine, line 4 has 0xF8 (Windows-1252 ø) in its note
    const bytes = Buffer.concat([utf8(`${H8}\n${row(2, '14x,79', 'blå')}\n${row(3, '146,79', 'grøn')}\n${row(4, '146,79', 'r')}`), Buffer.from([0xf8]), utf8(`d\n${row(5, '146,79', 'æ')}\n`)]);
    const r = await read(bytes, way);
    expect(inputAt(r)).toEqual([['input/beloeb', 2], ['input/tegnkodning', 4]]);
    expect(r.findings.find((f) => f.ruleId === 'input/beloeb')!.details).toEqual({ column: 'beloeb', value: '14x,79' });
    expect(counts(r)).toEqual({ linesRead: 4, claimsChecked: 2, linesRejected: 2, blankLines: 0 });
  });

  it.each(WAYS)('Windows-1252 throughout: Beløb mapped and æøå read (%s)', async (way) => {
    const bytes = Buffer.from(`${H8}\r\n${row(2, '14x,79', 'blå')}\r\n${row(3, '146,79', 'grøn')}\r\n`, 'latin1');
    const r = await read(bytes, way);
    expect(inputAt(r)).toEqual([['input/beloeb', 2]]);
    expect(counts(r)).toEqual({ linesRead: 2, claimsChecked: 1, linesRejected: 1, blankLines: 0 });
  });

  it.each([
    ['split after its first byte', 1],
    ['split after its second byte', 2],
  ])('a UTF-8 BOM %s across the first two chunks is dropped', async (_, cut) => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(`${H8}\n${row(2, '146,79', 'ø')}\n`)]);
    const stream = (async function* () {
      yield bytes.subarray(0, cut);
      yield bytes.subarray(cut);
    })();
    const r = await check([{ name: 'bom.csv', stream }], { ruleset: bundledRuleset() });
    expect(inputAt(r)).toEqual([]);
    expect(counts(r)).toEqual({ linesRead: 1, claimsChecked: 1, linesRejected: 0, blankLines: 0 });
  });

  it.each(['file', 'one chunk', 'random chunks'] as const)('UTF-8 decided from the first MiB: an invalid byte further on is an input finding on its line only (%s)', async (way) => {
    // about 1.3 MB of UTF-8 lines with ø in the note, then one line with a lone 0xE6 (Windows-1252 æ)
    const lines = [H8];
    for (let k = 2; k <= 30_000; k++) lines.push(row(k, '146,79', 'kontrol, grøn'));
    const head = utf8(lines.join('\n') + '\n');
    expect(head.length).toBeGreaterThan(1 << 20);
    const bytes = Buffer.concat([head, utf8(row(30_001, '146,79', 'bl')), Buffer.from([0xe6]), utf8(`\n${row(30_002, '14x,79', 'ø')}\n`)]);
    const r = await read(bytes, way);
    expect(inputAt(r)).toEqual([['input/tegnkodning', 30_001], ['input/beloeb', 30_002]]);
    expect(counts(r)).toMatchObject({ linesRead: 30_001, linesRejected: 2 });
  });

  // The same bytes give the same result by every way, for inputs that mix what the reader must decide on.
  const mixed: [string, Buffer][] = [
    ['UTF-8 with a stray byte', Buffer.concat([utf8(`${H8}\n${row(2, '1,5', 'ø')}\n`), Buffer.from([0x80, 0x0a]), utf8(`${row(3, '2', '"a\nb"')}\n`)])],
    ['Windows-1252 with quotes and CR', Buffer.from(`${H8}\r${row(2, '1,5', '"ø\r\nå"')}\r${row(3, 'x', 'æ')}\n\n`, 'latin1')],
    ['UTF-8 with a BOM, CRLF and a stray quote', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(`${H8}\r\n${row(2, '"1', 'ø')}\r\n${row(3, '2', 'å')}\r\n`)])],
  ];
  it.each(mixed)('%s: a file, one chunk, 1-byte chunks and random chunks all agree', async (_, bytes) => {
    const [file, ...streams] = await Promise.all(WAYS.map((way) => read(bytes, way)));
    for (const r of streams) {
      expect(r.summary).toEqual(file!.summary);
      expect(r.findings.map((f) => ({ ...f, locations: f.locations.map((l) => l.line) }))).toEqual(file!.findings.map((f) => ({ ...f, locations: f.locations.map((l) => l.line) })));
    }
  });
});

describe('the length of a line is capped', () => {
  const BIG = 20 * 1024 * 1024;

  /** Header, a good line, a BIG-byte line (made as it is read, never held whole), a bad line. */
  function bigLineStream(eol: string, bigLine: (n: number) => Uint8Array): AsyncIterable<Uint8Array> {
    return (async function* () {
      yield Buffer.from(`${H}${eol}${good(2)}${eol}`);
      const piece = 64 * 1024;
      for (let sent = 0; sent < BIG; sent += piece) yield bigLine(Math.min(piece, BIG - sent));
      yield Buffer.from(`${eol}${badAntal(4)}${eol}`);
    })();
  }
  const xs = (n: number): Uint8Array => Buffer.alloc(n, 0x78);
  const withQuotes = (n: number): Uint8Array => Buffer.alloc(n, '1,"x'); // quotes that never close

  it.each([
    ['LF', '\n', xs],
    ['CRLF', '\r\n', xs],
    ['LF, quotes inside the long line', '\n', withQuotes],
  ] as const)('a 20 MB data line through a stream is one finding and is skipped (%s)', async (_, eol, bigLine) => {
    const r = await check([{ name: 'big.csv', stream: bigLineStream(eol, bigLine) }], { ruleset: bundledRuleset() });
    expect(inputAt(r)).toEqual([['input/linje-for-lang', 3], ['input/antal', 4]]);
    expect(r.findings.find((f) => f.ruleId === 'input/linje-for-lang')!.details).toEqual({ length: BIG, max: 65536 });
    expect(counts(r)).toEqual({ linesRead: 3, claimsChecked: 1, linesRejected: 2, blankLines: 0 });
  });

  it('a 20 MB data line in a file is one finding and is skipped', async () => {
    const path = join(dir, 'big.csv');
    writeFileSync(path, Buffer.concat([Buffer.from(`${H}\n${good(2)}\n`), xs(BIG), Buffer.from(`\n${badAntal(4)}\n`)]));
    const r = await check([path], { ruleset: bundledRuleset() });
    expect(inputAt(r)).toEqual([['input/linje-for-lang', 3], ['input/antal', 4]]);
    expect(r.findings.find((f) => f.ruleId === 'input/linje-for-lang')!.details).toEqual({ length: BIG, max: 65536 });
    // Danish by default: thousands with a dot.
    expect(r.findings.find((f) => f.ruleId === 'input/linje-for-lang')!.message).toContain(BIG.toLocaleString('da-DK'));
  });

  it.each(['file', 'stream'] as const)('a header longer than the cap stops the run with one line (%s)', async (way) => {
    const bytes = Buffer.concat([Buffer.from('ydernummer,cpr,dato,ydelseskode,'), xs(BIG)]);
    let run: Promise<CheckResult>;
    if (way === 'file') {
      const path = join(dir, 'bighead.csv');
      writeFileSync(path, bytes);
      run = check([path], { ruleset: bundledRuleset() });
    } else {
      run = check([{ name: 'bighead.csv', stream: bigHeader(bytes) }], { ruleset: bundledRuleset() });
    }
    const e = await run.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(/bighead\.csv: line 1 is longer than 65536 bytes/);
    expect((e as Error).message).not.toContain('\n');
  });
  /** The bytes in 64 KiB chunks. */
  function bigHeader(bytes: Uint8Array): AsyncIterable<Uint8Array> {
    return (async function* () {
      for (let at = 0; at < bytes.length; at += 65536) yield bytes.subarray(at, at + 65536);
    })();
  }

  it.each([0, -1, 1.5, Number.NaN])('maxLineBytes %s is refused', async (maxLineBytes) => {
    await expect(read(`${H}\n${good(2)}\n`, 'file', { maxLineBytes })).rejects.toThrow(RangeError);
    await expect(read(`${H}\n${good(2)}\n`, 'one chunk', { maxLineBytes })).rejects.toThrow(/maxLineBytes must be a whole number/);
  });

  // maxLineBytes counts the bytes of a line without its line end.
  it.each(
    WAYS.flatMap((way) => [
      [100, '\n', way, []],
      [101, '\n', way, [['input/linje-for-lang', 3]]],
      [100, '\r\n', way, []],
      [101, '\r\n', way, [['input/linje-for-lang', 3]]],
    ] as [number, string, Way, [string, number][]][]),
  )('maxLineBytes 100: a line of %i bytes ended by %j (%s)', async (length, eol, way, expected) => {
    const line = good(3, '');
    const exact = line + 'n'.repeat(length - line.length);
    expect(Buffer.byteLength(exact)).toBe(length);
    const r = await read([H, good(2), exact, good(4)].join(eol) + eol, way, { maxLineBytes: 100 });
    expect(inputAt(r)).toEqual(expected);
    if (expected.length) expect(r.findings.find((f) => f.ruleId === 'input/linje-for-lang')!.details).toEqual({ length, max: 100 });
  });

  it.each(WAYS)('maxLineBytes bounds a quoted record over several lines too (%s)', async (way) => {
    // line 3-5: a note over three lines, 90 bytes in all (read); lines 6-8: the same with 120 bytes (unreadable, then read again)
    // The last line is x" so that, read again on its own, it is one field with a quote as data.
    const note = (total: number): string => {
      const body = good(3, '"');
      const fill = total - body.length - 4; // two line breaks, x and the closing quote
      return `${body}${'a'.repeat(Math.floor(fill / 2))}\n${'b'.repeat(fill - Math.floor(fill / 2))}\nx"`;
    };
    expect(note(90).length).toBe(90);
    const text = [H, good(2), note(90), note(120), good(9)].join('\n') + '\n';
    const r = await read(text, way, { maxLineBytes: 100 });
    expect(inputAt(r)).toEqual([['input/csv', 6], ['input/feltantal', 7], ['input/feltantal', 8]]);
    expect(counts(r)).toEqual({ linesRead: 6, claimsChecked: 3, linesRejected: 3, blankLines: 0 });
  });
});

describe('a file that is not CSV is named for what it is', () => {
  const utf16 = (text: string, bom: boolean, be = false): Buffer => {
    const le = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
    return be ? Buffer.from(le).swap16() : le;
  };
  const csvText = `${H}\n${good(2)}\n`;
  const UTF16 = 'looks like UTF-16 text, not CSV in UTF-8 or Windows-1252: save it as CSV (UTF-8)';
  const BINARY = 'looks like a binary file, not CSV text: save it as CSV (UTF-8)';
  const kinds: [string, Buffer, string][] = [
    ['an xlsx workbook (zip)', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.from('[Content_Types].xml'), Buffer.alloc(200, 1)]), 'looks like an Excel workbook (xlsx), not CSV: save it as CSV (UTF-8)'],
    ['an old Excel workbook (xls)', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)]), 'looks like an Excel 97-2003 workbook (xls), not CSV: save it as CSV (UTF-8)'],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), 'looks like a PDF document, not CSV: export the claims as CSV (UTF-8)'],
    ['a gzip archive', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x12, 0x34, 0x56, 0x78, 0x00, 0x03]), 'looks like a gzip archive, not CSV: unpack it, and give the CSV file (UTF-8) inside'],
    ['UTF-16 LE with a BOM', utf16(csvText, true), UTF16],
    ['UTF-16 BE with a BOM', utf16(csvText, true, true), UTF16],
    ['UTF-16 LE without a BOM', utf16(csvText, false), UTF16],
    ['UTF-16 BE without a BOM', utf16(csvText, false, true), UTF16],
    ['a JPEG image', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x01, 0x00, 0x48]), BINARY],
    ['control characters in the first line', Buffer.from(`${H}\x02\x03\n${good(2)}\n`), BINARY],
  ];
  it.each(kinds.flatMap(([name, bytes, message]) => (['file', 'one chunk', '1-byte chunks'] as const).map((way) => [name, way, bytes, message] as const)))(
    '%s (%s)',
    async (_, way, bytes, message) => {
      const e = await read(bytes, way).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      const { file } = e as InputError;
      // One line, and nothing of the file's bytes echoed after its name.
      expect((e as Error).message).toBe(`${file}: ${message}`);
    },
  );

  it('a CSV file with a NUL byte or two further on is still read (the NUL is data)', async () => {
    const r = await read(Buffer.from(`${H}\n${good(2)}\n${good(3, 'a\x00b')}\n`), 'file');
    expect(counts(r)).toEqual({ linesRead: 2, claimsChecked: 2, linesRejected: 0, blankLines: 0 });
  });
});

describe('the command line', () => {
  const ROOT = resolve(import.meta.dirname, '..');
  const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
  const gpclaims = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('an xlsx file: exit 2 and one line on stderr, without the file bytes', () => {
    const path = join(dir, 'faktura.csv');
    writeFileSync(path, Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(300, 0x41)]));
    const r = gpclaims(['check', path, '--format', 'json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gpclaims: ${path}: looks like an Excel workbook (xlsx), not CSV: save it as CSV (UTF-8)\n`);
    expect(r.stdout).toBe('');
  });

  it('a header longer than the line-length limit: exit 2 and one line on stderr', () => {
    const path = join(dir, 'lang.csv');
    writeFileSync(path, `${H},${'x'.repeat(70_000)}\n${good(2)}\n`);
    const r = gpclaims(['check', path, '--format', 'json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`gpclaims: ${path}: line 1 is longer than 65536 bytes, the line-length limit: the header row is missing or this is not a CSV file\n`);
  });

  it('a stray quote on line 101 of 200 data lines: 200 lines read, 199 checked, 1 rejected', () => {
    const path = join(dir, 'stray.csv');
    writeFileSync(path, physical(200, { 101: `1,"${P.a},2025-03-04,0101,1,x` }).join('\n') + '\n');
    const r = gpclaims(['check', path, '--format', 'json', '--max-findings', 'all']);
    const report = JSON.parse(r.stdout) as { summary: CheckResult['summary']; findings: CheckResult['findings'] };
    expect(counts(report as CheckResult)).toEqual({ linesRead: 200, claimsChecked: 199, linesRejected: 1, blankLines: 0 });
    expect(inputAt(report as CheckResult)).toEqual([['input/csv', 101]]);
  });
});
