/**
 * An ECMP route through the nlkit binary: its nexthops come out as a list (the schema's
 * nlkit-records), and a route is created from such a list in the schema's spelling; both
 * checked with ip -j.
 */
import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { nlkit } from './helpers.js';

interface IpRoute {
  dst: string;
  nexthops?: Array<{ gateway: string; dev: string; weight: number }>;
}

describe('nlkit: multipath routes against the kernel', () => {
  kernelIt('a dump shows the nexthops as ip -j does; a nexthop list in the schema spelling creates a route', () => withNetns((ns) => {
    ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    for (const d of ['va', 'vb']) ns.ip('link', 'set', d, 'up');
    ns.ip('addr', 'add', '10.0.0.1/24', 'dev', 'va');
    const va = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
    ns.ip('route', 'add', '192.0.2.0/24', 'nexthop', 'via', '10.0.0.2', 'dev', 'va', 'weight', '1', 'nexthop', 'via', '10.0.0.3', 'dev', 'va', 'weight', '4');

    const dump = nlkit(['rt-route', 'getroute', '--dump', '--netns', ns.name, '--json', '{"rtm-family": "inet"}', '-o', 'json']);
    expect(dump.stderr).toBe('');
    const ecmp = (JSON.parse(dump.stdout) as Array<{ dst?: string; header: { rtmFamily: unknown }; multipath?: Array<{ header: { rtnhIfindex: number; rtnhHops: number }; gateway: string }> }>)
      .find((r) => r.dst === '192.0.2.0')!;
    expect(ecmp.header.rtmFamily).toBe('inet');
    const ref = ns.ipJson<IpRoute[]>('route', 'show', '192.0.2.0/24')[0]!;
    expect(ecmp.multipath!.map((n) => [n.gateway, n.header.rtnhIfindex === va ? 'va' : n.header.rtnhIfindex, n.header.rtnhHops + 1]))
      .toEqual(ref.nexthops!.map((n) => [n.gateway, n.dev, n.weight]));

    const req = {
      'rtm-family': 'inet', 'rtm-dst-len': 24, 'rtm-table': 'main', 'rtm-protocol': 'static', 'rtm-type': 'unicast',
      dst: '198.51.100.0',
      multipath: [{ header: { 'rtnh-ifindex': va }, gateway: '10.0.0.2' }, { header: { 'rtnh-ifindex': va, 'rtnh-hops': 2 }, gateway: '10.0.0.3' }],
    };
    const made = nlkit(['rt-route', 'newroute', '--netns', ns.name, '--flags', 'create,excl', '--json', JSON.stringify(req)]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const after = ns.ipJson<IpRoute[]>('route', 'show', '198.51.100.0/24')[0]!;
    expect(after.nexthops!.map((n) => [n.gateway, n.dev, n.weight])).toEqual([['10.0.0.2', 'va', 1], ['10.0.0.3', 'va', 3]]);
  }));
});
