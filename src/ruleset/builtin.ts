// Findings the engine itself makes about the input and the catalogue (not from rule files).
import type { FindingRule } from '../model/finding.js';
import type { Text } from '../model/rule.js';

/** A built-in finding's rule, with a title: what it is about in one plain line, for reports that list rules. */
export type BuiltinRule = FindingRule & { title: Text };

const INPUT_TOPIC = 'Indlæsning';
// The input format is gpclaims's own contract, documented in its README under "Input".
const INPUT_SOURCE = 'gpclaims: the input format (README, "Input")';

function input(id: string, title: Text, da: string, en: string, severity: FindingRule['severity'] = 'error'): BuiltinRule {
  return { id, severity, topic: INPUT_TOPIC, title, message: { da, en }, fix: null, source: INPUT_SOURCE };
}

export const INPUT_RULES: Record<string, BuiltinRule> = {
  'input/csv': input(
    'input/csv',
    { da: 'Linjen kan ikke læses som CSV', en: 'The line cannot be read as CSV' },
    'Linjen kan ikke læses som CSV: {{reason}}',
    'The line cannot be read as CSV: {{reason}}',
  ),
  'input/feltantal': input(
    'input/feltantal',
    { da: 'Linjen har et andet antal felter end overskriften', en: 'The line has another number of fields than the header' },
    'Forkert antal felter ({{value}} felter mod overskriftens)',
    'Wrong number of fields ({{value}}: found/header)',
  ),
  'input/ydernummer': input(
    'input/ydernummer',
    { da: 'Ugyldigt ydernummer (1-8 cifre)', en: 'Invalid ydernummer (1-8 digits)' },
    'Ydernummer skal være 1-8 cifre, fik "{{value}}"',
    'Ydernummer must be 1-8 digits, got "{{value}}"',
  ),
  'input/cpr': input(
    'input/cpr',
    { da: 'Ugyldigt CPR-nummer (DDMMÅÅSSSS eller DDMMÅÅ-SSSS)', en: 'Invalid CPR number (DDMMYYSSSS or DDMMYY-SSSS)' },
    'CPR skal være DDMMÅÅSSSS eller DDMMÅÅ-SSSS, fik "{{value}}"',
    'CPR must be DDMMYYSSSS or DDMMYY-SSSS, got "{{value}}"',
  ),
  'input/cpr-dato': input(
    'input/cpr-dato',
    { da: 'CPR-nummerets fødselsdato findes ikke', en: 'The birth date in the CPR number does not exist' },
    'CPR-nummerets fødselsdato findes ikke ("{{value}}")',
    'The birth date in the CPR number does not exist ("{{value}}")',
  ),
  'input/dato': input(
    'input/dato',
    { da: 'Ugyldig ydelsesdato', en: 'Invalid service date' },
    'Ugyldig ydelsesdato "{{value}}" (ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ eller DD/MM/ÅÅÅÅ)',
    'Invalid service date "{{value}}" (YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY)',
  ),
  'input/kode': input(
    'input/kode',
    { da: 'Ugyldig ydelseskode (op til 4 cifre)', en: 'Invalid service code (up to 4 digits)' },
    'Ydelseskode skal være op til 4 cifre, fik "{{value}}"',
    'Service code must be up to 4 digits, got "{{value}}"',
  ),
  'input/antal': input(
    'input/antal',
    { da: 'Antal er ikke et positivt helt tal', en: 'Antal is not a positive whole number' },
    'Antal skal være et positivt helt tal, fik "{{value}}"',
    'Antal must be a positive whole number, got "{{value}}"',
  ),
  'input/beloeb': input('input/beloeb', { da: 'Ugyldigt beløb', en: 'Invalid amount' }, 'Ugyldigt beløb "{{value}}"', 'Invalid amount "{{value}}"'),
  'input/tid': input(
    'input/tid',
    { da: 'Ugyldigt tidspunkt (TT:MM)', en: 'Invalid time (HH:MM)' },
    'Tidspunkt skal være TT:MM, fik "{{value}}"',
    'Time must be HH:MM, got "{{value}}"',
  ),
  'input/sikringsgruppe': input(
    'input/sikringsgruppe',
    { da: 'Sikringsgruppe er ikke 1 eller 2', en: 'Sikringsgruppe is not 1 or 2' },
    'Sikringsgruppe skal være 1 eller 2, fik "{{value}}"',
    'Sikringsgruppe must be 1 or 2, got "{{value}}"',
  ),
  'input/dato-foer-foedsel': input(
    'input/dato-foer-foedsel',
    { da: 'Ydelsesdatoen ligger før fødselsdatoen i CPR-nummeret', en: 'The service date is before the birth date in the CPR number' },
    'Ydelsesdatoen {{value}} ligger før patientens fødselsdato ifølge CPR-nummeret; tjek CPR og dato',
    'The service date {{value}} is before the birth date in the CPR number; check the CPR and the date',
  ),
  'input/kode-udfyldt': input(
    'input/kode-udfyldt',
    { da: 'En 1-3-cifret ydelseskode er udfyldt med foranstillede nuller', en: 'A 1-3 digit service code was padded with leading zeros' },
    'Ydelseskode "{{value}}" er udfyldt med foranstillede nuller til {{code}} (linjer: {{lines}}); tjek at regnearket ikke har fjernet nullerne',
    'Service code "{{value}}" was padded with leading zeros to {{code}} (lines: {{lines}}); check that a spreadsheet did not drop them',
    'info',
  ),
  'input/dato-uden-for-periode': input(
    'input/dato-uden-for-periode',
    { da: 'Ydelsesdatoen ligger før 1900 eller mere end et år ude i fremtiden', en: 'The service date is before 1900 or more than a year ahead' },
    'Ydelsesdatoen {{value}} ligger uden for det tidsrum, der kontrolleres ({{from}} til {{to}}, højst et år efter i dag); tjek datoen',
    'The service date {{value}} is outside the period checked ({{from}} to {{to}}, at most a year after today); check the date',
  ),
  'input/linje-for-lang': input(
    'input/linje-for-lang',
    { da: 'Linjen er længere end grænsen for en linje', en: 'The line is longer than the line-length limit' },
    'Linjen er {{length|tal}} bytes lang, over grænsen på {{max|tal}} bytes; den er sprunget over',
    'The line is {{length|tal}} bytes long, over the limit of {{max|tal}} bytes; it was skipped',
  ),
  'input/tegnkodning': input(
    'input/tegnkodning',
    { da: 'Linjen er ikke gyldig UTF-8', en: 'The line is not valid UTF-8' },
    'Linjen er ikke gyldig UTF-8, selvom filen læses som UTF-8; gem filen som CSV (UTF-8)',
    'The line is not valid UTF-8, though the file is read as UTF-8; save the file as CSV (UTF-8)',
  ),
};

