// The audit's Excel workbook, written from a hand-made audit and read back: sheets, cell types, formats, frozen headers, filters, totals, formula-safe text and the row limit.
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type Cell, ValueType, Workbook, type Worksheet } from '@cj-tech-master/excelts';
import { unzip } from '@cj-tech-master/excelts/archive';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditReport, CodeStatistics, PracticeRow } from '../src/audit/types.js';
import { cellText, rowsThatFit, writeAuditXlsx } from '../src/formatters/audit-xlsx.js';
import type { FormatContext } from '../src/formatters/types.js';
import type { Finding, Lang } from '../src/report/finding.js';
import { ArrayList, resultWith } from '../src/report/result.js';
import { summarise } from '../src/report/summary.js';
import { audit as runAudit } from '../src/index.js';
import { bundledRuleset, P, source } from './helpers.js';

const DIR = mkdtempSync(join(tmpdir(), 'gpclaims-test-xlsx-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

const KRONER = '#,##0.00 "kr."';

// ---------------------------------------------------------------------------------------------
// Fixture: 12 practices, two of them with leading zeros; findings on lines and on practices;
// text a spreadsheet would take for a formula in a topic, a message, a fix, a file name and an option.
// ---------------------------------------------------------------------------------------------

const HOSTILE_TOPIC = '=HYPERLINK("http://x")';
const HOSTILE_FILE = '@SUM(A1).csv';
/** A file name holding a whole CPR: it must be masked like any other. */
const CPR_FILE = 'eksport-0101601234.csv';

type MoneyFinding = Finding & { amount: string | null; amountBasis: 'beloeb' | 'tariff' | 'estimate' | null; opportunity: string | null };

function finding(over: Partial<MoneyFinding>): MoneyFinding {
  return {
    ruleId: 'grundydelse-samme-dag',
    severity: 'error',
    topic: 'Grundydelser samme dag',
    message: 'To grundydelser samme dag',
    practice: '012345',
    patient: '010160-****',
    date: '2026-11-03',
    codes: ['0101', '0204'],
    locations: [{ file: 'nov.csv', line: 2 }, { file: 'nov.csv', line: 3 }],
    fix: { da: 'Fjern den ene', en: 'Remove one' },
    details: null,
    source: 's',
    amount: '324.13',
    amountBasis: 'beloeb',
    opportunity: null,
    ...over,
  };
}

const FINDINGS: MoneyFinding[] = [
  finding({}),
  finding({ ruleId: 'tidsramme', severity: 'warning', topic: 'Tidsramme', message: '+1', practice: '000789', codes: ['0120'], locations: [{ file: HOSTILE_FILE, line: 7 }], amount: '1107.07', amountBasis: 'tariff', fix: { da: '-2 enheder', en: '-2 units' } }),
  finding({ ruleId: 'hostile', severity: 'info', topic: HOSTILE_TOPIC, message: '@SUM(A1)', practice: '123456', codes: ['0101'], locations: [{ file: CPR_FILE, line: 4 }], amount: null, amountBasis: null, fix: null }),
  finding({ ruleId: 'tab', severity: 'info', topic: 'Tidsramme', message: '\tfaneblad', practice: '123456', locations: [{ file: 'nov.csv', line: 9 }], amount: null, amountBasis: null, fix: { da: '\rretur', en: '\rreturn' } }),
  // Practice level: no patient, date or lines.
  finding({ ruleId: 'loft-over', severity: 'warning', topic: 'Loft', message: 'Over loftet', practice: '012345', patient: null, date: null, codes: ['0101'], locations: [], amount: null, amountBasis: 'estimate', opportunity: null }),
  finding({ ruleId: 'palliation-mulighed', severity: 'info', topic: 'Mulighed', message: 'Palliation kunne søges', practice: '234567', patient: null, date: null, codes: [], locations: [], amount: null, amountBasis: null, opportunity: '99.95' }),
];

/** Kroner at risk as the report would give them (made up here, not computed by the writer). */
const MONEY = {
  total: '1431.20',
  lines: 3,
  bySeverity: { error: '324.13', warning: '1107.07', info: '0.00' },
  byTopic: { 'Grundydelser samme dag': '324.13', Tidsramme: '1107.07' },
  byRule: { 'grundydelse-samme-dag': '324.13', tidsramme: '1107.07' },
  estimated: '250.00',
  opportunity: '99.95',
  linesWithoutAmount: 2,
};

const PRACTICE_IDS = ['012345', '000789', '123456', '234567', '345678', '456789', '567890', '678901', '789012', '890123', '901234', '111111'];

function practiceRow(practice: string, k: number): PracticeRow {
  return {
    practice,
    lines: 100 + k,
    patients: 40 + k,
    amountBilled: k === 0 ? '12345.67' : `${1000 + k}.50`,
    linesWithoutAmount: 0,
    findings: k === 0 ? 2 : 0,
    bySeverity: { error: k === 0 ? 1 : 0, warning: k === 0 ? 1 : 0, info: 0 },
    byTopic: k === 0 ? { 'Grundydelser samme dag': { findings: 1, amountAtRisk: '324.13' }, Loft: { findings: 1, amountAtRisk: '0.00' } } : {},
    amountAtRisk: k === 0 ? '324.13' : '0.00',
    amountEstimated: k === 0 ? '250.00' : '0.00',
    amountOpportunity: '0.00',
    ...(k % 2 === 0 && { kapaciteter: 1.5, tilmeldte: 1600 + k }),
  };
}

const STATISTICS: CodeStatistics[] = [
  {
    code: '0101',
    name: 'Konsultation',
    regionalAverage: '2.1000',
    averageFrom: 'input',
    denominator: 'listed-patients',
    outlierFactor: '1.25',
    practices: PRACTICE_IDS.map((practice, k) => ({ practice, units: 90 + k, patients: 40 + k, perPatient: '2.2500', ratio: k === 1 ? null : '1.07', rank: k + 1, percentile: 100 - k, outlier: k === 0 })),
  },
  {
    code: '0204',
    name: '=1+1',
    regionalAverage: '0.0100',
    averageFrom: 'option',
    denominator: 'patients-seen',
    outlierFactor: '1.25',
    practices: [{ practice: '012345', units: 3, patients: 40, perPatient: '0.0750', ratio: '7.50', rank: 1, percentile: 100, outlier: true }],
  },
];

function audit(findings: readonly Finding[] = FINDINGS, files = ['nov.csv', HOSTILE_FILE, CPR_FILE]): AuditReport {
  const summary = {
    ...summarise(findings, { files: files.length, linesRead: 1203, claimsChecked: 1200, linesRejected: 3, blankLines: 1, practices: 12, patients: 517, counts: {}, period: { from: '2026-11-01', to: '2026-11-30' } }),
    amountAtRisk: MONEY,
  };
  const result = resultWith({ ruleset: { version: '2026.11', hash: '0a1234567890cd', asOf: null, tariffs: 'catalogue', practices: true }, summary, files }, new ArrayList(findings));
  return { result, practices: PRACTICE_IDS.map(practiceRow), statistics: STATISTICS, options: ['--practices', '=cmd|x', '--regional-average', '0204=0.01'] };
}

function ctx(lang: Lang = 'da'): FormatContext {
  return { tool: { name: 'gpclaims', version: '0.1.0' }, lang, colorLevel: 0 };
}

let files = 0;
async function write(report: AuditReport, lang: Lang = 'da', options?: { maxRows?: number }): Promise<string> {
  const path = join(DIR, `audit-${files++}.xlsx`);
  const out = createWriteStream(path);
  await writeAuditXlsx(report, ctx(lang), out, options);
  await finished(out);
  return path;
}

async function read(path: string): Promise<Workbook> {
  const workbook = new Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function sheet(workbook: Workbook, name: string): Worksheet {
  const ws = workbook.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The row (1-based) whose cell in `column` holds `value`, and the cell in `wanted` of that row. */
function cellBeside(ws: Worksheet, column: number, value: unknown, wanted: number): Cell {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(column).value === value) return ws.getRow(r).getCell(wanted);
  throw new Error(`no row with ${String(value)} in column ${column} of ${ws.name}`);
}

/** Every cell of every sheet. */
function everyCell(workbook: Workbook): Cell[] {
  const cells: Cell[] = [];
  workbook.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(c))));
  return cells;
}

