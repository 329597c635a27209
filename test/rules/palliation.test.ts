// Family: palliation add-ons and modules need their base, and at most 6 modules a day, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

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
