import { describe, expect } from 'vitest';
import { kernelIt, withNetns, type Netns } from '@nlkit/testkit';
import { RtRouteClient } from '../src/index.js';

const AF_INET = 'inet';

interface IpRoute {
  dst: string;
  gateway?: string;
  dev?: string;
  table?: string;
  protocol?: string;
  metric?: number;
  metrics?: Array<Record<string, number>>;
  nexthops?: Array<{ gateway: string; dev: string; weight: number }>;
  type?: string;
}

function setup(ns: Netns): { va: number; vb: number } {
  ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
  ns.ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
  for (const d of ['va', 'vb', 'vc', 'vd']) ns.ip('link', 'set', d, 'up');
  ns.ip('addr', 'add', '10.0.0.1/24', 'dev', 'va');
  ns.ip('addr', 'add', '10.0.1.1/24', 'dev', 'vc');
  const idx = (n: string) => ns.ipJson<Array<{ ifindex: number }>>('link', 'show', n)[0]!.ifindex;
  return { va: idx('va'), vb: idx('vc') };
}

const base = { rtmFamily: AF_INET, rtmProtocol: 'static', rtmScope: 'universe', rtmType: 'unicast' } as const;

describe('rt-route against the kernel (checked with ip -j route)', () => {
  kernelIt('adds, replaces and deletes routes in main and in another table; metrics', async () => {
    await withNetns(async (ns) => {
      setup(ns);
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        await route.newroute({ header: { ...base, rtmDstLen: 16, rtmTable: 'main' }, dst: '172.16.0.0', gateway: '10.0.0.2' }, { flags: ['create', 'excl'] });
        await route.newroute({ header: { ...base, rtmDstLen: 24, rtmTable: 'compat' }, table: 1000, dst: '172.17.1.0', gateway: '10.0.1.2', priority: 50 }, { flags: ['create', 'excl'] });
        await route.newroute(
          { header: { ...base, rtmDstLen: 24, rtmTable: 'main' }, dst: '172.18.0.0', gateway: '10.0.0.2', metrics: { mtu: 1300, advmss: 1260, cwnd: 10 } },
          { flags: ['create', 'excl'] },
        );
        let main = ns.ipJson<IpRoute[]>('route', 'show', 'table', 'main');
        expect(main.find((r) => r.dst === '172.16.0.0/16')?.gateway).toBe('10.0.0.2');
        const withMetrics = ns.ipJson<IpRoute[]>('-d', 'route', 'show', '172.18.0.0/24');
        expect(withMetrics[0]!.metrics).toEqual([{ mtu: 1300, advmss: 1260, cwnd: 10 }]);
        const t1000 = ns.ipJson<IpRoute[]>('route', 'show', 'table', '1000');
        expect(t1000).toEqual([expect.objectContaining({ dst: '172.17.1.0/24', gateway: '10.0.1.2', metric: 50 })]);

        // Replace: same prefix, new gateway.
        await route.newroute({ header: { ...base, rtmDstLen: 16, rtmTable: 'main' }, dst: '172.16.0.0', gateway: '10.0.1.2' }, { flags: ['create', 'replace'] });
        main = ns.ipJson<IpRoute[]>('route', 'show', 'table', 'main');
        expect(main.find((r) => r.dst === '172.16.0.0/16')?.gateway).toBe('10.0.1.2');

        // Our view of the same routes.
        const dumped = [];
        for await (const r of route.getrouteDump({ header: { rtmFamily: AF_INET } })) dumped.push(r);
        const m = dumped.find((r) => r.dst === '172.18.0.0')!;
        expect(m.metrics).toEqual({ mtu: 1300, advmss: 1260, cwnd: 10 });
        const t = dumped.find((r) => r.dst === '172.17.1.0')!;
        expect([t.table, t.header.rtmTable, t.priority, t.gateway]).toEqual([1000, 'compat', 50, '10.0.1.2']);

        await route.delroute({ header: { ...base, rtmDstLen: 16, rtmTable: 'main' }, dst: '172.16.0.0' });
        await route.delroute({ header: { ...base, rtmDstLen: 24, rtmTable: 'compat' }, table: 1000, dst: '172.17.1.0' });
        expect(ns.ipJson<IpRoute[]>('route', 'show', 'table', 'main').map((r) => r.dst)).not.toContain('172.16.0.0/16');
        expect(ns.ipJson<IpRoute[]>('route', 'show', 'table', '1000')).toEqual([]);
      } finally {
        route.close();
      }
    });
  });

  kernelIt('an ECMP route: its nexthops decode from a dump as ip -j shows them, and a nexthop list creates one', async () => {
    await withNetns(async (ns) => {
      const { va, vb } = setup(ns);
      ns.ip('route', 'add', '192.0.2.0/24', 'nexthop', 'via', '10.0.0.2', 'dev', 'va', 'weight', '1', 'nexthop', 'via', '10.0.1.2', 'dev', 'vc', 'weight', '3');
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        // A do-get with fib-match returns the whole matching route, nexthops included.
        const one = (await route.getroute({ header: { rtmFamily: 'inet', rtmDstLen: 32, rtmFlags: ['fib-match'] }, dst: '192.0.2.1' }))!;
        expect(one.dst).toBe('192.0.2.0');
        const ref = ns.ipJson<IpRoute[]>('route', 'show', '192.0.2.0/24')[0]!;
        const dev = (ifindex: number) => (ifindex === va ? 'va' : ifindex === vb ? 'vc' : String(ifindex));
        const view = (mp: typeof one.multipath) => (mp ?? []).map((p) => [p.gateway, dev(p.header.rtnhIfindex), p.header.rtnhHops + 1]);
        expect(ref.nexthops!.map((n) => [n.gateway, n.dev, n.weight])).toEqual([['10.0.0.2', 'va', 1], ['10.0.1.2', 'vc', 3]]);
        expect(view(one.multipath)).toEqual([['10.0.0.2', 'va', 1], ['10.0.1.2', 'vc', 3]]);
        let dumped: typeof one | undefined;
        for await (const r of route.getrouteDump({ header: { rtmFamily: 'inet' } })) if (r.dst === '192.0.2.0') dumped = r;
        expect(dumped!.header.rtmFamily).toBe('inet');
        expect(view(dumped!.multipath)).toEqual([['10.0.0.2', 'va', 1], ['10.0.1.2', 'vc', 3]]);
        expect(dumped!.multipath![0]!.header).toEqual({ rtnhFlags: [], rtnhHops: 0, rtnhIfindex: va });

        ns.ip('route', 'del', '192.0.2.0/24');
        await route.newroute({
          header: { ...base, rtmDstLen: 24, rtmTable: 'main' },
          dst: '192.0.2.0',
          multipath: [{ header: { rtnhIfindex: va, rtnhHops: 1 }, gateway: '10.0.0.2' }, { header: { rtnhIfindex: vb, rtnhHops: 4 }, gateway: '10.0.1.2' }],
        }, { flags: ['create', 'excl'] });
        const after = ns.ipJson<IpRoute[]>('route', 'show', '192.0.2.0/24')[0]!;
        expect(after.nexthops!.map((n) => [n.gateway, n.dev, n.weight])).toEqual([['10.0.0.2', 'va', 2], ['10.0.1.2', 'vc', 5]]);
      } finally {
        route.close();
      }
    });
  });

  kernelIt('names for numbers: rtm-family and RTNH_F flags (linkdown), and a gateway of another family (rtvia)', async () => {
    await withNetns(async (ns) => {
      setup(ns);
      // vd is vc's peer: down, so routes over vc are linkdown.
      ns.ip('link', 'set', 'vd', 'down');
      ns.ip('route', 'add', '198.18.0.0/24', 'via', '10.0.1.2', 'dev', 'vc');
      ns.ip('-6', 'addr', 'add', 'fe80::1/64', 'dev', 'va', 'nodad');
      ns.ip('route', 'add', '198.19.0.0/24', 'via', 'inet6', 'fe80::2', 'dev', 'va');
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        const ours = new Map<string, Awaited<ReturnType<typeof route.getroute>>>();
        for await (const r of route.getrouteDump({ header: { rtmFamily: 2 } })) if (typeof r.dst === 'string') ours.set(r.dst, r);
        const down = ns.ipJson<Array<IpRoute & { flags: string[] }>>('route', 'show', '198.18.0.0/24')[0]!;
        expect(down.flags).toContain('linkdown');
        expect(ours.get('198.18.0.0')!.header.rtmFlags).toContain('linkdown');
        const via = ns.ipJson<Array<IpRoute & { via: { family: string; host: string } }>>('route', 'show', '198.19.0.0/24')[0]!;
        expect(via.via).toEqual({ family: 'inet6', host: 'fe80::2' });
        const r = ours.get('198.19.0.0')!;
        expect([r.header.rtmFamily, r.via]).toEqual(['inet', { rtviaFamily: 'inet6', rtviaAddr: 'fe80::2' }]);
        // The same route, created through the typed client from the names.
        ns.ip('route', 'del', '198.19.0.0/24');
        await route.newroute({ header: { ...base, rtmDstLen: 24, rtmTable: 'main' }, dst: '198.19.0.0', oif: r.oif, via: { rtviaFamily: 'inet6', rtviaAddr: 'fe80::2' } }, { flags: ['create', 'excl'] });
        expect(ns.ipJson<Array<IpRoute & { via: unknown }>>('route', 'show', '198.19.0.0/24')[0]!.via).toEqual({ family: 'inet6', host: 'fe80::2' });
      } finally {
        route.close();
      }
    });
  });

  kernelIt('dumps 1,000 routes, matching `ip -j route show table all`', async () => {
    await withNetns(async (ns) => {
      setup(ns);
      const lines = [];
      for (let i = 0; i < 1000; i++) lines.push(`route add 10.200.${i >> 8}.${i & 255}/32 via 10.0.0.2 table ${i % 2 ? 'main' : '300'}`);
      ns.exec('sh', '-c', `printf '%s\\n' ${lines.map((l) => `'${l}'`).join(' ')} | ip -batch -`);
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        const ours = [];
        for await (const r of route.getrouteDump({ header: { rtmFamily: AF_INET } })) ours.push(r);
        const ref = ns.ipJson<IpRoute[]>('-4', 'route', 'show', 'table', 'all');
        const key = (dst: string, len: number, table: number | string) => `${dst}/${len}@${table}`;
        const tableName = (t: number | string) => (t === 254 ? 'main' : t === 255 ? 'local' : String(t));
        const ourKeys = ours.map((r) => key(typeof r.dst === 'string' ? r.dst : '0.0.0.0', r.header.rtmDstLen, tableName(r.table ?? 0))).sort();
        const refKeys = ref.map((r) => {
          const [dst, len] = r.dst === 'default' ? ['0.0.0.0', '0'] : r.dst.includes('/') ? r.dst.split('/') : [r.dst, '32'];
          return key(dst!, Number(len), r.table ?? 'main');
        }).sort();
        expect(ours.length).toBeGreaterThanOrEqual(1000);
        expect(ourKeys).toEqual(refKeys);
      } finally {
        route.close();
      }
    });
  });

  kernelIt('notifications: routes added and removed with ip arrive typed, new and delete told apart', async () => {
    await withNetns(async (ns) => {
      setup(ns);
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        const events = route.notifications(['rtnlgrp-ipv4-route']);
        const first = events.next();
        await new Promise((r) => setTimeout(r, 50));
        ns.ip('route', 'add', '198.18.0.0/15', 'via', '10.0.0.2');
        ns.ip('route', 'del', '198.18.0.0/15');
        const a = (await first).value!;
        const b = (await events.next()).value!;
        await events.return?.();
        expect([a.name, a.value.dst, a.value.header.rtmDstLen, a.value.gateway]).toEqual(['newroute-ntf', '198.18.0.0', 15, '10.0.0.2']);
        expect([b.name, b.value.dst]).toEqual(['delroute-ntf', '198.18.0.0']);
      } finally {
        route.close();
      }
    });
  });
});
