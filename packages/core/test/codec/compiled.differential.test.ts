/**
 * The compiled decoders (generated from the IR at run time, here on first use) against the
 * interpreted ones (the same tables walked by a loop: before a set is compiled, and on hosts
 * without code generation): for every family in
 * schemas/, random valid replies and requests, mutated and hostile variants of them decode to
 * the same outcome, compared as text (key order, value types, nest marks, error paths).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, mutate } from '@nlkit/testkit';
import { FamilyRuntime } from '../core.js';
import { IrArbitraries, decodableOps, loadFamilies, replyBytes, requestPart } from '../fuzz/gen.js';
import { hostile } from '../fuzz/hostile.js';
import { outcome } from './outcome.js';

describe('compiled decoders = interpreted decoders', () => {
  for (const { file, ir } of loadFamilies()) {
    it(`${file}: same outcome on random, mutated and hostile messages`, () => {
      const compiled = new FamilyRuntime(ir, { compileAfter: 0 });
      const interpreted = new FamilyRuntime(ir, { compile: false });
      const arbs = new IrArbitraries(ir, { maxDepth: 3, maxItems: 2 });
      const rng = new Rng(0xd1ff ^ file.length);
      let compared = 0;
      let decodedOk = 0;
      for (const op of decodableOps(compiled)) {
        for (const value of fc.sample(arbs.message(op), { numRuns: 15, seed: 7 + op.name.length })) {
          const seeds: Uint8Array[] = [];
          try {
            seeds.push(replyBytes(compiled, op, value));
            if (op.requestValue !== undefined && (op.do || op.dump)) {
              const mode = op.do ? 'do' : 'dump';
              seeds.push(compiled.encodeRequestBytes(op.name, mode, requestPart(op, mode, value), { familyId: 0x20 }));
            }
          } catch {
            continue; // a generated value the encoder refuses (schema checks) is not a message
          }
          for (const bytes of seeds) {
            for (const input of [bytes, mutate(rng, bytes), hostile(rng, ir, op, bytes), hostile(rng, ir, op, bytes)]) {
              const a = outcome(() => compiled.decodeMessageBytes(op.name, input));
              const b = outcome(() => interpreted.decodeMessageBytes(op.name, input));
              if (a !== b) expect({ input: Buffer.from(input).toString('hex'), a }).toEqual({ input: Buffer.from(input).toString('hex'), a: b });
              compared++;
              if (a.startsWith('ok')) decodedOk++;
            }
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
      expect(decodedOk).toBeGreaterThan(compared / 4);
    });
  }
});
