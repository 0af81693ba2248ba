#!/usr/bin/env node
// `pnpm check:packages`: packs every public package as a release would and checks each
// tarball with publint, with arethetypeswrong (their Node APIs, in one process: the same
// checks as `publint --strict` and `attw --profile esm-only`), and with checks of our own:
//   - publint, strict, down to suggestions: package.json fields, exports and files agree with
//     what is shipped.
//   - attw, esm-only: the types resolve like the JavaScript does. Our packages are
//     ESM only ("type": "module", exports without a "require" condition), so two of attw's
//     resolution modes do not apply: node16 from CommonJS (a require() of an ES module) and
//     node10 (`moduleResolution: "node"`, which cannot see `exports` subpaths such as
//     @nlkit/core/codegenv1). esm-only drops exactly those two and keeps node16 from ESM and
//     bundler. A package with nothing to import (the CLI) must have no types to check.
//   - our own: LICENSE and README shipped; no workspace: ranges; engines, license and a
//     repository pointing at the package's folder; every package a shipped .js or .d.ts
//     imports is a declared dependency (and a .d.ts that needs Node's types declares
//     @types/node); source maps only point at shipped files; bin targets exist; no stale
//     build output (a dist/ file whose src/ file is gone).
// Needs a build first (`pnpm build`); `npm test` runs it after the build. By hand, for one
// package: `pnpm exec publint --pack pnpm packages/core`, `pnpm exec attw --pack packages/core --profile esm-only`.
//   node tools/pack/check-packages.mjs [--keep DIR]   (DIR: keep the tarballs there)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll, publicPackages, repoRoot, run, mapLimit } from './packages.mjs';

const ts = createRequire(join(repoRoot, 'package.json'))('typescript');

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? walk(p, base) : [relative(base, p)];
  });
}

/** Bare specifiers a file imports: imports, re-exports, import(), require(), reference types. */
export function importsOf(text) {
  // TypeScript's own scanner: strings and comments that merely look like imports do not count.
  const info = ts.preProcessFile(text, true, true);
  const specs = [...info.importedFiles, ...info.typeReferenceDirectives].map((f) => f.fileName);
  return [...new Set(specs)].filter((s) => !s.startsWith('.') && !s.startsWith('/'));
}

const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Problems of our own in an unpacked package (`root` is its package/ folder). */
export function ownChecks(root, rel) {
  const problems = [];
  const files = walk(root);
  const shipped = new Set(files);
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!shipped.has('LICENSE')) problems.push('no LICENSE in the tarball');
  if (!files.some((f) => /^readme(\.md)?$/i.test(f))) problems.push('no README in the tarball');
  if (JSON.stringify(manifest).includes('workspace:')) problems.push('a workspace: range was packed');
  if (!manifest.engines?.node) problems.push('no engines.node');
  if (!manifest.license) problems.push('no license');
  if (manifest.repository?.directory !== rel || !/^git\+https:\/\//.test(manifest.repository?.url ?? '')) {
    problems.push(`repository should be { url: git+https://…, directory: ${rel} }`);
  }
  const declared = new Set([manifest.name, ...['dependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) => Object.keys(manifest[k] ?? {}))]);
  const undeclared = new Map();
  for (const f of files) {
    const isTypes = /\.d\.[cm]?ts$/.test(f);
    if (!isTypes && !/\.[cm]?js$/.test(f)) continue;
    for (const spec of importsOf(readFileSync(join(root, f), 'utf8'))) {
      let needs;
      if (BUILTINS.has(spec) || spec === 'node') needs = isTypes ? '@types/node' : undefined;
      else needs = packageOf(spec);
      if (needs && !declared.has(needs)) undeclared.set(needs, `${f} imports ${spec}`);
    }
    if (f.endsWith('.map')) continue;
  }
  for (const [dep, where] of undeclared) problems.push(`${dep} is not a dependency, but ${where}`);
  for (const f of files.filter((x) => x.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(root, f), 'utf8'));
    for (const s of map.sources ?? []) {
      const target = relative(root, resolve(root, dirname(f), map.sourceRoot ?? '', s));
      if (!shipped.has(target)) problems.push(`${f} points at ${target}, which is not shipped`);
    }
  }
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const b of bins) if (!shipped.has(relative('.', b))) problems.push(`bin ${b} is not shipped`);
  return problems;
}

