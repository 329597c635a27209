// SARIF 2.1.0 report: valid against the vendored OASIS schema, every rule listed with its doc page as
// help, every result located (file and 1-based line), the patient masked. CLI on the samples, and
// the formatter on fixture findings with awkward strings.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { listRules, loadRuleset, reportRules } from '../src/index.js';
import { fileUri, fingerprint, sarif } from '../src/formatters/sarif.js';
import type { Finding } from '../src/report/finding.js';
import { base, fixtureFinding, fixtureResult, rulesetWith } from './helpers.js';
import { kindByName } from '../src/kinds/index.js';
import { readRuleDoc } from '../src/ruleset/docs.js';
import { maskCprLike } from '../src/model/cpr.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'bin', 'gpclaims.js');
const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'sarif-2.1.0.json'), 'utf8'));
const validator = new Validator(schema, '4', false);

interface Log {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      properties: { patient: string | null };
    }[];
  }[];
}

function valid(log: unknown): string[] {
  const r = validator.validate(log);
  return r.valid ? [] : r.errors.slice(0, 5).map((e) => `${e.instanceLocation}: ${e.error}`);
}

function cli(files: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'sarif', '--max-findings', 'all', ...files], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, log: JSON.parse(r.stdout) as Log, text: r.stdout, stderr: r.stderr };
}

const SAMPLES = ['fejl-alle-familier', 'klinik-marts-2025-ren', 'region-eksport-2025', 'semikolon-windows-1252', 'fejlbehaeftet', 'takster-vinter-2023', 'kroniker-skift-2025'];

describe('sarif from the CLI', () => {
  it('the schema check is not vacuous: a log without results\' messages or with another version fails', () => {
    const { log } = cli(['samples/fejl-alle-familier.csv']);
    expect(valid(log)).toEqual([]);
    expect(valid({ ...log, version: '2.0.0' })).not.toEqual([]);
    const broken = structuredClone(log);
    delete (broken.runs[0]!.results[0] as { message?: unknown }).message;
    expect(valid(broken)).not.toEqual([]);
  });

  it.each(SAMPLES)('samples/%s.csv: valid SARIF 2.1.0, every result located and its rule listed', (name) => {
    const { log, text, code } = cli([`samples/${name}.csv`]);
    expect([0, 1]).toContain(code);
    expect(valid(log)).toEqual([]);
    const run = log.runs[0]!;
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(r.locations.length).toBeGreaterThan(0);
      for (const l of r.locations) {
        expect(l.physicalLocation.artifactLocation.uri).toBe(`samples/${name}.csv`);
        expect(l.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      }
      if (r.properties.patient) expect(r.message.text).toContain(r.properties.patient);
    }
    // Health data: no ten-digit CPR number anywhere (masked ones have ****). Hex fingerprints and
    // the ruleset hash can hold ten digits in a row by chance, so they are left out of the scan.
    expect(text.replace(/"[0-9a-f]{32,64}"/g, '""').replace(/-/g, '')).not.toMatch(/(?<!\d)\d{10}(?!\d)/);
  });

  it('lists every bundled rule with its short description, doc page as help, and level', () => {
    const ruleset = loadRuleset();
    const { log } = cli(['samples/klinik-marts-2025-ren.csv']);
    const driver = new Map(log.runs[0]!.tool.driver.rules.map((r) => [r.id, r]));
    const level = { error: 'error', warning: 'warning', info: 'note' } as const;
    for (const rule of listRules(ruleset)) {
      const listed = driver.get(rule.id);
      expect(listed, rule.id).toBeDefined();
      expect(listed!.defaultConfiguration.level).toBe(level[rule.severity]);
      expect(listed!.shortDescription.text.length).toBeGreaterThan(0);
      const doc = readRuleDoc(ruleset, rule.id);
      if (doc) expect(listed!.help.text).toBe(maskCprLike(doc));
    }
    // And the engine's own input findings, which any file can give.
    expect(driver.has('input/cpr')).toBe(true);
    expect(driver.size).toBe(reportRules(ruleset, 'da').length);
  });
});

