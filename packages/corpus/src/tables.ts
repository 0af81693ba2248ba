/**
 * Which values must agree with iproute2, per object kind: one table each, nlkit's decoded
 * field (camelCase of the schema name) against the key iproute2's JSON prints.
 */
import { bool, hasFlag, hex, name, num, presence, upper, type Field } from './match.js';

const macText = (v: any) => (typeof v === 'string' ? v.toLowerCase() : v);

/** `ip -j -d link show`, per link (matched by ifindex). */
export const LINK_FIELDS: Field[] = [
  { ours: 'ifname', theirs: 'ifname' },
  { ours: 'mtu', theirs: 'mtu' },
  { ours: 'txqlen', theirs: 'txqlen' },
  { ours: 'address', theirs: 'address', norm: macText },
  { ours: 'broadcast', theirs: 'broadcast', norm: macText },
  { ours: 'operstate', theirs: 'operstate', norm: upper },
  { ours: 'header.ifiType', theirs: 'link_type', norm: (v) => (typeof v === 'string' ? v.replace(/-/g, '_') : v) },
  {
    name: 'flags', ours: 'header.ifiFlags', theirs: 'flags',
    norm: (v) => (Array.isArray(v) ? v.filter((f) => f !== 'running').map((f) => String(f).toUpperCase().replace(/-/g, '_')).sort() : v),
    normTheirs: (v) => (Array.isArray(v) ? v.filter((f) => f !== 'M-DOWN' && f !== 'NO-CARRIER').sort() : v),
  },
  { ours: 'minMtu', theirs: 'min_mtu' },
  { ours: 'maxMtu', theirs: 'max_mtu' },
  { ours: 'numTxQueues', theirs: 'num_tx_queues' },
  { ours: 'numRxQueues', theirs: 'num_rx_queues' },
  { ours: 'gsoMaxSize', theirs: 'gso_max_size' },
  { ours: 'gsoMaxSegs', theirs: 'gso_max_segs' },
  { ours: 'tsoMaxSize', theirs: 'tso_max_size' },
  { ours: 'tsoMaxSegs', theirs: 'tso_max_segs' },
  { ours: 'groMaxSize', theirs: 'gro_max_size' },
  { ours: 'promiscuity', theirs: 'promiscuity' },
  { ours: 'allmulti', theirs: 'allmulti' },
  { ours: 'ifalias', theirs: 'ifalias' },
  { ours: 'qdisc', theirs: 'qdisc' },
  { ours: 'linkmode', theirs: 'linkmode', norm: upper },
  { name: 'altnames', ours: (l) => l.propList?.altIfname, theirs: 'altnames' },
  { ours: 'master', theirs: 'master', norm: name },
  { ours: 'link', theirs: 'link', norm: name },
  { ours: 'group', theirs: 'group', norm: (v) => (v === 0 ? 'default' : String(v)) },
  { ours: 'afSpec.inet6.addrGenMode', theirs: 'inet6_addr_gen_mode', norm: (v) => (v === 'none' ? 'none' : v) },
  { ours: 'linkinfo.kind', theirs: 'linkinfo.info_kind' },
  { ours: 'linkinfo.slaveKind', theirs: 'linkinfo.info_slave_kind' },
];

/** Bridge keys whose nlkit member is not the plain camelCase of iproute2's key. */
const BRIDGE_OURS: Record<string, string> = {
  mcast_last_member_cnt: 'mcastLastMemberCnt',
  mcast_startup_query_cnt: 'mcastStartupQueryCnt',
  mcast_last_member_intvl: 'mcastLastMemberIntvl',
  mcast_membership_intvl: 'mcastMembershipIntvl',
  mcast_querier_intvl: 'mcastQuerierIntvl',
  mcast_query_intvl: 'mcastQueryIntvl',
  mcast_query_response_intvl: 'mcastQueryResponseIntvl',
  mcast_startup_query_intvl: 'mcastStartupQueryIntvl',
  mcast_router: 'mcastRouter',
};
/** iproute2 prints these bridge values as numbers where our enums give names; intervals are in centiseconds on the wire. */
const BRIDGE_NORM: Record<string, (v: any) => unknown> = {
  mcast_router: (v) => ({ disabled: 0, 'temp-query': 1, perm: 2, temp: 3 } as Record<string, number>)[v] ?? v,
  ...Object.fromEntries(['mcast_last_member_intvl', 'mcast_membership_intvl', 'mcast_querier_intvl', 'mcast_query_intvl', 'mcast_query_response_intvl', 'mcast_startup_query_intvl']
    .map((k) => [k, (v: any) => (typeof v === 'bigint' ? Number(v) : v)])),
};

