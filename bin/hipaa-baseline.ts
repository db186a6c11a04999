#!/usr/bin/env node
// The `hipaa-baseline` CLI: `npm run hipaa-baseline -- <command>`; see `--help` for commands and exit codes.
import { runCli } from '../lib/cli/run-cli';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
