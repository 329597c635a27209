// Writes rules/README.md, the index of kinds and bundled rules (npm run rule-index).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleIndexMarkdown } from '../src/browse/markdown.js';
import { bundledRulesDir, loadRuleset } from '../src/ruleset/load.js';

writeFileSync(join(bundledRulesDir(), 'README.md'), ruleIndexMarkdown(loadRuleset()));
console.log('wrote rules/README.md');