// ---------------------------------------------------------------------------------------------

describe('audit workbook', async () => {
  const path = await write(audit());
  const workbook = await read(path);

  it('has the four sheets, Danish names, in order', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Oversigt', 'Praksis', 'Kontrolstatistik', 'Fund']);
  });

  // [sheet, column holding the key, key, column wanted, the text it holds]
  it.each([
    ['Praksis', 1, '012345', 1, '012345'],
    ['Praksis', 1, '000789', 1, '000789'],
    ['Kontrolstatistik', 1, '0101', 1, '0101'],
    ['Kontrolstatistik', 1, '0204', 3, '012345'],
    ['Fund', 3, 'grundydelse-samme-dag', 4, '012345'],
    ['Fund', 3, 'grundydelse-samme-dag', 5, '010160-****'],
    ['Fund', 3, 'grundydelse-samme-dag', 7, '0101, 0204'],
    ['Fund', 3, 'tidsramme', 7, '0120'],
  ] as const)('%s: in the row whose column %i is %s, column %i is the text %s, leading zeros kept', (name, keyColumn, key, column, text) => {
    const cell = cellBeside(sheet(workbook, name), keyColumn, key, column);
    expect(cell.type).toBe(ValueType.String);
    expect(cell.value).toBe(text);
  });

  // [sheet, key column, key, amount column, the fixture's decimal string]
  it.each([
    ['Praksis', 1, '012345', 6, '12345.67'],
    ['Praksis', 1, '012345', 11, '324.13'],
    ['Praksis', 1, '012345', 12, '250.00'],
    ['Fund', 3, 'grundydelse-samme-dag', 11, '324.13'],
    ['Fund', 3, 'tidsramme', 11, '1107.07'],
    ['Fund', 3, 'palliation-mulighed', 13, '99.95'],
  ] as const)('%s: in the row whose column %i is %s, column %i is the number %s in kroner format', (name, keyColumn, key, column, amount) => {
    const cell = cellBeside(sheet(workbook, name), keyColumn, key, column);
    expect(cell.type).toBe(ValueType.Number);
    expect(cell.value).toBe(Number(amount));
    expect(cell.numFmt).toBe(KRONER);
  });

  it('leaves an amount that is not a decimal empty, rather than writing NaN into the file', async () => {
    const odd = await read(await write(audit([finding({ amount: 'ukendt' })])));
    expect(sheet(odd, 'Fund').getRow(2).getCell(11).type).toBe(ValueType.Null);
  });

  it('leaves an unknown amount empty, never 0', () => {
    const cell = cellBeside(sheet(workbook, 'Fund'), 3, 'hostile', 11);
    expect(cell.type).toBe(ValueType.Null);
  });

  it('writes a finding date as a date cell of that day', () => {
    const cell = cellBeside(sheet(workbook, 'Fund'), 3, 'grundydelse-samme-dag', 6);
    expect(cell.type).toBe(ValueType.Date);
    expect((cell.value as Date).toISOString()).toBe('2026-11-03T00:00:00.000Z');
  });

  it.each(['Oversigt', 'Praksis', 'Kontrolstatistik', 'Fund'])('%s: the header row is frozen and a table has an autofilter', (name) => {
    const ws = sheet(workbook, name);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(1).font?.bold ?? ws.getRow(1).getCell(1).font?.bold).toBe(true);
  });

  // [sheet, the autofilter's range]: the header and every data row
  it.each([
    ['Praksis', 'A1:N13'],
    ['Kontrolstatistik', 'A1:M14'],
    ['Fund', `A1:M${FINDINGS.length + 1}`],
  ])('%s: the autofilter covers the table (%s)', (name, range) => {
    expect(sheet(workbook, name).autoFilter).toBe(range);
  });

  describe('Oversigt', () => {
    const ws = sheet(workbook, 'Oversigt');
    const summary = audit().result.summary;
    const value = (label: string): unknown => cellBeside(ws, 1, label, 2).value;

    // [label, the fixture's figure]
    it.each([
      ['Fund i alt', FINDINGS.length],
      ['Fejl', summary.bySeverity.error],
      ['Advarsler', summary.bySeverity.warning],
      ['Info', summary.bySeverity.info],
      ['Linjer læst', 1203],
      ['Linjer kontrolleret', 1200],
      ['Linjer afvist', 3],
      ['Tomme linjer', 1],
      ['Praksis', 12],
      ['Patienter', 517],
      ['I risiko (kr.)', Number(MONEY.total)],
      ['Linjer i risiko', MONEY.lines],
      ['Anslået (kr.)', Number(MONEY.estimated)],
      ['Mulighed (kr.)', Number(MONEY.opportunity)],
      ['Linjer uden beløb og takst (ikke fuldt kontrolleret)', MONEY.linesWithoutAmount],
      ['Regelsæt, version', '2026.11'],
      ['Regelsæt, hash', '0a1234567890cd'],
    ])('%s is %s', (label, figure) => {
      expect(value(label)).toBe(figure);
    });

    it('gives the kroner in kroner format and the period as dates', () => {
      expect(cellBeside(ws, 1, 'I risiko (kr.)', 2).numFmt).toBe(KRONER);
      expect((value('Periode fra') as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
      expect((value('Periode til') as Date).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    });

    it('lists every file, masked and formula-safe', () => {
      const listed: unknown[] = [];
      ws.eachRow((row) => {
        if (row.getCell(1).value === 'Fil') listed.push(row.getCell(2).value);
      });
      expect(listed).toEqual(['nov.csv', `'${HOSTILE_FILE}`, 'eksport-010160-****.csv']);
    });

    // [topic, errors, warnings, info, kroner at risk or null]
    it.each([
      ['Grundydelser samme dag', 1, 0, 0, 324.13],
      ['Loft', 0, 1, 0, null],
      ['Mulighed', 0, 0, 1, null],
      ['Tidsramme', 0, 1, 1, 1107.07],
      [`'${HOSTILE_TOPIC}`, 0, 0, 1, null],
    ])('the topic table: %s', (topic, errors, warnings, info, atRisk) => {
      const cells = [2, 3, 4, 5].map((c) => cellBeside(ws, 1, topic, c).value);
      expect(cells).toEqual([errors, warnings, info, atRisk]);
    });

    it('has its autofilter on the topic table', () => {
      const header = [...Array(ws.rowCount).keys()].map((k) => k + 1).find((r) => ws.getRow(r).getCell(1).value === 'Emne')!;
      expect(ws.autoFilter).toBe(`A${header}:E${header + Object.keys(summary.byTopic).length}`);
    });
  });

  // [where the hostile text was put, the text as the cell must hold it]
  it.each([
    ['topic', `'${HOSTILE_TOPIC}`],
    ['message +', "'+1"],
    ['message @', "'@SUM(A1)"],
    ['message tab (escaped)', "'\\tfaneblad"],
    ['fix -', "'-2 enheder"],
    ['fix CR (escaped)', "'\\rretur"],
    ['file name', `'${HOSTILE_FILE}`],
    ['file:line list', `'${HOSTILE_FILE}:7`],
    ['code name', "'=1+1"],
    ['options', "'--practices =cmd|x --regional-average 0204=0.01"],
  ])('hostile %s: a text cell starting with an apostrophe', (_, text) => {
    const cells = everyCell(workbook).filter((c) => c.value === text);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c.type).toBe(ValueType.String);
  });

  it('has no formula anywhere, and no text cell that a spreadsheet would take for one', async () => {
    for (const c of everyCell(workbook)) {
      expect(c.type).not.toBe(ValueType.Formula);
      if (typeof c.value === 'string') expect(c.value).not.toMatch(/^[=+\-@\t\r]/);
    }
    // The sheets' XML itself: no <f> element.
    const zip = unzip(readFileSync(path));
    for (let k = 1; k <= 4; k++) {
      const xml = new TextDecoder().decode((await zip.bytes(`xl/worksheets/sheet${k}.xml`))!);
      expect(xml).toContain('<sheetData>');
      expect(xml).not.toMatch(/<f[ >]/);
    }
  });

  it('holds no full CPR number in any cell', () => {
    const hash = audit().result.ruleset.hash;
    for (const c of everyCell(workbook)) {
      expect(String(c.value)).not.toContain('0101601234');
      // The ruleset's hash is hex the tool made, not personal data, and is shown whole.
      if (c.value !== hash) expect(String(c.value)).not.toMatch(/\d{6}[- ]?\d{4}/);
    }
  });

  it('writes English headers under --lang en, the sheet names staying Danish', async () => {
    const en = await read(await write(audit(), 'en'));
    expect(en.worksheets.map((w) => w.name)).toEqual(['Oversigt', 'Praksis', 'Kontrolstatistik', 'Fund']);
    expect(sheet(en, 'Fund').getRow(1).getCell(1).value).toBe('Severity');
    expect(cellBeside(sheet(en, 'Fund'), 3, 'tidsramme', 1).value).toBe('Warning');
    expect(cellBeside(sheet(en, 'Oversigt'), 1, 'At risk (DKK)', 2).value).toBe(Number(MONEY.total));
  });
});

