import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { RtAddrClient } from '../src/index.js';

const AF_INET = 2;
const AF_INET6 = 10;

interface IpAddr {
  ifname: string;
  addr_info: Array<{ family: string; local: string; prefixlen: number; label?: string; valid_life_time: number; preferred_life_time: number; scope: string }>;
}

describe('rt-addr against the kernel (checked with ip -j addr)', () => {
  kernelIt('adds IPv4 and IPv6 addresses with label and lifetimes, dumps with filters, deletes', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      ns.ip('link', 'set', 'vb', 'up');
      const va = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      const vb = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'vb')[0]!.ifindex;
      const addr = await RtAddrClient.open({ netns: ns.name });
      try {
        await addr.newaddr(
          { header: { ifaFamily: AF_INET, ifaPrefixlen: 24, ifaIndex: va }, local: '192.0.2.1', address: '192.0.2.1', label: 'va:web', cacheinfo: { ifaPrefered: 600, ifaValid: 1200 } },
          { flags: ['create', 'excl'] },
        );
        await addr.newaddr(
          { header: { ifaFamily: AF_INET6, ifaPrefixlen: 64, ifaIndex: va, ifaFlags: ['nodad'] }, address: '2001:db8::1', cacheinfo: { ifaPrefered: 300, ifaValid: 900 } },
          { flags: ['create', 'excl'] },
        );
        await addr.newaddr({ header: { ifaFamily: AF_INET, ifaPrefixlen: 24, ifaIndex: vb }, local: '198.51.100.7' }, { flags: ['create', 'excl'] });

        const ref = ns.ipJson<IpAddr[]>('addr', 'show', 'dev', 'va');
        const v4 = ref[0]!.addr_info.find((a) => a.local === '192.0.2.1')!;
        expect(v4.label).toBe('va:web');
        expect(v4.prefixlen).toBe(24);
        expect(v4.valid_life_time).toBeLessThanOrEqual(1200);
        expect(v4.valid_life_time).toBeGreaterThan(1100);
        const v6 = ref[0]!.addr_info.find((a) => a.local === '2001:db8::1')!;
        expect(v6.prefixlen).toBe(64);
        expect(v6.preferred_life_time).toBeGreaterThan(200);

        // Filtered dump: IPv4 on va only (strict checking makes the kernel filter by index).
        const onVa = [];
        for await (const a of addr.getaddrDump({ header: { ifaFamily: AF_INET, ifaIndex: va } })) onVa.push(a);
        expect(onVa.map((a) => a.local)).toEqual(['192.0.2.1']);
        expect(onVa[0]!.label).toBe('va:web');
        expect(onVa[0]!.cacheinfo!.ifaValid).toBeLessThanOrEqual(1200);
        expect(onVa[0]!.cacheinfo!.ifaValid).toBeGreaterThan(1100);
        expect(onVa[0]!.header.ifaScope).toBe('universe');

        const all6 = [];
        for await (const a of addr.getaddrDump({ header: { ifaFamily: AF_INET6 } })) all6.push(a);
        const ip6 = ns.ipJson<IpAddr[]>('-6', 'addr', 'show').flatMap((l) => l.addr_info.map((x) => x.local));
        expect(all6.map((a) => a.address).sort()).toEqual(ip6.sort());

        await addr.deladdr({ header: { ifaFamily: AF_INET, ifaPrefixlen: 24, ifaIndex: va }, local: '192.0.2.1' });
        await addr.deladdr({ header: { ifaFamily: AF_INET6, ifaPrefixlen: 64, ifaIndex: va }, address: '2001:db8::1' });
        const after = ns.ipJson<IpAddr[]>('addr', 'show', 'dev', 'va')[0]!.addr_info.map((a) => a.local);
        expect(after).not.toContain('192.0.2.1');
        expect(after).not.toContain('2001:db8::1');
        expect(ns.ipJson<IpAddr[]>('addr', 'show', 'dev', 'vb')[0]!.addr_info.map((a) => a.local)).toContain('198.51.100.7');
      } finally {
        addr.close();
      }
    });
  });

  kernelIt('notifications: an address added and removed with ip arrives typed', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      const addr = await RtAddrClient.open({ netns: ns.name });
      try {
        const events = addr.notifications(['rtnlgrp-ipv4-ifaddr']);
        const first = events.next();
        await new Promise((r) => setTimeout(r, 50));
        ns.ip('addr', 'add', '203.0.113.5/24', 'dev', 'va');
        ns.ip('addr', 'del', '203.0.113.5/24', 'dev', 'va');
        const a = (await first).value!;
        const b = (await events.next()).value!;
        await events.return?.();
        expect([a.name, a.value.local]).toEqual(['newaddr-ntf', '203.0.113.5']);
        expect([b.name, b.value.local]).toEqual(['deladdr-ntf', '203.0.113.5']);
      } finally {
        addr.close();
      }
    });
  });
});
