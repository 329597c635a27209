// Rules that look back across invoices, with and without a history ledger: each finds the earlier month's lines only with --history, and its finding is about this invoice's lines alone.
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/index.js';
import { ledgerWith, of, P, run } from './helpers.js';

const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid';

/** A line: practice, patient letter, date, code, and optionally antal, amount and time. */
type Line = [practice: string, patient: string, date: string, code: string, antal?: number, beloeb?: string, tid?: string];

function invoice(lines: readonly Line[]): string {
  return `${HEADER}\n${lines.map(([practice, patient, date, code, antal = 1, beloeb = '', tid = '']) => [practice, P[patient], date, code, antal, beloeb, tid].join(',')).join('\n')}\n`;
}

/** Checks the November lines, with a ledger holding the earlier lines as invoice "jan-okt" when `history`. */
async function checkNovember(earlier: readonly Line[], november: readonly Line[], history: boolean): Promise<CheckResult> {
  if (!history) return run(invoice(november), undefined, { today: '2026-12-01' });
  const ledger = await ledgerWith([['jan-okt', invoice(earlier)]]);
  try {
    return await run(invoice(november), undefined, { today: '2026-12-01', history: ledger.history });
  } finally {
    await ledger.close();
  }
}

/** Rule id, what it shows, the earlier invoice's lines, November's lines, and the November lines (file lines; the header is 1) the finding is about. */
const CASES: [string, string, Line[], Line[], number[]][] = [
  [
    'samtaleterapi-over-7-pr-aar',
    'the 8th 6101 in the calendar year, 6 of them billed before November',
    (['2026-02-02', '2026-03-02', '2026-04-01', '2026-05-04', '2026-06-01', '2026-09-01'] as const).flatMap((d): Line[] => [
      ['123456', 'a', d, '0101'],
      ['123456', 'a', d, '6101'],
    ]),
    [
      ['123456', 'a', '2026-11-02', '0101'],
      ['123456', 'a', '2026-11-02', '6101'],
      ['123456', 'a', '2026-11-16', '0101'],
      ['123456', 'a', '2026-11-16', '6101'],
    ],
    [5],
  ],
  ['kronikerprogram-ikke-saerskilt', 'a contact billed with an amount for a patient enrolled in March', [['123456', 'b', '2026-03-10', '0130']], [['123456', 'b', '2026-11-04', '0101', 1, '155.00']], [2]],
  ['kroniker-tilmelding-uden-afmelding', 'an enrolment at a second practice while the one from February is open', [['111111', 'c', '2026-02-10', '0130']], [['222222', 'c', '2026-11-05', '0131']], [2]],
  ['sundhedstjek-inden-2-aar', 'a second 0123 within 730 days of January\'s', [['123456', 'd', '2026-01-15', '0123']], [['123456', 'd', '2026-11-10', '0123']], [2]],
  [
    'psykisk-syge-over-1-pr-aar',
    'a second 2150 in the year',
    [
      ['123456', 'e', '2026-04-02', '0101'],
      ['123456', 'e', '2026-04-02', '2150'],
    ],
    [
      ['123456', 'e', '2026-11-03', '0101'],
      ['123456', 'e', '2026-11-03', '2150'],
    ],
    [3],
  ],
  [
    'abortstoette-over-2-pr-aar',
    'a third 0122 within 365 days',
    [
      ['123456', 'a', '2026-01-12', '0122'],
      ['123456', 'a', '2026-06-10', '0122'],
    ],
    [['123456', 'a', '2026-11-10', '0122']],
    [2],
  ],
  ['dosispakning-opstart-gentaget', 'a second 4500 start within 365 days', [['123456', 'b', '2026-02-02', '4500']], [['123456', 'b', '2026-11-02', '4500']], [2]],
  ['palliation-mulighed', 'a sygebesøg 16 days after a palliative visit in October', [['123456', 'c', '2026-10-20', '4584']], [['123456', 'c', '2026-11-05', '0411']], [2]],
  ['allerede-afregnet', 'a line of October billed again', [['123456', 'd', '2026-10-28', '0101', 1, '', '09:00']], [['123456', 'd', '2026-10-28', '0101', 1, '', '09:00']], [2]],
];

