// Input contract, end to end through the real engine and the bundled ruleset: dialects, encodings,
// headers, CSV quoting and physical line numbers, and every input/ finding.
import { describe, expect, it } from 'vitest';
import { check, type CheckResult, type Finding, InputError } from '../src/index.js';
import { bundledRuleset, HEADER, of, P, run, source } from './helpers.js';

const inputFindings = (r: CheckResult): Finding[] => r.findings.filter((f) => f.ruleId.startsWith('input/'));

/** [ruleId, lines] for every finding of the ids given. */
const at = (r: CheckResult, ...ids: string[]): [string, number[]][] =>
  r.findings.filter((f) => ids.includes(f.ruleId)).map((f) => [f.ruleId, f.locations.map((l) => l.line)]);

function expectBalanced(r: CheckResult): void {
  expect(r.summary.linesRead).toBe(r.summary.claimsChecked + r.summary.linesRejected);
}

/** Encodes text as Windows-1252 by hand; throws on a character the table below does not cover. */
const CP1252: Record<string, number> = { æ: 0xe6, ø: 0xf8, å: 0xe5, Æ: 0xc6, Ø: 0xd8, Å: 0xc5, '€': 0x80 };
function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x80) return code;
    const b = CP1252[ch];
    if (b === undefined) throw new Error(`no Windows-1252 byte for ${ch}`);
    return b;
  }));
}

async function runBytes(bytes: Uint8Array): Promise<CheckResult> {
  return check([source(bytes)], { ruleset: bundledRuleset() });
}

const notUtf8 = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
};

