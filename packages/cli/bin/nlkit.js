#!/usr/bin/env node
import { main } from '../dist/main.js';

// Output that cannot be written ends the program quietly: a closed pipe (`nlkit ... | head`)
// is a normal end (exit 0); any other error (ENOSPC, EIO) is one line and exit 1. No stack.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  try {
    process.stderr.write(`nlkit: cannot write the output: ${err?.message ?? err}\n`);
  } catch {
    /* stderr is gone too */
  }
  process.exit(1);
});
// A closed stderr is not worth dying over.
process.stderr.on('error', () => {});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`nlkit: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 70;
  },
);
