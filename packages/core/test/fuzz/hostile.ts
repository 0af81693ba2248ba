/**
 * Hostile mutations of netlink messages, beyond testkit's generic `mutate`: truncated headers,
 * lengths past the end, zero-length attributes, nests deeper than 32 levels, huge attribute
 * counts, bad UTF-8 in strings, wrong struct sizes. Plus the budget a run gets from the
 * environment (tools/fuzz/run.mjs sets it for long runs).
 */
import { Rng, fuzzBytes, mutate } from '@nlkit/testkit';
import type { AttrIR, FamilyIR, OperationIR } from '@nlkit/ir';
import { NLA_F_NESTED, NLMSG_HDRLEN, MessageBuilder } from '../core.js';

/**
 * FUZZ_SEED, FUZZ_SCALE (multiplies every count), FUZZ_SECONDS (stop each loop after this),
 * FUZZ_DEADLINE (epoch ms at which every loop stops: the whole run's time limit).
 */
export const budget = {
  seed: Number(process.env.FUZZ_SEED ?? 0x6e6c6b74) >>> 0,
  scale: Number(process.env.FUZZ_SCALE ?? 1),
  seconds: Number(process.env.FUZZ_SECONDS ?? 0),
  deadline: Number(process.env.FUZZ_DEADLINE ?? 0),
};

/** Iterations between clock checks; also the least a loop runs, however late it starts. */
export const BATCH = 256;

/** Whether the run's deadline (FUZZ_DEADLINE) has passed: set-up work is then cut to the least. */
export function pastDeadline(now: () => number = Date.now): boolean {
  return budget.deadline > 0 && now() > budget.deadline;
}

/**
 * Runs body(i) n * scale times, or until FUZZ_SECONDS have passed or FUZZ_DEADLINE has come.
 * The first batch always runs, so a loop that starts after the deadline still checks something.
 */
export function loop(n: number, body: (i: number) => void, now: () => number = Date.now): number {
  const total = Math.round(n * budget.scale);
  let end = budget.seconds > 0 ? now() + budget.seconds * 1000 : Infinity;
  if (budget.deadline > 0) end = Math.min(end, budget.deadline);
  let i = 0;
  for (; i < total; i++) {
    if (i > 0 && i % BATCH === 0 && now() > end) break;
    body(i);
  }
  return i;
}

function le16(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >> 8) & 0xff;
}
function le32(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0, true);
}

/** Offsets of attribute headers in a message, found by walking (best effort, no throws). */
function attrOffsets(b: Uint8Array, start: number, end: number, depth = 0, out: number[] = []): number[] {
  let off = start;
  while (end - off >= 4 && out.length < 4096) {
    const len = b[off]! | (b[off + 1]! << 8);
    if (len < 4 || off + len > end) break;
    out.push(off);
    if (len > 8 && depth < 8) attrOffsets(b, off + 4, off + len, depth + 1, out);
    off += (len + 3) & ~3;
  }
  return out;
}

/** Fixes nlmsg_len to the buffer length (so the message reaches the attribute walker). */
function fixLen(b: Uint8Array): Uint8Array {
  if (b.length >= 4) le32(b, 0, b.length);
  return b;
}

/** Nests `levels` deep through attribute types from `chain` (repeating), innermost payload `leaf`. */
export function deepNest(chain: number[], levels: number, leaf: Uint8Array = new Uint8Array(0)): Uint8Array {
  const b = new MessageBuilder(levels * 4 + leaf.length + 16);
  const opens: number[] = [];
  for (let i = 0; i < levels; i++) opens.push(b.beginNest(chain[i % chain.length]!));
  b.bytes(leaf);
  while (opens.length) b.endNest(opens.pop()!);
  return b.finish();
}

/** A chain of nest attribute numbers that leads as deep as the schema allows from `setName`. */
export function nestChain(ir: FamilyIR, setName: string, max = 40): number[] {
  const sets = new Map(ir.attributeSets.map((s) => [s.name, s]));
  const chain: number[] = [];
  let cur = sets.get(setName);
  while (cur && chain.length < max) {
    const nests = cur.attrs.filter((a: AttrIR) => a.type === 'nest' && a.nestedAttributes);
    if (!nests.length) break;
    // Prefer a nest that leads back into a set with more nests (recursive schemas go deepest).
    const a = nests.find((x) => x.nestedAttributes === cur!.name) ?? nests[chain.length % nests.length]!;
    chain.push(a.value);
    cur = sets.get(a.nestedAttributes!);
  }
  return chain;
}

/** The byte length of the op's preamble + fixed header (where attributes start, after nlmsghdr). */
export function headerBytes(ir: FamilyIR, op: OperationIR): number {
  const pre = ir.protocol === 'netlink-raw' ? 0 : 4;
  const st = op.fixedHeader ? ir.structs.find((s) => s.name === op.fixedHeader) : undefined;
  return pre + (st ? (st.size + 3) & ~3 : 0);
}

