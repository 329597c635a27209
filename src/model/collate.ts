// Danish sort order for topic names: case aside, a-z, then æ, ø, å. A small mapping instead of an
// Intl.Collator, whose locale data costs more start-up time than a monthly invoice's whole check.
const AFTER_Z: Record<string, string> = { æ: '{', ø: '|', å: '}', ä: '{', ö: '|' };

function key(s: string): string {
  return s.toLowerCase().replace(/[æøåäö]/g, (ch) => AFTER_Z[ch]!);
}

export function compareDanish(a: string, b: string): number {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
