// Family: at most one grundydelse per patient per day (grundydelse-samme-dag), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ID = 'grundydelse-samme-dag';
const GRUNDYDELSER = ['0101', '0105', '0120', '0121', '0122', '0123', '0125', '0201', '0204', '0411', '4584', '4585', '4586', '4587', '4588', '4589'];

describe(ID, () => {
  it.each(GRUNDYDELSER)('%s with 0101 the same day is a finding on both lines', async (code) => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', code]];
    const found = of(await run(csv(rows)), ID);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line)])).toEqual([['error', [2, 3]]]);
  });

  it.each(['2101', '6101', '0124', '0126', '4590', '4593', '0130'])('%s is not a grundydelse', async (code) => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', code]];
    expect(of(await run(csv(rows)), ID)).toEqual([]);
  });

  const valid: [string, Row[]][] = [
    ['one a day', [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-05', '0101']]],
    ['two patients', [['1', 'a', '2025-03-04', '0101'], ['1', 'b', '2025-03-04', '0101']]],
    ['two practices', [['1', 'a', '2025-03-04', '0101'], ['2', 'a', '2025-03-04', '0105']]],
  ];
  it.each(valid)('valid: %s', async (_name, rows) => {
    expect(of(await run(csv(rows)), ID)).toEqual([]);
  });

  // Counted in units (antal): one line with antal 2 is two grundydelser on the day.
  const units: [string, Row[], number[][]][] = [
    ['0101 with antal 2', [['1', 'a', '2025-03-04', '0101', 2]], [[2]]],
    ['0105 with antal 2', [['1', 'a', '2025-03-04', '0105', 2]], [[2]]],
    ['0411 with antal 3', [['1', 'a', '2025-03-04', '0411', 3]], [[2]]],
    ['0101 with antal 1', [['1', 'a', '2025-03-04', '0101', 1]], []],
    ['0101 with antal 2 on one day and antal 1 on the next', [['1', 'a', '2025-03-04', '0101', 2], ['1', 'a', '2025-03-05', '0101', 1]], [[2]]],
  ];
  it.each(units)('units: %s', async (_name, rows, expected) => {
    expect(of(await run(csv(rows)), ID).map((f) => f.locations.map((l) => l.line))).toEqual(expected);
  });

  it('three on one day is one finding with all three lines, and says "som udgangspunkt"', async () => {
    const rows: Row[] = [['1', 'a', '2025-03-04', '0105'], ['1', 'a', '2025-03-04', '0201'], ['1', 'a', '2025-03-04', '0101']];
    const [f, ...rest] = of(await run(csv(rows)), ID);
    expect(rest).toEqual([]);
    expect(f?.locations.map((l) => l.line)).toEqual([2, 3, 4]);
    expect(f?.codes).toEqual(['0101', '0105', '0201']);
    expect(f?.message).toContain('som udgangspunkt');
    expect(f?.patient).toBe('010160-****');
  });
});
