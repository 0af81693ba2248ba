#!/usr/bin/env node
// Replaces tsc's JavaScript in dist/ with one bundled file per public entry point (and shared
// chunks, so every class exists once however many entries a program imports). An application
// that imports a family package loaded ~45 modules of core before; loading them was most of
// its import time. tsc's .d.ts files stay as they are: types resolve through them alone.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkg, 'dist');
const staging = join(pkg, `dist-bundle.${process.pid}.tmp`);
const entries = ['index', 'codegenv1', 'wire', 'genl', 'netfilter'];

await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e, join(pkg, 'src', `${e}.ts`)])),
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies (@nlkit/ir, @nlkit/native) stay imports: they are packages of their own.
  packages: 'external',
  // Class and function names are part of error messages and stack traces.
  keepNames: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});

/** Every .js file tsc wrote (the .d.ts files are kept). */
function removeJs(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      removeJs(path);
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true });
    } else if (name.endsWith('.js') || name.endsWith('.js.map')) rmSync(path);
  }
}
removeJs(dist);
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
for (const name of readdirSync(staging)) renameSync(join(staging, name), join(dist, name));
rmSync(staging, { recursive: true, force: true });
for (const e of entries) if (!existsSync(join(dist, `${e}.js`))) throw new Error(`bundle: dist/${e}.js is missing`);