describe('rules that look back across invoices', () => {
  it.each(CASES)('%s (%s): found only with the history, on this invoice\'s lines, naming the earlier invoice', async (id, _what, earlier, november, lines) => {
    const withHistory = await checkNovember(earlier, november, true);
    const found = of(withHistory, id);
    expect(found.map((f) => f.locations)).toEqual([lines.map((line) => ({ file: 'test.csv', line }))]);
    expect(found[0]!.details?.history).toEqual(['jan-okt']);
  });

  it.each(CASES)('%s (%s): without the history nothing is found, and the rule is listed as not fully checked', async (id, _what, _earlier, november) => {
    const alone = await checkNovember([], november, false);
    expect(of(alone, id)).toEqual([]);
    // allerede-afregnet compares other invoices' lines of the same days: without a history, none at all.
    const first = id === 'allerede-afregnet' ? null : november.map((l) => l[2]).sort()[0]!;
    expect(alone.summary.withoutHistory?.filter((w) => w.ruleId === id)).toEqual([expect.objectContaining({ ruleId: id, before: first })]);
  });
});

describe('findings with a history are about the input only', () => {
  const before: Line[] = (['2026-02-02', '2026-03-02', '2026-04-01', '2026-05-04', '2026-06-01', '2026-07-01', '2026-08-03', '2026-09-01'] as const).flatMap((d): Line[] => [
    ['123456', 'a', d, '0101'],
    ['123456', 'a', d, '6101'],
  ]);

  it('a finding about the history alone (the 8th 6101, in September) is not reported; the 9th, in November, is', async () => {
    const result = await checkNovember(
      before,
      [
        ['123456', 'a', '2026-11-02', '0101'],
        ['123456', 'a', '2026-11-02', '6101'],
      ],
      true,
    );
    expect(of(result, 'samtaleterapi-over-7-pr-aar').map((f) => [f.date, f.locations, f.details])).toEqual([
      ['2026-11-02', [{ file: 'test.csv', line: 3 }], { count: 9, max: 7, window: 'calendar-year', year: 2026, history: ['jan-okt'] }],
    ]);
  });

  it('a finding about input lines only has no history in its details, as without --history', async () => {
    const november: Line[] = [
      ['123456', 'b', '2026-11-02', '0101'],
      ['123456', 'b', '2026-11-02', '0201'],
    ];
    const alone = await checkNovember([], november, false);
    const withHistory = await checkNovember(before, november, true);
    expect(of(withHistory, 'grundydelse-samme-dag')).toEqual(of(alone, 'grundydelse-samme-dag'));
    expect(of(alone, 'grundydelse-samme-dag')[0]!.details).toEqual({ count: 2, max: 1, window: 'day' });
  });

  it('a line billed again in an earlier invoice is allerede-afregnet\'s, not a dubleret-linje; two in the input still are', async () => {
    const line: Line = ['123456', 'd', '2026-10-28', '2101', 1, '', '09:00'];
    const once = await checkNovember([line], [line], true);
    expect([of(once, 'allerede-afregnet').length, of(once, 'dubleret-linje')]).toEqual([1, []]);
    const twice = await checkNovember([line], [line, line], true);
    expect(of(twice, 'dubleret-linje').map((f) => [f.locations.map((l) => l.line), f.details])).toEqual([[[2, 3], { count: 2 }]]);
  });

  it('a service billed again counts once for the other rules: October\'s 7th 6101 billed again in November is not an 8th, nor a second grundydelse', async () => {
    const earlier: Line[] = (['2026-02-02', '2026-03-02', '2026-04-01', '2026-05-04', '2026-06-01', '2026-09-01', '2026-10-05'] as const).flatMap((d): Line[] => [
      ['123456', 'a', d, '0101'],
      ['123456', 'a', d, '6101'],
    ]);
    const result = await checkNovember(earlier, [
      ['123456', 'a', '2026-10-05', '0101'],
      ['123456', 'a', '2026-10-05', '6101'],
    ], true);
    // (The practice-level notice about care plans has no line.)
    expect(result.findings.filter((f) => f.locations.length).map((f) => [f.ruleId, f.locations.map((l) => l.line)])).toEqual([
      ['allerede-afregnet', [2]],
      ['allerede-afregnet', [3]],
    ]);
  });

  it('the summary counts only the input: lines checked, practices, and the counts rules keep', async () => {
    const november: Line[] = [
      ['123456', 'c', '2026-11-02', '0101', 1, '155.00', '10:00'],
      ['123456', 'c', '2026-11-09', '0101', 1, '', ''],
    ];
    // Lines of an invoice recorded earlier, on days of November's: every rule can read them.
    const earlier: Line[] = [
      ['123456', 'c', '2026-11-03', '0101', 1, '155.00', ''],
      ['654321', 'c', '2026-11-04', '0101', 1, '', ''],
      // A weekday 0126 without a time, with an amount (no tariff for 2026): counted, were it input.
      ['654321', 'c', '2026-11-05', '0126', 1, '160.57', ''],
    ];
    const alone = await checkNovember([], november, false);
    const withHistory = await checkNovember(earlier, november, true);
    const figures = (r: CheckResult) => {
      const { linesRead, claimsChecked, linesRejected, blankLines, practices, patients, counts } = r.summary;
      return { linesRead, claimsChecked, linesRejected, blankLines, practices, patients, counts };
    };
    expect(figures(withHistory)).toEqual(figures(alone));
    expect(withHistory.summary.history?.lines).toBe(3);
    expect(alone.summary).toMatchObject({ linesRead: 2, claimsChecked: 2, practices: 1, patients: 1 });
    expect(alone.summary.counts['beloeb-afviger-fra-takst']).toEqual({ checked: 0, withoutTariff: 1, withoutAmount: 1 });
    expect(alone.summary.counts['videokonference-i-vagttid']).toEqual({ weekdayWithoutTime: 0 });
  });

  it('a practice-level rule leaves the history out: the 2151 counts and the 0105 rate are those of the input', async () => {
    const november: Line[] = [
      ['123456', 'd', '2026-11-02', '2151'],
      ['123456', 'd', '2026-11-03', '0105'],
      ['123456', 'e', '2026-11-04', '0105'],
    ];
    // On days of November's, so that the history holds them for every rule.
    const earlier: Line[] = [
      ['123456', 'd', '2026-11-09', '2151'],
      ['123456', 'd', '2026-11-10', '0105'],
      ['123456', 'd', '2026-11-11', '0105'],
      ['123456', 'd', '2026-11-12', '0105'],
    ];
    const alone = await run(invoice(november), undefined, { today: '2026-12-01', regionalAverages: { '0105': '0.1' } });
    const ledger = await ledgerWith([['jan-okt', invoice(earlier)]]);
    try {
      const withHistory = await run(invoice(november), undefined, { today: '2026-12-01', regionalAverages: { '0105': '0.1' }, history: ledger.history });
      expect(withHistory.summary.history?.lines).toBe(4);
      for (const id of ['kliniske-skemaer-til-gennemsyn', 'e-konsultation-hoejt-forbrug']) {
        expect(of(alone, id)).toHaveLength(1);
        expect(of(withHistory, id)).toEqual(of(alone, id));
      }
    } finally {
      await ledger.close();
    }
  });

  it('the invoice being checked is left out by its label: November recorded, then checked again, is not "already billed"', async () => {
    const november = invoice([
      ['123456', 'e', '2026-11-02', '0101', 1, '', '09:00'],
      ['123456', 'e', '2026-11-03', '0120', 1, '', ''],
    ]);
    const ledger = await ledgerWith(
      [
        ['2026-10', invoice([['123456', 'e', '2026-10-02', '6101']])],
        ['2026-11', november],
      ],
      '2026-11',
    );
    try {
      const result = await run(november, undefined, { today: '2026-12-01', history: ledger.history });
      expect(of(result, 'allerede-afregnet')).toEqual([]);
      expect(result.summary.history).toEqual({ ledger: ledger.path, invoices: ['2026-10'], from: '2026-10-02', to: '2026-10-02', lines: 1 });
      // Without the label the recorded November is found in full.
      const again = await run(november, undefined, { today: '2026-12-01', history: { ...ledger.history, exclude: undefined } });
      expect(of(again, 'allerede-afregnet').map((f) => [f.locations[0]!.line, f.details])).toEqual([
        [2, { history: ['2026-11'] }],
        [3, { history: ['2026-11'] }],
      ]);
    } finally {
      await ledger.close();
    }
  });
});

