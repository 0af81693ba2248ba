/**
 * Extended-ack names inside nlkit-records, nlkit-select readings and indexed arrays: an offset
 * inside a route's multipath names the record by its index (`multipath.1.gateway`,
 * `multipath.1.header.rtnh-ifindex`), as DecodeError and ValidationError paths do. Offsets are
 * found by walking the encoded request here, independently of the namer.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadSchemaFileSync, loadSchemaText } from '@nlkit/ynl';
import { FamilyRuntime, NLMSG_HDRLEN, walkAttrs } from '../core.js';

const schema = (name: string) => loadSchemaFileSync(fileURLToPath(new URL(`../../../../schemas/${name}.yaml`, import.meta.url)));

/** Attribute headers in buf[start, end) by type: the offset of each one's nlattr header. */
function attrsAt(buf: Uint8Array, start: number, end: number): Map<number, { at: number; s: number; e: number }> {
  const out = new Map<number, { at: number; s: number; e: number }>();
  walkAttrs(buf, start, end, (t, s, e) => out.set(t, { at: s - 4, s, e }));
  return out;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);

describe('namer: nlkit-records (rt-route multipath)', () => {
  const rt = new FamilyRuntime(schema('rt-route'));
  const request = rt.encodeRequestBytes('newroute', 'do', {
    header: { rtmFamily: 'inet', rtmDstLen: 24, rtmTable: 254, rtmProtocol: 3, rtmType: 'unicast' },
    dst: '10.9.0.0',
    multipath: [
      { header: { rtnhIfindex: 2 }, gateway: '10.0.0.1' },
      { header: { rtnhIfindex: 3, rtnhHops: 1 }, gateway: '10.0.0.2', encapType: 'mpls', encap: { dst: [{ label: 100, bos: 1 }], ttl: 5 } },
    ],
  });
  // RTA_MULTIPATH (9): records of struct rtnexthop (8 bytes, rtnh_len first) and attributes.
  const top = attrsAt(request, NLMSG_HDRLEN + 12, request.length);
  const mp = top.get(9)!;
  const rec0 = mp.s;
  const rec1 = rec0 + ((u16(request, rec0) + 3) & ~3);
  const attrs1 = attrsAt(request, rec1 + 8, rec1 + u16(request, rec1));
  const gw1 = attrs1.get(5)!; // RTA_GATEWAY
  const encap = attrs1.get(22)!; // RTA_ENCAP
  const inEncap = attrsAt(request, encap.s, encap.e);
  const name = rt.namer('newroute');

  it('the request is laid out as the offsets below assume', () => {
    expect(u16(request, rec0)).toBe(16); // header + RTA_GATEWAY
    expect(rec1 + u16(request, rec1)).toBe(mp.e);
    expect([...attrs1.keys()]).toEqual([5, 21, 22]);
    expect([...inEncap.keys()]).toEqual([1, 2]);
  });

  it('names an attribute of a record by the record index', () => {
    expect(name({ offset: rec0 + 8 }, request).attributePath).toEqual(['multipath', '0', 'gateway']);
    expect(name({ offset: gw1.at }, request).attributePath).toEqual(['multipath', '1', 'gateway']);
    expect(name({ offset: gw1.s + 2 }, request).attributePath).toEqual(['multipath', '1', 'gateway']); // inside the address
    expect(name({ offset: attrs1.get(21)!.at }, request).attributePath).toEqual(['multipath', '1', 'encap-type']);
  });

  it('follows a sub-message inside a record, its selector a sibling in the record', () => {
    expect(name({ offset: encap.at }, request).attributePath).toEqual(['multipath', '1', 'encap']);
    expect(name({ offset: inEncap.get(1)!.at }, request).attributePath).toEqual(['multipath', '1', 'encap', 'dst']);
    expect(name({ offset: inEncap.get(2)!.s }, request).attributePath).toEqual(['multipath', '1', 'encap', 'ttl']);
  });

  it('names the members of a record header (the length member too)', () => {
    expect(name({ offset: rec1 + 4 }, request).attributePath).toEqual(['multipath', '1', 'header', 'rtnh-ifindex']);
    expect(name({ offset: rec1 + 3 }, request).attributePath).toEqual(['multipath', '1', 'header', 'rtnh-hops']);
    expect(name({ offset: rec0 }, request).attributePath).toEqual(['multipath', '0', 'header', 'rtnh-len']);
  });

  it('the multipath attribute itself, and what lies outside it, keep their names', () => {
    expect(name({ offset: mp.at }, request).attributePath).toEqual(['multipath']);
    expect(name({ offset: top.get(1)!.at }, request).attributePath).toEqual(['dst']);
    expect(name({ offset: NLMSG_HDRLEN + 4 }, request).attributePath).toEqual(['header', 'rtm-table']);
  });

  it('a missing attribute of a record, or of a nest inside one', () => {
    expect(name({ missingType: 5, missingNestOffset: rec1 }, request)).toEqual({ missingNestPath: ['multipath', '1'], missingAttribute: 'gateway' });
    expect(name({ missingType: 2, missingNestOffset: encap.at }, request)).toEqual({ missingNestPath: ['multipath', '1', 'encap'], missingAttribute: 'ttl' });
  });

  it('records whose framing breaks are named as far as it holds, never with a throw', () => {
    const bad = request.slice();
    bad[rec1] = 0xff; // record 1 claims 255 bytes
    expect(name({ offset: rec0 + 8 }, bad).attributePath).toEqual(['multipath', '0', 'gateway']);
    expect(name({ offset: gw1.at }, bad).attributePath).toEqual(['multipath']);
    bad[rec0] = 3; // shorter than its header
    expect(name({ offset: rec0 + 8 }, bad).attributePath).toEqual(['multipath']);
    expect(name({ missingType: 5, missingNestOffset: rec0 }, bad)).toEqual({});
    // The multipath attribute ends inside record 1's header.
    const cut = request.slice();
    new DataView(cut.buffer).setUint16(mp.at, rec1 + 6 - mp.at, true);
    expect(name({ offset: rec0 + 8 }, cut).attributePath).toEqual(['multipath', '0', 'gateway']);
    expect(name({ offset: rec1 + 4 }, cut).attributePath).toEqual(['multipath']);
  });
});