describe('dialects and encodings: the same three claim lines', () => {
  // [ydernummer, cpr, dato, ydelseskode, antal, beløb, note] with a point and a comma amount each.
  const rows: [string, string, string, string, string, [string, string], string][] = [
    ['1', P.a!, '2025-03-04', '0101', '1', ['146.79', '146,79'], 'Kontrol, blodtryk; akut'],
    ['1', P.b!, '2025-03-05', '0101', '1', ['146.79', '146,79'], 'svar'],
    ['1', P.c!, '2025-03-06', '0123', '1', ['1412.77', '1.412,77'], 'botilbud'],
  ];
  const render = (delimiter: string, amountStyle: 0 | 1, beloeb: string): string => {
    const quote = (f: string): string => (f.includes(delimiter) ? `"${f}"` : f);
    const head = ['ydernummer', 'cpr', 'dato', 'ydelseskode', 'antal', beloeb, 'note'].join(delimiter);
    const body = rows.map(([y, c, d, k, a, amount, note]) => [y, c, d, k, a, amount[amountStyle], note].map(quote).join(delimiter));
    return [head, ...body].join('\n') + '\n';
  };
  const comma = render(',', 0, 'beloeb');
  const semicolon = render(';', 1, 'beløb');
  const tab = render('\t', 0, 'beloeb');

  it('the renderings are what they claim to be', () => {
    expect(comma.split('\n')[1]).toBe(`1,${P.a},2025-03-04,0101,1,146.79,"Kontrol, blodtryk; akut"`);
    expect(semicolon.split('\n')[3]).toBe(`1;${P.c};2025-03-06;0123;1;1.412,77;botilbud`);
    expect(tab.split('\n')[1]).toBe(`1\t${P.a}\t2025-03-04\t0101\t1\t146.79\tKontrol, blodtryk; akut`);
  });

  const texts: [string, string][] = [
    ['comma-separated', comma],
    ['semicolon-separated with decimal comma and column beløb', semicolon],
    ['tab-separated', tab],
    ['UTF-8 with BOM', `\uFEFF${comma}`],
    ['semicolon, UTF-8 with BOM', `\uFEFF${semicolon}`],
    ['CRLF line endings', comma.replace(/\n/g, '\r\n')],
    ['semicolon with CRLF and BOM', `\uFEFF${semicolon.replace(/\n/g, '\r\n')}`],
    ['no newline after the last line', comma.trimEnd()],
  ];
  it.each(texts)('%s', async (_, text) => {
    const r = await run(text);
    expect(inputFindings(r)).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 3, claimsChecked: 3, linesRejected: 0 });
  });

  const win = [
    'Ydernr;CPR-nr;Ydelsesdato;Ydelse;Antal;Beløb;Bemærkning',
    `345678;180550-0719;03.02.2025;0101;1;172,88;Kontrol, blodtryk`,
    `345678;180550-0719;03.02.2025;2101;1;57,21;Blodprøve på Århus, æøå ÆØÅ`,
    `345678;230644-0638;04.02.2025;0123;1;1.473,38;Sundhedstjek på botilbud`,
  ].join('\r\n') + '\r\n';

  it('Windows-1252 bytes with æøå (header Beløb, free-text column)', async () => {
    const bytes = cp1252(win);
    expect(bytes[win.indexOf('ø')]).toBe(0xf8);
    expect(notUtf8(bytes)).toBe(true);
    const r = await runBytes(bytes);
    expect(inputFindings(r)).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 3, claimsChecked: 3, linesRejected: 0 });
  });

  it('Windows-1252: the header Beløb is decoded and mapped (a bad amount is found in that column)', async () => {
    const bytes = cp1252(win.replace('172,88', '17x,88'));
    const r = await runBytes(bytes);
    expect(at(r, 'input/beloeb')).toEqual([['input/beloeb', [2]]]);
    expect(of(r, 'input/beloeb')[0]!.details).toEqual({ column: 'beloeb', value: '17x,88' });
  });

  it.each([
    ['with æøå as well', win.replace('Kontrol, blodtryk', 'Egenbetaling € 50').replace('Sundhedstjek på botilbud', '€€€')],
    ['as the only non-ASCII byte', comma.replace('svar', 'Egenbetaling 50 €').replace(',note', ',pris €')],
  ])('Windows-1252 with € (0x80) in an extra column breaks nothing: %s', async (_, text) => {
    const bytes = cp1252(text);
    expect(bytes.includes(0x80)).toBe(true);
    expect(notUtf8(bytes)).toBe(true);
    const r = await runBytes(bytes);
    expect(inputFindings(r)).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 3, claimsChecked: 3, linesRejected: 0 });
  });

  it('UTF-8 split across chunks inside a two-byte character still decodes (beløb header found)', async () => {
    const bytes = new TextEncoder().encode(semicolon.replace('146,79', '14x,79'));
    const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of ø
    const r = await check([{ name: 'test.csv', stream: (async function* () { yield bytes.subarray(0, cut); yield bytes.subarray(cut); })() }], { ruleset: bundledRuleset() });
    expect(at(r, 'input/beloeb')).toEqual([['input/beloeb', [2]]]);
    expect(r.summary).toMatchObject({ linesRead: 3, claimsChecked: 2, linesRejected: 1 });
  });
});

