// Finds and loads the compiled addon. Order: $NLKIT_NATIVE_ADDON (exactly that file), else
// node-gyp-build's: build/Release, build/Debug (a source build), then the prebuild in
// prebuilds/<platform>-<arch>/ whose tags (glibc/musl, Node-API) fit this process.
'use strict';
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const nodeGypBuild = require('node-gyp-build');

const PREBUILT_FOR = 'linux-x64 and linux-arm64 with glibc 2.28 or newer';

/** Loads the addon of the package in pkgDir or throws ERR_NLKIT_NATIVE_NOT_BUILT. */
function loadBinding(pkgDir, env = process.env) {
  const tried = [];
  const failures = [];
  const attempt = (file) => {
    tried.push(file);
    try {
      return { binding: require(file) };
    } catch (err) {
      const why = firstLine(err);
      failures.push(why.includes(file) ? why : `${file}: ${why}`);
      return undefined;
    }
  };

  if (env.NLKIT_NATIVE_ADDON) {
    const loaded = attempt(env.NLKIT_NATIVE_ADDON);
    if (loaded) return loaded.binding;
    throw notLoadedError(failures, tried, 'NLKIT_NATIVE_ADDON names a file that does not load.');
  }

  let first;
  try {
    first = nodeGypBuild.resolve(pkgDir);
  } catch {
    failures.push(`no build in ${join(pkgDir, 'build')} and no prebuild in ${join(pkgDir, 'prebuilds')} fits`);
  }
  const loaded = first && attempt(first);
  if (loaded) return loaded.binding;

  // A local build that does not load (another arch, a half-finished rebuild) must not hide
  // a prebuild that would.
  const prebuild = findPrebuild(pkgDir);
  if (prebuild && prebuild !== first) {
    const fallback = attempt(prebuild);
    if (fallback) return fallback.binding;
  }
  throw notLoadedError(failures, tried);
}

/** The prebuild node-gyp-build would pick, looked up even when a build/ directory exists. */
function findPrebuild(pkgDir) {
  const root = join(pkgDir, 'prebuilds');
  const tuple = list(root)
    .map(nodeGypBuild.parseTuple)
    .filter(nodeGypBuild.matchTuple(process.platform, process.arch))
    .sort(nodeGypBuild.compareTuples)[0];
  if (!tuple) return undefined;
  const dir = join(root, tuple.name);
  const best = list(dir)
    .map(nodeGypBuild.parseTags)
    .filter(nodeGypBuild.matchTags('node', process.versions.modules))
    .sort(nodeGypBuild.compareTags('node'))[0];
  return best ? join(dir, best.file) : undefined;
}

function list(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function firstLine(err) {
  return String(err && err.message ? err.message : err).split('\n')[0];
}

/** "glibc 2.36", "musl or another libc (not glibc)", or undefined off Linux. */
function describeLibc() {
  if (process.platform !== 'linux') return undefined;
  try {
    const glibc = process.report.getReport().header.glibcVersionRuntime;
    if (glibc) return `glibc ${glibc}`;
  } catch {
    // no report support: say nothing certain
  }
  return 'musl or another libc (not glibc)';
}

function notLoadedError(failures, tried, reason) {
  const libc = describeLibc();
  const system =
    `${process.platform}-${process.arch}${libc ? `, ${libc}` : ''}, ` +
    `Node.js ${process.version} (Node-API ${process.versions.napi})`;
  const lines = [`@nlkit/native: the native addon could not be loaded on ${system}.`];
  if (reason) lines.push(reason);
  lines.push(...failures.map((f) => `  - ${f}`));
  if (process.platform !== 'linux') {
    lines.push('@nlkit/native works on Linux only: netlink is a Linux kernel interface.');
  } else {
    lines.push(
      `Prebuilt binaries ship for ${PREBUILT_FOR}; anywhere else the addon is built from source`,
      'when the package is installed. To build it from source:',
      '  1. install a C++17 compiler, make and python3',
      '     (Debian/Ubuntu: apt-get install g++ make python3; Alpine: apk add g++ make python3)',
      '  2. run `npm rebuild @nlkit/native`',
      '     (pnpm: `pnpm approve-builds` to allow its build script, then `pnpm rebuild @nlkit/native`)',
    );
  }
  const err = new Error(lines.join('\n'));
  err.code = 'ERR_NLKIT_NATIVE_NOT_BUILT';
  err.tried = tried;
  return err;
}

module.exports = { loadBinding, describeLibc };
