/**
 * Golden bytes: each message is written out by hand, one field per line, then decoded with the
 * IR-driven codec and re-encoded to the identical bytes.
 */
import { describe, it, expect } from 'vitest';
import {
  defineFamily, walkAttrs, readAttrs, MessageBuilder, splitMessages, readHeader, writeHeader, readGenlHeader,
  readInt, readVarInt, varIntBytes, readString, stringBytes, readBitfield32, bitfield32Bytes, isValidUtf8,
  formatIpv6, parseIpv6, formatMac, parseMac, DecodeError, NEST_FLAG, Encoder,
  NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP, type UnknownAttr,
} from '../core.js';
import { RAW, GENL } from './fixtures.js';
import { hx, toHex } from './helpers.js';

const rt = defineFamily(RAW);

/** Decodes `bytes` as op, checks the value, re-encodes and checks the bytes are identical. */
function roundTrip(opName: string, bytes: Uint8Array, expected: Record<string, unknown>): Record<string, unknown> {
  const decoded = rt.decodeMessageBytes(opName, bytes);
  expect(decoded).toEqual(expected);
  const again = rt.encodeRequestBytes(opName, 'do', decoded, { seq: 1 });
  expect(toHex(again)).toBe(toHex(bytes));
  return decoded;
}

describe('wire: nlmsghdr', () => {
  it('reads and writes the 16-byte header little-endian', () => {
    const bytes = hx`
      14 00 00 00   // nlmsg_len = 20
      10 00         // nlmsg_type = 16
      05 03         // nlmsg_flags = REQUEST|ACK|ROOT|MATCH (0x305)
      01 00 00 00   // nlmsg_seq = 1
      92 10 00 00   // nlmsg_pid = 4242
      01 02 00 00   // payload: genlmsghdr cmd=1 version=2
    `;
    expect(readHeader(bytes, 0)).toEqual({ length: 20, type: 16, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, seq: 1, portId: 4242 });
    const out = new Uint8Array(20);
    writeHeader(out, 0, { length: 20, type: 16, flags: 0x305, seq: 1, portId: 4242 });
    out.set([1, 2, 0, 0], 16);
    expect(toHex(out)).toBe(toHex(bytes));
    expect(readGenlHeader(bytes, 16, 20)).toEqual({ cmd: 1, version: 2 });
  });

  it('splits a datagram holding several messages, skipping alignment padding', () => {
    const bytes = hx`
      11 00 00 00  03 00  02 00  07 00 00 00  00 00 00 00   // len 17 (not aligned), DONE, MULTI, seq 7
      aa 00 00 00                                           // 1 payload byte + 3 padding
      10 00 00 00  02 00  00 00  08 00 00 00  00 00 00 00   // len 16, ERROR, seq 8, no payload
    `;
    const msgs = splitMessages(bytes);
    expect(msgs.map((m) => [m.type, m.seq, m.start, m.end])).toEqual([[3, 7, 16, 17], [2, 8, 36, 36]]);
  });

  it('rejects a length that runs past the datagram or is shorter than the header', () => {
    expect(() => splitMessages(hx`20 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00`)).toThrow(DecodeError);
    expect(() => splitMessages(hx`08 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00`)).toThrow(DecodeError);
    expect(() => readHeader(new Uint8Array(8), 0)).toThrow(DecodeError);
  });
});

