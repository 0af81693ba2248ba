import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { RtNeighClient, type GetneighDumpReply, type GetneighDumpRequest } from '../src/index.js';

/** One entry as `ip -j neigh show` prints it (only the keys these tests read). */
interface IpNeigh {
  dst: string;
  dev: string;
  lladdr?: string;
  state?: string[];
  protocol?: string;
  router?: null;
  proxy?: null;
  extern_learn?: null;
}

async function dump(neigh: RtNeighClient, req: GetneighDumpRequest): Promise<GetneighDumpReply[]> {
  const out = [];
  for await (const n of neigh.getneighDump(req)) out.push(n);
  return out;
}

describe('rt-neigh against the kernel (checked with ip -j neigh)', () => {
  kernelIt('adds permanent entries, dumps, deletes', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      const va = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      const neigh = await RtNeighClient.open({ netns: ns.name });
      try {
        await neigh.newneigh({ header: { ndmFamily: 'inet', ndmIfindex: va, ndmState: ['permanent'] }, dst: '192.0.2.9', lladdr: '02:00:00:00:00:09', protocol: 'static' }, { flags: ['create', 'excl'] });
        await neigh.newneigh({ header: { ndmFamily: 10, ndmIfindex: va, ndmState: ['permanent'] }, dst: '2001:db8::9', lladdr: '02:00:00:00:00:10', protocol: 186 }, { flags: ['create', 'excl'] });
        const ref = ns.ipJson<IpNeigh[]>('neigh', 'show', 'dev', 'va');
        expect(ref.map((n) => [n.dst, n.lladdr, n.state, n.protocol]).sort()).toEqual([
          ['192.0.2.9', '02:00:00:00:00:09', ['PERMANENT'], 'static'],
          ['2001:db8::9', '02:00:00:00:00:10', ['PERMANENT'], 'bgp'],
        ]);
        // Strict dump requests filter by the ifindex attribute; the header's index must stay 0.
        const dumped = await dump(neigh, { header: { ndmFamily: 'unspec' }, ifindex: va });
        const mine = dumped.filter((n) => n.header.ndmState.includes('permanent'));
        expect(mine.map((n) => [n.header.ndmFamily, n.dst, n.lladdr, n.protocol]).sort()).toEqual([
          ['inet', '192.0.2.9', '02:00:00:00:00:09', 'static'],
          ['inet6', '2001:db8::9', '02:00:00:00:00:10', 'bgp'],
        ]);
        await neigh.delneigh({ header: { ndmFamily: 'inet', ndmIfindex: va }, dst: '192.0.2.9' });
        expect(ns.ipJson<IpNeigh[]>('neigh', 'show', 'dev', 'va').map((n) => n.dst)).toEqual(['2001:db8::9']);
      } finally {
        neigh.close();
      }
    });
  });

  kernelIt('entries made by ip decode to the names ip prints: family, state, flags, protocol, type', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      const va = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      ns.ip('neigh', 'add', '192.0.2.1', 'lladdr', '02:00:00:00:00:01', 'dev', 'va', 'nud', 'permanent', 'proto', 'zebra');
      ns.ip('neigh', 'add', '192.0.2.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'va', 'nud', 'stale');
      ns.ip('neigh', 'add', '192.0.2.3', 'lladdr', '02:00:00:00:00:03', 'dev', 'va', 'nud', 'noarp', 'proto', '99');
      ns.ip('neigh', 'add', '192.0.2.4', 'lladdr', '02:00:00:00:00:04', 'dev', 'va', 'extern_learn');
      ns.ip('-6', 'neigh', 'add', '2001:db8::2', 'lladdr', '02:00:00:00:00:12', 'dev', 'va', 'router', 'nud', 'reachable');
      ns.ip('neigh', 'add', 'proxy', '192.0.2.5', 'dev', 'va');
      const neigh = await RtNeighClient.open({ netns: ns.name });
      try {
        // `nud all`: ip hides NOARP entries by default.
        const ref = ns.ipJson<IpNeigh[]>('neigh', 'show', 'nud', 'all', 'dev', 'va');
        const dumped = await dump(neigh, { header: { ndmFamily: 'unspec' }, ifindex: va });
        expect(dumped.length).toBe(ref.length);
        for (const r of ref) {
          const d = dumped.find((n) => n.dst === r.dst)!;
          expect(d, r.dst).toBeDefined();
          expect(d.header.ndmFamily).toBe(r.dst.includes(':') ? 'inet6' : 'inet');
          expect(d.header.ndmType).toBe('unicast');
          expect(d.lladdr).toBe(r.lladdr);
          // ip prints NUD_* names in capitals; an extern_learn entry may have no state worth printing.
          expect(d.header.ndmState.map((s) => String(s).toUpperCase())).toEqual(r.state ?? []);
          expect(d.header.ndmFlags.includes('router')).toBe('router' in r);
          expect(d.header.ndmFlags.includes('ext-learned')).toBe('extern_learn' in r);
          expect(String(d.protocol ?? 'unspec')).toBe(r.protocol ?? 'unspec');
        }
        expect(dumped.find((n) => n.dst === '192.0.2.1')!.protocol).toBe('zebra');
        expect(dumped.find((n) => n.dst === '192.0.2.3')!.protocol).toBe('openr');
        expect(dumped.find((n) => n.dst === '192.0.2.2')!.header.ndmState).toEqual(['stale']);

        // Proxy entries are a separate table, dumped when the request's header asks for NTF_PROXY.
        const proxies = await dump(neigh, { header: { ndmFamily: 'inet', ndmFlags: ['proxy'] } });
        const ipProxies = ns.ipJson<IpNeigh[]>('neigh', 'show', 'proxy');
        expect(proxies.map((p) => p.dst)).toEqual(ipProxies.map((p) => p.dst));
        expect(proxies.map((p) => [p.header.ndmFamily, p.header.ndmFlags])).toEqual([['inet', ['proxy']]]);
      } finally {
        neigh.close();
      }
    });
  });

  kernelIt('bridge FDB entries come as family bridge and match bridge -j fdb', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'br0', 'type', 'bridge');
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'vb', 'master', 'br0');
      const br0 = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'br0')[0]!.ifindex;
      const vb = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'vb')[0]!.ifindex;
      ns.exec('bridge', 'fdb', 'add', '02:00:00:00:00:aa', 'dev', 'vb', 'master', 'static');
      ns.exec('bridge', 'fdb', 'add', '02:00:00:00:00:bb', 'dev', 'vb', 'master', 'static', 'sticky');
      const neigh = await RtNeighClient.open({ netns: ns.name });
      try {
        const ref = JSON.parse(ns.exec('bridge', '-j', 'fdb', 'show', 'dev', 'vb')) as Array<{ mac: string; flags: string[]; master?: string; state: string }>;
        const dumped = await dump(neigh, { header: { ndmFamily: 'bridge', ndmIfindex: vb } });
        expect(dumped.map((d) => d.lladdr).sort()).toEqual(ref.map((r) => r.mac).sort());
        for (const r of ref) {
          const d = dumped.find((x) => x.lladdr === r.mac)!;
          expect(d.header.ndmFamily).toBe('bridge');
          expect(d.header.ndmIfindex).toBe(vb);
          expect(d.header.ndmFlags.includes('self')).toBe(r.flags.includes('self'));
          expect(d.header.ndmFlags.includes('sticky')).toBe(r.flags.includes('sticky'));
          expect(d.master === br0).toBe(r.master === 'br0');
          // bridge prints NUD_NOARP as "static" and NUD_PERMANENT as "permanent".
          const state = d.header.ndmState.includes('permanent') ? 'permanent' : d.header.ndmState.includes('noarp') ? 'static' : '';
          expect(state).toBe(r.state);
        }
        expect(dumped.find((d) => d.lladdr === '02:00:00:00:00:aa')!.header.ndmState).toEqual(['noarp']);
        expect(dumped.find((d) => d.lladdr === '02:00:00:00:00:bb')!.header.ndmFlags).toEqual(['sticky']);
        expect(dumped.find((d) => d.lladdr === '02:00:00:00:00:bb')!.header.ndmState).toEqual(['noarp']);
      } finally {
        neigh.close();
      }
    });
  });

  kernelIt('neighbour tables: per-device parameters match ip -j ntable', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('ntable', 'change', 'name', 'arp_cache', 'dev', 'va', 'queue', '7', 'base_reachable', '41000');
      const va = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      const neigh = await RtNeighClient.open({ netns: ns.name });
      try {
        const tables = [];
        for await (const t of neigh.getneightblDump({ header: { ndtmFamily: 'unspec' } })) tables.push(t);
        const ref = ns.ipJson<Array<Record<string, number | string>>>('ntable', 'show', 'dev', 'va');
        expect(ref.length).toBeGreaterThan(0);
        for (const r of ref) {
          const t = tables.find((x) => x.name === r.name && x.parms?.ifindex === va)!;
          expect(t, String(r.name)).toBeDefined();
          expect(t.header.ndtmFamily).toBe(r.family);
          const p = t.parms!;
          expect([p.baseReachableTime, p.retransTime, p.gcStaletime, p.delayProbeTime]).toEqual(
            [r.base_reachable, r.retrans, r.gc_stale, r.delay_probe].map((v) => BigInt(v!)),
          );
          expect([p.queueLen, p.appProbes, p.ucastProbes, p.mcastProbes, p.proxyQlen]).toEqual([r.queue, r.app_probes, r.ucast_probes, r.mcast_probes, r.proxy_queue]);
        }
        const arp = tables.find((x) => x.name === 'arp_cache' && x.parms?.ifindex === va)!;
        expect([arp.parms!.queueLen, arp.parms!.baseReachableTime]).toEqual([7, 41000n]);
        // The table-wide message carries config and stats as structs.
        const arpMain = tables.find((x) => x.name === 'arp_cache' && x.config)!;
        expect(arpMain.config!.ndtcKeyLen).toBe(4);
        expect(typeof arpMain.stats!.ndtsAllocs).toBe('bigint');
      } finally {
        neigh.close();
      }
    });
  });
});
