import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSchemaFileSync, SchemaError } from '../src/index.js';
import { IR_VERSION } from '@nlkit/ir';

const dir = fileURLToPath(new URL('../../../../shared/ynl-specs/', import.meta.url));
const present = existsSync(dir);
const files = present ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort() : [];

describe.skipIf(!present)(present ? 'ynl corpus' : `ynl corpus (skipped: ${dir} is absent)`, () => {
  it('validates and resolves every kernel spec', () => {
    const failures: string[] = [];
    let ok = 0;
    for (const f of files) {
      try {
        const ir = loadSchemaFileSync(dir + f);
        expect(ir.irVersion).toBe(IR_VERSION);
        ok++;
      } catch (err) {
        failures.push(`${f}: ${err instanceof SchemaError ? err.message : String(err)}`);
      }
    }
    console.log(`ynl corpus: ${ok}/${files.length} specs`);
    expect(failures).toEqual([]);
    expect(ok).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(33);
  });

  it('is deterministic', () => {
    for (const f of ['rt-link.yaml', 'devlink.yaml', 'ethtool.yaml']) {
      expect(JSON.stringify(loadSchemaFileSync(dir + f))).toBe(JSON.stringify(loadSchemaFileSync(dir + f)));
    }
  });
});
