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

const chunks = fc.array(fc.integer({ min: 1, max: 257 }), { minLength: 1, maxLength: 8 });
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
// small pool (so rules fire), mixed with hostile pieces.

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

/** A made-up CPR number with a real birth date (day 01-28), born 1930-1999. */
const cpr = fc
  .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 30, max: 99 }), fc.integer({ min: 0, max: 3999 }))
  .map(([d, m, y, s]) => [d, m, y].map((n) => String(n).padStart(2, '0')).join('') + String(s).padStart(4, '0'));

const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 864e5;
/** A service day in 2021-2025, often one with a bundled tariff (April-September 2021, October 2022-March 2023), so amounts are checked. */
const day = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: dayNumber(2021, 1, 1), max: dayNumber(2025, 12, 31) }) },
  { weight: 1, arbitrary: fc.integer({ min: dayNumber(2021, 4, 1), max: dayNumber(2021, 9, 30) }) },
  { weight: 1, arbitrary: fc.integer({ min: dayNumber(2022, 10, 1), max: dayNumber(2023, 3, 31) }) },
);

const digitRun = fc.stringMatching(/^\d{10,20}$/);

/** Pieces that have broken, or could break, a reader, a report or a terminal. */
function hostile(patients: string[]): fc.Arbitrary<string> {
  const patient = fc.constantFrom(...patients);
  const often = (arbitrary: fc.Arbitrary<string>) => ({ weight: 4, arbitrary });
  return fc.oneof(
    // quotes: stray, doubled, unclosed, closed with something after, quoted line ends
    often(fc.constantFrom('"', '""', '"abc', 'ab"c', '"a""b"', '"ab"c', '"x\ny"', '"x\r\ny"', '"x\ry"', '"x\n\ny')),
    // line ends inside an unquoted value
    often(fc.constantFrom('a\rb', 'a\nb', 'a\r\nb', '\r', '\n\n')),
    // controls and terminal escapes
    often(fc.constantFrom('\x00', '\x07', '\b\b\b', '\x1b[2K\x1b[1A', '\x1b]0;title\x07', '\x1b[8m', '\u009b2J', '\x7f', '\x0c')),
    // spreadsheet formulas
    often(fc.constantFrom("=cmd|' /C calc'!A0", '=1+1', '+1+1', '-2+3', '@SUM(A1)', '\t=1', ' =1+1', '=HYPERLINK("http://x")')),
    // GitHub workflow commands and their escapes
    often(fc.constantFrom('%0A', '%0D%0A::error::x', '::error::pwned', '::warning file=x,line=1::y', '\u2028::error::x', '\u2029::notice::y', '\u0085::error::z', 'a%25b')),
    // bytes that are not UTF-8, a Windows-1252 ø, a BOM in the middle, a character outside the BMP
    often(fc.constantFrom(raw(0xff), `K${raw(0xf8)}benhavn`, raw(0xc3), raw(0xe2, 0x82), '\ufeff', 'ø', '\ud83d\ude00')),
    // CPR numbers where they do not belong, in runs of digits, and written with a dash
    often(digitRun),
    often(fc.tuple(fc.stringMatching(/^\d{1,6}$/), patient, fc.stringMatching(/^\d{0,6}$/)).map(([a, p, b]) => a + p + b)),
    often(patient.map((p) => `${p.slice(0, 6)}-${p.slice(6)}`)),
    often(patient.map((p) => `cpr ${p} og ${p.slice(0, 6)}-${p.slice(6)}`)),
    // huge and odd amounts, far dates
    often(fc.constantFrom('1234567890123456789012', '123456789012345678.99', '9'.repeat(400), '1e400', '-0', 'NaN', 'Infinity', '0,000000000000001')),
    often(fc.constantFrom('9999-12-31', '31.12.9999', '0001-01-01', '2999-02-29', '1899-12-31')),
    // names every JavaScript object already has
    often(fc.constantFrom('__proto__', 'constructor', 'toString')),
    // very long values, rarely (they are slow): 70,000 is past a 64 KiB line
    { weight: 1, arbitrary: fc.constantFrom(300, 5000, 70_000).chain((n) => fc.constantFrom('x'.repeat(n), '9'.repeat(n), `"${'q'.repeat(n)}"`)) },
  );
}

