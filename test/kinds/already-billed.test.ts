// Table tests for the already-billed kind: an input line identical to a ledger line of another invoice (practice, patient, date, code, antal, and time when both have one).
import { describe, expect, it } from 'vitest';
import { base, ledgerWith, of, P, rulesetWith, run } from '../helpers.js';

const ruleset = rulesetWith([{ id: 'x', kind: 'already-billed', ...base({ message: { da: 'på {{history}}', en: 'on {{history}}' } }), params: { codes: ['0101', '0201'] } }]);

/** [practice, patient letter, date, code, antal, tid ('' for none)]. */
type Line = [string, string, string, string, number, string];
function invoice(rows: readonly Line[]): string {
  return `ydernummer,cpr,dato,ydelseskode,antal,tid\n${rows.map(([pr, p, d, code, antal, t]) => `${pr},${P[p]},${d},${code},${antal},${t}`).join('\n')}\n`;
}

/** The findings of rule x for the input, against a ledger holding the invoices, as [line, invoices named]. */
async function found(invoices: [string, Line[]][], input: Line[]): Promise<[number[], unknown][]> {
  const ledger = await ledgerWith(invoices.map(([label, rows]) => [label, invoice(rows)]));
  try {
    const result = await run(invoice(input), ruleset, { today: '2026-12-01', history: ledger.history });
    return of(result, 'x').map((f) => [f.locations.map((l) => l.line), f.details?.history]);
  } finally {
    await ledger.close();
  }
}

const LINE: Line = ['1', 'a', '2026-10-05', '0101', 1, '10:00'];
const alter = (at: number, value: string | number): Line => LINE.map((v, k) => (k === at ? value : v)) as Line;

describe('already-billed', () => {
  const cases: [string, [string, Line[]][], Line[], [number[], unknown][]][] = [
    ['the same line in an earlier invoice', [['okt', [LINE]]], [LINE], [[[2], ['okt']]]],
    ['the same line without a time on either', [['okt', [alter(5, '')]]], [alter(5, '')], [[[2], ['okt']]]],
    ['a time on one of the lines only: the time is not compared', [['okt', [alter(5, '')]]], [LINE], [[[2], ['okt']]]],
    ['another time', [['okt', [alter(5, '11:00')]]], [LINE], []],
    ['another antal', [['okt', [alter(4, 2)]]], [LINE], []],
    ['another practice', [['okt', [alter(0, '2')]]], [LINE], []],
    ['another patient', [['okt', [alter(1, 'b')]]], [LINE], []],
    ['another date', [['okt', [alter(2, '2026-10-06')]]], [LINE], []],
    ['another code', [['okt', [alter(3, '0201')]]], [LINE], []],
    ['a code outside the set', [['okt', [alter(3, '0120')]]], [alter(3, '0120')], []],
    ['the same line in two earlier invoices: both are named', [['b', [LINE]], ['a', [LINE]]], [LINE], [[[2], ['a', 'b']]]],
    ['two identical lines in the input: each is already billed', [['okt', [LINE]]], [LINE, LINE], [[[2], ['okt']], [[3], ['okt']]]],
    ['two identical lines in the input and none in the ledger: not this rule\'s (dubleret-linje\'s)', [['okt', [alter(2, '2026-10-06')]]], [LINE, LINE], []],
  ];
  it.each(cases)('%s', async (_name, invoices, input, expected) => {
    expect(await found(invoices, input)).toEqual(expected);
  });

  it('finds nothing without a history', async () => {
    expect(of(await run(invoice([LINE, LINE]), ruleset, { today: '2026-12-01' }), 'x')).toEqual([]);
  });

  it('names the invoice in its message', async () => {
    const ledger = await ledgerWith([['2026-10', invoice([LINE])]]);
    try {
      const [f] = of(await run(invoice([LINE]), ruleset, { today: '2026-12-01', history: ledger.history }), 'x');
      expect(f?.message).toBe('på 2026-10');
    } finally {
      await ledger.close();
    }
  });
});
