// Table tests for the max-per-window kind.
import { describe, expect, it } from 'vitest';
import { base, csv, type Row, rulesetWith, run, tuples } from '../helpers.js';

const perDay = { codes: ['0101', '0201', '0105'], max: 1, measure: 'lines', window: 'day', scope: 'practice-patient' };
const perYear = { codes: ['6101'], max: 7, measure: 'units', window: 'calendar-year', scope: 'patient', report: 'excess' };
const eachCode = { codes: ['4590', '4591'], max: 6, measure: 'units', window: 'day', scope: 'practice-patient', eachCode: true };
const rolling = { codes: ['0122'], max: 2, measure: 'lines', window: { rollingDays: 365 }, scope: 'patient', report: 'excess' };

function weekly(n: number, code: string, practice = '1', start = '2025-01-06'): Row[] {
  const rows: Row[] = [];
  const d0 = new Date(`${start}T00:00:00Z`).getTime();
  for (let k = 0; k < n; k++) rows.push([practice, 'a', new Date(d0 + k * 7 * 864e5).toISOString().slice(0, 10), code]);
  return rows;
}

const cases: { name: string; params: object; rows: Row[]; expected: [string, number[]][]; validFrom?: string }[] = [
  { name: 'one line a day is fine', params: perDay, rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-05', '0201']], expected: [] },
  {
    name: 'two lines the same day: every line of the group',
    params: perDay,
    rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0201']],
    expected: [['r', [2, 3]]],
  },
  { name: 'same day at two practices is two groups', params: perDay, rows: [['1', 'a', '2025-03-04', '0101'], ['2', 'a', '2025-03-04', '0201']], expected: [] },
  { name: 'same day, two patients', params: perDay, rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'b', '2025-03-04', '0101']], expected: [] },
  { name: 'codes outside the set do not count', params: perDay, rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '2101']], expected: [] },
  { name: 'lines measure ignores antal', params: perDay, rows: [['1', 'a', '2025-03-04', '0101', 3]], expected: [] },
  { name: 'exactly 7 units a year', params: perYear, rows: weekly(7, '6101'), expected: [] },
  { name: 'the 8th unit and later', params: perYear, rows: weekly(9, '6101'), expected: [['r', [9, 10]]] },
  {
    name: 'units across practices count together (scope patient)',
    params: perYear,
    rows: [...weekly(4, '6101', '1'), ...weekly(4, '6101', '2', '2025-06-02')],
    expected: [['r', [9]]],
  },
  { name: 'a line whose antal crosses the limit is the passing line', params: perYear, rows: [...weekly(6, '6101'), ['1', 'a', '2025-12-01', '6101', 2]], expected: [['r', [8]]] },
  { name: 'the calendar year resets the count', params: perYear, rows: weekly(10, '6101', '1', '2025-11-17'), expected: [] }, // 7 in 2025, 3 in 2026,
  { name: 'each code counted separately: 6 + 6', params: eachCode, rows: [['1', 'a', '2025-03-04', '4590', 6], ['1', 'a', '2025-03-04', '4591', 6]], expected: [] },
  { name: 'each code counted separately: 7 of one', params: eachCode, rows: [['1', 'a', '2025-03-04', '4590', 3], ['1', 'a', '2025-03-04', '4590', 4], ['1', 'a', '2025-03-04', '4591', 1]], expected: [['r', [2, 3]]] },
  { name: 'rolling window: two within 365 days', params: rolling, rows: [['1', 'a', '2024-03-01', '0122'], ['1', 'a', '2024-09-01', '0122']], expected: [] },
  {
    name: 'rolling window: the third within 365 days',
    params: rolling,
    rows: [['1', 'a', '2024-03-01', '0122'], ['1', 'a', '2024-09-01', '0122'], ['1', 'a', '2025-02-28', '0122']],
    expected: [['r', [4]]],
  },
  {
    name: 'rolling window: the third after 365 days',
    params: rolling,
    rows: [['1', 'a', '2024-03-01', '0122'], ['1', 'a', '2024-09-01', '0122'], ['1', 'a', '2025-03-01', '0122']],
    expected: [],
  },
  {
    name: 'lines before validFrom are not counted',
    params: perDay,
    validFrom: '2025-03-05',
    rows: [['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '0201']],
    expected: [],
  },
];

describe('max-per-window', () => {
  it.each(cases)('$name', async ({ params, rows, expected, validFrom }) => {
    const ruleset = rulesetWith([{ ...base(validFrom ? { validFrom } : {}), id: 'r', kind: 'max-per-window', params }]);
    const result = await run(csv(rows), ruleset);
    expect(tuples(result.findings, 'r')).toEqual(expected);
  });

  it('details give the count, the limit and the year', async () => {
    const ruleset = rulesetWith([{ ...base(), id: 'r', kind: 'max-per-window', params: perYear }]);
    const [f] = (await run(csv(weekly(8, '6101')), ruleset)).findings;
    expect(f?.details).toEqual({ count: 8, max: 7, window: 'calendar-year', year: 2025 });
    expect(f?.message).toBe('fund 8');
  });
});
