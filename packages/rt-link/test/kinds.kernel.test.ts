/**
 * Every link kind this kernel can create, made through the typed client with non-default
 * options, dumped, and held against `ip -j -d link show` key by key. Nothing may decode to
 * `$unknown`, `$tail` or raw bytes, except the attributes the uapi gives no structure
 * (listed in RAW_OK).
 */
import { describe, expect } from 'vitest';
import { kernelIt, withNetns, type Netns } from '@nlkit/testkit';
import { NetlinkError } from '@nlkit/core';
import { RtLinkClient, type GetstatsDumpReply } from '../src/index.js';
import { bridgeId, compareWithIp, rawPaths } from './compare.js';

interface IpLink {
  ifindex: number;
  ifname: string;
  link_type: string;
  operstate: string;
  linkmode: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string; info_slave_data?: Record<string, unknown> };
}

type Link = NonNullable<Awaited<ReturnType<RtLinkClient['getlink']>>>;

/** Attributes whose payload the uapi does not structure (struct vxlanhdr is kernel-internal). */
const RAW_OK = [/\.linkinfo\.data\.reservedBits$/];

const create = { flags: ['create', 'excl'] as Array<'create' | 'excl'> };

async function dump(link: RtLinkClient): Promise<Map<string, Link>> {
  const out = new Map<string, Link>();
  for await (const l of link.getlinkDump({})) out.set(l.ifname!, l);
  return out;
}

function ipLink(ns: Netns, name: string): IpLink {
  return ns.ipJson<IpLink[]>('-d', 'link', 'show', 'dev', name)[0]!;
}

/** Centiseconds (clock_t) as iproute2's seconds. */
const seconds = (v: unknown) => Number(v) / 100;
const big = (v: unknown) => Number(v);
const hex = (v: unknown) => `0x${(v as number).toString(16)}`;
/** iproute2 prints the bridge (port) multicast router type as its number. */
const mcastRouter = (v: unknown) => ({ disabled: 0, 'temp-query': 1, perm: 2, temp: 3 })[v as string] ?? v;
const boolopt = (name: string) => (_v: unknown, all: Record<string, unknown>) => (all.multiBoolopt as { optval: string[] }).optval.includes(name) ? 1 : 0;