/** linkinfo.info_data per link kind: iproute2's key → nlkit's `linkinfo.data` member. */
export const LINK_DATA_FIELDS: Record<string, Field[]> = {
  vxlan: [
    { ours: 'id', theirs: 'id' },
    { ours: 'group', theirs: 'group' },
    { ours: 'group6', theirs: 'group6' },
    { ours: 'group', theirs: 'remote' },
    { ours: 'group6', theirs: 'remote6' },
    { ours: 'local', theirs: 'local' },
    { ours: 'local6', theirs: 'local6' },
    { ours: 'link', theirs: 'link', norm: name },
    { ours: 'portRange.low', theirs: 'port_range.low' },
    { ours: 'portRange.high', theirs: 'port_range.high' },
    { ours: 'port', theirs: 'port' },
    { ours: 'learning', theirs: 'learning', norm: bool },
    { ours: 'proxy', theirs: 'proxy', norm: bool },
    { ours: 'rsc', theirs: 'rsc', norm: bool },
    { ours: 'l2miss', theirs: 'l2miss', norm: bool },
    { ours: 'l3miss', theirs: 'l3miss', norm: bool },
    { ours: 'tos', theirs: 'tos', norm: hex },
    { ours: 'ttl', theirs: 'ttl' },
    { ours: 'df', theirs: 'df' },
    { ours: 'label', theirs: 'label', norm: hex },
    { ours: 'ageing', theirs: 'ageing' },
    { ours: 'limit', theirs: 'limit' },
    { ours: 'udpCsum', theirs: 'udp_csum', norm: bool },
    { ours: 'udpZeroCsum6Tx', theirs: 'udp_zero_csum6_tx', norm: bool },
    { ours: 'udpZeroCsum6Rx', theirs: 'udp_zero_csum6_rx', norm: bool },
    { name: 'external', ours: (d) => (d.collectMetadata === undefined ? undefined : bool(d.collectMetadata)), theirs: 'external' },
    { name: 'gbp', ours: (d) => (d.gbp === undefined ? undefined : true), theirs: 'gbp' },
    { ours: 'vnifilter', theirs: 'vnifilter', norm: bool },
  ],
  bridge: [
    ...['forward_delay', 'hello_time', 'max_age', 'ageing_time', 'stp_state', 'priority', 'vlan_filtering', 'root_port', 'root_path_cost',
      'topology_change', 'topology_change_detected', 'mcast_snooping', 'mcast_router', 'mcast_query_use_ifaddr', 'mcast_querier',
      'mcast_hash_elasticity', 'mcast_hash_max', 'mcast_last_member_cnt', 'mcast_startup_query_cnt', 'mcast_last_member_intvl',
      'mcast_membership_intvl', 'mcast_querier_intvl', 'mcast_query_intvl', 'mcast_query_response_intvl', 'mcast_startup_query_intvl',
      'mcast_stats_enabled', 'mcast_igmp_version', 'mcast_mld_version', 'nf_call_iptables', 'nf_call_ip6tables', 'nf_call_arptables',
      'vlan_default_pvid', 'vlan_stats_enabled', 'vlan_stats_per_port'].map((k): Field => ({
      ours: BRIDGE_OURS[k] ?? camel(k), theirs: k, norm: BRIDGE_NORM[k] ?? num,
    })),
    // iproute2 prints the bits of IFLA_BR_MULTI_BOOLOPT (BR_BOOLOPT_*) as their own keys.
    { name: 'no_linklocal_learn', ours: (d) => boolopt(d, 0, 'no-ll-learn'), theirs: 'no_linklocal_learn' },
    { name: 'mcast_vlan_snooping', ours: (d) => boolopt(d, 1, 'mcast-vlan-snooping'), theirs: 'mcast_vlan_snooping' },
    { name: 'mst_enabled', ours: (d) => boolopt(d, 2, 'mst-enable'), theirs: 'mst_enabled' },
    { ours: 'groupFwdMask', theirs: 'group_fwd_mask', norm: hex },
    ...['gc_timer', 'hello_timer', 'tcn_timer', 'topology_change_timer'].map((k): Field => ({ ours: camel(k), theirs: k, norm: centi, tolerance: 2 })),
    { ours: 'groupAddr', theirs: 'group_addr', norm: macText },
    { ours: 'vlanProtocol', theirs: 'vlan_protocol' },
    { ours: 'bridgeId', theirs: 'bridge_id', norm: bridgeIdText },
    { ours: 'rootId', theirs: 'root_id', norm: bridgeIdText },
  ],
  macvlan: macvlanFields(),
  macvtap: macvlanFields(),
  tun: [
    { ours: 'type', theirs: 'type' },
    { ours: 'pi', theirs: 'pi', norm: bool },
    { ours: 'vnetHdr', theirs: 'vnet_hdr', norm: bool },
    { ours: 'multiQueue', theirs: 'multi_queue', norm: bool },
    { ours: 'persist', theirs: 'persist', norm: bool },
    { ours: 'numQueues', theirs: 'numqueues' },
    { ours: 'numDisabledQueues', theirs: 'numdisabled' },
  ],
  vlan: [
    { ours: 'protocol', theirs: 'protocol', norm: (v) => (v === 0x88a8 || v === '8021ad' ? '802.1ad' : v === 0x8100 || v === '8021q' ? '802.1Q' : v) },
    { ours: 'id', theirs: 'id' },
  ],
  geneve: [
    { ours: 'id', theirs: 'id' }, { ours: 'remote', theirs: 'remote' }, { ours: 'ttl', theirs: 'ttl' }, { ours: 'tos', theirs: 'tos', norm: hex },
    { ours: 'port', theirs: 'port' }, { ours: 'df', theirs: 'df' },
  ],
  gre: greFields(), gretap: greFields(), erspan: greFields(),
  ipip: [{ ours: 'remote', theirs: 'remote' }, { ours: 'local', theirs: 'local' }, { ours: 'ttl', theirs: 'ttl' }],
  bond: [{ ours: 'mode', theirs: 'mode' }, { ours: 'miimon', theirs: 'miimon' }, { ours: 'updelay', theirs: 'updelay' }, { ours: 'downdelay', theirs: 'downdelay' }, { ours: 'minLinks', theirs: 'min_links' }],
  vrf: [{ ours: 'table', theirs: 'table' }],
};

/** BR_BOOLOPT_* `bit` (named `flag` in the schema) of the bridge's multi-boolopt value, as 0/1. */
function boolopt(d: any, bit: number, flag: string): number | undefined {
  const v = d?.multiBoolopt?.optval ?? d?.multiBoolopt?.value;
  if (Array.isArray(v)) return v.includes(flag) ? 1 : 0;
  return typeof v === 'number' ? (v >>> bit) & 1 : undefined;
}

/** Centiseconds (the bridge's timers on the wire) as seconds. */
function centi(v: any): unknown {
  return typeof v === 'number' || typeof v === 'bigint' ? Number(v) / 100 : v;
}

