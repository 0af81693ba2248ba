#!/usr/bin/env node
// prepack: builds prebuilds/linux-x64/ and prebuilds/linux-arm64/ with prebuildify
// (Node-API, so one build serves every Node >= 20; glibc tag, stripped), then checks each
// binary's ELF machine and the glibc/libstdc++ versions it needs.
//   node scripts/prebuild.cjs [--arch=x64,arm64]
// Each target builds in a scratch copy of binding.gyp + src/, so build/Release of the dev build
// is untouched; prebuilds/ is replaced only when every target built. An arch other than the
// host's is cross-compiled with Debian's <triple>-g++ (apt-get install g++-aarch64-linux-gnu).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { findNodedir } = require('./node-headers.cjs');
const { readElf, highestVersion, compareVersions } = require('./elf.cjs');

const pkgDir = path.resolve(__dirname, '..');
const TRIPLES = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };
const CROSS_PACKAGES = { x64: 'g++-x86-64-linux-gnu', arm64: 'g++-aarch64-linux-gnu' };
// Node 20 runs on glibc 2.28 with GCC 8's libstdc++ (RHEL 8, Debian 10): the prebuilds must too.
const FLOORS = { GLIBC_: [2, 28], GLIBCXX_: [3, 4, 25], CXXABI_: [1, 3, 11] };

function fail(message) {
  throw Object.assign(new Error(message), { prebuild: true });
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

function archesFromArgs() {
  const arg = process.argv.slice(2).find((a) => a.startsWith('--arch='));
  const arches = arg ? arg.slice('--arch='.length).split(',') : Object.keys(TRIPLES);
  for (const a of arches) if (!TRIPLES[a]) fail(`unknown arch ${a} (known: ${Object.keys(TRIPLES).join(', ')})`);
  return arches;
}

/** The environment for node-gyp (through prebuildify) building for `arch`. */
function buildEnv(arch, nodedir) {
  const env = { ...process.env, NODE_PATH: path.join(pkgDir, 'node_modules') }; // binding.gyp finds node-addon-api
  if (nodedir) env.npm_config_nodedir = nodedir;
  delete env.npm_config_arch; // prebuildify's --arch decides
  if (arch !== os.arch()) {
    const t = TRIPLES[arch];
    if (!onPath(`${t}-g++`)) {
      fail(`cross-compiling for ${arch} needs ${t}-g++ (Debian: apt-get install ${CROSS_PACKAGES[arch]})`);
    }
    Object.assign(env, { CC: `${t}-gcc`, CXX: `${t}-g++`, LINK: `${t}-g++`, AR: `${t}-ar`, STRIP: `${t}-strip` });
  }
  return env;
}

function buildOne(arch, nodedir) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `nlkit-prebuild-${arch}-`));
  for (const entry of ['binding.gyp', 'src', 'package.json']) {
    fs.cpSync(path.join(pkgDir, entry), path.join(scratch, entry), { recursive: true });
  }
  const env = buildEnv(arch, nodedir);
  const args = [
    require.resolve('prebuildify/bin.js', { paths: [pkgDir] }),
    '--napi',
    '--tag-libc',
    '--strip',
    `--strip-bin=${env.STRIP || 'strip'}`,
    `--arch=${arch}`,
    `--target=node@${process.versions.node}`, // headers version only; Node-API keeps it ABI-stable
    `--node-gyp=${require.resolve('node-gyp/bin/node-gyp.js', { paths: [pkgDir] })}`,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('close', (code) => resolve({ arch, scratch, code, log }));
  });
}

function checkBinary(file, arch) {
  const elf = readElf(file);
  if (elf.arch !== arch) fail(`${file}: ELF machine ${elf.machine}, expected ${arch}`);
  const versions = Object.values(elf.needs).flat();
  for (const [prefix, floor] of Object.entries(FLOORS)) {
    const top = highestVersion(versions, prefix);
    if (top && compareVersions(top, floor) > 0) {
      fail(`${file} needs ${prefix}${top.join('.')}, newer than ${prefix}${floor.join('.')} (Node 20's baseline)`);
    }
  }
}

async function main() {
  if (process.platform !== 'linux') fail('prebuilds are built on Linux only');
  const arches = archesFromArgs();
  const nodedir = findNodedir();
  const results = await Promise.all(arches.map((arch) => buildOne(arch, nodedir)));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nlkit-prebuilds-'));
  try {
    for (const r of results) {
      if (r.code !== 0) {
        process.stderr.write(r.log);
        fail(`building linux-${r.arch} failed (exit ${r.code}); needs g++, make and python3`);
      }
      const dir = path.join(r.scratch, 'prebuilds', `linux-${r.arch}`);
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.node'));
      if (files.length !== 1) fail(`${dir}: expected one .node file, found ${files.join(', ') || 'none'}`);
      checkBinary(path.join(dir, files[0]), r.arch);
      fs.cpSync(dir, path.join(out, `linux-${r.arch}`), { recursive: true });
      console.log(`@nlkit/native prebuild: prebuilds/linux-${r.arch}/${files[0]}`);
    }
    const target = path.join(pkgDir, 'prebuilds');
    fs.chmodSync(out, 0o755); // mkdtemp made it 0700
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(out, target, { recursive: true });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    for (const r of results) fs.rmSync(r.scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`@nlkit/native prebuild: ${err.prebuild ? err.message : err.stack}`);
  process.exit(1);
});
