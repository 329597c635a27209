// Differential: a file read by the hot path (src/input/fast.ts) gives exactly what the general
// CSV path (csv-parse) gives for the same bytes: the same findings, lines and summary.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/index.js';
import { readFileFast } from '../src/input/fast.js';
import { type RecordEvent, readRecords } from '../src/input/records.js';
import { bundledRuleset } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-fast-'));
let n = 0;

/** The same bytes through both paths: a file path takes the hot path, a stream the general one. */
async function both(bytes: Uint8Array) {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, bytes);
  const ruleset = bundledRuleset();
  // allowEmpty: a file without claim lines is compared too, not refused.
  const fast = await check([path], { ruleset, allowEmpty: true });
  const general = await check([{ name: path, stream: (async function* () { yield bytes; })() }], { ruleset, allowEmpty: true });
  return { fast, general };
}

// Field values: mostly valid, with the shapes the hot path must hand over (spaces, other date
// forms, thousands separators, quotes, embedded delimiters and newlines, bad values, non-ASCII).
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
);

const file = fc.record({
  lines: fc.array(line, { minLength: 0, maxLength: 40 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  finalNewline: fc.boolean(),
  latin1: fc.boolean(),
});

type File = { lines: { kind: 'row' | 'raw'; fields?: string[]; text?: string }[]; delimiter: string; crlf: boolean; bom: boolean; finalNewline: boolean; latin1: boolean };

function render(f: File): Uint8Array {
  const eol = f.crlf ? '\r\n' : '\n';
  const head = ['ydernummer', 'cpr', 'dato', 'ydelseskode', 'antal', 'beloeb', 'tid', 'sikringsgruppe'].join(f.delimiter);
  const body = f.lines.map((l) => (l.kind === 'row' ? l.fields!.join(f.delimiter) : l.text!.replaceAll(',', f.delimiter)));
  const text = [head, ...body].join(eol) + (f.finalNewline ? eol : '');
  const bytes = f.latin1 ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
  return f.bom && !f.latin1 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
}

describe('the hot path reads a file exactly as the general CSV path does', () => {
  it('random files: the same findings, line numbers and summary', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const { fast, general } = await both(render(f));
        expect(fast.summary).toEqual(general.summary);
        expect(fast.findings).toEqual(general.findings);
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
      const { fast } = await both(render(f));
      checked += fast.summary.claimsChecked;
      rejected += fast.summary.linesRejected;
      ruleFindings += fast.findings.filter((x) => !x.ruleId.startsWith('input/')).length;
    }
    expect(checked).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(10);
    expect(ruleFindings).toBeGreaterThan(10);
  });

  it.each([16, 61, 1000])('random files read in %i-byte chunks split into the same records, on the same lines, as csv-parse', async (chunk) => {
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
            fast.push({ type: 'header', fields, delimiter });
            return { columns: { ydernummer: 0, cpr: 1, dato: 2, ydelseskode: 3, antal: 4, beloeb: 5, tid: 6, sikringsgruppe: 7 }, width: fields.length };
          },
          claims: (b) => b.rejected.fill(1),
          event: (ev) => fast.push(ev),
        }, chunk);
        const general: RecordEvent[] = [];
        for await (const ev of readRecords({ name: path, stream: (async function* () { yield bytes; })() })) general.push(ev);
        const byLine = (evs: RecordEvent[]) => [...evs].sort((a, b) => ('line' in a ? a.line : 0) - ('line' in b ? b.line : 0));
        if (read) expect(byLine(fast)).toEqual(byLine(general));
      }),
      { numRuns: 200 },
    );
  });

  it('a file with a quoted field part-way hands the rest to csv-parse with the right line numbers', async () => {
    const text = 'ydernummer,cpr,dato,ydelseskode\n1,0101601234,2025-03-04,0101\n1,"0101601234",2025-03-04,0105\n1,0101601234,2025-03-05,6101\n';
    const { fast, general } = await both(Buffer.from(text));
    expect(fast.findings).toEqual(general.findings);
    expect(fast.findings.find((f) => f.ruleId === 'samtaleterapi-uden-grundydelse')?.locations).toEqual([{ file: expect.any(String), line: 4 }]);
  });
});