function camel(k: string): string {
  return k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `1000.2:0:0:0:b:0`: priority bytes in hex, then the address without leading zeros. */
function bridgeIdText(v: any): unknown {
  if (!v || typeof v !== 'object' || !('addr' in v)) return v;
  const prio = v.prio instanceof Uint8Array ? Buffer.from(v.prio).toString('hex') : typeof v.prio === 'number' ? v.prio.toString(16).padStart(4, '0') : v.prio;
  return `${prio}.${String(v.addr).split(':').map((x) => parseInt(x, 16).toString(16)).join(':')}`;
}

function macvlanFields(): Field[] {
  return [
    { ours: 'mode', theirs: 'mode' },
    { ours: 'bcQueueLen', theirs: 'bcqueuelen' },
    { ours: 'bcQueueLenUsed', theirs: 'usedbcqueuelen' },
    { ours: 'macaddrCount', theirs: 'macaddr_count' },
    { name: 'nopromisc', ours: (d) => (Array.isArray(d.flags) ? d.flags.includes('nopromisc') || undefined : typeof d.flags === 'number' ? (d.flags & 1) !== 0 || undefined : undefined), theirs: presence('nopromisc') },
    {
      // IFLA_MACVLAN_MACADDR_DATA is a nest of repeated IFLA_MACVLAN_MACADDR.
      name: 'macaddr_data', ours: (d) => {
        const list = Array.isArray(d.macaddrData) ? d.macaddrData : d.macaddrData?.macaddr;
        return Array.isArray(list) ? [...list].map(String).sort() : d.macaddrData;
      },
      theirs: 'macaddr_data', normTheirs: (v) => (Array.isArray(v) ? [...v].sort() : v),
    },
  ];
}

function greFields(): Field[] {
  return [{ ours: 'remote', theirs: 'remote' }, { ours: 'local', theirs: 'local' }, { ours: 'ttl', theirs: 'ttl' }, { ours: 'ikey', theirs: 'ikey' }, { ours: 'okey', theirs: 'okey' }];
}

/** `ip -j -d link show`'s info_slave_data of a bridge port, against linkinfo.slaveData. */
export const BRPORT_SLAVE_FIELDS: Field[] = [
  { ours: 'state', theirs: 'state' },
  { ours: 'priority', theirs: 'priority' },
  { ours: 'cost', theirs: 'cost' },
  { ours: 'mode', theirs: 'hairpin', norm: bool },
  { ours: 'guard', theirs: 'guard', norm: bool },
  { ours: 'protect', theirs: 'root_block', norm: bool },
  { ours: 'fastLeave', theirs: 'fastleave', norm: bool },
  { ours: 'learning', theirs: 'learning', norm: bool },
  { ours: 'unicastFlood', theirs: 'flood', norm: bool },
  { ours: 'mcastFlood', theirs: 'mcast_flood', norm: bool },
  { ours: 'bcastFlood', theirs: 'bcast_flood', norm: bool },
  { ours: 'neighSuppress', theirs: 'neigh_suppress', norm: bool },
  { ours: 'isolated', theirs: 'isolated', norm: bool },
  { ours: 'designatedPort', theirs: 'designated_port' },
  { ours: 'designatedCost', theirs: 'designated_cost' },
  { ours: 'id', theirs: 'id', norm: hex },
  { ours: 'no', theirs: 'no', norm: hex },
  { ours: 'bridgeId', theirs: 'bridge_id', norm: bridgeIdText },
  { ours: 'rootId', theirs: 'root_id', norm: bridgeIdText },
  { ours: 'configPending', theirs: 'config_pending' },
  { ours: 'topologyChangeAck', theirs: 'topology_change_ack' },
  { ours: 'groupFwdMask', theirs: 'group_fwd_mask', norm: (v) => (typeof v === 'number' ? v.toString(16) : v) },
  { ours: 'mcastToUcast', theirs: 'mcast_to_unicast', norm: bool },
  { ours: 'proxyarp', theirs: 'proxy_arp', norm: bool },
  { ours: 'proxyarpWifi', theirs: 'proxy_arp_wifi', norm: bool },
  { ours: 'multicastRouter', theirs: 'multicast_router', norm: (v) => BRIDGE_NORM.mcast_router!(v) },
  { ours: 'vlanTunnel', theirs: 'vlan_tunnel', norm: bool },
  { ours: 'locked', theirs: 'locked', norm: bool },
  // STP timers: centiseconds on the wire, seconds in ip; they tick between the dumps.
  ...['hold_timer', 'message_age_timer', 'forward_delay_timer'].map((k): Field => ({ ours: camel(k), theirs: k, norm: centi, tolerance: 1 })),
];

/** `bridge -j -d link show` (an AF_BRIDGE link dump), against `protinfo`. */
export const BRIDGE_LINK_FIELDS: Field[] = [
  { ours: 'ifname', theirs: 'ifname' },
  { ours: 'master', theirs: 'master', norm: name },
  { ours: 'mtu', theirs: 'mtu' },
  { ours: 'link', theirs: 'link', norm: name },
  {
    name: 'flags', ours: 'header.ifiFlags', theirs: 'flags',
    norm: (v) => (Array.isArray(v) ? v.filter((f) => f !== 'running').map((f) => String(f).toUpperCase().replace(/-/g, '_')).sort() : v),
    normTheirs: (v) => (Array.isArray(v) ? v.filter((f) => f !== 'M-DOWN' && f !== 'NO-CARRIER').sort() : v),
  },
  { ours: 'protinfo.state', theirs: 'state' },
  { ours: 'protinfo.priority', theirs: 'priority' },
  { ours: 'protinfo.cost', theirs: 'cost' },
  { ours: 'protinfo.mode', theirs: 'hairpin', norm: bool },
  { ours: 'protinfo.guard', theirs: 'guard', norm: bool },
  { ours: 'protinfo.protect', theirs: 'root_block', norm: bool },
  { ours: 'protinfo.fastLeave', theirs: 'fastleave', norm: bool },
  { ours: 'protinfo.learning', theirs: 'learning', norm: bool },
  { ours: 'protinfo.unicastFlood', theirs: 'flood', norm: bool },
  { ours: 'protinfo.mcastFlood', theirs: 'mcast_flood', norm: bool },
  { ours: 'protinfo.bcastFlood', theirs: 'bcast_flood', norm: bool },
  { ours: 'protinfo.mcastToUcast', theirs: 'mcast_to_unicast', norm: bool },
  { ours: 'protinfo.neighSuppress', theirs: 'neigh_suppress', norm: bool },
  { ours: 'protinfo.vlanTunnel', theirs: 'vlan_tunnel', norm: bool },
  { ours: 'protinfo.isolated', theirs: 'isolated', norm: bool },
  { ours: 'protinfo.locked', theirs: 'locked', norm: bool },
  { ours: 'protinfo.multicastRouter', theirs: 'mcast_router', norm: (v) => BRIDGE_NORM.mcast_router!(v) },
];

/** `ip -j -d addr show`'s addr_info entries. */
export const ADDR_FIELDS: Field[] = [
  { ours: 'header.ifaPrefixlen', theirs: 'prefixlen' },
  { ours: (a) => a.local ?? a.address, theirs: 'local', name: 'local' },
  { name: 'address (peer)', ours: (a) => (a.local !== undefined ? a.address : undefined), theirs: 'address' },
  { ours: 'broadcast', theirs: 'broadcast' },
  { ours: 'label', theirs: 'label' },
  { ours: 'header.ifaScope', theirs: 'scope', norm: (v) => (v === 'universe' ? 'global' : v) },
  // Lifetimes count down between nlkit's dump and ip's: a few seconds apart is the same value.
  { ours: 'cacheinfo.ifaValid', theirs: 'valid_life_time', tolerance: 10 },
  { ours: 'cacheinfo.ifaPrefered', theirs: 'preferred_life_time', tolerance: 10 },
  { ours: 'rtPriority', theirs: 'metric' },
  { name: 'mngtmpaddr', ours: (a) => flagsOf(a).includes('managetempaddr') || undefined, theirs: 'mngtmpaddr' },
  ...['nodad', 'noprefixroute', 'optimistic', 'dadfailed', 'deprecated', 'tentative', 'permanent', 'autojoin', 'stable-privacy'].map((f): Field => ({
    name: f, ours: (a) => flagsOf(a).includes(f) || undefined, theirs: f.replace('-', '_'),
  })),
  { name: 'home', ours: (a) => flagsOf(a).includes('homeaddress') || undefined, theirs: 'home' },
  { name: 'secondary', ours: (a) => flagsOf(a).includes('secondary') || undefined, theirs: 'secondary' },
  { name: 'dynamic', ours: (a) => !flagsOf(a).includes('permanent') || undefined, theirs: 'dynamic' },
];

function flagsOf(a: any): string[] {
  const f = a.flags ?? a.header?.ifaFlags;
  return Array.isArray(f) ? f : [];
}

/** `ip -j -d route show table all` (and -6, and -f mpls). */
export const ROUTE_FIELDS: Field[] = [
  { ours: 'header.rtmType', theirs: 'type' },
  { ours: 'header.rtmProtocol', theirs: 'protocol' },
  { ours: 'header.rtmScope', theirs: 'scope', norm: (v) => (v === 'universe' ? 'global' : v) },
  { ours: 'gateway', theirs: 'gateway' },
  { ours: 'prefsrc', theirs: 'prefsrc' },
  { ours: 'priority', theirs: 'metric' },
  { ours: 'oif', theirs: 'dev', norm: name },
  { ours: 'pref', theirs: 'pref' },
  { ours: 'nhId', theirs: 'nhid' },
  { name: 'tos', ours: 'header.rtmTos', theirs: (t) => (Array.isArray(t.tos) ? t.tos[0] : t.encap ? undefined : t.tos), norm: hex },
  { name: 'flow.to', ours: (r) => (typeof r.flow === 'number' ? String(r.flow & 0xffff) : r.flow), theirs: 'flow.to' },
  { name: 'via', ours: 'via', theirs: 'via', norm: (v) => (v && typeof v === 'object' && !(v instanceof Uint8Array) ? { family: AF_NAME[v.family ?? v.rtviaFamily] ?? v.family ?? v.rtviaFamily, host: v.addr ?? v.rtviaAddr } : v) },
  { name: 'metrics', ours: 'metrics', theirs: 'metrics', norm: routeMetrics, normTheirs: (v) => (Array.isArray(v) ? Object.assign({}, ...v) : v) },
  { name: 'nexthops', ours: 'multipath', theirs: 'nexthops', norm: (v, ctx) => (Array.isArray(v) ? v.map((nh) => ({ gateway: nh.gateway, dev: name(nh.header?.rtnhIfindex, ctx), weight: (nh.header?.rtnhHops ?? 0) + 1 })) : v),
    normTheirs: (v) => (Array.isArray(v) ? v.map((nh) => ({ gateway: nh.gateway, dev: nh.dev, weight: nh.weight ?? 1 })) : v) },
  { name: 'from', ours: (r) => (r.src === undefined ? undefined : `${r.src}/${r.header?.rtmSrcLen}`), theirs: 'from' },
  {
    name: 'flags', ours: 'header.rtmFlags', theirs: 'flags',
    norm: (v) => (Array.isArray(v) ? v.filter((f) => RTNH_FLAGS.includes(f)).sort() : v),
    normTheirs: (v) => (Array.isArray(v) ? v.filter((f) => RTNH_FLAGS.includes(f)).sort() : v),
  },
  { name: 'encap', ours: 'encapType', theirs: 'encap' },
  { name: 'encap.id', ours: (r) => r.encap?.id, theirs: 'id', norm: num },
  { name: 'encap.dst', ours: (r) => r.encap?.dst, theirs: (t) => (Array.isArray(t.dst) ? t.dst[1] : undefined) },
  { name: 'encap.ttl', ours: (r) => r.encap?.ttl, theirs: 'ttl' },
  { name: 'encap.hoplimit', ours: (r) => r.encap?.hoplimit, theirs: 'hoplimit' },
  { name: 'encap.tc', ours: (r) => r.encap?.tc, theirs: 'tc' },
  { name: 'src', ours: (r) => r.encap?.src, theirs: (t) => (t.encap === 'ip' || t.encap === 'ip6' ? t.src : undefined) },
  // rta_expires is in USER_HZ (100 per second); ip prints seconds. It counts down between the dumps.
  { name: 'expires', ours: (r) => (r.cacheinfo?.rtaExpires === undefined ? undefined : Math.floor(Number(r.cacheinfo.rtaExpires) / 100)), theirs: 'expires', tolerance: 10 },
  { name: 'encap.tos', ours: (r) => r.encap?.tos, theirs: (t) => (Array.isArray(t.tos) ? t.tos[1] : t.encap ? t.tos : undefined) },
  { name: 'key', ours: (r) => (r.encap?.flags === undefined ? undefined : flagBit(r.encap.flags, 'key', 4)), theirs: (t) => (t.encap === 'ip' || t.encap === 'ip6' ? t.key === true : undefined) },
  { name: 'csum', ours: (r) => (r.encap?.flags === undefined ? undefined : flagBit(r.encap.flags, 'csum', 1)), theirs: (t) => (t.encap === 'ip' || t.encap === 'ip6' ? t.csum === true : undefined) },
  { name: 'as (newdst)', ours: 'newdst', theirs: 'as', norm: mplsStack, normTheirs: (v) => (v && typeof v === 'object' ? v.to ?? v : v) },
];

/** RTNH_F_* names that `ip` prints in a route's flags and our rtm-flags enum names alike. */
const RTNH_FLAGS = ['dead', 'pervasive', 'onlink', 'linkdown', 'unresolved'];

const AF_NAME: Record<string, string> = { 2: 'inet', 10: 'inet6', 28: 'mpls', inet: 'inet', inet6: 'inet6', mpls: 'mpls' };

/** TUNNEL_* flag bits (IP_TUNNEL_*_BIT as the lwtunnel attribute carries them): names or the number. */
function flagBit(flags: unknown, nameOf: string, bit: number): boolean | undefined {
  if (Array.isArray(flags)) return flags.includes(nameOf);
  if (typeof flags === 'number') return (flags & bit) !== 0;
  return undefined;
}

/** MPLS label stacks as iproute2 prints them: `400/500`. */
function mplsStack(v: any): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((e) => e.label ?? e).join('/');
}

