/**
 * Finding YNL specs. Search order: $NLKIT_SCHEMA_PATH (colon-separated directories), the
 * repository's schemas/ when running from a checkout, the schemas bundled in this package,
 * then /usr/share/ynl/specs (where the kernel's `make install` puts its specs).
 */
import { readInput } from './files.js';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IR_VERSION, type FamilyIR } from '@nlkit/ir';
import { loadSchemaText } from '@nlkit/ynl';
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

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The first 64 KiB of a spec file, where its `name:` is; undefined for anything that is not a
 * readable regular file (a FIFO or a device in the search path must not hang or fill memory).
 */
function specHead(path: string): string | undefined {
  if (!isRegularFile(path)) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafe(64 * 1024);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The `name:` at the top level of a YAML spec, without parsing the whole file. */
export function specName(path: string): string {
  const text = specHead(path);
  if (text === undefined) return basename(path).replace(/\.ya?ml$/, '');
  const m = /^name:\s*['"]?([^'"\s#]+)/m.exec(text);
  return m ? m[1]! : basename(path).replace(/\.ya?ml$/, '');
}

/** The YAML files of the search path, directory by directory, sorted within each. */
function* yamlFiles(): Generator<{ dir: string; file: string; path: string }> {
  for (const dir of searchDirs()) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch {
      continue;
    }
    for (const file of files) yield { dir, file, path: join(dir, file) };
  }
}

/** Every spec in the search path; the first directory wins for a name. */
export function listSpecs(): SpecFile[] {
  const seen = new Map<string, SpecFile>();
  for (const { dir, path } of yamlFiles()) {
    const name = specName(path);
    if (!seen.has(name)) seen.set(name, { name, path, dir });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const norm = (s: string) => s.replace(/[-_]/g, '-').toLowerCase();

/** The spec file of a family, by its `name:` or file name (`-` and `_` alike). */
export function findSpec(family: string): SpecFile {
  for (const { dir, file, path } of yamlFiles()) {
    if (norm(file.replace(/\.ya?ml$/, '')) === norm(family) || norm(specName(path)) === norm(family)) {
      return { name: specName(path), path, dir };
    }
  }
  const known = listSpecs().map((s) => s.name);
  throw new UsageError(`unknown family "${family}" (known: ${known.join(', ') || 'none'}; searched ${searchDirs().join(', ')}; use --spec PATH for any other YNL spec)`);
}

/** Loads and resolves a spec into the IR; a bad schema throws SchemaError (file:line:column). */
export function loadSpec(path: string): FamilyIR {
  if (!existsSync(path)) throw new UsageError(`no such spec file: ${path}`);
  if (!isRegularFile(path)) throw new UsageError(`${path}: not a regular file`);
  const text = readInput(path, path).toString('utf8');
  const cached = cacheFile(text);
  if (cached) {
    try {
      return JSON.parse(readFileSync(cached, 'utf8')) as FamilyIR;
    } catch {
      /* not cached yet, or unreadable: resolve it */
    }
  }
  const ir = loadSchemaText(text, path);
  if (cached) {
    try {
      mkdirSync(dirname(cached), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(ir));
      renameSync(tmp, cached);
    } catch {
      /* a read-only home: no cache, same result */
    }
  }
  return ir;
}

/**
 * Where the IR of a schema text is cached: validating and resolving a large schema takes a
 * few hundred ms, reading its IR back a few. The key covers the text, the IR version and the
 * build of @nlkit/ynl, so a new schema or a new resolver never gets a stale IR.
 * NLKIT_NO_CACHE=1 turns the cache off.
 */
function cacheFile(text: string): string | undefined {
  if (process.env.NLKIT_NO_CACHE) return undefined;
  let ynlBuild = '';
  try {
    const st = statSync(fileURLToPath(import.meta.resolve('@nlkit/ynl')));
    ynlBuild = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const key = createHash('sha256').update(`${IR_VERSION}\0${ynlBuild}\0${text}`).digest('hex').slice(0, 40);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'nlkit', 'ir', `${key}.json`);
}

/** A family from `--spec PATH` or by name. */
export function loadFamily(opts: { spec?: string; family?: string }): { ir: FamilyIR; path: string } {
  if (opts.spec) return { ir: loadSpec(opts.spec), path: opts.spec };
  if (!opts.family) throw new UsageError('which family? give a family name or --spec PATH');
  const f = findSpec(opts.family);
  return { ir: loadSpec(f.path), path: f.path };
}