describe('wire: nlattr TLVs', () => {
  const attrs = hx`
    05 00 01 00  2a 00 00 00          // len 5, type 1, u8 42 + 3 padding bytes
    06 00 02 40  1f 90 00 00          // len 6, type 2 | NLA_F_NET_BYTEORDER, be16 8080 + 2 padding
    0c 00 03 80                       // len 12, type 3 | NLA_F_NESTED
      08 00 01 00  07 00 00 00        //   len 8, type 1, u32 7
    08 00 04 00  01 00 00 00          // len 8, type 4, u32 1
    00 00                             // 2 trailing bytes (shorter than a header): ignored
  `;

  it('walks attributes with 4-byte alignment and reports the flag bits', () => {
    const seen: number[][] = [];
    walkAttrs(attrs, 0, attrs.length, (type, s, e, raw) => seen.push([type, s, e, raw]));
    expect(seen).toEqual([[1, 4, 5, 1], [2, 12, 14, 0x4002], [3, 20, 28, 0x8003], [4, 32, 36, 4]]);
    const views = readAttrs(attrs);
    expect(views.map((v) => [v.type, v.nested, v.netByteOrder])).toEqual([[1, false, false], [2, false, true], [3, true, false], [4, false, false]]);
    const inner = readAttrs(attrs, views[2]!.start, views[2]!.end);
    expect(inner).toHaveLength(1);
    expect(readInt(attrs, inner[0]!.start, 'u32')).toBe(7);
    // NLA_F_NET_BYTEORDER marks a big-endian payload.
    expect(readInt(attrs, views[1]!.start, 'u16', views[1]!.netByteOrder)).toBe(8080);
  });

  it('rejects attributes whose length is too short or runs past the end', () => {
    expect(() => readAttrs(hx`03 00 01 00`)).toThrow(DecodeError);
    expect(() => readAttrs(hx`0c 00 01 00 00 00 00 00`)).toThrow(/runs past the end/);
  });

  it('MessageBuilder pads to 4 bytes, patches nest lengths and sets NLA_F_NESTED on request', () => {
    const b = new MessageBuilder(8); // small on purpose: it must grow
    b.attr(1, Uint8Array.of(0x2a));
    const n = b.beginNest(3);
    b.attr(1, Uint8Array.of(7, 0, 0, 0));
    const n2 = b.beginNest(5, false);
    b.attr(2, stringBytes('ab'));
    b.endNest(n2);
    b.endNest(n);
    const at = b.beginAttr(2 | NLA_F_NET_BYTEORDER);
    b.u16(8080, true);
    b.endAttr(at);
    expect(toHex(b.finish())).toBe(toHex(hx`
      05 00 01 00  2a 00 00 00        // u8 42, padded
      18 00 03 80                     // nest type 3 | NLA_F_NESTED, len 24
        08 00 01 00  07 00 00 00      //   u32 7
        0c 00 05 00                   //   nest type 5 without NLA_F_NESTED, len 12
          07 00 02 00  61 62 00 00    //     "ab\\0" + 1 padding byte
      06 00 02 40  1f 90 00 00        // be16 8080 with NLA_F_NET_BYTEORDER
    `));
  });

  it('refuses an attribute longer than 65535 bytes', () => {
    const b = new MessageBuilder();
    expect(() => b.attr(1, new Uint8Array(70000))).toThrow(RangeError);
  });
});

