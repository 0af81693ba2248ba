/**
 * Code blocks of markdown files, run as printed: shared by the README test and the cookbook test.
 *
 * - ```ts blocks are type-checked (strict, NodeNext) against the workspace packages;
 * - ```ts and ```js blocks are turned into JavaScript without lowering any syntax (so what
 *   Node 20 cannot parse, such as `await using`, fails here as it would for a reader) and run
 *   with node inside a throwaway netns;
 * - ```sh run blocks run with sh the same way, with the `nlkit` CLI on PATH; plain ```sh blocks
 *   (installs, set-up) are for readers only.
 *
 * Blocks name network namespaces as a reader would create them (`ip netns add demo`); the runner
 * puts the test's throwaway namespaces in their place. ```ts no-run marks a block that must not run;
 * ```sh setup one that prepares what the others expect.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface Block {
  /** The markdown file, relative to the repository. */
  file: string;
  index: number;
  lang: 'ts' | 'js' | 'sh';
  code: string;
  /** Line of the opening fence. */
  line: number;
  /** The nearest heading above the block. */
  heading: string;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Every workspace package by name, for the blocks' imports. */
export function workspacePackages(): Map<string, string> {
  const out = new Map<string, string>();
  for (const parent of ['packages', 'tools']) {
    for (const d of readdirSync(join(REPO, parent))) {
      const manifest = join(REPO, parent, d, 'package.json');
      if (existsSync(manifest)) out.set((JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name, join(REPO, parent, d));
    }
  }
  return out;
}

const LANGS: Record<string, Block['lang']> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', sh: 'sh', bash: 'sh' };

/**
 * The runnable blocks of a markdown file (relative to the repository), where the no-run ones are,
 * and its ```sh setup blocks (what a reader runs first; a test runs them its own way).
 */
export function blocksOf(file: string): { blocks: Block[]; noRun: string[]; setup: Block[] } {
  const blocks: Block[] = [];
  const noRun: string[] = [];
  const setup: Block[] = [];
  const text = readFileSync(join(REPO, file), 'utf8');
  const fence = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  let index = 0;
  for (let m = fence.exec(text); m; m = fence.exec(text)) {
    const [lang = '', ...words] = m[1]!.trim().split(/\s+/);
    const kind = LANGS[lang];
    if (!kind) continue;
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    // Headings outside code: a `# comment` in an earlier sh block is not one.
    const prose = before.replace(/^```[^\n]*\n[\s\S]*?^```[ \t]*$/gm, '');
    const heading = [...prose.matchAll(/^#+[ \t]+(.+)$/gm)].at(-1)?.[1]?.trim() ?? '';
    const block = { file, index: index++, lang: kind, code: m[2]!, line, heading };
    if (words.includes('no-run')) noRun.push(`${file}:${line}`);
    else if (kind === 'sh' && words.includes('setup')) setup.push(block);
    else if (kind !== 'sh' || words.includes('run')) blocks.push(block);
  }
  return { blocks, noRun, setup };
}

/**
 * Writes blocks into a scratch project whose node_modules links every workspace package (as an
 * install would), type-checks the ts ones together, and runs them inside namespaces.
 */
export class BlockRunner {
  readonly work: string;
  private errors?: Map<Block, string>;

  constructor(
    private readonly blocks: Block[],
    tag: string,
  ) {
    this.work = mkdtempSync(join(tmpdir(), `nlkit-${tag}-`));
  }

  private fileOf(b: Block, ext: string): string {
    return join(this.work, `${b.file.replace(/[/.]/g, '_')}-${b.index}.${ext}`);
  }

  /** The type errors of a ts block (one strict program over all of them), or undefined. */
  typeErrors(b: Block): string | undefined {
    this.errors ??= this.check();
    return this.errors.get(b);
  }

  private check(): Map<Block, string> {
    mkdirSync(join(this.work, 'bin'), { recursive: true });
    symlinkSync(join(REPO, 'packages/cli/bin/nlkit.cjs'), join(this.work, 'bin/nlkit'));
    writeFileSync(join(this.work, 'package.json'), '{"type":"module","private":true}\n');
    for (const [name, dir] of workspacePackages()) {
      mkdirSync(join(this.work, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(dir, join(this.work, 'node_modules', name));
    }
    const tsBlocks = this.blocks.filter((b) => b.lang === 'ts');
    for (const b of tsBlocks) writeFileSync(this.fileOf(b, 'ts'), b.code);
    const program = ts.createProgram(tsBlocks.map((b) => this.fileOf(b, 'ts')), {
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
      const b = tsBlocks.find((x) => d.file?.fileName === this.fileOf(x, 'ts'));
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const text = `${where ? `line ${b ? b.line + where.line + 1 : '?'}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      const key = b ?? tsBlocks[0]!;
      errors.set(key, [errors.get(key), text].filter(Boolean).join('\n'));
    }
    return errors;
  }

  /**
   * The block as a program for node, or for sh, with namespace names replaced: in sh every word
   * `demo`; in ts and js only inside string literals (`'demo'`, `'/run/netns/demo'`).
   */
  private program(b: Block, netns: Record<string, string>): { cmd: string; file: string } {
    let code = b.code;
    for (const [name, actual] of Object.entries(netns)) {
      code = b.lang === 'sh' ? code.replace(new RegExp(`\\b${name}\\b`, 'g'), actual) : code.replace(new RegExp(`(?<=['"\`/])${name}(?=['"\`])`, 'g'), actual);
    }
    if (b.lang === 'sh') {
      const file = this.fileOf(b, 'sh');
      writeFileSync(file, `set -e\n${code}`);
      return { cmd: 'sh', file };
    }
    const js = ts.transpileModule(code, {
      compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
      fileName: 'block.ts',
    }).outputText;
    const file = this.fileOf(b, 'mjs');
    writeFileSync(file, js);
    return { cmd: process.execPath, file };
  }

  /** Runs the block inside namespace `inside`; `netns` maps the names blocks use to real ones. */
  run(b: Block, inside: string, netns: Record<string, string>, timeout = 60_000): RunResult {
    const { cmd, file } = this.program(b, netns);
    const r = spawnSync('ip', ['netns', 'exec', inside, cmd, file], {
      encoding: 'utf8',
      timeout,
      cwd: this.work,
      env: { ...process.env, PATH: `${join(this.work, 'bin')}:${process.env.PATH}`, NO_COLOR: '1', NLKIT_NO_CACHE: '1' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr || String(r.error ?? '') };
  }

  remove(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}
