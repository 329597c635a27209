// Family: the same service twice: same ydernummer, patient, date, code and time (dubleret-linje), with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, P, type Row, run } from '../helpers.js';

const ID = 'dubleret-linje';
const day = '2025-03-04';
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

describe(`${ID} (no time column)`, () => {
  const cases: [string, Row[], number[][]][] = [
    ['the same line twice', [['1', 'a', day, '2101'], ['1', 'a', day, '2101']], [[2, 3]]],
    ['three times: one finding', [['1', 'a', day, '2101'], ['1', 'a', day, '2101'], ['1', 'a', day, '2101']], [[2, 3, 4]]],
    ['twice, apart in the file', [['1', 'a', day, '2101'], ['1', 'b', day, '0101'], ['1', 'a', day, '2101']], [[2, 4]]],
    ['twice with a different antal (antal is not part of the key)', [['1', 'a', day, '2101', 1], ['1', 'a', day, '2101', 2]], [[2, 3]]],
    ['another code', [['1', 'a', day, '2101'], ['1', 'a', day, '2102']], []],
    ['another day', [['1', 'a', day, '2101'], ['1', 'a', '2025-03-05', '2101']], []],
    ['another patient', [['1', 'a', day, '2101'], ['1', 'b', day, '2101']], []],
    ['another practice', [['1', 'a', day, '2101'], ['2', 'a', day, '2101']], []],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), ID))).toEqual(expected);
  });

  it('a warning with the count', async () => {
    const [f] = of(await run(csv([['1', 'a', day, '2101'], ['1', 'a', day, '2101'], ['1', 'a', day, '2101']])), ID);
    expect([f?.severity, f?.details?.count, f?.codes]).toEqual(['warning', 3, ['2101']]);
  });
});

describe(`${ID} (with a tid column)`, () => {
  const H = 'ydernummer,cpr,dato,ydelseskode,antal,tid';
  const text = (times: string[], code = '2101') => `${H}\n${times.map((t) => ['1', P.a, day, code, 1, t].join(',')).join('\n')}\n`;
  const cases: [string, string[], number[][]][] = [
    ['the same time', ['09:30', '09:30'], [[2, 3]]],
    ['different times', ['09:30', '14:00'], []],
    ['both without a time', ['', ''], [[2, 3]]],
    ['one with a time, one without', ['09:30', ''], []],
    ['two at 09:30 and one at 14:00: the two', ['09:30', '14:00', '09:30'], [[2, 4]]],
  ];
  it.each(cases)('%s', async (_name, times, expected) => {
    expect(lines(of(await run(text(times)), ID))).toEqual(expected);
  });
});
