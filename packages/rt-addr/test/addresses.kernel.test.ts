import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { RtAddrClient, type GetaddrDumpReply } from '../src/index.js';

interface IpAddrInfo {
  family: string;
  local: string;
  prefixlen: number;
  label?: string;
  valid_life_time: number;
  preferred_life_time: number;
  scope: string;
  dynamic?: boolean;
  nodad?: boolean;
  tentative?: boolean;
  noprefixroute?: boolean;
  mngtmpaddr?: boolean;
  secondary?: boolean;
  deprecated?: boolean;
}

interface IpAddr {
  ifname: string;
  addr_info: IpAddrInfo[];
}

/** ip's names for RT_SCOPE_* values (it calls universe "global"). */
const IP_SCOPE: Record<string, string> = { universe: 'global', site: 'site', link: 'link', host: 'host', nowhere: 'nowhere' };
/** ip's JSON keys for IFA_F_* flags, where they differ from ours. */
const IP_FLAG: Record<string, keyof IpAddrInfo> = { nodad: 'nodad', tentative: 'tentative', noprefixroute: 'noprefixroute', managetempaddr: 'mngtmpaddr', secondary: 'secondary', deprecated: 'deprecated' };

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
          { header: { ifaFamily: 'inet', ifaPrefixlen: 24, ifaIndex: va }, local: '192.0.2.1', address: '192.0.2.1', label: 'va:web', cacheinfo: { ifaPrefered: 600, ifaValid: 1200 } },
          { flags: ['create', 'excl'] },
        );
        await addr.newaddr(
          { header: { ifaFamily: 'inet6', ifaPrefixlen: 64, ifaIndex: va, ifaFlags: ['nodad'] }, address: '2001:db8::1', cacheinfo: { ifaPrefered: 300, ifaValid: 900 } },
          { flags: ['create', 'excl'] },
        );
        await addr.newaddr({ header: { ifaFamily: 'inet', ifaPrefixlen: 24, ifaIndex: vb }, local: '198.51.100.7' }, { flags: ['create', 'excl'] });

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
        for await (const a of addr.getaddrDump({ header: { ifaFamily: 'inet', ifaIndex: va } })) onVa.push(a);
        expect(onVa.map((a) => a.local)).toEqual(['192.0.2.1']);
        expect(onVa[0]!.label).toBe('va:web');
        expect(onVa[0]!.cacheinfo!.ifaValid).toBeLessThanOrEqual(1200);
        expect(onVa[0]!.cacheinfo!.ifaValid).toBeGreaterThan(1100);
        expect(onVa[0]!.header.ifaScope).toBe('universe');

        const all6: GetaddrDumpReply[] = [];
        for await (const a of addr.getaddrDump({ header: { ifaFamily: 'inet6' } })) all6.push(a);
        const ip6 = ns.ipJson<IpAddr[]>('-6', 'addr', 'show').flatMap((l) => l.addr_info.map((x) => x.local));
        expect(all6.map((a) => a.address).sort()).toEqual(ip6.sort());
        expect(new Set(all6.map((a) => a.header.ifaFamily))).toEqual(new Set(['inet6']));

        await addr.deladdr({ header: { ifaFamily: 'inet', ifaPrefixlen: 24, ifaIndex: va }, local: '192.0.2.1' });
        await addr.deladdr({ header: { ifaFamily: 'inet6', ifaPrefixlen: 64, ifaIndex: va }, address: '2001:db8::1' });
        const after = ns.ipJson<IpAddr[]>('addr', 'show', 'dev', 'va')[0]!.addr_info.map((a) => a.local);
        expect(after).not.toContain('192.0.2.1');
        expect(after).not.toContain('2001:db8::1');
        expect(ns.ipJson<IpAddr[]>('addr', 'show', 'dev', 'vb')[0]!.addr_info.map((a) => a.local)).toContain('198.51.100.7');
      } finally {
        addr.close();
      }
    });
  });

  kernelIt('addresses made by ip decode to the names ip prints: family, scope, flags, protocol', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      ns.ip('link', 'set', 'vb', 'up');
      ns.ip('addr', 'add', '192.0.2.1/24', 'dev', 'va');
      ns.ip('addr', 'add', '192.0.2.2/24', 'dev', 'va'); // secondary
      ns.ip('addr', 'add', '10.9.0.1/8', 'dev', 'va', 'scope', 'link', 'noprefixroute');
      ns.ip('addr', 'add', '127.0.0.9/8', 'dev', 'va', 'scope', 'host');
      ns.ip('addr', 'add', '2001:db8::1/64', 'dev', 'va', 'nodad', 'valid_lft', '900', 'preferred_lft', '0');
      ns.ip('addr', 'add', '2001:db8:1::1/64', 'dev', 'va', 'mngtmpaddr');
      const addr = await RtAddrClient.open({ netns: ns.name });
      try {
        const dumped: GetaddrDumpReply[] = [];
        for await (const a of addr.getaddrDump({ header: { ifaFamily: 'unspec' } })) dumped.push(a);
        const ref = ns.ipJson<IpAddr[]>('addr', 'show').flatMap((l) => l.addr_info);
        expect(dumped.length).toBe(ref.length);
        for (const r of ref) {
          const d = dumped.find((a) => (a.local ?? a.address) === r.local)!;
          expect(d, r.local).toBeDefined();
          expect(d.header.ifaFamily).toBe(r.family);
          expect(IP_SCOPE[String(d.header.ifaScope)]).toBe(r.scope);
          expect(d.header.ifaPrefixlen).toBe(r.prefixlen);
          // The u32 flags attribute carries the full set; ip reads it too.
          const flags = d.flags!;
          for (const [ours, theirs] of Object.entries(IP_FLAG)) expect(flags.includes(ours as never), `${r.local} ${ours}`).toBe(r[theirs] === true);
          expect(!flags.includes('permanent'), `${r.local} dynamic`).toBe(r.dynamic === true);
        }
        const by = (ip: string) => dumped.find((a) => (a.local ?? a.address) === ip)!;
        expect(by('192.0.2.2').flags).toContain('secondary');
        expect(by('10.9.0.1').header.ifaScope).toBe('link');
        expect(by('127.0.0.9').header.ifaScope).toBe('host');
        expect(by('2001:db8::1').flags).toEqual(expect.arrayContaining(['nodad', 'deprecated']));
        // IPv6 link-local addresses are made by the kernel, which marks them IFAPROT_KERNEL_LL.
        const ll = dumped.filter((a) => a.address?.startsWith('fe80:'));
        expect(ll.length).toBeGreaterThan(0);
        for (const a of ll) expect(a.proto).toBe('kernel-ll');
        // Multicast listing: family names there too.
        const mc = [];
        for await (const m of addr.getmulticastDump({ header: { ifaFamily: 'inet6' } })) mc.push(m);
        expect(mc.some((m) => m.multicast === 'ff02::1')).toBe(true);
        expect(new Set(mc.map((m) => m.header.ifaFamily))).toEqual(new Set(['inet6']));
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
