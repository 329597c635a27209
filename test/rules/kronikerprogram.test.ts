// Family: services covered by the kronikerhonorar are not billed separately (kronikerprogram-ikke-saerskilt),
// care plans per capacity, enrolment only in sikringsgruppe 1, and no enrolment while enrolled elsewhere.
import { describe, expect, it } from 'vitest';
import { csv, of, P, type Row, register, run } from '../helpers.js';

const ID = 'kronikerprogram-ikke-saerskilt';

/** Patient a at practice 1, enrolled with `enrol` on 2025-01-10, then one `code` line on 2025-03-04 with this beloeb. */
function enrolled(code: string, beloeb: string, enrol = '0130', practice = '1'): string {
  return `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n1,${P.a},2025-01-10,${enrol},1,0.00\n${practice},${P.a},2025-03-04,${code},1,${beloeb}\n`;
}

describe(ID, () => {
  // Covered contact services: still registered for an enrolled patient, zero-rated by the settlement.
  const COVERED = ['0101', '0105', '0201', '0120', '0125', '0204', '0127'];
  const AMOUNTS: [string, string, boolean, number][] = [
    ['an amount above 0', '130.10', true, 0],
    ['amount 0.00', '0.00', false, 0],
    ['no amount (not judged, counted)', '', false, 1],
  ];
  it.each(COVERED.flatMap((code) => AMOUNTS.map(([what, beloeb, found, counted]) => [code, what, beloeb, found, counted] as const)))(
    '%s for an enrolled patient with %s',
    async (code, _what, beloeb, found, counted) => {
      const result = await run(enrolled(code, beloeb));
      expect(of(result, ID).map((f) => [f.severity, f.locations.map((l) => l.line), f.codes])).toEqual(found ? [['error', [3], [code]]] : []);
      expect(result.summary.counts[ID]).toEqual({ withoutAmount: counted });
    },
  );
  it.each(['0130', '0131', '0132'])('enrolment with %s counts', async (enrol) => {
    expect(of(await run(enrolled('0204', '130.10', enrol)), ID)).toHaveLength(1);
  });
  // Billable for kroniker patients (OK22 slide (1), kronikerhonorar FAQ): sygebesøg, tillæg and the OK22 services.
  it.each(['0123', '2150', '0124', '0126', '0411', '2101', '6101'])('%s is billable for an enrolled patient, with an amount', async (code) => {
    const result = await run(enrolled(code, '130.10'));
    expect(of(result, ID)).toEqual([]);
    expect(result.summary.counts[ID]).toEqual({ withoutAmount: 0 });
  });
  it('0133 after the enrolment ends it', async () => {
    const text = `${enrolled('0204', '130.10').trimEnd()}\n1,${P.a},2025-02-10,0133,1,0.00\n`;
    expect(of(await run(text), ID)).toEqual([]);
  });
  it('enrolment at another practice does not count', async () => {
    expect(of(await run(enrolled('0204', '130.10', '0130', '2')), ID)).toEqual([]);
  });
  it('the message and details give the amount billed', async () => {
    const [f] = of(await run(enrolled('0101', '172.88')), ID);
    expect(f?.details).toEqual({ enrolledOn: '2025-01-10', enrolCode: '0130', amount: '172.88' });
    expect(f?.message).toMatch(/172[.,]88/);
  });
  it('a patient who is not enrolled: nothing judged, nothing counted', async () => {
    const result = await run(`ydernummer,cpr,dato,ydelseskode,antal,beloeb\n1,${P.a},2025-03-04,0204,1,\n1,${P.b},2025-03-04,0101,1,172.88\n`);
    expect(of(result, ID)).toEqual([]);
    expect(result.summary.counts[ID]).toEqual({ withoutAmount: 0 });
  });
});

const PLANS = 'forloebsplaner-pr-kapacitet';
const PLANS_NOT_EVALUATED = `${PLANS}-ikke-evalueret`;

/**
 * A practice's lines for a year: one 0101 on the 10th of each month given (a different patient each
 * month), and `plans` enrolment lines (0130) on 10 March, one patient each.
 */
function year(practice: string, y: number, plans: number, months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]): Row[] {
  const rows: Row[] = months.map((m) => [practice, `10${String(m).padStart(2, '0')}601234`, `${y}-${String(m).padStart(2, '0')}-10`, '0101']);
  for (let k = 0; k < plans; k++) rows.push([practice, `0101${String(50 + k).padStart(2, '0')}2345`, `${y}-03-10`, '0130']);
  return rows;
}