describe('rt-link: link kinds against ip -j -d link show', () => {
  kernelIt('veth, bridge + bridge port, macvlan (source, several MACs), macvtap, vxlan (v4, v6, external), ifb and tap decode as ip shows them', async () => {
    await withNetns(async (ns) => {
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        await link.newlink({ ifname: 'va', linkinfo: { kind: 'veth', data: { peer: { header: {}, ifname: 'vb', mtu: 1400, txqlen: 77 } } } }, create);
        await link.newlink(
          {
            ifname: 'br0',
            linkinfo: {
              kind: 'bridge',
              data: {
                forwardDelay: 400, helloTime: 300, maxAge: 1500, ageingTime: 12345, priority: 4096, groupFwdMask: 8,
                mcastSnooping: 0, mcastRouter: 'perm', mcastIgmpVersion: 3, mcastMldVersion: 2, mcastLastMemberCnt: 3,
                mcastStartupQueryCnt: 4, mcastHashMax: 1024, mcastQueryIntvl: 9000n, mcastStatsEnabled: 1,
                nfCallIptables: 1, nfCallArptables: 1, groupAddr: '01:80:c2:00:00:0e',
                multiBoolopt: { optval: ['no-ll-learn'], optmask: ['no-ll-learn'] }, fdbMaxLearned: 100,
              },
            },
          },
          create,
        );
        const all = await dump(link);
        const brIndex = all.get('br0')!.header.ifiIndex;
        const vbIndex = all.get('vb')!.header.ifiIndex;
        await link.setlink({ header: { ifiIndex: all.get('va')!.header.ifiIndex }, master: brIndex });
        // Port options go in IFLA_INFO_SLAVE_DATA of an RTM_NEWLINK on the existing port.
        await link.newlink({
          header: { ifiIndex: all.get('va')!.header.ifiIndex },
          linkinfo: {
            slaveKind: 'bridge',
            slaveData: {
              cost: 7, priority: 3, mode: 1, guard: 1, protect: 1, fastLeave: 1, learning: 0, unicastFlood: 0, mcastFlood: 0,
              bcastFlood: 0, proxyarp: 1, isolated: 1, neighSuppress: 1, mcastToUcast: 1, groupFwdMask: 8, multicastRouter: 'disabled',
            },
          },
        });
        await link.newlink(
          {
            ifname: 'mv0', link: vbIndex,
            linkinfo: { kind: 'macvlan', data: { mode: 'source', macaddrMode: 'set', macaddrData: { macaddr: ['02:00:00:00:00:01', '02:00:00:00:00:02', '02:00:00:00:00:03'] }, bcQueueLen: 500 } },
          },
          create,
        );
        await link.newlink({ ifname: 'mvt0', link: vbIndex, linkinfo: { kind: 'macvtap', data: { mode: 'vepa' } } }, create);
        await link.newlink(
          {
            ifname: 'vx4', link: vbIndex,
            linkinfo: {
              kind: 'vxlan',
              data: {
                id: 4242, local: '10.0.0.1', group: '10.0.0.2', port: 4790, portRange: { low: 5000, high: 6000 }, ttl: 10, tos: 16,
                learning: 0, ageing: 600, limit: 100, proxy: 1, rsc: 1, l2miss: 1, l3miss: 1, udpCsum: 0, gbp: true, df: 'set',
              },
            },
          },
          create,
        );
        await link.newlink(
          {
            ifname: 'vx6',
            linkinfo: { kind: 'vxlan', data: { id: 6, local6: '2001:db8::1', group6: '2001:db8::2', label: 5, udpZeroCsum6Tx: 1, udpZeroCsum6Rx: 1, port: 4789 } },
          },
          create,
        );
        await link.newlink({ ifname: 'vxe', linkinfo: { kind: 'vxlan', data: { collectMetadata: 1, port: 4791, localbypass: 0 } } }, create);
        await link.newlink({ ifname: 'ifb0', linkinfo: { kind: 'ifb' } }, create);
        // tun/tap links cannot be made over rtnetlink (the kernel refuses); ip makes this one.
        ns.exec('ip', 'tuntap', 'add', 'tp0', 'mode', 'tap', 'multi_queue', 'vnet_hdr', 'user', '1234', 'group', '99');

        const links = await dump(link);
        const names = ['va', 'vb', 'br0', 'mv0', 'mvt0', 'vx4', 'vx6', 'vxe', 'ifb0', 'tp0'];
        expect([...links.keys()].sort()).toEqual([...names, 'lo'].sort());
        let compared = 0;
        for (const name of names) {
          const ours = links.get(name)!;
          const ip = ipLink(ns, name);
          // Nothing left undecoded anywhere in the message.
          expect(rawPaths(ours).filter((p) => !RAW_OK.some((re) => re.test(p))), `${name}: raw or unknown`).toEqual([]);
          expect(ours.header.ifiFamily).toBe('unspec');
          expect(ours.header.ifiType).toBe(ip.link_type);
          expect(String(ours.operstate).toUpperCase()).toBe(ip.operstate);
          expect(String(ours.linkmode).toUpperCase()).toBe(ip.linkmode);
          expect(ours.linkinfo?.kind).toBe(ip.linkinfo?.info_kind);
          const data = (ours.linkinfo?.data ?? {}) as Record<string, unknown>;
          compared += compareWithIp(`${name} data`, ip.linkinfo?.info_data ?? {}, data, MAPS[ours.linkinfo!.kind!]);
          if (ip.linkinfo?.info_slave_data) {
            expect(ours.linkinfo?.slaveKind).toBe(ip.linkinfo.info_slave_kind);
            compared += compareWithIp(`${name} slave data`, ip.linkinfo.info_slave_data, ours.linkinfo!.slaveData as Record<string, unknown>, BRPORT);
          }
        }
        // The options set above came back: the comparison saw every one of them.
        const br = links.get('br0')!.linkinfo!.data as Record<string, unknown>;
        expect(br).toMatchObject({ forwardDelay: 400, priority: 4096, mcastRouter: 'perm', fdbMaxLearned: 100, multiBoolopt: { optval: ['no-ll-learn'] } });
        expect(links.get('va')!.linkinfo!.slaveData).toMatchObject({ cost: 7, mode: 1, isolated: 1, multicastRouter: 'disabled', unicastFlood: 0 });
        expect(links.get('mv0')!.linkinfo!.data).toMatchObject({ mode: 'source', macaddrCount: 3 });
        expect(((links.get('mv0')!.linkinfo!.data as { macaddrData: { macaddr: string[] } }).macaddrData.macaddr).sort()).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02', '02:00:00:00:00:03']);
        expect(links.get('vx4')!.linkinfo!.data).toMatchObject({ id: 4242, portRange: { low: 5000, high: 6000 }, df: 'set', gbp: true });
        expect(links.get('vb')).toMatchObject({ mtu: 1400, txqlen: 77 });
        expect(compared).toBeGreaterThan(120);
      } finally {
        link.close();
      }
    });
  });
});

