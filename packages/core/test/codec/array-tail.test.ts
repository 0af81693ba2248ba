/**
 * Never drop bytes: a packed array (structs with `sub-type: binary`, or fixed-width integers
 * with `sub-type: u32` etc.) keeps the bytes after its last whole element as the array's
 * `$tail`, and re-encodes them byte for byte (schemas/EXTENSIONS.md). Checked on a small
 * family of its own and on messages laid out as the kernel writes them (rt-route, rt-link).
 */
import { describe, expect, it } from 'vitest';
import { thrown } from '@nlkit/testkit';
import { fileURLToPath } from 'node:url';
import { loadSchemaFileSync, loadSchemaText } from '@nlkit/ynl';
import { FamilyRuntime, NLMSG_HDRLEN, ValidationError, writeHeader } from '../core.js';
import { outcome } from './outcome.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const ir = loadSchemaText(`
name: tails
protocol: netlink-raw
protonum: 31
doc: Packed arrays of structs and integers.
definitions:
  - name: hdr
    type: struct
    members:
      - { name: fam, type: u8 }
      - { name: pad, type: pad, len: 3 }
  - name: pair
    type: struct
    members:
      - { name: a, type: u16 }
      - { name: b, type: u8 }
      - { name: c, type: u8 }
  - name: wide
    type: struct
    members:
      - { name: n, type: u64 }
attribute-sets:
  - name: main
    attributes:
      - { name: pairs, type: binary, struct: pair, sub-type: binary }
      - { name: shorts, type: binary, sub-type: u16 }
      - { name: words, type: binary, sub-type: u32, byte-order: big-endian }
      - { name: counters, type: binary, sub-type: u64 }
      - { name: wides, type: binary, struct: wide, sub-type: binary }
      - { name: one, type: binary, struct: pair }
operations:
  enum-model: directional
  fixed-header: hdr
  list:
    - name: get
      doc: Everything.
      attribute-set: main
      do:
        request: { value: 1, attributes: [ pairs, shorts, words, counters, wides, one ] }
        reply: { value: 2, attributes: [ pairs, shorts, words, counters, wides, one ] }
