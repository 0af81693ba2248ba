/**
 * Generated code carries no type assertions: no `x as T`, no `<T>x`, not even `as const`. The
 * runtime and client are generic over each family's `FamilyTypes`, so the one assertion lives in
 * core (client/typed.ts), not in every generated package. Checked on the repo's schemas and on the
 * kernel corpus (../shared/ynl-specs) when present.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { generatePackage } from '../src/generate.js';
import { repoRoot } from './helpers.js';

/** Every type assertion in `text`, as `line: source`. */
export function typeAssertions(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      found.push(`${fileName}:${line + 1}: ${node.getText(sf).slice(0, 120)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function schemaFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f)) : [];
}

function assertionsIn(files: string[]): { generated: number; found: string[] } {
  const found: string[] = [];
  let generated = 0;
  for (const f of files) {
    const { files: pkg } = generatePackage(loadSchemaFileSync(f), { schemaLabel: f });
    for (const [path, file] of pkg) {
      if (!path.endsWith('.ts')) continue;
      generated++;
      found.push(...typeAssertions(`${f} → ${path}`, file.content));
    }
  }
  return { generated, found };
}

describe('generated code has no casts', () => {
  it('the detector finds as-expressions, as const and angle-bracket assertions', () => {
    const text = 'const a = b as unknown as C;\nconst d = { x: 1 } as const;\nconst e = <F>g;\nconst ok = "as unknown as";\n';
    expect(typeAssertions('t.ts', text)).toHaveLength(4);
  });

  const repoSchemas = schemaFiles(join(repoRoot, 'schemas'));
  it(`the repo's ${repoSchemas.length} schemas`, () => {
    const { generated, found } = assertionsIn(repoSchemas);
    expect(generated).toBeGreaterThanOrEqual(repoSchemas.length * 2);
    expect(found, found.join('\n')).toEqual([]);
  }, 120_000);

  const corpus = schemaFiles(join(repoRoot, '../shared/ynl-specs'));
  it.skipIf(corpus.length === 0)(`the kernel corpus's ${corpus.length} specs`, () => {
    const failures: string[] = [];
    const found: string[] = [];
    for (const f of corpus) {
      try {
        found.push(...assertionsIn([f]).found);
      } catch (err) {
        failures.push(`${f}: ${(err as Error).message}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(found, found.join('\n')).toEqual([]);
  }, 600_000);
});