const flag = (v: unknown) => v === true;

/** How iproute2 names and prints each kind's data, where it differs from the attribute names. */
const MAPS: Record<string, Parameters<typeof compareWithIp>[3]> = {
  bridge: {
    rename: { no_linklocal_learn: 'multiBoolopt', mcast_vlan_snooping: 'multiBoolopt', mst_enabled: 'multiBoolopt' },
    convert: {
      root_id: bridgeId,
      bridge_id: bridgeId,
      group_fwd_mask: hex,
      mcast_router: mcastRouter,
      no_linklocal_learn: boolopt('no-ll-learn'),
      mcast_vlan_snooping: boolopt('mcast-vlan-snooping'),
      mst_enabled: boolopt('mst-enable'),
      mcast_last_member_intvl: big, mcast_membership_intvl: big, mcast_querier_intvl: big, mcast_query_intvl: big,
      mcast_query_response_intvl: big, mcast_startup_query_intvl: big,
    },
    // iproute2 prints the running timers in seconds; the kernel sends centiseconds (USER_HZ).
    near: Object.fromEntries(
      ['hello_timer', 'tcn_timer', 'topology_change_timer', 'gc_timer'].map((k) => [k, seconds]),
    ),
    derived: { group_fwd_mask_str: 'group-fwd-mask as text' },
  },
  macvlan: {
    rename: { bcqueuelen: 'bcQueueLen', usedbcqueuelen: 'bcQueueLenUsed', macaddr_data: 'macaddrData', nopromisc: 'flags', nodst: 'flags' },
    convert: {
      macaddr_data: (v) => (v as { macaddr: string[] }).macaddr,
      nopromisc: (v) => (v as string[]).includes('nopromisc'),
      nodst: (v) => (v as string[]).includes('nodst'),
    },
  },
  vxlan: {
    rename: { remote: 'group', remote6: 'group6', ageing: 'ageing', port: 'port', external: 'collectMetadata', udp_csum: 'udpCsum', udp_zero_csum6_tx: 'udpZeroCsum6Tx', udp_zero_csum6_rx: 'udpZeroCsum6Rx', remcsum_tx: 'remcsumTx', remcsum_rx: 'remcsumRx', limit: 'limit', link: 'link', vnifilter: 'vnifilter' },
    convert: {
      port_range: (v) => v,
      tos: hex,
      label: hex,
      gbp: flag, gpe: flag, remcsum_nopartial: flag,
    },
  },
  tun: { rename: { numqueues: 'numQueues', numdisabled: 'numDisabledQueues', user: 'owner' } },
};
MAPS.macvtap = MAPS.macvlan;

