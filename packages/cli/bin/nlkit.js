#!/usr/bin/env node
import { main } from '../dist/main.js';

// `nlkit ... | head`: a closed pipe ends the program quietly.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`nlkit: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 70;
  },
);
