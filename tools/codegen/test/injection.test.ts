/**
 * Schema text never becomes code: a schema full of comment terminators, quotes, backticks and
 * `${...}` generates a module that compiles and behaves exactly like its harmless twin.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSchemaText } from '@nlkit/ynl';
import type { FamilyIR } from '@nlkit/ir';
import { generatePackage, type GeneratedFile } from '../src/generate.js';
import { clean, hostile, twinYaml, type TwinText } from './fixtures/twin.js';
import { formatDiagnostics, repoRoot, typeCheck, writeTree } from './helpers.js';

interface Twin {
  text: TwinText;
  ir: FamilyIR;
  dir: string;
  files: Map<string, GeneratedFile>;
}

function make(text: TwinText): Twin {
  const ir = loadSchemaText(twinYaml(text), `${text === hostile ? 'hostile' : 'clean'}.yaml`);
  const { dir, files } = generatePackage(ir, { schemaLabel: 'test/fixtures/twin.ts' });
  return { text, ir, dir, files };
}

const twins = [make(hostile), make(clean)];
const [evil, good] = twins as [Twin, Twin];
const all = new Map<string, GeneratedFile>();
for (const t of twins) for (const [p, f] of t.files) all.set(`${t.dir}/${p}`, f);
const out = writeTree(all, 'nlkit-codegen-injection-');
afterAll(() => rmSync(out, { recursive: true, force: true }));

const core = join(repoRoot, 'packages/core/src/codegenv1.ts');

/** The generated module, with its core import pointed at core's sources, loaded for real. */
async function load(t: Twin): Promise<Record<string, any>> {
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-codegen-run-'));
  const gen = join(out, t.dir, 'src/gen');
  const rewrite = (s: string) => s.replaceAll("'@nlkit/core/codegenv1'", JSON.stringify(core));
  writeFileSync(join(dir, `${t.dir}.ir.ts`), rewrite(readFileSync(join(gen, `${t.dir}.ir.ts`), 'utf8')));
  writeFileSync(join(dir, 'mod.ts'), rewrite(readFileSync(join(gen, `${t.dir}.ts`), 'utf8')));
  return import(pathToFileURL(join(dir, 'mod.ts')).href);
}

describe('codegen injection', () => {
  it('hostile and clean twins both compile under --strict', () => {
    const roots = [...all.keys()].filter((p) => p.includes('/src/gen/')).map((p) => join(out, p));
    const diags = typeCheck(roots);
    expect(diags.length, formatDiagnostics(diags)).toBe(0);
  }, 120_000);

  it('hostile text appears only inside string literals and comments', () => {
    for (const t of twins) {
      for (const [p, f] of t.files) {
        if (!p.endsWith('.ts')) continue;
        const code: string[] = [];
        const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, f.content);
        for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
          if (k === ts.SyntaxKind.NoSubstitutionTemplateLiteral || k === ts.SyntaxKind.TemplateHead) throw new Error(`${p}: template literal in generated code`);
          if (k === ts.SyntaxKind.MultiLineCommentTrivia) {
            const c = scanner.getTokenText();
            expect(c.slice(2, -2).includes('*/'), `${p}: comment closes early: ${c}`).toBe(false);
            continue;
          }
          if (k === ts.SyntaxKind.StringLiteral || k === ts.SyntaxKind.SingleLineCommentTrivia) continue;
          if (k === ts.SyntaxKind.WhitespaceTrivia || k === ts.SyntaxKind.NewLineTrivia) continue;
          code.push(scanner.getTokenText());
        }
        const text = code.join(' ');
        for (const bad of ['process', 'globalThis', '`', '${', '</', '*/', 'script>']) {
          expect(text.includes(bad), `${p}: ${JSON.stringify(bad)} outside strings and comments`).toBe(false);
        }
      }
    }
  });

  it('the emitted IR literal is the loaded IR', async () => {
    for (const t of twins) {
      const mod = await load(t);
      const irName = Object.keys(mod).find((k) => k.endsWith('Ir'))!;
      expect(mod[irName]).toEqual(t.ir);
      expect(JSON.stringify(mod[irName])).toBe(JSON.stringify(t.ir));
    }
  }, 60_000);

  it('encodes and decodes like the clean twin', async () => {
    const [m1, m2] = [await load(evil), await load(good)];
    const req = (t: TwinText) => ({
      header: { family: 2, index: 7 },
      class: 5,
      colour: t.colours[2],
      perms: [t.perms[0], t.perms[2]],
      label: 'x',
      constructor: true,
      _8021q: 9n,
    });
    const b1 = m1.encodeConstructorRequest(req(evil.text));
    const b2 = m2.encodeConstructorRequest(req(good.text));
    expect(b1).toEqual(b2);
    expect(m1.decodeConstructorReply(b1)).toEqual(req(evil.text));
    expect(m2.decodeConstructorReply(b2)).toEqual(req(good.text));
    // Sub-messages keyed by hostile selector values: same payload bytes as the twin's.
    for (const [mod, t] of [[m1, evil.text], [m2, good.text]] as const) {
      const v = { kind: t.fmtA, data: { new: 3 } };
      const bytes: Uint8Array = mod.encodeConstructorRequest(v);
      expect(mod.decodeConstructorReply(bytes)).toMatchObject(v);
      // A format that is only a struct takes (and decodes to) the struct itself.
      const w = { kind: t.fmtB, data: { family: 1, index: 2 } };
      expect(mod.decodeConstructorReply(mod.encodeConstructorRequest(w))).toMatchObject(w);
    }
    // Enum const objects carry the same wire values under the hostile names.
    expect(Object.values(m1.Colour)).toEqual(Object.values(m2.Colour));
    expect(Object.keys(m1.Colour)).toEqual(evil.text.colours);
  }, 60_000);

  it('a method named like a FamilyClient member gets an Op suffix', async () => {
    const mod = await load(evil);
    const client = Object.keys(mod).find((k) => k.endsWith('Client'))!;
    const proto = mod[client].prototype;
    expect(typeof proto.constructorOp).toBe('function');
    expect(typeof proto.constructorDump).toBe('function');
    expect(typeof proto.closeOp).toBe('function');
    expect(proto.close).toBe(Object.getPrototypeOf(proto).close);
  }, 60_000);
});