describe('namer: nlkit-select and header-member selectors', () => {
  it('reads af-spec as the bridge attributes when ifi-family is AF_BRIDGE (rt-link)', () => {
    const rt = new FamilyRuntime(schema('rt-link'));
    const request = rt.encodeRequestBytes('setlink', 'do', { header: { ifiFamily: 'bridge', ifiIndex: 3 }, afSpec: { mode: 0, vlanInfo: { vid: 10 } } });
    const af = attrsAt(request, NLMSG_HDRLEN + 16, request.length).get(26)!; // IFLA_AF_SPEC
    const inner = attrsAt(request, af.s, af.e);
    const name = rt.namer('setlink');
    expect(name({ offset: inner.get(1)!.at }, request).attributePath).toEqual(['af-spec', 'mode']);
    // IFLA_BRIDGE_VLAN_INFO is 2, which af-spec's declared set (one nest per family) calls inet.
    expect(name({ offset: inner.get(2)!.s }, request).attributePath).toEqual(['af-spec', 'vlan-info']);
    expect(name({ missingType: 2, missingNestOffset: af.at }, request)).toEqual({ missingNestPath: ['af-spec'], missingAttribute: 'vlan-info' });
    // Without AF_BRIDGE the declared reading: AF_INET6 (10) is inet6.
    const plain = rt.encodeRequestBytes('setlink', 'do', { header: { ifiIndex: 3 }, afSpec: { inet6: { addrGenMode: 1 } } });
    const af2 = attrsAt(plain, NLMSG_HDRLEN + 16, plain.length).get(26)!;
    const in6 = attrsAt(plain, af2.s, af2.e).get(10)!;
    expect(name({ offset: in6.s }, plain).attributePath).toEqual(['af-spec', 'inet6', 'addr-gen-mode']);
  });

  // The extension test family: records whose gw is chosen by a fixed-header member, a select
  // by a sibling attribute, and a sub-message keyed by a fixed-header member.
  const ext = new FamilyRuntime(loadSchemaFileSync(fileURLToPath(new URL('../codec/fixtures/extension.yaml', import.meta.url))));
  const name = ext.namer('get');

  it('records, a select by a sibling attribute, a sub-message selected by a header member', () => {
    const request = ext.encodeRequestBytes('get', 'do', {
      header: { fam: 'inet' },
      paths: [{ header: { ifindex: 1 }, weight: 1 }, { header: { ifindex: 2 }, gw: '10.0.0.1', weight: 2 }],
      kind: 'nested',
      data: { weight: 7 },
      opts: { weight: 9 },
    });
    const top = attrsAt(request, NLMSG_HDRLEN + 4, request.length);
    const paths = top.get(3)!;
    const rec1 = paths.s + ((u16(request, paths.s) + 3) & ~3);
    const attrs1 = attrsAt(request, rec1 + 8, rec1 + u16(request, rec1));
    expect(name({ offset: attrs1.get(1)!.at }, request).attributePath).toEqual(['paths', '1', 'gw']);
    expect(name({ offset: attrs1.get(2)!.s }, request).attributePath).toEqual(['paths', '1', 'weight']);
    expect(name({ offset: rec1 + 4 }, request).attributePath).toEqual(['paths', '1', 'header', 'ifindex']);
    const data = top.get(7)!;
    expect(name({ offset: data.s }, request).attributePath).toEqual(['data', 'weight']);
    const opts = top.get(11)!;
    expect(name({ offset: opts.s }, request).attributePath).toEqual(['opts', 'weight']);
  });

  it('a struct-only sub-message format names its members', () => {
    const request = ext.encodeRequestBytes('get', 'do', { header: { fam: 'mpls' }, opts: { label: 300, bos: 1 } });
    const opts = attrsAt(request, NLMSG_HDRLEN + 4, request.length).get(11)!;
    expect(name({ offset: opts.s + 1 }, request).attributePath).toEqual(['opts', 'entry']);
  });
});

