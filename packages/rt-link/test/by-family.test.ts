/**
 * Formats chosen by the message (nlkit-select), checked against bytes laid out by hand from
 * the uapi headers: what `bridge vlan add` sends and an AF_BRIDGE dump returns (IFLA_AF_SPEC
 * holding IFLA_BRIDGE_* directly, struct bridge_vlan_info per VLAN), and a CAN link's
 * IFLA_INFO_XSTATS (struct can_device_stats). The kernel on the test machines has no bridge
 * VLAN filtering and no CAN, so these formats are held to the headers here.
 */
import { describe, expect, it } from 'vitest';
import { decodeGetlinkDumpReply, encodeNewlinkRequest, encodeSetlinkRequest, rtLinkRuntime } from '../src/index.js';

const RTM_NEWLINK = 16;
const RTM_SETLINK = 19;
const NLA_F_NESTED = 0x8000;

/** One attribute: type, payload, padded to 4 bytes. */
function attr(type: number, payload: Uint8Array): Uint8Array {
  const len = 4 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, len, true);
  dv.setUint16(2, type, true);
  out.set(payload, 4);
  return out;
}
const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const u16s = (...v: number[]) => {
  const b = new Uint8Array(v.length * 2);
  v.forEach((x, i) => new DataView(b.buffer).setUint16(i * 2, x, true));
  return b;
};
const u32s = (...v: number[]) => {
  const b = new Uint8Array(v.length * 4);
  v.forEach((x, i) => new DataView(b.buffer).setUint32(i * 4, x, true));
  return b;
};
const str = (s: string) => new TextEncoder().encode(`${s}\0`);

/** nlmsghdr + struct ifinfomsg + attributes. */
function message(type: number, flags: number, family: number, index: number, attrs: Uint8Array): Uint8Array {
  const body = cat(new Uint8Array([family, 0]), u16s(0), u32s(index, 0, 0), attrs);
  const hdr = u32s(16 + body.length, 0, 0, 0);
  new DataView(hdr.buffer).setUint16(4, type, true);
  new DataView(hdr.buffer).setUint16(6, flags, true);
  return cat(hdr, body);
}

const AF_BRIDGE = 7;
const IFLA_IFNAME = 3;
const IFLA_PROTINFO = 12;
const IFLA_LINKINFO = 18;
const IFLA_AF_SPEC = 26;
// IFLA_BRIDGE_FLAGS = 0, IFLA_BRIDGE_VLAN_INFO = 2; BRIDGE_FLAGS_MASTER = 1;
// BRIDGE_VLAN_INFO_PVID = 2, BRIDGE_VLAN_INFO_UNTAGGED = 4, RANGE_BEGIN = 8, RANGE_END = 16.
const vlanInfo = (flags: number, vid: number) => attr(2, u16s(flags, vid));

