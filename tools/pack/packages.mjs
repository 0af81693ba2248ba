// The repository's public packages, and packing them the way a release does: `pnpm pack` in
// each package directory (it runs the package's prepack and turns workspace:* ranges into
// versions). Shared by check-packages.mjs and the consumer test.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const pnpmCli = join(repoRoot, 'node_modules/pnpm/bin/pnpm.cjs');

/** Every workspace package that is not private, sorted by name: { name, version, dir, manifest }. */
export function publicPackages() {
  const out = [];
  for (const parent of ['packages', 'tools']) {
    for (const d of readdirSync(join(repoRoot, parent)).sort()) {
      const file = join(repoRoot, parent, d, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      if (manifest.private) continue;
      out.push({ name: manifest.name, version: manifest.version, dir: join(repoRoot, parent, d), rel: `${parent}/${d}`, manifest });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The file name `pnpm pack` gives a package: `@nlkit/core@0.1.0` → `nlkit-core-0.1.0.tgz`. */
export function tarballName(pkg) {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
}

function run(cmd, args, cwd, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: -1, output: `${output}${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Runs `fn` over `items`, `limit` at a time, keeping the order of the results. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Packs the packages into `dest` with one `pnpm -r pack` (prepacks run in parallel); returns
 * [{ pkg, tarball }] in the packages' order. Throws with pnpm's output when a pack fails.
 */
export async function packAll(dest, packages = publicPackages()) {
  const filters = packages.flatMap((p) => ['--filter', p.name]);
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const r = await run(process.execPath, [pnpmCli, '-r', ...filters, 'pack', '--pack-destination', dest], repoRoot, env);
  const out = packages.map((pkg) => ({ pkg, tarball: join(dest, tarballName(pkg)) }));
  const missing = out.filter((o) => !existsSync(o.tarball)).map((o) => o.pkg.name);
  if (r.code !== 0 || missing.length) throw new Error(`pnpm pack failed (exit ${r.code}${missing.length ? `; not packed: ${missing.join(', ')}` : ''}):\n${r.output}`);
  return out;
}

export { run };
