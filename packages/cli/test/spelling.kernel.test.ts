/**
 * The nlkit binary against the kernel with requests in the schema's spelling, output in the
 * one asked for (--names), and hints on the classic mistakes; checked with ip -j.
 */
import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { nlkit, nlkitBackground } from './helpers.js';

describe('nlkit: schema spelling and hints against the kernel', () => {
  kernelIt('newlink without --flags create: ENODEV and a hint; with it, schema names in and out match ip -j', () => withNetns((ns) => {
    const json = '{"ifname": "s0", "num-tx-queues": 3, "linkinfo": {"kind": "ifb"}}';
    const miss = nlkit(['rt-link', 'newlink', '--netns', ns.name, '--json', json]);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(/errno: {5}ENODEV \(19\)/);
    expect(miss.stderr).toMatch(/^ {2}hint: {6}newlink without the create flag only changes an existing object.*--flags create,excl/m);
    expect(ns.ipJson('link', 'show')).toHaveLength(1);

    const made = nlkit(['rt-link', 'newlink', '--netns', ns.name, '--flags', 'create,excl', '--json', json]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const [ip] = ns.ipJson<Array<{ ifindex: number; ifname: string; mtu: number; num_tx_queues: number }>>('-d', 'link', 'show', 's0');
    expect(ip!.num_tx_queues).toBe(3);

    // A header member at the top level, and the reply in the schema's names.
    const r = nlkit(['rt-link', 'getlink', '--netns', ns.name, '--json', `{"ifi-index": ${ip!.ifindex}}`, '--names', 'schema', '-o', 'json']);
    expect(r.code).toBe(0);
    const link = JSON.parse(r.stdout);
    expect(link).toMatchObject({ header: { 'ifi-index': ip!.ifindex }, ifname: 's0', mtu: ip!.mtu, 'num-tx-queues': 3, linkinfo: { kind: 'ifb' } });
    expect(link).not.toHaveProperty('numTxQueues');
  }));

  kernelIt('delroute that misses by scope: ESRCH and the scope hint; rtm-scope nowhere deletes it; dumps in schema names match ip -j', () => withNetns((ns) => {
    ns.ip('link', 'add', 'sa', 'type', 'veth', 'peer', 'name', 'sb');
    ns.ip('link', 'set', 'sa', 'up');
    ns.ip('addr', 'add', '10.9.0.1/24', 'dev', 'sa');
    ns.ip('route', 'add', '10.10.0.0/16', 'via', '10.9.0.2');
    const main = () => ns.ipJson<Array<{ dst: string }>>('route', 'show', 'table', 'main').map((x) => x.dst).sort();
    expect(main()).toEqual(['10.10.0.0/16', '10.9.0.0/24']);

    const dump = nlkit(['rt-route', 'getroute', '--dump', '--netns', ns.name, '--json', '{"rtm-family": 2}', '--names', 'schema', '-o', 'json']);
    expect(dump.code).toBe(0);
    const ours = (JSON.parse(dump.stdout) as Array<{ header: Record<string, unknown>; dst?: string; table?: unknown }>)
      .filter((x) => x.table === 'main' || x.table === 254).map((x) => `${x.dst}/${String(x.header['rtm-dst-len'])}`).sort();
    expect(ours).toEqual(main());

    const req = '{"rtm-family": 2, "rtm-dst-len": 24, "dst": "10.9.0.0"}';
    const miss = nlkit(['rt-route', 'delroute', '--netns', ns.name, '--json', req]);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toMatch(/errno: {5}ESRCH/);
    expect(miss.stderr).toMatch(/^ {2}hint: {6}delroute matched no route: IPv4 routes are matched by scope too.*'nowhere' \(255\)/m);
    expect(main()).toEqual(['10.10.0.0/16', '10.9.0.0/24']);

    const del = nlkit(['rt-route', 'delroute', '--netns', ns.name, '--json', '{"rtm-family": 2, "rtmDstLen": 24, "rtm-scope": "nowhere", "dst": "10.9.0.0"}']);
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    expect(main()).toEqual(['10.10.0.0/16']);
  }));

  kernelIt('pretty output shows an ECMP route\'s nexthops one per line, as ip -j has them', () => withNetns((ns) => {
    ns.ip('link', 'add', 'sa', 'type', 'veth', 'peer', 'name', 'sb');
    ns.ip('link', 'add', 'sc', 'type', 'veth', 'peer', 'name', 'sd');
    for (const d of ['sa', 'sc']) ns.ip('link', 'set', d, 'up');
    ns.ip('addr', 'add', '10.9.0.1/24', 'dev', 'sa');
    ns.ip('addr', 'add', '10.9.1.1/24', 'dev', 'sc');
    ns.ip('route', 'add', '10.10.0.0/16', 'nexthop', 'via', '10.9.0.2', 'dev', 'sa', 'weight', '1', 'nexthop', 'via', '10.9.1.2', 'dev', 'sc', 'weight', '3');
    const ifindex = new Map(ns.ipJson<Array<{ ifname: string; ifindex: number }>>('link', 'show').map((l) => [l.ifname, l.ifindex]));
    const [route] = ns.ipJson<Array<{ nexthops: Array<{ gateway: string; dev: string; weight: number; flags?: string[] }> }>>('route', 'show', '10.10.0.0/16');
    const want = route!.nexthops.map((n) => ({ gateway: n.gateway, ifindex: ifindex.get(n.dev)!, hops: n.weight - 1, flags: n.flags ?? [] }));
    expect(want).toHaveLength(2);

    for (const names of ['camel', 'schema'] as const) {
      const r = nlkit(['rt-route', 'getroute', '--dump', '--netns', ns.name, '--json', '{"rtm-family": 2}', '-o', 'pretty', '--names', names]);
      expect(r.code).toBe(0);
      const block = r.stdout.split('\n\n').find((b) => /^dst\s+10\.10\.0\.0$/m.test(b));
      expect(block, r.stdout).toBeDefined();
      const [flags, hops, index] = names === 'camel' ? ['rtnhFlags', 'rtnhHops', 'rtnhIfindex'] : ['rtnh-flags', 'rtnh-hops', 'rtnh-ifindex'];
      const lines = block!.split('\n').filter((l) => /^ {2}\[\d\] /.test(l));
      // The peers are down: ip says linkdown, and so do the flags (by name).
      expect(want.every((n) => n.flags.includes('linkdown'))).toBe(true);
      expect(lines).toEqual(want.map((n, i) => `  [${i}] ${n.flags.length ? `${flags} ${n.flags.join(', ')}  ` : ''}${hops} ${n.hops}  ${index} ${n.ifindex}  gateway ${n.gateway}`));
    }
  }));

  kernelIt('monitor --names schema prints notifications in the schema\'s names, as ip -j sees the link', () => withNetns(async (ns) => {
    const mon = nlkitBackground(['monitor', 'rt-link', '--netns', ns.name, '--group', 'rtnlgrp-link', '--count', '1', '--timeout', '20', '--names', 'schema']);
    await mon.ready('monitoring rt-link');
    ns.ip('link', 'add', 'sm0', 'type', 'ifb');
    const r = await mon.done;
    expect(r.code).toBe(0);
    const n = JSON.parse(r.stdout.trim().split('\n')[0]!) as { name: string; value: Record<string, any> };
    expect(n.name).toBe('newlink-ntf');
    const [ip] = ns.ipJson<Array<{ ifindex: number; ifname: string }>>('link', 'show', 'sm0');
    expect(n.value).toMatchObject({ header: { 'ifi-index': ip!.ifindex }, ifname: 'sm0' });
    expect(n.value).toHaveProperty('num-tx-queues');
    expect(n.value.header).not.toHaveProperty('ifiIndex');
  }), 40_000);
});