const BRPORT: Parameters<typeof compareWithIp>[3] = {
  rename: { hairpin: 'mode', root_block: 'protect', fastleave: 'fastLeave', flood: 'unicastFlood', mcast_to_unicast: 'mcastToUcast', proxy_arp: 'proxyarp', proxy_arp_wifi: 'proxyarpWifi', mcast_router: 'multicastRouter', no: 'no' },
  convert: {
    root_id: bridgeId,
    bridge_id: bridgeId,
    group_fwd_mask: hex,
    // iproute2 prints the port number and id in hex.
    no: (v) => `0x${(v as number).toString(16)}`,
    id: (v) => `0x${(v as number).toString(16)}`,
    mcast_router: mcastRouter,
    multicast_router: mcastRouter,
  },
  near: { hold_timer: seconds, message_age_timer: seconds, forward_delay_timer: seconds },
  derived: { group_fwd_mask_str: 'group-fwd-mask as text' },
};

/** sysctl names of devconf members, where the uapi enum spells them differently. */
const V4_SYSCTL: Record<string, string> = { arpfilter: 'arp_filter', noxfrm: 'disable_xfrm', nopolicy: 'disable_policy', 'src-vmark': 'src_valid_mark' };
const V6_SYSCTL: Record<string, string> = {
  hoplimit: 'hop_limit', mtu6: 'mtu', 'rtr-solicits': 'router_solicitations', 'rtr-solicit-interval': 'router_solicitation_interval',
  'rtr-solicit-delay': 'router_solicitation_delay', 'rtr-probe-interval': 'router_probe_interval', 'rtr-solicit-max-interval': 'router_solicitation_max_interval',
};
/** Members the kernel reports in milliseconds and the sysctl shows in seconds. */
const V6_MS = new Set(['rtr-solicit-interval', 'rtr-solicit-delay', 'rtr-probe-interval', 'rtr-solicit-max-interval']);
const kebab = (s: string) => s.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);

