/**
 * Requests in either spelling (the schema's `rtm-family` or camelCase `rtmFamily`), header
 * members at the top level, and decoded values renamed back to the schema's names.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { thrown } from '@nlkit/testkit';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { ValidationError, defineFamily, normalizeRequest, respell } from '../core.js';

const schema = (name: string) => defineFamily(loadSchemaFileSync(fileURLToPath(new URL(`../../../../schemas/${name}.yaml`, import.meta.url))));
const route = schema('rt-route');
const link = schema('rt-link');
const rule = schema('rt-rule');

const refused = (f: () => unknown) => thrown(f, ValidationError);

const bytes = (rt: typeof route, op: string, mode: 'do' | 'dump', v: unknown) => rt.encodeRequestBytes(op, mode, normalizeRequest(rt, op, mode, v));

describe('normalizeRequest: either spelling', () => {
  it('takes the schema spelling, camelCase and top-level header members alike, to the same bytes', () => {
    const canonical = { header: { rtmFamily: 2, rtmDstLen: 24 }, dst: '10.1.0.0' };
    const want = route.encodeRequestBytes('getroute', 'do', canonical);
    for (const v of [
      { header: { 'rtm-family': 2, 'rtm-dst-len': 24 }, dst: '10.1.0.0' },
      { 'rtm-family': 2, 'rtm-dst-len': 24, dst: '10.1.0.0' },
      { rtmFamily: 2, rtmDstLen: 24, dst: '10.1.0.0' },
      { header: { rtmFamily: 2 }, 'rtm-dst-len': 24, dst: '10.1.0.0' },
    ]) {
      expect(normalizeRequest(route, 'getroute', 'do', v)).toEqual(canonical);
      expect(bytes(route, 'getroute', 'do', v)).toEqual(want);
    }
  });

  it('a request already in the codec shape comes back as the same object', () => {
    const v = { header: { rtmFamily: 2 }, dst: '10.1.0.0', metrics: { mtu: 1300 } };
    expect(normalizeRequest(route, 'getroute', 'do', v)).toBe(v);
  });

  it('renames at every level: nests, sub-messages and their fixed headers', () => {
    const schemaSpelt = {
      ifname: 'v0',
      'ifi-flags': ['up'],
      linkinfo: { kind: 'veth', data: { peer: { 'ifi-index': 0, ifname: 'v1', 'address': '02:00:00:00:00:01' } } },
      'af-spec': { inet6: { 'addr-gen-mode': 1 } },
    };
    const canonical = {
      header: { ifiFlags: ['up'] },
      ifname: 'v0',
      linkinfo: { kind: 'veth', data: { peer: { header: { ifiIndex: 0 }, ifname: 'v1', address: '02:00:00:00:00:01' } } },
      afSpec: { inet6: { addrGenMode: 1 } },
    };
    expect(normalizeRequest(link, 'newlink', 'do', schemaSpelt)).toEqual(canonical);
    expect(bytes(link, 'newlink', 'do', schemaSpelt)).toEqual(link.encodeRequestBytes('newlink', 'do', canonical));
  });

  it('on a name clash the attribute wins over the header member (rt-rule table)', () => {
    expect(normalizeRequest(rule, 'newrule', 'do', { family: 2, table: 1000 })).toEqual({ header: { family: 2 }, table: 1000 });
    expect(normalizeRequest(rule, 'newrule', 'do', { header: { table: 5 }, table: 1000 })).toEqual({ header: { table: 5 }, table: 1000 });
  });

  it('a header member that the request cannot take as an attribute is told to go under header', () => {
    const e = refused(() => normalizeRequest(rule, 'getrule', 'dump', { table: 5 }));
    expect(e.path).toEqual(['table']);
    expect(e.reason).toMatch(/getrule \(dump\) does not take the attribute table; the fixed header's table goes under header/);
    // Inside a nest, a header member is not hoisted: the error says where it belongs.
    const n = refused(() => normalizeRequest(link, 'newlink', 'do', { ifname: 'x', linkinfo: { kind: 'dummy', 'ifi-index': 3 } }));
    expect(n.path).toEqual(['linkinfo', 'ifi-index']);
    expect(n.reason).toMatch(/fixed header \(struct ifinfomsg\); nest it under "header" at the top level/);
  });

  it('the same field in both spellings, or at the top and under header, is refused', () => {
    const a = refused(() => normalizeRequest(route, 'getroute', 'dump', { 'rtm-family': 2, rtmFamily: 2 }));
    expect(a.reason).toMatch(/given twice \(as rtm-family and as rtmFamily\)/);
    const b = refused(() => normalizeRequest(route, 'getroute', 'dump', { header: { rtmFamily: 2 }, 'rtm-family': 2 }));
    expect(b.path).toEqual(['rtmFamily']);
    expect(b.reason).toMatch(/both at the top level and under header/);
    const c = refused(() => normalizeRequest(link, 'newlink', 'do', { linkinfo: { kind: 'dummy' }, 'af-spec': {}, afSpec: {} }));
    expect(c.reason).toMatch(/given twice/);
    const d = refused(() => normalizeRequest(route, 'getroute', 'do', { header: { 'rtm-family': 2, rtmFamily: 2 } }));
    expect(d.path).toEqual(['header', 'rtmFamily']);
  });

  it('an unknown key lists the known names, in the spelling it was written in', () => {
    const s = refused(() => normalizeRequest(route, 'getroute', 'do', { 'rtm-famly': 2 }));
    expect(s.path).toEqual(['rtm-famly']);
    expect(s.reason).toMatch(/^getroute \(do\) does not take this attribute; it takes header, dst, src, iif, oif, mark, uid, ip-proto, sport, dport, flowlabel; or/);
    // Inside a nest: the set's attributes.
    const n = refused(() => normalizeRequest(route, 'newroute', 'do', { metrics: { 'mtux': 1 } }));
    expect(n.reason).toMatch(/^unknown attribute of metrics \(known: lock, mtu, /);
    expect(s.reason).toMatch(/or a member of its fixed header rtmsg: rtm-family, rtm-dst-len,/);
    const c = refused(() => normalizeRequest(route, 'getroute', 'do', { rtmFamly: 2 }));
    expect(c.reason).toMatch(/rtmFamily, rtmDstLen/);
    const m = refused(() => normalizeRequest(link, 'getlink', 'do', { header: { 'ifi-indx': 1 } }));
    expect(m.path).toEqual(['header', 'ifi-indx']);
    expect(m.reason).toMatch(/unknown member of struct ifinfomsg \(known: ifi-family, .*ifi-index/);
  });

  it('leaves $unknown, bytes for unknown kinds and non-objects to the codec', () => {
    const raw = new Uint8Array([1, 2, 3, 4]);
    const v = { ifname: 'x', linkinfo: { kind: 'no-such-kind', data: raw }, $unknown: [{ type: 999, data: raw }] };
    expect(normalizeRequest(link, 'newlink', 'do', v)).toBe(v);
    expect(normalizeRequest(link, 'newlink', 'do', 5)).toBe(5);
  });
});

describe('normalizeRequest: structs inside sub-messages (tc)', () => {
  const tc = schema('tc');
  it('a qdisc kind\'s struct members take either spelling; header members hoist; the bytes match', () => {
    const given = { 'tcm-ifindex': 3, 'tcm-handle': 0x10000, 'tcm-parent': 0xffffffff, kind: 'htb', options: { init: { version: 3, rate2quantum: 10, defcls: 1, 'direct-pkts': 0 } } };
    const canonical = { header: { tcmIfindex: 3, tcmHandle: 0x10000, tcmParent: 0xffffffff }, kind: 'htb', options: { init: { version: 3, rate2quantum: 10, defcls: 1, directPkts: 0 } } };
    expect(normalizeRequest(tc, 'newqdisc', 'do', given)).toEqual(canonical);
    expect(bytes(tc, 'newqdisc', 'do', given)).toEqual(tc.encodeRequestBytes('newqdisc', 'do', canonical));
    const decoded = tc.decodeMessageBytes('newqdisc', tc.encodeRequestBytes('newqdisc', 'do', canonical));
    const named = respell(tc, 'newqdisc', decoded, 'schema') as Record<string, any>;
    expect(named.options.init['direct-pkts']).toBe(0);
    expect(named.header['tcm-ifindex']).toBe(3);
  });
});

describe('respell: decoded values in the schema spelling', () => {
  it('renames a decoded message at every level, and camel is the value itself', () => {
    const req = { header: { ifiFamily: 0, ifiIndex: 7 }, ifname: 'v0', linkinfo: { kind: 'veth', data: { peer: { header: { ifiIndex: 9 }, ifname: 'v1' } } }, afSpec: { inet6: { addrGenMode: 1 } } };
    const decoded = link.decodeMessageBytes('newlink', link.encodeRequestBytes('newlink', 'do', req));
    expect(respell(link, 'newlink', decoded, 'camel')).toBe(decoded);
    const s = respell(link, 'newlink', decoded, 'schema') as Record<string, any>;
    expect(Object.keys(s.header)).toEqual(expect.arrayContaining(['ifi-family', 'ifi-index', 'ifi-flags']));
    expect(s.header['ifi-index']).toBe(7);
    expect(s.linkinfo.data.peer.header['ifi-index']).toBe(9);
    expect(s['af-spec'].inet6).toHaveProperty('addr-gen-mode');
    // And back: the schema spelling is a valid request that encodes to the same bytes.
    expect(bytes(link, 'newlink', 'do', s)).toEqual(link.encodeRequestBytes('newlink', 'do', decoded));
  });
});

describe('respell: arrays keep what they carry', () => {
  const tc = schema('tc');
  it('a struct array renamed to the schema spelling keeps its $tail, and encodes back to the same bytes', () => {
    const parms = Object.assign([{ limit: 1000, qthMin: 1, qthMax: 2, dp: 0 }, { limit: 2000, qthMin: 3, qthMax: 4, dp: 1 }], { $tail: Uint8Array.of(1, 2, 3) });
    const req = { header: { tcmIfindex: 3, tcmHandle: 0x10000, tcmParent: 0xffffffff }, kind: 'gred', options: { parms } };
    const sent = tc.encodeRequestBytes('newqdisc', 'do', req);
    const decoded = tc.decodeMessageBytes('newqdisc', sent) as Record<string, any>;
    expect(decoded.options.parms.$tail).toEqual(Uint8Array.of(1, 2, 3));
    const named = respell(tc, 'newqdisc', decoded, 'schema') as Record<string, any>;
    expect(named.options.parms[1]['qth-min']).toBe(3);
    expect(named.options.parms.$tail).toEqual(Uint8Array.of(1, 2, 3));
    expect(bytes(tc, 'newqdisc', 'do', named)).toEqual(sent);
  });
});

describe('normalizeRequest: nlkit schema extension', () => {
  const ext = defineFamily(loadSchemaFileSync(fileURLToPath(new URL('../codec/fixtures/extension.yaml', import.meta.url))));

  it('records take their header members at the top, bit fields and flexible arrays are struct keys, select cases are followed', () => {
    const given = {
      fam: 'mpls',
      dst: [{ label: 100, tc: 0, bos: 1 }],
      paths: [{ hops: 1, ifindex: 2, weight: 3 }, { header: { flags: 1 }, ifindex: 4 }],
      sel: { flags: 1, keys: [{ mask: 1, val: 2 }] },
      kind: 'nested',
      data: { weight: 4 },
    };
    const canonical = {
      header: { fam: 'mpls' },
      dst: [{ label: 100, tc: 0, bos: 1 }],
      paths: [{ header: { hops: 1, ifindex: 2 }, weight: 3 }, { header: { flags: 1, ifindex: 4 }, weight: undefined }],
      sel: { flags: 1, keys: [{ mask: 1, val: 2 }] },
      kind: 'nested',
      data: { weight: 4 },
    };
    const n = normalizeRequest(ext, 'get', 'do', given) as typeof canonical;
    expect(n.paths[0]).toEqual(canonical.paths[0]);
    expect(n.paths[1]).toEqual({ header: { flags: 1, ifindex: 4 } });
    expect(ext.encodeRequestBytes('get', 'do', n)).toEqual(ext.encodeRequestBytes('get', 'do', { ...canonical, paths: [canonical.paths[0], { header: { flags: 1, ifindex: 4 } }] }));
    // Decoded and renamed back: the same names, so the same value.
    const decoded = ext.decodeMessageBytes('get', ext.encodeRequestBytes('get', 'do', n));
    expect(respell(ext, 'get', decoded, 'schema')).toEqual(decoded);
  });

  it('a wrong key inside a flexible array element or a selected nest is named with its path', () => {
    const a = refused(() => normalizeRequest(ext, 'get', 'do', { sel: { keys: [{ mask: 1, vall: 2 }] } }));
    expect(a.path).toEqual(['sel', 'keys', '0', 'vall']);
    expect(a.reason).toMatch(/^unknown member of struct key \(known: mask, val\)/);
    const b = refused(() => normalizeRequest(ext, 'get', 'do', { kind: 'nested', data: { weigth: 1 } }));
    expect(b.path).toEqual(['data', 'weigth']);
    expect(b.reason).toMatch(/^unknown attribute of path-attrs \(known: gw, weight\)/);
    const c = refused(() => normalizeRequest(ext, 'get', 'do', { paths: [{ hopps: 1 }] }));
    expect(c.path).toEqual(['paths', '0', 'hopps']);
  });
});
