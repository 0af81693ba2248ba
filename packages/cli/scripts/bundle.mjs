#!/usr/bin/env node
// Bundles the CLI into one file, dist/main.js (from src/main.ts): start-up is mostly module
// loading, and one file loads in a fraction of the time of the ~60 modules of the CLI, core and
// ir. Left out: @nlkit/native (a compiled addon, loaded by core when a socket opens) and
// @nlkit/ynl (YAML and JSON Schema validation, imported only when a schema is not in the IR
// cache). The file is replaced atomically, so an `nlkit` running during a build never finds it
// missing; anything else in dist/ (output of older builds) is removed.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkg, 'dist');
const out = join(dist, 'main.js');
const result = await build({
  entryPoints: [join(pkg, 'src', 'main.ts')],
  outfile: out,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@nlkit/native', '@nlkit/ynl'],
  legalComments: 'none',
  // Less text to parse at every start (~3% of a one-shot request); identifiers are kept, so
  // stack traces still name their functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
mkdirSync(dist, { recursive: true });
for (const f of readdirSync(dist)) if (f !== 'main.js' && !f.endsWith('.tmp')) rmSync(join(dist, f), { recursive: true, force: true });
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, result.outputFiles[0].contents);
renameSync(tmp, out);
