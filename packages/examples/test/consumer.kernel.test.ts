/**
 * nlkit as a user gets it. Every public package is packed as a release would pack it and
 * served as the @nlkit scope of a registry on 127.0.0.1 (everything else comes from the real
 * registry); projects in os.tmpdir() install from it with npm and with pnpm 10's defaults
 * (which run no dependency build scripts), on a PATH that has node, npm, pnpm and the rest
 * of the machine's commands but no compiler, make or python:
 *
 * (a) a TypeScript program (tsc --strict, NodeNext) using @nlkit/rt-link and @nlkit/rt-route
 *     makes a veth pair and a route in a netns and dumps them, compared with `ip -j`; its
 *     nlkit-only module also compiles without any Node types and with every library checked;
 * (b) the packed nlkit-gen generates a standalone package from this test's own schema (a
 *     NETLINK_USERSOCK protocol); it installs from its own semver ranges, builds with its own
 *     tsconfig, and its client talks to a FamilyServer beside it; its README's command
 *     regenerates it without touching the hand-written parts;
 * (c) the packed CLI, installed globally into a prefix, lists families and dumps links in a netns.
 *
 * The report at the end gives tarball sizes and install times (NLKIT_CONSUMER_COLD=1: with an
 * empty npm cache and pnpm store; NLKIT_KEEP_CONSUMER=1 keeps the projects).
 */
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createNetns, kernelIt, kernelUnavailable, type Netns } from '@nlkit/testkit';
// @ts-expect-error: a plain .mjs module without declarations
import { packAll, publicPackages, repoRoot } from '../../../tools/pack/packages.mjs';
import { serveScope, type ScopeRegistry } from './consumer/registry.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/consumer/', import.meta.url));
const PNPM_CLI = join(repoRoot as string, 'node_modules/pnpm/bin/pnpm.cjs');

interface Packed { pkg: { name: string; version: string }; tarball: string }
interface Run { code: number; stdout: string; stderr: string; ms: number }

let work: string;
let registry: ScopeRegistry;
let env: Record<string, string>;
let packed: Packed[] = [];
const installs: Array<{ what: string; seconds: number }> = [];
const namespaces: Netns[] = [];

/** Runs a command without blocking the event loop (the registry answers from this process). */
function run(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}, timeoutMs = 240_000): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => (stderr += String(err)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started });
    });
  });
}

async function ok(cmd: string, args: string[], cwd: string, extraEnv?: Record<string, string>): Promise<Run> {
  const r = await run(cmd, args, cwd, extraEnv);
  expect(r.code, `${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r;
}

async function install(what: string, tool: 'npm' | 'pnpm', dir: string, withNative = true): Promise<Run> {
  const args = tool === 'npm' ? ['install', '--no-audit', '--no-fund', '--prefer-offline'] : ['install', '--prefer-offline'];
  const r = await ok(tool, args, dir);
  installs.push({ what: `${what} (${tool})`, seconds: r.ms / 1000 });
  // No compiler ran: the addon came prebuilt, never built from source.
  const natives = nativeDirs(join(dir, 'node_modules'));
  expect(natives.length > 0, `@nlkit/native ${withNative ? 'missing' : 'installed'} under ${dir}`).toBe(withNative);
  for (const native of natives) expect(existsSync(join(native, 'build')), `${native} was built from source`).toBe(false);
  return r;
}

/** Where @nlkit/native was installed: npm's flat layout or pnpm's .pnpm store links. */
function nativeDirs(nodeModules: string): string[] {
  const dirs = [join(nodeModules, '@nlkit/native')];
  const store = join(nodeModules, '.pnpm');
  if (existsSync(store)) {
    for (const d of readdirSync(store)) if (d.startsWith('@nlkit+native@')) dirs.push(join(store, d, 'node_modules/@nlkit/native'));
  }
  return dirs.filter((d) => existsSync(d)).map((d) => realpathSync(d));
}

/** A project directory whose @nlkit scope resolves to the test's registry. */
function project(name: string, manifest: Record<string, unknown>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module', ...manifest }, null, 2)}\n`);
  writeFileSync(join(dir, '.npmrc'), `@nlkit:registry=${registry.url}\n`);
  return dir;
}

