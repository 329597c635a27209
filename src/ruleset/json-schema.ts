// JSON Schemas generated from the zod schemas, so editors can check rule files as they are written.
import { z } from 'zod';
import { catalogFile } from '../catalog/schema.js';
import { ruleFile } from './schema.js';

/** File name (relative to the rules folder) to schema text. */
export function generatedSchemas(): Record<string, string> {
  const render = (schema: z.ZodType, title: string): string =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2)}\n`;
  return {
    'schema.json': render(ruleFile, 'gpclaims rule file'),
    'catalog/schema.json': render(catalogFile, 'gpclaims service-code catalogue file'),
  };
}
