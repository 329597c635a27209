// The fuzz inputs: (a) arbitrary bytes, (b) CSV-shaped text with hostile pieces, each with how to run it.
import fc from 'fast-check';
import { printable, printableBytes } from './text.js';

export const FORMATS = ['json', 'pretty', 'sarif', 'junit', 'github', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** Which side-file option also gets the input (with a fixed valid invoice), and in which format. */
export interface SideRun {
  option: 'practices' | 'tariffs' | 'suppressions' | 'baseline';
  format: Format;
}

/** One fuzz case: the bytes, how a stream cuts them, and the options of the runs. */
export class FuzzInput {
  constructor(
    readonly bytes: Uint8Array,
    /** Chunk sizes for the stream, used in turn until the bytes run out. */
    readonly chunks: readonly number[],
    readonly lang: 'da' | 'en',
    /** A topic that replaces the grundydelser rule file's topic (--rules), or null for the bundled rules. */
    readonly topic: string | null,
    readonly side: SideRun | null,
    /** The invoice's file name, which reports repeat: mostly plain, sometimes hostile. */
    readonly fileName = 'input.csv',
  ) {}

  /** How fast-check prints a counterexample: the bytes escaped and masked, never a full CPR. */
  [fc.toStringMethod](): string {
    const options = [`lang ${this.lang}`, `chunks [${this.chunks.join(',')}]`];
    if (this.topic !== null) options.push(`topic "${printableBytes(Buffer.from(this.topic), 60)}"`);
    if (this.side) options.push(`also as --${this.side.option} (${this.side.format})`);
    if (this.fileName !== 'input.csv') options.push(`file name "${printable(this.fileName, 60)}"`);
    return `${this.bytes.length} bytes "${printableBytes(this.bytes, 600)}" (${options.join(', ')})`;
  }
}

// Characters U+E000-U+E0FF in generated text stand for the raw byte 0x00-0xFF: a way to put
// invalid UTF-8 (or a Windows-1252 'ø') into otherwise UTF-8 text.
const RAW = 0xe000;
const raw = (...bytes: number[]): string => String.fromCharCode(...bytes.map((b) => RAW + b));

/** Text to bytes: UTF-8 (or Latin-1 when asked), with the raw-byte stand-ins put back as bytes. */
export function encode(text: string, latin1 = false): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= RAW && cp <= RAW + 0xff) out.push(cp - RAW);
    else if (latin1) out.push(cp <= 0xff ? cp : 0x3f);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Uint8Array.from(out);
}

/** Chunk sizes for the stream: small ones (a BOM or a UTF-8 character split), or the whole input in one chunk. */
const chunks = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.integer({ min: 1, max: 257 }), { minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constant([1 << 20]) },
);
const lang = fc.constantFrom('da' as const, 'en' as const);
/** Mostly the bundled rules; sometimes a rule file whose topic is a name JavaScript objects already have, or hostile text. */
const topic = fc.oneof(
  { weight: 12, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Emne \u001b[2J\u001b[H', '=HYPERLINK("x")', 'Emne\n::error::x') },
);
/** Mostly a plain name; sometimes one a spreadsheet, a CI runner or a terminal would act on. */
const fileName = fc.oneof(
  { weight: 12, arbitrary: fc.constant('input.csv') },
  { weight: 1, arbitrary: fc.constantFrom('=cmd.csv', '-x.csv', '@x.csv', 'a,b:c.csv', '%0A::error::x.csv', 'tab\t.csv', 'esc\x1b[2J.csv', 'nl\n::error::x.csv', 'u2028\u2028::error::x.csv', 'ø.csv') },
);
const side = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ option: fc.constantFrom('practices' as const, 'tariffs' as const, 'suppressions' as const, 'baseline' as const), format: fc.constantFrom(...FORMATS) }) },
);

// ---------------------------------------------------------------------------------------------
// (a) Arbitrary bytes. Random bytes almost never make a header, so half the cases put a valid
// header in front, and some draw from the bytes that matter to a CSV reader.

const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb\n';
const interestingByte = fc.constantFrom(
  ...[0x22, 0x2c, 0x3b, 0x09, 0x0d, 0x0a, 0x20, 0x2d, 0x2e, 0x3a, 0x3d, 0x25, 0x1b, 0x00, 0xef, 0xbb, 0xbf, 0xff, 0xf8, 0xc3, 0xa5, 0xe2, 0x80, 0xa8, 0xc2, 0x85],
  ...'0123456789'.split('').map((c) => c.charCodeAt(0)),
);
const someBytes = fc.oneof(fc.uint8Array({ maxLength: 3000 }), fc.array(interestingByte, { maxLength: 1500 }).map((a) => Uint8Array.from(a)));

