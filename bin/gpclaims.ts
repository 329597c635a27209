#!/usr/bin/env node
// Entry point: runs the CLI and sets the exit code (0 clean, 1 findings at --fail-on, 2 usage).
import module from 'node:module';

// Node (22.1 and later) keeps the compiled code of gpclaims's modules in its local cache
// directory, so later starts skip compiling them: a monthly invoice is mostly start-up.
module.enableCompileCache?.();
const { run } = await import('../src/cli/program.js');

process.exitCode = await run(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  env: process.env,
});
