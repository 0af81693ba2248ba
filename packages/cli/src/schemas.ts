/**
 * Finding YNL specs. Search order: $NLKIT_SCHEMA_PATH (colon-separated directories), the
 * repository's schemas/ when running from a checkout, the schemas bundled in this package,
 * then /usr/share/ynl/specs (where the kernel's `make install` puts its specs).
 */
import { readInput } from './files.js';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IR_VERSION, type FamilyIR } from '@nlkit/ir';
import { UsageError } from './errors.js';
import { ynl } from './ynl.js';

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

/**
 * The spec file of a family, by its `name:` or file name (`-` and `_` alike): the first file
 * of the search path that matches either way. A file named for the family is usually the one,
 * so only the files before it are opened to read their names.
 */
export function findSpec(family: string): SpecFile {
  const want = norm(family);
  const files = [...yamlFiles()];
  const byFile = files.findIndex(({ file }) => norm(file.replace(/\.ya?ml$/, '')) === want);
  for (let i = 0; i < (byFile < 0 ? files.length : byFile); i++) {
    const { dir, path } = files[i]!;
    const name = specName(path);
    if (norm(name) === want) return { name, path, dir };
  }
  if (byFile >= 0) {
    const { dir, path } = files[byFile]!;
    return { name: specName(path), path, dir };
  }
  const known = listSpecs().map((s) => s.name);
  throw new UsageError(`unknown family "${family}" (known: ${known.join(', ') || 'none'}; searched ${searchDirs().join(', ')}; use --spec PATH for any other YNL spec)`);
}

/**
 * Loads and resolves a spec into the IR; a bad schema throws SchemaError (file:line:column).
 * @nlkit/ynl is imported only when the IR is not in the cache.
 */
export async function loadSpec(path: string): Promise<FamilyIR> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`no such spec file: ${path}`);
  if (!st.isFile()) throw new UsageError(`${path}: not a regular file`);
  const cache = cacheEntry(path, st);
  if (cache) {
    try {
      const entry = JSON.parse(readFileSync(cache.file, 'utf8')) as { key?: string; ir?: FamilyIR };
      if (entry.key === cache.key && entry.ir) return entry.ir;
    } catch {
      /* not cached yet, or unreadable: resolve it */
    }
  }
  const ir = (await ynl()).loadSchemaText(readInput(path, path).toString('utf8'), path);
  if (cache) {
    try {
      mkdirSync(dirname(cache.file), { recursive: true });
      const tmp = `${cache.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key: cache.key, ir }));
      renameSync(tmp, cache.file);
    } catch {
      /* a read-only home: no cache, same result */
    }
  }
  return ir;
}

/** 64 bits of FNV-1a (two 32-bit lanes) as hex: a file name, not a check (the key inside is). */
function fnv64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * Where the IR of a spec file is cached: validating and resolving a large schema takes a few
 * hundred ms, reading its IR back about one. The key is the file's identity (path, device,
 * inode, size, mtime and ctime: any write changes ctime), the IR version and this build of
 * the CLI (which pins its @nlkit/ynl), so an edited schema or a new resolver never gets a stale
 * IR, and a lookup neither reads the schema nor hashes it. The key is stored in the entry and
 * compared on read. NLKIT_NO_CACHE=1 turns the cache off.
 */
function cacheEntry(path: string, st: Stats): { file: string; key: string } | undefined {
  if (process.env.NLKIT_NO_CACHE) return undefined;
  const self = statSync(fileURLToPath(import.meta.url), { throwIfNoEntry: false });
  if (!self) return undefined;
  const key = [IR_VERSION, `${self.size}:${self.mtimeMs}`, resolve(path), st.dev, st.ino, st.size, st.mtimeMs, st.ctimeMs].join('\0');
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return { file: join(base, 'nlkit', 'ir', `${fnv64(key)}.json`), key };
}

/** A family from `--spec PATH` or by name. */
export async function loadFamily(opts: { spec?: string; family?: string }): Promise<{ ir: FamilyIR; path: string }> {
  if (opts.spec) return { ir: await loadSpec(opts.spec), path: opts.spec };
  if (!opts.family) throw new UsageError('which family? give a family name or --spec PATH');
  const f = findSpec(opts.family);
  return { ir: await loadSpec(f.path), path: f.path };
}