export async function lint(tarball) {
  const { messages, pkg } = await publint({ pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer }, level: 'suggestion', strict: true });
  return messages.map((m) => `publint ${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
}

/** Resolution modes that attw's `--profile esm-only` leaves out (see the top of this file). */
const ESM_ONLY_IGNORES = new Set(['node10', 'node16-cjs']);

export async function typesCheck(tarball, manifest) {
  const result = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))));
  if (result.types === false) {
    const entries = Object.keys(manifest.exports ?? {}).filter((k) => k !== './package.json');
    return entries.length || manifest.main ? ['attw: the package can be imported but ships no types'] : [];
  }
  return result.problems
    .filter((p) => !('resolutionKind' in p) || !ESM_ONLY_IGNORES.has(p.resolutionKind))
    .map(({ kind, ...where }) => `attw: ${kind} ${JSON.stringify(where)}`);
}

/**
 * Build output in the package's dist/ whose src/ file is gone: it would ship, stale. A
 * bundler's shared chunks (dist/chunks/) have no src/ file of their own; the bundle step
 * replaces them on every build.
 */
export function staleOutputs(pkgDir) {
  const dist = join(pkgDir, 'dist');
  const src = join(pkgDir, 'src');
  if (!existsSync(dist) || !existsSync(src)) return [];
  return walk(dist)
    .filter((f) => /\.(js|d\.ts)$/.test(f) && !f.startsWith('chunks/'))
    .filter((f) => !existsSync(join(src, f.replace(/\.(js|d\.ts)$/, '.ts'))))
    .map((f) => `dist/${f} has no src/ file (stale build output: delete dist/ and build again)`);
}

async function main() {
  const keepAt = process.argv.indexOf('--keep');
  const work = mkdtempSync(join(tmpdir(), 'nlkit-check-packages-'));
  const dest = keepAt > 0 ? resolve(process.argv[keepAt + 1]) : join(work, 'tarballs');
  mkdirSync(dest, { recursive: true });
  const started = performance.now();
  const packages = publicPackages();
  for (const pkg of packages) {
    const entry = pkg.manifest.types ?? pkg.manifest.main;
    if (entry && !statSync(join(pkg.dir, entry), { throwIfNoEntry: false })) {
      console.error(`check:packages: ${pkg.name} is not built (${entry} is missing); run \`pnpm build\` first`);
      process.exit(1);
    }
  }
  let packed;
  try {
    packed = await packAll(dest, packages);
  } catch (err) {
    console.error(`check:packages: ${err.message}`);
    process.exit(1);
  }
  const packedAt = performance.now();
  const results = await mapLimit(packed, 2, async ({ pkg, tarball }) => {
    const root = join(work, 'unpacked', pkg.name);
    mkdirSync(root, { recursive: true });
    await run('tar', ['xzf', tarball, '-C', root]);
    const problems = [...(await lint(tarball)), ...(await typesCheck(tarball, pkg.manifest)), ...ownChecks(join(root, 'package'), pkg.rel), ...staleOutputs(pkg.dir)];
    return { pkg, size: statSync(tarball).size, files: walk(join(root, 'package')).length, problems };
  });
  const width = Math.max(...results.map((r) => r.pkg.name.length));
  for (const r of results) {
    const status = r.problems.length ? `${r.problems.length} problem(s)` : 'ok';
    console.log(`${r.pkg.name.padEnd(width)}  ${`${(r.size / 1024).toFixed(1)} KiB`.padStart(10)}  ${String(r.files).padStart(4)} files  ${status}`);
    for (const p of r.problems) console.log(`    ${p.replace(/\n/g, '\n    ')}`);
  }
  const bad = results.filter((r) => r.problems.length);
  const seconds = `${((performance.now() - started) / 1000).toFixed(1)} s; packing ${((packedAt - started) / 1000).toFixed(1)} s`;
  if (keepAt < 0) rmSync(work, { recursive: true, force: true });
  else rmSync(join(work, 'unpacked'), { recursive: true, force: true });
  if (bad.length) {
    console.error(`check:packages: ${bad.length} of ${results.length} packages have problems (${seconds})`);
    process.exit(1);
  }
  console.log(`check:packages: ${results.length} packages packed; publint, attw (esm-only) and our checks are clean (${seconds})`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
