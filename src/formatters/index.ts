// Every output format, by the name --format takes.
import { csv } from './csv.js';
import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { pretty } from './pretty.js';
import { sarif } from './sarif.js';
import type { Formatter } from './types.js';

/** By name; typed per key, so formatters.json is never undefined. */
export const formatters = { pretty, json, sarif, junit, github, csv } satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;
export type { Formatter, FormatContext } from './types.js';