describe('rt-link: af-spec devconf against /proc/sys', () => {
  kernelIt('inet and inet6 conf decode to named members equal to the sysctls of the same name; an AF_INET6 dump reads protinfo as IPv6 attributes', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      const set = (path: string, v: string) => ns.exec('sh', '-c', `echo ${v} > /proc/sys/net/${path}`);
      // Values no default has, so a member read from the wrong index shows.
      for (const [k, v] of Object.entries({ forwarding: 1, proxy_arp: 1, arp_announce: 2, arp_ignore: 3, log_martians: 1, accept_local: 1, route_localnet: 1, arp_notify: 1, rp_filter: 2, medium_id: 5, promote_secondaries: 1, drop_gratuitous_arp: 1, igmpv2_unsolicited_report_interval: 7777 })) {
        set(`ipv4/conf/va/${k}`, String(v));
      }
      for (const [k, v] of Object.entries({ hop_limit: 33, dad_transmits: 5, max_addresses: 7, accept_ra: 2, forwarding: 1, router_solicitations: 9, router_solicitation_delay: 2, use_tempaddr: 2, temp_valid_lft: 12345, keep_addr_on_down: 1, ndisc_tclass: 8, ra_defrtr_metric: 777, ioam6_id: 42, mtu: 1300 })) {
        set(`ipv6/conf/va/${k}`, String(v));
      }
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const va = (await link.getlink({ ifname: 'va' }))!;
        const spec = va.afSpec as { inet?: { conf?: Record<string, number> }; inet6?: { conf?: Record<string, number> } };
        // Every sysctl of va in one read: "path:value" lines (stable_secret is unreadable while unset).
        const sysctl = new Map(
          ns.exec('sh', '-c', 'grep -r . /proc/sys/net/ipv4/conf/va/ /proc/sys/net/ipv6/conf/va/ 2>/dev/null; true')
            .trim().split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as const),
        );
        const check = (fam: 'ipv4' | 'ipv6', conf: Record<string, number>, names: Record<string, string>) => {
          const problems: string[] = [];
          const noSysctl: string[] = [];
          for (const [key, got] of Object.entries(conf)) {
            const member = kebab(key);
            if (member === 'stable-secret') continue; // never exported over netlink (always 0)
            const text = sysctl.get(`/proc/sys/net/${fam}/conf/va/${names[member] ?? member.replace(/-/g, '_')}`);
            if (text === undefined) {
              noSysctl.push(member);
              continue;
            }
            const want = Number(text) * (fam === 'ipv6' && V6_MS.has(member) ? 1000 : 1);
            if (got !== want) problems.push(`${member}: sysctl ${text}, decoded ${got}`);
          }
          expect(problems, `${fam} conf differs from /proc/sys`).toEqual([]);
          return noSysctl;
        };
        expect(Object.keys(spec.inet!.conf!)).toHaveLength(33);
        expect(Object.keys(spec.inet6!.conf!)).toHaveLength(60);
        expect(spec.inet!.conf).toMatchObject({ forwarding: 1, arpAnnounce: 2, arpIgnore: 3, mediumId: 5, igmpv2UnsolicitedReportInterval: 7777, arpEvictNocarrier: 1 });
        expect(spec.inet6!.conf).toMatchObject({ hoplimit: 33, dadTransmits: 5, maxAddresses: 7, raDefrtrMetric: 777, ioam6Id: 42, mtu6: 1300 });
        // Every IPv4 member has its sysctl; the IPv6 ones without are behind kernel options this kernel lacks.
        expect(check('ipv4', spec.inet!.conf!, V4_SYSCTL)).toEqual([]);
        expect(check('ipv6', spec.inet6!.conf!, V6_SYSCTL)).toEqual(['mc-forwarding', 'seg6-require-hmac']);

        // An AF_INET6 dump carries the same IPv6 attributes in protinfo (chosen by ifi-family).
        ns.ip('link', 'set', 'va', 'addrgenmode', 'none');
        const v6: Link[] = [];
        for await (const l of link.getlinkDump({ header: { ifiFamily: 'inet6' } })) v6.push(l);
        const va6 = v6.find((l) => l.ifname === 'va')!;
        expect(va6.header.ifiFamily).toBe('inet6');
        expect(rawPaths(va6)).toEqual([]);
        const p6 = va6.protinfo as { conf: Record<string, number>; addrGenMode: string; cacheinfo: object; stats: bigint[] };
        expect(p6.conf).toEqual({ ...spec.inet6!.conf, addrGenMode: 1 });
        expect(p6.addrGenMode).toBe(ns.ipJson<Array<{ inet6_addr_gen_mode: string }>>('-d', 'link', 'show', 'dev', 'va')[0]!.inet6_addr_gen_mode);
        expect(p6.addrGenMode).toBe('none');
        // Element 0 of the MIB arrays is their length.
        expect(Number(p6.stats[0])).toBe(p6.stats.length);
      } finally {
        link.close();
      }
    });
  });
});

interface BridgeLink {
  ifindex: number;
  ifname: string;
  link?: string;
  flags: string[];
  mtu: number;
  master: string;
  [key: string]: unknown;
}

