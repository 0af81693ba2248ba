/** Same input, same bytes: twice in a row, and against the packages checked in under packages/. */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { generateAll, generatePackage } from '../src/generate.js';
import { findDrift, schemaLabel } from '../src/check.js';
import { main as runMain } from '../src/cli.js';
import { repoRoot } from './helpers.js';

const schemasDir = join(repoRoot, 'schemas');
const packagesDir = join(repoRoot, 'packages');
const ours = readdirSync(schemasDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(schemasDir, f));
const corpusDir = join(repoRoot, '../shared/ynl-specs');
const corpus = ['nl80211.yaml', 'devlink.yaml', 'sunrpc_cache.yaml'].map((f) => join(corpusDir, f)).filter(existsSync);

describe('codegen determinism', () => {
  it('generating twice gives identical bytes', () => {
    for (const file of [...ours, ...corpus]) {
      const ir = loadSchemaFileSync(file);
      const a = generatePackage(ir, { schemaLabel: 'x.yaml' }).files;
      const b = generatePackage(structuredClone(ir), { schemaLabel: 'x.yaml' }).files;
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [p, f] of a) expect(b.get(p)!.content, `${file}: ${p}`).toBe(f.content);
    }
  }, 300_000);

  it('schemas/ matches the checked-in packages (gen:check)', () => {
    const items = ours.map((f) => ({ ir: loadSchemaFileSync(f), schemaLabel: schemaLabel(f, packagesDir) }));
    const drift = findDrift(packagesDir, generateAll(items));
    expect(drift, `stale or missing (run \`pnpm gen\`): ${drift.map((d) => `${d.reason} ${d.path}`).join(', ')}`).toEqual([]);
  }, 300_000);
});

describe('nlkit-gen', () => {
  it('writes, checks, reports drift, and refuses bad schemas without writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-gen-cli-'));
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const out = join(dir, 'packages');
      const schema = join(schemasDir, 'nlctrl.yaml');
      const main = (args: string[]) => runMain([...args, '--mode', 'monorepo']);
      expect(main([schema, '--out', out, '--check'])).toBe(1);
      expect(err.mock.calls.flat().join('\n')).toMatch(/pnpm gen/);
      expect(existsSync(out)).toBe(false);
      expect(main([schema, '--out', out])).toBe(0);
      expect(main([schema, '--out', out, '--check'])).toBe(0);
      // Hand-written index.ts survives regeneration.
      const index = join(out, 'nlctrl/src/index.ts');
      writeFileSync(index, "export * from './gen/nlctrl.js';\nexport const extra = 1;\n");
      const gen = join(out, 'nlctrl/src/gen/nlctrl.ts');
      writeFileSync(gen, `${readFileSync(gen, 'utf8')}// edited\n`);
      err.mockClear();
      expect(main([schema, '--out', out, '--check'])).toBe(1);
      expect(err.mock.calls.flat().join('\n')).toContain('stale');
      expect(main([schema, '--out', out])).toBe(0);
      expect(readFileSync(index, 'utf8')).toContain('extra');
      expect(readFileSync(gen, 'utf8')).not.toContain('// edited');
      // A bad schema: issues with file:line:column, exit 2, nothing written.
      const bad = join(dir, 'bad.yaml');
      mkdirSync(join(dir, 'fresh'));
      writeFileSync(bad, 'name: bad\ndoc: x\nattribute-sets:\n  - name: a\n    attributes:\n      - name: b\n        type: no-such-type\noperations:\n  list: []\n');
      err.mockClear();
      expect(main([schema, bad, '--out', join(dir, 'fresh')])).toBe(2);
      expect(err.mock.calls.flat().join('\n')).toMatch(/bad\.yaml:\d+:\d+/);
      expect(readdirSync(join(dir, 'fresh'))).toEqual([]);
    } finally {
      err.mockRestore();
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
