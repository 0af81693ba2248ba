#!/usr/bin/env node
// Builds build/Release/nlkit_native.node with node-gyp.
//   node scripts/build-native.cjs              always rebuild (the "install" script)
//   node scripts/build-native.cjs --if-needed  skip when the addon is newer than src/*.cc and binding.gyp
// Honours npm_config_nodedir / `npm config get nodedir`; without one it uses the
// headers installed beside the running node (<prefix>/include/node) when present,
// so no header download is needed on machines with a system Node.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

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

function usable(dir) {
  return typeof dir === 'string' && dir !== '' && dir !== 'undefined' && dir !== 'null';
}

function findNodedir() {
  if (usable(process.env.npm_config_nodedir)) return process.env.npm_config_nodedir;
  // Not in the environment (e.g. run directly, or by pnpm): ask npm, if it exists.
  const r = spawnSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8', timeout: 20000 });
  const out = r.status === 0 ? String(r.stdout).trim() : '';
  if (usable(out)) return out;
  // Headers shipped with the running node (distro packages, official tarballs).
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) return prefix;
  return undefined;
}

let nodeGyp;
try {
  nodeGyp = require.resolve('node-gyp/bin/node-gyp.js', { paths: [pkgDir, __dirname] });
} catch {
  console.error('@nlkit/native: node-gyp is not installed (it is a dependency of @nlkit/native; run pnpm install).');
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
