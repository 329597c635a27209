// Family: 0105 e-consultation: one a day per patient, and a practice's use per patient against the
// regional average (1.25 x), with the bundled rules and, for the denominator, the practice register.
import { describe, expect, it } from 'vitest';
import { csv, of, type Row, register, run } from '../helpers.js';

const SAME_DAY = 'e-konsultation-flere-samme-dag';
const RATIO = 'e-konsultation-hoejt-forbrug';
const NOT_EVALUATED = `${RATIO}-ikke-evalueret`;
const day = '2025-03-04';
const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));

describe(SAME_DAY, () => {
  const cases: [string, Row[], number[][]][] = [
    ['one 0105', [['1', 'a', day, '0105']], []],
    ['two on one day: both lines', [['1', 'a', day, '0105'], ['1', 'a', day, '0105']], [[2, 3]]],
    ['three on one day: one finding with all three', [['1', 'a', day, '0105'], ['1', 'a', day, '0105'], ['1', 'a', day, '0105']], [[2, 3, 4]]],
    ['one a day on two days', [['1', 'a', day, '0105'], ['1', 'a', '2025-03-05', '0105']], []],
    ['two patients', [['1', 'a', day, '0105'], ['1', 'b', day, '0105']], []],
    ['two practices', [['1', 'a', day, '0105'], ['2', 'a', day, '0105']], []],
    // measure "units": a line with antal 2 is two e-consultations on the day.
    ['one line with antal 2', [['1', 'a', day, '0105', 2]], [[2]]],
    ['one line with antal 1', [['1', 'a', day, '0105', 1]], []],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), SAME_DAY))).toEqual(expected);
  });

  it('a warning with the count', async () => {
    const [f] = of(await run(csv([['1', 'a', day, '0105'], ['1', 'a', day, '0105']])), SAME_DAY);
    expect([f?.severity, f?.details?.count]).toEqual(['warning', 2]);
  });
});

/** `patients` distinct patients at a practice, the first `units` with a 0105 line, the rest 0101. */
function practice(id: string, patients: number, units: number, offset = 0): Row[] {
  const rows: Row[] = [];
  for (let k = 0; k < patients; k++) {
    const cpr = `0101${String(50 + ((k + offset) % 40)).padStart(2, '0')}${String(1000 + k + offset).slice(-4)}`;
    rows.push([id, cpr, day, k < units ? '0105' : '0101']);
  }
  return rows;
}

describe(RATIO, () => {
  // A: 5/10 = 0.5, B: 3/10. Pooled R = 8/20 = 0.4; 1.25 x R = 0.5 = A's rate exactly.
  it('1.25 x the pooled average exactly is a finding for that practice, with patients seen as the denominator', async () => {
    const found = of(await run(csv([...practice('111111', 10, 5), ...practice('222222', 10, 3, 100)])), RATIO);
    expect(found.map((f) => [f.practice, f.locations])).toEqual([['111111', []]]);
    expect(found[0]?.details).toMatchObject({
      rate: '0.5',
      regionalAverage: '0.4',
      threshold: '0.5',
      units: 5,
      patients: 10,
      denominator: 'patients-seen',
      averageFrom: 'input',
    });
  });

  // The sources describe spot checks of content, not a ratio: the factor is borrowed, so it only screens.
  it.each(['da', 'en'] as const)('an info finding whose message (%s) calls it a screening hint', async (lang) => {
    const found = of(await run(csv([...practice('111111', 10, 5), ...practice('222222', 10, 3, 100)]), undefined, { lang }), RATIO);
    expect(found.map((f) => f.severity)).toEqual(['info']);
    expect(found[0]?.message.toLowerCase()).toContain('screening');
  });

  // A: 4/10 = 0.4, B: 3/10. R = 7/20 = 0.35; 1.25 x R = 0.4375 > 0.4.
  it('just below 1.25 x the average is fine', async () => {
    expect(of(await run(csv([...practice('111111', 10, 4), ...practice('222222', 10, 3, 100)])), RATIO)).toEqual([]);
  });

  it('one practice and no published average: one info finding saying so, and no warning', async () => {
    const result = await run(csv(practice('111111', 10, 5)));
    expect(of(result, RATIO)).toEqual([]);
    expect(of(result, NOT_EVALUATED).map((f) => [f.severity, f.details?.practices])).toEqual([['info', 1]]);
  });

  it('one practice without any 0105: nothing to say', async () => {
    const result = await run(csv(practice('111111', 10, 0)));
    expect([of(result, RATIO), of(result, NOT_EVALUATED)]).toEqual([[], []]);
  });

  it('a published average evaluates a single practice', async () => {
    const rows = practice('111111', 10, 5); // 0.5 per patient
    const at = async (avg: string) => of(await run(csv(rows), undefined, { regionalAverages: { '0105': avg } }), RATIO);
    expect((await at('0.4')).map((f) => f.details?.averageFrom)).toEqual(['option']); // 1.25 x 0.4 = 0.5
    expect(await at('0.41')).toEqual([]);
  });

  describe('with the practice register (--practices)', () => {
    // Seen: A 5/10, B 3/10 (A is flagged, above). Listed: A 5/100, B 3/10. R = 8/110; 1.25 x R = 10/110 ≈ 0.0909:
    // A (0.05) is not over, B (0.3) is.
    const rows = [...practice('111111', 10, 5), ...practice('222222', 10, 3, 100)];

    it('listed patients replace patients seen when every practice has them', async () => {
      const practices = await register('ydernummer,kapaciteter,tilmeldte\n111111,1,100\n222222,1,10\n');
      const found = of(await run(csv(rows), undefined, { practices }), RATIO);
      expect(found.map((f) => f.practice)).toEqual(['222222']);
      expect(found[0]?.details).toMatchObject({ units: 3, patients: 10, denominator: 'listed-patients', rate: '0.3', regionalAverage: '0.0727' });
    });

    it.each([
      ['a practice without tilmeldte', 'ydernummer,kapaciteter,tilmeldte\n111111,1,100\n222222,1,\n'],
      ['a practice not in the register', 'ydernummer,kapaciteter,tilmeldte\n111111,1,100\n'],
      ['a register without the tilmeldte column', 'ydernummer,kapaciteter\n111111,1\n222222,1\n'],
    ])('%s: patients seen stay the denominator for all', async (_name, table) => {
      const found = of(await run(csv(rows), undefined, { practices: await register(table) }), RATIO);
      expect(found.map((f) => [f.practice, f.details?.denominator])).toEqual([['111111', 'patients-seen']]);
    });
  });
});