describe('wire: scalars', () => {
  it('variable-width uint/sint read 4 and 8 bytes and write the smallest width', () => {
    expect(readVarInt(hx`ff ff ff ff`, 0, 4, false)).toBe(0xffffffff);
    expect(readVarInt(hx`ff ff ff ff`, 0, 4, true)).toBe(-1);
    expect(readVarInt(hx`00 00 00 00 01 00 00 00`, 0, 8, false)).toBe(2 ** 32);
    expect(readVarInt(hx`ff ff ff ff ff ff ff ff`, 0, 8, false)).toBe(0xffffffffffffffffn);
    expect(readVarInt(hx`00 0e fa d5 fe ff ff ff`, 0, 8, true)).toBe(-5_000_000_000);
    expect(() => readVarInt(new Uint8Array(3), 0, 3, false)).toThrow(DecodeError);
    expect(toHex(varIntBytes(0xffffffff, false))).toBe('ff ff ff ff');
    expect(toHex(varIntBytes(2 ** 32, false))).toBe('00 00 00 00 01 00 00 00');
    expect(toHex(varIntBytes(-1, true))).toBe('ff ff ff ff');
    expect(toHex(varIntBytes(0x80000000, true))).toBe('00 00 00 80 00 00 00 00');
    expect(toHex(varIntBytes(-5_000_000_000n, true))).toBe('00 0e fa d5 fe ff ff ff');
  });

  it('strings stop at the first NUL, accept unterminated data and replace bad UTF-8', () => {
    expect(readString(hx`61 62 00 63 64 00`, 0, 6)).toBe('ab');
    expect(readString(hx`65 74 68 30`, 0, 4)).toBe('eth0');
    expect(readString(hx`66 ff 6f 00`, 0, 4)).toBe('f\uFFFDo');
    expect(isValidUtf8(hx`66 ff 6f`)).toBe(false);
    expect(isValidUtf8(hx`c3 a9`)).toBe(true);
    expect(toHex(stringBytes('é'))).toBe('c3 a9 00');
    expect(toHex(stringBytes('é', false))).toBe('c3 a9');
  });

  it('bitfield32 is value then selector, exactly 8 bytes', () => {
    expect(readBitfield32(hx`05 00 00 00 07 00 00 00`, 0, 8)).toEqual({ value: 5, selector: 7 });
    expect(toHex(bitfield32Bytes({ value: 0x80000000, selector: 0xffffffff }))).toBe('00 00 00 80 ff ff ff ff');
    expect(() => readBitfield32(new Uint8Array(4), 0, 4)).toThrow(DecodeError);
  });

  it('formats IPv6 as RFC 5952 text and parses it back', () => {
    const cases: Array<[string, string]> = [
      ['00000000000000000000000000000001', '::1'],
      ['fe800000000000000000000000000001', 'fe80::1'],
      ['00000000000000000000ffff01020304', '::ffff:1.2.3.4'],
      ['20010db8000000000000000000000001', '2001:db8::1'],
      ['00010000000000010000000000000001', '1:0:0:1::1'], // the longer zero run wins
      ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'], // one zero group is not "::"
      ['00000000000000000000000000000000', '::'],
    ];
    for (const [hex, text] of cases) {
      const b = hx(hex);
      expect(formatIpv6(b)).toBe(text);
      expect(toHex(parseIpv6(text)!)).toBe(toHex(b));
    }
    expect(parseIpv6('1::2::3')).toBeUndefined();
    // Against the WHATWG URL serialiser (the same RFC 5952 compression), on addresses with
    // many zero groups; it writes IPv4-mapped addresses in hex, so those are left to the cases.
    for (let n = 0; n < 2000; n++) {
      const b = new Uint8Array(16);
      for (let g = 0; g < 8; g++) if (Math.random() < 0.4) { b[2 * g] = Math.random() < 0.5 ? 0 : (Math.random() * 256) | 0; b[2 * g + 1] = (Math.random() * 256) | 0; }
      const text = formatIpv6(b);
      if (text.startsWith('::ffff:') && text.includes('.')) continue;
      const hex = Array.from({ length: 8 }, (_, g) => ((b[2 * g]! << 8) | b[2 * g + 1]!).toString(16)).join(':');
      expect(text).toBe(new URL(`http://[${hex}]/`).hostname.slice(1, -1));
      expect(toHex(parseIpv6(text)!)).toBe(toHex(b));
    }
    expect(formatMac(hx`00 11 22 aa bb cc`)).toBe('00:11:22:aa:bb:cc');
    expect(toHex(parseMac('00:11:22:AA:BB:CC')!)).toBe('00 11 22 aa bb cc');
  });
});

