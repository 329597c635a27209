// A made-up but realistic AuditReport for the audit's report tests: practices, watched codes with outliers, findings over several topics.
import { Decimal } from 'decimal.js';
import type { AuditReport, CodePractice, CodeStatistics, PracticeRow } from '../src/audit/types.js';
import type { Finding } from '../src/report/finding.js';
import { ArrayList, type FindingList, resultWith, type SuppressionMark } from '../src/report/result.js';
import { summariseCounts } from '../src/report/summary.js';
import type { Severity } from '../src/model/rule.js';

/** The kroner fields a finding carries (Finding.amount, amountBasis, opportunity). */
export interface MoneyFields {
  amount: string | null;
  amountBasis: 'beloeb' | 'tariff' | 'estimate' | null;
  opportunity: string | null;
}
export type MoneyFinding = Finding & MoneyFields;

interface FixtureRule {
  id: string;
  topic: string;
  severity: Severity;
  /** 'line': about lines of a patient; 'practice': about the practice as a whole (no line). */
  level: 'line' | 'practice';
  basis: MoneyFields['amountBasis'] | 'opportunity';
  message: string;
  fix: string | null;
}

/** Rules of several topics and kinds of kroner (line amounts, tariff, estimate, opportunity, none). */
export const FIXTURE_RULES: readonly FixtureRule[] = [
  { id: 'grundydelse-samme-dag', topic: 'Ydelser på samme dag', severity: 'error', level: 'line', basis: 'beloeb', message: 'To grundydelser samme dag for samme patient', fix: 'Fjern den ene grundydelse' },
  { id: 'telefon-max-pr-dag', topic: 'Loft over ydelser', severity: 'warning', level: 'line', basis: 'tariff', message: 'Mere end 3 telefonkonsultationer samme dag', fix: 'Kontrollér antal' },
  { id: 'vagttid-uden-tidspunkt', topic: 'Tid og vagttid', severity: 'error', level: 'line', basis: 'beloeb', message: 'Vagttidsydelse på en hverdag i dagtiden', fix: 'Brug dagtidsydelsen' },
  { id: 'sikringsgruppe-2-ydelse', topic: 'Sikringsgruppe', severity: 'info', level: 'line', basis: null, message: 'Ydelse til sikringsgruppe 2', fix: null },
  { id: 'blodproeve-andel-praksis', topic: 'Kontrolstatistik', severity: 'warning', level: 'practice', basis: 'estimate', message: 'Blodprøver pr. patient over 1,25 × regionsgennemsnittet', fix: 'Gennemgå praksissens blodprøver' },
  { id: 'palliation-mulighed', topic: 'Mulige merindtægter', severity: 'info', level: 'line', basis: 'opportunity', message: 'Palliationstillæg kunne være afregnet', fix: 'Overvej palliationstillæg' },
  { id: 'aldersgraense-boernevaccination', topic: 'Alder', severity: 'error', level: 'line', basis: 'tariff', message: 'Børnevaccination til en voksen', fix: 'Kontrollér patientens alder' },
];

/** Made-up CPR numbers (valid dates, as in test/helpers.ts); only their masked form may reach a report. */
export const FIXTURE_CPRS = ['0101601234', '0202702345', '0303803456', '0404904567', '0505655678', '1112131415'];

export interface FixtureOptions {
  practices?: number;
  codes?: number;
  findings?: number;
  /** A list that makes each finding when read (for a million findings), instead of an array of them. */
  lazy?: boolean;
  /** Replaces the first rule's topic (hostile-input tests). */
  topic?: string;
  /** Replaces the first input file's name. */
  file?: string;
  lang?: 'da' | 'en';
}

/** Ydernummer of practice p: six digits, some with a leading zero. */
export function practiceId(p: number): string {
  return String((p * 7919 + 4567) % 1_000_000).padStart(6, '0');
}

/** Øre as a decimal string of kroner with two decimals, exactly ("324.13"). */
function kroner(ore: number): string {
  return `${Math.floor(ore / 100)}.${String(ore % 100).padStart(2, '0')}`;
}

