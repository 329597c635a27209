// The compiled rule's types live in model/ (below the kinds); re-exported here for the ruleset's importers.
export type { CodeBitmap, CompiledRule, Fix, Severity, Text } from '../model/rule.js';