/**
 * The message of the one finding that stands for the lines of a kind in a file past the bound of
 * those listed one by one. It carries the kind's own id; details say how many lines and where.
 */
export const NOT_LISTED: Text = {
  da: 'Yderligere {{notListed|antal:linje:linjer}} i samme fil har samme fejl og er ikke vist enkeltvis; første linje {{firstLine|tal}}, sidste {{lastLine|tal}}',
  en: '{{notListed|antal:more line:more lines}} in the same file with the same problem, not listed one by one; first line {{firstLine|tal}}, last {{lastLine|tal}}',
};

export const UNKNOWN_CODE: BuiltinRule = {
  id: 'ukendt-ydelseskode',
  severity: 'info',
  topic: 'Ydelseskatalog',
  title: { da: 'Ydelseskoden findes ikke i kataloget', en: 'Service code not in the catalogue' },
  message: {
    da: 'Ydelseskode {{code}} findes ikke i kataloget og er ikke kontrolleret (linjer: {{lines}})',
    en: 'Service code {{code}} is not in the catalogue and was not checked (lines: {{lines}})',
  },
  fix: null,
  // The catalogue is the ruleset's own (gpclaims codes lists it), not an outside source.
  source: "gpclaims: the ruleset's service-code catalogue (gpclaims codes)",
};
