/** The IR cache: a second run reads the resolved IR back instead of validating YAML again. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nlkit } from './helpers.js';

describe('IR cache', () => {
  it('caches each schema\'s IR by content; a changed schema is resolved again; NLKIT_NO_CACHE turns it off', () => {
    const home = mkdtempSync(join(tmpdir(), 'nlkit-cache-'));
    try {
      const env = { XDG_CACHE_HOME: home, NLKIT_NO_CACHE: '' };
      const first = nlkit(['rt-link', '--list-ops', '-o', 'json'], { env });
      expect(first.code).toBe(0);
      const files = readdirSync(join(home, 'nlkit', 'ir'));
      expect(files.length).toBe(1);
      const second = nlkit(['rt-link', '--list-ops', '-o', 'json'], { env });
      expect(second.stdout).toBe(first.stdout);

      // A spec file with new content gets its own entry; a broken one is still refused.
      const spec = join(home, 'mini.yaml');
      writeFileSync(spec, 'name: mini\nprotocol: genetlink\ndoc: A tiny family.\nattribute-sets:\n  - name: a\n    attributes:\n      - name: x\n        type: u32\noperations:\n  list:\n    - name: get\n      doc: Get.\n      attribute-set: a\n      do:\n        request:\n          attributes: [x]\n');
      expect(nlkit(['--spec', spec, '--list-ops'], { env }).code).toBe(0);
      expect(readdirSync(join(home, 'nlkit', 'ir')).length).toBe(2);
      writeFileSync(spec, 'name: mini\nprotocol: genetlink\ndoc: A tiny family.\nbogus: 1\n');
      const bad = nlkit(['--spec', spec, '--list-ops'], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/mini\.yaml:\d+:\d+/);

      rmSync(join(home, 'nlkit'), { recursive: true });
      expect(nlkit(['rt-link', '--list-ops'], { env: { XDG_CACHE_HOME: home, NLKIT_NO_CACHE: '1' } }).code).toBe(0);
      expect(() => readdirSync(join(home, 'nlkit'))).toThrow();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
