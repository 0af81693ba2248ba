/**
 * The generated packages against the spec runtime: for every family in schemas/, the IR a
 * package carries equals what @nlkit/ynl makes of the schema, and for the same bytes (random
 * valid messages and mutated ones) the generated decode functions and the spec runtime agree:
 * equal values, or both a DecodeError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { typeName } from '@nlkit/ir';
import { DecodeError } from '@nlkit/core';
import { Rng, mutate } from '@nlkit/testkit';
import { IrArbitraries, loadFamilies, replyBytes } from '../../../packages/core/test/fuzz/gen.js';

const PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };
function attempt(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    // The spec runtime here is core's source and the packages use core's build: compare by name.
    if ((err as Error).name !== DecodeError.name) throw err;
    return { ok: false, error: err.message };
  }
}

describe('generated code vs spec runtime (differential)', () => {
  for (const { file, ir, rt } of loadFamilies()) {
    const dir = ir.name.replace(/_/g, '-');
    const genFile = `${PACKAGES}${dir}/src/gen/${dir}.ts`;
    it(`${file}: the package's IR equals the schema's, and both decoders agree on random and mutated messages`, async () => {
      expect(existsSync(genFile)).toBe(true);
      const gen = (await import(genFile)) as Record<string, unknown>;
      const irExport = Object.entries(gen).find(([k]) => k.endsWith('Ir'))?.[1];
      expect(irExport).toEqual(ir);

      const arbs = new IrArbitraries(ir, { maxDepth: 2, maxItems: 2 });
      const rng = new Rng(0x5eed ^ file.length);
      let compared = 0;
      for (const op of ir.operations) {
        const kinds: Array<[string, boolean]> = op.notification
          ? [[`decode${typeName(op.name)}Notification`, true]]
          : [[`decode${typeName(op.name)}Reply`, !!op.do?.reply], [`decode${typeName(op.name)}DumpReply`, !!op.dump?.reply]];
        for (const [fnName, exists] of kinds) {
          if (!exists) continue;
          const decode = gen[fnName] as ((b: Uint8Array) => unknown) | undefined;
          expect(decode, `${fnName} is exported`).toBeTypeOf('function');
          const samples = fc.sample(arbs.message(op), { numRuns: 40, seed: 42 });
          for (const value of samples) {
            let bytes: Uint8Array;
            try {
              bytes = replyBytes(rt, op, value);
            } catch {
              continue; // a generated value the encoder refuses (schema checks) is not a message
            }
            for (const input of [bytes, mutate(rng, bytes), mutate(rng, bytes)]) {
              const a = attempt(() => decode!(input));
              const b = attempt(() => rt.decodeMessageBytes(op.name, input));
              expect(a).toEqual(b);
              compared++;
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
