#!/usr/bin/env node
/**
 * nlkit-gen SCHEMA.yaml... --out DIR [--name NAME] [--mode monorepo|standalone] [--check]
 *
 * Loads every schema first: a SchemaError prints its issues and exits 2 with nothing written.
 * --check writes nothing and exits 1 when a generated file is stale or missing.
 */
import { SchemaError, formatIssue, loadSchemaFileSync } from '@nlkit/ynl';
import type { FamilyIR } from '@nlkit/ir';
import { realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAll } from './generate.js';
import { findDrift, schemaLabel, writeFiles } from './check.js';
import { packageDirName } from './package-files.js';
import { detectMode, folderOf, generatorVersion, invalidPackageName, shellWord, type Mode, type PackageTarget } from './target.js';

const HELP = `Usage: nlkit-gen SCHEMA.yaml... --out DIR [options]

Generates a typed netlink client package from each YNL schema, in DIR/<folder>/.

Options:
  -o, --out DIR       where the package folders go (required)
  --name NAME         npm name of the package (standalone mode, one schema only);
                      default: the schema's name, e.g. "kvstore"; the folder is NAME without its scope
  --mode MODE         standalone: a self-contained package (semver ranges on @nlkit/core
                      ^${generatorVersion()}, its own tsconfig, your package name);
                      monorepo: a package of the nlkit repository itself (workspace ranges,
                      the shared tsconfig, @nlkit/<name>).
                      Default: monorepo when DIR's parent is the nlkit repository root, else standalone
  --check             write nothing; exit 1 if a generated file is missing or stale
  -h, --help          this help
  -V, --version       the generator's version

Exit status: 0 ok, 1 --check found stale files, 2 bad usage or an invalid schema (nothing written).

Example:
  nlkit-gen schemas/kvstore.yaml --out packages --name @acme/kvstore
`;

interface Args {
  schemas: string[];
  out: string;
  check: boolean;
  name?: string;
  mode?: Mode;
}

type Parsed = Args | { help: true } | { version: true } | { error: string };

function parseArgs(argv: string[]): Parsed {
  const schemas: string[] = [];
  let out: string | undefined;
  let name: string | undefined;
  let mode: string | undefined;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string | undefined => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (flag === '--out' || flag === '-o') {
      out = value();
      if (!out) return { error: '--out needs a directory' };
    } else if (flag === '--name') {
      name = value();
      if (!name) return { error: '--name needs a package name' };
    } else if (flag === '--mode') {
      mode = value();
      if (mode !== 'monorepo' && mode !== 'standalone') return { error: `--mode must be monorepo or standalone, not ${JSON.stringify(mode ?? '')}` };
    } else if (a === '--check') check = true;
    else if (a === '--help' || a === '-h') return { help: true };
    else if (a === '--version' || a === '-V') return { version: true };
    else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else schemas.push(a);
  }
  if (!schemas.length) return { error: 'no schema given' };
  if (out === undefined) return { error: '--out DIR is required' };
  return { schemas, out, check, name, mode: mode as Mode | undefined };
}

/** The standalone target of one schema: the name, and the command that regenerates it. */
function standaloneTarget(schema: string, out: string, name: string): PackageTarget {
  const pkgDir = join(resolve(out), folderOf(name));
  const rel = (p: string) => relative(pkgDir, resolve(p)).split(sep).join('/') || '.';
  const words = ['npx', '--yes', '--package', `@nlkit/codegen@${generatorVersion()}`, 'nlkit-gen', rel(schema), '--out', rel(out), '--name', name, '--mode', 'standalone'];
  return { mode: 'standalone', name, regenerate: words.map(shellWord).join(' ') };
}

function usageError(message: string): number {
  console.error(`nlkit-gen: ${message} (see nlkit-gen --help)`);
  return 2;
}

export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if ('help' in args) {
    process.stdout.write(HELP);
    return 0;
  }
  if ('version' in args) {
    console.log(generatorVersion());
    return 0;
  }
  if ('error' in args) return usageError(args.error);
  const mode = args.mode ?? detectMode(args.out);
  if (args.name !== undefined) {
    if (mode === 'monorepo') return usageError('--name is for standalone packages; in the nlkit repository a package is named @nlkit/<schema name>');
    if (args.schemas.length > 1) return usageError('--name names one package; give one schema');
    const bad = invalidPackageName(args.name);
    if (bad) return usageError(bad);
  }
  const items: Array<{ ir: FamilyIR; schemaLabel: string; target: PackageTarget }> = [];
  let failed = false;
  for (const schema of [...args.schemas].sort()) {
    try {
      const ir = loadSchemaFileSync(schema);
      const target: PackageTarget = mode === 'monorepo' ? { mode } : standaloneTarget(schema, args.out, args.name ?? packageDirName(ir.name));
      items.push({ ir, schemaLabel: schemaLabel(schema, args.out), target });
    } catch (err) {
      if (!(err instanceof SchemaError)) throw err;
      failed = true;
      for (const issue of err.issues) console.error(formatIssue(issue));
    }
  }
  if (failed) {
    console.error('nlkit-gen: invalid schema; nothing was written');
    return 2;
  }
  let files;
  try {
    files = generateAll(items);
  } catch (err) {
    // Two schemas that make the same package folder.
    return usageError((err as Error).message);
  }
  if (args.check) {
    const drift = findDrift(args.out, files);
    if (drift.length) {
      for (const d of drift) console.error(`${d.reason}: ${d.path}`);
      const how = mode === 'monorepo' ? 'run `pnpm gen`' : 'run the same nlkit-gen command without --check (see the package README)';
      console.error(`nlkit-gen: ${drift.length} generated file(s) out of date; ${how} to regenerate.`);
      return 1;
    }
    console.log(`nlkit-gen: ${items.length} package(s) up to date (${mode})`);
    return 0;
  }
  const written = writeFiles(args.out, files);
  console.log(`nlkit-gen: ${items.length} ${mode} package(s), ${written.length} file(s) written`);
  return 0;
}

/** Run only as a program (not when imported by tests). */
function isMain(): boolean {
  const argv1 = process.argv[1];
  if (argv1 === undefined) return false;
  try {
    return realpathSync(argv1) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) process.exitCode = main(process.argv.slice(2));