const METRIC_NAMES: Record<string, string> = { ccAlgo: 'congestion', fastopenNoCookie: 'fastopen_no_cookie', initcwnd: 'initcwnd', initrwnd: 'initrwnd', quickack: 'quickack', advmss: 'advmss', hoplimit: 'hoplimit', mtu: 'mtu', window: 'window', rtt: 'rtt', rttvar: 'rttvar', ssthresh: 'ssthresh', cwnd: 'cwnd', reordering: 'reordering', features: 'features', rtoMin: 'rto_min' };

/** RTAX_* values as `ip` prints them: rtt in ms (the kernel keeps 8 × ms), lock as a separate list. */
function routeMetrics(m: any): unknown {
  if (!m || typeof m !== 'object') return m;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) {
    if (k === 'lock') continue;
    const key = METRIC_NAMES[k] ?? k;
    out[key] = k === 'rtt' || k === 'rttvar' ? Number(v) / 8 : v;
  }
  return out;
}

/** `ip -j -d rule show` (and -6). */
export const RULE_FIELDS: Field[] = [
  // FRA_PRIORITY is left out when it is 0 (the local-table rule).
  { name: 'priority', ours: (r) => r.priority ?? 0, theirs: 'priority' },
  { ours: 'src', theirs: 'src', normTheirs: (v) => (v === 'all' ? undefined : v) },
  { ours: 'header.srcLen', theirs: 'srclen' },
  { ours: 'dst', theirs: 'dst' },
  { ours: 'header.dstLen', theirs: 'dstlen' },
  { ours: 'header.tos', theirs: 'tos', norm: hex },
  { ours: 'fwmark', theirs: 'fwmark', norm: hex },
  { ours: 'fwmask', theirs: 'fwmask', norm: hex },
  { ours: 'iifname', theirs: 'iif' },
  { ours: 'oifname', theirs: 'oif' },
  { name: 'table', ours: (r) => r.table ?? r.header?.table, theirs: 'table', norm: (v) => ({ 255: 'local', 254: 'main', 253: 'default' } as Record<number, string>)[v] ?? String(v) },
  { ours: 'goto', theirs: 'goto' },
  { name: 'flow_from', ours: (r) => (typeof r.flow === 'number' ? String(r.flow >>> 16) : undefined), theirs: 'flow_from' },
  { name: 'flow_to', ours: (r) => (typeof r.flow === 'number' ? String(r.flow & 0xffff) : undefined), theirs: 'flow_to' },
  { ours: 'uidRange.start', theirs: 'uid_start' },
  { ours: 'uidRange.end', theirs: 'uid_end' },
  { ours: 'ipProto', theirs: 'ipproto', norm: (v) => ({ 6: 'tcp', 17: 'udp', 1: 'icmp' } as Record<number, string>)[v] ?? v },
  { ours: 'sportRange.start', theirs: 'sport_start' },
  { ours: 'sportRange.end', theirs: 'sport_end' },
  { ours: 'dportRange.start', theirs: 'dport_start' },
  { ours: 'dportRange.end', theirs: 'dport_end' },
  { name: 'dport', ours: (r) => (r.dportRange && r.dportRange.start === r.dportRange.end ? r.dportRange.start : undefined), theirs: 'dport' },
  { ours: 'suppressPrefixlen', theirs: 'suppress_prefixlen' },
  { ours: 'suppressIfgroup', theirs: 'suppress_ifgroup', norm: String },
  { ours: 'protocol', theirs: 'protocol', norm: (v) => ({ 0: 'unspec', 2: 'kernel', 3: 'boot', 4: 'static' } as Record<number, string>)[v] ?? v },
  { name: 'action', ours: 'header.action', theirs: 'action' },
  { name: 'not', ours: hasFlag('header.flags', 'invert'), theirs: presence('not') },
  { name: 'l3mdev', ours: (r) => (r.l3mdev ? true : undefined), theirs: presence('l3mdev') },
];

