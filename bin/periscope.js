#!/usr/bin/env node
// The package is compiled by `npm install` (the `prepare` script); this shim only starts it.
import { main } from '../dist/src/cli/main.js';

main(process.argv).catch((error) => {
  process.stderr.write(`periscope: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