/** One hostile variant of a valid message `msg` for `op` in `ir`. */
export function hostile(rng: Rng, ir: FamilyIR, op: OperationIR | undefined, msg: Uint8Array): Uint8Array {
  const attrsAt = NLMSG_HDRLEN + (op ? headerBytes(ir, op) : 0);
  switch (rng.int(12)) {
    case 0: // truncated nlmsghdr
      return msg.slice(0, rng.int(NLMSG_HDRLEN));
    case 1: { // nlmsg_len past the end (or shorter than the header)
      const b = msg.slice();
      le32(b, 0, [b.length + 1 + rng.int(64), 0xffffffff, rng.int(16), 0x80000000][rng.int(4)]!);
      return b;
    }
    case 2: { // an attribute length past its end, or zero, or 1..3
      const b = msg.slice();
      const offs = attrOffsets(b, attrsAt, b.length);
      if (!offs.length) return mutate(rng, b);
      le16(b, offs[rng.int(offs.length)]!, [0, 1, 2, 3, 4, 0xffff, 5 + rng.int(400)][rng.int(7)]!);
      return b;
    }
    case 3: { // zero-length (header-only) attributes of every type in the set, spliced in
      const set = op?.attributeSet ? ir.attributeSets.find((s) => s.name === op.attributeSet) : undefined;
      const types = set ? set.attrs.map((a) => a.value) : [rng.int(64)];
      const extra = new Uint8Array(types.length * 4);
      types.forEach((t, i) => { le16(extra, i * 4, 4); le16(extra, i * 4 + 2, t | (rng.bool() ? NLA_F_NESTED : 0)); });
      const b = new Uint8Array(msg.length + extra.length);
      b.set(msg.subarray(0, Math.min(attrsAt, msg.length)));
      b.set(extra, Math.min(attrsAt, msg.length));
      b.set(msg.subarray(Math.min(attrsAt, msg.length)), Math.min(attrsAt, msg.length) + extra.length);
      return fixLen(b);
    }
    case 4: { // nests deeper than 32 levels through the schema's own nest attributes
      const chain = op?.attributeSet ? nestChain(ir, op.attributeSet) : [];
      const levels = 33 + rng.int(40);
      const deep = deepNest(chain.length ? chain : [1 + rng.int(30)], levels, fuzzBytes(rng, 16));
      if (deep.length > 0xffff) return deep;
      const b = new Uint8Array(attrsAt + deep.length);
      b.set(msg.subarray(0, Math.min(attrsAt, msg.length)));
      b.set(deep, attrsAt);
      return fixLen(b);
    }
    case 5: { // a huge count: thousands of copies of one attribute
      const offs = attrOffsets(msg, attrsAt, msg.length);
      const one = offs.length ? (() => { const o = offs[rng.int(offs.length)]!; const l = (msg[o]! | (msg[o + 1]! << 8)); return msg.slice(o, o + ((l + 3) & ~3)); })() : new Uint8Array([4, 0, 1, 0]);
      const n = Math.min(rng.int(8) === 0 ? 16000 : 2000, Math.floor(60000 / Math.max(4, one.length)));
      const b = new Uint8Array(attrsAt + n * one.length);
      b.set(msg.subarray(0, Math.min(attrsAt, msg.length)));
      for (let i = 0; i < n; i++) b.set(one, attrsAt + i * one.length);
      return fixLen(b);
    }
    case 6: { // bad UTF-8 in whatever payload bytes (strings included)
      const b = msg.slice();
      const offs = attrOffsets(b, attrsAt, b.length);
      for (let k = 0, n = Math.min(offs.length, 1 + rng.int(8)); k < n; k++) {
        const o = offs[rng.int(offs.length)]!;
        const l = Math.min(64, b[o]! | (b[o + 1]! << 8));
        for (let i = o + 4; i < o + l; i++) if (rng.int(3) === 0) b[i] = [0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0xf4, 0x90][rng.int(8)]!;
      }
      return b;
    }
    case 7: { // wrong fixed-header size: cut or grow the struct after nlmsghdr
      const cut = rng.int(Math.max(1, attrsAt - NLMSG_HDRLEN + 1));
      if (rng.bool()) return fixLen(Uint8Array.from([...msg.subarray(0, NLMSG_HDRLEN + cut)]));
      const b = new Uint8Array(msg.length + 1 + rng.int(7));
      b.set(msg.subarray(0, NLMSG_HDRLEN + cut));
      b.set(msg.subarray(NLMSG_HDRLEN + cut), b.length - (msg.length - NLMSG_HDRLEN - cut));
      return fixLen(b);
    }
    case 8: { // wrong size of one attribute's payload (struct or scalar): shrink it by 1..7
      const b = msg.slice();
      const offs = attrOffsets(b, attrsAt, b.length);
      if (!offs.length) return mutate(rng, b);
      const o = offs[rng.int(offs.length)]!;
      const l = b[o]! | (b[o + 1]! << 8);
      le16(b, o, Math.max(4, l - 1 - rng.int(7)));
      return b;
    }
    case 9: // generic mutations, stacked
      return mutate(rng, mutate(rng, msg));
    case 10: { // flip the NESTED flag on attributes (nest read as scalar and vice versa)
      const b = msg.slice();
      for (const o of attrOffsets(b, attrsAt, b.length)) if (rng.bool()) b[o + 3]! ^= 0x80;
      return b;
    }
    default: // random bytes behind a plausible header
      return fixLen(Uint8Array.from([...msg.subarray(0, attrsAt), ...fuzzBytes(rng, 512)]));
  }
}
