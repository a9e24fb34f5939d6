#!/usr/bin/env node
import { runCli } from './main.js';
import { processIo } from './io.js';

// The only place in the project that ends the process: everything else returns exit codes.
runCli(process.argv.slice(2), processIo).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`thespian: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  },
);
