import { describe, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { kernelIt, withNetns, sh } from '@nlkit/testkit';
import { NETLINK_ROUTE, NetlinkError, SessionClosedError, AbortError, Session, NLM_F_CREATE, NLM_F_EXCL } from '../core.js';
import { openSocketSync } from '@nlkit/native';
import { RTM_GETLINK, RTM_NEWLINK, ifinfomsg, newlinkBody, parseLink } from './helpers.js';

// ip -j reports flags as names; these are the IFF_* bits they stand for.
const IFF: Record<string, number> = {
  UP: 0x1, BROADCAST: 0x2, LOOPBACK: 0x8, POINTOPOINT: 0x10, NOARP: 0x80, PROMISC: 0x100,
  MULTICAST: 0x1000, LOWER_UP: 0x10000, DORMANT: 0x20000, ECHO: 0x40000, 'M-DOWN': 0,
};

describe('core session against the kernel', () => {
  kernelIt('a hand-built RTM_GETLINK dump matches `ip -j link` (ifindex, name, mtu, flags)', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'mtu', '1400', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'br0', 'type', 'bridge');
      ns.ip('link', 'set', 'va', 'up');
      ns.ip('link', 'set', 'br0', 'up');
      const session = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      try {
        const rows = [];
        for await (const m of session.dump({ type: RTM_GETLINK, body: ifinfomsg().finish() })) rows.push(parseLink(m));
        const ref = ns.ipJson<Array<{ ifindex: number; ifname: string; mtu: number; flags: string[] }>>('link', 'show');
        expect(rows.map((r) => r.name).sort()).toEqual(ref.map((r) => r.ifname).sort());
        for (const want of ref) {
          const got = rows.find((r) => r.name === want.ifname)!;
          expect(got.index).toBe(want.ifindex);
          expect(got.mtu).toBe(want.mtu);
          // Every flag ip names must be set in ifi_flags (ip adds LOWER_UP from operstate; it is in ifi_flags too).
          const mask = want.flags.reduce((n, f) => n | (IFF[f] ?? 0), 0);
          expect(got.flags & mask).toBe(mask);
          expect(want.flags.includes('UP')).toBe((got.flags & 1) === 1);
        }
        expect(rows.length).toBe(4); // lo, va, vb, br0
      } finally {
        session.close();
      }
    });
  });

  kernelIt('a socket opened into netns A sees A\'s links and not the host\'s', async () => {
    await withNetns(async (a) => {
      a.ip('link', 'add', 'only-in-a', 'type', 'veth', 'peer', 'name', 'only-in-a2');
      const inA = await Session.open({ protocol: NETLINK_ROUTE, netns: a.name });
      const host = await Session.open({ protocol: NETLINK_ROUTE });
      try {
        const names = async (s: Session) => {
          const out: string[] = [];
          for await (const m of s.dump({ type: RTM_GETLINK, body: ifinfomsg().finish() })) out.push(parseLink(m).name!);
          return out;
        };
        const aNames = await names(inA);
        const hostNames = await names(host);
        expect(aNames.sort()).toEqual(['lo', 'only-in-a', 'only-in-a2']);
        expect(hostNames).not.toContain('only-in-a');
        const hostRef = JSON.parse(sh('ip', ['-j', 'link', 'show'])).map((l: { ifname: string }) => l.ifname);
        expect(hostNames.sort()).toEqual(hostRef.sort());
      } finally {
        inA.close();
        host.close();
      }
    });
  });

  kernelIt('a bad RTM_NEWLINK rejects with the kernel\'s extack text, as `ip` prints it', async () => {
    await withNetns(async (ns) => {
      const session = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      try {
        const err = await session
          .request({ type: RTM_NEWLINK, flags: NLM_F_CREATE | NLM_F_EXCL, body: newlinkBody('bad0', 'no-such-kind') })
          .then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(NetlinkError);
        const ne = err as NetlinkError;
        expect(ne.code).toBe('EOPNOTSUPP');
        let ipText = '';
        try {
          ns.ip('link', 'add', 'bad0', 'type', 'no-such-kind');
        } catch (e) {
          ipText = (e as Error).message;
        }
        // ip prints "Error: <extack message>." for the same request.
        expect(ne.extack.message).toBeTruthy();
        expect(ipText).toContain(`Error: ${ne.extack.message}`);
        expect(ne.message).toContain(ne.extack.message!);
      } finally {
        session.close();
      }
    });
  });

  kernelIt('200 concurrent requests and a running dump on one socket all resolve correctly', async () => {
    await withNetns(async (ns) => {
      for (let i = 0; i < 20; i++) ns.ip('link', 'add', `v${i}a`, 'type', 'veth', 'peer', 'name', `v${i}b`);
      const ref = ns.ipJson<Array<{ ifindex: number; ifname: string }>>('link', 'show');
      const session = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      try {
        const dump = (async () => {
          const out: string[] = [];
          for await (const m of session.dump({ type: RTM_GETLINK, body: ifinfomsg().finish() })) out.push(parseLink(m).name!);
          return out;
        })();
        const gets = Array.from({ length: 200 }, (_, i) => {
          const want = ref[i % ref.length]!;
          return session.request({ type: RTM_GETLINK, body: ifinfomsg(want.ifindex).finish() }).then((r) => ({ want, got: parseLink(r[0]!) }));
        });
        const results = await Promise.all(gets);
        for (const { want, got } of results) {
          expect(got.index).toBe(want.ifindex);
          expect(got.name).toBe(want.ifname);
        }
        expect((await dump).sort()).toEqual(ref.map((r) => r.ifname).sort());
      } finally {
        session.close();
      }
    });
  });

  kernelIt('after subscribing to RTNLGRP_LINK, a veth created with ip yields its RTM_NEWLINK', async () => {
    await withNetns(async (ns) => {
      const session = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      try {
        const sub = session.subscribe([1]);
        ns.ip('link', 'add', 'note0', 'type', 'veth', 'peer', 'name', 'note1');
        const seen = new Set<string>();
        for await (const { message, sender } of sub) {
          expect(sender).toBe(0);
          if (message.type === RTM_NEWLINK) seen.add(parseLink(message).name!);
          if (seen.has('note0') && seen.has('note1')) break;
        }
        const ref = ns.ipJson<Array<{ ifname: string }>>('link', 'show', 'note0');
        expect(ref[0]!.ifname).toBe('note0');
      } finally {
        session.close();
      }
    });
  });

  kernelIt('an aborted dump stops and frees its sequence number; close() rejects pending calls', async () => {
    await withNetns(async (ns) => {
      for (let i = 0; i < 30; i++) ns.ip('link', 'add', `a${i}`, 'type', 'veth', 'peer', 'name', `b${i}`);
      const session = await Session.open({ protocol: NETLINK_ROUTE, netns: ns.name });
      const ac = new AbortController();
      let n = 0;
      const err = await (async () => {
        try {
          for await (const _m of session.dump({ type: RTM_GETLINK, body: ifinfomsg().finish() }, { signal: ac.signal })) {
            if (++n === 3) ac.abort(new Error('enough'));
          }
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AbortError);
      expect(n).toBeLessThan(61);
      // The session still works after the abort: the freed seq does not confuse later calls.
      const again = await session.request({ type: RTM_GETLINK, body: ifinfomsg(1).finish() });
      expect(parseLink(again[0]!).name).toBe('lo');
      const pending = session.request({ type: RTM_GETLINK, body: ifinfomsg(1).finish() });
      const pendingDump = session.dump({ type: RTM_GETLINK, body: ifinfomsg().finish() });
      session.close();
      await expect(pending).rejects.toBeInstanceOf(SessionClosedError);
      await expect(pendingDump.next()).rejects.toBeInstanceOf(SessionClosedError);
      await expect(session.request({ type: RTM_GETLINK })).rejects.toBeInstanceOf(SessionClosedError);
    });
  });

  kernelIt('opening and closing 10,000 sockets leaves the open fd count unchanged', async () => {
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 10_000; i++) {
      const s = openSocketSync(NETLINK_ROUTE);
      s.bind(0, 0);
      s.close();
      s.close(); // idempotent
    }
    for (let i = 0; i < 200; i++) (await Session.open({ protocol: NETLINK_ROUTE })).close();
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});
