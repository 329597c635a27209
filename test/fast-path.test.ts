// Differential: a file read by the hot path (src/input/fast.ts) gives exactly what the general
// CSV path (src/input/splitter.ts) gives for the same bytes, whole or in chunks of any size: the
// same findings, lines and summary.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { readFileFast } from '../src/input/fast.js';
import { type RecordEvent, readRecords } from '../src/input/records.js';
import { bundledRuleset } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-fast-'));
let n = 0;

/** The bytes in chunks of 1 to 100 bytes, the sizes drawn from a seed. */
async function* randomChunks(bytes: Uint8Array, seed: number): AsyncGenerator<Uint8Array> {
  let x = seed * 2654435761 + 1;
  for (let at = 0; at < bytes.length; ) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const size = 1 + (x % 100);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** The same bytes through both paths: a file path takes the hot path, a stream (whole, or in small chunks) the general one. */
async function both(bytes: Uint8Array, maxLineBytes?: number) {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, bytes);
  // allowEmpty: a file without claim lines is compared too, not refused.
  const options = { ruleset: bundledRuleset(), maxLineBytes, allowEmpty: true };
  const fast = await check([path], options);
  const general = await check([{ name: path, stream: (async function* () { yield bytes; })() }], options);
  const chunked = await check([{ name: path, stream: randomChunks(bytes, n) }], options);
  return { fast, general, chunked };
}