describe(PLANS, () => {
  const REGISTER = 'ydernummer,kapaciteter,tilmeldte\n';

  it('without a register: one info finding naming every practice, and no warning', async () => {
    const result = await run(csv([...year('1', 2025, 0), ...year('2', 2025, 0)]));
    expect(of(result, PLANS)).toEqual([]);
    const info = of(result, PLANS_NOT_EVALUATED);
    expect(info.map((f) => [f.severity, f.practice, f.locations])).toEqual([['info', null, []]]);
    expect(info[0]?.details).toMatchObject({ reason: 'no-register', practices: ['1', '2'], count: 2 });
  });

  // 5 per capacity: 2 capacities need 10.
  it.each([
    [9, true],
    [10, false],
    [11, false],
  ])('a full year with %i plans and 2 capacities (minimum 10): warning %s', async (plans, warned) => {
    const practices = await register(`${REGISTER}1,2,1600\n`);
    const result = await run(csv(year('1', 2025, plans)), undefined, { practices });
    const found = of(result, PLANS);
    expect(found.map((f) => [f.severity, f.practice, f.locations])).toEqual(warned ? [['warning', '1', []]] : []);
    if (warned) expect(found[0]?.details).toEqual({ year: 2025, units: plans, capacities: '2', perCapacity: '5', minimum: '10' });
    expect(of(result, PLANS_NOT_EVALUATED)).toEqual([]);
  });

  it.each([
    [7, true],
    [8, false],
  ])('fractional capacities: 1.5 need 7.5; %i plans: warning %s', async (plans, warned) => {
    const practices = await register(`${REGISTER}1,"1,5",\n`);
    expect(of(await run(csv(year('1', 2025, plans)), undefined, { practices }), PLANS)).toHaveLength(warned ? 1 : 0);
  });

  it('antal counts as units, and 0131/0132 count like 0130', async () => {
    const practices = await register(`${REGISTER}1,2,\n`);
    const rows: Row[] = [...year('1', 2025, 0), ['1', 'a', '2025-05-05', '0131', 6], ['1', 'b', '2025-05-05', '0132', 4]];
    expect(of(await run(csv(rows), undefined, { practices }), PLANS)).toEqual([]);
    rows.pop();
    expect(of(await run(csv(rows), undefined, { practices }), PLANS).map((f) => f.details?.units)).toEqual([6]);
  });

  it('a year without lines in all twelve months is not judged: info with the practice and year', async () => {
    const practices = await register(`${REGISTER}1,2,\n`);
    const result = await run(csv(year('1', 2025, 0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), undefined, { practices });
    expect(of(result, PLANS)).toEqual([]);
    const info = of(result, PLANS_NOT_EVALUATED);
    expect(info).toHaveLength(1);
    expect(info[0]?.details).toMatchObject({ reason: 'partial-year', practices: ['1 (2025)'], count: 1 });
  });

  it('a month covered only by another practice\'s lines does not count', async () => {
    const practices = await register(`${REGISTER}1,2,\n2,1,\n`);
    const rows = [...year('1', 2025, 0, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), ...year('2', 2025, 5)];
    const result = await run(csv(rows), undefined, { practices });
    expect(of(result, PLANS)).toEqual([]); // practice 2 has its 5 for 1 capacity
    expect(of(result, PLANS_NOT_EVALUATED).map((f) => f.details?.practices)).toEqual([['1 (2025)']]);
  });

  it('a practice missing from the register: info', async () => {
    const practices = await register(`${REGISTER}2,1,\n`);
    const result = await run(csv(year('1', 2025, 0)), undefined, { practices });
    const info = of(result, PLANS_NOT_EVALUATED);
    expect(info).toHaveLength(1);
    expect(info[0]?.details).toMatchObject({ reason: 'not-in-register', practices: ['1'], count: 1 });
  });

  it('each calendar year is judged on its own', async () => {
    const practices = await register(`${REGISTER}1,1,\n`);
    const result = await run(csv([...year('1', 2024, 4), ...year('1', 2025, 5, [1, 2, 3])]), undefined, { practices });
    expect(of(result, PLANS).map((f) => [f.details?.year, f.details?.units])).toEqual([[2024, 4]]);
    expect(of(result, PLANS_NOT_EVALUATED).map((f) => f.details?.practices)).toEqual([['1 (2025)']]);
  });

  it('years before OK22 (2022) are outside the rule', async () => {
    const practices = await register(`${REGISTER}1,2,\n`);
    const result = await run(csv(year('1', 2021, 0)), undefined, { practices });
    expect([of(result, PLANS), of(result, PLANS_NOT_EVALUATED)]).toEqual([[], []]);
  });
});

const GROUP = 'kroniker-sikringsgruppe-2';

describe(GROUP, () => {
  const H = 'ydernummer,cpr,dato,ydelseskode,antal,sikringsgruppe';
  const text = (rows: [string, string][]) => `${H}\n${rows.map(([code, group], k) => ['1', Object.values(P)[k], '2025-03-04', code, 1, group].join(',')).join('\n')}\n`;

  it.each(['0130', '0131', '0132'])('%s for a patient in sikringsgruppe 2 is a warning; in group 1 it is not', async (code) => {
    const found = of(await run(text([[code, '2'], [code, '1']])), GROUP);
    expect(found.map((f) => [f.severity, f.locations.map((l) => l.line), f.details?.group])).toEqual([['warning', [2], 2]]);
  });

  it('other codes in group 2 are not this rule\'s concern', async () => {
    expect(of(await run(text([['0101', '2'], ['0133', '2']])), GROUP)).toEqual([]);
  });

  it('an enrolment without a sikringsgruppe cannot be judged and is counted', async () => {
    const result = await run(text([['0130', ''], ['0131', ''], ['0101', '']]));
    expect(of(result, GROUP)).toEqual([]);
    expect(result.summary.counts[GROUP]).toEqual({ withoutGroup: 2 });
  });

  it('before OK22 (2022-01-01) the rule does not apply', async () => {
    const old = `${H}\n1,${P.a},2021-12-31,0130,1,2\n1,${P.b},2022-01-03,0130,1,2\n`;
    expect(of(await run(old), GROUP).map((f) => f.locations[0]?.line)).toEqual([3]);
  });
});

const TRANSFER = 'kroniker-tilmelding-uden-afmelding';

describe(TRANSFER, () => {
  const lines = (found: { locations: { line: number }[] }[]) => found.map((f) => f.locations.map((l) => l.line));
  const cases: [string, Row[], number[][]][] = [
    ['enrolled at 1, then at 2 with no 0133 at 1: both enrolment lines', [['1', 'a', '2025-01-10', '0130'], ['2', 'a', '2025-03-04', '0131']], [[2, 3]]],
    ['ended at 1 before the new enrolment', [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-02-10', '0133'], ['2', 'a', '2025-03-04', '0131']], []],
    ['ended at 1 on the day of the new enrolment', [['1', 'a', '2025-01-10', '0130'], ['2', 'a', '2025-03-04', '0131'], ['1', 'a', '2025-03-04', '0133']], []],
    ['ended at 1 after the new enrolment', [['1', 'a', '2025-01-10', '0130'], ['2', 'a', '2025-03-04', '0131'], ['1', 'a', '2025-03-20', '0133']], [[2, 3]]],
    ['a 0133 at the new practice does not end the old one', [['1', 'a', '2025-01-10', '0130'], ['2', 'a', '2025-02-10', '0133'], ['2', 'a', '2025-03-04', '0131']], [[2, 4]]],
    ['enrolled again at the same practice', [['1', 'a', '2025-01-10', '0130'], ['1', 'a', '2025-03-04', '0131']], []],
    ['two patients at two practices', [['1', 'a', '2025-01-10', '0130'], ['2', 'b', '2025-03-04', '0131']], []],
    ['the new enrolment before OK22 (2021-12-31)', [['1', 'a', '2021-01-10', '0130'], ['2', 'a', '2021-12-31', '0131']], []],
    ['enrolled before OK22, the new enrolment after it', [['1', 'a', '2021-01-10', '0130'], ['2', 'a', '2022-01-03', '0131']], [[2, 3]]],
    [
      'three practices in a row, never ended: two findings',
      [['1', 'a', '2025-01-10', '0130'], ['2', 'a', '2025-03-04', '0131'], ['3', 'a', '2025-05-05', '0132']],
      [[2, 3], [3, 4]],
    ],
  ];
  it.each(cases)('%s', async (_name, rows, expected) => {
    expect(lines(of(await run(csv(rows)), TRANSFER))).toEqual(expected);
  });

  it('the finding is about the practice that enrols, and names the earlier one', async () => {
    const [f] = of(await run(csv([['1', 'a', '2025-01-10', '0130'], ['2', 'a', '2025-03-04', '0131']])), TRANSFER);
    expect([f?.severity, f?.practice, f?.date]).toEqual(['warning', '2', '2025-03-04']);
    expect(f?.details).toEqual({ previousPractice: '1', previousEnrolment: '2025-01-10', previousCode: '0130' });
  });
});