/** `ip -j -d neigh show nud all`, and `ip -j neigh show proxy`. */
export const NEIGH_FIELDS: Field[] = [
  { ours: 'lladdr', theirs: 'lladdr', norm: macText },
  // Only states that stay put between the two dumps: a resolving entry moves on (INCOMPLETE → FAILED).
  {
    ours: 'header.ndmState', theirs: 'state', norm: (v) => (Array.isArray(v) ? v.map((s) => String(s).toUpperCase()).sort() : v),
    normTheirs: (v) => (Array.isArray(v) && v.every((s) => ['PERMANENT', 'NOARP', 'STALE'].includes(s)) ? [...v].sort() : undefined),
  },
  { name: 'router', ours: hasFlag('header.ndmFlags', 'router'), theirs: presence('router') },
  { name: 'extern_learn', ours: hasFlag('header.ndmFlags', 'ext-learned'), theirs: presence('extern_learn') },
  { name: 'proxy', ours: hasFlag('header.ndmFlags', 'proxy'), theirs: presence('proxy') },
  { name: 'managed', ours: (n) => (Array.isArray(n.flagsExt) && n.flagsExt.includes('managed')) || undefined, theirs: presence('managed') },
  { ours: 'protocol', theirs: 'protocol', norm: (v) => ({ 4: 'static', 3: 'boot', 2: 'kernel' } as Record<number, string>)[v] ?? v },
];