const version = (name: string) => packed.find((p) => p.pkg.name === name)!.pkg.version;
const json = <T = any>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
function netns(tag: string): Netns {
  const ns = createNetns(tag);
  namespaces.push(ns);
  return ns;
}

/** Compilers, their drivers and build tools: what a machine without a toolchain lacks. */
const TOOLCHAIN = /^(cc|c\+\+|cpp|gcc|g\+\+|clang.*|ld|ld\..*|as|make|gmake|cmake|ninja|python[0-9.]*|.*-linux-gnu-.*|.*-gcc(-[0-9.]+)?|.*-g\+\+(-[0-9.]+)?)$/;

/** Everything on this machine's PATH except a toolchain, plus node and pnpm. */
function binWithoutCompiler(): string {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(PNPM_CLI)} "$@"\n`, { mode: 0o755 });
  const taken = new Set(['node', 'pnpm']);
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir.startsWith('/') || dir.startsWith(repoRoot as string) || !existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (taken.has(name) || TOOLCHAIN.test(name)) continue;
      taken.add(name);
      symlinkSync(join(dir, name), join(bin, name));
    }
  }
  return bin;
}

describe('consumer: the packed packages in projects outside the repository', () => {
  beforeAll(async () => {
    if (kernelUnavailable) return;
    work = mkdtempSync(join(tmpdir(), 'nlkit-consumer-'));
    mkdirSync(join(work, 'tarballs'));
    const started = performance.now();
    packed = await packAll(join(work, 'tarballs'), publicPackages());
    installs.push({ what: `pnpm pack of ${packed.length} packages (prebuilds included)`, seconds: (performance.now() - started) / 1000 });
    registry = await serveScope(packed.map((p) => p.tarball));
    const bin = binWithoutCompiler();
    env = {
      PATH: `${bin}:${join(work, 'global/bin')}`,
      HOME: process.env.HOME ?? '/root',
      TMPDIR: tmpdir(),
      LANG: 'C.UTF-8',
      NO_COLOR: '1',
      npm_config_update_notifier: 'false',
      ...(process.env.CI ? { CI: process.env.CI } : {}),
      // NLKIT_CONSUMER_COLD=1: empty npm cache and pnpm store, for install times from scratch.
      ...(process.env.NLKIT_CONSUMER_COLD ? { npm_config_cache: join(work, 'npm-cache'), npm_config_store_dir: join(work, 'pnpm-store') } : {}),
    };
  }, 300_000);

  afterAll(async () => {
    for (const ns of namespaces) ns.delete();
    await registry?.close();
    if (!work) return;
    const sizes = packed.map((p) => `  ${p.pkg.name.padEnd(20)} ${`${(statSync(p.tarball).size / 1024).toFixed(1)} KiB`.padStart(10)}`);
    console.log(['consumer test report', 'tarballs:', ...sizes, 'times:', ...installs.map((i) => `  ${i.what.padEnd(48)} ${i.seconds.toFixed(1)} s`)].join('\n'));
    if (!process.env.NLKIT_KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
  });

  kernelIt('nothing on its PATH compiles, and every package is served', async () => {
    const r = await run('sh', ['-c', 'for t in g++ gcc cc c++ clang make python3 python x86_64-linux-gnu-g++ aarch64-linux-gnu-g++; do command -v $t && exit 1; done; command -v sed >/dev/null'], work);
    expect(r.code, `a compiler is reachable: ${r.stdout}`).toBe(0);
    expect(packed.map((p) => p.pkg.name)).toEqual(expect.arrayContaining(['@nlkit/core', '@nlkit/native', '@nlkit/ir', '@nlkit/ynl', '@nlkit/cli', '@nlkit/codegen', '@nlkit/rt-link', '@nlkit/rt-route']));
    const native = execFileSync('tar', ['tzf', packed.find((p) => p.pkg.name === '@nlkit/native')!.tarball], { encoding: 'utf8' });
    expect(native).toMatch(/package\/prebuilds\/linux-x64\/.*\.node/);
  });

  kernelIt('(a) npm and pnpm: a strict TypeScript program makes a veth pair and a route and dumps them', async () => {
    for (const tool of ['npm', 'pnpm'] as const) {
      const dir = project(`net-${tool}`, {
        dependencies: { '@nlkit/rt-link': `^${version('@nlkit/rt-link')}`, '@nlkit/rt-route': `^${version('@nlkit/rt-route')}` },
        devDependencies: { typescript: '~5.9.3', '@types/node': '^20.19.0' },
      });
      cpSync(join(FIXTURES, 'net-app'), dir, { recursive: true });
      await install('rt-link + rt-route + typescript', tool, dir);
      const tsc = join(dir, 'node_modules/typescript/bin/tsc');
      await ok('node', [tsc, '-p', 'tsconfig.json'], dir);
      await ok('node', [tsc, '-p', 'tsconfig.no-node.json'], dir);

      const ns = netns(`consumer-${tool}`);
      const seen = JSON.parse((await ok('node', ['dist/main.js', ns.name], dir)).stdout) as {
        links: Array<{ ifname: string; ifindex: number; mtu: number; up: boolean; kind?: string }>;
        routes: Array<{ dst: string; dstLen: number; oif: number; table: number | string }>;
      };
      const ipLinks = ns.ipJson<Array<{ ifname: string; ifindex: number; mtu: number; flags: string[] }>>('-d', 'link', 'show');
      expect(seen.links.map((l) => [l.ifname, l.ifindex, l.mtu, l.up]).sort()).toEqual(ipLinks.map((l) => [l.ifname, l.ifindex, l.mtu, l.flags.includes('UP')]).sort());
      expect(seen.links.filter((l) => l.kind === 'veth').map((l) => l.ifname).sort()).toEqual(['veth0', 'veth1']);
      const veth0 = ipLinks.find((l) => l.ifname === 'veth0')!;
      const ipRoutes = ns.ipJson<Array<{ dst: string; dev: string }>>('-4', 'route', 'show', 'table', 'main');
      expect(ipRoutes).toEqual([expect.objectContaining({ dst: '10.9.0.0/16', dev: 'veth0' })]);
      const main = seen.routes.filter((r) => r.table === 254 || r.table === 'main');
      expect(main.map(({ dst, dstLen, oif }) => ({ dst, dstLen, oif }))).toEqual([{ dst: '10.9.0.0', dstLen: 16, oif: veth0.ifindex }]);
    }
  }, 600_000);

  kernelIt('(b) the packed nlkit-gen makes a standalone package that installs, builds and talks to a FamilyServer', async () => {
    const gen = project('gen', { devDependencies: { '@nlkit/codegen': `^${version('@nlkit/codegen')}` } });
    mkdirSync(join(gen, 'schemas'));
    cpSync(join(FIXTURES, 'greeter.yaml'), join(gen, 'schemas/greeter.yaml'));
    await install('@nlkit/codegen', 'npm', gen, false);
    const nlkitGen = join(gen, 'node_modules/.bin/nlkit-gen');
    const help = await ok(nlkitGen, ['--help'], gen);
    expect(help.stdout).toMatch(/^Usage: nlkit-gen/);
    expect(help.stderr).toBe('');
    const generated = await ok(nlkitGen, ['schemas/greeter.yaml', '--out', 'packages', '--name', '@acme/greeter'], gen);
    expect(generated.stdout).toMatch(/1 standalone package/);

    const pkgDir = join(gen, 'packages/greeter');
    const pkg = json(join(pkgDir, 'package.json'));
    expect(pkg.name).toBe('@acme/greeter');
    expect(pkg.dependencies).toEqual({ '@nlkit/core': `^${version('@nlkit/core')}`, '@nlkit/ir': `^${version('@nlkit/ir')}` });
    expect(json(join(pkgDir, 'tsconfig.json')).extends).toBeUndefined();
    // The README's regenerate command, run with the installed generator, finds nothing to do.
    const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
    const command = /```sh\n(npx --yes --package @nlkit\/codegen@[^ ]+ nlkit-gen [^\n]+)\n```/.exec(readme)?.[1];
    expect(command).toBe(`npx --yes --package @nlkit/codegen@${version('@nlkit/codegen')} nlkit-gen ../../schemas/greeter.yaml --out .. --name @acme/greeter --mode standalone`);
    const regenerate = command!.split(' ').slice(5);
    expect((await ok(nlkitGen, [...regenerate, '--check'], pkgDir)).stdout).toMatch(/up to date/);

    // What a user adds: a server beside the generated code, Node types for it, a program using both.
    cpSync(join(FIXTURES, 'greeter'), pkgDir, { recursive: true });
    writeFileSync(join(pkgDir, 'package.json'), `${JSON.stringify({ ...pkg, devDependencies: { ...pkg.devDependencies, '@types/node': '^20.19.0' } }, null, 2)}\n`);
    const tsconfig = json(join(pkgDir, 'tsconfig.json'));
    writeFileSync(join(pkgDir, 'tsconfig.json'), `${JSON.stringify({ ...tsconfig, compilerOptions: { ...tsconfig.compilerOptions, types: ['node'] } }, null, 2)}\n`);
    writeFileSync(join(pkgDir, '.npmrc'), `@nlkit:registry=${registry.url}\n`);
    await install('the generated package', 'pnpm', pkgDir);
    await ok('pnpm', ['run', 'build'], pkgDir);
    await ok('node', [join(pkgDir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.exchange.json'], pkgDir);

    const ns = netns('consumer-gen');
    const out = await ok('ip', ['netns', 'exec', ns.name, process.execPath, 'out/exchange.js'], pkgDir);
    expect(JSON.parse(out.stdout)).toEqual({
      plain: ['ada', 'Hello, ada! (en,fr)', 1, 'plain'],
      loud: ['HELLO, ADA!', 2, 'loud'],
      history: [['ada', 2], ['linus', 1]],
      note: ['greeted', 'ada', 'Hello, ada! (en,fr)'],
      refused: ['EINVAL', 'whom should I greet? name is empty'],
      invalid: true,
    });

    // Regenerating keeps the server, the entry point, the tsconfig and the added dependency.
    const again = await ok(nlkitGen, regenerate, pkgDir);
    expect(again.stdout).toMatch(/0 file\(s\) written/);
    expect(readFileSync(join(pkgDir, 'src/index.ts'), 'utf8')).toContain('GreeterServer');
    expect(json(join(pkgDir, 'package.json')).devDependencies['@types/node']).toBe('^20.19.0');
  }, 600_000);

  kernelIt('(c) the CLI installed globally lists families and dumps links in a netns', async () => {
    const prefix = join(work, 'global');
    const r = await ok('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', `--@nlkit:registry=${registry.url}`, '@nlkit/cli'], work);
    installs.push({ what: '@nlkit/cli, globally into a prefix (npm)', seconds: r.ms / 1000 });
    const natives = nativeDirs(join(prefix, 'lib/node_modules/@nlkit/cli/node_modules'));
    expect(natives).toHaveLength(1);
    expect(existsSync(join(natives[0]!, 'build'))).toBe(false);

    const families = await ok('nlkit', ['families', '-o', 'json'], work);
    const names = (JSON.parse(families.stdout) as Array<{ name: string; path: string }>);
    expect(names.map((f) => f.name)).toEqual(expect.arrayContaining(['rt-link', 'rt-route', 'nlctrl', 'tcp_metrics']));
    // The bundled schemas, not the repository's.
    for (const f of names) expect(f.path.startsWith(prefix) || f.path.startsWith('/usr/share/ynl/specs'), f.path).toBe(true);

    const ns = netns('consumer-cli');
    ns.ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    const dump = await ok('nlkit', ['rt-link', 'getlink', '--dump', '--netns', ns.name, '-o', 'json'], work);
    const links = JSON.parse(dump.stdout) as Array<{ ifname: string; header: { ifiIndex: number } }>;
    const ipLinks = ns.ipJson<Array<{ ifname: string; ifindex: number }>>('link', 'show');
    expect(links.map((l) => [l.ifname, l.header.ifiIndex]).sort()).toEqual(ipLinks.map((l) => [l.ifname, l.ifindex]).sort());
    expect(basename(realpathSync(join(prefix, 'bin/nlkit')))).toBe('nlkit.cjs');
  }, 600_000);
});