/** What finding k is, worked out from k alone, so a large list needs no array. */
function plan(k: number, practices: number): { rule: FixtureRule; practice: number; ore: number } {
  const rule = FIXTURE_RULES[k % FIXTURE_RULES.length]!;
  // Practices get unequal shares: practice 0 many, the last ones few.
  const practice = Math.floor((((k * 2654435761) >>> 0) / 2 ** 32) ** 2 * practices);
  const ore = 1_500 + ((k * 7_919) % 95_000);
  return { rule, practice, ore };
}

function makeFixtureFinding(k: number, practices: number, files: readonly string[], topic0: string | undefined): MoneyFinding {
  const { rule, practice, ore } = plan(k, practices);
  const cpr = FIXTURE_CPRS[k % FIXTURE_CPRS.length]!;
  const line = rule.level === 'line';
  const day = 1 + (k % 28);
  const amount = rule.basis === null || rule.basis === 'opportunity' ? null : kroner(rule.basis === 'estimate' ? ore * 10 : ore);
  return {
    ruleId: rule.id,
    severity: rule.severity,
    topic: rule === FIXTURE_RULES[0] && topic0 !== undefined ? topic0 : rule.topic,
    message: rule.message,
    practice: practiceId(practice),
    patient: line ? `${cpr.slice(0, 6)}-****` : null,
    date: line ? `2026-03-${String(day).padStart(2, '0')}` : null,
    codes: line ? (k % 3 === 0 ? ['0101', '0201'] : ['0120']) : ['2101'],
    locations: line ? [{ file: files[k % files.length]!, line: 2 + k }, ...(k % 3 === 0 ? [{ file: files[k % files.length]!, line: 3 + k }] : [])] : [],
    fix: rule.fix === null ? null : { da: rule.fix, en: `Fix: ${rule.id}` },
    details: null,
    source: 'Overenskomst om almen praksis',
    amount,
    amountBasis: rule.basis === 'opportunity' ? null : amount === null ? null : rule.basis,
    opportunity: rule.basis === 'opportunity' ? kroner(ore) : null,
  };
}

/** A list that makes finding k when asked, as the check's own list does. */
class LazyList implements FindingList {
  constructor(
    readonly length: number,
    private readonly make: (k: number) => Finding,
  ) {}
  at(k: number): Finding {
    return this.make(k);
  }
  json(k: number): string {
    return JSON.stringify(this.make(k));
  }
  jsonBatch(from: number, to: number, separator: string): string {
    return Array.from({ length: to - from }, (_, j) => this.json(from + j)).join(separator);
  }
  severity(k: number): Severity {
    return FIXTURE_RULES[k % FIXTURE_RULES.length]!.severity;
  }
  suppressed(): boolean {
    return false;
  }
  standsForMore(): boolean {
    return false;
  }
  lineless(k: number): boolean {
    return this.make(k).locations.length === 0;
  }
  select(picks: ArrayLike<number | Finding>, _marks?: ReadonlyMap<number, SuppressionMark>): FindingList {
    return new ArrayList(Array.from(picks, (p) => (typeof p === 'number' ? this.make(p) : p)));
  }
}

const CODES = [
  { code: '2101', name: 'Blodprøvetagning' },
  { code: '0120', name: 'Telefonkonsultation' },
  { code: '7183', name: 'Spirometri' },
  { code: '0411', name: 'Samtaleterapi' },
  { code: '2149', name: 'Urinundersøgelse' },
  { code: '7120', name: 'EKG' },
  { code: '0105', name: 'E-konsultation' },
  { code: '8101', name: 'Vaccination' },
];