describe('rt-link: AF_BRIDGE messages against bridge -j', () => {
  kernelIt('port flags set with an AF_BRIDGE setlink (protinfo) and read back from an AF_BRIDGE dump equal bridge -j -d link show', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
      ns.ip('link', 'add', 'br0', 'type', 'bridge');
      for (const p of ['va', 'vc']) ns.ip('link', 'set', p, 'master', 'br0');
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const va = (await link.getlink({ ifname: 'va' }))!.header.ifiIndex;
        // What `bridge link set` sends: RTM_SETLINK, family AF_BRIDGE, port attributes in IFLA_PROTINFO.
        await link.setlink({
          header: { ifiFamily: 'bridge', ifiIndex: va },
          protinfo: { cost: 9, priority: 5, mode: 1, guard: 1, learning: 0, unicastFlood: 0, isolated: 1, neighSuppress: 1, mcastToUcast: 1, bcastFlood: 0 },
        });
        const ports: Link[] = [];
        for await (const l of link.getlinkDump({ header: { ifiFamily: 'bridge' }, extMask: ['brvlan'] })) ports.push(l);
        const want = JSON.parse(ns.exec('bridge', '-j', '-d', 'link', 'show')) as BridgeLink[];
        expect(ports.map((p) => p.header.ifiFamily)).toEqual(ports.map(() => 'bridge'));
        const byName = new Map(ports.map((p) => [p.ifname!, p]));
        expect(want.map((w) => w.ifname).sort()).toEqual(['va', 'vc']);
        let compared = 0;
        for (const w of want) {
          const ours = byName.get(w.ifname)!;
          expect(rawPaths(ours), `${w.ifname}: raw or unknown`).toEqual([]);
          expect(ours.header.ifiIndex).toBe(w.ifindex);
          expect(ours.mtu).toBe(w.mtu);
          expect(ours.master).toBe(ports.find((p) => p.ifname === w.master)!.header.ifiIndex);
          const { ifindex: _i, ifname: _n, link: _l, flags: _f, mtu: _m, master: _ms, ...port } = w;
          compared += compareWithIp(`${w.ifname} protinfo`, port, ours.protinfo as Record<string, unknown>, BRPORT);
        }
        expect(byName.get('va')!.protinfo).toMatchObject({ cost: 9, priority: 5, mode: 1, guard: 1, learning: 0, unicastFlood: 0, isolated: 1, neighSuppress: 1, mcastToUcast: 1, bcastFlood: 0 });
        expect(byName.get('vc')!.protinfo).toMatchObject({ cost: 2, learning: 1, isolated: 0 });
        expect(compared).toBeGreaterThan(30);
      } finally {
        link.close();
      }
    });
  });
});

interface IpStats {
  ifname: string;
  group: string;
  suite?: string;
  stats64?: { rx: Record<string, number>; tx: Record<string, number> };
  stp?: Record<string, number>;
  multicast?: Record<string, number | Record<string, number>>;
}

