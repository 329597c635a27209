// Table tests for the practice-capacity kind: yearly units of a code set against a minimum per capacity.
import { describe, expect, it } from 'vitest';
import { base, csv, of, type Row, register, rulesetWith, run } from '../helpers.js';

const NOT_EVALUATED = 'x-ikke-vurderet';
const ruleset = (perCapacity = '10') =>
  rulesetWith([
    {
      id: 'x',
      kind: 'practice-capacity',
      ...base({ severity: 'warning' }),
      params: { codes: ['0130-0132'], perCapacity, notEvaluated: { id: NOT_EVALUATED, message: { da: 'ikke vurderet', en: 'not evaluated' } } },
    },
  ]);

/** A 0101 line on the 15th of each given month (1-12) of a year, for patient b. */
function months(practice: string, year: number, which: readonly number[]): Row[] {
  return which.map((m) => [practice, 'b', `${year}-${String(m).padStart(2, '0')}-15`, '0101']);
}
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** `units` of 0131 for patient a in March, as one line with that antal (none when 0). */
const units = (practice: string, year: number, n: number): Row[] => (n ? [[practice, 'a', `${year}-03-01`, '0131', n]] : []);

describe('practice-capacity: practices it cannot judge', () => {
  it('no register: one info finding for all practices', async () => {
    const result = await run(csv([...months('1', 2025, ALL), ...units('1', 2025, 1), ...months('2', 2025, [1])]), ruleset());
    expect(of(result, 'x')).toEqual([]);
    const found = of(result, NOT_EVALUATED);
    expect(found.map((f) => [f.severity, f.details])).toMatchObject([['info', { reason: 'no-register', practices: ['1', '2'], count: 2 }]]);
    expect(found[0]?.message).toBe('ikke vurderet');
  });

  it('a practice not in the register', async () => {
    const practices = await register('ydernummer,kapaciteter\n2,1\n');
    const result = await run(csv([...months('1', 2025, ALL), ...months('2', 2025, ALL), ...units('2', 2025, 10)]), ruleset(), { practices });
    expect(of(result, NOT_EVALUATED).map((f) => f.details)).toMatchObject([{ reason: 'not-in-register', practices: ['1'], count: 1 }]);
    expect(of(result, 'x')).toEqual([]);
  });

  it('a year without lines in every month: partial-year, named with the year', async () => {
    const practices = await register('ydernummer,kapaciteter\n1,1\n');
    // Eleven months (no December), and no units at all: it would fail if judged.
    const result = await run(csv(months('1', 2025, ALL.slice(0, 11))), ruleset(), { practices });
    expect(of(result, 'x')).toEqual([]);
    expect(of(result, NOT_EVALUATED).map((f) => f.details)).toMatchObject([{ reason: 'partial-year', practices: ['1 (2025)'], count: 1 }]);
  });

  it('each year is judged on its own', async () => {
    const practices = await register('ydernummer,kapaciteter\n1,1\n');
    // 2024 complete with 9 units (< 10 x 1), 2025 only January.
    const result = await run(csv([...months('1', 2024, ALL), ...units('1', 2024, 9), ...months('1', 2025, [1])]), ruleset(), { practices });
    expect(of(result, 'x').map((f) => f.details?.year)).toEqual([2024]);
    expect(of(result, NOT_EVALUATED).map((f) => f.details?.practices)).toEqual([['1 (2025)']]);
  });

  it('the months need not have lines of the codes', async () => {
    const practices = await register('ydernummer,kapaciteter\n1,1\n');
    // Units in March only, other codes every month: a full year.
    const result = await run(csv([...months('1', 2025, ALL), ...units('1', 2025, 10)]), ruleset(), { practices });
    expect(result.findings).toEqual([]);
  });

  it('no lines at all: nothing to say', async () => {
    expect((await run(csv([]), ruleset(), { allowEmpty: true })).findings).toEqual([]);
  });
});

describe('practice-capacity: a full year against the minimum', () => {
  // minimum = perCapacity x kapaciteter
  const cases: { name: string; perCapacity: string; capacities: string; units: number; minimum: string | null }[] = [
    { name: '10 x 1: 9 units', perCapacity: '10', capacities: '1', units: 9, minimum: '10' },
    { name: '10 x 1: 10 units', perCapacity: '10', capacities: '1', units: 10, minimum: null },
    { name: '10 x 1.5 = 15: 14 units', perCapacity: '10', capacities: '1.5', units: 14, minimum: '15' },
    { name: '10 x 1.5 = 15: 15 units', perCapacity: '10', capacities: '1.5', units: 15, minimum: null },
    { name: '10 x 1.5 = 15: 16 units', perCapacity: '10', capacities: '1.5', units: 16, minimum: null },
    { name: '2.5 x 1.5 = 3.75: 3 units', perCapacity: '2.5', capacities: '1.5', units: 3, minimum: '3.75' },
    { name: '2.5 x 1.5 = 3.75: 4 units', perCapacity: '2.5', capacities: '1.5', units: 4, minimum: null },
    { name: '5 x 2: no units', perCapacity: '5', capacities: '2', units: 0, minimum: '10' },
  ];
  it.each(cases)('$name', async ({ perCapacity, capacities, units: n, minimum }) => {
    const practices = await register(`ydernummer,kapaciteter\n1,${capacities}\n`);
    const result = await run(csv([...months('1', 2025, ALL), ...units('1', 2025, n)]), ruleset(perCapacity), { practices });
    expect(of(result, NOT_EVALUATED)).toEqual([]);
    const found = of(result, 'x');
    if (minimum === null) expect(found).toEqual([]);
    else {
      expect(found.map((f) => [f.practice, f.severity, f.details])).toEqual([
        ['1', 'warning', { year: 2025, units: n, capacities, perCapacity, minimum }],
      ]);
    }
  });

  it('units are summed over lines and patients, other practices apart', async () => {
    const practices = await register('ydernummer,kapaciteter\n1,1\n2,1\n');
    const rows: Row[] = [
      ...months('1', 2025, ALL),
      ...months('2', 2025, ALL),
      ['1', 'a', '2025-02-01', '0130', 4],
      ['1', 'c', '2025-06-01', '0132', 6], // practice 1: 4 + 6 = 10
      ['2', 'a', '2025-02-01', '0130', 9], // practice 2: 9
    ];
    const result = await run(csv(rows), ruleset(), { practices });
    expect(of(result, 'x').map((f) => [f.practice, f.details?.units])).toEqual([['2', 9]]);
  });
});
