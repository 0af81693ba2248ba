/**
 * Fuzzes the wire codec: walkAttrs/readAttrs, splitMessages, parseErrorPayload, readPolicy.
 * Allowed outcomes: a value or a DecodeError. parseErrorPayload and readPolicy must not throw
 * at all (an errno must never be hidden by a bad extack).
 */
import { describe, expect, it } from 'vitest';
import { Rng, fuzzBytes, mutate } from '@nlkit/testkit';
import {
  MessageBuilder, NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_NEST, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_POLICY, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_ERROR, parseErrorPayload, readAttrs,
  readPolicy, splitMessages, stringBytes, walkAttrs, writeHeader,
} from '../core.js';
import { newStats, oracle } from './gen.js';
import { budget, deepNest, loop } from './hostile.js';

const u32 = (v: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return b; };
const u64 = (v: bigint) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); return b; };

/** A valid NLMSG_ERROR with a capped echo and a full extack, as the kernel sends it. */
function errorMessage(rng: Rng): Uint8Array {
  const b = new MessageBuilder(128);
  b.zeros(16);
  b.u32(-(1 + rng.int(130)) >>> 0);
  const echo = b.zeros(16);
  writeHeader(b.buf, echo, { length: 16 + rng.int(200), type: rng.int(100), flags: 5, seq: rng.next(), portId: rng.next() });
  b.attr(NLMSGERR_ATTR_MSG, stringBytes('bad attribute ' + rng.int(1000)));
  b.attr(NLMSGERR_ATTR_OFFS, u32(rng.int(300)));
  b.attr(NLMSGERR_ATTR_COOKIE, fuzzBytes(rng, 8));
  const p = b.beginNest(NLMSGERR_ATTR_POLICY);
  b.attr(1, u32(rng.int(20)));
  b.attr(2, u64(BigInt(rng.next()) << 20n));
  b.attr(5, u64((1n << 63n) + BigInt(rng.next())));
  b.attr(6, u32(rng.int(64)));
  b.attr(12, u64(BigInt(rng.next())));
  b.endNest(p);
  b.attr(NLMSGERR_ATTR_MISS_TYPE, u32(rng.int(50)));
  b.attr(NLMSGERR_ATTR_MISS_NEST, u32(rng.int(300)));
  const out = b.finish();
  writeHeader(out, 0, { length: out.length, type: NLMSG_ERROR, flags: NLM_F_CAPPED | NLM_F_ACK_TLVS, seq: 1, portId: 0 });
  return out;
}

/** A datagram of several messages with nested attributes. */
function datagram(rng: Rng): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0, n = 1 + rng.int(4); i < n; i++) {
    const b = new MessageBuilder(64);
    b.zeros(16);
    for (let j = 0, k = rng.int(6); j < k; j++) {
      if (rng.bool()) {
        const at = b.beginNest(1 + rng.int(20));
        b.attr(1 + rng.int(20), fuzzBytes(rng, 12));
        b.endNest(at);
      } else b.attr(1 + rng.int(20), fuzzBytes(rng, 20));
    }
    const m = b.finish();
    writeHeader(m, 0, { length: m.length, type: 16 + rng.int(100), flags: 2, seq: rng.next(), portId: 0 });
    parts.push(m);
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/** Walks everything recursively, like a generic dumper would. */
function walkDeep(buf: Uint8Array, s: number, e: number, depth: number): number {
  let n = 0;
  walkAttrs(buf, s, e, (_t, vs, ve) => {
    n++;
    if (depth < 64 && ve - vs >= 4) {
      try { n += walkDeep(buf, vs, ve, depth + 1); } catch { /* not a nest */ }
    }
  });
  return n;
}

describe('codec fuzz', () => {
  it('splitMessages + walkAttrs + readAttrs: a value or a DecodeError', () => {
    const rng = new Rng(budget.seed);
    const stats = newStats();
    const seeds = Array.from({ length: 64 }, () => datagram(rng));
    seeds.push(deepNest([1, 2, 3], 200, new Uint8Array([1, 2, 3])));
    loop(12_000, (i) => {
      const input = i % 5 === 0 ? fuzzBytes(rng, 300) : mutate(rng, mutate(rng, seeds[rng.int(seeds.length)]!));
      oracle(stats, input, 'splitMessages', () => {
        for (const m of splitMessages(input)) {
          expect(m.end).toBeLessThanOrEqual(input.length);
          walkDeep(m.buf, m.start, m.end, 0);
        }
      });
      oracle(stats, input, 'readAttrs', () => {
        for (const a of readAttrs(input, rng.int(input.length + 1))) {
          expect(a.end).toBeLessThanOrEqual(input.length);
          expect(a.start).toBeLessThanOrEqual(a.end);
        }
      });
    });
    // Sub-views: a message inside a larger ArrayBuffer at an odd offset.
    loop(3_000, () => {
      const inner = mutate(rng, seeds[rng.int(seeds.length)]!);
      const big = new Uint8Array(inner.length + 7);
      big.set(inner, 3);
      const view = big.subarray(3, 3 + inner.length);
      oracle(stats, view, 'splitMessages(subarray)', () => { for (const m of splitMessages(view)) walkDeep(m.buf, m.start, m.end, 0); });
    });
    expect(stats.decoded).toBeGreaterThan(0);
    expect(stats.decodeErrors).toBeGreaterThan(0);
    console.log(`codec fuzz (split/walk): ${stats.inputs} inputs, ${stats.decodeErrors} DecodeErrors, slowest ${stats.maxMs.toFixed(2)} ms`);
  });

  it('parseErrorPayload and readPolicy never throw on any input', () => {
    const rng = new Rng(budget.seed ^ 0x1234);
    const seeds = Array.from({ length: 32 }, () => errorMessage(rng));
    let inputs = 0;
    loop(10_000, (i) => {
      const input = i % 7 === 0 ? fuzzBytes(rng, 200) : mutate(rng, mutate(rng, seeds[rng.int(seeds.length)]!));
      const flags = rng.int(4) === 0 ? rng.int(0x10000) : NLM_F_CAPPED | NLM_F_ACK_TLVS;
      const start = Math.min(input.length, 16);
      inputs++;
      let r: ReturnType<typeof parseErrorPayload> | undefined;
      try {
        r = parseErrorPayload(input, start, input.length, flags);
      } catch (err) {
        throw new Error(`parseErrorPayload threw ${(err as Error).name}: ${(err as Error).message} on ${Buffer.from(input).toString('hex')} flags ${flags}`);
      }
      expect(Number.isInteger(r.error)).toBe(true);
      // readPolicy on arbitrary attributes: DecodeError at most (it walks), never a RangeError.
      inputs++;
      try {
        readPolicy(input, rng.int(input.length + 1), input.length);
      } catch (err) {
        if ((err as Error).name !== 'DecodeError') throw new Error(`readPolicy threw ${(err as Error).name}: ${(err as Error).message} on ${Buffer.from(input).toString('hex')}`);
      }
    });
    // The echoed request length is attacker-controlled: huge values must not send the parser off the buffer.
    for (const len of [0, 15, 16, 0x7ffffffd, 0x7ffffffe, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff]) {
      const m = errorMessage(rng);
      new DataView(m.buffer).setUint32(20, len, true);
      for (const flags of [NLM_F_ACK_TLVS, NLM_F_CAPPED | NLM_F_ACK_TLVS]) {
        inputs++;
        const r = parseErrorPayload(m, 16, m.length, flags);
        expect(r.error).toBeLessThan(0);
      }
    }
    console.log(`codec fuzz (error/policy): ${inputs} inputs`);
  });
});
