// The counts the benchmark compares, from gpclaims findings: six for the core rule families, and
// four for the families the findings profile adds (duplicate lines, dagtid services in vagttid).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Profile } from './generate.js';

export interface BenchCounts {
  /** grundydelse-samme-dag: findings (patient-days with 2+ grundydelser). */
  grundydelseDays: number;
  /** samtaleterapi-uden-grundydelse: 6101 lines (locations). */
  lone6101: number;
  /** samtaleterapi-over-7-pr-aar: 6101 lines past 7 units a year (locations). */
  over7_6101: number;
  /** palliation-tillaeg-uden-grundydelse: 4593/4594 lines (locations). */
  palliationAddOnWithoutBase: number;
  /** aftalt-telefonkonsultation-hoejestegraense: practices (findings). */
  practicesOver0204: number;
  /** kronikerprogram-ikke-saerskilt: covered lines (findings). */
  kronikerCovered: number;
  /** dubleret-linje: sets of identical lines (findings). */
  duplicateSets: number;
  /** dubleret-linje: the lines in those sets (locations). */
  duplicateLines: number;
  /** videokonference-i-vagttid: 0126 lines in vagttid (locations). */
  vagttid0126: number;
  /** aftalt-ydelse-i-vagttid: 0125 and 0204 lines in vagttid (locations). */
  vagttidBooked: number;
}

export type CountName = keyof BenchCounts;

/**
 * The profiles whose export must have each count above 0, so the oracle is seen to agree on
 * something. The clean export has no duplicates and no line out of hours, so the four counts of
 * the findings profile's families are 0 there: they must still agree, but 0 is not a failure.
 */
export const NONZERO_IN: Readonly<Record<CountName, readonly Profile[]>> = {
  grundydelseDays: ['clean', 'findings'],
  lone6101: ['clean', 'findings'],
  over7_6101: ['clean', 'findings'],
  palliationAddOnWithoutBase: ['clean', 'findings'],
  practicesOver0204: ['clean', 'findings'],
  kronikerCovered: ['clean', 'findings'],
  duplicateSets: ['findings'],
  duplicateLines: ['findings'],
  vagttid0126: ['findings'],
  vagttidBooked: ['findings'],
};

export const COUNT_NAMES = Object.keys(NONZERO_IN) as readonly CountName[];

/** Which count each rule's findings go to, and whether as findings or as locations (lines). */
const BY_RULE: Readonly<Record<string, readonly [CountName, 'findings' | 'locations']>> = {
  'grundydelse-samme-dag': ['grundydelseDays', 'findings'],
  'samtaleterapi-uden-grundydelse': ['lone6101', 'locations'],
  'samtaleterapi-over-7-pr-aar': ['over7_6101', 'locations'],
  'palliation-tillaeg-uden-grundydelse': ['palliationAddOnWithoutBase', 'locations'],
  'aftalt-telefonkonsultation-hoejestegraense': ['practicesOver0204', 'findings'],
  'kronikerprogram-ikke-saerskilt': ['kronikerCovered', 'findings'],
  'videokonference-i-vagttid': ['vagttid0126', 'locations'],
  'aftalt-ydelse-i-vagttid': ['vagttidBooked', 'locations'],
};

interface FindingLike {
  ruleId: string;
  locations: readonly unknown[];
}

export function emptyCounts(): BenchCounts {
  return Object.fromEntries(COUNT_NAMES.map((name) => [name, 0])) as unknown as BenchCounts;
}

/** Adds one finding to the counts; returns whether it is an input finding. */
export function addFinding(counts: BenchCounts, f: FindingLike): boolean {
  if (f.ruleId === 'dubleret-linje') {
    counts.duplicateSets++;
    counts.duplicateLines += f.locations.length;
    return false;
  }
  const to = BY_RULE[f.ruleId];
  if (to) counts[to[0]] += to[1] === 'findings' ? 1 : f.locations.length;
  return f.ruleId.startsWith('input/');
}

/** The counts from a report's findings, and how many findings are input findings. */
export function countsFromFindings(findings: readonly FindingLike[]): { counts: BenchCounts; inputFindings: number } {
  const counts = emptyCounts();
  let inputFindings = 0;
  for (const f of findings) if (addFinding(counts, f)) inputFindings++;
  return { counts, inputFindings };
}

export interface ReportCounts {
  counts: BenchCounts;
  inputFindings: number;
  /** Findings listed in the report. */
  findings: number;
  summary: { linesRead: number; linesRejected: number; findings: number };
}

/**
 * The counts from a gpclaims JSON report on disk, read line by line: the report writes each
 * finding on a line of its own, so a report of a million findings (over a GiB) is never held as
 * one string, which JSON.parse could not take.
 */
export async function countsFromReport(path: string): Promise<ReportCounts> {
  const counts = emptyCounts();
  let inputFindings = 0;
  let findings = 0;
  const head: string[] = [];
  let inFindings = false;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (!inFindings) {
      if (line === '  "findings": [') inFindings = true;
      else if (line === '  "findings": []') break;
      else head.push(line);
      continue;
    }
    const text = line.trim();
    if (text === ']') break;
    const f = JSON.parse(text.endsWith(',') ? text.slice(0, -1) : text) as FindingLike;
    findings++;
    if (addFinding(counts, f)) inputFindings++;
  }
  // The head is the document's opening up to the findings: tool, ruleset and summary.
  const opening = head.join('\n').replace(/,\s*$/, '');
  const { summary } = JSON.parse(`${opening}\n}`) as { summary: ReportCounts['summary'] };
  return { counts, inputFindings, findings, summary };
}

export type CountStatus = 'ok' | 'MISSING' | 'MISMATCH' | 'ZERO';

/**
 * One count's check on one export: every value (gpclaims and DuckDB, each order measured) must be
 * there and equal, and above 0 where NONZERO_IN asks for it.
 */
export function countStatus(name: CountName, profile: Profile, values: readonly (number | undefined)[]): CountStatus {
  if (!values.length || values.some((v) => v === undefined)) return 'MISSING';
  if (new Set(values).size !== 1) return 'MISMATCH';
  if (values[0] === 0 && NONZERO_IN[name].includes(profile)) return 'ZERO';
  return 'ok';
}