describe('rt-link: statistics against ip -j stats show', () => {
  kernelIt('getstats: link-64 counters and a bridge port\'s STP and multicast xstats equal ip stats', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'br0', 'type', 'bridge', 'stp_state', '1', 'forward_delay', '200', 'hello_time', '100', 'mcast_stats_enabled', '1');
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      // No IPv6 on these links: no background ND/MLD traffic moving the counters between reads.
      for (const l of ['br0', 'va', 'vb']) ns.exec('sh', '-c', `echo 1 > /proc/sys/net/ipv6/conf/${l}/disable_ipv6`);
      ns.ip('link', 'set', 'va', 'master', 'br0');
      for (const l of ['br0', 'va', 'vb']) ns.ip('link', 'set', l, 'up');
      ns.ip('address', 'add', '192.0.2.1/24', 'dev', 'br0');
      ns.ip('address', 'add', '192.0.2.2/24', 'dev', 'vb');
      // Kernel STP takes the port through listening and learning to forwarding, sending BPDUs.
      const state = () => ns.ipJson<Array<{ linkinfo?: { info_slave_data?: { state?: string } } }>>('-d', 'link', 'show', 'dev', 'va')[0]!.linkinfo?.info_slave_data?.state;
      for (let i = 0; i < 100 && state() !== 'forwarding'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(state()).toBe('forwarding');
      // ARP for absent hosts: broadcasts out of vb (received on va) and out of br0 (sent on va).
      for (const dev of ['vb', 'br0']) {
        try {
          ns.exec('ping', '-c', '2', '-i', '0.2', '-W', '1', '-I', dev, '192.0.2.9');
        } catch {
          /* nobody answers: the point is the ARP requests */
        }
      }
      ns.ip('link', 'set', 'br0', 'type', 'bridge', 'stp_state', '0'); // no more BPDUs: counters hold still
      await new Promise((r) => setTimeout(r, 100));

      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const all = new Map<number, GetstatsDumpReply>();
        for await (const s of link.getstatsDump({ header: { filterMask: ['link-64', 'link-xstats', 'link-xstats-slave'] } })) all.set(s.header.ifindex, s);
        const va = (await link.getlink({ ifname: 'va' }))!.header.ifiIndex;
        const ours = all.get(va)!;
        expect(rawPaths(ours)).toEqual([]);
        const ipLink = ns.ipJson<IpStats[]>('stats', 'show', 'dev', 'va', 'group', 'link')[0]!.stats64!;
        const s64 = ours.link64!;
        expect(Number(s64.rxPackets)).toBeGreaterThan(0);
        expect(Number(s64.txBytes)).toBeGreaterThan(Number(s64.txPackets));
        const rename: Record<string, string> = { over_errors: 'OverErrors', carrier_errors: 'CarrierErrors' };
        for (const dir of ['rx', 'tx'] as const) {
          for (const [k, v] of Object.entries(ipLink[dir])) {
            const key = `${dir}${rename[k] ?? k[0]!.toUpperCase() + k.slice(1)}`;
            expect(Number((s64 as unknown as Record<string, unknown>)[key === 'rxMulticast' ? 'multicast' : key === 'txCollisions' ? 'collisions' : key]), `stats64.${dir}.${k}`).toBe(v);
          }
        }
        const ipSlave = ns.ipJson<IpStats[]>('stats', 'show', 'dev', 'va', 'group', 'xstats_slave', 'subgroup', 'bridge');
        const stp = ipSlave.find((x) => x.suite === 'stp')!.stp!;
        const brx = ours.linkXstatsSlave!.bridge!;
        expect(Object.fromEntries(Object.keys(stp).map((k) => [k, Number((brx.stp as unknown as Record<string, unknown>)[camelOf(k)])]))).toEqual(stp);
        expect(stp.tx_bpdu).toBeGreaterThan(0);
        expect(stp.transition_fwd).toBe(1);
        const mc = ipSlave.find((x) => x.suite === 'mcast')!.multicast!;
        const m = brx.mcast as unknown as Record<string, bigint>;
        const n = (k: string) => Number(m[k]);
        const q = mc.igmp_queries as Record<string, number>;
        const r = mc.igmp_reports as Record<string, number>;
        expect({ rx_v1: n('igmpV1queriesRx'), rx_v2: n('igmpV2queriesRx'), rx_v3: n('igmpV3queriesRx'), tx_v1: n('igmpV1queriesTx'), tx_v2: n('igmpV2queriesTx'), tx_v3: n('igmpV3queriesTx') }).toEqual(q);
        expect({ rx_v1: n('igmpV1reportsRx'), rx_v2: n('igmpV2reportsRx'), rx_v3: n('igmpV3reportsRx'), tx_v1: n('igmpV1reportsTx'), tx_v2: n('igmpV2reportsTx'), tx_v3: n('igmpV3reportsTx') }).toEqual(r);
        expect({ rx: n('igmpLeavesRx'), tx: n('igmpLeavesTx') }).toEqual(mc.igmp_leaves);
        expect({ rx: n('mldLeavesRx'), tx: n('mldLeavesTx') }).toEqual(mc.mld_leaves);
        expect(n('igmpParseErrors')).toBe(mc.igmp_parse_errors);
        expect(n('mldParseErrors')).toBe(mc.mld_parse_errors);
      } finally {
        link.close();
      }
    });
  });
});

function camelOf(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

describe('rt-link: IPv6 link notifications', () => {
  kernelIt('an RTNLGRP_IPV6_IFINFO notification (AF_INET6) carries IPv6 attributes in protinfo: the token ip set', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const events = link.notifications(['rtnlgrp-ipv6-ifinfo']);
        const first = events.next(); // subscribes
        await new Promise((r) => setTimeout(r, 50));
        ns.ip('token', 'set', '::1:2:3:4/64', 'dev', 'va');
        const n = await first;
        await events.return?.();
        expect(n.done).toBe(false);
        const v = n.value!.value as Link;
        expect(n.value!.name).toBe('newlink-ntf');
        expect(v.header.ifiFamily).toBe('inet6');
        expect(v.ifname).toBe('va');
        expect(rawPaths(v)).toEqual([]);
        const p = v.protinfo as { token?: string; conf?: Record<string, number> };
        const ipToken = ns.ipJson<Array<{ ifname: string; token: string }>>('token', 'show', 'dev', 'va')[0]!;
        expect(p.token).toBe(ipToken.token);
        expect(p.token).toBe('::1:2:3:4');
        expect(p.conf?.hoplimit).toBe(Number(ns.exec('cat', '/proc/sys/net/ipv6/conf/va/hop_limit').trim()));
      } finally {
        link.close();
      }
    });
  });
});