/** `ip -j ntable show`: a table's globals, or one device's parameters (`parms`). */
export const NEIGHTBL_FIELDS: Field[] = [
  { ours: 'thresh1', theirs: 'thresh1' },
  { ours: 'thresh2', theirs: 'thresh2' },
  { ours: 'thresh3', theirs: 'thresh3' },
  { ours: 'gcInterval', theirs: 'gc_interval', norm: num },
  { ours: 'parms.baseReachableTime', theirs: 'base_reachable', norm: num },
  { ours: 'parms.retransTime', theirs: 'retrans', norm: num },
  { ours: 'parms.gcStaletime', theirs: 'gc_stale', norm: num },
  { ours: 'parms.delayProbeTime', theirs: 'delay_probe', norm: num },
  { ours: 'parms.queueLen', theirs: 'queue' },
  { ours: 'parms.appProbes', theirs: 'app_probes' },
  { ours: 'parms.ucastProbes', theirs: 'ucast_probes' },
  { ours: 'parms.mcastProbes', theirs: 'mcast_probes' },
  { ours: 'parms.anycastDelay', theirs: 'anycast_delay', norm: num },
  { ours: 'parms.proxyDelay', theirs: 'proxy_delay', norm: num },
  { ours: 'parms.proxyQlen', theirs: 'proxy_queue' },
  { ours: 'parms.locktime', theirs: 'locktime', norm: num },
];

/** `ip -j stats show group link` against link-64 (struct rtnl_link_stats64); counters. */
export const LINK_STATS_FIELDS: Field[] = [
  ['rx.bytes', 'rxBytes'], ['rx.packets', 'rxPackets'], ['rx.errors', 'rxErrors'], ['rx.dropped', 'rxDropped'], ['rx.multicast', 'multicast'],
  ['tx.bytes', 'txBytes'], ['tx.packets', 'txPackets'], ['tx.errors', 'txErrors'], ['tx.dropped', 'txDropped'], ['tx.collisions', 'collisions'],
].map(([theirs, ours]): Field => ({ ours: `link64.${ours}`, theirs: `stats64.${theirs}`, norm: num, counter: true }));

/** `bridge -j -d fdb show`. */
export const FDB_FIELDS: Field[] = [
  { ours: 'lladdr', theirs: 'mac', norm: macText },
  { ours: 'master', theirs: 'master', norm: name },
  { ours: 'dst', theirs: 'dst' },
  { ours: 'port', theirs: 'port' },
  { ours: 'vni', theirs: 'vni' },
  { name: 'viaIf', ours: 'ifindex', theirs: 'viaIf', norm: name },
  { ours: 'vlan', theirs: 'vlan' },
  { name: 'flags', ours: 'header.ndmFlags', theirs: 'flags', norm: (v) => (Array.isArray(v) ? v.filter((f) => ['self', 'router', 'extern_learn', 'offload', 'sticky'].includes(f)).sort() : v), normTheirs: (v) => (Array.isArray(v) ? [...v].sort() : v) },
  {
    name: 'state', ours: 'header.ndmState', theirs: 'state',
    norm: (v) => (Array.isArray(v) ? (v.includes('permanent') ? 'permanent' : v.includes('noarp') ? 'static' : v.includes('stale') ? 'stale' : '') : v),
  },
];

/** `tc -j -s -d qdisc show`: common fields; options per kind below. */
// Counters keep counting between the two dumps (IPv6 sends on its own), so they are compared as
// counters; queue lengths come and go and are not compared.
export const QDISC_FIELDS: Field[] = [
  { ours: 'kind', theirs: 'kind' },
  { name: 'refcnt', ours: 'header.tcmInfo', theirs: 'refcnt' },
  { ours: 'stats2.basic.bytes', theirs: 'bytes', norm: num, counter: true },
  { ours: 'stats2.basic.packets', theirs: 'packets', counter: true },
  { ours: 'stats2.queue.drops', theirs: 'drops', counter: true },
  { ours: 'stats2.queue.overlimits', theirs: 'overlimits', counter: true },
  { ours: 'stats2.queue.requeues', theirs: 'requeues', counter: true },
  ...['linklayer', 'overhead', 'mpu', 'mtu', 'tsize'].map((k): Field => ({ ours: `stab.base.${k}`, theirs: `stab.${k}` })),
];

