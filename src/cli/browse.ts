// The rule-book commands, `gpclaims rules [ID]` and `gpclaims codes [CODE...]`, over the library's browse functions.
import { type Command, Option } from 'commander';
import { codesText, ruleText, rulesText } from '../formatters/browse.js';
import { findRule, listCodes, listRules, loadRuleset, LookupError } from '../index.js';
import type { Lang } from '../report/finding.js';
import { colourLevel, type Io } from './io.js';
import { UsageError } from './usage.js';

interface BrowseFlags {
  format: 'pretty' | 'json';
  lang: Lang;
  rules?: string;
}

/** A lookup of something the user named: an unknown rule id or code is a usage error. */
function lookup<T>(find: () => T, lister: string): T {
  try {
    return find();
  } catch (e) {
    if (!(e instanceof LookupError)) throw e;
    throw new UsageError(e.suggestions.length ? e.message : `${e.message}; run ${lister} for the list`);
  }
}

export function addBrowseCommands(program: Command, io: Io, tool: { name: string; version: string }): void {
  const withOptions = (command: Command): Command =>
    command
      .addOption(new Option('-f, --format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
      .addOption(new Option('--lang <lang>', 'language of labels').choices(['da', 'en']).default('da'))
      .option('--rules <dir>', 'use this rules folder (catalog/ and rule files) instead of the bundled one');
  const context = (flags: BrowseFlags) => ({ tool, lang: flags.lang, colorLevel: colourLevel(io, Boolean(io.stdout.isTTY)) });
  const writeJson = (value: unknown): unknown => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

  withOptions(
    program
      .command('rules')
      .description("List the ruleset's rules by topic, or show one rule's doc page and parameters")
      .argument('[id]', 'a rule id, or an id a rule reports findings under'),
  ).action((id: string | undefined, flags: BrowseFlags) => {
    const ruleset = loadRuleset(flags.rules);
    if (id === undefined) {
      const rules = listRules(ruleset);
      const info = { version: ruleset.version, hash: ruleset.hash };
      if (flags.format === 'json') writeJson({ tool, ruleset: info, rules });
      else io.stdout.write(rulesText(rules, info, context(flags)));
      return;
    }
    const rule = lookup(() => findRule(ruleset, id), 'gpclaims rules');
    if (flags.format === 'json') writeJson(rule);
    else io.stdout.write(ruleText(rule, context(flags), id));
  });

  withOptions(
    program
      .command('codes')
      .description('Show service codes from the catalogue: name, class, validity and dated tariffs')
      .argument('[codes...]', 'service codes (1-4 digits; shorter ones are padded with zeros); none shows every code'),
  ).action((codes: string[], flags: BrowseFlags) => {
    const ruleset = loadRuleset(flags.rules);
    const entries = lookup(() => listCodes(ruleset, codes), 'gpclaims codes');
    const info = { version: ruleset.version, hash: ruleset.hash };
    if (flags.format === 'json') writeJson({ tool, ruleset: info, codes: entries });
    else io.stdout.write(codesText(entries, info, context(flags)));
  });
}
