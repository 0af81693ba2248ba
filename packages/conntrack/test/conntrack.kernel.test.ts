import { describe, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { kernelIt, waitFor, withNetns, type Netns } from '@nlkit/testkit';
import { ConntrackClient, eventKind, type ConntrackNotification, type GetctDumpReply } from '../src/index.js';

/** The entry a conntrack (not expectation) event carries. */
const entryOf = (n: ConntrackNotification) => n.value as GetctDumpReply;

const AF_INET = 2;
const AF_INET6 = 10;

interface XmlFlow {
  orig: { src: string; dst: string; proto: number; sport?: number; dport?: number };
  reply: { src: string; dst: string; proto: number; sport?: number; dport?: number };
  state?: string;
  mark: number;
  zone?: number;
  id: number;
  assured: boolean;
  unreplied: boolean;
}

/** `conntrack -L -o xml` (or another listing command), parsed. */
function conntrackXml(ns: Netns, ...args: string[]): XmlFlow[] {
  const xml = ns.exec('conntrack', '-L', ...args, '-o', 'xml');
  const tag = (s: string, t: string) => s.match(new RegExp(`<${t}>([^<]*)</${t}>`))?.[1];
  const dir = (s: string) => {
    const l4 = s.match(/<layer4 protonum="(\d+)"/)!;
    const sport = tag(s, 'sport');
    const dport = tag(s, 'dport');
    return { src: tag(s, 'src')!, dst: tag(s, 'dst')!, proto: Number(l4[1]), ...(sport ? { sport: Number(sport) } : {}), ...(dport ? { dport: Number(dport) } : {}) };
  };
  return [...xml.matchAll(/<flow>(.*?)<\/flow>/g)].map(([, f]) => {
    const orig = f!.match(/<meta direction="original">(.*?)<\/meta>/)![1]!;
    const reply = f!.match(/<meta direction="reply">(.*?)<\/meta>/)![1]!;
    const ind = f!.match(/<meta direction="independent">(.*?)<\/meta>/)![1]!;
    const zone = tag(ind, 'zone');
    return {
      orig: dir(orig), reply: dir(reply), state: tag(ind, 'state'), mark: Number(tag(ind, 'mark') ?? 0),
      ...(zone ? { zone: Number(zone) } : {}), id: Number(tag(ind, 'id')),
      assured: ind.includes('<assured/>'), unreplied: ind.includes('<unreplied/>'),
    };
  });
}

const PROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 };

/** An nlkit entry in the shape of conntrackXml's. */
function asXml(e: GetctDumpReply): XmlFlow {
  const dir = (t: NonNullable<GetctDumpReply['tupleOrig']>) => {
    const num = typeof t.proto!.num === 'number' ? t.proto!.num : PROTO[t.proto!.num!]!;
    const ports = t.proto!.srcPort !== undefined ? { sport: t.proto!.srcPort, dport: t.proto!.dstPort } : {};
    return { src: (t.ip!.v4Src ?? t.ip!.v6Src)!, dst: (t.ip!.v4Dst ?? t.ip!.v6Dst)!, proto: num, ...ports };
  };
  const state = e.protoinfo?.tcp?.state;
  return {
    orig: dir(e.tupleOrig!), reply: dir(e.tupleReply!), state: typeof state === 'string' ? state.toUpperCase().replace('-', '_') : undefined,
    mark: e.mark ?? 0, ...(e.zone ? { zone: e.zone } : {}), id: e.id!,
    assured: !!e.status?.includes('assured'), unreplied: !e.status?.includes('seen-reply'),
  };
}