/** Qdisc options per kind: tc's key in `options` → nlkit's path in `options`. */
export const QDISC_OPTION_FIELDS: Record<string, Field[]> = {
  htb: [
    { ours: 'init.rate2quantum', theirs: 'r2q' },
    { ours: 'init.defcls', theirs: 'default', norm: hex },
    { ours: 'init.directPkts', theirs: 'direct_packets_stat' },
    { ours: 'directQlen', theirs: 'direct_qlen' },
    { name: 'ver', ours: (o) => (typeof o.init?.version === 'number' ? `${o.init.version >>> 16}.${o.init.version & 0xffff}` : undefined), theirs: 'ver' },
  ],
  tbf: [
    { name: 'rate', ours: (o) => o.rate64 ?? o.parms?.rate?.rate, theirs: 'rate', norm: num },
    // tc prints `mpu` for the rate and again for the peak rate.
    { ours: 'parms.rate.mpu', theirs: 'mpu', normTheirs: (v) => (Array.isArray(v) ? v[0] : v) },
    { ours: 'parms.peakrate.mpu', theirs: (t) => (Array.isArray(t.mpu) ? t.mpu[1] : undefined) },
    { ours: 'parms.rate.linklayer', theirs: 'linklayer' },
  ],
  pfifo: [{ ours: 'limit', theirs: 'limit' }],
  bfifo: [{ ours: 'limit', theirs: 'limit' }],
  pfifo_head_drop: [{ ours: 'limit', theirs: 'limit' }],
  pfifo_fast: [
    { ours: 'bands', theirs: 'bands' },
    { ours: 'priomap', theirs: 'priomap', norm: (v) => (v instanceof Uint8Array ? [...v] : v) },
  ],
  fq_codel: [{ ours: 'limit', theirs: 'limit' }, { ours: 'flows', theirs: 'flows' }, { ours: 'quantum', theirs: 'quantum' }],
  netem: [{ ours: 'limit', theirs: 'limit' }],
  prio: [{ ours: 'bands', theirs: 'bands' }],
  // tc_sfq_qopt_v1 starts with the v0 struct.
  sfq: [{ ours: 'limit', theirs: 'limit' }, { ours: 'v0.quantum', theirs: 'quantum' }, { ours: 'v0.divisor', theirs: 'divisor' }, { ours: 'depth', theirs: 'depth' }],
  fq: [{ ours: 'plimit', theirs: 'limit' }, { ours: 'flowPlimit', theirs: 'flow_limit' }, { ours: 'quantum', theirs: 'quantum' }],
  codel: [{ ours: 'limit', theirs: 'limit' }],
  cake: [{ name: 'bandwidth', ours: 'baseRate64', theirs: 'bandwidth', norm: num }],
};

/** `tc class show` (JSON, or the text of iproute2 versions that print no JSON for classes). */
export const CLASS_FIELDS: Field[] = [
  { ours: 'kind', theirs: 'kind' },
  { name: 'parent', ours: 'header.tcmParent', theirs: 'parent', norm: handleText },
  { name: 'leaf', ours: 'header.tcmInfo', theirs: 'leaf', norm: handleText },
];
export const CLASS_OPTION_FIELDS: Record<string, Field[]> = {
  htb: [
    { ours: 'parms.prio', theirs: 'prio' },
    { ours: 'parms.quantum', theirs: 'quantum' },
    { name: 'rate (bytes/s)', ours: (o) => o.rate64 ?? o.parms?.rate?.rate, theirs: 'rate', norm: num },
    { name: 'ceil (bytes/s)', ours: (o) => o.ceil64 ?? o.parms?.ceil?.rate, theirs: 'ceil', norm: num },
    { ours: 'parms.level', theirs: 'level' },
  ],
};

export function handleText(h: any): unknown {
  if (typeof h !== 'number') return h;
  if (h === 0xffffffff) return 'root';
  const major = (h >>> 16).toString(16);
  const minor = h & 0xffff;
  return minor ? `${major}:${minor.toString(16)}` : `${major}:`;
}

/** `tc -j -s -d filter show dev D parent P`, entry by entry in dump order. */
export const FILTER_FIELDS: Field[] = [
  { ours: 'kind', theirs: 'kind' },
  { ours: 'chain', theirs: 'chain' },
  { name: 'pref', ours: (f) => f.header?.tcmInfo >>> 16, theirs: 'pref' },
  { name: 'protocol', ours: (f) => ETH_P[ntohs(f.header?.tcmInfo & 0xffff)] ?? hex(ntohs(f.header?.tcmInfo & 0xffff)), theirs: 'protocol' },
];

const ETH_P: Record<number, string> = { 0x0800: 'ip', 0x86dd: 'ipv6', 0x0003: 'all', 0x8100: '802.1Q', 0x88a8: '802.1ad', 0x0806: 'arp' };
/** A TCA_CLS_FLAGS_* bit, from a name list or a number; true or undefined (iproute2 prints only set ones). */
function clsFlag(flags: unknown, flag: string, bit: number): true | undefined {
  if (Array.isArray(flags)) return flags.includes(flag) || undefined;
  if (typeof flags === 'number') return (flags & bit) !== 0 || undefined;
  return undefined;
}

function ntohs(v: number): number {
  return ((v & 0xff) << 8) | ((v >>> 8) & 0xff);
}

/** u32 handle text: `800:`, `800::800`, `2:3:800`. */
function u32Handle(h: number): string {
  const ht = (h >>> 20) & 0xfff;
  const bkt = (h >>> 12) & 0xff;
  const node = h & 0xfff;
  return `${ht.toString(16)}:${bkt ? bkt.toString(16) : ''}${node || bkt ? `:${node.toString(16)}` : ''}`;
}

