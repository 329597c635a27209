// Parity: every rule has a doc page, every doc page a rule, and each page's examples behave as it says.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../src/model/date.js';
import { bundledRulesDir, OPEN_END } from '../src/ruleset/load.js';
import { bundledRuleset, ledgerWith, register, run } from './helpers.js';

const DOCS = join(bundledRulesDir(), 'docs');
const rules = bundledRuleset().rules;
const ids = rules.map((r) => r.id);

/** The first csv code block under the given level-2 heading. */
function example(page: string, heading: string): string {
  const m = new RegExp(`^## ${heading}\\s*\\n+\`\`\`csv\\n([\\s\\S]*?)\`\`\``, 'm').exec(page);
  if (!m) throw new Error(`no csv block under "## ${heading}"`);
  return m[1]!;
}

/** Run options for a page: the practice register under "## Praksisregister", when it has one. */
async function options(page: string) {
  return /^## Praksisregister\s*$/m.test(page) ? { practices: await register(example(page, 'Praksisregister')) } : {};
}

/**
 * Runs a page's example with its options, and with a ledger holding the earlier invoice under
 * "## Historik" as the check's history, when the page has one.
 */
async function runExample(page: string, heading: string) {
  if (!/^## Historik\s*$/m.test(page)) return run(example(page, heading), bundledRuleset(), await options(page));
  const ledger = await ledgerWith([['historik', example(page, 'Historik')]]);
  try {
    return await run(example(page, heading), bundledRuleset(), { ...(await options(page)), history: ledger.history });
  } finally {
    await ledger.close();
  }
}

describe('rule documentation', () => {
  it('every doc page belongs to a rule', () => {
    const pages = existsSync(DOCS) ? readdirSync(DOCS).filter((f) => f.endsWith('.md')) : [];
    for (const page of pages) expect(ids).toContain(page.replace(/\.md$/, ''));
  });

  describe.each(ids)('%s', (id) => {
    const path = join(DOCS, `${id}.md`);
    it('has a doc page that starts with its id', () => {
      expect(existsSync(path)).toBe(true);
      expect(readFileSync(path, 'utf8').startsWith(`# ${id}\n`)).toBe(true);
    });
    it('states the topic, kind, severity, validity and source of its rule file', () => {
      const r = rules.find((x) => x.id === id)!;
      const to = r.validTo === OPEN_END ? '(åben)' : isoDate(r.validTo);
      const page = readFileSync(path, 'utf8');
      expect(page).toContain(`**Emne:** ${r.topic} · **Type:** \`${r.kind}\` · **Alvor:** ${r.severity} · **Gælder:** ${isoDate(r.validFrom)} – ${to}\n`);
      expect(page).toContain(`**Kilde:** ${r.source}\n`);
    });
    it('its invalid example triggers the rule', async () => {
      const page = readFileSync(path, 'utf8');
      const found = (await runExample(page, 'Ugyldigt eksempel')).findings.map((f) => f.ruleId);
      expect(found).toContain(id);
    });
    it('its valid example does not', async () => {
      const page = readFileSync(path, 'utf8');
      const result = await runExample(page, 'Gyldigt eksempel');
      expect(result.summary.claimsChecked).toBeGreaterThan(0);
      expect(result.findings.map((f) => f.ruleId)).not.toContain(id);
    });
  });
});