export const bytesInput: fc.Arbitrary<FuzzInput> = fc
  .record({
    header: fc.boolean(),
    body: someBytes,
    chunks,
    lang,
    side,
  })
  .map(({ header, body, chunks, lang, side }) => new FuzzInput(header ? Buffer.concat([Buffer.from(HEADER), body]) : body, chunks, lang, null, side));

// ---------------------------------------------------------------------------------------------
// (b) CSV-shaped text: a header of real names and aliases, rows of mostly valid values from a
// small pool (so rules fire), mixed with hostile pieces. Everything is drawn in one record, without
// fc.chain, and values that name a patient or a column pick it by index when the text is put
// together: so fast-check can shrink a failing case (drop rows, make cells plain and valid).

type Column = 'ydernummer' | 'cpr' | 'dato' | 'ydelseskode' | 'antal' | 'beloeb' | 'tid' | 'sikringsgruppe' | 'note';

const NAMES: Record<Column, string[]> = {
  ydernummer: ['ydernummer', 'ydernr', 'Yder', 'YDERNUMMER'],
  cpr: ['cpr', 'CPR-nr', 'cpr_nr', 'personnummer'],
  dato: ['dato', 'ydelsesdato', 'Ydelses_dato', 'date'],
  ydelseskode: ['ydelseskode', 'ydelse', 'ydelsesnr', 'Ydelsesnummer', 'kode'],
  antal: ['antal', ' Antal '],
  beloeb: ['beloeb', 'beløb', 'belob', 'honorar'],
  tid: ['tid', 'tidspunkt'],
  sikringsgruppe: ['sikringsgruppe', 'Sikrings-gruppe'],
  note: ['note', 'bemærkning'],
};
const REQUIRED: Column[] = ['ydernummer', 'cpr', 'dato', 'ydelseskode'];
const OPTIONAL: Column[] = ['antal', 'beloeb', 'tid', 'sikringsgruppe', 'note'];
/** Columns a row can have: every column and one extra under a hostile header name. */
const MAX_COLUMNS = REQUIRED.length + OPTIONAL.length + 1;

/** The case's pools: rows draw their practice, patient and date from a few, so that rules fire. */
interface Pools {
  practices: string[];
  patients: string[];
  dates: string[];
}
/** A value made once the pools are known. */
type Piece = (pools: Pools) => string;
const pick = <T>(list: readonly T[], k: number): T => list[k % list.length]!;
const fixed = (text: string): Piece => () => text;
/** A piece about one of the case's patients, chosen by index. */
const aboutPatient = (make: (cpr: string) => string): fc.Arbitrary<Piece> => fc.nat().map((k) => (pools) => make(pick(pools.patients, k)));
const constants = (...texts: string[]): fc.Arbitrary<Piece> => fc.constantFrom(...texts).map(fixed);

/** A made-up CPR number with a real birth date (day 01-28), born 1930-1999. */
const cpr = fc
  .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 30, max: 99 }), fc.integer({ min: 0, max: 3999 }))
  .map(([d, m, y, s]) => [d, m, y].map((n) => String(n).padStart(2, '0')).join('') + String(s).padStart(4, '0'));

const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 864e5;
/** A service day in 2021-2025, often one with a bundled tariff (April-September 2021, October 2022-March 2023), so amounts are checked. */
const day = fc
  .oneof(
    { weight: 2, arbitrary: fc.integer({ min: dayNumber(2021, 1, 1), max: dayNumber(2025, 12, 31) }) },
    { weight: 1, arbitrary: fc.integer({ min: dayNumber(2021, 4, 1), max: dayNumber(2021, 9, 30) }) },
    { weight: 1, arbitrary: fc.integer({ min: dayNumber(2022, 10, 1), max: dayNumber(2023, 3, 31) }) },
  )
  .map((n) => new Date(n * 864e5).toISOString().slice(0, 10));

const pools: fc.Arbitrary<Pools> = fc.record({
  practices: fc.uniqueArray(fc.constantFrom('111111', '222222', '012345', '7', '12345678'), { minLength: 1, maxLength: 2 }),
  patients: fc.uniqueArray(cpr, { minLength: 1, maxLength: 4 }),
  dates: fc.uniqueArray(day, { minLength: 1, maxLength: 3 }),
});