describe('spec codec golden bytes (decode, then re-encode to identical bytes)', () => {
  it('fixed-width integers u8..u64 and s8..s64, big-endian u16/u32', () => {
    const bytes = hx`
      78 00 00 00   // nlmsg_len = 120
      64 00         // nlmsg_type = 100 (op "ints")
      05 00         // nlmsg_flags = REQUEST|ACK
      01 00 00 00   // nlmsg_seq = 1
      00 00 00 00   // nlmsg_pid = 0
      05 00 01 00  ff 00 00 00                  // a-u8 = 255 (+3 padding)
      06 00 02 00  34 12 00 00                  // a-u16 = 0x1234 (+2 padding)
      08 00 03 00  78 56 34 12                  // a-u32 = 0x12345678
      0c 00 04 00  ef cd ab 89 67 45 23 01      // a-u64 = 0x0123456789abcdef (bigint)
      05 00 05 00  80 00 00 00                  // a-s8 = -128
      06 00 06 00  fe ff 00 00                  // a-s16 = -2
      08 00 07 00  00 00 00 80                  // a-s32 = -2^31
      0c 00 08 00  ff ff ff ff ff ff ff ff      // a-s64 = -1 (bigint)
      08 00 09 00  ff ff ff ff                  // a-uint = 2^32-1, 4 bytes
      08 00 0a 00  fb ff ff ff                  // a-sint = -5, 4 bytes
      06 00 0b 00  1f 90 00 00                  // port = 8080, big-endian u16
      08 00 0c 00  c0 a8 01 02                  // be32 = 0xc0a80102, big-endian u32
    `;
    const v = roundTrip('ints', bytes, {
      aU8: 255, aU16: 0x1234, aU32: 0x12345678, aU64: 0x0123456789abcdefn,
      aS8: -128, aS16: -2, aS32: -(2 ** 31), aS64: -1n,
      aUint: 0xffffffff, aSint: -5, port: 8080, be32: 0xc0a80102,
    });
    expect(typeof v.aU64).toBe('bigint');
    expect(typeof v.aS64).toBe('bigint');
  });

  it('variable-width uint/sint of 8 bytes', () => {
    const bytes = hx`
      34 00 00 00  64 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 52, type 100
      0c 00 09 00  00 00 00 00 01 00 00 00                 // a-uint = 2^32: needs 8 bytes
      0c 00 0a 00  00 0e fa d5 fe ff ff ff                 // a-sint = -5e9: needs 8 bytes
      0c 00 04 00  fe ff ff ff ff ff ff ff                 // a-u64 = 2^64-2
    `;
    roundTrip('ints', bytes, { aUint: 2 ** 32, aSint: -5_000_000_000, aU64: 0xfffffffffffffffen });
  });

  it('a uint too large for a number decodes as bigint and re-encodes', () => {
    const bytes = hx`
      1c 00 00 00  64 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 28
      0c 00 09 00  ff ff ff ff ff ff ff ff                 // a-uint = 2^64-1
    `;
    roundTrip('ints', bytes, { aUint: 0xffffffffffffffffn });
  });

  it('strings, unterminated strings, binary, flag and bitfield32', () => {
    const bytes = hx`
      3c 00 00 00  65 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 60, type 101 (op "strs")
      09 00 01 00  65 74 68 30 00  00 00 00                // name = "eth0\\0" (+3 padding)
      07 00 02 00  61 62 63  00                            // raw = "abc", no NUL (unterminated-ok) (+1 padding)
      07 00 03 00  de ad be  00                            // blob = de ad be (+1 padding)
      04 00 04 00                                          // on: flag, no payload
      0c 00 05 00  05 00 00 00  07 00 00 00                // bf: bitfield32 value=5 selector=7
    `;
    const v = roundTrip('strs', bytes, { name: 'eth0', raw: 'abc', blob: Uint8Array.of(0xde, 0xad, 0xbe), on: true, bf: { value: 5, selector: 7 } });
    expect(v.blob).toBeInstanceOf(Uint8Array);
  });

  it('string decoding: bytes after NUL ignored, unterminated accepted, bad UTF-8 replaced', () => {
    const msg = (attr: string) => {
      const a = hx(attr);
      const out = new Uint8Array(16 + a.length);
      writeHeader(out, 0, { length: out.length, type: 101, flags: 5, seq: 1, portId: 0 });
      out.set(a, 16);
      return out;
    };
    expect(rt.decodeMessageBytes('strs', msg('0a 00 01 00  61 62 00 63 64 00  00 00'))).toEqual({ name: 'ab' });
    // Unterminated: decoded, and a plain string attribute is re-encoded NUL-terminated.
    const unterminated = rt.decodeMessageBytes('strs', msg('08 00 01 00  65 74 68 30'));
    expect(unterminated).toEqual({ name: 'eth0' });
    expect(toHex(rt.encodeRequestBytes('strs', 'do', unterminated).subarray(16))).toBe('09 00 01 00 65 74 68 30 00 00 00 00');
    expect(rt.decodeMessageBytes('strs', msg('08 00 01 00  66 ff 6f 00'))).toEqual({ name: 'f\uFFFDo' });
    // An empty string is just the NUL.
    roundTrip('strs', msg('05 00 01 00  00 00 00 00'), { name: '' });
  });

  it('display hints: mac, ipv4, ipv6 (RFC 5952) and a big-endian u32 shown as ipv4', () => {
    const bytes = hx`
      68 00 00 00  66 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 104, type 102 (op "addrs")
      0a 00 01 00  00 11 22 aa bb cc  00 00                // mac (+2 padding)
      08 00 02 00  c0 00 02 01                             // v4 = 192.0.2.1
      14 00 03 00  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01   // v6 = ::1
      14 00 03 00  fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01   // v6 = fe80::1
      14 00 03 00  00 00 00 00 00 00 00 00 00 00 ff ff 01 02 03 04   // v6 = ::ffff:1.2.3.4
      08 00 04 00  0a 00 00 01                             // addr32: u32 big-endian 0x0a000001 = 10.0.0.1
    `;
    roundTrip('addrs', bytes, {
      mac: '00:11:22:aa:bb:cc',
      v4: '192.0.2.1',
      v6: ['::1', 'fe80::1', '::ffff:1.2.3.4'],
      addr32: '10.0.0.1',
    });
  });

  it('enums and flags by name; unknown enum values stay numbers; unknown flag bits are kept', () => {
    const bytes = hx`
      30 00 00 00  67 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 48, type 103 (op "enums")
      08 00 01 00  05 00 00 00     // color = 5 = "blue"
      08 00 02 00  49 00 00 00     // iff = 0x49 = up(0x1) | loopback(0x8) | unknown 0x40
      05 00 03 00  09 00 00 00     // feat (enum-as-flags, bit numbers a=0 b=3) = 0x09 (+3 padding)
      06 00 04 00  07 00 00 00     // color16 = 7: not in the enum (+2 padding)
    `;
    roundTrip('enums', bytes, { color: 'blue', iff: ['up', 'loopback', 0x40], feat: ['a', 'b'], color16: 7 });
    // Names are accepted on encode too.
    const b = rt.encodeRequestBytes('enums', 'do', { color: 'green', iff: ['broadcast'] });
    expect(toHex(b.subarray(16))).toBe('08 00 01 00 01 00 00 00 08 00 02 00 02 00 00 00');
  });

  it('nests, multi-attr, indexed-array, nest-type-value (two levels), a struct, and unknown attributes', () => {
    const bytes = hx`
      c4 00 00 00  68 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 196, type 104 (op "tree")
      14 00 01 80                         // inner: nest with NLA_F_NESTED, len 20
        08 00 01 00  07 00 00 00          //   x = 7
        07 00 02 00  68 69 00  00         //   label = "hi" (+1 padding)
      08 00 02 00  01 00 00 00            // multi[0] = 1
      08 00 02 00  02 00 00 00            // multi[1] = 2
      08 00 02 00  03 00 00 00            // multi[2] = 3
      1c 00 03 80                         // items: indexed-array of nests, len 28
        0c 00 01 80                       //   [index 1] nest
          08 00 01 00  0a 00 00 00        //     id = 10
        0c 00 02 80                       //   [index 2] nest
          08 00 01 00  14 00 00 00        //     id = 20
      14 00 04 80                         // ids: indexed-array of u32, len 20
        08 00 01 00  64 00 00 00          //   [1] = 100
        08 00 02 00  c8 00 00 00          //   [2] = 200
      2c 00 05 80                         // policy: nest-type-value, two levels, len 44
        18 00 00 80                       //   policy-id 0
          14 00 01 80                     //     attr-id 1
            08 00 01 00  03 00 00 00      //       kind = 3
            08 00 02 00  0a 00 00 00      //       max = 10
        10 00 01 80                       //   policy-id 1
          0c 00 02 80                     //     attr-id 2
            08 00 01 00  04 00 00 00      //       kind = 4
      24 00 06 00                         // mixed: binary holding struct mixed (32 bytes)
        01                                //   a: u8 @0 = 1
        00                                //   (pad @1)
        03 02                             //   b: u16 @2 = 0x0203
        07 06 05 04                       //   c: u32 @4 = 0x04050607
        0f 0e 0d 0c 0b 0a 09 08           //   d: u64 @8 = 0x08090a0b0c0d0e0f
        01 bb                             //   port: be16 @16 = 443
        00 00                             //   (pad @18)
        c0 a8 01 01                       //   addr: be32 @20, display ipv4 = 192.168.1.1
        02 00 00 00 00 01                 //   mac: u8[6] @24
        00 00                             //   (pad @30)
      06 00 09 00  ab cd  00 00           // type 9: not in the set → $unknown (+2 padding)
    `;
    const v = roundTrip('tree', bytes, {
      inner: { x: 7, label: 'hi' },
      multi: [1, 2, 3],
      items: [{ id: 10 }, { id: 20 }],
      ids: [100, 200],
      policy: { '0': { '1': { kind: 3, max: 10 } }, '1': { '2': { kind: 4 } } },
      mixed: { a: 1, b: 0x0203, c: 0x04050607, d: 0x08090a0b0c0d0e0fn, port: 443, addr: '192.168.1.1', mac: '02:00:00:00:00:01' },
      $unknown: [{ type: 9, data: Uint8Array.of(0xab, 0xcd) }],
    });
    expect((v.inner as Record<symbol, unknown>)[NEST_FLAG]).toBe(true);
  });

  it('a nest without NLA_F_NESTED is decoded and re-encoded without it', () => {
    const bytes = hx`
      24 00 00 00  68 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 36
      14 00 01 00                         // inner: nest WITHOUT NLA_F_NESTED, len 20
        08 00 01 00  07 00 00 00          //   x = 7
        07 00 02 00  68 69 00  00         //   label = "hi"
    `;
    const v = roundTrip('tree', bytes, { inner: { x: 7, label: 'hi' } });
    expect((v.inner as Record<symbol, unknown>)[NEST_FLAG]).toBe(false);
    // A fresh object (no mark) gets NLA_F_NESTED, as the kernel writes nests.
    const fresh = rt.encodeRequestBytes('tree', 'do', { inner: { x: 7, label: 'hi' } }, { seq: 1 });
    expect(fresh[16 + 3]).toBe(0x80);
  });

  it('unknown attributes keep their place and their NLA_F_NESTED bit', () => {
    const bytes = hx`
      2c 00 00 00  68 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 44
      08 00 02 00  01 00 00 00            // multi[0] = 1
      0c 00 0a 80                         // type 10 | NLA_F_NESTED: unknown
        08 00 01 00  05 00 00 00          //   (opaque)
      06 00 0b 00  01 02  00 00           // type 11: unknown
    `;
    const v = rt.decodeMessageBytes('tree', bytes);
    expect(v.multi).toEqual([1]);
    const unknown = v.$unknown as UnknownAttr[];
    expect(unknown.map((u) => u.type)).toEqual([10, 11]);
    expect(toHex(unknown[0]!.data)).toBe('08 00 01 00 05 00 00 00');
    expect(unknown[0]!.flags).toBe(NLA_F_NESTED);
    expect(unknown[1]!.flags).toBeUndefined();
    expect(toHex(rt.encodeRequestBytes('tree', 'do', v, { seq: 1 }))).toBe(toHex(bytes));
  });

  it('fixed header (ifinfomsg-like struct with padding) and a sub-message selected by a sibling', () => {
    const bytes = hx`
      50 00 00 00   // nlmsg_len = 80
      10 00         // nlmsg_type = 16 (op "link")
      05 00         // REQUEST|ACK
      01 00 00 00   // seq 1
      00 00 00 00   // pid 0
      00            // header.family = 0
      00            // (pad)
      01 00         // header.type = 1
      05 00 00 00   // header.index = 5
      03 00 00 00   // header.flags = up|broadcast
      ff ff ff ff   // header.change = 0xffffffff
      0b 00 03 00  76 6c 61 6e 31 30 00  00     // ifname = "vlan10" (+1 padding)
      24 00 12 80                               // linkinfo: nest, len 36
        09 00 01 00  76 6c 61 6e 00  00 00 00   //   kind = "vlan" (selector)
        14 00 02 00                             //   data: sub-message (no NLA_F_NESTED), format "vlan"
          06 00 01 00  0a 00  00 00             //     id = 10
          06 00 02 00  81 00  00 00             //     protocol = be16 0x8100
    `;
    roundTrip('link', bytes, {
      header: { family: 0, type: 1, index: 5, flags: ['up', 'broadcast'], change: 0xffffffff },
      ifname: 'vlan10',
      linkinfo: { kind: 'vlan', data: { id: 10, protocol: 0x8100 } },
    });
  });

  it('a sub-message whose selector comes after it, and a format with its own fixed header', () => {
    const bytes = hx`
      40 00 00 00  10 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 64, type 16
      00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   // header: all zero
      20 00 12 80                               // linkinfo, len 32
        10 00 02 00                             //   data first (selector not seen yet), len 16
          88 a8 00 00                           //     vlan-hdr: proto = be16 0x88a8, 2 pad
          08 00 01 00  07 00 00 00              //     peer-index = 7
        0b 00 01 00  74 61 67 67 65 64 00  00   //   kind = "tagged" (+1 padding)
    `;
    const v = roundTrip('link', bytes, {
      header: { family: 0, type: 0, index: 0, flags: [], change: 0 },
      linkinfo: { data: { header: { proto: 0x88a8 }, peerIndex: 7 }, kind: 'tagged' },
    });
    expect(Object.keys(v.linkinfo as object)).toEqual(['data', 'kind']);
  });

  it('a sub-message of an unknown format stays bytes and is re-encoded as is', () => {
    const bytes = hx`
      3c 00 00 00  10 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 60
      00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   // header
      1c 00 12 80                               // linkinfo, len 28
        09 00 01 00  62 6f 6e 64 00  00 00 00   //   kind = "bond": no such format
        0c 00 02 00  08 00 01 00  01 00 00 00   //   data: opaque
    `;
    const v = roundTrip('link', bytes, {
      header: { family: 0, type: 0, index: 0, flags: [], change: 0 },
      linkinfo: { kind: 'bond', data: hx`08 00 01 00 01 00 00 00` },
    });
    expect((v.linkinfo as { data: unknown }).data).toBeInstanceOf(Uint8Array);
  });

  it('a sub-message selected by an attribute of the enclosing set', () => {
    const bytes = hx`
      30 00 00 00  69 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 48, type 105 (op "qdisc")
      07 00 01 00  66 71 00  00           // kind = "fq" (selector, one level up)
      18 00 02 80                         // stats: nest, len 24
        0c 00 01 00                       //   app: sub-message, format "fq"
          08 00 01 00  0c 00 00 00        //     flows = 12
        08 00 02 00  03 00 00 00          //   drops = 3
    `;
    roundTrip('qdisc', bytes, { kind: 'fq', stats: { app: { flows: 12 }, drops: 3 } });
    // And the same bytes under kind "codel" mean something else.
    const codel = rt.encodeRequestBytes('qdisc', 'do', { kind: 'codel', stats: { app: { ldelay: 12 } } });
    expect(rt.decodeMessageBytes('qdisc', codel)).toEqual({ kind: 'codel', stats: { app: { ldelay: 12 } } });
  });

  it('64-bit attributes are aligned with the set\'s pad attribute where the kernel does (pad64)', () => {
    const padded = (value: Record<string, unknown>, base = 16) => {
      const b = new MessageBuilder();
      new Encoder(rt.index, base, { pad64: true }).encodeSet('padded', value, b, []);
      return toHex(b.finish());
    };
    // small ends at message offset 24, so the u64 payload would start at 28: a pad goes first.
    expect(padded({ small: 1, bytes: 4096n })).toBe('08 00 03 00 01 00 00 00 04 00 01 00 0c 00 02 00 00 10 00 00 00 00 00 00');
    // First in the message: header at 16, payload at 20 → a pad goes first.
    expect(padded({ bytes: 1n })).toBe('04 00 01 00 0c 00 02 00 01 00 00 00 00 00 00 00');
    // Already aligned (builder starts at message offset 20): no pad.
    expect(padded({ bytes: 1n }, 20)).toBe('0c 00 02 00 01 00 00 00 00 00 00 00');
    // Without pad64 (x86, arm64: the kernel never pads there), and in a set without a pad attribute, nothing is inserted.
    const b = new MessageBuilder();
    new Encoder(rt.index, 16, { pad64: false }).encodeSet('padded', { bytes: 1n }, b, []);
    expect(toHex(b.finish())).toBe('0c 00 02 00 01 00 00 00 00 00 00 00');
    expect(toHex(rt.encodeRequestBytes('ints', 'do', { aU64: 1n }).subarray(16))).toBe('0c 00 04 00 01 00 00 00 00 00 00 00');
    // And a message with a pad attribute decodes without it.
    const bytes = hx`
      28 00 00 00  6a 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr: len 40, type 106 (op "padded")
      08 00 03 00  01 00 00 00            // small = 1
      04 00 01 00                         // pad
      0c 00 02 00  00 10 00 00 00 00 00 00   // bytes = 4096 (u64)
    `;
    expect(rt.decodeMessageBytes('padded', bytes)).toEqual({ small: 1, bytes: 4096n });
  });

  it('genetlink: genlmsghdr carries cmd and version; type is the family id', () => {
    const g = defineFamily(GENL);
    const bytes = hx`
      28 00 00 00   // nlmsg_len = 40
      1c 00         // nlmsg_type = 0x1c (family id)
      05 00         // REQUEST|ACK
      09 00 00 00   // seq 9
      00 00 00 00   // pid
      02 02 00 00   // genlmsghdr: cmd 2 (dev-set), version 2, reserved
      08 00 01 00  03 00 00 00            // ifindex = 3
      0c 00 03 80                         // cfg: nest
        08 00 01 00  dc 05 00 00          //   mtu = 1500
    `;
    expect(toHex(g.encodeRequestBytes('dev-set', 'do', { ifindex: 3, cfg: { mtu: 1500 } }, { seq: 9, familyId: 0x1c }))).toBe(toHex(bytes));
    expect(g.decodeMessageBytes('dev-set', bytes)).toEqual({ ifindex: 3, cfg: { mtu: 1500 } });
    // A dump gets NLM_F_DUMP by default.
    const dump = g.encodeRequestBytes('dev-get', 'dump', {}, { familyId: 0x1c });
    expect(readHeader(dump, 0).flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
    expect(dump[16]).toBe(1);
  });

  it('nlattr flag bits: NLA_F_NESTED and NLA_F_NET_BYTEORDER are not part of the type', () => {
    const bytes = hx`
      18 00 00 00  64 00  05 00  01 00 00 00  00 00 00 00   // nlmsghdr
      08 00 0c 40  c0 a8 01 02            // be32 with NLA_F_NET_BYTEORDER set
    `;
    expect(rt.decodeMessageBytes('ints', bytes)).toEqual({ be32: 0xc0a80102 });
    expect(NLA_F_NESTED | NLA_F_NET_BYTEORDER).toBe(0xc000);
  });
});
