// The six counts the benchmark compares: one per core rule (two for 6101), from gpclaims findings.

export interface CoreCounts {
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
}

export const COUNT_NAMES: readonly (keyof CoreCounts)[] = [
  'grundydelseDays',
  'lone6101',
  'over7_6101',
  'palliationAddOnWithoutBase',
  'practicesOver0204',
  'kronikerCovered',
];

interface FindingLike {
  ruleId: string;
  locations: readonly unknown[];
}

/** The six counts from a report's findings, and how many findings are input findings. */
export function countsFromFindings(findings: readonly FindingLike[]): { counts: CoreCounts; inputFindings: number } {
  const counts: CoreCounts = {
    grundydelseDays: 0,
    lone6101: 0,
    over7_6101: 0,
    palliationAddOnWithoutBase: 0,
    practicesOver0204: 0,
    kronikerCovered: 0,
  };
  let inputFindings = 0;
  for (const f of findings) {
    switch (f.ruleId) {
      case 'grundydelse-samme-dag':
        counts.grundydelseDays++;
        break;
      case 'samtaleterapi-uden-grundydelse':
        counts.lone6101 += f.locations.length;
        break;
      case 'samtaleterapi-over-7-pr-aar':
        counts.over7_6101 += f.locations.length;
        break;
      case 'palliation-tillaeg-uden-grundydelse':
        counts.palliationAddOnWithoutBase += f.locations.length;
        break;
      case 'aftalt-telefonkonsultation-hoejestegraense':
        counts.practicesOver0204++;
        break;
      case 'kronikerprogram-ikke-saerskilt':
        counts.kronikerCovered++;
        break;
      default:
        if (f.ruleId.startsWith('input/')) inputFindings++;
    }
  }
  return { counts, inputFindings };
}