/** Pieces that have broken, or could break, a reader, a report or a terminal. */
const hostile: fc.Arbitrary<Piece> = (() => {
  const often = (arbitrary: fc.Arbitrary<Piece>) => ({ weight: 4, arbitrary });
  return fc.oneof(
    // quotes: stray, doubled, unclosed, closed with something after, quoted line ends
    often(constants('"', '""', '"abc', 'ab"c', '"a""b"', '"ab"c', '"x\ny"', '"x\r\ny"', '"x\ry"', '"x\n\ny')),
    // line ends inside an unquoted value
    often(constants('a\rb', 'a\nb', 'a\r\nb', '\r', '\n\n')),
    // controls and terminal escapes
    often(constants('\x00', '\x07', '\b\b\b', '\x1b[2K\x1b[1A', '\x1b]0;title\x07', '\x1b[8m', '\u009b2J', '\x7f', '\x0c')),
    // spreadsheet formulas
    often(constants("=cmd|' /C calc'!A0", '=1+1', '+1+1', '-2+3', '@SUM(A1)', '\t=1', ' =1+1', '=HYPERLINK("http://x")')),
    // GitHub workflow commands and their escapes
    often(constants('%0A', '%0D%0A::error::x', '::error::pwned', '::warning file=x,line=1::y', '\u2028::error::x', '\u2029::notice::y', '\u0085::error::z', 'a%25b')),
    // bytes that are not UTF-8, a Windows-1252 ø, a BOM in the middle, a character outside the BMP
    often(constants(raw(0xff), `K${raw(0xf8)}benhavn`, raw(0xc3), raw(0xe2, 0x82), '\ufeff', 'ø', '\ud83d\ude00')),
    // CPR numbers where they do not belong, in runs of digits, and written with a dash
    often(fc.stringMatching(/^\d{10,20}$/).map(fixed)),
    often(fc.tuple(fc.stringMatching(/^\d{1,6}$/), aboutPatient((p) => p), fc.stringMatching(/^\d{0,6}$/)).map(([a, p, b]): Piece => (pools) => a + p(pools) + b)),
    often(aboutPatient((p) => `${p.slice(0, 6)}-${p.slice(6)}`)),
    often(aboutPatient((p) => `cpr ${p} og ${p.slice(0, 6)}-${p.slice(6)}`)),
    // huge and odd amounts, far dates
    often(constants('1234567890123456789012', '123456789012345678.99', '9'.repeat(400), '1e400', '-0', 'NaN', 'Infinity', '0,000000000000001')),
    often(constants('9999-12-31', '31.12.9999', '0001-01-01', '2999-02-29', '1899-12-31')),
    // names every JavaScript object already has
    often(constants('__proto__', 'constructor', 'toString')),
    // very long values, rarely (they are slow): 70,000 is past a 64 KiB line
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(300, 5000, 70_000), fc.constantFrom('x', '9', 'q')).map(([n, c]) => fixed(c === 'q' ? `"${c.repeat(n)}"` : c.repeat(n))) },
  );
})();

const DATE_FORMS = ['iso', '-', '.', '/'] as const;
const VALID: Record<Column, (pools: Pools, k: number) => string> = {
  ydernummer: (p, k) => pick(p.practices, k),
  cpr: (p, k) => {
    const c = pick(p.patients, k);
    return Math.floor(k / 4) % 2 ? `${c.slice(0, 6)}-${c.slice(6)}` : c;
  },
  dato: (p, k) => {
    const d = pick(p.dates, k);
    const form = pick(DATE_FORMS, Math.floor(k / 3));
    return form === 'iso' ? d : d.split('-').reverse().join(form);
  },
  ydelseskode: (_, k) => pick(['0101', '0105', '6101', '0204', '0125', '0201', '0130', '0133', '0411', '4584', '2150', '0120', '101', '1'], k),
  antal: (_, k) => pick(['', '1', '2', '7'], k),
  beloeb: (_, k) => pick(['', '146.79', '146,79', '1.412,77', '1,412.77', '167.50', '0'], k),
  tid: (_, k) => pick(['', '08:00', '16:30', '7:05', '23.59'], k),
  sikringsgruppe: (_, k) => pick(['', '1', '2'], k),
  note: (_, k) => pick(['', 'ok', 'se journal', 'ø æ å'], k),
};

