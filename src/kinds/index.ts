// The rule kinds the engine knows. A new rule of one of these kinds needs only a rule file entry.
import type { KindDefinition } from './kind.js';
import { maxPerWindow } from './max-per-window.js';
import { practiceRatio } from './practice-ratio.js';
import { programExclusion } from './program-exclusion.js';
import { requiresSameDay } from './requires-same-day.js';

export const KINDS = [maxPerWindow, requiresSameDay, programExclusion, practiceRatio] as const satisfies readonly KindDefinition<any, any>[];

export function kindByName(name: string): KindDefinition<any, any> | undefined {
  return KINDS.find((k) => k.kind === name);
}
