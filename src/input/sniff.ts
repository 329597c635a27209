// What an existing file holds, judged from its first bytes: whether a baseline may replace it.
import { closeSync, openSync, readSync } from 'node:fs';

const HEAD = 64 << 10;

/**
 * Whether the file at path may be replaced by a new baseline: it is empty, or it starts as a JSON
 * object that says it is a gpclaims baseline. A CSV file named where the baseline file goes
 * (`gpclaims baseline jan.csv feb.csv`) is not. A path that cannot be read is left to the writer.
 */
export function mayReplaceWithBaseline(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return true;
  }
  let n: number;
  const buf = Buffer.alloc(HEAD);
  try {
    n = readSync(fd, buf, 0, HEAD, 0);
  } catch {
    return true;
  } finally {
    closeSync(fd);
  }
  const head = buf.toString('utf8', 0, n).replace(/^\uFEFF/, '').trimStart();
  return head === '' || (head.startsWith('{') && /"gpclaims"\s*:\s*"baseline"/.test(head));
}
