// @nlkit/native as published: `pnpm pack` (its prepack builds the linux-x64 and cross-compiled
// linux-arm64 prebuilds), the tarball's contents, then installs of that tarball into throwaway
// projects under os.tmpdir() whose PATH has node, npm and pnpm but no compiler, make or python.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = resolve(pkgDir, '../..');
const pnpmCli = join(repoRoot, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
const { readElf, highestVersion } = createRequire(import.meta.url)('../scripts/elf.cjs') as {
  readElf(file: string): { needs: Record<string, string[]> };
  highestVersion(versions: string[], prefix: string): number[] | undefined;
};

const isRoot = process.getuid?.() === 0;
const onCi = process.env.CI === 'true';

let work: string; // everything this test writes outside the repo
let tarball: string;
let unpacked: string; // the tarball's package/ directory
let files: string[]; // paths inside package/
let noCompilerEnv: NodeJS.ProcessEnv;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [relative(unpacked, join(dir, e.name))],
  );
}

/** A bin directory with node, npm, pnpm and sh only: no g++, cc, make or python3. */
function noCompilerBin(): string {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const which = (cmd: string) => execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim();
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync(realpathSync(which('npm')), join(bin, 'npm'));
  symlinkSync(pnpmCli, join(bin, 'pnpm'));
  for (const tool of ['sh', 'env']) symlinkSync(realpathSync(which(tool)), join(bin, tool));
  return bin;
}

function run(cmd: string, args: string[], cwd: string, env = noCompilerEnv) {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { ...r, ms: performance.now() - started, output: `${r.stdout}\n${r.stderr}` };
}

function newProject(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `nlkit-pack-${name}`, private: true, type: 'module' }));
  return dir;
}

// Opens and closes a NETLINK_ROUTE socket; prints which addon file the process mapped.
const LOAD_CHECK = `
import { openSocketSync, constants } from '@nlkit/native';
import { readFileSync } from 'node:fs';
const sock = openSocketSync(constants.NETLINK_ROUTE);
sock.bind();
const ok = sock.fd >= 0 && sock.getsockname().portId > 0;
sock.close();
const mapped = readFileSync('/proc/self/maps', 'utf8').split('\\n').find((l) => l.endsWith('.node'));
console.log(JSON.stringify({ ok, fdAfterClose: sock.fd, addon: mapped && mapped.split(/\\s+/).pop() }));
`;

function loadIn(project: string): { ok: boolean; fdAfterClose: number; addon: string } {
  const r = run('node', ['--input-type=module', '-e', LOAD_CHECK], project);
  expect(r.status, r.output).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

function installedDir(project: string): string {
  return realpathSync(join(project, 'node_modules', '@nlkit', 'native'));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nlkit-pack-test-'));
  const packed = run(process.execPath, [pnpmCli, 'pack', '--pack-destination', work], pkgDir, process.env);
  expect(packed.status, packed.output).toBe(0);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  console.info(`@nlkit/native pack: ${(packed.ms / 1000).toFixed(1)} s, ${statSync(tarball).size} bytes`);
  execFileSync('tar', ['-xzf', tarball, '-C', work]);
  unpacked = join(work, 'package');
  files = walk(unpacked).sort();

  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|INIT_CWD$)/i.test(k)) env[k] = v; // no settings from the npm/pnpm run around vitest
  }
  noCompilerEnv = { ...env, PATH: noCompilerBin() };
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('has one prebuild per platform, in prebuildify layout with the glibc tag', () => {
    const prebuilds = files.filter((f) => f.startsWith('prebuilds/'));
    expect(prebuilds).toEqual([
      'prebuilds/linux-arm64/@nlkit+native.glibc.node',
      'prebuilds/linux-x64/@nlkit+native.glibc.node',
    ]);
  });

  it.each([
    ['linux-x64', 62],
    ['linux-arm64', 183],
  ])('%s prebuild is a 64-bit little-endian ELF with machine %i', (dir, machine) => {
    const elf = readFileSync(join(unpacked, 'prebuilds', dir, '@nlkit+native.glibc.node'));
    expect(elf.readUInt32BE(0)).toBe(0x7f454c46); // \x7fELF
    expect(elf[4]).toBe(2); // EI_CLASS: ELFCLASS64
    expect(elf[5]).toBe(1); // EI_DATA: little-endian
    expect(elf.readUInt16LE(16)).toBe(3); // e_type: ET_DYN (shared object)
    expect(elf.readUInt16LE(18)).toBe(machine); // e_machine: EM_X86_64 = 62, EM_AARCH64 = 183
  });

  it.each(['linux-x64', 'linux-arm64'])('%s prebuild loads on glibc 2.28 (Node 20\'s floor)', (dir) => {
    const { needs } = readElf(join(unpacked, 'prebuilds', dir, '@nlkit+native.glibc.node'));
    expect(Object.keys(needs)).toContain('libc.so.6');
    const glibc = highestVersion(needs['libc.so.6'], 'GLIBC_');
    expect(glibc).toBeDefined();
    expect(glibc![0] * 1000 + glibc![1]).toBeLessThanOrEqual(2028);
  });

  it('ships the sources for a source build, README and LICENSE, and nothing from the dev tree', () => {
    for (const f of ['package.json', 'index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'load-binding.cjs', 'binding.gyp', 'src/addon.cc', 'README.md', 'LICENSE']) {
      expect(files).toContain(f);
    }
    expect(readFileSync(join(unpacked, 'LICENSE'), 'utf8')).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(files.filter((f) => /^(scripts|test|build|node_modules)\//.test(f) || f.endsWith('.sh'))).toEqual([]);
  });

  it('has no source map pointing at a file it does not ship', () => {
    for (const map of files.filter((f) => f.endsWith('.map'))) {
      const { sources = [], sourceRoot = '' } = JSON.parse(readFileSync(join(unpacked, map), 'utf8'));
      for (const s of sources as string[]) {
        expect(existsSync(resolve(dirname(join(unpacked, map)), sourceRoot, s)), `${map} -> ${s}`).toBe(true);
      }
    }
    // Every JS file that names a source map ships that map.
    for (const js of files.filter((f) => f.endsWith('.js'))) {
      const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(unpacked, js), 'utf8'))?.[1];
      if (ref && !ref.startsWith('data:')) expect(files).toContain(join(dirname(js), ref));
    }
  });

  it('installs with node-gyp-build alone: node-gyp is no dependency', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    expect(manifest.scripts.install).toBe('node-gyp-build');
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['node-addon-api', 'node-gyp-build']);
  });
});

