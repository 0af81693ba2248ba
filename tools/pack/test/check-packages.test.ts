/** The packaging checks find what they are for (and nothing in a clean package). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations
import { importsOf, lint, ownChecks, staleOutputs, typesCheck } from '../check-packages.mjs';

const work = mkdtempSync(join(tmpdir(), 'nlkit-check-packages-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes `files` under `<dir>/package/` and returns that folder. */
function unpacked(name: string, files: Record<string, string>): string {
  const root = join(work, name, 'package');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

function tarball(name: string, files: Record<string, string>): string {
  const root = unpacked(name, files);
  const file = join(work, `${name}.tgz`);
  execFileSync('tar', ['czf', file, '-C', dirname(root), 'package']);
  return file;
}

const manifest = (extra: object = {}) => JSON.stringify({
  name: '@acme/good',
  version: '1.0.0',
  type: 'module',
  exports: { '.': { types: './index.d.ts', default: './index.js' } },
  files: ['index.js', 'index.d.ts'],
  engines: { node: '>=20' },
  repository: { type: 'git', url: 'git+https://github.com/acme/acme.git', directory: 'packages/good' },
  license: 'MIT',
  dependencies: { 'left-pad': '^1.3.0' },
  ...extra,
});

const good = {
  'package.json': manifest(),
  'README.md': '# good\n',
  LICENSE: 'MIT\n',
  'index.js': "import pad from 'left-pad';\nimport { readFileSync } from 'node:fs';\nexport const x = pad('a', 2) + typeof readFileSync;\n",
  'index.d.ts': 'export declare const x: string;\n',
};

describe('importsOf', () => {
  it('finds every kind of import and nothing inside strings or comments', () => {
    const text = [
      "import a from 'a';", "export * from '@s/b/deep';", "const c = await import('c');", "const d = require('d');",
      "export declare const e: import('e').E;", '// import x from "not-this";', "const s = \"import y from 'nor-this'\";",
      "import './local.js';", "import '/abs.js';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['@s/b/deep', 'a', 'c', 'd', 'e']);
    expect(importsOf('/// <reference types="node" />\nexport {};\n')).toEqual(['node']);
  });
});

describe('our own checks', () => {
  it('a clean package has no problems', () => {
    expect(ownChecks(unpacked('clean', good), 'packages/good')).toEqual([]);
  });

  it('finds missing files and fields, undeclared imports, Node types, stray maps and bins', () => {
    const root = unpacked('dirty', {
      'package.json': JSON.stringify({ name: '@acme/dirty', version: '1.0.0', bin: { dirty: './bin/dirty.js' }, dependencies: { '@acme/core': 'workspace:*' } }),
      'index.js': "import 'undeclared-dep/sub';\nimport { x } from '@acme/core';\n",
      'index.d.ts': "import type { Buffer } from 'node:buffer';\nexport declare const b: Buffer;\n",
      'index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
    });
    expect(ownChecks(root, 'packages/dirty').sort()).toEqual([
      'no LICENSE in the tarball',
      'no README in the tarball',
      'a workspace: range was packed',
      'no engines.node',
      'no license',
      'repository should be { url: git+https://…, directory: packages/dirty }',
      'undeclared-dep is not a dependency, but index.js imports undeclared-dep/sub',
      '@types/node is not a dependency, but index.d.ts imports node:buffer',
      'index.js.map points at ../src/index.ts, which is not shipped',
      'bin ./bin/dirty.js is not shipped',
    ].sort());
  });
});

describe('publint and attw on a tarball', () => {
  it('a clean package passes both', async () => {
    const file = tarball('good', good);
    expect(await lint(file)).toEqual([]);
    expect(await typesCheck(file, JSON.parse(good['package.json']))).toEqual([]);
  }, 60_000);

  it('publint: an export that is not shipped', async () => {
    const file = tarball('no-file', { ...good, 'package.json': manifest({ exports: { '.': { types: './index.d.ts', default: './missing.js' } } }) });
    expect((await lint(file)).join('\n')).toMatch(/publint error: .*missing\.js/);
  }, 60_000);

  it('attw: CommonJS types for an ES module', async () => {
    const files = { ...good, 'package.json': manifest({ exports: { '.': { types: './index.d.cts', default: './index.js' } }, files: ['index.js', 'index.d.cts'] }), 'index.d.cts': 'export declare const x: string;\n' };
    const file = tarball('false-cjs', files);
    const problems = await typesCheck(file, JSON.parse(files['package.json']));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^attw: FalseCJS .*index\.d\.cts/);
  }, 60_000);

  it('attw: a package with nothing to import needs no types, one with an entry point does', async () => {
    const bin = { name: '@acme/tool', version: '1.0.0', type: 'module', bin: { tool: './tool.js' }, exports: { './package.json': './package.json' } };
    const files = { 'package.json': JSON.stringify(bin), 'tool.js': 'console.log(1);\n', 'README.md': '#\n', LICENSE: 'x' };
    expect(await typesCheck(tarball('tool', files), bin)).toEqual([]);
    const importable = { ...bin, main: './tool.js' };
    expect(await typesCheck(tarball('tool-main', { ...files, 'package.json': JSON.stringify(importable) }), importable)).toEqual(['attw: the package can be imported but ships no types']);
  }, 60_000);
});

describe('stale build output', () => {
  it('a dist/ file without its src/ file is reported', () => {
    const dir = join(work, 'stale');
    for (const f of ['src/a.ts', 'src/sub/b.ts', 'dist/a.js', 'dist/a.d.ts', 'dist/sub/b.js', 'dist/gone.js', 'dist/gone.d.ts']) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), '');
    }
    expect(staleOutputs(dir).sort()).toEqual([
      'dist/gone.d.ts has no src/ file (stale build output: delete dist/ and build again)',
      'dist/gone.js has no src/ file (stale build output: delete dist/ and build again)',
    ]);
  });
});
