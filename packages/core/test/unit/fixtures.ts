/**
 * Hand-written FamilyIR fixtures: small families that exercise every attribute type the
 * IR-driven codec knows. Written from the netlink uapi rules, not from any kernel spec.
 */
import type { AttrIR, FamilyIR, OperationIR } from '@nlkit/ir';

const op = (name: string, requestValue: number, attributeSet: string, fixedHeader?: string): OperationIR => ({
  name,
  requestValue,
  replyValue: requestValue,
  attributeSet,
  fixedHeader,
  do: { request: { attributes: [] }, reply: { attributes: [] } },
  dump: { request: { attributes: [] }, reply: { attributes: [] } },
});

const a = (value: number, name: string, type: AttrIR['type'], extra: Partial<AttrIR> = {}): AttrIR => ({ name, value, type, ...extra });

/** A netlink-raw family (no genlmsghdr): message type = the op's requestValue. */
export const RAW: FamilyIR = {
  irVersion: 2,
  name: 'gold',
  protocol: 'netlink-raw',
  protonum: 0,
  consts: [],
  enums: [
    { name: 'color', kind: 'enum', entries: [{ name: 'red', value: 0 }, { name: 'green', value: 1 }, { name: 'blue', value: 5 }] },
    { name: 'iff', kind: 'flags', entries: [{ name: 'up', value: 1 }, { name: 'broadcast', value: 2 }, { name: 'loopback', value: 8 }] },
    // A plain enum used with enum-as-flags: entries are bit numbers.
    { name: 'feat', kind: 'enum', entries: [{ name: 'a', value: 0 }, { name: 'b', value: 3 }] },
  ],
  structs: [
    {
      // struct ifinfomsg-like: { u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change; }
      name: 'hdr',
      size: 16,
      members: [
        { name: 'family', type: 'u8', offset: 0, size: 1 },
        { name: 'pad', type: 'pad', offset: 1, size: 1 },
        { name: 'type', type: 'u16', offset: 2, size: 2 },
        { name: 'index', type: 's32', offset: 4, size: 4 },
        { name: 'flags', type: 'u32', offset: 8, size: 4, enum: 'iff' },
        { name: 'change', type: 'u32', offset: 12, size: 4 },
      ],
    },
    {
      // { u8 a; /*pad*/ u16 b; u32 c; u64 d; __be16 port; /*pad 2*/ __be32 addr; u8 mac[6]; /*pad 2*/ }
      name: 'mixed',
      size: 32,
      members: [
        { name: 'a', type: 'u8', offset: 0, size: 1 },
        { name: 'pad1', type: 'pad', offset: 1, size: 1 },
        { name: 'b', type: 'u16', offset: 2, size: 2 },
        { name: 'c', type: 'u32', offset: 4, size: 4 },
        { name: 'd', type: 'u64', offset: 8, size: 8 },
        { name: 'port', type: 'u16', offset: 16, size: 2, byteOrder: 'big-endian' },
        { name: 'pad2', type: 'pad', offset: 18, size: 2 },
        { name: 'addr', type: 'u32', offset: 20, size: 4, byteOrder: 'big-endian', displayHint: 'ipv4' },
        { name: 'mac', type: 'binary', offset: 24, size: 6, displayHint: 'mac' },
        { name: 'pad3', type: 'pad', offset: 30, size: 2 },
      ],
    },
    {
      name: 'vlan-hdr',
      size: 4,
      members: [
        { name: 'proto', type: 'u16', offset: 0, size: 2, byteOrder: 'big-endian' },
        { name: 'pad', type: 'pad', offset: 2, size: 2 },
      ],
    },
  ],
  attributeSets: [
    {
      name: 'ints',
      attrs: [
        a(1, 'a-u8', 'u8'), a(2, 'a-u16', 'u16'), a(3, 'a-u32', 'u32'), a(4, 'a-u64', 'u64'),
        a(5, 'a-s8', 's8'), a(6, 'a-s16', 's16'), a(7, 'a-s32', 's32'), a(8, 'a-s64', 's64'),
        a(9, 'a-uint', 'uint'), a(10, 'a-sint', 'sint'),
        a(11, 'port', 'u16', { byteOrder: 'big-endian' }),
        a(12, 'be32', 'u32', { byteOrder: 'big-endian' }),
        a(13, 'limited', 'u32', { checks: { min: 1, max: 100 } }),
      ],
    },
    {
      name: 'strs',
      attrs: [
        a(1, 'name', 'string'),
        a(2, 'raw', 'string', { checks: { unterminatedOk: true } }),
        a(3, 'blob', 'binary'),
        a(4, 'on', 'flag'),
        a(5, 'bf', 'bitfield32'),
        a(6, 'short', 'string', { checks: { maxLen: 4 } }),
        a(7, 'key', 'binary', { checks: { exactLen: 4 } }),
      ],
    },
    {
      name: 'addrs',
      attrs: [
        a(1, 'mac', 'binary', { displayHint: 'mac' }),
        a(2, 'v4', 'binary', { displayHint: 'ipv4' }),
        a(3, 'v6', 'binary', { displayHint: 'ipv6', multiAttr: true }),
        a(4, 'addr32', 'u32', { byteOrder: 'big-endian', displayHint: 'ipv4' }),
      ],
    },
    {
      name: 'enums',
      attrs: [
        a(1, 'color', 'u32', { enum: 'color' }),
        a(2, 'iff', 'u32', { enum: 'iff' }),
        a(3, 'feat', 'u8', { enum: 'feat', enumAsFlags: true }),
        a(4, 'color16', 'u16', { enum: 'color' }),
      ],
    },
    {
      name: 'tree',
      attrs: [
        a(1, 'inner', 'nest', { nestedAttributes: 'inner' }),
        a(2, 'multi', 'u32', { multiAttr: true }),
        a(3, 'items', 'indexed-array', { subType: 'nest', nestedAttributes: 'item' }),
        a(4, 'ids', 'indexed-array', { subType: 'u32' }),
        a(5, 'policy', 'nest-type-value', { typeValue: ['policy-id', 'attr-id'], nestedAttributes: 'pol' }),
        a(6, 'mixed', 'binary', { struct: 'mixed' }),
      ],
    },
    { name: 'inner', attrs: [a(1, 'x', 'u32'), a(2, 'label', 'string')] },
    { name: 'item', attrs: [a(1, 'id', 'u32'), a(2, 'label', 'string')] },
    { name: 'pol', attrs: [a(1, 'kind', 'u32'), a(2, 'max', 'u32')] },
    {
      name: 'link',
      attrs: [
        a(3, 'ifname', 'string'),
        a(18, 'linkinfo', 'nest', { nestedAttributes: 'linkinfo' }),
      ],
    },
    {
      name: 'linkinfo',
      attrs: [
        a(1, 'kind', 'string'),
        a(2, 'data', 'sub-message', { subMessage: 'link-data', selector: 'kind' }),
      ],
    },
    { name: 'vlan-attrs', attrs: [a(1, 'id', 'u16', { checks: { max: 4094 } }), a(2, 'protocol', 'u16', { byteOrder: 'big-endian' })] },
    { name: 'veth-attrs', attrs: [a(1, 'peer-index', 'u32')] },
    {
      name: 'qdisc',
      attrs: [a(1, 'kind', 'string'), a(2, 'stats', 'nest', { nestedAttributes: 'qstats' })],
    },
    {
      name: 'qstats',
      // `app` is selected by `kind`, which lives in the enclosing qdisc set.
      attrs: [a(1, 'app', 'sub-message', { subMessage: 'app-stats', selector: 'kind' }), a(2, 'drops', 'u32')],
    },
    { name: 'fq-stats', attrs: [a(1, 'flows', 'u32')] },
    { name: 'codel-stats', attrs: [a(1, 'ldelay', 'u32')] },
    { name: 'padded', attrs: [a(1, 'pad', 'pad'), a(2, 'bytes', 'u64'), a(3, 'small', 'u32')] },
  ],
  subMessages: [
    {
      name: 'link-data',
      formats: [
        { value: 'vlan', attributeSet: 'vlan-attrs' },
        { value: 'veth', attributeSet: 'veth-attrs' },
        { value: 'tagged', fixedHeader: 'vlan-hdr', attributeSet: 'veth-attrs' },
      ],
    },
    { name: 'app-stats', formats: [{ value: 'fq', attributeSet: 'fq-stats' }, { value: 'codel', attributeSet: 'codel-stats' }] },
  ],
  operations: [
    op('ints', 100, 'ints'),
    op('strs', 101, 'strs'),
    op('addrs', 102, 'addrs'),
    op('enums', 103, 'enums'),
    op('tree', 104, 'tree'),
    op('qdisc', 105, 'qdisc'),
    op('padded', 106, 'padded'),
    op('link', 16, 'link', 'hdr'),
  ],
  mcastGroups: [{ name: 'link', value: 1 }],
};