async function dump(ct: ConntrackClient, request: Parameters<ConntrackClient['getctDump']>[0] = { header: { nfgenFamily: 0 } }): Promise<GetctDumpReply[]> {
  const out: GetctDumpReply[] = [];
  for await (const e of ct.getctDump(request)) out.push(e);
  return out;
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

function insertFixtures(ns: Netns): void {
  ns.exec('conntrack', '-I', '-p', 'tcp', '-s', '192.0.2.1', '-d', '192.0.2.2', '--sport', '40000', '--dport', '443', '--state', 'ESTABLISHED', '-t', '300', '-u', 'ASSURED,SEEN_REPLY', '--mark', '42');
  ns.exec('conntrack', '-I', '-p', 'udp', '-s', '192.0.2.3', '-d', '192.0.2.4', '--sport', '53', '--dport', '5353', '-t', '120', '-w', '7');
  ns.exec('conntrack', '-I', '-p', 'tcp', '-s', '2001:db8::1', '-d', '2001:db8::2', '--sport', '50000', '--dport', '22', '--state', 'SYN_SENT', '-t', '60', '--mark', '42');
  ns.exec('conntrack', '-I', '-p', 'icmp', '-s', '192.0.2.5', '-d', '192.0.2.6', '--icmp-type', '8', '--icmp-code', '0', '--icmp-id', '77', '-t', '30');
}

describe('conntrack against the kernel (checked with conntrack -L)', () => {
  kernelIt('dumps entries made with conntrack -I as conntrack -L -o xml shows them, with kernel-side filters', async () => {
    await withNetns(async (ns) => {
      insertFixtures(ns);
      const ct = await ConntrackClient.open({ netns: ns.name });
      try {
        const all = await dump(ct);
        expect(all).toHaveLength(4);
        const ref = conntrackXml(ns).sort(byId);
        expect(all.map(asXml).sort(byId).map(({ state, ...x }) => ({ ...x, state: x.orig.proto === 6 ? state : undefined })))
          .toEqual(ref.map(({ state, ...x }) => ({ ...x, state: x.orig.proto === 6 ? state : undefined })));
        const icmp = all.find((e) => e.tupleOrig?.proto?.num === 'icmp')!;
        expect(icmp.tupleOrig!.proto).toEqual({ num: 'icmp', icmpId: 77, icmpType: 8, icmpCode: 0 });
        expect(icmp.timeout).toBeLessThanOrEqual(30);

        // Kernel-side filters, each checked against conntrack's own filter.
        const ids = (list: Array<{ id?: number }>) => list.map((e) => e.id).sort();
        expect(ids(await dump(ct, { header: { nfgenFamily: 0 }, mark: 42, markMask: 0xffffffff })))
          .toEqual(ids(conntrackXml(ns, '--mark', '42')));
        expect(ids(await dump(ct, { header: { nfgenFamily: AF_INET }, mark: 42, markMask: 0xffffffff }))).toHaveLength(1);
        expect(ids(await dump(ct, { header: { nfgenFamily: AF_INET6 } }))).toEqual(ids(conntrackXml(ns, '-f', 'ipv6')));
        expect(ids(await dump(ct, { header: { nfgenFamily: 0 }, zone: 7 }))).toEqual(ids(conntrackXml(ns, '--zone', '7')));
        expect(ids(await dump(ct, { header: { nfgenFamily: 0 }, status: ['assured'], statusMask: ['assured'] })))
          .toEqual(ids(conntrackXml(ns, '--status', 'ASSURED')));
        expect(await dump(ct, { header: { nfgenFamily: 0 }, zone: 7 })).toHaveLength(1);
        // Tuple filters (CTA_FILTER): source address, and layer 4 protocol.
        expect(ids(await dump(ct, { header: { nfgenFamily: AF_INET }, tupleOrig: { ip: { v4Src: '192.0.2.1' } }, filter: { origFlags: ['ip-src'] } })))
          .toEqual(ids(conntrackXml(ns, '-s', '192.0.2.1')));
        const tcp4 = await dump(ct, { header: { nfgenFamily: AF_INET }, tupleOrig: { proto: { num: 'tcp' } }, filter: { origFlags: ['proto-num'] } });
        expect(ids(tcp4)).toEqual(ids(conntrackXml(ns, '-f', 'ipv4', '-p', 'tcp')));
        expect(tcp4).toHaveLength(1);

        const stats = await ct.getctStats({ header: { nfgenFamily: 0 } });
        expect(stats.entries).toBe(Number(ns.exec('conntrack', '-C').trim()));
        expect(stats.maxEntries).toBeGreaterThan(0);
        let cpus = 0;
        for await (const s of ct.getctStatsCpuDump({ header: { nfgenFamily: 0 } })) {
          expect(s.header.resId).toBe(cpus++);
          expect(typeof s.insert).toBe('number');
        }
        expect(cpus).toBeGreaterThan(0);
      } finally {
        ct.close();
      }
    });
  });

  kernelIt('creates, gets, updates, deletes and flushes entries; conntrack -L agrees', async () => {
    await withNetns(async (ns) => {
      const ct = await ConntrackClient.open({ netns: ns.name });
      try {
        const orig = { ip: { v4Src: '198.51.100.1', v4Dst: '198.51.100.2' }, proto: { num: 'tcp' as const, srcPort: 41000, dstPort: 80 } };
        const reply = { ip: { v4Src: '198.51.100.2', v4Dst: '198.51.100.1' }, proto: { num: 'tcp' as const, srcPort: 80, dstPort: 41000 } };
        await ct.newct({
          header: { nfgenFamily: AF_INET }, tupleOrig: orig, tupleReply: reply, timeout: 200, mark: 5,
          status: ['seen-reply', 'assured', 'confirmed'], protoinfo: { tcp: { state: 'established' } },
        }, { flags: ['create', 'excl'] });
        let ref = conntrackXml(ns);
        expect(ref).toHaveLength(1);
        expect(ref[0]).toMatchObject({ orig: { src: '198.51.100.1', dport: 80 }, state: 'ESTABLISHED', mark: 5, assured: true, unreplied: false });

        const got = await ct.getct({ header: { nfgenFamily: AF_INET }, tupleOrig: orig });
        expect(asXml(got)).toEqual(ref[0]);

        await ct.newct({ header: { nfgenFamily: AF_INET }, tupleOrig: orig, mark: 9 });
        expect(conntrackXml(ns)[0]!.mark).toBe(9);

        // An existing entry with create+excl: EEXIST.
        await expect(ct.newct({ header: { nfgenFamily: AF_INET }, tupleOrig: orig, tupleReply: reply, timeout: 10 }, { flags: ['create', 'excl'] }))
          .rejects.toMatchObject({ code: 'EEXIST' });

        await ct.delct({ header: { nfgenFamily: AF_INET }, tupleOrig: orig });
        expect(conntrackXml(ns)).toEqual([]);
        await expect(ct.getct({ header: { nfgenFamily: AF_INET }, tupleOrig: orig })).rejects.toMatchObject({ code: 'ENOENT' });

        insertFixtures(ns);
        // Flush with a mark filter removes only the marked entries; a plain flush the rest.
        await ct.delct({ header: { nfgenFamily: 0 }, mark: 42, markMask: 0xffffffff });
        ref = conntrackXml(ns);
        expect(ref.map((f) => f.mark)).toEqual([0, 0]);
        await ct.delct({ header: { nfgenFamily: 0 } });
        expect(conntrackXml(ns)).toEqual([]);
      } finally {
        ct.close();
      }
    });
  });

  kernelIt('real traffic between two namespaces: ping, UDP and TCP entries as conntrack -L shows them, and their events', async () => {
    await withNetns(async (a) => {
      await withNetns(async (b) => {
        a.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', b.name);
        a.ip('addr', 'add', '10.77.0.1/24', 'dev', 'va');
        b.ip('addr', 'add', '10.77.0.2/24', 'dev', 'vb');
        a.ip('link', 'set', 'va', 'up');
        b.ip('link', 'set', 'vb', 'up');
        // Conntrack runs in a namespace once a rule needs it; accounting gives packet counters.
        b.exec('nft', 'add table ip t; add chain ip t c { type filter hook input priority 0; }; add rule ip t c ct state new counter');
        b.exec('sh', '-c', 'echo 1 > /proc/sys/net/netfilter/nf_conntrack_acct');
        const server = spawn('ip', ['netns', 'exec', b.name, 'nc', '-l', '-p', '8080'], { stdio: 'ignore' });
        const ct = await ConntrackClient.open({ netns: b.name });
        try {
          // Events for the same traffic: a new entry per flow, then updates as replies come.
          const seen: ConntrackNotification[] = [];
          const events = ct.notifications(['conntrack-new', 'conntrack-update']);
          const reader = (async () => { for await (const n of events) seen.push(n); })().catch(() => {});
          await new Promise((r) => setTimeout(r, 50));
          a.exec('ping', '-c', '1', '-W', '2', '10.77.0.2');
          a.exec('bash', '-c', 'echo hi > /dev/udp/10.77.0.2/9999');
          await waitFor(() => { try { a.exec('nc', '-z', '-w', '2', '10.77.0.2', '8080'); return true; } catch { return undefined; } }, 5000, 'nc listener');
          const created = () => seen.filter((n) => eventKind(n) === 'new').map((n) => entryOf(n).tupleOrig?.proto?.num).sort();
          await waitFor(() => (created().length >= 3 ? true : undefined), 5000, 'new events for icmp, tcp and udp');
          expect(created()).toEqual(['icmp', 'tcp', 'udp']);
          expect(seen.some((n) => eventKind(n) === 'update' && entryOf(n).tupleOrig?.proto?.num === 'tcp')).toBe(true);
          await events.return?.();
          await reader;
          const ours = await dump(ct, { header: { nfgenFamily: AF_INET } });
          const protos = ours.map((e) => e.tupleOrig?.proto?.num).sort();
          expect(protos).toEqual(['icmp', 'tcp', 'udp']);
          const ref = conntrackXml(b).sort(byId);
          expect(ours.map(asXml).sort(byId).map(({ state, ...x }) => x)).toEqual(ref.map(({ state, ...x }) => x));
          const tcp = ours.find((e) => e.tupleOrig?.proto?.num === 'tcp')!;
          expect(tcp.tupleOrig!.ip).toEqual({ v4Src: '10.77.0.1', v4Dst: '10.77.0.2' });
          expect(tcp.tupleOrig!.proto!.dstPort).toBe(8080);
          expect(tcp.status).toContain('seen-reply');
          const icmp = ours.find((e) => e.tupleOrig?.proto?.num === 'icmp')!;
          expect(icmp.tupleOrig!.proto!.icmpType).toBe(8);
          expect(icmp.tupleReply!.proto!.icmpType).toBe(0);
          expect(icmp.countersOrig?.packets).toBe(1n);
          expect(icmp.countersReply?.packets).toBe(1n);

          // getct-ctrzero returns the counters and zeroes them, as conntrack -L -z does.
          const zeroed = [];
          for await (const e of ct.getctCtrzeroDump({ header: { nfgenFamily: AF_INET } })) zeroed.push(e);
          expect(zeroed.find((e) => e.tupleOrig?.proto?.num === 'icmp')!.countersOrig?.packets).toBe(1n);
          const after = await dump(ct, { header: { nfgenFamily: AF_INET } });
          expect(after.every((e) => e.countersOrig?.packets === 0n && e.countersReply?.packets === 0n)).toBe(true);
          expect(b.exec('conntrack', '-L', '-p', 'icmp')).toContain('packets=0 bytes=0');
        } finally {
          ct.close();
          server.kill();
        }
      });
    });
  });

  kernelIt('events: new, update and destroy arrive typed for conntrack -I, -U and -D', async () => {
    await withNetns(async (ns) => {
      const ct = await ConntrackClient.open({ netns: ns.name });
      try {
        const seen: ConntrackNotification[] = [];
        const events = ct.notifications(['conntrack-new', 'conntrack-update', 'conntrack-destroy']);
        const reader = (async () => { for await (const n of events) { seen.push(n); if (n.name === 'delct-ntf') break; } })();
        await new Promise((r) => setTimeout(r, 50));
        ns.exec('conntrack', '-I', '-p', 'udp', '-s', '203.0.113.1', '-d', '203.0.113.2', '--sport', '1000', '--dport', '2000', '-t', '100');
        ns.exec('conntrack', '-U', '-p', 'udp', '-s', '203.0.113.1', '-d', '203.0.113.2', '--sport', '1000', '--dport', '2000', '--mark', '77');
        ns.exec('conntrack', '-D', '-p', 'udp', '-s', '203.0.113.1');
        await waitFor(() => (seen.some((n) => n.name === 'delct-ntf') ? true : undefined), 5000, 'destroy event');
        await reader;
        expect(seen.map(eventKind)).toEqual(['new', 'update', 'destroy']);
        for (const n of seen) expect(entryOf(n).tupleOrig?.ip).toEqual({ v4Src: '203.0.113.1', v4Dst: '203.0.113.2' });
        expect(entryOf(seen[1]!).mark).toBe(77);
      } finally {
        ct.close();
      }
    });
  });

  kernelIt('expectations: create one on a helper-assisted master, list it as conntrack -L expect does, delete it', async () => {
    await withNetns(async (ns) => {
      const ct = await ConntrackClient.open({ netns: ns.name });
      try {
        // Listen first: with nf_conntrack_events=2 (the default) a master made while nobody
        // listens gets no event cache, and its expectations then raise no events.
        const events = ct.notifications(['conntrack-exp-new', 'conntrack-exp-destroy']);
        const first = events.next();
        await new Promise((r) => setTimeout(r, 50));
        const master = { ip: { v4Src: '10.0.0.1', v4Dst: '10.0.0.2' }, proto: { num: 'tcp' as const, srcPort: 40500, dstPort: 21 } };
        await ct.newct({
          header: { nfgenFamily: AF_INET }, tupleOrig: master,
          tupleReply: { ip: { v4Src: '10.0.0.2', v4Dst: '10.0.0.1' }, proto: { num: 'tcp', srcPort: 21, dstPort: 40500 } },
          timeout: 300, status: ['seen-reply', 'assured', 'confirmed'], protoinfo: { tcp: { state: 'established' } }, help: { name: 'ftp' },
        }, { flags: ['create', 'excl'] });
        const tuple = { ip: { v4Src: '10.0.0.2', v4Dst: '10.0.0.1' }, proto: { num: 'tcp' as const, srcPort: 0, dstPort: 5000 } };
        await ct.newexp({
          header: { nfgenFamily: AF_INET }, master, tuple, timeout: 60, helpName: 'ftp',
          mask: { ip: { v4Src: '255.255.255.255', v4Dst: '255.255.255.255' }, proto: { num: 'tcp', srcPort: 0, dstPort: 0xffff } },
        }, { flags: ['create', 'excl'] });
        const n = (await first).value as ConntrackNotification;
        expect(eventKind(n)).toBe('expect-new');
        const list = [];
        for await (const e of ct.getexpDump({ header: { nfgenFamily: AF_INET } })) list.push(e);
        expect(list).toHaveLength(1);
        const ref = ns.exec('conntrack', '-L', 'expect');
        expect(ref).toContain(`src=${list[0]!.tuple!.ip!.v4Src} dst=${list[0]!.tuple!.ip!.v4Dst} sport=0 dport=${list[0]!.tuple!.proto!.dstPort}`);
        expect(ref).toContain(`master-src=10.0.0.1 master-dst=10.0.0.2 sport=40500 dport=21`);
        expect(ref).toContain(`helper=${list[0]!.helpName}`);
        expect(list[0]!.master).toEqual(master);
        let created = 0;
        for await (const st of ct.getexpStatsCpuDump({ header: { nfgenFamily: 0 } })) created += st.create ?? 0;
        expect(created).toBeGreaterThanOrEqual(1);
        await ct.delexp({ header: { nfgenFamily: AF_INET }, tuple });
        expect(eventKind((await events.next()).value as ConntrackNotification)).toBe('expect-destroy');
        expect(ns.exec('conntrack', '-L', 'expect').trim()).toBe('');
        await events.return?.();
      } finally {
        ct.close();
      }
    });
  });
});