describe('rt-link formats chosen by the message', () => {
  it('an AF_BRIDGE setlink encodes af-spec as bridge attributes (what `bridge vlan add dev va vid 10 pvid untagged` sends)', () => {
    const bytes = encodeSetlinkRequest({
      header: { ifiFamily: 'bridge', ifiIndex: 3 },
      afSpec: { flags: ['master'], vlanInfo: [{ flags: ['pvid', 'untagged'], vid: 10 }, { flags: ['range-begin'], vid: 20 }, { flags: ['range-end'], vid: 22 }] },
    });
    const want = message(RTM_SETLINK, 0x5, AF_BRIDGE, 3, attr(IFLA_AF_SPEC | NLA_F_NESTED, cat(attr(0, u16s(1)), vlanInfo(6, 10), vlanInfo(8, 20), vlanInfo(16, 22))));
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(want).toString('hex'));
  });

  it('an AF_BRIDGE dump reply decodes af-spec as bridge VLANs and protinfo as port attributes', () => {
    const port = cat(attr(1, new Uint8Array([3])), attr(3, u32s(9)), attr(8, new Uint8Array([0]))); // state forwarding, cost 9, learning off
    const bytes = message(
      RTM_NEWLINK, 0x2, AF_BRIDGE, 3,
      cat(attr(IFLA_IFNAME, str('va')), attr(IFLA_PROTINFO | NLA_F_NESTED, port), attr(IFLA_AF_SPEC, cat(vlanInfo(6, 1), vlanInfo(0, 10), vlanInfo(4, 4094)))),
    );
    const l = decodeGetlinkDumpReply(bytes);
    expect(l.header.ifiFamily).toBe('bridge');
    expect(l.protinfo).toEqual({ state: 'forwarding', cost: 9, learning: 0 });
    expect(l.afSpec).toEqual({ vlanInfo: [{ flags: ['pvid', 'untagged'], vid: 1 }, { flags: [], vid: 10 }, { flags: ['untagged'], vid: 4094 }] });
  });

  it('the same af-spec in an AF_UNSPEC message is still one nest per address family', () => {
    // IFLA_AF_SPEC { AF_INET { IFLA_INET_CONF: forwarding = 1, mc_forwarding = 0 } }
    const bytes = message(RTM_NEWLINK, 0x2, 0, 3, attr(IFLA_AF_SPEC, attr(2, attr(1, u32s(1, 0)))));
    const l = decodeGetlinkDumpReply(bytes);
    expect(l.header.ifiFamily).toBe('unspec');
    expect(l.afSpec).toEqual({ inet: { conf: { forwarding: 1, mcForwarding: 0 } } });
  });

  it('AF_INET6 protinfo decodes as IPv6 link attributes, not as bridge port attributes', () => {
    // IFLA_INET6_FLAGS = 1 (IF_READY), IFLA_INET6_ADDR_GEN_MODE = 8 (none = 1).
    const bytes = message(RTM_NEWLINK, 0x2, 10, 3, cat(attr(IFLA_PROTINFO, cat(attr(1, u32s(0x80000000)), attr(8, new Uint8Array([1]))))));
    const l = decodeGetlinkDumpReply(bytes);
    expect(l.header.ifiFamily).toBe('inet6');
    expect(l.protinfo).toEqual({ flags: 0x80000000, addrGenMode: 'none' });
  });

  it('a CAN link\'s xstats decode as struct can_device_stats; another kind\'s stay bytes', () => {
    const stats = u32s(1, 2, 3, 4, 5, 6);
    const can = message(RTM_NEWLINK, 0x2, 0, 4, attr(IFLA_LINKINFO, cat(attr(1, str('can')), attr(3, stats))));
    expect(decodeGetlinkDumpReply(can).linkinfo).toEqual({ kind: 'can', xstats: { busError: 1, errorWarning: 2, errorPassive: 3, busOff: 4, arbitrationLost: 5, restarts: 6 } });
    const other = message(RTM_NEWLINK, 0x2, 0, 4, attr(IFLA_LINKINFO, cat(attr(1, str('dummy')), attr(3, stats))));
    expect(decodeGetlinkDumpReply(other).linkinfo).toEqual({ kind: 'dummy', xstats: stats });
  });

  it('a newer kernel\'s extra devconf entries are kept as $tail and sent back unchanged', () => {
    // 33 IPV4_DEVCONF_* entries this schema names, then one it does not.
    const conf = u32s(...Array.from({ length: 34 }, (_, i) => i + 100));
    const bytes = message(RTM_NEWLINK, 0x2, 0, 3, attr(IFLA_AF_SPEC, attr(2, attr(1, conf))));
    const l = decodeGetlinkDumpReply(bytes);
    const c = (l.afSpec as { inet: { conf: Record<string, unknown> } }).inet.conf;
    expect(c.forwarding).toBe(100);
    expect(c.arpEvictNocarrier).toBe(132);
    expect(c.$tail).toEqual(u32s(133));
    const again = rtLinkRuntime.encodeRequestBytes('setlink', 'do', { header: { ifiIndex: 3 }, afSpec: l.afSpec });
    expect(Buffer.from(again.subarray(32)).toString('hex')).toBe(Buffer.from(bytes.subarray(32)).toString('hex'));
  });

  it('CAN link data decodes its uapi structs (can_bittiming, can_bittiming_const, can_ctrlmode, can_berr_counter)', () => {
    const name = new Uint8Array(16);
    name.set(new TextEncoder().encode('mcp251x'));
    const data = cat(
      attr(1, u32s(500000, 875, 125, 6, 7, 2, 1, 4)), // IFLA_CAN_BITTIMING
      attr(2, cat(name, u32s(3, 16, 2, 8, 4, 1, 64, 1))), // IFLA_CAN_BITTIMING_CONST
      attr(3, u32s(16000000)), // IFLA_CAN_CLOCK
      attr(4, u32s(2)), // IFLA_CAN_STATE: error-passive
      attr(5, u32s(0x22, 0x20)), // IFLA_CAN_CTRLMODE: mask listenonly|fd, flags fd
      attr(8, u16s(128, 5)), // IFLA_CAN_BERR_COUNTER
      attr(13, u32s(125000, 250000, 500000)), // IFLA_CAN_BITRATE_CONST
      attr(17 | NLA_F_NESTED, attr(1, u32s(0x3ff))), // IFLA_CAN_CTRLMODE_EXT { SUPPORTED }
    );
    const bytes = message(RTM_NEWLINK, 0x2, 0, 5, attr(IFLA_LINKINFO, cat(attr(1, str('can')), attr(2 | NLA_F_NESTED, data))));
    expect(decodeGetlinkDumpReply(bytes).linkinfo?.data).toEqual({
      bittiming: { bitrate: 500000, samplePoint: 875, tq: 125, propSeg: 6, phaseSeg1: 7, phaseSeg2: 2, sjw: 1, brp: 4 },
      bittimingConst: { name: 'mcp251x', tseg1Min: 3, tseg1Max: 16, tseg2Min: 2, tseg2Max: 8, sjwMax: 4, brpMin: 1, brpMax: 64, brpInc: 1 },
      clock: { freq: 16000000 },
      state: 'error-passive',
      ctrlmode: { mask: ['listenonly', 'fd'], flags: ['fd'] },
      berrCounter: { txerr: 128, rxerr: 5 },
      bitrateConst: [125000, 250000, 500000],
      ctrlmodeExt: { supported: ['loopback', 'listenonly', '3-samples', 'one-shot', 'berr-reporting', 'fd', 'presume-ack', 'fd-non-iso', 'cc-len8-dlc', 'tdc-auto'] },
    });
  });

  it('a vxcan peer is an ifinfomsg followed by link attributes, as a veth peer', () => {
    const vx = encodeNewlinkRequest({ ifname: 'vc0', linkinfo: { kind: 'vxcan', data: { peer: { header: {}, ifname: 'vc1' } } } }, 'do', { flags: 0x5 });
    // IFLA_LINKINFO { IFLA_INFO_KIND "vxcan", IFLA_INFO_DATA { VXCAN_INFO_PEER: struct ifinfomsg, IFLA_IFNAME "vc1" } }
    const peer = attr(1, cat(new Uint8Array(16), attr(IFLA_IFNAME, str('vc1'))));
    const want = message(RTM_NEWLINK, 0x5, 0, 0, cat(attr(IFLA_IFNAME, str('vc0')), attr(IFLA_LINKINFO | NLA_F_NESTED, cat(attr(1, str('vxcan')), attr(2, peer)))));
    expect(Buffer.from(vx).toString('hex')).toBe(Buffer.from(want).toString('hex'));
  });
});