describe('the summary says what history was used, or what period the input covers', () => {
  const folders: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const f of folders) await f.close();
  });

  it('without --history: the period, no history, and the rules that look back before its first day', async () => {
    const result = await checkNovember([], [['123456', 'a', '2026-11-02', '0101'], ['123456', 'a', '2026-11-27', '0120']], false);
    expect(result.summary.period).toEqual({ from: '2026-11-02', to: '2026-11-27' });
    expect(result.summary.history).toBeNull();
    // In the order of the rule files (by name), then of the rules in each file.
    expect(result.summary.withoutHistory?.map((w) => [w.ruleId, w.lookBack, w.before])).toEqual([
      ['abortstoette-over-2-pr-aar', 364, '2026-11-02'],
      ['allerede-afregnet', 0, null],
      ['dosispakning-opstart-gentaget', 364, '2026-11-02'],
      ['kronikerprogram-ikke-saerskilt', 'unbounded', '2026-11-02'],
      ['kroniker-tilmelding-uden-afmelding', 'unbounded', '2026-11-02'],
      ['palliation-mulighed', 30, '2026-11-02'],
      ['psykisk-syge-over-1-pr-aar', 'calendar-year', '2026-11-02'],
      ['samtaleterapi-over-7-pr-aar', 'calendar-year', '2026-11-02'],
      ['sundhedstjek-inden-2-aar', 729, '2026-11-02'],
    ]);
  });

  it('an input that starts on 1 January needs no history for a calendar-year rule; the rolling and unbounded ones still do', async () => {
    const result = await checkNovember([], [['123456', 'a', '2026-01-01', '0101']], false);
    const ids = result.summary.withoutHistory?.map((w) => w.ruleId) ?? [];
    expect(ids).not.toContain('samtaleterapi-over-7-pr-aar');
    expect(ids).not.toContain('psykisk-syge-over-1-pr-aar');
    expect(ids).toContain('sundhedstjek-inden-2-aar');
    expect(ids).toContain('kronikerprogram-ikke-saerskilt');
  });

  it('with --history: the ledger, the invoices whose lines were used (by date), their dates and lines; the look-back is measured from the ledger\'s first day', async () => {
    const ledger = await ledgerWith([
      ['a-okt', invoice([['123456', 'a', '2026-10-05', '6101'], ['123456', 'c', '2026-10-06', '6101']])],
      [
        'b-jan',
        invoice([
          ['123456', 'a', '2026-01-05', '6101'],
          ['123456', 'a', '2025-12-29', '6101'],
          ['123456', 'a', '2025-06-02', '0123'],
          ['123456', 'a', '2026-01-05', '0101'],
          ['123456', 'b', '2025-12-30', '6101'],
        ]),
      ],
      ['c-feb', invoice([['123456', 'c', '2026-02-05', '6101']])],
    ]);
    folders.push(ledger);
    const result = await run(invoice([['123456', 'a', '2026-11-02', '0101']]), undefined, { today: '2026-12-01', history: ledger.history });
    // Patient a's lines only (c-feb has none of them), and only those a rule reads: 6101 from 1
    // January (not 2025-12-29's), 0123 from 729 days back, no earlier 0101.
    expect(result.summary.history).toEqual({ ledger: ledger.path, invoices: ['b-jan', 'a-okt'], from: '2025-06-02', to: '2026-10-05', lines: 3 });
    // The ledger reaches back to 2025-06-02: the calendar year, 30 and 364 days are covered, and
    // allerede-afregnet has the other invoices; 729 days and no limit are not.
    expect(result.summary.withoutHistory?.map((w) => [w.ruleId, w.before])).toEqual([
      ['kronikerprogram-ikke-saerskilt', '2025-06-02'],
      ['kroniker-tilmelding-uden-afmelding', '2025-06-02'],
      ['sundhedstjek-inden-2-aar', '2025-06-02'],
    ]);
  });
});
