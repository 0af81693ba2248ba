/**
 * Every code example in every README runs as printed, on the Node that runs the tests (20):
 *
 * - ```ts blocks are type-checked (strict, NodeNext) against the workspace packages;
 * - ```ts and ```js blocks are turned into JavaScript without lowering any syntax (so what
 *   Node 20 cannot parse, such as `await using`, fails here as it would for a reader) and run
 *   with node inside a throwaway netns;
 * - ```sh run blocks run with sh the same way, with the `nlkit` CLI on PATH; plain ```sh blocks
 *   (installs, set-up) are for readers only.
 *
 * Examples that need a namespace name use 'demo' (`ip netns add demo`); the test substitutes
 * its own. A ```ts or ```js block that must not run says so: ```ts no-run. There are few.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect } from 'vitest';
import { kernelIt, withNetns, type Netns } from '@nlkit/testkit';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** Where blocks are written: its node_modules links every workspace package, as an install would. */
const WORK = mkdtempSync(join(tmpdir(), 'nlkit-readme-'));

interface Block {
  readme: string;
  index: number;
  lang: 'ts' | 'js' | 'sh';
  code: string;
  line: number;
}

/** Every workspace package by name, for the blocks' imports. */
function workspacePackages(): Map<string, string> {
  const out = new Map<string, string>();
  for (const parent of ['packages', 'tools']) {
    for (const d of readdirSync(join(REPO, parent))) {
      const manifest = join(REPO, parent, d, 'package.json');
      if (existsSync(manifest)) out.set((JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name, join(REPO, parent, d));
    }
  }
  return out;
}

function readmes(): string[] {
  const out = ['README.md'];
  for (const parent of ['packages', 'tools']) {
    for (const d of readdirSync(join(REPO, parent)).sort()) {
      if (existsSync(join(REPO, parent, d, 'README.md'))) out.push(`${parent}/${d}/README.md`);
    }
  }
  return out;
}

const LANGS: Record<string, Block['lang']> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', sh: 'sh', bash: 'sh' };

/** The runnable blocks of every README, and the ones marked no-run. */
function collect(): { blocks: Block[]; noRun: string[] } {
  const blocks: Block[] = [];
  const noRun: string[] = [];
  for (const readme of readmes()) {
    const text = readFileSync(join(REPO, readme), 'utf8');
    const fence = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
    let index = 0;
    for (let m = fence.exec(text); m; m = fence.exec(text)) {
      const [lang = '', ...words] = m[1]!.trim().split(/\s+/);
      const kind = LANGS[lang];
      if (!kind) continue;
      const line = text.slice(0, m.index).split('\n').length;
      if (words.includes('no-run')) noRun.push(`${readme}:${line}`);
      else if (kind !== 'sh' || words.includes('run')) blocks.push({ readme, index: index++, lang: kind, code: m[2]!, line });
    }
  }
  return { blocks, noRun };
}

const { blocks, noRun } = collect();
const fileOf = (b: Block, ext: string) => join(WORK, `${b.readme.replace(/[/.]/g, '_')}-${b.index}.${ext}`);

/** One strict program over every ts block; diagnostics by block. */
function typeErrors(): Map<Block, string> {
  const tsBlocks = blocks.filter((b) => b.lang === 'ts');
  for (const b of tsBlocks) writeFileSync(fileOf(b, 'ts'), b.code);
  const program = ts.createProgram(tsBlocks.map((b) => fileOf(b, 'ts')), {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    skipLibCheck: true,
  });
  const errors = new Map<Block, string>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const b = tsBlocks.find((x) => d.file?.fileName === fileOf(x, 'ts'));
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const text = `${where ? `line ${b ? b.line + where.line + 1 : '?'}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    const key = b ?? tsBlocks[0]!;
    errors.set(key, [errors.get(key), text].filter(Boolean).join('\n'));
  }
  return errors;
}

