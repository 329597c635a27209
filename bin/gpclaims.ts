#!/usr/bin/env node
// Entry point: runs the CLI and sets the exit code (0 clean, 1 findings at --fail-on, 2 usage).
import { run } from '../src/cli/program.js';

process.exitCode = await run(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  env: process.env,
});