describe('installing the tarball without a compiler', () => {
  it('the test PATH really has no compiler, make or python', () => {
    const r = run('sh', ['-c', 'for t in g++ c++ gcc cc make python3 python; do command -v $t && exit 1; done; exit 0'], work);
    expect(r.status, r.output).toBe(0);
  });

  it('npm install loads the linux-x64 prebuild (no source build)', () => {
    const project = newProject('npm');
    const r = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts'], project);
    expect(r.status, r.output).toBe(0);
    console.info(`@nlkit/native npm install without a compiler: ${(r.ms / 1000).toFixed(1)} s`);
    expect(r.output).toContain('node-gyp-build'); // the install script ran and found the prebuild
    const dir = installedDir(project);
    expect(existsSync(join(dir, 'build'))).toBe(false);
    const loaded = loadIn(project);
    expect(loaded).toEqual({ ok: true, fdAfterClose: -1, addon: join(dir, 'prebuilds', `linux-${process.arch}`, '@nlkit+native.glibc.node') });

    // A forced source build fails here (no compiler) but leaves the prebuild in place.
    const rebuild = run('npm', ['rebuild', '@nlkit/native', '--foreground-scripts'], project, {
      ...noCompilerEnv,
      npm_config_build_from_source: 'true', // what node-gyp-build reads
    });
    expect(rebuild.status, rebuild.output).not.toBe(0);
    expect(rebuild.output).toMatch(/gyp ERR! (find Python|stack Error: Could not find any Python)/); // node-gyp ran, found no toolchain
    expect(loadIn(project).ok).toBe(true);
  });

  it('npm install --ignore-scripts loads the prebuild', () => {
    const project = newProject('npm-ignore-scripts');
    const r = run('npm', ['install', tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], project);
    expect(r.status, r.output).toBe(0);
    expect(loadIn(project).ok).toBe(true);
  });

  it('pnpm 10 with its defaults (no dependency build scripts) loads the prebuild', () => {
    const project = newProject('pnpm');
    const r = run('pnpm', ['add', tarball, '--prefer-offline'], project);
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/Ignored build scripts/); // pnpm really did not run the install script
    const loaded = loadIn(project);
    expect(loaded.ok).toBe(true);
    expect(loaded.addon).toContain(`prebuilds/linux-${process.arch}/`);
  });
});

describe('the README example, run from the installed package', () => {
  const title = 'lists the links of a fresh network namespace: lo';
  const body = () => {
    const project = newProject('readme');
    const r = run('npm', ['install', tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], project);
    expect(r.status, r.output).toBe(0);
    const code = /```js\n([\s\S]*?)```/.exec(readFileSync(join(pkgDir, 'README.md'), 'utf8'))?.[1];
    expect(code).toBeDefined();
    writeFileSync(join(project, 'list-links.mjs'), code!);
    const ns = `nlkit-readme-${process.pid}-${randomBytes(3).toString('hex')}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, 'list-links.mjs'], { cwd: project, encoding: 'utf8', timeout: 10_000 });
      expect(out).toBe('lo\n');
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  };
  if (isRoot) it(title, body);
  else if (onCi) it(title, () => { throw new Error('needs root (network namespaces) and CI=true forbids skipping'); });
  else it.skip(`${title} [skipped: needs root for a network namespace]`, body);
});