// These ops exist to exercise the codec: their requests take every attribute of their set.
for (const o of RAW.operations) {
  const attributes = RAW.attributeSets.find((x) => x.name === o.attributeSet)!.attrs.map((x) => x.name);
  o.do!.request = { attributes };
  o.dump!.request = { attributes };
}

/** A genetlink family: requests carry genlmsghdr { cmd, version, reserved }. */
export const GENL: FamilyIR = {
  irVersion: 2,
  name: 'goldgen',
  protocol: 'genetlink',
  protonum: 16,
  genlVersion: 2,
  consts: [],
  enums: [],
  structs: [],
  attributeSets: [
    { name: 'dev', attrs: [a(1, 'ifindex', 'u32'), a(2, 'name', 'string'), a(3, 'cfg', 'nest', { nestedAttributes: 'cfg' })] },
    { name: 'cfg', attrs: [a(1, 'mtu', 'u32'), a(2, 'label', 'string')] },
  ],
  subMessages: [],
  operations: [
    {
      name: 'dev-get',
      requestValue: 1,
      replyValue: 1,
      attributeSet: 'dev',
      do: { request: { attributes: ['ifindex'] }, reply: { attributes: ['ifindex', 'name'] } },
      dump: { reply: { attributes: ['ifindex', 'name'] } },
    },
    {
      name: 'dev-set',
      requestValue: 2,
      attributeSet: 'dev',
      do: { request: { attributes: ['ifindex', 'cfg'] } },
    },
  ],
  mcastGroups: [{ name: 'mon' }],
};
