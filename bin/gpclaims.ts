#!/usr/bin/env node
// Entry point: checks the Node.js version, runs the CLI and sets the exit code (0 clean, 1 findings at --fail-on, 2 usage).
// Keep this file in syntax that old Node.js versions parse: it must live long enough to say why it stops.
import { statSync } from 'node:fs';
import module from 'node:module';

// Before anything else loads: on a Node.js older than package.json's engines the CLI would die
// somewhere inside with an obscure error. The tiny module throws the one-line reason on import.
let supported = true;
try {
  await import('../src/node-version.js');
} catch (e) {
  supported = false;
  process.stderr.write(`gpclaims: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}

/** Inputs at least this large together are checked with huge pages (see below); a monthly invoice is far smaller. */
const LARGE_INPUT = 64 * 1024 * 1024;

/** The bytes of the arguments that name regular files (options' values included: an over-estimate is harmless). */
function inputBytes(args: readonly string[]): number {
  let total = 0;
  for (const a of args) {
    try {
      const st = statSync(a);
      if (st.isFile()) total += st.size;
    } catch {
      // Not a file: an option, a value, or a path the check itself will report.
    }
  }
  return total;
}

/**
 * On Linux a large export is checked with transparent huge pages: the process replaces itself
 * (execve, same pid, arguments and streams) with one that asks glibc's malloc for them
 * (GLIBC_TUNABLES=glibc.malloc.hugetlb=1; other C libraries ignore it). The claim store is
 * hundreds of megabytes of typed arrays, and touching their memory a 4 KiB page at a time is a
 * fifth of a 10-million-line check on a virtual machine. A user's own GLIBC_TUNABLES is left as it
 * is, and so is a Node without process.execve (before 22.15): the check then runs as it is.
 */
function reExecWithHugePages(): void {
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (process.platform !== 'linux' || typeof execve !== 'function' || process.env.GLIBC_TUNABLES !== undefined) return;
  if (inputBytes(process.argv.slice(2)) < LARGE_INPUT) return;
  if (process.env.GPCLAIMS_DEBUG) process.stderr.write('gpclaims: a large input: checking it with huge pages (GLIBC_TUNABLES=glibc.malloc.hugetlb=1)\n');
  try {
    execve.call(process, process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' });
  } catch {
    // Not replaced: check in this process.
  }
}

if (supported) {
  reExecWithHugePages();
  // Node (22.1 and later) keeps the compiled code of the modules loaded after this call in its
  // local cache directory, so later starts skip compiling them: a monthly invoice is mostly
  // start-up. The CLI is one bundled module (npm run build makes it), which spares Node resolving
  // and reading some hundred files at every start.
  module.enableCompileCache?.();
  const { run, processIo } = (await import(new URL('../gpclaims-cli.mjs', import.meta.url).href)) as typeof import('../src/cli/program.js');
  process.exitCode = await run(process.argv, processIo());
}
