/**
 * Every kernel spec in the shared corpus loads, generates, and the output compiles under
 * `tsc --strict` (one program over all generated sources).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { generatePackage, type GeneratedFile } from '../src/generate.js';
import { formatDiagnostics, repoRoot, typeCheck, writeTree } from './helpers.js';

const corpusDir = join(repoRoot, '../shared/ynl-specs');
const specs = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => f.endsWith('.yaml')).sort() : [];
const title = specs.length
  ? `all ${specs.length} corpus specs generate and compile under tsc --strict`
  : `corpus specs compile (skipped: ${corpusDir} is absent)`;

describe('codegen corpus', () => {
  it.skipIf(specs.length === 0)(title, () => {
    const failures: string[] = [];
    const files = new Map<string, GeneratedFile>();
    const dirs: string[] = [];
    for (const f of specs) {
      try {
        const { dir, files: pkg } = generatePackage(loadSchemaFileSync(join(corpusDir, f)), { schemaLabel: f });
        dirs.push(dir);
        for (const [p, c] of pkg) files.set(`${dir}/${p}`, c);
      } catch (err) {
        failures.push(`${f}: ${(err as Error).message}`);
      }
    }
    const out = writeTree(files, 'nlkit-codegen-corpus-');
    try {
      const roots = [...files.keys()].filter((p) => p.includes('/src/gen/')).map((p) => join(out, p));
      const diags = typeCheck(roots);
      const bad = new Set<string>();
      for (const d of diags) {
        const name = d.file?.fileName ?? '';
        bad.add(name.startsWith(out) ? name.slice(out.length + 1).split('/')[0]! : '(outside the generated code)');
      }
      const ok = bad.has('(outside the generated code)') ? 0 : dirs.filter((d) => !bad.has(d)).length;
      console.log(`codegen corpus: ${ok}/${specs.length} specs compile`);
      if (diags.length) failures.push(`does not compile: ${[...bad].join(', ')}\n${formatDiagnostics(diags)}`);
      expect(failures, failures.join('\n')).toEqual([]);
      expect(ok).toBe(specs.length);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 600_000);
});

