// The rule kinds the engine knows. A new rule of one of these kinds needs only a rule file entry.
import { ageRange } from './age-range.js';
import { alreadyBilled } from './already-billed.js';
import { catalogValidity } from './catalog-validity.js';
import { duplicateLines } from './duplicate-lines.js';
import { enrolmentTransfer } from './enrolment-transfer.js';
import { insuranceGroup } from './insurance-group.js';
import type { KindDefinition } from './kind.js';
import { maxPerWindow } from './max-per-window.js';
import { nearInTime } from './near-in-time.js';
import { practiceCapacity } from './practice-capacity.js';
import { practiceCount } from './practice-count.js';
import { practiceRatio } from './practice-ratio.js';
import { programExclusion } from './program-exclusion.js';
import { requiresSameDay } from './requires-same-day.js';
import { sameDayExclusion } from './same-day-exclusion.js';
import { tariff } from './tariff.js';
import { vagttid } from './vagttid.js';

export const KINDS = [
  maxPerWindow,
  requiresSameDay,
  sameDayExclusion,
  programExclusion,
  enrolmentTransfer,
  practiceRatio,
  practiceCapacity,
  practiceCount,
  catalogValidity,
  tariff,
  ageRange,
  vagttid,
  insuranceGroup,
  duplicateLines,
  nearInTime,
  alreadyBilled,
] as const satisfies readonly KindDefinition<any, any>[];

export function kindByName(name: string): KindDefinition<any, any> | undefined {
  return KINDS.find((k) => k.kind === name);
}