describe('header', () => {
  const GOOD: Record<string, string> = { ydernummer: '1', cpr: P.a!, dato: '2025-03-04', ydelseskode: '0101', antal: '1', beloeb: '146.79', tid: '09:00', sikringsgruppe: '1' };
  const BAD: Record<string, [string, string]> = {
    ydernummer: ['x1', 'input/ydernummer'],
    cpr: ['x', 'input/cpr'],
    dato: ['x', 'input/dato'],
    ydelseskode: ['x', 'input/kode'],
    antal: ['x', 'input/antal'],
    beloeb: ['x', 'input/beloeb'],
    tid: ['x', 'input/tid'],
    sikringsgruppe: ['x', 'input/sikringsgruppe'],
  };
  const canon = Object.keys(GOOD);

  // Each alias stands in for its column; line 2 is good and line 3 has a bad value in that column,
  // so the finding shows the alias reached the right column (also for the optional columns).
  it.each([
    ['ydernr', 'ydernummer'],
    ['yder', 'ydernummer'],
    ['Yder-nr', 'ydernummer'],
    ['cprnr', 'cpr'],
    ['CPR-nr', 'cpr'],
    ['CPR nr', 'cpr'],
    ['personnummer', 'cpr'],
    ['ydelsesdato', 'dato'],
    ['Ydelses_dato', 'dato'],
    ['date', 'dato'],
    ['ydelse', 'ydelseskode'],
    ['ydelsesnr', 'ydelseskode'],
    ['Ydelses.nr', 'ydelseskode'],
    ['ydelsesnummer', 'ydelseskode'],
    ['kode', 'ydelseskode'],
    ['beløb', 'beloeb'],
    ['BELØB', 'beloeb'],
    ['belob', 'beloeb'],
    ['honorar', 'beloeb'],
    ['tidspunkt', 'tid'],
    ['  Antal ', 'antal'],
    ['SIKRINGSGRUPPE', 'sikringsgruppe'],
  ])('%s is read as %s', async (alias, column) => {
    const header = canon.map((c) => (c === column ? alias : c)).join(',');
    const good = canon.map((c) => GOOD[c]).join(',');
    const bad = canon.map((c) => (c === column ? BAD[c]![0] : GOOD[c])).join(',');
    const r = await run(`${header}\n${good}\n${bad}\n`);
    expect(at(r, ...Object.values(BAD).map(([, id]) => id))).toEqual([[BAD[column]![1], [3]]]);
    expect(inputFindings(r)[0]!.details).toMatchObject({ column });
    expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 1, linesRejected: 1 });
  });

  const line = `1,${P.a},2025-03-04,0101,1`;
  it.each([
    ['upper case', 'YDERNUMMER,CPR,DATO,YDELSESKODE,ANTAL', line],
    ['mixed case', 'YderNummer,Cpr,DaTo,YdelsesKode,Antal', line],
    ['surrounding spaces', ' ydernummer ,  cpr,dato  , ydelseskode ,antal', line],
    ['quoted names', '"ydernummer","cpr","dato","ydelseskode","antal"', line],
    ['extra columns anywhere', 'note,ydernummer,x,cpr,dato,ydelseskode,antal,y', `fri tekst,1,,${P.a},2025-03-04,0101,1,z`],
  ])('%s', async (_, header, record) => {
    const r = await run(`${header}\n${record}\n`);
    expect(inputFindings(r)).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 1, claimsChecked: 1, linesRejected: 0 });
  });

  it.each([
    ['ydernummer', 'cpr,dato,ydelseskode,antal'],
    ['cpr', 'ydernummer,dato,ydelseskode,antal'],
    ['dato', 'ydernummer,cpr,ydelseskode,antal'],
    ['ydelseskode', 'ydernummer,cpr,dato,antal'],
    ['dato', 'ydernummer,cpr,datum,ydelseskode,antal'], // an unknown name is not an alias
  ])('missing %s rejects the run, naming the file and the column', async (column, header) => {
    const run1 = run(`${header}\n1,2,3,4\n`);
    await expect(run1).rejects.toBeInstanceOf(InputError);
    await expect(run1).rejects.toThrow('test.csv');
    await expect(run1).rejects.toThrow(new RegExp(`\\b${column}\\b`));
  });

  it('several missing columns are all named', async () => {
    const p = run('ydernummer,antal\n1,1\n');
    await expect(p).rejects.toBeInstanceOf(InputError);
    const message = await p.catch((e: Error) => e.message);
    for (const c of ['cpr', 'dato', 'ydelseskode']) expect(message).toContain(c);
  });
});

