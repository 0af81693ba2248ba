#!/usr/bin/env node
// Long fuzz runs of the decoders: the same suites as packages/core/test/fuzz (codec + the spec
// runtime of every family in schemas/), scaled up, with a seed.
//
//   node tools/fuzz/run.mjs [--inputs N] [--minutes T] [--seed S]
//
// --inputs N    about N decode inputs in all (the CI run is about BASE_INPUTS)
// --minutes T   stop every fuzz loop after T minutes (with --inputs, whichever comes first)
// --seed S      the PRNG seed (default: random; printed so a failure can be replayed)
//
// Every input must decode to a value or a DecodeError; a failure prints the input in hex.
// Build nothing first: vitest runs the TypeScript sources.
import { spawnSync } from 'node:child_process';
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
const minutes = Number(opt('minutes') ?? 0);
const inputs = Number(opt('inputs') ?? (minutes > 0 ? 1e12 : BASE_INPUTS * 10));
const seed = Number(opt('seed') ?? randomInt(1, 2 ** 31));
const scale = inputs / BASE_INPUTS;
// Each test's loop gets the time limit; there are ~16 loops, run one after another.
const loops = 16;
const seconds = minutes > 0 ? Math.max(1, Math.floor((minutes * 60) / loops)) : 0;

console.log(`fuzz: seed ${seed}, scale ${scale.toFixed(2)} (~${Math.round(inputs === 1e12 ? 0 : inputs)} inputs)${minutes ? `, ${minutes} min` : ''}`);
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const r = spawnSync(vitest, ['run', 'packages/core/test/fuzz/codec.fuzz.test.ts', 'packages/core/test/fuzz/spec.fuzz.test.ts', '--testTimeout', '0'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_SCALE: String(scale), FUZZ_SECONDS: String(seconds) },
});
if (r.status !== 0) console.error(`fuzz: FAILED with seed ${seed}; replay with: node tools/fuzz/run.mjs --seed ${seed} --inputs ${Math.round(inputs)}`);
process.exit(r.status ?? 1);
