// Family: 2151 instruction in clinical forms awaits central guidance: one info finding per practice
// that bills it, with how much, with the bundled rules.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, run } from '../helpers.js';

const ID = 'kliniske-skemaer-til-gennemsyn';

describe(ID, () => {
  it('one info finding per practice, with lines, units, patients and the period', async () => {
    const rows: Row[] = [
      ['1', 'a', '2025-01-10', '2151'],
      ['1', 'b', '2025-03-04', '2151', 2],
      ['1', 'a', '2025-02-01', '2151'],
      ['1', 'c', '2025-02-01', '0101'],
      ['2', 'a', '2025-02-15', '2151'],
    ];
    const found = of(await run(csv(rows)), ID);
    expect(found.map((f) => [f.severity, f.practice, f.patient, f.locations, f.codes, f.details])).toEqual([
      ['info', '1', null, [], ['2151'], { lines: 3, units: 4, patients: 2, from: '2025-01-10', to: '2025-03-04' }],
      ['info', '2', null, [], ['2151'], { lines: 1, units: 1, patients: 1, from: '2025-02-15', to: '2025-02-15' }],
    ]);
    expect(found[0]?.message).toContain('afventer udmelding');
  });

  it('a practice without 2151 gets nothing', async () => {
    expect(of(await run(csv([['1', 'a', '2025-03-04', '0101'], ['1', 'a', '2025-03-04', '2101']])), ID)).toEqual([]);
  });
});
