// The addon loader on its own: what a user reads when nothing loads, and that a local build
// which does not load never hides a prebuild that does.
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Loader = {
  loadBinding(pkgDir: string, env?: Record<string, string | undefined>): Record<string, unknown>;
  describeLibc(): string | undefined;
};
const loaderPath: string = '../load-binding.cjs';
const { loadBinding, describeLibc } = (await import(loaderPath)) as Loader;
const devBuild = fileURLToPath(new URL('../build/Release/nlkit_native.node', import.meta.url));

const dirs: string[] = [];
function fakePackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-loader-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@nlkit/native' }));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function loadError(pkgDir: string, env: Record<string, string | undefined> = {}): Error & { code?: string; tried?: string[] } {
  try {
    loadBinding(pkgDir, env);
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('loadBinding did not throw');
}

describe('loadBinding', () => {
  it('without any addon, says what this system is and how to build from source', () => {
    const err = loadError(fakePackage());
    expect(err.code).toBe('ERR_NLKIT_NATIVE_NOT_BUILT');
    const m = err.message;
    expect(m).toContain(`${process.platform}-${process.arch}`);
    expect(m).toContain(describeLibc()!);
    expect(describeLibc()).toMatch(/^glibc \d+\.\d+$|^musl/);
    expect(m).toContain(`Node.js ${process.version}`);
    expect(m).toContain('linux-x64 and linux-arm64 with glibc');
    expect(m).toContain('npm rebuild @nlkit/native');
    for (const tool of ['g++', 'make', 'python3']) expect(m).toContain(tool);
    expect(m).not.toMatch(/pnpm --filter|build-native|scripts\//); // nothing only the repository has
  });

  it('lists each file it tried and why it did not load', () => {
    const pkg = fakePackage();
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
    writeFileSync(join(pkg, 'build', 'Release', 'nlkit_native.node'), 'not an ELF file');
    const err = loadError(pkg);
    expect(err.tried).toEqual([join(pkg, 'build', 'Release', 'nlkit_native.node')]);
    expect(err.message).toMatch(/nlkit_native\.node: .*(invalid ELF header|file too short)/);
  });

  it('NLKIT_NATIVE_ADDON loads exactly that file and nothing else', () => {
    const err = loadError(fakePackage(), { NLKIT_NATIVE_ADDON: '/nonexistent/addon.node' });
    expect(err.tried).toEqual(['/nonexistent/addon.node']);
    expect(err.message).toContain('NLKIT_NATIVE_ADDON');
  });

  it('a build/Release that does not load falls back to the fitting prebuild', () => {
    const pkg = fakePackage();
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
    writeFileSync(join(pkg, 'build', 'Release', 'nlkit_native.node'), 'half-written by a failed rebuild');
    const prebuilds = join(pkg, 'prebuilds', `linux-${process.arch}`);
    mkdirSync(prebuilds, { recursive: true });
    // A prebuild for musl must be passed over on glibc (and the reverse).
    writeFileSync(join(prebuilds, `@nlkit+native.${describeLibc()!.startsWith('glibc') ? 'musl' : 'glibc'}.node`), 'wrong libc');
    copyFileSync(devBuild, join(prebuilds, `@nlkit+native.${describeLibc()!.startsWith('glibc') ? 'glibc' : 'musl'}.node`));
    const binding = loadBinding(pkg, {});
    expect(typeof binding.openSocketSync).toBe('function');
  });
});
