/**
 * `pnpm run docs` (tools/docs/build.mjs) as CI sees it, on one package: TypeDoc converts a generated
 * family with every schema `doc:` on its types and members, and a missing export or a broken
 * {@link} fails the build instead of passing with a warning.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sanitizeDoc } from '../../codegen/src/emit/docs.js';
import { buildDocs, DocsError, documentedPackages, entryPointsOf } from '../build.mjs';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const TMP = mkdtempSync(join(tmpdir(), 'nlkit-docs-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

interface Comment {
  summary?: Array<{ text: string }>;
  blockTags?: Array<{ content: Array<{ text: string }> }>;
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every comment text in a TypeDoc JSON project, and the names of its reflections. */
function commentsAndNames(json: unknown): { text: string; names: Set<string> } {
  const texts: string[] = [];
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as { comment?: Comment; name?: unknown; variant?: unknown };
      if (o.comment) texts.push([...(o.comment.summary ?? []), ...(o.comment.blockTags ?? []).flatMap((t) => t.content)].map((p) => p.text).join(''));
      if (typeof o.name === 'string' && o.variant === 'declaration') names.add(o.name);
      Object.values(v).forEach(walk);
    }
  };
  walk(json);
  return { text: squash(texts.join('\n')), names };
}

/** Every `doc` in an IR with where it sits, leaving out pad members (the types hide them). */
function irDocs(ir: unknown): Array<{ path: string; doc: string }> {
  const out: Array<{ path: string; doc: string }> = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${(x as { name?: string })?.name ?? i}]`));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const [k, x] of Object.entries(o)) {
        if (k === 'doc' && typeof x === 'string') {
          if (o.type !== 'pad') out.push({ path, doc: x });
        } else walk(x, `${path}.${k}`);
      }
    }
  };
  walk(ir, '');
  return out;
}

/** A one-file package outside the repository, shaped as ours are. */
function fixturePackage(name: string, source: string): string {
  const dir = join(TMP, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@fixture/${name}`, version: '0.0.0', type: 'module', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', declaration: true, outDir: 'dist', rootDir: 'src', types: [] }, include: ['src'] }));
  writeFileSync(join(dir, 'src/index.ts'), source);
  return dir;
}

describe('pnpm run docs', () => {
  it('covers core with its subpaths, ir, ynl and every family package', () => {
    const names = documentedPackages().map((d) => d.slice(REPO.length));
    expect(names).toEqual(expect.arrayContaining(['packages/core', 'packages/ir', 'packages/ynl', 'packages/rt-link', 'packages/rt-route', 'packages/tc', 'packages/ethtool', 'packages/nlctrl']));
    for (const internal of ['packages/cli', 'packages/native', 'packages/testkit', 'packages/examples']) expect(names).not.toContain(internal);
    const core = [...entryPointsOf(join(REPO, 'packages/core')).values()].sort();
    expect(core).toEqual(['@nlkit/core', '@nlkit/core/codegenv1', '@nlkit/core/genl', '@nlkit/core/netfilter', '@nlkit/core/wire']);
  });

  it('puts every schema doc of a generated family on its types and members', async () => {
    const jsonFile = join(TMP, 'rt-neigh.json');
    await buildDocs([join(REPO, 'packages/rt-neigh')], { json: jsonFile });
    const { text, names } = commentsAndNames(JSON.parse(readFileSync(jsonFile, 'utf8')));
    const { rtNeighIr } = (await import(join(REPO, 'packages/rt-neigh/dist/index.js'))) as { rtNeighIr: unknown };
    const docs = irDocs(rtNeighIr);
    expect(docs.length).toBeGreaterThan(50);
    const missing = docs.filter((d) => !text.includes(squash(d.doc))).map((d) => d.path);
    expect(missing, 'schema docs missing from the API reference').toEqual([]);
    expect([...names]).toEqual(expect.arrayContaining(['RtNeighClient', 'newneigh', 'getneighDump', 'Ndmsg']));
  }, 180_000);

  it('every family: each schema doc is a TSDoc comment in the generated module', async () => {
    const families = documentedPackages().filter((d) => existsSync(join(d, 'src/gen')));
    expect(families.length).toBeGreaterThan(10);
    for (const dir of families) {
      const gen = join(dir, 'src/gen');
      const module = readdirSync(gen).find((f) => f.endsWith('.ts') && !f.endsWith('.ir.ts'))!;
      const source = readFileSync(join(gen, module), 'utf8');
      const comments = squash([...source.matchAll(/\/\*\*([\s\S]*?)\*\//g)].map((m) => m[1]!.replace(/^[ \t]*\* ?/gm, '')).join('\n'));
      const exports = (await import(join(dir, 'dist/index.js'))) as Record<string, unknown>;
      const ir = Object.entries(exports).find(([name]) => name.endsWith('Ir'))?.[1];
      const docs = irDocs(ir);
      expect(docs.length, `${module}: no docs in its IR`).toBeGreaterThan(5);
      const missing = docs.filter((d) => !comments.includes(squash(sanitizeDoc(d.doc)))).map((d) => d.path);
      expect(missing, `${module}: schema docs without a TSDoc comment`).toEqual([]);
    }
  });

  it('fails on a broken {@link}', async () => {
    const dir = fixturePackage('broken-link', '/** Works with {@link NoSuchThing}. */\nexport const answer = 42;\n');
    const err = await buildDocs([dir], { json: join(TMP, 'broken-link.json'), logLevel: 'None' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocsError);
    expect((err as Error).message).toMatch(/NoSuchThing/);
  }, 120_000);

  it('fails when a public type refers to one no entry point exports', async () => {
    const dir = fixturePackage('not-exported', 'interface Hidden { a: number }\n/** Returns a hidden shape. */\nexport function make(): Hidden { return { a: 1 }; }\n');
    const err = await buildDocs([dir], { json: join(TMP, 'not-exported.json'), logLevel: 'None' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocsError);
    expect((err as Error).message).toMatch(/Hidden.*not included in the documentation/);
  }, 120_000);
});