/** A wrong value of the column's own kind: what an export or a spreadsheet gets wrong. */
const ODD: Record<Column, (pools: Pools, k: number) => string> = {
  // a CPR in the wrong column, with or without a digit more
  ydernummer: (p, k) => pick([pick(p.patients, k), `${pick(p.patients, k)}7`, ' 111111', '11a111', '123456789'], k),
  cpr: (p, k) => pick([`${pick(p.patients, k)}5`, ` ${pick(p.patients, k)}`, `31${pick(p.patients, k).slice(2)}`, '12345', ''], k),
  dato: (_, k) => pick(['9999-12-31', '31.12.9999', '0001-01-01', '2999-02-29', '1899-12-31', '2025-02-30', '2025-3-4', ''], k),
  ydelseskode: (_, k) => pick(['01010', 'ABCD', '9998', '4500', '0123', '4590'], k),
  antal: (_, k) => pick(['0', '-1', 'x', '1234567890'], k),
  beloeb: (_, k) => pick(['1234567890123456789012', '123456789012345678.99', '999999999999.99', '9'.repeat(400), '1e400', '-5', '12a', '1.412'], k),
  tid: (_, k) => pick(['24:00', '7', '12:5'], k),
  sikringsgruppe: (_, k) => pick(['3', '0'], k),
  note: (_, k) => pick(['x'.repeat(300), '"quoted"'], k),
};

/** One cell: mostly a valid value, sometimes a wrong one of its kind or a hostile piece; sometimes quoted. */
interface Cell {
  value: { kind: 'valid' | 'odd'; k: number } | { kind: 'hostile'; piece: Piece };
  quoted: boolean;
}
const cell: fc.Arbitrary<Cell> = fc.record({
  value: fc.oneof(
    { weight: 30, arbitrary: fc.nat().map((k) => ({ kind: 'valid' as const, k })) },
    { weight: 1, arbitrary: fc.nat().map((k) => ({ kind: 'odd' as const, k })) },
    { weight: 2, arbitrary: hostile.map((piece) => ({ kind: 'hostile' as const, piece })) },
  ),
  // Quoted now and then, by the rules (quotes doubled), so that quoting itself varies.
  quoted: fc.integer({ min: 0, max: 15 }).map((q) => q === 15),
});

function cellText(c: Cell, column: Column, p: Pools): string {
  const v = c.value.kind === 'hostile' ? c.value.piece(p) : (c.value.kind === 'valid' ? VALID : ODD)[column](p, c.value.k);
  return c.quoted ? `"${v.replaceAll('"', '""')}"` : v;
}

type RowKind = 'claim' | 'empty' | 'spaces' | 'blank-cells' | 'quote' | 'unclosed' | 'short';
const LINE_ENDS = ['\n', '\r\n', '\r'] as const;

const invoice: fc.Arbitrary<FuzzInput> = fc
  .record({
    pools,
    // Columns in an order drawn as sort keys; now and then a required one is missing (a usage error that echoes the header).
    optional: fc.subarray(OPTIONAL),
    order: fc.array(fc.nat(), { minLength: MAX_COLUMNS, maxLength: MAX_COLUMNS }),
    missing: fc.oneof({ weight: 30, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...REQUIRED) }),
    // An alias per column, now and then quoted (a quoted first name after a BOM split across chunks).
    names: fc.array(fc.record({ k: fc.nat(), quoted: fc.integer({ min: 0, max: 15 }).map((q) => q === 15) }), { minLength: MAX_COLUMNS, maxLength: MAX_COLUMNS }),
    // A hostile extra header name (a CPR, an escape, a formula), with a note column under it.
    extraHeader: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ piece: hostile, quoted: fc.boolean() }) }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    lineEnds: fc.record({ mode: fc.constantFrom('lf', 'crlf', 'cr', 'mixed'), each: fc.array(fc.constantFrom(...LINE_ENDS), { maxLength: 31 }) }),
    bom: fc.boolean(),
    latin1: fc.integer({ min: 0, max: 9 }).map((n) => n === 9),
    finalLineEnd: fc.integer({ min: 0, max: 4 }).map((n) => n < 4),
    rows: fc.array(
      fc.record({
        kind: fc.oneof(
          { weight: 12, arbitrary: fc.constant<RowKind>('claim') },
          { weight: 1, arbitrary: fc.constantFrom<RowKind>('empty', 'spaces', 'blank-cells', 'quote', 'unclosed', 'short') },
        ),
        cells: fc.array(cell, { minLength: MAX_COLUMNS, maxLength: MAX_COLUMNS }),
      }),
      // 'medium': longer files than fast-check's small default, so rules that need several lines fire.
      { maxLength: 30, size: 'medium' },
    ),
    chunks,
    lang,
    topic,
    side,
    fileName,
  })
  .map((c) => {
    const base = [...REQUIRED.filter((col) => col !== c.missing), ...c.optional];
    const columns = base.map((col, i) => ({ col, key: c.order[i]! })).sort((a, b) => a.key - b.key).map((x) => x.col);
    const header = columns.map((col, i) => {
      const name = pick(NAMES[col], c.names[i]!.k);
      return c.names[i]!.quoted ? `"${name}"` : name;
    });
    const rowColumns: Column[] = c.extraHeader === null ? columns : [...columns, 'note'];
    if (c.extraHeader) header.push(cellText({ value: { kind: 'hostile', piece: c.extraHeader.piece }, quoted: c.extraHeader.quoted }, 'note', c.pools));
    const d = c.delimiter;
    const rows = c.rows.map(({ kind, cells }) => {
      const fields = (cols: Column[]) => cols.map((col, i) => cellText(cells[i]!, col, c.pools)).join(d);
      if (kind === 'claim') return fields(rowColumns);
      if (kind === 'short') return fields(rowColumns.slice(0, 2));
      if (kind === 'unclosed') return `"${fields(rowColumns)}`;
      if (kind === 'blank-cells') return d.repeat(rowColumns.length - 1);
      return { empty: '', spaces: '   ', quote: '"' }[kind];
    });
    const lines = [header.join(d), ...rows];
    const end = (i: number) => ({ lf: '\n', crlf: '\r\n', cr: '\r', mixed: c.lineEnds.each.length ? pick(c.lineEnds.each, i) : '\n' })[c.lineEnds.mode]!;
    let text = lines.map((l, i) => l + (i < lines.length - 1 || c.finalLineEnd ? end(i) : '')).join('');
    if (c.bom && !c.latin1) text = `\ufeff${text}`;
    return new FuzzInput(encode(text, c.latin1), c.chunks, c.lang, c.topic, c.side, c.fileName);
  });

