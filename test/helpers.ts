// Shared test helpers: build CSV text, rulesets from objects, and run checks in memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addToHistory, check, loadRuleset, openLedger, type CheckOptions, type CheckResult, type Finding, type HistoryOption, type Ruleset } from '../src/index.js';
import { readPracticeRegister, type PracticeRegister } from '../src/input/practices.js';
import { buildRuleset, bundledRulesDir } from '../src/ruleset/load.js';
import { summarise } from '../src/report/summary.js';

export const HEADER = 'ydernummer,cpr,dato,ydelseskode,antal';

/** A patient CPR per letter, all valid dates, for readable tables. */
export const P: Record<string, string> = {
  a: '0101601234',
  b: '0202702345',
  c: '0303803456',
  d: '0404904567',
  e: '0505655678',
};

/** Row helper: [practice, patient letter or CPR, date, code, antal?]. */
export type Row = [string, string, string, string, (number | string)?];

export function csv(rows: readonly Row[], header = HEADER): string {
  const lines = rows.map(([practice, patient, date, code, antal]) => [practice, P[patient] ?? patient, date, code, antal ?? 1].join(','));
  return `${header}\n${lines.join('\n')}\n`;
}

export function source(text: string | Uint8Array, name = 'test.csv') {
  return { name, stream: (async function* () { yield typeof text === 'string' ? new TextEncoder().encode(text) : text; })() };
}

let bundled: Ruleset | undefined;
export function bundledRuleset(): Ruleset {
  return (bundled ??= loadRuleset());
}

/** The bundled catalogue with just the given rules (as they would stand in a rule file). */
export function rulesetWith(rules: object[], topic = 'Test'): Ruleset {
  const dir = bundledRulesDir();
  const catalogFiles = ['national.json', 'region-midtjylland.json'].map((f) => ({
    name: `catalog/${f}`,
    shown: `catalog/${f}`,
    text: readFileSync(join(dir, 'catalog', f), 'utf8'),
  }));
  return buildRuleset(dir, catalogFiles, [{ name: 'test.json', shown: 'test.json', text: JSON.stringify({ topic, rules }) }]);
}

export async function run(text: string, ruleset: Ruleset = bundledRuleset(), options: Omit<Partial<CheckOptions>, 'ruleset'> = {}): Promise<CheckResult> {
  return check([source(text)], { ruleset, ...options });
}

/** A practice register from CSV text (ydernummer,kapaciteter[,tilmeldte]). */
export async function register(text: string): Promise<PracticeRegister> {
  return readPracticeRegister(source(text, 'praksis.csv'));
}

/** Findings flattened to comparable tuples: [ruleId, lines]. */
export function tuples(findings: readonly Finding[], prefix = ''): [string, number[]][] {
  return findings.filter((f) => f.ruleId.startsWith(prefix)).map((f) => [f.ruleId, f.locations.map((l) => l.line)]);
}

/** Only the findings of one rule id. */
export function of(result: CheckResult, id: string): Finding[] {
  return result.findings.filter((f) => f.ruleId === id);
}

export function base(overrides: object = {}) {
  return {
    severity: 'error',
    validFrom: '2000-01-01',
    validTo: null,
    message: { da: 'fund {{count}}', en: 'finding {{count}}' },
    source: 'test',
    ...overrides,
  };
}

/** A finding for formatter and report tests; the fields given replace the defaults. */
export function fixtureFinding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'grundydelse-samme-dag',
    severity: 'error',
    topic: 'Grundydelser samme dag',
    message: 'm',
    practice: '234567',
    patient: '290355-****',
    date: '2025-03-04',
    codes: ['0101', '0201'],
    locations: [{ file: 'a.csv', line: 2 }],
    fix: null,
    amount: null,
    amountBasis: null,
    opportunity: null,
    details: null,
    source: 's',
    ...over,
  };
}

/** A check result holding these findings, with a summary made from them. */
export function fixtureResult(findings: Finding[], files = ['a.csv']): CheckResult {
  return {
    ruleset: { version: '1', hash: 'h', asOf: null, tariffs: 'catalogue', practices: false },
    summary: summarise(findings, { files: files.length, linesRead: 9, claimsChecked: 9, linesRejected: 0, blankLines: 0, practices: 1, patients: 1, counts: {} }),
    findings,
    files,
  };
}

/**
 * A ledger in a new temporary folder holding the invoices given (label and CSV text, added in
 * that order), opened for a check's history. close() closes it and removes the folder.
 */
export async function ledgerWith(invoices: readonly [label: string, text: string][], exclude?: string): Promise<{ history: HistoryOption; path: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gpclaims-test-ledger-'));
  const path = join(dir, 'historik.db');
  try {
    for (const [label, text] of invoices) await addToHistory(path, [source(text, `${label}.csv`)], { ruleset: bundledRuleset(), label, today: '2026-12-01' });
    const { ledger, key } = await openLedger(path, { key: true });
    const close = async (): Promise<void> => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { history: { ledger, key: key!, ...(exclude !== undefined && { exclude }) }, path, close };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