/** Kontrolstatistik for code c: every practice's units and patients, two of them well above the rest. */
function statistics(c: number, ids: readonly string[], patients: readonly number[]): CodeStatistics {
  const factor = new Decimal('1.25');
  const units = ids.map((_, p) => {
    const base = 0.4 + c * 0.15 + ((p * 37 + c * 11) % 40) / 100;
    const high = p % 11 === 3 + (c % 3) ? 1.9 : p % 17 === 5 ? 1.45 : 1;
    return Math.round(patients[p]! * base * high);
  });
  const sumUnits = units.reduce((a, b) => a + b, 0);
  const sumPatients = patients.reduce((a, b) => a + b, 0);
  const average = new Decimal(sumUnits).div(sumPatients).toDecimalPlaces(4);
  const rows = ids.map((practice, p) => {
    const perPatient = new Decimal(units[p]!).div(patients[p]!).toDecimalPlaces(4);
    const ratio = perPatient.div(average).toDecimalPlaces(2);
    return { practice, units: units[p]!, patients: patients[p]!, perPatient, ratio };
  });
  // Ranks and percentiles from the figures sorted highest first (ties share the first rank).
  const sorted = rows.map((r) => r.perPatient.toNumber()).sort((a, b) => b - a);
  const out: CodePractice[] = rows.map((r) => {
    const v = r.perPatient.toNumber();
    const above = sorted.findIndex((x) => x <= v);
    const atOrBelow = sorted.length - above;
    return {
      practice: r.practice,
      units: r.units,
      patients: r.patients,
      perPatient: r.perPatient.toFixed(4),
      ratio: r.ratio.toFixed(2),
      rank: 1 + above,
      percentile: Math.round((100 * atOrBelow) / rows.length),
      outlier: r.ratio.gte(factor),
    };
  });
  const { code, name } = CODES[c % CODES.length]!;
  return {
    code: c < CODES.length ? code : `${code}-${c}`,
    name,
    regionalAverage: average.toFixed(4),
    averageFrom: 'input',
    denominator: c % 2 === 0 ? 'listed-patients' : 'patients-seen',
    outlierFactor: factor.toFixed(2),
    practices: out.sort((a, b) => (a.practice < b.practice ? -1 : 1)),
  };
}

/**
 * An AuditReport of `practices` practices (12), `codes` watched codes (4) and `findings` findings
 * (40) over seven rules of six topics, practice-level ones among them, plus one finding about the
 * whole input. Every figure of the summary and the practice rows is counted from the findings.
 */