describe('namer: indexed arrays of nests', () => {
  const rt = new FamilyRuntime(loadSchemaText(`
name: arr
protocol: genetlink
doc: An indexed array of nests.
attribute-sets:
  - name: main
    attributes:
      - { name: items, type: indexed-array, sub-type: nest, nested-attributes: item }
      - { name: id, type: u32 }
  - name: item
    attributes:
      - { name: a, type: u32 }
      - { name: b, type: string }
operations:
  list:
    - name: set
      doc: Set.
      attribute-set: main
      do:
        request: { attributes: [ items, id ] }
`));
  const request = rt.encodeRequestBytes('set', 'do', { id: 1, items: [{ a: 1 }, { a: 2, b: 'x' }] }, { familyId: 30 });
  const items = attrsAt(request, NLMSG_HDRLEN + 4, request.length).get(1)!;
  const elems = [...attrsAt(request, items.s, items.e).values()];
  const name = rt.namer('set');

  it('names an element by its index, then its attributes', () => {
    expect(elems).toHaveLength(2);
    const inSecond = attrsAt(request, elems[1]!.s, elems[1]!.e);
    expect(name({ offset: inSecond.get(2)!.at }, request).attributePath).toEqual(['items', '1', 'b']);
    expect(name({ offset: elems[0]!.s }, request).attributePath).toEqual(['items', '0', 'a']);
    expect(name({ offset: elems[1]!.at }, request).attributePath).toEqual(['items', '1']);
    expect(name({ missingType: 2, missingNestOffset: elems[0]!.at }, request)).toEqual({ missingNestPath: ['items', '0'], missingAttribute: 'b' });
  });
});
