// Every output format, by the name --format takes.
import { json } from './json.js';
import { pretty } from './pretty.js';
import type { Formatter } from './types.js';

export const formatters: Record<string, Formatter> = { pretty, json };
export type { Formatter, FormatContext } from './types.js';
