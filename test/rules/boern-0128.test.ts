// Family: 0128 consultative talk for vulnerable children: children aged 1-5, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ID = 'boernesamtale-alder';

// 7th digit 4 and a year up to 36: born in the 2000s.
const BORN_2021_05_10 = '1005214321';
const BORN_2019_03_01 = '0103194321';

describe(ID, () => {
  const cases: [string, string, string, number | null][] = [
    ['0 the day before the 1st birthday', BORN_2021_05_10, '2022-05-09', 0],
    ['1 on the 1st birthday', BORN_2021_05_10, '2022-05-10', null],
    ['5 the day before the 6th birthday', BORN_2019_03_01, '2025-02-28', null],
    ['6 on the 6th birthday', BORN_2019_03_01, '2025-03-01', 6],
    ['an adult', 'a', '2025-03-04', 65],
  ];
  it.each(cases)('%s', async (_name, cpr, date, age) => {
    const found = of(await run(csv([['1', cpr, date, '0128']])), ID);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.age])).toEqual(age === null ? [] : [['warning', [2], age]]);
  });

  it('the finding carries both limits', async () => {
    const [f] = of(await run(csv([['1', BORN_2019_03_01, '2025-03-01', '0128']])), ID);
    expect(f?.details).toMatchObject({ minAge: 1, maxAge: 5 });
  });

  it('other codes for a child of 6 are not this rule\'s concern', async () => {
    expect(of(await run(csv([['1', BORN_2019_03_01, '2025-03-04', '0101']])), ID)).toEqual([]);
  });

  it('before OK22 (2021-12-31) the rule does not apply', async () => {
    // Born 2010-01-01: 11 on both dates.
    const rows: Row[] = [['1', '0101104321', '2021-12-31', '0128'], ['1', '0101104321', '2022-01-03', '0128']];
    expect(of(await run(csv(rows)), ID).map((f) => f.locations[0]?.line)).toEqual([3]);
  });
});
