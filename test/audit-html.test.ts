// The audit's HTML report as text: escaping, Danish and English figures, the caps, the policy's hash, one walk over the findings.
import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../src/audit/types.js';
import { auditHtml, escapeHtml } from '../src/formatters/audit-html.js';
import { formatPercent } from '../src/model/format.js';
import { type FindingList, resultWith } from '../src/report/result.js';
import { auditFixture, FIXTURE_CPRS } from './audit-fixture.js';
import { audit } from '../src/index.js';
import { bundledRuleset, P, source } from './helpers.js';

const ctx = (lang: 'da' | 'en') => ({ tool: { name: 'gpclaims', version: '0.1.0' }, lang, colorLevel: 0 as const });

/** The fixture with known figures in place: practice 0 billed 1431.20 kr., the first code's average 1.29 per patient. */
function withKnownFigures(): AuditReport {
  const audit = auditFixture();
  audit.practices[0]!.amountBilled = '1431.2';
  audit.statistics[0]!.regionalAverage = '1.2900';
  (audit.result.summary as unknown as { amountAtRisk: { linesWithoutAmount: number } }).amountAtRisk.linesWithoutAmount = 1;
  return audit;
}

/** The text of the element with this id's section, tags removed, whitespace squeezed. */
function textOf(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  const end = html.indexOf('</section>', start);
  return html
    .slice(start, end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The findings a practice's row opens: its <details>, from the summary to the end. */
function findingsOf(html: string, practice: string): string {
  const start = html.search(new RegExp(`<details id="p-\\d+" class="practice-findings"><summary[^>]*>(Fund for|Findings of) ${practice} `));
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</details>', start));
}

describe('hostile input is escaped', () => {
  it.each([
    ['a topic', { topic: '<script>alert("topic")</script>' }, '&lt;script&gt;alert(&quot;topic&quot;)&lt;/script&gt;'],
    ['a file name', { file: '<img src=x onerror=alert(1)>.csv' }, '&lt;img src=x onerror=alert(1)&gt;.csv'],
    ['a file name with quotes and an ampersand', { file: 'a"b\'&c.csv' }, 'a&quot;b&#39;&amp;c.csv'],
  ])('%s', (_, options, escaped) => {
    const html = auditHtml(auditFixture(options), ctx('da'));
    expect(html).toContain(escaped);
    expect(html).not.toMatch(/<script>alert|<img src=x/);
    // The report's own script is the only one.
    expect(html.match(/<script\b/g)).toHaveLength(1);
  });

  it('masks a CPR number in a file name and never shows one in full', () => {
    const html = auditHtml(auditFixture({ file: `udtraek-${FIXTURE_CPRS[0]}.csv` }), ctx('da'));
    expect(html).toContain('udtraek-010160-****.csv');
    for (const cpr of FIXTURE_CPRS) expect(html).not.toContain(cpr);
    expect(html.match(/\d{6}-?\d{4}/g)).toBeNull();
  });

  it.each([
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
  ])('escapeHtml(%s) is %s', (raw, escaped) => {
    expect(escapeHtml(`x${raw}y`)).toBe(`x${escaped}y`);
  });
});

describe('figures in the language of the report', () => {
  it.each([
    ['da', 'praksis', '1.431,20 kr.'],
    ['da', 'kontrolstatistik', 'Regionsgennemsnit: 1,29 pr. patient'],
    ['da', 'kontrolstatistik', 'Afvigergrænse 1,25 × gns. = 1,61'],
    ['da', 'ikke-kontrolleret', '1 linje med fund har hverken beløb eller kendt takst'],
    ['da', 'overblik', '2 filer'],
    ['en', 'praksis', 'DKK 1,431.20'],
    ['en', 'kontrolstatistik', 'Regional average: 1.29 per patient'],
    ['en', 'kontrolstatistik', 'Outlier threshold 1.25 × average = 1.61'],
    ['en', 'ikke-kontrolleret', '1 line with findings: neither an amount nor a known tariff'],
    ['en', 'overblik', '2 files'],
  ] as const)('%s: section %s says "%s"', (lang, section, text) => {
    expect(textOf(auditHtml(withKnownFigures(), ctx(lang)), section)).toContain(text);
  });

  it.each([
    ['da', 'Fund efter emne', 'Kroner i risiko (hver linje én gang)', 'heraf anslået på praksisniveau', 'Mulige merindtægter (ikke i risiko)'],
    ['en', 'Findings by topic', 'Kroner at risk (each line once)', 'of which estimated at practice level', 'Possible extra income (not at risk)'],
  ] as const)('%s: lang attribute, headings and the kroner labels', (lang, heading, total, estimated, opportunity) => {
    const html = auditHtml(auditFixture(), ctx(lang));
    expect(html).toContain(`<html lang="${lang}">`);
    for (const text of [heading, total, estimated, opportunity]) expect(html).toContain(text);
  });

  it.each([
    ['da', 'Ydelser på samme dag', '2.704,95 kr.'],
    ['en', 'Ydelser på samme dag', 'DKK 2,704.95'],
  ] as const)("%s: the overview's topic table gives each topic's kroner at risk", (lang, topic, kroner) => {
    const audit = auditFixture();
    (audit.result.summary as unknown as { amountAtRisk: { byTopic: Record<string, string> } }).amountAtRisk.byTopic[topic] = '2704.95';
    const row = auditHtml(audit, ctx(lang)).match(new RegExp(`<tr><th scope="row">${topic}</th>.*?</tr>`))![0];
    expect(row).toContain(kroner);
  });

  it('shows a finding of unknown kroner as a dash, never as 0,00 kr.', () => {
    const audit = auditFixture({ findings: 4 });
    // Finding 3 is of the rule without an amount (sikringsgruppe-2-ydelse).
    const f = audit.result.list.at(3) as { ruleId: string; amount: string | null };
    expect([f.ruleId, f.amount]).toEqual(['sikringsgruppe-2-ydelse', null]);
    const html = auditHtml(audit, ctx('da'));
    const rows = html.match(/<tr><td><span class="sev sev-info">Info<\/span><\/td><td><code>sikringsgruppe-2-ydelse<\/code>.*?<\/tr>/g)!;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/data-v="0"><span class="muted">–<\/span><\/td><\/tr>$/);
  });

  it.each([
    [87, 'da', '87\u00a0%'],
    [87, 'en', '87%'],
    [100, 'da', '100\u00a0%'],
    [0, 'en', '0%'],
  ] as const)('formatPercent(%s, %s) is %s', (value, lang, text) => {
    expect(formatPercent(value, lang)).toBe(text);
    expect(formatPercent(new Decimal(value), lang)).toBe(text);
  });
});

describe('the caps', () => {
  const audit = auditFixture({ findings: 400 });
  const busiest = [...audit.practices].sort((a, b) => b.findings - a.findings)[0]!;

  it.each([
    ['da', '… og {n} flere – se JSON- eller Excel-rapporten.'],
    ['en', '… and {n} more – see the JSON or Excel report.'],
  ] as const)('%s: a practice with more findings than the cap lists the worst and says how many more', (lang, sentence) => {
    const html = auditHtml(audit, ctx(lang), { perPractice: 5, perTopic: 1000 });
    const group = findingsOf(html, busiest.practice);
    expect(group.match(/<tr><td><span class="sev/g)).toHaveLength(5);
    expect(group).toContain(sentence.replace('{n}', String(busiest.findings - 5)));
  });

  it('a topic with more findings than the cap lists the worst and says how many more', () => {
    const html = auditHtml(audit, ctx('da'), { perPractice: 1000, perTopic: 7 });
    const topics = Object.entries(audit.result.summary.byTopic);
    const sentences = html.match(/… og \d+ flere – se JSON- eller Excel-rapporten\./g)!;
    // Every topic but "Input" (one finding) has more than 7.
    const expected = topics
      .filter(([, c]) => c.total > 7)
      .map(([, c]) => `… og ${c.total - 7} flere – se JSON- eller Excel-rapporten.`)
      .sort();
    expect(sentences.sort()).toEqual(expected);
    expect(expected).toHaveLength(topics.length - 1);
  });

  it('within the cap, errors come first, then the most kroner at risk', () => {
    const html = auditHtml(audit, ctx('da'), { perPractice: 6, perTopic: 1000 });
    const group = findingsOf(html, busiest.practice);
    const severities = [...group.matchAll(/<span class="sev sev-(\w+)">/g)].map((m) => m[1]);
    const kroner = [...group.matchAll(/<td class="num" data-v="([\d.]+)">/g)].map((m) => new Decimal(m[1]!));
    // The practice has more than six errors, so only errors are kept, biggest first.
    expect(busiest.bySeverity.error).toBeGreaterThan(6);
    expect(severities).toEqual(Array(6).fill('error'));
    expect(kroner.map(String)).toEqual([...kroner].sort((a, b) => b.cmp(a)).map(String));
  });

  it('with no cap reached, says nothing of more', () => {
    expect(auditHtml(auditFixture(), ctx('da'))).not.toContain('flere –');
  });
});

describe('the Content-Security-Policy', () => {
  const html = auditHtml(auditFixture(), ctx('da'));
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!.replace(/&#39;/g, "'");

  it("allows the page's script by the SHA-256 of its text, and no inline script otherwise", () => {
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1]!;
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(policy).toContain(`script-src 'sha256-${hash}'`);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it.each(["default-src 'none'", "connect-src 'none'", "form-action 'none'", "base-uri 'none'", "style-src 'unsafe-inline'"])('holds %s', (directive) => {
    expect(policy.split('; ')).toContain(directive);
  });

  it('comes before any style or script', () => {
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
  });

  it('has no reference to anything outside the file', () => {
    expect(html).not.toMatch(/\b(?:src|href)="(?!#)/);
    expect(html).not.toMatch(/url\(|@import/);
  });
});

describe('the findings list is walked once', () => {
  it.each([
    ['default caps', {}],
    ['small caps', { perPractice: 2, perTopic: 3 }],
  ])('%s: each finding is made once, and none is written as JSON', (_, options) => {
    const audit = auditFixture({ findings: 300, lazy: true });
    const list = audit.result.list;
    const made = new Map<number, number>();
    const spy: FindingList = Object.assign(Object.create(Object.getPrototypeOf(list) as object) as FindingList, list, {
      at: (k: number) => {
        made.set(k, (made.get(k) ?? 0) + 1);
        return list.at(k);
      },
      json: () => {
        throw new Error('json() called');
      },
      jsonBatch: () => {
        throw new Error('jsonBatch() called');
      },
    });
    audit.result = resultWith({ ruleset: audit.result.ruleset, summary: audit.result.summary, files: audit.result.files }, spy);
    auditHtml(audit, ctx('da'), options);
    expect(made.size).toBe(list.length);
    expect(Math.max(...made.values())).toBe(1);
  });
});

describe('tables and structure', () => {
  const audit = auditFixture();
  const html = auditHtml(audit, ctx('da'));

  it('has one practice row per practice and one statistics row per practice and code', () => {
    expect(html.match(/<tr class="main">/g)).toHaveLength(audit.practices.length);
    for (const stat of audit.statistics) {
      const table = html.slice(html.indexOf(`<caption>Tal for ${stat.code}</caption>`));
      const body = table.slice(0, table.indexOf('</table>'));
      expect(body.match(/<tr><th scope="row">/g)).toHaveLength(stat.practices.length);
    }
  });

  it('names each outlier in its chart, and marks it filled; the others are hollow', () => {
    for (const stat of audit.statistics) {
      const start = html.indexOf(`<h3>${stat.code}`);
      const svg = html.slice(html.indexOf('<svg', start), html.indexOf('</svg>', start));
      const outliers = stat.practices.filter((p) => p.outlier).map((p) => p.practice);
      expect(outliers.length).toBeGreaterThan(0);
      const labels = [...svg.matchAll(/font-weight="600">(\d+)<\/text>/g)].map((m) => m[1]);
      expect(labels.sort()).toEqual([...outliers].sort());
      expect(svg.match(/<circle [^>]*fill="#000"/g)).toHaveLength(outliers.length);
      expect(svg.match(/<circle [^>]*fill="#fff"/g)).toHaveLength(stat.practices.length - outliers.length);
      expect(svg).toMatch(/class="threshold"[^>]*stroke-dasharray/);
      expect(svg).not.toMatch(/class="average"[^>]*stroke-dasharray/);
    }
  });

  it('with hundreds of practices, labels only the outliers it has room for and says how many more', () => {
    const big = auditFixture({ practices: 600, codes: 1, findings: 50 });
    const out = auditHtml(big, ctx('da'));
    const svg = out.slice(out.indexOf('<svg'), out.indexOf('</svg>'));
    const outliers = big.statistics[0]!.practices.filter((p) => p.outlier).length;
    const labels = svg.match(/font-weight="600">/g)?.length ?? 0;
    expect(labels).toBeLessThan(outliers);
    expect(out).toContain(`${outliers - labels} afvigere uden navn i diagrammet`);
    // No stems, small dots.
    expect(svg).not.toContain('stroke="#999"');
  });

  it('gives every column header a scope and every table a caption', () => {
    const tables = html.match(/<table\b/g)!.length;
    expect(html.match(/<caption>/g)).toHaveLength(tables);
    expect(html).not.toMatch(/<th(?![^>]*scope=)[ >]/);
  });
});

describe('--show-suppressed', () => {
  // Two grundydelser the same day at practice 1, suppressed with a reason: the finding is listed,
  // but it must read as suppressed (the practice table counts no finding and no kroner for it).
  const text = `ydernummer,cpr,dato,ydelseskode,antal,beloeb\n1,${P.a},2025-03-04,0101,1,172.88\n1,${P.a},2025-03-04,0120,1,60.00\n`;
  it.each([
    ['da', 'Undertrykt: Aftalt med regionen · Kontrolgruppen · 2027-06-30'],
    ['en', 'Suppressed: Aftalt med regionen · Kontrolgruppen · 2027-06-30'],
  ] as const)('%s: the finding is marked with its reason, owner and expiry', async (lang, mark) => {
    const suppressions = { file: 'undtagelser.json', entries: [{ ruleId: 'grundydelse-samme-dag', practice: '1', reason: 'Aftalt med regionen', owner: 'Kontrolgruppen', expires: '2027-06-30' }] };
    const report = await audit([source(text)], { ruleset: bundledRuleset(), lang, exceptions: { suppressions, today: '2026-01-01', showSuppressed: true } });
    expect(report.result.findings.filter((f) => f.ruleId === 'grundydelse-samme-dag')).toHaveLength(1);
    expect(report.practices[0]!.findings).toBe(0);
    const html = auditHtml(report, ctx(lang));
    const row = findingsOf(html, '1');
    expect(row).toContain('grundydelse-samme-dag');
    expect(row).toContain(escapeHtml(mark));
  });
});
