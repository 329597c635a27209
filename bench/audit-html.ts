// The audit's HTML report at the size of a 10 M-line export: time to write it, its size, and Chromium's time to load it. `node dist/bench/audit-html.js [practices] [codes] [findings]`.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { auditHtmlChunks } from '../src/formatters/audit-html.js';
import { auditFixture } from '../test/audit-fixture.js';

const [practices = 1500, codes = 8, findings = 1_300_000] = process.argv.slice(2).map(Number);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MiB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'gpclaims-audit-html-'));
try {
  let t = performance.now();
  const audit = auditFixture({ practices, codes, findings, lazy: true });
  const fixtureMs = performance.now() - t;
  const file = join(dir, 'audit.html');
  t = performance.now();
  const text = [...auditHtmlChunks(audit, { tool: { name: 'gpclaims', version: 'bench' }, lang: 'da', colorLevel: 0 })].join('');
  const formatMs = performance.now() - t;
  writeFileSync(file, text);
  const rss = process.memoryUsage().rss;
  const bytes = statSync(file).size;

  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  t = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const loadMs = performance.now() - t;
  // In the page: a sort of the practice table by kroner at risk, and a filter, each until laid out again.
  // (Page code as text: the project's TypeScript has no DOM types.)
  const sortMs = await page.evaluate<number>(`(() => {
    const t0 = performance.now();
    document.querySelectorAll('#practice-table thead th button')[7].click();
    void document.body.offsetHeight;
    return performance.now() - t0;
  })()`);
  const filterMs = await page.evaluate<number>(`((id) => {
    const t0 = performance.now();
    const input = document.getElementById('practice-filter');
    input.value = id;
    input.dispatchEvent(new Event('input'));
    void document.body.offsetHeight;
    return performance.now() - t0;
  })(${JSON.stringify(audit.practices[7]!.practice)})`);
  const rows = await page.locator('#practice-table tbody.practice > tr.main').count();
  const embedded = await page.locator('table.findings tbody tr').count();
  await browser.close();

  const figures = {
    practices,
    codes,
    findingsInList: audit.result.list.length,
    findingsEmbedded: embedded,
    practiceRows: rows,
    fileMiB: +(bytes / MiB).toFixed(1),
    fixtureSeconds: +(fixtureMs / 1000).toFixed(1),
    formatSeconds: +(formatMs / 1000).toFixed(1),
    formatterRssMiB: Math.round(rss / MiB),
    chromiumLoadSeconds: +(loadMs / 1000).toFixed(1),
    sortMs: Math.round(sortMs),
    filterMs: Math.round(filterMs),
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
