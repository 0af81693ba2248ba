#!/usr/bin/env node
// Builds build/Release/nlkit_native.node with node-gyp.
//   node scripts/build-native.cjs              always rebuild
//   node scripts/build-native.cjs --if-needed  skip when the addon is newer than src/*.cc and binding.gyp
// Node's headers come from scripts/node-headers.cjs (no download on machines with a system Node).
// This is the monorepo's dev build; installs from npm use node-gyp-build and prebuilds/.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { findNodedir } = require('./node-headers.cjs');

const pkgDir = path.resolve(__dirname, '..');
const addon = path.join(pkgDir, 'build', 'Release', 'nlkit_native.node');
const args = process.argv.slice(2);
const ifNeeded = args.includes('--if-needed');

if (process.platform !== 'linux') {
  console.warn('@nlkit/native: netlink exists only on Linux; skipping the native build.');
  process.exit(0);
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function upToDate() {
  const built = mtime(addon);
  if (built < 0) return false;
  const inputs = [path.join(pkgDir, 'binding.gyp')];
  const srcDir = path.join(pkgDir, 'src');
  for (const name of fs.readdirSync(srcDir)) {
    if (/\.(cc|cpp|h|hh|hpp)$/.test(name)) inputs.push(path.join(srcDir, name));
  }
  return inputs.every((f) => mtime(f) <= built);
}

if (ifNeeded && upToDate()) {
  console.log('@nlkit/native: build/Release/nlkit_native.node is up to date.');
  process.exit(0);
}

let nodeGyp;
try {
  nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [pkgDir, __dirname] });
} catch {
  console.error('@nlkit/native: node-gyp is not installed (a devDependency of @nlkit/native; run pnpm install).');
  process.exit(1);
}

const gypArgs = [nodeGyp, 'rebuild'];
const nodedir = findNodedir();
if (nodedir) gypArgs.push(`--nodedir=${nodedir}`);
console.log(`@nlkit/native: ${path.basename(process.execPath)} ${gypArgs.map((a) => (a === nodeGyp ? 'node-gyp' : a)).join(' ')}`);
const r = spawnSync(process.execPath, gypArgs, { cwd: pkgDir, stdio: 'inherit' });
if (r.error) {
  console.error(`@nlkit/native: could not run node-gyp: ${r.error.message}`);
  process.exit(1);
}
if (r.status !== 0) {
  console.error('@nlkit/native: node-gyp failed; a C++17 compiler, make and python3 are needed.');
}
process.exit(r.status === null ? 1 : r.status);
