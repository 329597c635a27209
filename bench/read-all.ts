// The I/O floor: `node dist/bench/read-all.js FILE` reads every byte with fs.readSync in 8 MiB
// chunks and does nothing else, so its time is Node's start-up plus reading the file.
import { closeSync, openSync, readSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/read-all.js FILE\n');
  process.exit(2);
}
const buf = Buffer.allocUnsafe(8 << 20);
const fd = openSync(file, 'r');
let total = 0;
for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) total += n;
closeSync(fd);
process.stdout.write(`${JSON.stringify({ bytes: total })}\n`);
