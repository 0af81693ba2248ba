/**
 * One session under a busy program's load, against the kernel in a netns: concurrent dumps,
 * bursts of requests, dumps abandoned midway, and receive-buffer overruns from a flood of
 * notifications. Every call must succeed (or settle as documented), with answers equal to ip's.
 */
import { describe, expect } from 'vitest';
import { kernelIt, withNetns, type Netns } from '@nlkit/testkit';
import { NETLINK_ROUTE, Session, OutcomeUnknownError, OverrunError } from '../core.js';
import { IFLA_MTU, RTM_GETLINK, RTM_NEWLINK, ifinfomsg, parseLink } from './helpers.js';

const RTNLGRP_LINK = 1;

/** A netns with `pairs` veth pairs, and ip's view of its links: name → ifindex. */
function fixture(ns: Netns, pairs: number): Map<string, number> {
  for (let i = 0; i < pairs; i++) ns.ip('link', 'add', `va${i}`, 'type', 'veth', 'peer', 'name', `vb${i}`);
  const links = ns.ipJson<Array<{ ifname: string; ifindex: number }>>('link', 'show');
  return new Map(links.map((l) => [l.ifname, l.ifindex]));
}

const getlink = (index: number) => ({ type: RTM_GETLINK, body: ifinfomsg(index).finish() });
const dumpLinks = { type: RTM_GETLINK, body: ifinfomsg().finish() };

/** The Drops column of /proc/net/netlink for our socket (by port id), seen from inside the netns. */
function drops(ns: Netns, portId: number): number {
  const row = ns.exec('cat', '/proc/net/netlink').split('\n').map((l) => l.trim().split(/\s+/)).find((c) => c[2] === String(portId));
  if (!row) throw new Error(`port ${portId} not in /proc/net/netlink`);
  return Number(row[8]);
}

