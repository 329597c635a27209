// Writes the JSON Schemas of the rule files and the catalogue from the zod schemas (npm run schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledRulesDir } from '../src/ruleset/load.js';
import { generatedSchemas } from '../src/ruleset/json-schema.js';

const dir = bundledRulesDir();
for (const [file, schema] of Object.entries(generatedSchemas())) {
  writeFileSync(join(dir, file), schema);
  console.log(`wrote rules/${file}`);
}