describe('RFC 4180 quoting and physical line numbers', () => {
  const H = 'ydernummer,cpr,dato,ydelseskode,antal,note';
  // A lone 6101 has no same-day base service: samtaleterapi-uden-grundydelse marks its line.
  const lone = (patient: string, note = 'x'): string => `1,${P[patient]},2025-03-04,6101,1,${note}`;
  const RULE = 'samtaleterapi-uden-grundydelse';

  it('an embedded delimiter and an escaped quote stay in one field', async () => {
    const r = await run(`${H}\n${lone('a', '"Kontrol, ""akut"" i dag"')}\n`);
    expect(inputFindings(r)).toEqual([]);
    expect(at(r, RULE)).toEqual([[RULE, [2]]]);
  });

  it('a record with a quoted newline starts on its first line, and the next record is one further down', async () => {
    // line 1 header, line 2 a, lines 3-4 b (quoted newline), line 5 c
    const text = `${H}\n${lone('a')}\n${lone('b', '"første linje\nanden, linje"')}\n${lone('c')}\n`;
    const r = await run(text);
    expect(inputFindings(r)).toEqual([]);
    expect(at(r, RULE)).toEqual([[RULE, [2]], [RULE, [3]], [RULE, [5]]]);
    expect(r.summary).toMatchObject({ linesRead: 3, claimsChecked: 3 });
  });

  it('two quoted newlines in one record', async () => {
    // lines 2-4 a, line 5 b
    const r = await run(`${H}\n${lone('a', '"1\n2\n3"')}\n${lone('b')}\n`);
    expect(at(r, RULE)).toEqual([[RULE, [2]], [RULE, [5]]]);
  });

  it('CRLF file with a bare LF inside a quoted field (as Excel writes it)', async () => {
    const text = [H, lone('a'), lone('b', '"første\nanden"'), lone('c')].join('\r\n') + '\r\n';
    const r = await run(text);
    expect(at(r, RULE)).toEqual([[RULE, [2]], [RULE, [3]], [RULE, [5]]]);
  });

  // A CRLF inside a quoted field is one line break, as it is between records: in an all-CRLF file
  // (RFC 4180's own form) the record after it is on line 5, not 6.
  // Input: header, 6101 for a (line 2), 6101 for b with note "første\r\nanden" (lines 3-4),
  // 6101 for c (line 5), all CRLF.
  it('CRLF file with a CRLF inside a quoted field', async () => {
    const text = [H, lone('a'), lone('b', '"første\r\nanden"'), lone('c')].join('\r\n') + '\r\n';
    const r = await run(text);
    expect(at(r, RULE)).toEqual([[RULE, [2]], [RULE, [3]], [RULE, [5]]]);
  });

  it('blank lines are skipped, not counted as read, and do not shift line numbers', async () => {
    // line 1 header, 2 blank, 3 a, 4-5 blank, 6 b, 7 blank
    const r = await run(`${H}\n\n${lone('a')}\n\n\n${lone('b')}\n\n`);
    expect(inputFindings(r)).toEqual([]);
    expect(at(r, RULE)).toEqual([[RULE, [3]], [RULE, [6]]]);
    expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 2, linesRejected: 0 });
  });

  it('blank CRLF lines are skipped too', async () => {
    const r = await run([H, '', lone('a'), '', lone('b')].join('\r\n') + '\r\n');
    expect(at(r, RULE)).toEqual([[RULE, [3]], [RULE, [5]]]);
    expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 2, linesRejected: 0 });
  });
});