describe('one session under load', () => {
  kernelIt('10 dumps started together and 1,000 requests on one session all succeed and match ip', async () => {
    await withNetns(async (ns) => {
      const ref = fixture(ns, 10);
      const s = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      try {
        const names = async () => {
          const out: string[] = [];
          for await (const m of s.dump(dumpLinks)) out.push(parseLink(m).name!);
          return out.sort();
        };
        const dumps = Array.from({ length: 10 }, names);
        const indexes = [...ref.values()];
        const requests = Array.from({ length: 1000 }, (_, i) => s.request(getlink(indexes[i % indexes.length]!)));
        const [dumped, answered] = await Promise.all([Promise.all(dumps), Promise.all(requests)]);
        for (const d of dumped) expect(d).toEqual([...ref.keys()].sort());
        answered.forEach((replies, i) => {
          expect(replies).toHaveLength(1);
          const row = parseLink(replies[0]!);
          expect(ref.get(row.name!)).toBe(row.index);
          expect(row.index).toBe(indexes[i % indexes.length]);
        });
        expect(s.stats).toMatchObject({ overruns: 0, inFlight: 0, waiting: 0, dumpsWaiting: 0 });
      } finally {
        s.close();
      }
    });
  });

  kernelIt('a dump started right after breaking out of one, or aborting one, succeeds (no EBUSY)', async () => {
    await withNetns(async (ns) => {
      const ref = fixture(ns, 30);
      const s = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name, receiveBuffer: 64 * 1024 });
      try {
        for await (const _ of s.dump(dumpLinks)) break;
        expect((await s.dumpAll(dumpLinks)).length).toBe(ref.size);
        const ac = new AbortController();
        const aborted = (async () => { for await (const _ of s.dump(dumpLinks, { signal: ac.signal })) ac.abort(); })();
        await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
        expect((await s.dumpAll(dumpLinks)).length).toBe(ref.size);
        const thrown = (async () => { for await (const _ of s.dump(dumpLinks)) throw new Error('consumer bug'); })();
        await expect(thrown).rejects.toThrow('consumer bug');
        expect((await s.dumpAll(dumpLinks)).length).toBe(ref.size);
      } finally {
        s.close();
      }
    });
  });

  kernelIt('5,000 getlink requests issued in one tick all succeed; the kernel drops nothing', async () => {
    await withNetns(async (ns) => {
      const ref = fixture(ns, 10);
      const s = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      try {
        const indexes = [...ref.values()];
        const all = await Promise.all(Array.from({ length: 5000 }, (_, i) => s.request(getlink(indexes[i % indexes.length]!))));
        expect(all.every((r, i) => r.length === 1 && parseLink(r[0]!).index === indexes[i % indexes.length])).toBe(true);
        expect(drops(ns, s.portId)).toBe(0);
        expect(s.stats).toMatchObject({ overruns: 0, resent: 0, lateReplies: 0 });
      } finally {
        s.close();
      }
    });
  });

  kernelIt('the same burst on a minimal receive buffer still all succeeds: the window shrinks to fit', async () => {
    await withNetns(async (ns) => {
      const ref = fixture(ns, 5);
      const s = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name, receiveBuffer: 16 * 1024 });
      try {
        const indexes = [...ref.values()];
        const all = await Promise.all(Array.from({ length: 5000 }, (_, i) => s.request(getlink(indexes[i % indexes.length]!))));
        expect(all.every((r) => r.length === 1)).toBe(true);
        expect(drops(ns, s.portId)).toBe(0);
      } finally {
        s.close();
      }
    });
  });

  kernelIt('overruns from a notification flood: lost gets are re-sent and succeed, every change settles', async () => {
    await withNetns(async (ns) => {
      const ref = fixture(ns, 5);
      const va0 = ref.get('va0')!;
      // A small buffer and a subscription: link notifications from another socket's changes
      // overrun it while this session has requests in flight.
      const s = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name, receiveBuffer: 32 * 1024 });
      const changer = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      const sub = s.subscribe([RTNLGRP_LINK]);
      let overrunsSeen = 0;
      const reader = (async () => {
        for (;;) {
          try {
            for await (const _ of sub) { /* keep reading */ }
            return;
          } catch (err) {
            if (!(err instanceof OverrunError)) throw err;
            overrunsSeen++;
          }
        }
      })();
      // MTU changes notify (alias changes do not): 1300 and 1400 in turn.
      const setMtu = (n: number) => {
        const b = ifinfomsg(va0);
        const mtu = new Uint8Array(4);
        new DataView(mtu.buffer).setUint32(0, 1300 + (n & 1) * 100, true);
        b.attr(IFLA_MTU, mtu);
        return { type: RTM_NEWLINK, body: b.finish() };
      };
      try {
        const indexes = [...ref.values()];
        let outcomeUnknown = 0;
        for (let round = 0; round < 5 && s.stats.overruns === 0; round++) {
          const flood = Promise.all(changer.requestBatch(Array.from({ length: 3000 }, (_, i) => setMtu(round * 3000 + i))));
          const gets = Array.from({ length: 3000 }, (_, i) => s.request(getlink(indexes[i % indexes.length]!)));
          const changes = Array.from({ length: 200 }, (_, i) => s.request(setMtu(-i)).then(() => 'ok', (e) => {
            if (e instanceof OutcomeUnknownError) return 'unknown';
            throw e;
          }));
          const answers = await Promise.all(gets);
          expect(answers.every((r, i) => r.length === 1 && parseLink(r[0]!).index === indexes[i % indexes.length])).toBe(true);
          outcomeUnknown += (await Promise.all(changes)).filter((x) => x === 'unknown').length;
          await flood;
        }
        expect(s.stats.overruns).toBeGreaterThan(0); // the scenario really happened
        expect(overrunsSeen).toBeGreaterThan(0);
        expect(s.stats.outcomeUnknown).toBe(outcomeUnknown);
        console.log(`overrun test: ${JSON.stringify(s.stats)}`);
        // The session still serves normally.
        expect(parseLink((await s.request(getlink(va0)))[0]!).name).toBe('va0');
      } finally {
        s.close();
        changer.close();
        await reader.catch(() => {});
      }
    });
  }, 120_000);
});