export function auditFixture(options: FixtureOptions = {}): AuditReport {
  const nPractices = options.practices ?? 12;
  const nCodes = options.codes ?? 4;
  const n = options.findings ?? 40;
  const files = [options.file ?? 'faktura-2026-03.csv', 'faktura-2026-03-tillaeg.csv'];
  const ids = Array.from({ length: nPractices }, (_, p) => practiceId(p));
  const patientsOf = ids.map((_, p) => 300 + ((p * 131) % 1700));
  const topicOf = (rule: FixtureRule): string => (rule === FIXTURE_RULES[0] && options.topic !== undefined ? options.topic : rule.topic);

  const rows: PracticeRow[] = ids.map((practice, p) => ({
    practice,
    lines: patientsOf[p]! * 6,
    patients: patientsOf[p]!,
    amountBilled: kroner(patientsOf[p]! * 6 * 14_250 + p),
    linesWithoutAmount: p % 5 === 0 ? 3 : 0,
    findings: 0,
    bySeverity: { error: 0, warning: 0, info: 0 },
    byTopic: {},
    amountAtRisk: '0.00',
    amountEstimated: '0.00',
    amountOpportunity: '0.00',
  }));
  // Øre per practice and in all, counted from the plan of each finding (no finding is made).
  const atRisk = new Float64Array(nPractices);
  const estimated = new Float64Array(nPractices);
  const opportunity = new Float64Array(nPractices);
  const topicOre = new Map<string, number>();
  const ruleOre = new Map<string, number>();
  const severityOre: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const byRule = new Map<FixtureRule, number>();
  const topicOreOf = rows.map(() => new Map<string, number>());
  let riskLines = 0;
  let linesWithoutAmount = 0;
  for (let k = 0; k < n; k++) {
    const { rule, practice, ore } = plan(k, nPractices);
    const row = rows[practice]!;
    const topic = topicOf(rule);
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    row.findings++;
    row.bySeverity[rule.severity]++;
    const t = (row.byTopic[topic] ??= { findings: 0, amountAtRisk: '0.00' });
    t.findings++;
    if (rule.basis === 'beloeb' || rule.basis === 'tariff') {
      atRisk[practice]! += ore;
      const ores = topicOreOf[practice]!;
      ores.set(topic, (ores.get(topic) ?? 0) + ore);
      topicOre.set(topic, (topicOre.get(topic) ?? 0) + ore);
      ruleOre.set(rule.id, (ruleOre.get(rule.id) ?? 0) + ore);
      severityOre[rule.severity] += ore;
      riskLines += k % 3 === 0 ? 2 : 1;
    } else if (rule.basis === 'estimate') estimated[practice]! += ore * 10;
    else if (rule.basis === 'opportunity') opportunity[practice]! += ore;
    else linesWithoutAmount++;
  }
  rows.forEach((row, p) => {
    row.amountAtRisk = kroner(atRisk[p]!);
    row.amountEstimated = kroner(estimated[p]!);
    row.amountOpportunity = kroner(opportunity[p]!);
    for (const [topic, ore] of topicOreOf[p]!) row.byTopic[topic]!.amountAtRisk = kroner(ore);
  });

  const whole: MoneyFinding = {
    ruleId: 'input/ukendt-kolonne',
    severity: 'info',
    topic: 'Input',
    message: 'Kolonnen "bemaerkning" kendes ikke og er sprunget over',
    practice: null,
    patient: null,
    date: null,
    codes: [],
    locations: [{ file: files[0]!, line: 1 }],
    fix: null,
    details: null,
    source: 'gpclaims',
    amount: null,
    amountBasis: null,
    opportunity: null,
  };
  const make = (k: number): Finding => (k === n ? whole : makeFixtureFinding(k, nPractices, files, options.topic));
  const list: FindingList = options.lazy ? new LazyList(n + 1, make) : new ArrayList(Array.from({ length: n + 1 }, (_, k) => make(k)));

  const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
  const ofMap = (m: Map<string, number>): Record<string, string> => Object.fromEntries([...m].map(([k, v]) => [k, kroner(v)]));
  const money = {
    total: kroner(sum(atRisk)),
    lines: riskLines,
    bySeverity: { error: kroner(severityOre.error), warning: kroner(severityOre.warning), info: kroner(severityOre.info) },
    byTopic: ofMap(topicOre),
    byRule: ofMap(ruleOre),
    estimated: kroner(sum(estimated)),
    opportunity: kroner(sum(opportunity)),
    linesWithoutAmount,
  };
  const summary = summariseCounts(
    { byRule: [...[...byRule].map(([rule, c]) => ({ severity: rule.severity, topic: topicOf(rule), n: c })), { severity: 'info', topic: 'Input', n: 1 }], money },
    {
      files: files.length,
      linesRead: rows.reduce((a, r) => a + r.lines, 0) + 3,
      claimsChecked: rows.reduce((a, r) => a + r.lines, 0),
      linesRejected: 3,
      blankLines: 1,
      practices: nPractices,
      patients: patientsOf.reduce((a, b) => a + b, 0),
      counts: {
        'vagttid-uden-tidspunkt': { checked: 1200, weekdayWithoutTime: 14 },
        'beloeb-afviger-fra-takst': { checked: 1180, withoutTariff: 2, withoutAmount: 0 },
        'sikringsgruppe-2-ydelse': { checked: 1200 },
      },
      period: { from: '2026-03-01', to: '2026-03-31' },
      history: null,
      withoutHistory: [{ ruleId: 'samtaleterapi-over-7-pr-aar', lookBack: 'calendar-year', before: '2026-03-01' }],
    },
  );
  const result = resultWith(
    { ruleset: { version: '2026.03', hash: 'a3f1c9e07b2d4e6f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f', asOf: '2026-03-31', tariffs: 'catalogue', practices: true }, summary, files },
    list,
  );
  return {
    result,
    practices: rows,
    statistics: Array.from({ length: nCodes }, (_, c) => statistics(c, ids, patientsOf)),
    options: ['--practices', 'praksisregister.csv', '--outlier-factor', '1.25'],
  };
}
