// What the history commands print: one line for add, remove and prune, and the ledger's invoices as a table or JSON.
import type { InvoiceSummary } from '../ledger/ledger.js';
import { isoDate } from '../model/date.js';
import { formatCount, formatNumber } from '../model/format.js';
import { Decimal } from 'decimal.js';
import type { Lang } from '../report/finding.js';

const lines = (n: number, lang: Lang): string => formatCount(n, lang === 'da' ? 'linje' : 'line', lang === 'da' ? 'linjer' : 'lines', lang);

/** The line `history add` prints: what was recorded, under which label, and what was not. */
export function addedText(added: { label: string; lines: number; linesRejected: number; replaced: number | null }, ledger: string, lang: Lang): string {
  const { label, replaced, linesRejected } = added;
  if (lang === 'da') {
    const before = replaced === null ? '' : ` (i stedet for ${lines(replaced, lang)} registreret før under samme navn)`;
    const rejected = linesRejected ? `; ${formatCount(linesRejected, 'afvist linje', 'afviste linjer', lang)} blev ikke registreret (se gpclaims check)` : '';
    return `Registrerede ${lines(added.lines, lang)} som faktura ${label} i ${ledger}${before}${rejected}.\n`;
  }
  const before = replaced === null ? '' : ` (replacing ${lines(replaced, lang)} recorded before under that label)`;
  const rejected = linesRejected ? `; ${formatCount(linesRejected, 'rejected line was', 'rejected lines were', lang)} not recorded (see gpclaims check)` : '';
  return `Recorded ${lines(added.lines, lang)} as invoice ${label} in ${ledger}${before}${rejected}.\n`;
}

/** The line `history remove` prints. */
export function removedText(label: string, removed: number, ledger: string, lang: Lang): string {
  return lang === 'da' ? `Fjernede faktura ${label} (${lines(removed, lang)}) fra ${ledger}.\n` : `Removed invoice ${label} (${lines(removed, lang)}) from ${ledger}.\n`;
}

/** The line `history prune` prints: lines deleted, and the invoices that had no lines left. */
export function prunedText(pruned: { lines: number; invoices: readonly string[] }, before: string, ledger: string, lang: Lang): string {
  const emptied = pruned.invoices;
  if (lang === 'da') {
    const gone = !emptied.length ? '' : emptied.length === 1 ? `; faktura ${emptied[0]} blev tom og er fjernet` : `; fakturaerne ${emptied.join(', ')} blev tomme og er fjernet`;
    return `Slettede ${lines(pruned.lines, lang)} med ydelsesdato før ${before} fra ${ledger}${gone}.\n`;
  }
  const gone = !emptied.length ? '' : emptied.length === 1 ? `; invoice ${emptied[0]} was left empty and is removed` : `; invoices ${emptied.join(', ')} were left empty and are removed`;
  return `Deleted ${lines(pruned.lines, lang)} with a service date before ${before} from ${ledger}${gone}.\n`;
}

/** An invoice as `history list --format json` gives it. */
export interface ListedInvoice {
  label: string;
  lines: number;
  /** First and last service date (YYYY-MM-DD), null when the invoice has no lines. */
  from: string | null;
  to: string | null;
  practices: string[];
  /** When it was added (ISO 8601, UTC). */
  added: string;
}

export function listedInvoices(invoices: readonly InvoiceSummary[]): ListedInvoice[] {
  return invoices.map((i) => ({
    label: i.label,
    lines: i.lines,
    from: i.from === null ? null : isoDate(i.from),
    to: i.to === null ? null : isoDate(i.to),
    practices: i.practices,
    added: i.added,
  }));
}

/** How many ydernumre a table row shows before it says how many more there are. */
const PRACTICES_SHOWN = 3;

/** `history list` as a table, one invoice a row, with a total under it. */
export function listText(invoices: readonly InvoiceSummary[], ledger: string, lang: Lang): string {
  const da = lang === 'da';
  if (!invoices.length) return da ? `Ingen fakturaer i ${ledger}.\n` : `No invoices in ${ledger}.\n`;
  const head = da ? ['faktura', 'linjer', 'fra', 'til', 'ydernumre', 'tilføjet'] : ['invoice', 'lines', 'from', 'to', 'practices', 'added'];
  const rows = listedInvoices(invoices).map((i) => {
    const more = i.practices.length - PRACTICES_SHOWN;
    const practices = more > 0 ? `${i.practices.slice(0, PRACTICES_SHOWN).join(', ')} ${da ? `og ${more} til` : `and ${more} more`}` : i.practices.join(', ');
    return [i.label, formatNumber(new Decimal(i.lines), lang), i.from ?? '-', i.to ?? '-', practices || '-', i.added];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  // Counts right-aligned, everything else left; no padding after the last column.
  const line = (cells: string[]): string =>
    cells
      .map((c, k) => (k === cells.length - 1 ? c : k === 1 ? c.padStart(widths[k]!) : c.padEnd(widths[k]!)))
      .join('  ')
      .trimEnd();
  const total = invoices.reduce((n, i) => n + i.lines, 0);
  const sum = da
    ? `${formatCount(invoices.length, 'faktura', 'fakturaer', lang)}, ${lines(total, lang)} i ${ledger}`
    : `${formatCount(invoices.length, 'invoice', 'invoices', lang)}, ${lines(total, lang)} in ${ledger}`;
  return `${[line(head), ...rows.map(line)].join('\n')}\n\n${sum}\n`;
}
