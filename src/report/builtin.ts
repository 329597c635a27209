// Findings the engine itself makes about the input and the catalogue (not from rule files).
import type { Text } from '../ruleset/types.js';
import type { Finding, FindingRule } from './finding.js';

const INPUT_TOPIC = 'Indlæsning';
const INPUT_SOURCE = 'gpclaims input contract (README, "Input")';

function input(id: string, da: string, en: string, severity: FindingRule['severity'] = 'error'): FindingRule {
  return { id, severity, topic: INPUT_TOPIC, message: { da, en }, fix: null, source: INPUT_SOURCE };
}

export const INPUT_RULES: Record<string, FindingRule> = {
  'input/csv': input('input/csv', 'Linjen kan ikke læses som CSV: {{reason}}', 'The line cannot be read as CSV: {{reason}}'),
  'input/feltantal': input('input/feltantal', 'Forkert antal felter ({{value}} felter mod overskriftens)', 'Wrong number of fields ({{value}}: found/header)'),
  'input/ydernummer': input('input/ydernummer', 'Ydernummer skal være 1-8 cifre, fik "{{value}}"', 'Ydernummer must be 1-8 digits, got "{{value}}"'),
  'input/cpr': input('input/cpr', 'CPR skal være DDMMÅÅSSSS eller DDMMÅÅ-SSSS, fik "{{value}}"', 'CPR must be DDMMYYSSSS or DDMMYY-SSSS, got "{{value}}"'),
  'input/cpr-dato': input('input/cpr-dato', 'CPR-nummerets fødselsdato findes ikke ("{{value}}")', 'The birth date in the CPR number does not exist ("{{value}}")'),
  'input/dato': input('input/dato', 'Ugyldig ydelsesdato "{{value}}" (ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller DD/MM/ÅÅÅÅ)', 'Invalid service date "{{value}}" (YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)'),
  'input/kode': input('input/kode', 'Ydelseskode skal være op til 4 cifre, fik "{{value}}"', 'Service code must be up to 4 digits, got "{{value}}"'),
  'input/antal': input('input/antal', 'Antal skal være et positivt helt tal, fik "{{value}}"', 'Antal must be a positive whole number, got "{{value}}"'),
  'input/beloeb': input('input/beloeb', 'Ugyldigt beløb "{{value}}"', 'Invalid amount "{{value}}"'),
  'input/tid': input('input/tid', 'Tidspunkt skal være TT:MM, fik "{{value}}"', 'Time must be HH:MM, got "{{value}}"'),
  'input/sikringsgruppe': input('input/sikringsgruppe', 'Sikringsgruppe skal være 1 eller 2, fik "{{value}}"', 'Sikringsgruppe must be 1 or 2, got "{{value}}"'),
  'input/dato-foer-foedsel': input(
    'input/dato-foer-foedsel',
    'Ydelsesdatoen {{value}} ligger før patientens fødselsdato ifølge CPR-nummeret; tjek CPR og dato',
    'The service date {{value}} is before the birth date in the CPR number; check the CPR and the date',
  ),
  'input/kode-udfyldt': input(
    'input/kode-udfyldt',
    'Ydelseskode "{{value}}" er udfyldt med foranstillede nuller til {{code}} (linjer: {{lines}}); tjek at regnearket ikke har fjernet nullerne',
    'Service code "{{value}}" was padded with leading zeros to {{code}} (lines: {{lines}}); check that a spreadsheet did not drop them',
    'info',
  ),
  'input/dato-uden-for-periode': input(
    'input/dato-uden-for-periode',
    'Ydelsesdatoen {{value}} ligger uden for det tidsrum, der kontrolleres ({{from}} til {{to}}, højst et år efter i dag); tjek datoen',
    'The service date {{value}} is outside the period checked ({{from}} to {{to}}, at most a year after today); check the date',
  ),
  'input/linje-for-lang': input(
    'input/linje-for-lang',
    'Linjen er {{length}} bytes lang, over grænsen på {{max}} bytes; den er sprunget over',
    'The line is {{length}} bytes long, over the limit of {{max}} bytes; it was skipped',
  ),
  'input/tegnkodning': input(
    'input/tegnkodning',
    'Linjen er ikke gyldig UTF-8, selvom filen læses som UTF-8; gem filen som CSV (UTF-8)',
    'The line is not valid UTF-8, though the file is read as UTF-8; save the file as CSV (UTF-8)',
  ),
};

/**
 * The message of the one finding that stands for the lines of a kind in a file past the bound of
 * those listed one by one. It carries the kind's own id; details say how many lines and where.
 */
export const NOT_LISTED: Text = {
  da: 'Yderligere {{notListed}} linjer i samme fil har samme fejl og er ikke vist enkeltvis; første linje {{firstLine}}, sidste {{lastLine}}',
  en: '{{notListed}} more lines in the same file have the same problem and are not listed one by one; first line {{firstLine}}, last {{lastLine}}',
};

/** Whether the finding stands for lines not listed one by one (its details.notListed says how many). */
export function standsForMore(f: Finding): boolean {
  return typeof f.details?.notListed === 'number';
}

export const UNKNOWN_CODE: FindingRule = {
  id: 'ukendt-ydelseskode',
  severity: 'info',
  topic: 'Ydelseskatalog',
  message: {
    da: 'Ydelseskode {{code}} findes ikke i kataloget og er ikke kontrolleret (linjer: {{lines}})',
    en: 'Service code {{code}} is not in the catalogue and was not checked (lines: {{lines}})',
  },
  fix: null,
  source: 'rules/catalog (shared/domain.md §3)',
};
