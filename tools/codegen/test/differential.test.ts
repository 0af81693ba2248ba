/**
 * The generated packages against fixed data: for every family in schemas/, the IR a package
 * carries equals what @nlkit/ynl makes of the schema, and the package's generated decode
 * functions (running on core's build) turn core's golden bytes (packages/core/test/golden,
 * kernel-captured and generated replies) into the golden values. The goldens are data, not a
 * second run of the same runtime, so a codec bug anywhere on the package's path fails here.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { typeName, type FamilyIR } from '@nlkit/ir';
import { loadSchemaFileSync } from '@nlkit/ynl';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCHEMAS = join(ROOT, 'schemas');
const GOLDEN = join(ROOT, 'packages/core/test/golden');
const NEST_FLAG = Symbol.for('nlkit.nestFlag');

interface GoldenCase {
  op: string;
  source: 'reply' | 'request' | 'kernel';
  hex: string;
  value: unknown;
}

/** A decoded value in the golden files' tagged JSON form (bigints, bytes, undefined, nest marks). */
function tagged(v: unknown): unknown {
  if (v === undefined) return { $$undefined: true };
  if (typeof v === 'bigint') return { $$bigint: String(v) };
  if (v instanceof Uint8Array) return { $$bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return v.map(tagged);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string | symbol, unknown>;
    const out: Record<string, unknown> = {};
    if (Object.hasOwn(o, NEST_FLAG)) out.$$nested = o[NEST_FLAG];
    for (const k of Object.keys(o)) out[k] = tagged(o[k]);
    return out;
  }
  return v;
}

describe('generated packages decode the golden bytes (differential against fixed data)', () => {
  const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.yaml')).sort();
  it('has schemas and goldens', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    it(`${file}: the package's IR equals the schema's, and its decode functions give the golden values`, async () => {
      const ir: FamilyIR = loadSchemaFileSync(join(SCHEMAS, file));
      const dir = ir.name.replace(/_/g, '-');
      const genFile = join(ROOT, 'packages', dir, 'src/gen', `${dir}.ts`);
      expect(existsSync(genFile)).toBe(true);
      const gen = (await import(genFile)) as Record<string, unknown>;
      expect(Object.entries(gen).find(([k]) => k.endsWith('Ir'))?.[1]).toEqual(ir);

      const golden = JSON.parse(readFileSync(join(GOLDEN, `${dir}.json`), 'utf8')) as { cases: GoldenCase[] };
      let compared = 0;
      for (const c of golden.cases) {
        if (c.source === 'request') continue; // packages decode replies and notifications
        const op = ir.operations.find((o) => o.name === c.op)!;
        const fnName = op.notification ? `decode${typeName(op.name)}Notification`
          : op.do?.reply ? `decode${typeName(op.name)}Reply`
          : op.dump?.reply ? `decode${typeName(op.name)}DumpReply` : undefined;
        if (!fnName) continue;
        const decode = gen[fnName] as ((b: Uint8Array) => unknown) | undefined;
        expect(decode, `${fnName} is exported`).toBeTypeOf('function');
        const value = decode!(new Uint8Array(Buffer.from(c.hex, 'hex')));
        // As JSON text: key order counts (both sides are plain objects built by the same rules).
        expect(JSON.stringify(tagged(value)), `${c.source} ${c.op} ${c.hex}`).toBe(JSON.stringify(c.value));
        compared++;
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
