#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/main.cjs (from src/main.ts): start-up is mostly
// module loading and compiling, and one file loads in a fraction of the time of the ~60
// modules of the CLI, core and ir. CommonJS because bin/nlkit.cjs compiles it with
// vm.Script, which can cache V8's compiled code between runs (ES modules cannot on Node 20).
// Left out: @nlkit/native (a compiled addon, required by core when a socket opens) and
// @nlkit/ynl (YAML and JSON Schema validation, ES module only, imported by the bin's importer
// when a schema is not in the IR cache). The file is replaced atomically, so an `nlkit` running
// during a build never finds it missing; anything else in dist/ (older builds) is removed.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkg, 'dist');
const out = join(dist, 'main.cjs');
const result = await build({
  entryPoints: [join(pkg, 'src', 'main.ts')],
  outfile: out,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['@nlkit/native', '@nlkit/ynl'],
  // import() turned into require(): code compiled by vm.Script has no dynamic import on Node 20.
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__nlkitModuleUrl' },
  banner: { js: 'var __nlkitModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  legalComments: 'none',
  // Less text to parse at every start (~3% of a one-shot request); identifiers are kept, so
  // stack traces still name their functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
const text = result.outputFiles[0].text;
if (/\bimport\(/.test(text)) throw new Error('dist/main.cjs still has an import(): it would fail under vm.Script');
mkdirSync(dist, { recursive: true });
for (const f of readdirSync(dist)) if (f !== 'main.cjs' && !f.endsWith('.tmp')) rmSync(join(dist, f), { recursive: true, force: true });
const tmp = `${out}.${process.pid}.tmp`;
writeFileSync(tmp, result.outputFiles[0].contents);
renameSync(tmp, out);
