// Parity: every rule has a doc page, every doc page a rule, and each page's examples behave as it says.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledRulesDir } from '../src/ruleset/load.js';
import { bundledRuleset, run } from './helpers.js';

const DOCS = join(bundledRulesDir(), 'docs');
const ids = bundledRuleset().rules.map((r) => r.id);

/** The first csv code block under the given level-2 heading. */
function example(page: string, heading: string): string {
  const m = new RegExp(`^## ${heading}\\s*\\n+\`\`\`csv\\n([\\s\\S]*?)\`\`\``, 'm').exec(page);
  if (!m) throw new Error(`no csv block under "## ${heading}"`);
  return m[1]!;
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
    it('its invalid example triggers the rule', async () => {
      const found = (await run(example(readFileSync(path, 'utf8'), 'Ugyldigt eksempel'))).findings.map((f) => f.ruleId);
      expect(found).toContain(id);
    });
    it('its valid example does not', async () => {
      const result = await run(example(readFileSync(path, 'utf8'), 'Gyldigt eksempel'));
      expect(result.summary.claimsChecked).toBeGreaterThan(0);
      expect(result.findings.map((f) => f.ruleId)).not.toContain(id);
    });
  });
});