describe('sarif: every rule has a plain short description, never a message template', () => {
  const ruleset = loadRuleset();
  /** A doc page's first paragraph after its heading, on one line. */
  const lead = (doc: string): string => doc.split(/\n\s*\n/).map((p) => p.trim()).find((p) => p && !p.startsWith('#'))!.replace(/\s+/g, ' ');

  it.each(['da', 'en'] as const)('%s: no rule of the bundled ruleset has {{ or }} in its short description, and each is one line', (lang) => {
    const rules = reportRules(ruleset, lang);
    const log = JSON.parse(sarif(fixtureResult([]), { tool: { name: 'gpclaims', version: 't' }, lang, colorLevel: 0, rules })) as Log;
    const texts = log.runs[0]!.tool.driver.rules.map((r) => [r.id, r.shortDescription.text]);
    expect(texts.filter(([, t]) => /\{\{|\}\}|\n/.test(t!))).toEqual([]);
    expect(texts.filter(([, t]) => !t)).toEqual([]);
  });

  it.each(listRules(loadRuleset()).map((r) => r.id))('%s: the first paragraph of its doc page', (id) => {
    const doc = readRuleDoc(ruleset, id)!;
    const rule = reportRules(ruleset, 'da').find((r) => r.id === id)!;
    expect(rule.description).toBe(maskCprLike(lead(doc)));
  });

  it.each([
    ['da', 'input/cpr', 'Ugyldigt CPR-nummer (DDMMÅÅSSSS eller DDMMÅÅ-SSSS)'],
    ['en', 'input/cpr', 'Invalid CPR number (DDMMYYSSSS or DDMMYY-SSSS)'],
    ['da', 'input/kode-udfyldt', 'En 1-3-cifret ydelseskode er udfyldt med foranstillede nuller'],
    ['en', 'ukendt-ydelseskode', 'Service code not in the catalogue'],
    ['da', 'forloebsplaner-pr-kapacitet-ikke-evalueret', 'Reglen forloebsplaner-pr-kapacitet kunne ikke vurderes med dette input'],
    ['en', 'forloebsplaner-pr-kapacitet-ikke-evalueret', 'The rule forloebsplaner-pr-kapacitet could not be evaluated on this input'],
  ] as const)('%s: %s is described as "%s"', (lang, id, text) => {
    expect(reportRules(ruleset, lang).find((r) => r.id === id)?.description).toBe(text);
  });

  it('a rule with neither doc page nor description is described by its kind, not its message', () => {
    const rs = rulesetWith([{ ...base(), id: 'uden-side', kind: 'requires-same-day', params: { codes: ['6101'], anyOf: ['0101'] }, message: { da: '{{codes}} uden grundydelse', en: '{{codes}} without base' } }]);
    const rule = reportRules(rs, 'da').find((r) => r.id === 'uden-side')!;
    expect(rule.description).toBe(kindByName('requires-same-day')!.description);
  });

  it('the filled message stays in the results', () => {
    const f = fixtureFinding({ ruleId: 'input/cpr', message: 'CPR skal være DDMMÅÅSSSS eller DDMMÅÅ-SSSS, fik "12"' });
    const log = JSON.parse(sarif(fixtureResult([f]), { tool: { name: 'gpclaims', version: 't' }, lang: 'da', colorLevel: 0, rules: reportRules(ruleset, 'da') })) as Log;
    expect(log.runs[0]!.results[0]!.message.text.startsWith(f.message)).toBe(true);
  });
});

describe('sarif formatter on awkward fixtures', () => {
  const finding = (over: Partial<Finding>): Finding =>
    fixtureFinding({
      topic: 'Grundydelser "samme" dag',
      message: 'Besked med æøå ÆØÅ, "citat", <tag> & ]]> og\nny linje',
      practice: '123456',
      patient: '010160-****',
      codes: ['0101', '0120'],
      locations: [{ file: 'mappe med mellemrum/fil#1.csv', line: 7 }],
      details: { count: 2 },
      source: 'kilde',
      ...over,
    });
  const findings = [
    finding({}),
    finding({ ruleId: 'aftalt-telefonkonsultation-hoejestegraense', severity: 'warning', patient: null, date: null, locations: [] }),
    finding({ ruleId: 'ukendt-regel', severity: 'info', locations: [{ file: '/tmp/abs path/x.csv', line: 3 }] }),
  ];
  const result = fixtureResult(findings, ['første fil.csv']);
  const ctx = { tool: { name: 'gpclaims', version: '9.9.9' }, lang: 'da' as const, colorLevel: 0 as const };
  const log = JSON.parse(sarif(result, ctx)) as Log;
  const run = log.runs[0]!;

  it('is valid SARIF, and keeps the awkward message exactly', () => {
    expect(valid(log)).toEqual([]);
    expect(run.results[0]!.message.text.startsWith(findings[0]!.message)).toBe(true);
  });

  it('a rule the context does not list is added, so every result has its rule', () => {
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['grundydelse-samme-dag', 'aftalt-telefonkonsultation-hoejestegraense', 'ukendt-regel']);
    expect(run.results.map((r) => r.ruleIndex)).toEqual([0, 1, 2]);
    expect(run.results.map((r) => r.level)).toEqual(['error', 'warning', 'note']);
  });

  it('a practice-level finding points at the first input file, line 1, and says so', () => {
    expect(run.results[1]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'f%C3%B8rste%20fil.csv' }, region: { startLine: 1 } });
    expect(run.results[1]!.message.text).toContain('hele ydernummeret');
  });

  it.each([
    ['mappe med mellemrum/fil#1.csv', 'mappe%20med%20mellemrum/fil%231.csv'],
    ['a\\b.csv', 'a/b.csv'],
    ['-', 'stdin'],
    ['/tmp/abs path/x.csv', 'file:///tmp/abs%20path/x.csv'],
  ])('file %j is the URI %j', (file, uri) => {
    expect(fileUri(file)).toBe(uri);
  });

  it('the fingerprint ignores line numbers and changes with the patient', () => {
    const base = findings[0]!;
    expect(fingerprint({ ...base, locations: [{ file: 'other.csv', line: 99 }] })).toBe(fingerprint(base));
    expect(fingerprint({ ...base, patient: '020260-****' })).not.toBe(fingerprint(base));
  });
});
