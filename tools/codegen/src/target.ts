/**
 * Where a generated package will live. In the nlkit monorepo it joins the workspace
 * (`workspace:*` ranges, the shared tsconfig, `@nlkit/<name>`); anywhere else it must stand
 * alone (semver ranges on the generator's release, its own tsconfig, the user's name).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Mode = 'monorepo' | 'standalone';

export type PackageTarget =
  | { mode: 'monorepo' }
  | {
    mode: 'standalone';
    /** The npm package name, e.g. `kvstore` or `@acme/kvstore`. */
    name: string;
    /** The shell command that regenerates the package, run from the package's folder. */
    regenerate: string;
  };

/** Package ranges in generated packages: TypeScript as this generator is built and tested with. */
export const TYPESCRIPT_RANGE = '~5.9.3';
/** vitest as the monorepo's packages test with (monorepo mode only). */
export const VITEST_RANGE = '~4.1.0';
export const NODE_ENGINES = '>=20';
export const REPOSITORY_URL = 'git+https://github.com/nlkit/nlkit.git';

let ownVersion: string | undefined;

/** This generator's release (its package.json), which standalone packages depend on with `^`. */
export function generatorVersion(): string {
  if (ownVersion === undefined) {
    // dist/target.js and src/target.ts both sit one level below the package root.
    const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')) as { version: string };
    ownVersion = pkg.version;
  }
  return ownVersion;
}

/**
 * The nlkit repository root when `outDir` is its package folder (`<root>/packages`), else
 * undefined. Monorepo output extends `../../tsconfig.base.json`, so only that exact place counts.
 */
export function nlkitRootAbove(outDir: string): string | undefined {
  const root = resolve(outDir, '..');
  if (!existsSync(join(root, 'pnpm-workspace.yaml'))) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === 'nlkit' ? root : undefined;
  } catch {
    return undefined;
  }
}

export function detectMode(outDir: string): Mode {
  return nlkitRootAbove(outDir) === undefined ? 'standalone' : 'monorepo';
}

const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/** Why `name` cannot be a standalone package's name, or undefined when it can. */
export function invalidPackageName(name: string): string | undefined {
  if (name.length > 214 || !NPM_NAME.test(name)) return `"${name}" is not a valid npm package name (lowercase letters, digits, - . _ ~, optionally @scope/)`;
  if (name.startsWith('@nlkit/')) return `"${name}" is in the @nlkit scope, which is nlkit's own; choose a name of yours`;
  return undefined;
}

/** The package's folder name: the name without its scope. */
export function folderOf(name: string): string {
  return name.slice(name.indexOf('/') + 1);
}

/** A word for a POSIX shell: quoted only when it has to be. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
