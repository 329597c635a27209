#!/usr/bin/env node
// Entry point: checks the Node.js version, runs the CLI and sets the exit code (0 clean, 1 findings at --fail-on, 2 usage).
// Keep this file in syntax that old Node.js versions parse: it must live long enough to say why it stops.
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

if (supported) {
  // Node (22.1 and later) keeps the compiled code of the modules loaded after this call in its
  // local cache directory, so later starts skip compiling them: a monthly invoice is mostly
  // start-up. The CLI is one bundled module (npm run build makes it), which spares Node resolving
  // and reading some hundred files at every start.
  module.enableCompileCache?.();
  const { run, processIo } = (await import(new URL('../gpclaims-cli.mjs', import.meta.url).href)) as typeof import('../src/cli/program.js');
  process.exitCode = await run(process.argv, processIo());
}