/** The block as a program for node, or for sh, with the netns name put in. */
function program(b: Block, ns: string): { cmd: string; file: string } {
  if (b.lang === 'sh') {
    const file = fileOf(b, 'sh');
    writeFileSync(file, `set -e\n${b.code.replace(/\bdemo\b/g, ns)}`);
    return { cmd: 'sh', file };
  }
  const js = ts.transpileModule(b.code.replaceAll("'demo'", JSON.stringify(ns)), {
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
    fileName: 'block.ts',
  }).outputText;
  const file = fileOf(b, 'mjs');
  writeFileSync(file, js);
  return { cmd: process.execPath, file };
}

function run(b: Block, ns: Netns): { status: number | null; stdout: string; stderr: string } {
  const { cmd, file } = program(b, ns.name);
  const r = spawnSync('ip', ['netns', 'exec', ns.name, cmd, file], {
    encoding: 'utf8',
    timeout: 60_000,
    cwd: WORK,
    env: { ...process.env, PATH: `${join(WORK, 'bin')}:${process.env.PATH}`, NO_COLOR: '1', NLKIT_NO_CACHE: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr || String(r.error ?? '') };
}

let checked: Map<Block, string> | undefined;
function prepare(): Map<Block, string> {
  if (!checked) {
    mkdirSync(join(WORK, 'bin'), { recursive: true });
    symlinkSync(join(REPO, 'packages/cli/bin/nlkit.cjs'), join(WORK, 'bin/nlkit'));
    writeFileSync(join(WORK, 'package.json'), '{"type":"module","private":true}\n');
    for (const [name, dir] of workspacePackages()) {
      mkdirSync(join(WORK, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(dir, join(WORK, 'node_modules', name));
    }
    checked = typeErrors();
  }
  return checked;
}
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('README examples', () => {
  kernelIt('every README has been read, and few blocks opt out', () => {
    expect(readmes()).toEqual(expect.arrayContaining(['README.md', 'packages/core/README.md', 'packages/ir/README.md', 'packages/ynl/README.md', 'packages/cli/README.md', 'tools/codegen/README.md', 'packages/rt-link/README.md']));
    for (const r of readmes().filter((f) => f !== 'README.md' && !f.includes('/examples/') && !f.includes('/testkit/'))) {
      expect(blocks.some((b) => b.readme === r), `${r} has no runnable example`).toBe(true);
    }
    expect(noRun.length, `blocks marked no-run: ${noRun.join(', ')}`).toBeLessThanOrEqual(3);
  });

  for (const b of blocks) {
    kernelIt(`${b.readme}:${b.line} (${b.lang}) runs as printed`, async () => {
      const errors = prepare().get(b);
      expect(errors, `${b.readme}:${b.line} does not type-check`).toBeUndefined();
      await withNetns((ns) => {
        const r = run(b, ns);
        expect(r.status, `${b.readme}:${b.line} exited ${r.status}\n${r.stderr}\n${r.stdout}`).toBe(0);
        if (b.readme === 'README.md') checkRootExample(ns, r.stdout);
      }, 'readme');
    }, 120_000);
  }
});

/** The root README's example did what it says: veth0 up with 10.0.0.1/24, a route to 10.9.0.0/16. */
function checkRootExample(ns: Netns, stdout: string): void {
  const veth = ns.ipJson<Array<{ ifname: string; flags: string[]; addr_info: Array<{ local: string; prefixlen: number }> }>>('addr', 'show', 'veth0')[0]!;
  expect(veth.flags).toContain('UP');
  expect(veth.addr_info).toContainEqual(expect.objectContaining({ local: '10.0.0.1', prefixlen: 24 }));
  const routes = ns.ipJson<Array<{ dst: string; gateway?: string }>>('route', 'show');
  expect(routes).toContainEqual(expect.objectContaining({ dst: '10.9.0.0/16', gateway: '10.0.0.2' }));
  // It prints every IPv4 route: dst, gateway, oif.
  expect(stdout.split('\n')).toContainEqual(expect.stringMatching(/^10\.9\.0\.0 10\.0\.0\.2 \d+$/));
}
