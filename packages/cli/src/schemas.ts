/**
 * Finding YNL specs. Search order: $NLKIT_SCHEMA_PATH (colon-separated directories), the
 * repository's schemas/ when running from a checkout, the schemas bundled in this package,
 * then /usr/share/ynl/specs (where the kernel's `make install` puts its specs).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FamilyIR } from '@nlkit/ir';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { UsageError } from './errors.js';

const PKG_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface SpecFile {
  /** The family name from the spec's `name:` (file name when it has none). */
  name: string;
  path: string;
  dir: string;
}

export function searchDirs(): string[] {
  const dirs: string[] = [];
  for (const d of (process.env.NLKIT_SCHEMA_PATH ?? '').split(':')) if (d) dirs.push(resolve(d));
  // In the repository: packages/cli → ../../schemas (identified by the workspace file beside it).
  const repo = resolve(PKG_DIR, '..', '..');
  if (existsSync(join(repo, 'pnpm-workspace.yaml')) && existsSync(join(repo, 'schemas'))) dirs.push(join(repo, 'schemas'));
  dirs.push(join(PKG_DIR, 'schemas'));
  dirs.push('/usr/share/ynl/specs');
  return [...new Set(dirs)].filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
}

/** The `name:` at the top level of a YAML spec, without parsing the whole file. */
export function specName(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return basename(path).replace(/\.ya?ml$/, '');
  }
  const m = /^name:\s*['"]?([^'"\s#]+)/m.exec(text);
  return m ? m[1]! : basename(path).replace(/\.ya?ml$/, '');
}

/** Every spec in the search path; the first directory wins for a name. */
export function listSpecs(): SpecFile[] {
  const seen = new Map<string, SpecFile>();
  for (const dir of searchDirs()) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const path = join(dir, f);
      const name = specName(path);
      if (!seen.has(name)) seen.set(name, { name, path, dir });
    }
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const norm = (s: string) => s.replace(/[-_]/g, '-').toLowerCase();

/** The spec file of a family, by its `name:` or file name (`-` and `_` alike). */
export function findSpec(family: string): SpecFile {
  for (const dir of searchDirs()) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch {
      continue;
    }
    for (const f of files) {
      const path = join(dir, f);
      if (norm(f.replace(/\.ya?ml$/, '')) === norm(family) || norm(specName(path)) === norm(family)) {
        return { name: specName(path), path, dir };
      }
    }
  }
  const known = listSpecs().map((s) => s.name);
  throw new UsageError(`unknown family "${family}" (known: ${known.join(', ') || 'none'}; searched ${searchDirs().join(', ')}; use --spec PATH for any other YNL spec)`);
}

/** Loads and resolves a spec into the IR; a bad schema throws SchemaError (file:line:column). */
export function loadSpec(path: string): FamilyIR {
  if (!existsSync(path)) throw new UsageError(`no such spec file: ${path}`);
  return loadSchemaFileSync(path);
}

/** A family from `--spec PATH` or by name. */
export function loadFamily(opts: { spec?: string; family?: string }): { ir: FamilyIR; path: string } {
  if (opts.spec) return { ir: loadSpec(opts.spec), path: opts.spec };
  if (!opts.family) throw new UsageError('which family? give a family name or --spec PATH');
  const f = findSpec(opts.family);
  return { ir: loadSpec(f.path), path: f.path };
}
