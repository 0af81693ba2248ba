/**
 * Route layouts this kernel cannot make (no MPLS or seg6 here): messages laid out byte for
 * byte as the kernel writes them (net/mpls/af_mpls.c, net/core/lwtunnel.c,
 * net/ipv6/seg6_iptunnel.c, struct layouts from linux/rtnetlink.h, mpls.h, seg6.h) decode as
 * `ip -j` shows them and encode back to the same bytes; the typed encoders build them from
 * names.
 */
import { describe, expect, it } from 'vitest';
import { decodeGetrouteDumpReply, encodeNewrouteRequest, rtRouteRuntime, type NewrouteRequest } from '../src/index.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** An RTM_NEWROUTE message (nlmsghdr + body). */
function message(body: string): Uint8Array {
  const b = hex(body);
  const out = new Uint8Array(16 + b.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.length, true);
  v.setUint16(4, 24, true);
  out.set(b, 16);
  return out;
}

/** Decodes, and checks the value encodes back to the same body. */
function decoded(body: string): ReturnType<typeof decodeGetrouteDumpReply> {
  const v = decodeGetrouteDumpReply(message(body));
  expect(toHex(rtRouteRuntime.encodeReply('getroute', v).body!)).toBe(toHex(hex(body)));
  return v;
}

// Labels as struct mpls_label entries (big endian): label << 12 | tc << 9 | bos << 8 | ttl.
const L100_BOS = '00064100';
const L200 = '000c8000';
const L300_BOS = '0012c100';

describe('AF_MPLS routes (ip -f mpls route add 100 as 200/300 via inet 10.0.0.2 dev <2>)', () => {
  // rtmsg: family 28 (mpls), dst_len 20, table main, protocol boot, scope universe, unicast.
  const body = `1c 14 00 00 fe 03 00 01 00000000
    08000100 ${L100_BOS}
    0a001200 0200 0a000002 0000
    0c001300 ${L200} ${L300_BOS}
    08000400 02000000`;

  it('dst is the incoming label, newdst the label stack, via a struct rtvia', () => {
    const r = decoded(body);
    expect(r.header.rtmFamily).toBe('mpls');
    expect(r.dst).toEqual([{ label: 100, tc: 0, bos: 1, ttl: 0 }]);
    expect(r.newdst).toEqual([{ label: 200, tc: 0, bos: 0, ttl: 0 }, { label: 300, tc: 0, bos: 1, ttl: 0 }]);
    expect(r.via).toEqual({ rtviaFamily: 'inet', rtviaAddr: '10.0.0.2' });
    expect(r.oif).toBe(2);
  });

  it('the typed encoder builds the same request from names (or the family number)', () => {
    const value: NewrouteRequest = {
      header: { rtmFamily: 'mpls', rtmDstLen: 20, rtmTable: 'main', rtmProtocol: 'boot', rtmScope: 'universe', rtmType: 'unicast' },
      dst: [{ label: 100, bos: 1 }],
      via: { rtviaFamily: 'inet', rtviaAddr: '10.0.0.2' },
      newdst: [{ label: 200 }, { label: 300, bos: 1 }],
      oif: 2,
    };
    const bytes = encodeNewrouteRequest(value);
    expect(toHex(bytes.subarray(16))).toBe(toHex(hex(body)));
    const header = { rtmDstLen: 20, rtmTable: 'main', rtmProtocol: 'boot', rtmScope: 'universe', rtmType: 'unicast', rtmFamily: 28 } as const;
    expect(toHex(encodeNewrouteRequest({ ...value, header }))).toBe(toHex(bytes));
  });

  it('an AF_MPLS multipath route: each nexthop with its via and newdst', () => {
    // Two paths: rtnexthop (len, flags, hops, ifindex) + via + newdst.
    const path = (ifindex: string, addr: string, label: string) => `1c00 00 00 ${ifindex} 0a001200 0200 ${addr} 0000 08001300 ${label}`;
    const r = decoded(`1c 14 00 00 fe 03 00 01 00000000
      08000100 ${L100_BOS}
      3c000900 ${path('02000000', '0a000002', L300_BOS)} ${path('03000000', '0a000003', '0012d100')}`);
    expect(r.multipath).toEqual([
      { header: { rtnhFlags: [], rtnhHops: 0, rtnhIfindex: 2 }, via: { rtviaFamily: 'inet', rtviaAddr: '10.0.0.2' }, newdst: [{ label: 300, tc: 0, bos: 1, ttl: 0 }] },
      { header: { rtnhFlags: [], rtnhHops: 0, rtnhIfindex: 3 }, via: { rtviaFamily: 'inet', rtviaAddr: '10.0.0.3' }, newdst: [{ label: 301, tc: 0, bos: 1, ttl: 0 }] },
    ]);
  });

  it('an inet route keeps reading dst as an address', () => {
    const r = decoded('02 18 00 00 fe 03 00 01 00000000  08000100 0a090000');
    expect([r.header.rtmFamily, r.dst]).toEqual(['inet', '10.9.0.0']);
  });
});

describe('lightweight tunnel encaps', () => {
  it('MPLS encap (ip route add 10.9.0.0/24 encap mpls 200/300 via 10.0.0.2): a label stack', () => {
    // RTA_ENCAP is written without NLA_F_NESTED (nla_nest_start_noflag); the decoded value keeps that.
    const r = decoded(`02 18 00 00 fe 03 00 01 00000000
      08000100 0a090000
      06001500 0100 0000
      10001600 0c000100 ${L200} ${L300_BOS}
      08000500 0a000002`);
    expect(r.encapType).toBe('mpls');
    expect(r.encap).toEqual({ dst: [{ label: 200, tc: 0, bos: 0, ttl: 0 }, { label: 300, tc: 0, bos: 1, ttl: 0 }] });
    // encap-type given as its number picks the same format.
    const byNumber = rtRouteRuntime.encodeReply('getroute', { ...r, encapType: 1 }).body!;
    expect(toHex(byNumber)).toBe(toHex(rtRouteRuntime.encodeReply('getroute', r).body!));
  });

  it('seg6 encap (encap seg6 mode encap segs fc00::1,fc00::2): struct seg6_iptunnel_encap with its segments', () => {
    const seg = (n: string) => `fc00000000000000000000000000000${n}`;
    const r = decoded(`02 18 00 00 fe 03 00 01 00000000
      08000100 0a080000
      06001500 0500 0000
      34001600 30000100 01000000 00 04 04 01 01 00 0000 ${seg('2')} ${seg('1')}`);
    expect(r.encapType).toBe('seg6');
    expect(r.encap).toEqual({
      srh: { mode: 'encap', nexthdr: 0, hdrlen: 4, type: 4, segmentsLeft: 1, firstSegment: 1, flags: [], tag: 0, segments: ['fc00::2', 'fc00::1'] },
    });
  });

  it('a segment that is not 16 bytes is refused when encoding, with its path', () => {
    expect(() => encodeNewrouteRequest({
      header: { rtmFamily: 'inet6' },
      encapType: 'seg6',
      encap: { srh: { mode: 'inline', type: 4, segments: ['fc00::1', new Uint8Array(4)] } },
    })).toThrow(/encap\.srh\.segments\.1: expected 16 bytes, got 4/);
  });
});