`);
const compiled = new FamilyRuntime(ir, { compileAfter: 0 });
const interpreted = new FamilyRuntime(ir, { compile: false });

/** A reply (type 2): the 4-byte fixed header, then the given attribute bytes. */
function msg(attrs: string, type = 2, hdr = '00000000'): Uint8Array {
  const body = hex(`${hdr} ${attrs}`);
  const out = new Uint8Array(NLMSG_HDRLEN + body.length);
  writeHeader(out, 0, { length: out.length, type, flags: 0, seq: 0, portId: 0 });
  out.set(body, NLMSG_HDRLEN);
  return out;
}

/** Decodes with both decoders (they must agree, `$tail`s included) and checks the value re-encodes to the same bytes. */
function roundTrip(rt: { compiled: FamilyRuntime; interpreted: FamilyRuntime }, op: string, bytes: Uint8Array): Record<string, unknown> {
  const a = rt.compiled.decodeMessageBytes(op, bytes);
  const b = rt.interpreted.decodeMessageBytes(op, bytes);
  expect(outcome(() => b)).toBe(outcome(() => a));
  expect(b).toEqual(a);
  expect(toHex(rt.compiled.encodeReply(op, a).body!)).toBe(toHex(bytes.subarray(NLMSG_HDRLEN)));
  // The value survives a second trip unchanged.
  const again = msgOf(rt.compiled.encodeReply(op, a).body!, bytes);
  expect(rt.compiled.decodeMessageBytes(op, again)).toEqual(a);
  return a;
}

function msgOf(body: Uint8Array, like: Uint8Array): Uint8Array {
  const out = new Uint8Array(NLMSG_HDRLEN + body.length);
  out.set(like.subarray(0, NLMSG_HDRLEN));
  new DataView(out.buffer).setUint32(0, out.length, true);
  out.set(body, NLMSG_HDRLEN);
  return out;
}

const tails = { compiled, interpreted };

const encodeErr = (value: unknown) => thrown(() => compiled.encodeReply('get', value), ValidationError);

describe('struct arrays keep a trailing partial element', () => {
  it('as $tail on the array, re-encoded byte for byte', () => {
    // Two 4-byte pairs and 3 more bytes: attribute length 4 + 11 = 15, padded to 16.
    const v = roundTrip(tails, 'get', msg('0f000100 01000203 04000506 0a0b0c 00'));
    const pairs = v.pairs as unknown[] & { $tail?: Uint8Array };
    expect([...pairs]).toEqual([{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }]);
    expect(pairs.$tail).toEqual(hex('0a0b0c'));
    expect(pairs.length).toBe(2);
  });

  it('bytes shorter than one element: an empty array with a $tail', () => {
    const v = roundTrip(tails, 'get', msg('06000100 abcd 0000'));
    expect(v.pairs).toHaveLength(0);
    expect((v.pairs as { $tail?: Uint8Array }).$tail).toEqual(hex('abcd'));
  });

  it('whole elements only: no $tail property at all', () => {
    const v = roundTrip(tails, 'get', msg('0c000100 01000203 04000506'));
    expect(Object.hasOwn(v.pairs as object, '$tail')).toBe(false);
    expect(v.pairs).toEqual([{ a: 1, b: 2, c: 3 }, { a: 4, b: 5, c: 6 }]);
  });

  it('structs with a 64-bit member too', () => {
    const v = roundTrip(tails, 'get', msg('18000500 0100000000000000 0200000000000000 ffee0000'));
    expect([...(v.wides as unknown[])]).toEqual([{ n: 1n }, { n: 2n }]);
    expect((v.wides as { $tail?: Uint8Array }).$tail).toEqual(hex('ffee0000'));
  });

  it('a struct carried on its own still keeps its extra bytes as its own $tail', () => {
    const v = roundTrip(tails, 'get', msg('0a000600 01000203 eeff 0000'));
    expect(v.one).toEqual({ a: 1, b: 2, c: 3, $tail: hex('eeff') });
  });
});

describe('integer arrays keep a trailing partial element', () => {
  it('u16: an odd byte at the end', () => {
    const v = roundTrip(tails, 'get', msg('09000200 0100 0200 ff 000000'));
    expect([...(v.shorts as number[])]).toEqual([1, 2]);
    expect((v.shorts as { $tail?: Uint8Array }).$tail).toEqual(hex('ff'));
  });

  it('big-endian u32: three bytes at the end', () => {
    const v = roundTrip(tails, 'get', msg('0f000300 00000001 00000002 aabbcc 00'));
    expect([...(v.words as number[])]).toEqual([1, 2]);
    expect((v.words as { $tail?: Uint8Array }).$tail).toEqual(hex('aabbcc'));
  });

  it('u64: seven bytes at the end, and fewer bytes than one element', () => {
    const v = roundTrip(tails, 'get', msg('13000400 0500000000000000 01020304050607 00'));
    expect([...(v.counters as bigint[])]).toEqual([5n]);
    expect((v.counters as { $tail?: Uint8Array }).$tail).toEqual(hex('01020304050607'));
    const w = roundTrip(tails, 'get', msg('07000400 010203 00'));
    expect(w.counters).toHaveLength(0);
    expect((w.counters as { $tail?: Uint8Array }).$tail).toEqual(hex('010203'));
  });

  it('whole elements only: no $tail', () => {
    const v = roundTrip(tails, 'get', msg('0c000300 00000001 00000002'));
    expect(Object.hasOwn(v.words as object, '$tail')).toBe(false);
  });
});

describe('encoding an array with $tail', () => {
  it('appends the bytes after the elements', () => {
    const pairs = Object.assign([{ a: 1, b: 2, c: 3 }], { $tail: hex('0a0b') });
    const words = Object.assign([1], { $tail: hex('cc') });
    const body = compiled.encodeReply('get', { header: { fam: 0 }, pairs, words }).body!;
    expect(toHex(body)).toBe('00000000' + '0a000100' + '01000203' + '0a0b0000' + '09000300' + '00000001' + 'cc000000');
  });

  it('an undefined $tail is the same as none', () => {
    const body = compiled.encodeReply('get', { pairs: Object.assign([{ a: 1 }], { $tail: undefined }) }).body!;
    expect(toHex(body)).toBe('00000000' + '08000100' + '01000000');
  });

  it('refuses a $tail that is not bytes', () => {
    for (const [key, tail] of [['pairs', 'abcd'], ['shorts', [1, 2]], ['counters', 7]] as const) {
      const err = encodeErr({ [key]: Object.assign(key === 'pairs' ? [{ a: 1 }] : [1], { $tail: tail }) });
      expect(err.path).toEqual([key, '$tail']);
      expect(err.reason).toMatch(/^expected bytes, got /);
    }
  });

  it('refuses a $tail as long as an element or longer (it would decode as elements)', () => {
    const err = encodeErr({ pairs: Object.assign([{ a: 1 }], { $tail: hex('01020304') }) });
    expect(err.path).toEqual(['pairs', '$tail']);
    expect(err.message).toMatch(/4 bytes: an array's tail holds only what is left after its last whole element \(less than the 4 bytes of one\)/);
    expect(encodeErr({ counters: Object.assign([1n], { $tail: new Uint8Array(8) }) }).path).toEqual(['counters', '$tail']);
    expect(encodeErr({ shorts: Object.assign([], { $tail: new Uint8Array(2) }) }).reason).toMatch(/less than the 2 bytes of one/);
  });
});

describe('as the kernel lays them out', () => {
  const routeIr = loadSchemaFileSync(fileURLToPath(new URL('../../../../schemas/rt-route.yaml', import.meta.url)));
  const route = { compiled: new FamilyRuntime(routeIr, { compileAfter: 0 }), interpreted: new FamilyRuntime(routeIr, { compile: false }) };
  const linkIr = loadSchemaFileSync(fileURLToPath(new URL('../../../../schemas/rt-link.yaml', import.meta.url)));
  const link = { compiled: new FamilyRuntime(linkIr, { compileAfter: 0 }), interpreted: new FamilyRuntime(linkIr, { compile: false }) };

  /** RTM_NEWROUTE (24) of an AF_MPLS route: struct rtmsg (12 bytes), then `attrs`. */
  function mplsRoute(attrs: string): Uint8Array {
    const body = hex(`1c 14 00 00 fe 02 00 01 00000000 ${attrs}`);
    const out = new Uint8Array(NLMSG_HDRLEN + body.length);
    writeHeader(out, 0, { length: out.length, type: 24, flags: 0, seq: 1, portId: 0 });
    out.set(body, NLMSG_HDRLEN);
    return out;
  }

  it('rt-route: an MPLS dst (nlkit-select case) and newdst with bytes after the last label', () => {
    // RTA_DST: label 100 (bos) + 2 bytes; RTA_NEWDST: labels 200, 300 (bos) + 1 byte.
    const v = roundTrip(route, 'getroute', mplsRoute('0a000100 00064100 beef 0000  0d001300 000c8000 0012c100 77 000000'));
    expect([...(v.dst as unknown[])]).toEqual([{ label: 100, tc: 0, bos: 1, ttl: 0 }]);
    expect((v.dst as { $tail?: Uint8Array }).$tail).toEqual(hex('beef'));
    expect([...(v.newdst as unknown[])]).toEqual([{ label: 200, tc: 0, bos: 0, ttl: 0 }, { label: 300, tc: 0, bos: 1, ttl: 0 }]);
    expect((v.newdst as { $tail?: Uint8Array }).$tail).toEqual(hex('77'));
  });

  it('rt-link: IFLA_INET6_STATS (u64 array) inside IFLA_AF_SPEC with bytes after the last counter', () => {
    // ifinfomsg (AF_UNSPEC, ifindex 1), IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_STATS: 2 counters + 5 bytes } }.
    const body = hex(`00 00 0400 01000000 49000100 00000000
      24001a00  20000a00  19000300 0200000000000000 2a00000000000000 0102030405 000000`);
    const bytes = new Uint8Array(NLMSG_HDRLEN + body.length);
    writeHeader(bytes, 0, { length: bytes.length, type: 16, flags: 0, seq: 1, portId: 0 });
    bytes.set(body, NLMSG_HDRLEN);
    const v = roundTrip(link, 'getlink', bytes);
    const stats = (v.afSpec as { inet6: { stats: bigint[] & { $tail?: Uint8Array } } }).inet6.stats;
    expect([...stats]).toEqual([2n, 42n]);
    expect(stats.$tail).toEqual(hex('0102030405'));
  });
});
