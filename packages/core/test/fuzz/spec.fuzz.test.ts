/**
 * Fuzzes the spec runtime of every family in schemas/: valid replies and requests built from
 * generated values, then hostile variants of them (see hostile.ts), decoded as every op that
 * could carry them. Allowed outcomes: a decoded value or a DecodeError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng, fuzzBytes } from '@nlkit/testkit';
import { ValidationError, splitMessages } from '../core.js';
import { IrArbitraries, decodableOps, loadFamilies, newStats, oracle, replyBytes, requestPart } from './gen.js';
import { budget, hostile, loop, pastDeadline } from './hostile.js';

const families = loadFamilies();
const PER_FAMILY = 5_000;

describe('spec runtime fuzz', () => {
  it('loads every schema', () => {
    expect(families.length).toBeGreaterThanOrEqual(10);
  });

  for (const { file, ir, rt } of families) {
    it(`${file}: hostile messages decode to a value or a DecodeError`, () => {
      const rng = new Rng(budget.seed ^ file.length * 0x9e37 ^ file.charCodeAt(0));
      const arbs = new IrArbitraries(ir, { maxDepth: 3, maxItems: 2 });
      const ops = decodableOps(rt);
      expect(ops.length).toBeGreaterThan(0);
      // Seeds: valid replies and requests for every op, from generated values.
      const seeds: Array<{ op: (typeof ops)[number]; bytes: Uint8Array }> = [];
      let encodeFailures = 0;
      // Past a timed run's deadline, fewer seeds: the family is still checked, briefly.
      const numRuns = pastDeadline() ? 2 : 12;
      for (const op of ops) {
        const values = fc.sample(arbs.message(op), { numRuns, seed: budget.seed + op.name.length });
        for (const v of values) {
          try {
            seeds.push({ op, bytes: replyBytes(rt, op, v) });
            if (op.requestValue !== undefined && (op.do || op.dump)) {
              const mode = op.do ? 'do' : 'dump';
              seeds.push({ op, bytes: rt.encodeRequestBytes(op.name, mode, requestPart(op, mode, v), { familyId: 0x20 }) });
            }
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
            encodeFailures++;
          }
        }
      }
      expect(seeds.length).toBeGreaterThan(numRuns === 12 ? ops.length : 0);
      const stats = newStats();
      // The valid seeds decode.
      for (const s of seeds) rt.decodeMessageBytes(s.op.name, s.bytes);
      loop(PER_FAMILY, (i) => {
        const seed = seeds[rng.int(seeds.length)]!;
        const input = i % 16 === 15 ? fuzzBytes(rng, 256) : hostile(rng, ir, seed.op, seed.bytes);
        // Decode as the op it was built for, and as another op of the family.
        const other = ops[rng.int(ops.length)]!;
        oracle(stats, input, `${file} ${seed.op.name}`, () => rt.decodeMessageBytes(seed.op.name, input));
        oracle(stats, input, `${file} ${other.name}`, () => {
          for (const m of splitMessages(input)) {
            rt.decodeMessage(other, m);
            rt.decodeRequest(m);
            rt.classify(m);
          }
        });
      });
      expect(stats.decodeErrors).toBeGreaterThan(0);
      expect(stats.decoded).toBeGreaterThan(0);
      console.log(`${file}: ${seeds.length} seeds (${encodeFailures} generated values rejected), ${stats.inputs} inputs, ${stats.decodeErrors} DecodeErrors, slowest ${stats.maxMs.toFixed(2)} ms`);
    });
  }

  it('extack namer survives hostile requests and offsets', () => {
    let n = 0;
    for (const { ir, rt } of families) {
      const rng = new Rng(budget.seed ^ ir.name.length);
      const arbs = new IrArbitraries(ir, { maxDepth: 3, maxItems: 2 });
      let ran = 0;
      for (const op of rt.ir.operations.filter((o) => (o.do || o.dump) && o.requestValue !== undefined)) {
        // Past a timed run's deadline, one op per family.
        if (ran > 0 && pastDeadline()) break;
        const [v] = fc.sample(arbs.message(op), { numRuns: 1, seed: budget.seed });
        let bytes: Uint8Array;
        try {
          bytes = rt.encodeRequestBytes(op.name, op.do ? 'do' : 'dump', requestPart(op, op.do ? 'do' : 'dump', v));
        } catch {
          continue;
        }
        const namer = rt.namer(op.name);
        ran++;
        loop(60, () => {
          const req = hostile(rng, ir, op, bytes);
          n++;
          // The session calls the namer inside a try; still, it should not throw.
          namer({ offset: rng.int(req.length + 8), missingType: rng.int(40), missingNestOffset: rng.bool() ? rng.int(req.length + 8) : undefined }, req);
        });
      }
    }
    console.log(`namer fuzz: ${n} inputs`);
    expect(n).toBeGreaterThan(0);
  });
});