/** A valid-looking value for a column, from the case's pools. */
function valid(column: Column, pools: { practices: string[]; patients: string[]; dates: string[] }): fc.Arbitrary<string> {
  switch (column) {
    case 'ydernummer':
      return fc.constantFrom(...pools.practices);
    case 'cpr':
      return fc.tuple(fc.constantFrom(...pools.patients), fc.boolean()).map(([p, dash]) => (dash ? `${p.slice(0, 6)}-${p.slice(6)}` : p));
    case 'dato':
      return fc.tuple(fc.constantFrom(...pools.dates), fc.constantFrom('iso', '-', '.', '/')).map(([d, form]) => (form === 'iso' ? d : d.split('-').reverse().join(form)));
    case 'ydelseskode':
      return fc.constantFrom('0101', '0105', '6101', '0204', '0125', '0201', '0130', '0133', '0411', '4584', '2150', '0120', '101', '1');
    case 'antal':
      return fc.constantFrom('', '1', '2', '7');
    case 'beloeb':
      return fc.constantFrom('', '146.79', '146,79', '1.412,77', '1,412.77', '167.50', '0');
    case 'tid':
      return fc.constantFrom('', '08:00', '16:30', '7:05', '23.59');
    case 'sikringsgruppe':
      return fc.constantFrom('', '1', '2');
    case 'note':
      return fc.constantFrom('', 'ok', 'se journal', 'ø æ å');
  }
}

/** A wrong value of the column's own kind: what an export or a spreadsheet gets wrong. */
function odd(column: Column, patients: string[]): fc.Arbitrary<string> {
  const patient = fc.constantFrom(...patients);
  switch (column) {
    case 'ydernummer':
      // a CPR in the wrong column, with or without a digit more
      return fc.oneof(patient, patient.map((p) => `${p}7`), fc.constantFrom(' 111111', '11a111', '123456789'));
    case 'cpr':
      return fc.oneof(patient.map((p) => `${p}5`), patient.map((p) => ` ${p}`), patient.map((p) => `31${p.slice(2)}`), fc.constantFrom('12345', ''));
    case 'dato':
      return fc.constantFrom('9999-12-31', '31.12.9999', '0001-01-01', '2999-02-29', '1899-12-31', '2025-02-30', '2025-3-4', '');
    case 'ydelseskode':
      return fc.constantFrom('01010', 'ABCD', '9998', '4500', '0123', '4590');
    case 'antal':
      return fc.constantFrom('0', '-1', 'x', '1234567890');
    case 'beloeb':
      return fc.constantFrom('1234567890123456789012', '123456789012345678.99', '999999999999.99', '9'.repeat(400), '1e400', '-5', '12a', '1.412');
    case 'tid':
      return fc.constantFrom('24:00', '7', '12:5');
    case 'sikringsgruppe':
      return fc.constantFrom('3', '0');
    case 'note':
      return fc.constantFrom('x'.repeat(300), '"quoted"');
  }
}

/** A field as written: plain, or quoted by the rules (quotes doubled), so quoting itself varies. */
function written(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(value, fc.integer({ min: 0, max: 15 })).map(([v, q]) => (q === 0 ? `"${v.replaceAll('"', '""')}"` : v));
}

const LINE_ENDS = { lf: ['\n'], crlf: ['\r\n'], cr: ['\r'], mixed: ['\n', '\r\n', '\r'] } as const;
type LineEndMode = keyof typeof LINE_ENDS;
type RowKind = 'claim' | '' | '   ' | 'blank-cells' | '"' | '"unclosed' | 'short';

/** An invoice: header, rows, line ends, BOM and encoding all drawn. */
const invoice: fc.Arbitrary<FuzzInput> = fc
  .record({
    practices: fc.uniqueArray(fc.constantFrom('111111', '222222', '012345', '7', '12345678'), { minLength: 1, maxLength: 2 }),
    patients: fc.uniqueArray(cpr, { minLength: 1, maxLength: 4 }),
    dates: fc.uniqueArray(day, { minLength: 1, maxLength: 3 }),
  })
  .chain(({ practices, patients, dates }) => {
    const pools = { practices, patients, dates: dates.map((d) => new Date(d * 864e5).toISOString().slice(0, 10)) };
    // All columns in some order; now and then a required one is missing (a usage error that echoes the header).
    const columns = fc
      .tuple(fc.shuffledSubarray(OPTIONAL), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...REQUIRED))
      .chain(([optional, missing, which]) => {
        const all = [...REQUIRED.filter((c) => missing > 0 || c !== which), ...optional];
        return fc.shuffledSubarray(all, { minLength: all.length });
      });
    return fc.record({
      pools: fc.constant(pools),
      columns,
      // A hostile extra header name (a CPR, an escape, a formula), with a note column under it.
      extraHeader: fc.option(written(hostile(patients)), { freq: 8 }),
      delimiter: fc.constantFrom(',', ';', '\t'),
      mode: fc.constantFrom<LineEndMode>('lf', 'crlf', 'cr', 'mixed'),
      bom: fc.boolean(),
      latin1: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      finalLineEnd: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      rows: fc.array(
        fc.oneof(
          { weight: 12, arbitrary: fc.constant<RowKind>('claim') },
          { weight: 1, arbitrary: fc.constantFrom<RowKind>('', '   ', 'blank-cells', '"', '"unclosed', 'short') },
        ),
        // 'medium': longer files than fast-check's small default, so rules that need several lines fire.
        { maxLength: 30, size: 'medium' },
      ),
    });
  })
  .chain((shape) => {
    const { pools, delimiter } = shape;
    const header = fc.tuple(...shape.columns.map((c) => fc.constantFrom(...NAMES[c])));
    const rowColumns: Column[] = shape.extraHeader === null ? shape.columns : [...shape.columns, 'note'];
    const field = (c: Column) =>
      written(fc.oneof({ weight: 30, arbitrary: valid(c, pools) }, { weight: 1, arbitrary: odd(c, pools.patients) }, { weight: 2, arbitrary: hostile(pools.patients) }));
    const fields = (cs: Column[]) => fc.tuple(...cs.map(field)).map((f) => f.join(delimiter));
    const row = (kind: RowKind): fc.Arbitrary<string> => {
      if (kind === 'claim') return fields(rowColumns);
      if (kind === 'blank-cells') return fc.constant(delimiter.repeat(rowColumns.length - 1));
      if (kind === 'short') return fields(rowColumns.slice(0, 2));
      if (kind === '"unclosed') return fields(rowColumns).map((f) => `"${f}`);
      return fc.constant(kind);
    };
    const count = shape.rows.length + 1;
    return fc
      .record({
        header,
        rows: fc.tuple(...shape.rows.map(row)),
        ends: fc.array(fc.constantFrom(...LINE_ENDS[shape.mode]), { minLength: count, maxLength: count }),
        chunks,
        lang,
        topic,
        side,
        fileName,
      })
      .map(({ header, rows, ends, chunks, lang, topic, side, fileName }) => {
        const names = shape.extraHeader === null ? header : [...header, shape.extraHeader];
        const lines = [names.join(delimiter), ...rows];
        let text = lines.map((l, i) => l + (i < lines.length - 1 || shape.finalLineEnd ? ends[i] : '')).join('');
        if (shape.bom && !shape.latin1) text = `\ufeff${text}`;
        return new FuzzInput(encode(text, shape.latin1), chunks, lang, topic, side, fileName);
      });
  });

