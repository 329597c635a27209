// Kind tariff: a line's amount must equal the fee in force for its code and date times antal.
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { isoDate, OPEN_END } from '../model/date.js';
import { codeSet } from '../model/schema.js';
import type { CodeBitmap } from '../model/rule.js';
import type { Tariff } from '../catalog/tariffs.js';
import { defineKind, firstHistoryFile, inValidity, periodText, ruleDay } from './kind.js';

const params = z.object({ codes: codeSet }).strict();

export const tariff = defineKind({
  kind: 'tariff',
  description: 'The amount on a line must equal the fee for its code on its date (honorartabel) times antal',
  params,
  compile: (p, resolve): { codes: CodeBitmap } => ({ codes: resolve(p.codes, 'codes') }),
  create(rule, ctx) {
    const { store, tariffs } = ctx;
    const { codes } = rule.params;
    // A history line is neither judged nor counted again: its invoice was checked when it was sent.
    const history = firstHistoryFile(ctx);
    let checked = 0;
    let withoutTariff = 0;
    let withoutAmount = 0;
    // Expected amounts by tariff and antal, as two-decimal strings (the store's amount form).
    const expected = new Map<Tariff, Map<number, string>>();
    const expect = (t: Tariff, antal: number): string => {
      let byAntal = expected.get(t);
      if (!byAntal) expected.set(t, (byAntal = new Map()));
      let e = byAntal.get(antal);
      if (e === undefined) byAntal.set(antal, (e = t.amount.mul(antal).toFixed(2)));
      return e;
    };
    return {
      patient(lines) {
        for (let k = 0; k < lines.length; k++) {
          const i = lines[k]!;
          if (!codes[store.code[i]!] || store.file[i]! >= history || !inValidity(rule, store.day[i]!)) continue;
          const amountId = store.amount[i]!;
          if (amountId === 0) {
            withoutAmount++;
            continue;
          }
          const day = ruleDay(ctx, i);
          const t = tariffs.lookup(store.code[i]!, day, store.group[i]!);
          if (!t) {
            withoutTariff++;
            continue;
          }
          checked++;
          const want = expect(t, store.antal[i]!);
          const got = store.amounts[amountId]!;
          if (got === want) continue;
          const to = t.to >= OPEN_END ? null : isoDate(t.to);
          ctx.emitLines(rule, [i], {
            amount: got,
            expected: want,
            difference: new Decimal(got).minus(want).toFixed(2),
            tariff: t.amount.toFixed(2),
            antal: store.antal[i]!,
            tariffFrom: isoDate(t.from),
            tariffTo: to,
            tariffPeriod: periodText(ctx.lang, isoDate(t.from), to),
            tariffSource: t.source,
          });
        }
      },
      finish() {
        ctx.tally(rule.id, 'checked', checked);
        ctx.tally(rule.id, 'withoutTariff', withoutTariff);
        ctx.tally(rule.id, 'withoutAmount', withoutAmount);
      },
      gathered: () => [checked, withoutTariff, withoutAmount],
      absorb(g) {
        const [c, t, a] = g as number[];
        checked += c!;
        withoutTariff += t!;
        withoutAmount += a!;
      },
    };
  },
});
