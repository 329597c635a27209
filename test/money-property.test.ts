// Property: for random small invoices, every finding's amount and every total of the summary's
// amountAtRisk equal what the test works out itself from the rows it wrote, the catalogue's tariffs
// and the rule files' declared `amount` (read from the JSON files, not from the compiled ruleset):
// each line's stake under each finding, then each line counted once (its largest stake) per group.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CheckResult, Finding } from '../src/index.js';
import { P, run } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');

interface AmountSpec {
  of: 'lines' | 'lines-but-highest' | 'units-over-max' | 'line-minus-tariff' | 'tariff-minus-line' | 'practice-excess';
  code?: string;
  codes?: string[];
  opportunity?: boolean;
}

/** Each bundled rule's declared amount, by rule id (from the rule files as written). */
const SPECS = new Map<string, AmountSpec>();
for (const f of readdirSync(join(ROOT, 'rules')).filter((n) => n.endsWith('.json') && n !== 'schema.json' && n !== 'ruleset.json')) {
  for (const r of JSON.parse(readFileSync(join(ROOT, 'rules', f), 'utf8')).rules as { id: string; amount?: AmountSpec }[]) if (r.amount) SPECS.set(r.id, r.amount);
}

/** The catalogue's tariffs in øre by code: [from, to, øre]. */
const TARIFFS = new Map<string, [string, string | null, number][]>();
for (const f of ['national.json', 'region-midtjylland.json']) {
  for (const e of JSON.parse(readFileSync(join(ROOT, 'rules/catalog', f), 'utf8')).codes as { code: string; tariffs?: { amount: string; from: string; to: string | null }[] }[]) {
    TARIFFS.set(e.code, (e.tariffs ?? []).map((t) => [t.from, t.to, ore(t.amount)]));
  }
}

