/** Shared by the codegen tests: generate into a folder and type-check it in-process. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { GeneratedFile } from '../src/generate.js';

export const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');

export function writeTree(files: Map<string, GeneratedFile>, prefix = 'nlkit-codegen-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, f] of files) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  return dir;
}

/** One strict tsc program over `rootNames`; @nlkit/core/codegenv1 and @nlkit/ir map to their sources. */
export function typeCheck(rootNames: string[]): ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    types: ['node'],
    typeRoots: [join(repoRoot, 'node_modules/@types')],
    skipLibCheck: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    paths: {
      '@nlkit/core/codegenv1': [join(repoRoot, 'packages/core/src/codegenv1.ts')],
      '@nlkit/ir': [join(repoRoot, 'packages/ir/src/index.ts')],
    },
  };
  const program = ts.createProgram({ rootNames, options });
  return [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()];
}

export function formatDiagnostics(diags: readonly ts.Diagnostic[], max = 200): string {
  return diags.slice(0, max).map((d) => {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return msg;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName}:${line + 1}:${character + 1}: ${msg}`;
  }).join('\n');
}
