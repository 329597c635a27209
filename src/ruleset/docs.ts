// A rule's doc page, docs/<id>.md in its rules folder: where it is, and its text.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ioReason } from '../input/errors.js';
import { bundledRulesDir, RulesetError, type Ruleset } from './load.js';

function docFile(ruleset: Ruleset, id: string): string {
  return join(ruleset.dir, 'docs', `${id}.md`);
}

/** How the page is named for people: rules/docs/<id>.md for the bundled rules, else its full path. */
export function ruleDocName(ruleset: Ruleset, id: string): string {
  return resolve(ruleset.dir) === resolve(bundledRulesDir()) ? `rules/docs/${id}.md` : docFile(ruleset, id);
}

export function hasRuleDoc(ruleset: Ruleset, id: string): boolean {
  return existsSync(docFile(ruleset, id));
}

/** The page's text as written, or null when the rule has no page. */
export function readRuleDoc(ruleset: Ruleset, id: string): string | null {
  try {
    return readFileSync(docFile(ruleset, id), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RulesetError(ruleDocName(ruleset, id), '', `cannot be read (${ioReason(e)})`);
  }
}