interface BridgeVlans {
  ifname: string;
  vlans: Array<{ vlan: number; vlanEnd?: number; flags?: string[] }>;
}

describe('rt-link: bridge VLANs against bridge -j vlan show', () => {
  kernelIt('VLANs added with an AF_BRIDGE setlink (af-spec vlan-info) fare as bridge vlan add does; where the kernel filters VLANs, an AF_BRIDGE dump equals bridge -j vlan show', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
      ns.ip('link', 'add', 'br0', 'type', 'bridge');
      for (const p of ['va', 'vc']) ns.ip('link', 'set', p, 'master', 'br0');
      let ipRefused: string | undefined;
      try {
        ns.exec('bridge', 'vlan', 'add', 'dev', 'vc', 'vid', '5', 'pvid', 'untagged');
      } catch (e) {
        ipRefused = String((e as { stderr?: unknown }).stderr ?? e);
      }
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const va = (await link.getlink({ ifname: 'va' }))!.header.ifiIndex;
        const ours = await link
          .setlink({
            header: { ifiFamily: 'bridge', ifiIndex: va },
            afSpec: { flags: ['master'], vlanInfo: [{ flags: ['pvid', 'untagged'], vid: 10 }, { flags: ['range-begin'], vid: 20 }, { flags: ['range-end'], vid: 22 }] },
          })
          .then(() => undefined, (e: unknown) => e);
        if (ipRefused !== undefined) {
          // This kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING=n): both are refused alike.
          expect(ipRefused).toMatch(/Operation not supported/);
          expect(ours).toBeInstanceOf(NetlinkError);
          expect((ours as NetlinkError).code).toBe('EOPNOTSUPP');
          return;
        }
        expect(ours).toBeUndefined();
        const dumped = new Map<string, Array<{ vid: number; flags: string[] }>>();
        for await (const l of link.getlinkDump({ header: { ifiFamily: 'bridge' }, extMask: ['brvlan'] })) {
          expect(rawPaths(l)).toEqual([]);
          const info = (l.afSpec as { vlanInfo?: Array<{ vid: number; flags: string[] }> } | undefined)?.vlanInfo;
          if (info) dumped.set(l.ifname!, info);
        }
        // bridge -j prints ranges as vlan..vlanEnd and the flags as words; ours come one VLAN at a time.
        const want = new Map<string, Array<{ vid: number; pvid: boolean; untagged: boolean }>>();
        for (const port of JSON.parse(ns.exec('bridge', '-j', 'vlan', 'show')) as BridgeVlans[]) {
          const list = port.vlans.flatMap((v) =>
            Array.from({ length: (v.vlanEnd ?? v.vlan) - v.vlan + 1 }, (_, i) => ({ vid: v.vlan + i, pvid: !!v.flags?.includes('PVID'), untagged: !!v.flags?.includes('Egress Untagged') })),
          );
          want.set(port.ifname, list);
        }
        const got = new Map([...dumped].map(([name, list]) => [name, list.map((v) => ({ vid: v.vid, pvid: v.flags.includes('pvid'), untagged: v.flags.includes('untagged') }))]));
        expect(got).toEqual(want);
        expect(got.get('va')).toEqual(expect.arrayContaining([{ vid: 10, pvid: true, untagged: true }, { vid: 21, pvid: false, untagged: false }]));
      } finally {
        link.close();
      }
    });
  });
});
