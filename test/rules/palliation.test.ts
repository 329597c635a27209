// Family: palliation add-ons and modules need their base, at most 6 modules a day, and ordinary home visits
// near palliation (palliation-mulighed), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { bundledRuleset, csv, of, type Row, run } from '../helpers.js';

const ADDON = 'palliation-tillaeg-uden-grundydelse';
const MODULE = 'palliation-modul-uden-besoeg';
const CAP = 'palliation-moduler-over-6';
const day = '2025-03-04';

describe(ADDON, () => {
  it.each(['4593', '4594'])('%s alone is an error', async (code) => {
    expect(of(await run(csv([['1', 'a', day, code]])), ADDON)).toHaveLength(1);
  });
  it.each(['0101', '0120', '0411', '4584', '4589'])('4593 with base %s is fine', async (baseCode) => {
    expect(of(await run(csv([['1', 'a', day, baseCode], ['1', 'a', day, '4593']])), ADDON)).toEqual([]);
  });
  it.each(['0105', '0201', '0125'])('4594 with %s only is an error', async (other) => {
    expect(of(await run(csv([['1', 'a', day, other], ['1', 'a', day, '4594']])), ADDON)).toHaveLength(1);
  });
});

describe(MODULE, () => {
  it.each(['4590', '4591'])('%s without a palliative visit is an error, even with 0101', async (code) => {
    expect(of(await run(csv([['1', 'a', day, '0101'], ['1', 'a', day, code, 2]])), MODULE)).toHaveLength(1);
  });
  it.each(['4584', '4585', '4586', '4587', '4588', '4589'])('4590 with visit %s is fine', async (visit) => {
    expect(of(await run(csv([['1', 'a', day, visit], ['1', 'a', day, '4590', 2]])), MODULE)).toEqual([]);
  });
});

describe(CAP, () => {
  it.each(['4590', '4591', '0126'])('6 modules of %s is fine', async (code) => {
    expect(of(await run(csv([['1', 'a', day, '4584'], ['1', 'a', day, code, 6]])), CAP)).toEqual([]);
  });
  it.each(['4590', '4591', '0126'])('7 modules of %s is an error', async (code) => {
    const rows: Row[] = [['1', 'a', day, '4584'], ['1', 'a', day, code, 3], ['1', 'a', day, code, 4]];
    const found = of(await run(csv(rows)), CAP);
    expect(found.map((f) => f.locations.map((l) => l.line))).toEqual([[3, 4]]);
  });
  it('each code is counted separately: 6 + 6 + 6 is fine', async () => {
    const rows: Row[] = [['1', 'a', day, '4584'], ['1', 'a', day, '4590', 6], ['1', 'a', day, '4591', 6], ['1', 'a', day, '0126', 6]];
    expect(of(await run(csv(rows)), CAP)).toEqual([]);
  });
});

const CHANCE = 'palliation-mulighed';

describe(CHANCE, () => {
  const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const VISITS = bundledRuleset().catalog.members('sygebesoeg').map((c) => String(c).padStart(4, '0'));
  const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

  it('the catalogue group @sygebesoeg holds the ordinary home visit 0411', () => {
    expect(VISITS).toContain('0411');
  });

  it.each(VISITS)('%s 30 days after a palliative visit at the same practice is an info finding on the visit', async (visit) => {
    const found = of(await run(csv([['1', 'a', day, '4584'], ['1', 'a', addDays(day, 30), visit]])), CHANCE);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.codes])).toEqual([['info', [3], [visit]]]);
    expect(found[0]?.details).toEqual({ nearCode: '4584', nearDate: day, days: 30 });
  });

  const cases: [string, Row[], number[][]][] = [
    ['31 days after a palliative visit', [['1', 'a', day, '4584'], ['1', 'a', addDays(day, 31), '0411']], []],
    ['30 days before a palliation module', [['1', 'a', addDays(day, 30), '4590'], ['1', 'a', day, '0411']], [[3]]],
    ['31 days before a palliation module', [['1', 'a', addDays(day, 31), '4590'], ['1', 'a', day, '0411']], []],
    // SPICT 4593 and EORTC 4594 belong to the early palliative phase: not a sign of a terminal patient.
    ['the same day as a symptom screening 4594 (EORTC)', [['1', 'a', day, '4594'], ['1', 'a', day, '0411']], []],
    ['ten days after an SPICT 4593', [['1', 'a', addDays(day, -10), '4593'], ['1', 'a', day, '0411']], []],
    ['with 4594 in the window and a palliative visit 40 days before', [['1', 'a', addDays(day, -40), '4584'], ['1', 'a', addDays(day, -5), '4594'], ['1', 'a', day, '0411']], []],
    ['with a talk with relatives 4592 ten days before', [['1', 'a', addDays(day, -10), '4592'], ['1', 'a', day, '0411']], [[3]]],
    ['palliation at another practice', [['2', 'a', day, '4584'], ['1', 'a', addDays(day, 5), '0411']], []],
    ['palliation for another patient', [['1', 'b', day, '4584'], ['1', 'a', addDays(day, 5), '0411']], []],
    ['a consultation 0101 near palliation (not a home visit)', [['1', 'a', day, '4584'], ['1', 'a', addDays(day, 5), '0101']], []],
    ['a home visit and no palliation', [['1', 'a', day, '0411'], ['1', 'a', addDays(day, 5), '0411']], []],
    ['two home visits near palliation: one finding each', [['1', 'a', day, '4584'], ['1', 'a', addDays(day, 3), '0411'], ['1', 'a', addDays(day, 9), '0411']], [[3], [4]]],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), CHANCE))).toEqual(expected);
  });

  it('names the nearest terminal-phase palliation line, not a nearer SPICT/EORTC', async () => {
    const rows: Row[] = [['1', 'a', addDays(day, -20), '4589'], ['1', 'a', addDays(day, -1), '4594'], ['1', 'a', day, '0411']];
    expect(of(await run(csv(rows)), CHANCE).map((f) => [f.locations[0]?.line, f.details?.nearCode, f.details?.nearDate])).toEqual([[4, '4589', addDays(day, -20)]]);
  });

  it('names the nearest palliation line', async () => {
    const rows: Row[] = [['1', 'a', addDays(day, -20), '4590'], ['1', 'a', addDays(day, 4), '4591'], ['1', 'a', day, '0411']];
    expect(of(await run(csv(rows)), CHANCE).map((f) => [f.details?.nearCode, f.details?.nearDate])).toEqual([['4591', addDays(day, 4)]]);
  });
});
