// Family: services covered by the kronikerhonorar are not billed separately (kronikerprogram-ikke-saerskilt).
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ID = 'kronikerprogram-ikke-saerskilt';

describe(ID, () => {
  it.each(['0204', '0125', '0127'])('%s after enrolment is an error on that line', async (code) => {
    const rows: Row[] = [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', code]];
    expect(of(await run(csv(rows)), ID).map((f) => [f.severity, f.locations.map((l) => l.line), f.codes])).toEqual([['error', [3], [code]]]);
  });
  it.each(['0130', '0131', '0132'])('enrolment with %s counts', async (enrol) => {
    expect(of(await run(csv([['1', 'a', '2025-01-10', enrol], ['1', 'a', '2025-03-04', '0204']])), ID)).toHaveLength(1);
  });
  it.each(['0101', '0105', '0123', '0124', '0126', '2150'])('%s is billable for an enrolled patient', async (code) => {
    expect(of(await run(csv([['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', code]])), ID)).toEqual([]);
  });
  it('0133 after the enrolment ends it', async () => {
    const rows: Row[] = [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-02-10', '0133'], ['1', 'a', '2025-03-04', '0204']];
    expect(of(await run(csv(rows)), ID)).toEqual([]);
  });
  it('enrolment at another practice does not count', async () => {
    expect(of(await run(csv([['2', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', '0204']])), ID)).toEqual([]);
  });
});