describe('dates in any time zone', () => {
  // Far east and far west of UTC: a date made at local midnight would land on another day.
  it.each(['Pacific/Kiritimati', 'America/Adak', 'Europe/Copenhagen'])('written under TZ=%s, a date is still its day', async (zone) => {
    const before = process.env.TZ;
    process.env.TZ = zone;
    let path: string;
    try {
      path = await write(audit([finding({ date: '2026-03-29' })]));
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    const cell = sheet(await read(path), 'Fund').getRow(2).getCell(6);
    expect(cell.type).toBe(ValueType.Date);
    expect((cell.value as Date).toISOString()).toBe('2026-03-29T00:00:00.000Z');
  });
});

describe('text cells', () => {
  // [text, as the cell holds it]
  it.each([
    ['=1+1', "'=1+1"],
    ['+45 12 34', "'+45 12 34"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\\tx"],
    ['\rx', "'\\rx"],
    ['a=b', 'a=b'],
    ['012345', '012345'],
    ['0101601234', '010160-****'],
    ['', ''],
  ])('%j is written as %j', (text, cell) => {
    expect(cellText(text)).toBe(cell);
  });

  it('cuts a text past Excel\u2019s 32,767 characters per cell', () => {
    const text = cellText('x'.repeat(40_000));
    expect(text.length).toBe(32_767);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('the row limit', () => {
  // [findings, rows per sheet, findings shown, left out]
  it.each([
    [10, 100, 10, 0],
    [10, 11, 10, 0],
    [10, 10, 8, 2],
    [10, 5, 3, 7],
    [0, 5, 0, 0],
  ])('%i findings, %i rows: %i shown, %i left out', (count, maxRows, shown, leftOut) => {
    expect(rowsThatFit(count, maxRows)).toEqual({ shown, leftOut });
  });

  const TEN = Array.from({ length: 10 }, (_, k) => finding({ ruleId: `regel-${String(k).padStart(2, '0')}`, locations: [{ file: 'nov.csv', line: k + 2 }] }));

  // [rows per sheet, Fund's rows (header, findings and the note), the last finding's rule, the note]
  it.each([
    [11, 11, 'regel-09', null],
    [10, 10, 'regel-07', '2 fund mere er udeladt her: Excel har en grænse for rækker pr. ark.'],
    [5, 5, 'regel-02', '7 fund mere er udeladt her: Excel har en grænse for rækker pr. ark.'],
  ])('at %i rows per sheet Fund has %i rows, the last finding %s', async (maxRows, rows, last, note) => {
    const workbook = await read(await write(audit(TEN), 'da', { maxRows }));
    const fund = sheet(workbook, 'Fund');
    expect(fund.rowCount).toBe(rows);
    const lastFinding = note === null ? rows : rows - 1;
    expect(fund.getRow(lastFinding).getCell(3).value).toBe(last);
    const overview = sheet(workbook, 'Oversigt');
    const leftOutLabel = 'Fund udeladt af arket Fund (Excels grænse for rækker)';
    if (note === null) {
      expect(fund.getRow(rows).getCell(1).value).not.toMatch(/udeladt/);
      expect(() => cellBeside(overview, 1, leftOutLabel, 2)).toThrow();
    } else {
      expect(fund.getRow(rows).getCell(1).value).toBe(note);
      expect(cellBeside(overview, 1, leftOutLabel, 2).value).toBe(10 - (rows - 2));
      expect(cellBeside(overview, 1, 'Fund i alt', 2).value).toBe(10);
    }
  });
});

describe('the output', () => {
  const many = (n: number): Finding[] => Array.from({ length: n }, (_, k) => finding({ locations: [{ file: 'nov.csv', line: k + 2 }] }));

  it('waits for a slow output and gives it the whole workbook', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _, done) {
        chunks.push(chunk);
        setImmediate(done);
      },
    });
    await writeAuditXlsx(audit(many(5000)), ctx(), out);
    const path = join(DIR, 'slow.xlsx');
    writeFileSync(path, Buffer.concat(chunks));
    expect(sheet(await read(path), 'Fund').rowCount).toBe(5001);
  });

  it('rejects with the output\u2019s error when writing fails, rather than waiting for ever', async () => {
    let written = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _, done) {
        written += chunk.length;
        done(written > 20_000 ? new Error('ENOSPC: no space left on device') : undefined);
      },
    });
    await expect(writeAuditXlsx(audit(many(20_000)), ctx(), out)).rejects.toThrow('ENOSPC');
  });
});

