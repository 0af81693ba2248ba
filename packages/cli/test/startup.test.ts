/**
 * Start-up loads only what the command needs. A family whose IR is in the cache runs without
 * @nlkit/ynl (YAML parsing and JSON Schema validation); finding a family by name opens only
 * the spec files it must, and still lets an earlier search directory win.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, REPO, nlkit } from './helpers.js';

/** A module hook that makes any import of @nlkit/ynl fail, loudly. */
const HOOK = `export async function resolve(s, c, next) { if (s === '@nlkit/ynl') throw new Error('@nlkit/ynl was imported'); return next(s, c); }`;
const BLOCK_YNL = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`)}`;

function nlkitWithoutYnl(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', BLOCK_YNL, BIN, ...args], {
    encoding: 'utf8', cwd: REPO, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('start-up', () => {
  it('a cached family runs without importing @nlkit/ynl; an uncached one needs it', () => {
    const home = mkdtempSync(join(tmpdir(), 'nlkit-startup-'));
    try {
      const env = { XDG_CACHE_HOME: home, NLKIT_NO_CACHE: '' };
      const warm = nlkit(['rt-link', '--list-ops', '-o', 'json'], { env });
      expect(warm.code).toBe(0);
      const cached = nlkitWithoutYnl(['rt-link', '--list-ops', '-o', 'json'], env);
      expect(cached.stderr).toBe('');
      expect(cached.stdout).toBe(warm.stdout);
      // The same spec by path shares the entry.
      const bySpec = nlkitWithoutYnl(['--spec', join(REPO, 'schemas', 'rt-link.yaml'), '--list-ops', '-o', 'json'], env);
      expect(bySpec.code).toBe(0);
      // The hook works: without the cache the schema must be parsed, and the import fails.
      const uncached = nlkitWithoutYnl(['rt-link', '--list-ops'], { ...env, NLKIT_NO_CACHE: '1' });
      expect(uncached.code).not.toBe(0);
      expect(uncached.stderr).toContain('@nlkit/ynl was imported');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an edited spec is resolved again (any write changes the cache key)', () => {
    const home = mkdtempSync(join(tmpdir(), 'nlkit-startup-'));
    try {
      const env = { XDG_CACHE_HOME: home, NLKIT_NO_CACHE: '' };
      const spec = join(home, 'mini.yaml');
      const text = (doc: string) => `name: mini\nprotocol: genetlink\ndoc: ${doc}\nattribute-sets:\n  - name: a\n    attributes:\n      - name: x\n        type: u32\noperations:\n  list:\n    - name: get\n      doc: Get.\n      attribute-set: a\n      do:\n        request:\n          attributes: [x]\n`;
      writeFileSync(spec, text('One.'));
      expect(nlkit(['--spec', spec, '--list-ops', '-o', 'json'], { env }).code).toBe(0);
      // Same size, new content: still a new entry.
      writeFileSync(spec, text('Two.'));
      expect(nlkit(['--spec', spec, '--list-ops', '-o', 'json'], { env }).code).toBe(0);
      const entries = readdirSync(join(home, 'nlkit', 'ir'));
      expect(entries.length).toBe(2);
      const docs = entries.map((e) => (JSON.parse(readFileSync(join(home, 'nlkit', 'ir', e), 'utf8')) as { ir: { doc?: string } }).ir.doc).sort();
      expect(docs).toEqual(['One.', 'Two.']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('finds a family by file name or by name:, the first search directory winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-specs-'));
    try {
      const rtLink = readFileSync(join(REPO, 'schemas', 'rt-link.yaml'), 'utf8');
      // A file named otherwise whose name: is rt-link, found by reading it, ahead of the
      // repository's rt-link.yaml; its name: sits after more than 4 KiB of comments.
      const custom = join(dir, 'my-links.yaml');
      writeFileSync(custom, `${'# padding\n'.repeat(600)}${rtLink}`);
      const env = { NLKIT_SCHEMA_PATH: dir, NLKIT_NO_CACHE: '1' };
      const r = nlkit(['rt-link', '--list-ops', '-o', 'json'], { env });
      expect(r.stderr).toBe('');
      expect((JSON.parse(r.stdout) as { spec: string }).spec).toBe(custom);
      // By file name, from a directory that has it.
      expect((JSON.parse(nlkit(['rt-route', '--list-ops', '-o', 'json'], { env }).stdout) as { spec: string }).spec).toBe(join(REPO, 'schemas', 'rt-route.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('the compiled-code cache is written once, then used; a corrupt one is ignored and replaced', () => {
    const home = mkdtempSync(join(tmpdir(), 'nlkit-startup-'));
    try {
      const env = { XDG_CACHE_HOME: home, NLKIT_NO_CACHE: '' };
      const first = nlkit(['rt-link', '--list-ops', '-o', 'json'], { env });
      expect(first.code).toBe(0);
      const dir = join(home, 'nlkit', 'code');
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const file = join(dir, files[0]!);
      const written = readFileSync(file);
      expect(written.length).toBeGreaterThan(1000);
      // A second run reads it and leaves it alone.
      expect(nlkit(['rt-link', '--list-ops', '-o', 'json'], { env }).stdout).toBe(first.stdout);
      expect(readFileSync(file).equals(written)).toBe(true);
      // Garbage in the cache: V8 rejects it, the command still works, and the entry is rewritten.
      writeFileSync(file, Buffer.alloc(written.length, 0x5a));
      const again = nlkit(['rt-link', '--list-ops', '-o', 'json'], { env });
      expect(again.code).toBe(0);
      expect(again.stderr).toBe('');
      expect(again.stdout).toBe(first.stdout);
      expect(readFileSync(file).subarray(0, 64).equals(Buffer.alloc(64, 0x5a))).toBe(false);
      // NLKIT_NO_CACHE=1: nothing is written.
      const other = mkdtempSync(join(tmpdir(), 'nlkit-startup-'));
      try {
        expect(nlkit(['rt-link', '--list-ops', '-o', 'json'], { env: { XDG_CACHE_HOME: other, NLKIT_NO_CACHE: '1' } }).code).toBe(0);
        expect(readdirSync(other)).toEqual([]);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
