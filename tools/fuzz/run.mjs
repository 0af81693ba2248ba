#!/usr/bin/env node
// Long fuzz runs of the decoders: the same suites as packages/core/test/fuzz (codec + the spec
// runtime of every family in schemas/), scaled up, with a seed.
//
//   node tools/fuzz/run.mjs [--inputs N] [--minutes T] [--seed S]
//
// --inputs N    about N decode inputs in all (the CI run is about BASE_INPUTS)
// --minutes T   stop after T minutes (with --inputs, whichever comes first): the loops share
//               one deadline and each stops at it after at least one batch; a run still going
//               15 s past it is stopped and fails (a decoder that does not return is a bug)
// --seed S      the PRNG seed (default: random; printed so a failure can be replayed)
//
// Every input must decode to a value or a DecodeError; a failure prints the input in hex.
// Build nothing first: vitest runs the TypeScript sources.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { randomInt } from 'node:crypto';

const BASE_INPUTS = 170_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const args = process.argv.slice(2);
function opt(name) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
if (args.includes('--help') || args.includes('-h')) {
  console.log('usage: node tools/fuzz/run.mjs [--inputs N] [--minutes T] [--seed S]');
  process.exit(0);
}
const started = Date.now();
const minutes = Number(opt('minutes') ?? 0);
if (!Number.isFinite(minutes) || minutes < 0) {
  console.error(`fuzz: --minutes must be a number of minutes, 0 or more (got ${opt('minutes')})`);
  process.exit(2);
}
const deadline = minutes > 0 ? started + minutes * 60_000 : 0;
const GRACE_MS = 15_000;
const inputs = Number(opt('inputs') ?? (minutes > 0 ? 1e12 : BASE_INPUTS * 10));
const seed = Number(opt('seed') ?? randomInt(1, 2 ** 31));
const scale = inputs / BASE_INPUTS;
// The ~16 main loops each get a share of the time left after start-up (vitest, schemas, seeds:
// about 10 s); every loop also stops at the deadline.
const loops = 16;
const STARTUP_S = 10;
const seconds = minutes > 0 ? Math.max(0.5, (minutes * 60 - STARTUP_S) / loops) : 0;

console.log(`fuzz: seed ${seed}, scale ${scale.toFixed(2)} (~${Math.round(inputs === 1e12 ? 0 : inputs)} inputs)${minutes ? `, ${minutes} min` : ''}`);
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const child = spawn(vitest, ['run', 'packages/core/test/fuzz/codec.fuzz.test.ts', 'packages/core/test/fuzz/spec.fuzz.test.ts', '--testTimeout', '0', '--maxWorkers', '2'], {
  cwd: root,
  stdio: 'inherit',
  // Its own process group, so the backstop stops vitest's workers too.
  detached: true,
  env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_SCALE: String(scale), FUZZ_SECONDS: String(seconds), FUZZ_DEADLINE: String(deadline) },
});
const stopGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};
let overran = false;
const backstop = deadline
  ? setTimeout(() => {
    overran = true;
    stopGroup('SIGTERM');
    setTimeout(() => stopGroup('SIGKILL'), 5_000).unref();
  }, deadline + GRACE_MS - Date.now())
  : undefined;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stopGroup(sig));
child.on('exit', (code, signal) => {
  clearTimeout(backstop);
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (overran) {
    console.error(`fuzz: still running ${GRACE_MS / 1000} s after the ${minutes}-minute deadline; stopped after ${took}. Replay with: node tools/fuzz/run.mjs --seed ${seed} --minutes ${minutes}`);
    process.exit(3);
  }
  if (code !== 0) console.error(`fuzz: FAILED${signal ? ` (${signal})` : ''} with seed ${seed} after ${took}; replay with: node tools/fuzz/run.mjs --seed ${seed} --inputs ${Math.round(inputs)}`);
  else console.log(`fuzz: done in ${took}${deadline ? ` (deadline ${minutes} min)` : ''}`);
  process.exit(code ?? 1);
});
