// Every output format, by the name --format takes.
import { csv } from './csv.js';
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { pretty } from './pretty.js';
import { sarif } from './sarif.js';
import type { Formatter } from './types.js';

export const formatters: Record<string, Formatter> = { pretty, json, sarif, junit, github, csv };
export type { Formatter, FormatContext } from './types.js';