/** A side table (practice register or honorartabel) with mostly valid rows and hostile pieces, given with a valid invoice. */
function table(option: 'practices' | 'tariffs', head: string[], valid: string[][]): fc.Arbitrary<FuzzInput> {
  const tableCell = fc.record({ value: fc.oneof({ weight: 3, arbitrary: fc.nat() }, { weight: 1, arbitrary: hostile }), quoted: fc.integer({ min: 0, max: 15 }).map((q) => q === 15) });
  return fc
    .record({
      pools,
      delimiter: fc.constantFrom(',', ';'),
      header: fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostile }), { minLength: head.length, maxLength: head.length }),
      rows: fc.array(fc.array(tableCell, { minLength: head.length, maxLength: head.length }), { maxLength: 4 }),
      chunks,
      lang,
      format: fc.constantFrom(...FORMATS),
    })
    .map(({ pools, delimiter, header, rows, chunks, lang, format }) => {
      const text = (v: number | Piece, column: number) => (typeof v === 'number' ? pick(valid[column]!, v) : v(pools));
      const names = header.map((h, i) => (h === null ? head[i]! : h(pools)));
      const lines = rows.map((r) => r.map((c, i) => (c.quoted ? `"${text(c.value, i).replaceAll('"', '""')}"` : text(c.value, i))).join(delimiter));
      return new FuzzInput(encode(`${[names.join(delimiter), ...lines].join('\n')}\n`), chunks, lang, null, { option, format });
    });
}

const practices = table('practices', ['ydernummer', 'kapaciteter', 'tilmeldte'], [['111111', '222222'], ['1', '1,5', '2.0'], ['', '1500', '0']]);
const tariffs = table('tariffs', ['ydelseskode', 'fra', 'til', 'beloeb'], [['0101', '0105', '101'], ['2022-01-01', '01-04-2023'], ['', '2025-12-31'], ['146.79', '1.412,77']]);

/** A suppressions file whose reason and owner are hostile text; it is shown with --show-suppressed. */
const suppressions: fc.Arbitrary<FuzzInput> = fc
  .record({ pools, reason: hostile, owner: hostile, expires: fc.constantFrom('2020-01-01', '2099-01-01'), chunks, lang, format: fc.constantFrom(...FORMATS) })
  .map(({ pools, reason, owner, expires, chunks, lang, format }) => {
    const text = JSON.stringify({ suppressions: [{ ruleId: 'grundydelse-samme-dag', reason: reason(pools), owner: owner(pools), expires }] }, null, 2);
    return new FuzzInput(encode(text), chunks, lang, null, { option: 'suppressions', format });
  });

/** Mostly invoices; now and then a side file, which also goes through the invoice runs (and fails there at the header). */
export const csvInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 20, arbitrary: invoice },
  { weight: 1, arbitrary: practices },
  { weight: 1, arbitrary: tariffs },
  { weight: 1, arbitrary: suppressions },
);
