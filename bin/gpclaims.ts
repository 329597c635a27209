#!/usr/bin/env node
// Entry point: runs the CLI and sets the exit code (0 clean, 1 findings at --fail-on, 2 usage).
import module from 'node:module';

// Node (22.1 and later) keeps the compiled code of the modules loaded after this call in its
// local cache directory, so later starts skip compiling them: a monthly invoice is mostly
// start-up. The CLI is one bundled module (npm run build makes it), which spares Node resolving
// and reading some hundred files at every start.
module.enableCompileCache?.();
const { run, processIo } = (await import(new URL('../gpclaims-cli.mjs', import.meta.url).href)) as typeof import('../src/cli/program.js');

process.exitCode = await run(process.argv, processIo());
