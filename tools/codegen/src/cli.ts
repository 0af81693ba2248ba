#!/usr/bin/env node
/**
 * nlkit-gen SCHEMA.yaml... --out DIR [--check]
 *
 * Loads every schema first: a SchemaError prints its issues and exits 2 with nothing written.
 * --check writes nothing and exits 1 when a generated file is stale or missing.
 */
import { SchemaError, formatIssue, loadSchemaFileSync } from '@nlkit/ynl';
import type { FamilyIR } from '@nlkit/ir';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateAll } from './generate.js';
import { findDrift, schemaLabel, writeFiles } from './check.js';

const USAGE = 'usage: nlkit-gen SCHEMA.yaml... --out DIR [--check]';

interface Args {
  schemas: string[];
  out: string;
  check: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const schemas: string[] = [];
  let out: string | undefined;
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out' || a === '-o') {
      out = argv[++i];
      if (out === undefined) return '--out needs a directory';
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--check') check = true;
    else if (a === '--help' || a === '-h') return '';
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else schemas.push(a);
  }
  if (!schemas.length) return 'no schema given';
  if (out === undefined) return '--out DIR is required';
  return { schemas, out, check };
}

export function main(argv: string[]): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) console.error(`nlkit-gen: ${args}`);
    console.error(USAGE);
    return args ? 2 : 0;
  }
  const items: Array<{ ir: FamilyIR; schemaLabel: string }> = [];
  let failed = false;
  for (const schema of [...args.schemas].sort()) {
    try {
      items.push({ ir: loadSchemaFileSync(schema), schemaLabel: schemaLabel(schema, args.out) });
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
  const files = generateAll(items);
  if (args.check) {
    const drift = findDrift(args.out, files);
    if (drift.length) {
      for (const d of drift) console.error(`${d.reason}: ${d.path}`);
      console.error(`nlkit-gen: ${drift.length} generated file(s) out of date; run \`pnpm gen\` to regenerate.`);
      return 1;
    }
    console.log(`nlkit-gen: ${items.length} package(s) up to date`);
    return 0;
  }
  const written = writeFiles(args.out, files);
  console.log(`nlkit-gen: ${items.length} package(s), ${written.length} file(s) written`);
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