// Field values: mostly valid, with the shapes the hot path must hand over (spaces, other date
// forms, thousands separators, quotes, embedded delimiters and newlines, bad values, non-ASCII,
// stray quotes, lone CRs, long lines, bytes that are not UTF-8).
/** Mostly a valid value, sometimes an odd one. */
const pick = (valid: string[], odd: string[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
const practice = pick(['111111', '222222', '012345', '7'], ['123456789', ' 111111', '11a111']);
const cpr = pick(['0101601234', '020270-2345', '0303803456'], ['3102801234', '0101301234', '0101601234 ', '12345', '']);
const date = pick(['2025-03-04', '04-03-2025', '04.03.2025', '04/03/2025', '2025-03-05'], ['2025-3-4', '2025-02-30', '1925-03-04', '04-03.2025', '']);
const code = pick(['0101', '0105', '0201', '6101', '0204', '0125', '0130', '4593'], ['101', '1', '9998', 'ABCD', '01010']);
const antal = pick(['', '1', '2', '7'], ['0', '-1', 'x', '1234567890']);
const amount = pick(['', '146.79', '146,79', '167.5', '0.00'], ['1.412,77', '1,412.77', '1.412', '-5', '12a', '999999999999.99']);
const time = pick(['', '08:00', '8:30', '16.00', '23:59'], ['24:00', '7', '12:5']);
const group = pick(['', '1', '2'], ['3']);
const quoted = (v: fc.Arbitrary<string>) => fc.oneof({ weight: 30, arbitrary: v }, { weight: 1, arbitrary: v.map((s) => `"${s}"`) });

const row = fc.tuple(quoted(practice), quoted(cpr), date, quoted(code), antal, amount, time, group);

const line = fc.oneof(
  { weight: 20, arbitrary: row.map((fields) => ({ kind: 'row' as const, fields })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: ',,,,,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,"0101601234\n",2025-03-04,0101,1,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,"01;01",1,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,0101,1,"1,5",,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,01"01,1,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,0101,1,,,\r' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: 'ø,æ,å,0101,1,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,"0101601234,2025-03-04,0101,1,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,"0101601234"x,2025-03-04,0101,1,,,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,0101,1,"1\r\n5",,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,0101,1,"1\r5",,' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234\r2025-03-04,0101,1,,,' }) },
  // \u0001 stands for the byte 0xFF, which is not UTF-8 (see render).
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: '111111,0101601234,2025-03-04,0101,1,,,\u0001' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'raw' as const, text: `111111,0101601234,2025-03-04,0101,1,,,${'x'.repeat(300)}` }) },
);

const EOL = fc.constantFrom('\n', '\r\n', '\r');

const file = fc.record({
  // Each line with the line end it gets when the file mixes them.
  lines: fc.array(fc.tuple(line, EOL), { minLength: 0, maxLength: 40 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  eol: EOL,
  mixed: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  latin1: fc.boolean(),
  // A small line-length cap, so that the long line is over it.
  maxLineBytes: fc.constantFrom(undefined, 200),
});

type Line = { kind: 'row' | 'raw'; fields?: string[]; text?: string };
type File = { lines: [Line, string][]; delimiter: string; eol: string; mixed: boolean; bom: boolean; finalNewline: boolean; latin1: boolean; maxLineBytes: number | undefined };

function render(f: File): Uint8Array {
  const head = ['ydernummer', 'cpr', 'dato', 'ydelseskode', 'antal', 'beloeb', 'tid', 'sikringsgruppe'].join(f.delimiter);
  let text = head;
  f.lines.forEach(([l, eol], k) => {
    text += k === 0 || !f.mixed ? f.eol : eol;
    text += l.kind === 'row' ? l.fields!.join(f.delimiter) : l.text!.replaceAll(',', f.delimiter);
  });
  if (f.finalNewline) text += f.eol;
  const bytes = f.latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  bytes.forEach((b, k) => {
    if (b === 0x01) bytes[k] = 0xff;
  });
  return f.bom && !f.latin1 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

describe('the hot path reads a file exactly as the general CSV path does', () => {
  it('random files: the same findings, line numbers and summary', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const { fast, general, chunked } = await both(render(f), f.maxLineBytes);
        expect(fast.summary).toEqual(general.summary);
        expect(fast.findings).toEqual(general.findings);
        expect(chunked.summary).toEqual(general.summary);
        expect(chunked.findings).toEqual(general.findings);
      }),
      { numRuns: 300 },
    );
  });

  it('is not vacuous: generated files have checked lines, rejected lines and rule findings', async () => {
    const samples = fc.sample(file, { seed: 7, numRuns: 40 });
    let checked = 0;
    let rejected = 0;
    let ruleFindings = 0;
    for (const f of samples) {
      const { fast } = await both(render(f), f.maxLineBytes);
      checked += fast.summary.claimsChecked;
      rejected += fast.summary.linesRejected;
      ruleFindings += fast.findings.filter((x) => !x.ruleId.startsWith('input/')).length;
    }
    expect(checked).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(10);
    expect(ruleFindings).toBeGreaterThan(10);
  });

  it.each([16, 61, 1000])('random files read in %i-byte chunks split into the same records, on the same lines, as the general path', async (chunk) => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const bytes = render(f);
        const path = join(dir, `c${n++}.csv`);
        writeFileSync(path, bytes);
        // A sink that declines every parsed line, so each one comes back as the record it was split
        // into. Declined lines come back batch by batch, so events are compared in line order.
        const fast: RecordEvent[] = [];
        const read = await readFileFast(path, {
          header: (fields, delimiter) => {
            fast.push({ type: 'header', fields, delimiter, line: 1 }); // the hot path takes only a header on line 1
            return { columns: { ydernummer: 0, cpr: 1, dato: 2, ydelseskode: 3, antal: 4, beloeb: 5, tid: 6, sikringsgruppe: 7 }, width: fields.length };
          },
          claims: (b) => b.rejected.fill(1),
          event: (ev) => fast.push(ev),
        }, { chunkSize: chunk, maxLineBytes: f.maxLineBytes });
        const general: RecordEvent[] = [];
        for await (const ev of readRecords({ name: path, stream: (async function* () { yield bytes; })() }, { maxLineBytes: f.maxLineBytes })) general.push(ev);
        const byLine = (evs: RecordEvent[]) => [...evs].sort((a, b) => ('line' in a ? a.line : 0) - ('line' in b ? b.line : 0));
        if (read) expect(byLine(fast)).toEqual(byLine(general));
      }),
      { numRuns: 200 },
    );
  });

  // Bytes from a small alphabet of what the reader decides on (delimiters, quotes, every line end,
  // bytes that are not UTF-8, a lead byte cut short), behind a plain header, with a small line cap:
  // however they are cut into chunks, they read the same as the file.
  const soupByte = fc.constantFrom(...Buffer.from('a1,;"\r\n\n,""x', 'latin1'), 0xff, 0xc3, 0xb8, 0x22, 0x0d, 0x0a);
  const soup = fc.record({ body: fc.array(soupByte, { maxLength: 300 }), cap: fc.constantFrom(32, 50, 1000) }); // the header has 32 bytes
  it('byte soup: the same as a file, a whole stream, and streams in random and 1-byte chunks', async () => {
    await fc.assert(
      fc.asyncProperty(soup, async ({ body, cap }) => {
        const bytes = Buffer.concat([Buffer.from('ydernummer,cpr,dato,ydelseskode\n'), Buffer.from(body)]);
        const { fast, general, chunked } = await both(bytes, cap);
        const oneByte = await check([{ name: fast.files[0]!, stream: (async function* () { for (let k = 0; k < bytes.length; k++) yield bytes.subarray(k, k + 1); })() }], { ruleset: bundledRuleset(), maxLineBytes: cap, allowEmpty: true });
        for (const other of [general, chunked, oneByte]) {
          expect(other.summary).toEqual(fast.summary);
          expect(other.findings).toEqual(fast.findings);
        }
        expect(fast.summary.linesRead).toBe(fast.summary.claimsChecked + fast.summary.linesRejected);
      }),
      { numRuns: 300 },
    );
  });

  // The invoice samples (the register and the tariff tables are not invoices: they stop at the header).
  const SAMPLES = resolve(import.meta.dirname, '..', 'samples');
  const invoices = readdirSync(SAMPLES).filter((f) => f.endsWith('.csv') && !/^(praksisregister|honorartabel)/.test(f));
  it.each(invoices)('samples/%s: the same on both paths, whole and in 1-byte chunks', async (name) => {
    const bytes = readFileSync(join(SAMPLES, name));
    const { fast, general, chunked } = await both(bytes);
    const oneByte = await check([{ name: fast.files[0]!, stream: (async function* () { for (let k = 0; k < bytes.length; k++) yield bytes.subarray(k, k + 1); })() }], { ruleset: bundledRuleset() });
    expect(fast.summary.linesRead).toBeGreaterThan(0);
    for (const other of [general, chunked, oneByte]) {
      expect(other.summary).toEqual(fast.summary);
      expect(other.findings).toEqual(fast.findings);
    }
  });

  it('a file with a quoted field part-way hands the rest to the general path with the right line numbers', async () => {
    const text = 'ydernummer,cpr,dato,ydelseskode\n1,0101601234,2025-03-04,0101\n1,"0101601234",2025-03-04,0105\n1,0101601234,2025-03-05,6101\n';
    const { fast, general } = await both(Buffer.from(text));
    expect(fast.findings).toEqual(general.findings);
    expect(fast.findings.find((f) => f.ruleId === 'samtaleterapi-uden-grundydelse')?.locations).toEqual([{ file: expect.any(String), line: 4 }]);
  });
});