function ore(kr: string): number {
  const [whole, frac = ''] = kr.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
const kroner = (o: number): string => `${Math.floor(o / 100)}.${String(o % 100).padStart(2, '0')}`;

/** A code's tariff in øre on a date, or NaN. */
function tariff(code: string, date: string): number {
  const t = TARIFFS.get(code)?.find(([from, to]) => from <= date && (to === null || date <= to));
  return t ? t[2] : Number.NaN;
}

/** A code set entry ("0122", "4584-4589") holds a code. */
const holds = (set: readonly string[], code: string): boolean =>
  set.some((s) => {
    if (s.startsWith('@')) throw new Error(`the test does not read class ${s}`);
    const [a, b = a] = s.split('-');
    return a! <= code && code <= b!;
  });

interface Row {
  practice: string;
  patient: string;
  date: string;
  code: string;
  antal: number;
  beloeb: string;
  tid: string;
}

const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal,beloeb,tid';
const text = (rows: readonly Row[]): string => `${HEADER}\n${rows.map((r) => [r.practice, P[r.patient], r.date, r.code, r.antal, r.beloeb, r.tid].join(',')).join('\n')}\n`;

// Small domains, so that duplicates, several grundydelser a day, standalone 6101s, 6101s past 7 in
// a year, kroniker enrolments and lines on days with and without a tariff come up often.
const row = fc.record({
  practice: fc.constantFrom('1', '2'),
  patient: fc.constantFrom('a', 'b', 'c'),
  date: fc.constantFrom('2021-05-03', '2021-06-01', '2021-06-02', '2025-03-04', '2025-03-05', '2025-04-01', '2025-05-02', '2025-06-03'),
  code: fc.constantFrom('0101', '0105', '0120', '0201', '0204', '0125', '6101', '6101', '6101', '2101', '0130', '0122', '0123', '0124'),
  antal: fc.constantFrom(1, 1, 1, 2, 3),
  beloeb: fc.constantFrom('', '', '0.00', '28.74', '100.00', '146.79', '250.50', '333.33'),
  tid: fc.constantFrom('', '09:00'),
});

/** Line l's kroner: its beloeb, else its code's tariff × antal; NaN when neither. */
function lineOre(r: Row): number {
  return r.beloeb !== '' ? ore(r.beloeb) : tariff(r.code, r.date) * r.antal;
}

/** Finding f's stake on each of its lines (file line → øre, NaN unknown), as its rule declares. */
function stakes(f: Finding, spec: AmountSpec, rows: readonly Row[]): Map<number, number> {
  let lines = f.locations.map((l) => l.line).filter((line) => !spec.codes || holds(spec.codes, rows[line - 2]!.code));
  const at = (line: number) => rows[line - 2]!;
  let ores = lines.map((line): number => {
    const r = at(line);
    const own = lineOre(r);
    if (spec.of === 'line-minus-tariff' || spec.of === 'tariff-minus-line') {
      const other = tariff(spec.code ?? r.code, r.date) * r.antal;
      const diff = spec.of === 'line-minus-tariff' ? own - other : other - own;
      return Number.isNaN(diff) ? Number.NaN : Math.max(0, diff);
    }
    return own;
  });
  if (spec.of === 'lines-but-highest') {
    // The line with the most kroner stands (the first of equal ones); with none known, the first.
    let best = 0;
    ores.forEach((o, k) => {
      if (!Number.isNaN(o) && (Number.isNaN(ores[best]!) || o > ores[best]!)) best = k;
    });
    lines = lines.filter((_, k) => k !== best);
    ores = ores.filter((_, k) => k !== best);
  } else if (spec.of === 'units-over-max') {
    let over = (f.details!.count as number) - (f.details!.max as number);
    const keep: number[] = [];
    for (let k = lines.length - 1; k >= 0 && over > 0; k--) {
      const units = at(lines[k]!).antal;
      const take = Math.min(units, over);
      over -= take;
      ores[k] = Math.round((take * ores[k]!) / units);
      keep.push(k);
    }
    lines = keep.map((k) => lines[k]!);
    ores = keep.map((k) => ores[k]!);
  }
  return new Map(lines.map((line, k) => [line, ores[k]!]));
}

/** The totals worked out from the findings and the rows: each line once, its largest stake, per group. */
function expectedTotals(result: CheckResult, rows: readonly Row[]) {
  const perLine: { line: number; ore: number; f: Finding }[] = [];
  const chances = new Map<number, number>();
  let estimated = 0;
  const estimates: { f: Finding; ore: number }[] = [];
  for (const f of result.findings) {
    const spec = SPECS.get(f.ruleId);
    if (!spec) continue;
    if (spec.of === 'practice-excess') {
      if (f.amount !== null) estimates.push({ f, ore: ore(f.amount) });
      continue;
    }
    const s = stakes(f, spec, rows);
    // The finding's own figure is the sum of its known stakes, null when none is known.
    const known = [...s.values()].filter((o) => !Number.isNaN(o));
    const sum = known.length ? kroner(known.reduce((a, b) => a + b, 0)) : null;
    expect(spec.opportunity ? f.opportunity : f.amount, `${f.ruleId} at lines ${f.locations.map((l) => l.line)}`).toBe(sum);
    for (const [line, o] of s) {
      if (spec.opportunity) {
        if (!Number.isNaN(o)) chances.set(line, Math.max(chances.get(line) ?? 0, o));
      } else perLine.push({ line, ore: o, f });
    }
  }
  const group = (key: (f: Finding) => string): Map<string, number> => {
    const best = new Map<string, Map<number, number>>();
    for (const { line, ore: o, f } of perLine) {
      if (Number.isNaN(o)) continue;
      const g = key(f);
      const m = best.get(g) ?? new Map<number, number>();
      best.set(g, m);
      m.set(line, Math.max(m.get(line) ?? 0, o));
    }
    const out = new Map<string, number>();
    for (const [g, m] of best) out.set(g, [...m.values()].reduce((a, b) => a + b, 0));
    for (const { f, ore: o } of estimates) out.set(key(f), (out.get(key(f)) ?? 0) + o);
    return out;
  };
  const all = group(() => 'all');
  estimated = estimates.reduce((a, e) => a + e.ore, 0);
  const knownLines = new Set(perLine.filter((p) => !Number.isNaN(p.ore)).map((p) => p.line));
  const unknownLines = new Set(perLine.filter((p) => !knownLines.has(p.line)).map((p) => p.line));
  const texts = (m: Map<string, number>) => Object.fromEntries([...m].map(([k, o]) => [k, kroner(o)]));
  const severity = group((f) => f.severity);
  // byRule names the rules with a known stake (0.00 when it is known to be 0): a rule whose kroner
  // are all unknown is left out, so that no total reads 0 kr. where it means unknown.
  const byRule = texts(group((f) => f.ruleId));
  return {
    total: kroner(all.get('all') ?? 0),
    lines: knownLines.size,
    estimated: kroner(estimated),
    opportunity: kroner([...chances.values()].reduce((a, b) => a + b, 0)),
    linesWithoutAmount: unknownLines.size,
    bySeverity: { error: kroner(severity.get('error') ?? 0), warning: kroner(severity.get('warning') ?? 0), info: kroner(severity.get('info') ?? 0) },
    byTopic: texts(group((f) => f.topic)),
    byRule,
  };
}

/** Object keys compared as sets (the summary orders them in Danish). */
const sorted = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

describe('amountAtRisk: each line once, its largest stake, in every total', () => {
  it('random small invoices: the findings\' amounts and the summary\'s totals match the test\'s own reckoning', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 24 }), async (rows) => {
        const result = await run(text(rows), undefined, { today: '2026-12-01' });
        for (const f of result.findings) if (f.amount !== null) seen.add(`${SPECS.get(f.ruleId)?.of}`);
        const expected = expectedTotals(result, rows);
        const got = result.summary.amountAtRisk;
        expect({ ...got, byTopic: sorted(got.byTopic), byRule: sorted(got.byRule) }).toEqual({ ...expected, byTopic: sorted(expected.byTopic), byRule: sorted(expected.byRule) });
      }),
      { numRuns: 150, seed: 20261202 },
    );
    // The invoices put kroner at stake under each way of reckoning a line's stake.
    expect([...seen].sort()).toEqual(['line-minus-tariff', 'lines', 'lines-but-highest', 'practice-excess', 'units-over-max']);
  });
});