describe('input findings', () => {
  const H8 = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid,sikringsgruppe';
  const good = (patient: string, day: string): string => `1,${P[patient]},2025-03-${day},0101,1,146.79,09:00,1`;
  const line = (over: Partial<Record<'ydernummer' | 'cpr' | 'dato' | 'ydelseskode' | 'antal' | 'beloeb' | 'tid' | 'sikringsgruppe', string>>): string => {
    const f = { ydernummer: '1', cpr: P.c!, dato: '2025-03-05', ydelseskode: '0101', antal: '1', beloeb: '146.79', tid: '10:30', sikringsgruppe: '1', ...over };
    return [f.ydernummer, f.cpr, f.dato, f.ydelseskode, f.antal, f.beloeb, f.tid, f.sikringsgruppe].join(',');
  };

  // Line 2 and 4 are good; line 3 is the bad one.
  const cases: [name: string, bad: string, id: string, column: string | null, value: string][] = [
    ['too few fields', `1,${P.c},2025-03-05,0101,1,146.79,10:30`, 'input/feltantal', null, '7/8'],
    ['too many fields', `${line({})},x`, 'input/feltantal', null, '9/8'],
    ['letters in ydernummer', line({ ydernummer: '12a' }), 'input/ydernummer', 'ydernummer', '12a'],
    ['empty ydernummer', line({ ydernummer: '' }), 'input/ydernummer', 'ydernummer', ''],
    ['CPR of 9 digits', line({ cpr: '030380345' }), 'input/cpr', 'cpr', '030380****'],
    ['CPR with a letter', line({ cpr: '03038A3456' }), 'input/cpr', 'cpr', '03038A****'],
    ['empty CPR', line({ cpr: '' }), 'input/cpr', 'cpr', ''],
    ['CPR born 31 February', line({ cpr: '3102253456' }), 'input/cpr-dato', 'cpr', '310225****'],
    ['impossible date', line({ dato: '2025-02-29' }), 'input/dato', 'dato', '2025-02-29'],
    ['year-first slashes', line({ dato: '2025/03/05' }), 'input/dato', 'dato', '2025/03/05'],
    ['empty date', line({ dato: '' }), 'input/dato', 'dato', ''],
    ['five-digit code', line({ ydelseskode: '01011' }), 'input/kode', 'ydelseskode', '01011'],
    ['letter in code', line({ ydelseskode: '01O1' }), 'input/kode', 'ydelseskode', '01O1'],
    ['empty code', line({ ydelseskode: '' }), 'input/kode', 'ydelseskode', ''],
    ['antal 0', line({ antal: '0' }), 'input/antal', 'antal', '0'],
    ['antal -1', line({ antal: '-1' }), 'input/antal', 'antal', '-1'],
    ['antal x', line({ antal: 'x' }), 'input/antal', 'antal', 'x'],
    ['antal 1.5', line({ antal: '1.5' }), 'input/antal', 'antal', '1.5'],
    ['bad amount', line({ beloeb: '12x50' }), 'input/beloeb', 'beloeb', '12x50'],
    ['time 24:00', line({ tid: '24:00' }), 'input/tid', 'tid', '24:00'],
    ['time 9', line({ tid: '9' }), 'input/tid', 'tid', '9'],
    ['time 09:60', line({ tid: '09:60' }), 'input/tid', 'tid', '09:60'],
    ['sikringsgruppe 3', line({ sikringsgruppe: '3' }), 'input/sikringsgruppe', 'sikringsgruppe', '3'],
    ['sikringsgruppe 0', line({ sikringsgruppe: '0' }), 'input/sikringsgruppe', 'sikringsgruppe', '0'],
    // P.c is born 1980-03-03.
    ['service date the day before the birth date', line({ dato: '1980-03-02' }), 'input/dato-foer-foedsel', 'dato', '1980-03-02'],
    ['service date before the birth date, written DD.MM.YYYY', line({ dato: '02.03.1980' }), 'input/dato-foer-foedsel', 'dato', '02.03.1980'],
  ];

  it.each(cases)('%s: %s', async (_, bad, id, column, value) => {
    const r = await run(`${H8}\n${good('a', '03')}\n${bad}\n${good('b', '04')}\n`);
    const found = inputFindings(r);
    expect(found.map((f) => [f.ruleId, f.locations])).toEqual([[id, [{ file: 'test.csv', line: 3 }]]]);
    expect(found[0]!.severity).toBe('error');
    expect(found[0]!.details).toEqual({ column, value });
    expect(r.summary).toMatchObject({ linesRead: 3, claimsChecked: 2, linesRejected: 1 });
    expectBalanced(r);
  });

  describe('input/dato-foer-foedsel', () => {
    it('the birth date itself is fine; the day before is rejected with file and line, and no rule sees the line', async () => {
      // A lone 6101 is an error when checked (samtaleterapi-uden-grundydelse, valid from 2000);
      // 150607-4321 is born 2007-06-15 (7th digit 4, year 07).
      const born = (dato: string) => line({ cpr: '1506074321', dato, ydelseskode: '6101' });
      const text = [H8, born('2007-06-15'), born('2007-06-14')].join('\n') + '\n';
      const r = await run(text);
      expect(at(r, 'input/dato-foer-foedsel')).toEqual([['input/dato-foer-foedsel', [3]]]);
      const [f] = of(r, 'input/dato-foer-foedsel');
      expect([f?.severity, f?.locations, f?.patient, f?.practice]).toEqual(['error', [{ file: 'test.csv', line: 3 }], '150607-****', '1']);
      expect(at(r, 'samtaleterapi-uden-grundydelse')).toEqual([['samtaleterapi-uden-grundydelse', [2]]]);
      expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 1, linesRejected: 1 });
      expectBalanced(r);
    });

    it('the birth year comes from the CPR century table', async () => {
      // 010115-1234 (7th digit 1) is born 1915; 010115-4234 (7th digit 4, year 15) is born 2015.
      const text = [H8, line({ cpr: '0101151234', dato: '2014-12-31' }), line({ cpr: '0101154234', dato: '2014-12-31' })].join('\n') + '\n';
      const r = await run(text);
      expect(inputFindings(r).map((f) => [f.ruleId, f.locations[0]?.line, f.details])).toEqual([['input/dato-foer-foedsel', 3, { column: 'dato', value: '2014-12-31' }]]);
      expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 1, linesRejected: 1 });
    });

    it('with another bad field on the line: two findings, one rejected line', async () => {
      const r = await run(`${H8}\n${line({ dato: '1980-03-02', antal: '0' })}\n`);
      expect(at(r, 'input/dato-foer-foedsel', 'input/antal').sort()).toEqual([['input/antal', [2]], ['input/dato-foer-foedsel', [2]]]);
      expect(r.summary).toMatchObject({ linesRead: 1, claimsChecked: 0, linesRejected: 1 });
      expectBalanced(r);
    });
  });

  it('empty optional fields are fine (antal defaults, no amount, time or group)', async () => {
    const r = await run(`${H8}\n1,${P.a},2025-03-03,0101,,,,\n`);
    expect(inputFindings(r)).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 1, claimsChecked: 1, linesRejected: 0 });
  });

  it('a line with two bad fields gives two findings but one rejected line', async () => {
    const r = await run(`${H8}\n${good('a', '03')}\n${line({ dato: '31.04.2025', antal: '0' })}\n`);
    expect(at(r, 'input/dato', 'input/antal').sort()).toEqual([['input/antal', [3]], ['input/dato', [3]]]);
    expect(inputFindings(r)).toHaveLength(2);
    expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 1, linesRejected: 1 });
    expectBalanced(r);
  });

  it('input/csv: an unclosed quote on the last line', async () => {
    const r = await run(`${H8}\n${good('a', '03')}\n1,"${P.b},2025-03-04,0101,1\n`);
    const found = inputFindings(r);
    expect(found.map((f) => [f.ruleId, f.locations])).toEqual([['input/csv', [{ file: 'test.csv', line: 3 }]]]);
    expect(r.summary).toMatchObject({ linesRead: 2, claimsChecked: 1, linesRejected: 1 });
    expectBalanced(r);
  });

  // An unparseable record is located at the physical line it starts on, not where parsing stopped.
  // Input: header, a good line (2), a line opening a quote it never closes (3), one more line (4).
  it('input/csv: an unclosed quote is located where the record starts, not where the file ends', async () => {
    const r = await run(`${H8}\n${good('a', '03')}\n1,"${P.b},2025-03-04,0101,1\n${good('c', '05')}\n`);
    expect(at(r, 'input/csv')).toEqual([['input/csv', [3]]]);
  });

  it('input/kode-udfyldt: one info finding per written code and file, however many lines', async () => {
    // 101 on lines 2, 3 and 5 (padded to 0101), 0101 on line 4 (not padded), 201 on line 6
    const text = [HEADER, `1,${P.a},2025-03-03,101,1`, `1,${P.b},2025-03-03,101,1`, `1,${P.c},2025-03-03,0101,1`, `2,${P.d},2025-03-04,101,1`, `1,${P.e},2025-03-05,201,1`].join('\n') + '\n';
    const r = await run(text);
    const padded = of(r, 'input/kode-udfyldt');
    expect(padded.map((f) => [f.severity, f.codes, f.locations, f.details])).toEqual([
      ['info', ['0101'], [{ file: 'test.csv', line: 2 }], { value: '101', code: '0101', lines: 3 }],
      ['info', ['0201'], [{ file: 'test.csv', line: 6 }], { value: '201', code: '0201', lines: 1 }],
    ]);
    expect(inputFindings(r).filter((f) => f.ruleId !== 'input/kode-udfyldt')).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 5, claimsChecked: 5, linesRejected: 0 });
    expectBalanced(r);
  });

  it('input/kode-udfyldt: a padded code is checked as the 4-digit code', async () => {
    // 6101 alone is an error; 101 (= 0101) on the same day is its base service, so no error.
    const r = await run(`${HEADER}\n1,${P.a},2025-03-03,101,1\n1,${P.a},2025-03-03,6101,1\n`);
    expect(of(r, 'samtaleterapi-uden-grundydelse')).toEqual([]);
    const alone = await run(`${HEADER}\n1,${P.a},2025-03-03,6101,1\n`);
    expect(of(alone, 'samtaleterapi-uden-grundydelse')).toHaveLength(1); // the rule does fire without it
  });

  it('input/kode-udfyldt: counted per file', async () => {
    const text = `${HEADER}\n1,${P.a},2025-03-03,101,1\n1,${P.b},2025-03-03,101,1\n`;
    const r = await check([source(text, 'a.csv'), source(text, 'b.csv')], { ruleset: bundledRuleset() });
    expect(of(r, 'input/kode-udfyldt').map((f) => [f.locations, f.details?.lines])).toEqual([
      [[{ file: 'a.csv', line: 2 }], 2],
      [[{ file: 'b.csv', line: 2 }], 2],
    ]);
  });

  describe('a bad CPR is never shown in full', () => {
    it.each([
      ['input/cpr', '01016012345', '0101601234'], // 11 digits: its first ten are a CPR
      ['input/cpr', '010160123456', '0101601234'],
      ['input/cpr', '0101601234x', '0101601234'],
      ['input/cpr', '0101601-234', '0101601234'],
      ['input/cpr-dato', '3102251234', '3102251234'],
      ['input/cpr-dato', '310225-1234', '3102251234'],
      ['input/cpr-dato', '2902001234', '2902001234'],
    ])('%s for %s', async (id, cpr, tenDigits) => {
      // antal 0 adds a second finding on the line: it must not carry the CPR either.
      const r = await run(`${HEADER}\n1,${cpr},2025-03-03,0101,0\n`);
      expect(r.findings.map((f) => f.ruleId).sort()).toEqual(['input/antal', id]);
      const json = JSON.stringify(r.findings);
      expect(json).not.toContain(tenDigits);
      expect(json).not.toContain(cpr);
      expect(json).toContain(`${cpr.slice(0, 6)}****`); // masked: birth-date part kept, rest hidden
    });
  });

  it('ukendt-ydelseskode: one info finding per code and practice, and the lines are still checked', async () => {
    // 9998 on lines 2-4 at practice 1 and line 5 at practice 2
    const text = [HEADER, `1,${P.a},2025-03-03,9998,1`, `1,${P.b},2025-03-03,9998,1`, `1,${P.a},2025-03-04,9998,2`, `2,${P.c},2025-03-03,9998,1`].join('\n') + '\n';
    const r = await run(text);
    const unknown = of(r, 'ukendt-ydelseskode');
    expect(unknown.map((f) => [f.severity, f.practice, f.codes, f.locations, f.details?.lines])).toEqual([
      ['info', '1', ['9998'], [{ file: 'test.csv', line: 2 }], 3],
      ['info', '2', ['9998'], [{ file: 'test.csv', line: 5 }], 1],
    ]);
    expect(inputFindings(r)).toEqual([]);
    expect(r.summary).toMatchObject({ linesRead: 4, claimsChecked: 4, linesRejected: 0 });
  });

  it('linesRead = claimsChecked + linesRejected on a file with a bit of everything', async () => {
    const text = [
      H8,
      good('a', '03'),
      '',
      line({ antal: '0', tid: '25:00' }),
      `1,${P.b},2025-03-04,101,1,,,`,
      line({ cpr: '3102253456' }),
      'kort',
      good('d', '06'),
      `1,"${P.e},2025-03-07,0101,1,,,`,
    ].join('\n') + '\n';
    const r = await run(text);
    expect(r.summary).toMatchObject({ linesRead: 7, claimsChecked: 3, linesRejected: 4 });
    expectBalanced(r);
  });
});
