// Property: shuffling the data lines of a file gives the same findings, apart from line numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/index.js';
import { csv, type Row, run } from './helpers.js';

const CODES = ['0101', '0105', '0201', '0204', '0125', '0127', '6101', '4584', '4590', '4591', '4593', '4594', '0126', '0130', '0133', '0120', '2101', '9998'];
const row = fc.tuple(
  fc.constantFrom('111111', '222222', '333333'),
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.integer({ min: 0, max: 40 }).map((d) => new Date(Date.UTC(2025, 0, 1 + d * 9)).toISOString().slice(0, 10)),
  fc.constantFrom(...CODES),
  fc.integer({ min: 1, max: 5 }),
) as fc.Arbitrary<Row>;

/** Findings without line numbers, in a canonical order. */
function withoutLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => JSON.stringify({ ...f, locations: f.locations.map((l) => l.file) })).sort();
}

describe('order independence', () => {
  it('shuffled lines give the same findings apart from line numbers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 80 }), fc.integer(), async (rows, seed) => {
        const shuffled = fc.sample(fc.shuffledSubarray(rows, { minLength: rows.length }), { seed, numRuns: 1 })[0]!;
        const a = await run(csv(rows));
        const b = await run(csv(shuffled));
        expect(withoutLines(b.findings)).toEqual(withoutLines(a.findings));
        expect(b.summary).toEqual(a.summary);
      }),
      { numRuns: 150 },
    );
  });

  it('the property is not vacuous: the generated data trips rules', async () => {
    const rows = fc.sample(fc.array(row, { minLength: 60, maxLength: 80 }), { seed: 1, numRuns: 1 })[0]!;
    const ids = new Set((await run(csv(rows))).findings.map((f) => f.ruleId));
    expect(ids.size).toBeGreaterThanOrEqual(4);
  });
});
