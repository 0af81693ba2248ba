#!/usr/bin/env node
'use strict';
// The nlkit command. It runs the CLI bundle (dist/main.cjs) through vm.Script with V8's code
// cache: compiling the bundle is a large share of a one-shot request, and the cached code
// (kept under $XDG_CACHE_HOME/nlkit/code, keyed by the bundle's hash and V8's version) skips
// it. V8 checks cached data before using it and ignores data that does not fit; a cache that
// cannot be read or written is simply not used. NLKIT_NO_CACHE=1 turns it off.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const { cachedDataVersionTag } = require('node:v8');
const { Script } = require('node:vm');

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

const bundle = join(__dirname, '..', 'dist', 'main.cjs');
const source = readFileSync(bundle, 'utf8');
const cacheFile = codeCacheFile(source);
let cached;
try {
  if (cacheFile) cached = readFileSync(cacheFile);
} catch {
  /* no cache yet */
}
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData: cached });
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
const cli = mod.exports;
// import() works here, in a file Node loaded itself, and not inside the vm.Script.
cli.useYnlImporter(() => import('@nlkit/ynl'));

cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (cacheFile && (cached === undefined || script.cachedDataRejected)) saveCodeCache(cacheFile);
  },
  (err) => {
    process.stderr.write(`nlkit: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 70;
  },
);

function codeCacheFile(text) {
  if (process.env.NLKIT_NO_CACHE) return undefined;
  const key = createHash('sha256').update(text).update(`\0${process.version}\0${cachedDataVersionTag()}`).digest('hex').slice(0, 32);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'nlkit', 'code', `${key}.bin`);
}

/** Written after the run, so it holds the functions the command compiled too. */
function saveCodeCache(file) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
  } catch {
    /* a read-only or full cache directory costs only speed */
  }
}