describe('a large audit', () => {
  it('writes 100,000 findings, one row each', async () => {
    const many = Array.from({ length: 100_000 }, (_, k) => finding({ locations: [{ file: 'nov.csv', line: k + 2 }], amount: `${k}.25` }));
    const path = await write(audit(many));
    // The Fund sheet's XML, its rows counted: reading the workbook into cells would be the slow part.
    const xml = Buffer.from((await unzip(readFileSync(path)).bytes('xl/worksheets/sheet4.xml'))!);
    let rows = 0;
    for (let at = xml.indexOf('<row '); at >= 0; at = xml.indexOf('<row ', at + 1)) rows++;
    expect(rows).toBe(100_001);
    const last = xml.lastIndexOf('<row ');
    expect(xml.subarray(last, last + 20).toString()).toMatch(/^<row r="100001"/);
  }, 60_000);
});

describe('--show-suppressed', () => {
  // Two grundydelser the same day at practice 1, suppressed with a reason: Fund lists the finding,
  // and its message says it is suppressed (the Praksis sheet counts no finding for it).
  const text = `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n1,${P.a},2025-03-04,0101,1,172.88\n1,${P.a},2025-03-04,0120,1,60.00\n`;
  it.each([
    ['da', 'Undertrykt: Aftalt med regionen · Kontrolgruppen · 2027-06-30'],
    ['en', 'Suppressed: Aftalt med regionen · Kontrolgruppen · 2027-06-30'],
  ] as const)('%s: the finding is marked with its reason, owner and expiry', async (lang, mark) => {
    const suppressions = { file: 'undtagelser.json', entries: [{ ruleId: 'grundydelse-samme-dag', practice: '1', reason: 'Aftalt med regionen', owner: 'Kontrolgruppen', expires: '2027-06-30' }] };
    const report = await runAudit([source(text)], { ruleset: bundledRuleset(), lang, exceptions: { suppressions, today: '2026-01-01', showSuppressed: true } });
    expect(report.practices[0]!.findings).toBe(0);
    const message = cellBeside(sheet(await read(await write(report, lang)), 'Fund'), 3, 'grundydelse-samme-dag', 9).value;
    expect(String(message)).toContain(mark);
  });
});