/** A side table (practice register or honorartabel) with mostly valid rows and hostile pieces, given with a valid invoice. */
function table(option: 'practices' | 'tariffs', head: string[], cells: fc.Arbitrary<string>[]): fc.Arbitrary<FuzzInput> {
  return fc
    .record({
      patients: fc.uniqueArray(cpr, { minLength: 1, maxLength: 2 }),
      delimiter: fc.constantFrom(',', ';'),
      count: fc.integer({ min: 0, max: 4 }),
    })
    .chain(({ patients, delimiter, count }) => {
      const cell = (valid: fc.Arbitrary<string>) => written(fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostile(patients) }));
      const row = fc.tuple(...cells.map(cell)).map((f) => f.join(delimiter));
      return fc.record({
        header: fc.tuple(...head.map((h) => fc.oneof({ weight: 6, arbitrary: fc.constant(h) }, { weight: 1, arbitrary: hostile(patients) }))),
        rows: fc.array(row, { minLength: count, maxLength: count }),
        chunks,
        lang,
        format: fc.constantFrom(...FORMATS),
      }).map(({ header, rows, chunks, lang, format }) => new FuzzInput(encode([header.join(delimiter), ...rows].join('\n') + '\n'), chunks, lang, null, { option, format }));
    });
}

const practices = table('practices', ['ydernummer', 'kapaciteter', 'tilmeldte'], [fc.constantFrom('111111', '222222'), fc.constantFrom('1', '1,5', '2.0'), fc.constantFrom('', '1500', '0')]);
const tariffs = table('tariffs', ['ydelseskode', 'fra', 'til', 'beloeb'], [fc.constantFrom('0101', '0105', '101'), fc.constantFrom('2022-01-01', '01-04-2023'), fc.constantFrom('', '2025-12-31'), fc.constantFrom('146.79', '1.412,77')]);

/** A suppressions file whose reason and owner are hostile text; it is shown with --show-suppressed. */
const suppressions: fc.Arbitrary<FuzzInput> = fc
  .uniqueArray(cpr, { minLength: 1, maxLength: 2 })
  .chain((patients) =>
    fc.record({ reason: hostile(patients), owner: hostile(patients), expires: fc.constantFrom('2020-01-01', '2099-01-01'), chunks, lang, format: fc.constantFrom(...FORMATS) }),
  )
  .map(({ reason, owner, expires, chunks, lang, format }) => {
    const text = JSON.stringify({ suppressions: [{ ruleId: 'grundydelse-samme-dag', reason, owner, expires }] }, null, 2);
    return new FuzzInput(encode(text), chunks, lang, null, { option: 'suppressions', format });
  });

/** Mostly invoices; now and then a side file, which also goes through the invoice runs (and fails there at the header). */
export const csvInput: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 20, arbitrary: invoice },
  { weight: 1, arbitrary: practices },
  { weight: 1, arbitrary: tariffs },
  { weight: 1, arbitrary: suppressions },
);