/** Filter options per classifier: tc's key in `options`. `f` is the whole decoded filter. */
export const FILTER_OPTION_FIELDS: Record<string, Field[]> = {
  u32: [
    { name: 'fh', ours: (f) => u32Handle(f.header?.tcmHandle), theirs: 'fh' },
    { name: 'key_ht', ours: (f) => ((f.header?.tcmHandle >>> 20) & 0xfff).toString(16), theirs: 'key_ht' },
    { name: 'bkt', ours: (f) => ((f.header?.tcmHandle >>> 12) & 0xff).toString(16), theirs: 'bkt' },
    { name: 'ht_divisor', ours: 'options.divisor', theirs: 'ht_divisor' },
    { name: 'flowid', ours: 'options.classid', theirs: 'flowid', norm: handleText },
    { name: 'link', ours: 'options.link', theirs: 'link', norm: (v) => (typeof v === 'number' ? `${(v >>> 20).toString(16)}:` : v) },
    // tc_u32_sel.hmask and tc_u32_key.val/mask are __be32: decoded big-endian, they read as tc prints them.
    { name: 'hash_mask', ours: 'options.sel.hmask', theirs: 'hash_mask', norm: (v) => (typeof v === 'number' ? v.toString(16) : v) },
    { name: 'hash_off', ours: 'options.sel.hoff', theirs: 'hash_off' },
    { name: 'input_dev', ours: 'options.indev', theirs: 'input_dev' },
    { name: 'not_in_hw', ours: (f) => clsFlag(f.options?.flags, 'not-in-hw', 8), theirs: presence('not_in_hw') },
    { name: 'skip_hw', ours: (f) => clsFlag(f.options?.flags, 'skip-hw', 1), theirs: presence('skip_hw') },
    {
      name: 'match (keys)', ours: (f) => f.options?.sel?.keys, theirs: 'match',
      norm: (keys) => (Array.isArray(keys) ? keys.map((k: any) => ({ value: Number(k.val).toString(16), mask: Number(k.mask).toString(16), off: k.off })) : keys),
      normTheirs: (m) => (Array.isArray(m) ? m : [m]).map((k: any) => ({ value: k.value, mask: k.mask, off: k.off })),
    },
  ],
  bpf: [
    { name: 'flowid', ours: 'options.classid', theirs: 'flowid', norm: handleText },
    { name: 'not_in_hw', ours: (f) => clsFlag(f.options?.flagsGen, 'not-in-hw', 8), theirs: presence('not_in_hw') },
    { name: 'handle', ours: 'header.tcmHandle', theirs: 'handle', norm: hex },
    { name: 'bytecode.length', ours: 'options.opsLen', theirs: 'bytecode.length' },
    { name: 'bytecode.insns', ours: 'options.ops', theirs: 'bytecode.insns' },
  ],
  matchall: [{ name: 'flowid', ours: 'options.classid', theirs: 'flowid', norm: handleText }],
  flower: [{ name: 'eth_type', ours: 'options.keyEthType', theirs: 'keys.eth_type' }],
};

/** TC_ACT_* as tc prints control actions. */
const TC_ACT: Record<number, string> = { [-1]: 'continue', 0: 'ok', 1: 'reclassify', 2: 'drop', 3: 'pipe', 4: 'stolen', 7: 'trap' };

/** One action (in `tc actions ls` or in a filter's `actions`), against nlkit's act-attrs. */
export const ACTION_FIELDS: Field[] = [
  { ours: 'kind', theirs: 'kind' },
  { name: 'index', ours: (a) => a.options?.parms?.index ?? a.index, theirs: 'index' },
  { name: 'ref', ours: 'options.parms.refcnt', theirs: 'ref' },
  { name: 'bind', ours: 'options.parms.bindcnt', theirs: 'bind' },
  { name: 'not_in_hw', ours: (a) => (a.inHwCount === 0 ? true : undefined), theirs: presence('not_in_hw') },
  { name: 'cookie', ours: 'cookie', theirs: 'cookie', norm: (v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v) },
  { name: 'stats.bytes', ours: 'stats.basic.bytes', theirs: 'stats.bytes', norm: num, counter: true },
  { name: 'stats.packets', ours: 'stats.basic.packets', theirs: 'stats.packets', counter: true },
  { name: 'control_action', ours: 'options.parms.action', theirs: 'control_action.type', norm: (v) => (typeof v === 'number' ? TC_ACT[v] ?? v : v) },
];

/** TCA_EGRESS_REDIR 1, TCA_EGRESS_MIRROR 2, TCA_INGRESS_REDIR 3, TCA_INGRESS_MIRROR 4 (by number, or the schema's names). */
const MIRRED_EACTION: Record<string, [string, string]> = {
  1: ['redirect', 'egress'], 2: ['mirror', 'egress'], 3: ['redirect', 'ingress'], 4: ['mirror', 'ingress'],
  'egress-redir': ['redirect', 'egress'], 'egress-mirror': ['mirror', 'egress'], 'ingress-redir': ['redirect', 'ingress'], 'ingress-mirror': ['mirror', 'ingress'],
};

export const ACTION_OPTION_FIELDS: Record<string, Field[]> = {
  mirred: [
    { name: 'mirred_action', ours: 'options.parms.eaction', theirs: 'mirred_action', norm: (v) => MIRRED_EACTION[v]?.[0] ?? v },
    { name: 'direction', ours: 'options.parms.eaction', theirs: 'direction', norm: (v) => MIRRED_EACTION[v]?.[1] ?? v },
    { name: 'to_dev', ours: 'options.parms.ifindex', theirs: 'to_dev', norm: name },
  ],
  gact: [{ name: 'control_action', ours: 'options.parms.action', theirs: 'control_action.type', norm: (v) => (typeof v === 'number' ? TC_ACT[v] ?? v : v) }],
};
