/**
 * What the corpus makes, as iproute2 commands (`ip`, `bridge`, `tc`, run with `-n NETNS`).
 * Each step is tried; a kernel without the module refuses it, and the step is recorded as
 * missing with the kernel's words. Options are deliberately not the defaults, so a value that
 * decodes wrong cannot pass by matching the default. Links get fixed MAC addresses, so a
 * re-capture changes little in the golden files.
 */

export type StepGroup = 'link' | 'bridge' | 'addr' | 'route' | 'mpls' | 'rule' | 'neigh' | 'fdb' | 'qdisc' | 'class' | 'filter' | 'action' | 'sysctl';

export interface Step {
  /** Unique id; other steps name it in `needs`. */
  id: string;
  group: StepGroup;
  /** The link kind, qdisc, classifier or action this step exercises (what the summary lists). */
  kind?: string;
  /** Commands run in order; the first word is `ip`, `bridge`, `tc` or `sysctl`. */
  cmds: string[][];
  /** Steps that must have worked first (else this one is skipped, and says why). */
  needs?: string[];
}

const ip = (...a: string[]) => ['ip', ...a];
const br = (...a: string[]) => ['bridge', ...a];
const tc = (...a: string[]) => ['tc', ...a];

/** The underlay every other step builds on: a veth pair with addresses, up. */
const base: Step[] = [
  {
    id: 'veth', group: 'link', kind: 'veth',
    cmds: [
      ip('link', 'add', 've0', 'mtu', '1400', 'txqueuelen', '500', 'address', '02:00:00:00:00:01', 'numtxqueues', '2', 'numrxqueues', '3',
        'type', 'veth', 'peer', 'name', 've1', 'address', '02:00:00:00:00:02', 'mtu', '1400'),
      ip('link', 'set', 've0', 'alias', 'corpus uplink', 'group', '7'),
      ip('link', 'set', 've0', 'up'),
      ip('link', 'set', 've1', 'up'),
      ip('addr', 'add', '10.0.0.1/24', 'brd', '+', 'dev', 've0', 'label', 've0:up'),
      ip('addr', 'add', '10.0.0.2/24', 'dev', 've1'),
      ip('-6', 'addr', 'add', '2001:db8::1/64', 'dev', 've0', 'nodad'),
      ip('-6', 'addr', 'add', '2001:db8::2/64', 'dev', 've1', 'nodad'),
    ],
  },
  {
    id: 'veth-bridge-port', group: 'link', kind: 'veth',
    cmds: [ip('link', 'add', 'vb0', 'address', '02:00:00:00:00:03', 'type', 'veth', 'peer', 'name', 'vb1', 'address', '02:00:00:00:00:04'), ip('link', 'set', 'vb0', 'up'), ip('link', 'set', 'vb1', 'up')],
  },
];

/** One link per kind, each with options other than the defaults. */
const links: Step[] = [
  {
    id: 'bridge', group: 'link', kind: 'bridge', needs: ['veth-bridge-port'],
    cmds: [
      ip('link', 'add', 'br0', 'address', '02:00:00:00:0b:00', 'type', 'bridge', 'forward_delay', '500', 'hello_time', '300', 'max_age', '1500',
        'ageing_time', '12000', 'stp_state', '0', 'priority', '4096', 'group_fwd_mask', '0x8', 'mcast_snooping', '1', 'mcast_router', '2',
        'mcast_querier', '1', 'mcast_hash_max', '1024', 'mcast_last_member_count', '3', 'mcast_startup_query_count', '4',
        'mcast_last_member_interval', '200', 'mcast_membership_interval', '30000', 'mcast_querier_interval', '25000',
        'mcast_query_interval', '13000', 'mcast_query_response_interval', '900', 'mcast_startup_query_interval', '3000',
        'mcast_igmp_version', '3', 'mcast_mld_version', '2', 'nf_call_iptables', '1'),
      ip('link', 'set', 'vb0', 'master', 'br0'),
      ip('link', 'set', 'br0', 'up'),
    ],
  },
  {
    id: 'bridge-vlan-filtering', group: 'link', kind: 'bridge (vlan_filtering)', needs: ['bridge'],
    cmds: [ip('link', 'set', 'br0', 'type', 'bridge', 'vlan_filtering', '1', 'vlan_protocol', '802.1ad', 'vlan_default_pvid', '10', 'vlan_stats_enabled', '1')],
  },
  { id: 'macvlan-bridge', group: 'link', kind: 'macvlan', needs: ['veth'], cmds: [ip('link', 'add', 'mvb', 'link', 've1', 'address', '02:00:00:00:0a:01', 'type', 'macvlan', 'mode', 'bridge', 'bcqueuelen', '200')] },
  { id: 'macvlan-private', group: 'link', kind: 'macvlan', needs: ['veth'], cmds: [ip('link', 'add', 'mvp', 'link', 've1', 'address', '02:00:00:00:0a:02', 'type', 'macvlan', 'mode', 'private')] },
  {
    id: 'macvlan-source', group: 'link', kind: 'macvlan', needs: ['veth'],
    cmds: [
      ip('link', 'add', 'mvs', 'link', 've1', 'address', '02:00:00:00:0a:03', 'type', 'macvlan', 'mode', 'source'),
      ip('link', 'set', 'mvs', 'type', 'macvlan', 'macaddr', 'add', '02:00:00:00:0a:11'),
      ip('link', 'set', 'mvs', 'type', 'macvlan', 'macaddr', 'add', '02:00:00:00:0a:12'),
      ip('link', 'set', 'mvs', 'type', 'macvlan', 'macaddr', 'add', '02:00:00:00:0a:13'),
    ],
  },
  { id: 'macvlan-passthru', group: 'link', kind: 'macvlan', needs: ['veth-bridge-port'], cmds: [ip('link', 'add', 'mvpt', 'link', 'vb1', 'type', 'macvlan', 'mode', 'passthru', 'nopromisc')] },
  { id: 'altname', group: 'link', kind: 'altname (prop-list)', needs: ['veth'], cmds: [ip('link', 'property', 'add', 'dev', 've0', 'altname', 'corpus-uplink')] },
  { id: 'addrgenmode', group: 'link', kind: 'addrgenmode random', needs: ['veth-bridge-port'], cmds: [ip('link', 'set', 'vb1', 'addrgenmode', 'random')] },
  { id: 'macvtap', group: 'link', kind: 'macvtap', needs: ['veth'], cmds: [ip('link', 'add', 'mvt', 'link', 've0', 'address', '02:00:00:00:0a:04', 'type', 'macvtap', 'mode', 'vepa')] },
  { id: 'ipvlan', group: 'link', kind: 'ipvlan', needs: ['veth'], cmds: [ip('link', 'add', 'ipv', 'link', 've0', 'type', 'ipvlan', 'mode', 'l3', 'vepa')] },
  { id: 'ipvtap', group: 'link', kind: 'ipvtap', needs: ['veth'], cmds: [ip('link', 'add', 'ipvt', 'link', 've1', 'type', 'ipvtap', 'mode', 'l2', 'private')] },
  {
    id: 'vlan', group: 'link', kind: 'vlan', needs: ['veth'],
    cmds: [ip('link', 'add', 'link', 've0', 'name', 've0.100', 'type', 'vlan', 'protocol', '802.1ad', 'id', '100', 'reorder_hdr', 'off', 'gvrp', 'on', 'loose_binding', 'on',
      'ingress-qos-map', '1:2', '3:4', 'egress-qos-map', '2:5', '6:7')],
  },
  {
    id: 'vxlan', group: 'link', kind: 'vxlan', needs: ['veth'],
    cmds: [ip('link', 'add', 'vx0', 'address', '02:00:00:00:0c:00', 'type', 'vxlan', 'id', '4242', 'dstport', '4790', 'local', '10.0.0.1', 'group', '239.1.1.1', 'dev', 've0', 'ttl', '10',
      'tos', '0x10', 'ageing', '200', 'maxaddress', '100', 'srcport', '5000', '6000', 'nolearning', 'l2miss', 'l3miss', 'udpcsum', 'df', 'set')],
  },
  {
    id: 'vxlan6', group: 'link', kind: 'vxlan', needs: ['veth'],
    cmds: [ip('link', 'add', 'vx6', 'address', '02:00:00:00:0c:06', 'type', 'vxlan', 'id', '77', 'dstport', '4789', 'remote', '2001:db8::99', 'local', '2001:db8::1', 'flowlabel', '0x12345',
      'noudp6zerocsumtx', 'udp6zerocsumrx', 'proxy', 'rsc', 'gbp')],
  },
  { id: 'vxlan-vnifilter', group: 'link', kind: 'vxlan', cmds: [ip('link', 'add', 'vxf', 'address', '02:00:00:00:0c:0f', 'type', 'vxlan', 'external', 'vnifilter', 'dstport', '4792')] },
  { id: 'vxlan-external', group: 'link', kind: 'vxlan', cmds: [ip('link', 'add', 'vxc', 'address', '02:00:00:00:0c:0c', 'type', 'vxlan', 'external', 'dstport', '4791'), ip('link', 'set', 'vxc', 'up')] },
  {
    id: 'geneve', group: 'link', kind: 'geneve',
    cmds: [ip('link', 'add', 'gnv0', 'type', 'geneve', 'id', '500', 'remote', '10.0.0.9', 'ttl', '33', 'tos', '0x20', 'dstport', '6082', 'df', 'set', 'udpcsum', 'label', '0')],
  },
  { id: 'geneve-external', group: 'link', kind: 'geneve', cmds: [ip('link', 'add', 'gnvc', 'type', 'geneve', 'external'), ip('link', 'set', 'gnvc', 'up')] },
  { id: 'gre', group: 'link', kind: 'gre', needs: ['veth'], cmds: [ip('link', 'add', 'gre0', 'type', 'gre', 'remote', '10.0.0.9', 'local', '10.0.0.1', 'ttl', '40', 'tos', '0x8', 'key', '1234', 'csum', 'dev', 've0')] },
  { id: 'gretap', group: 'link', kind: 'gretap', needs: ['veth'], cmds: [ip('link', 'add', 'gtap0', 'type', 'gretap', 'remote', '10.0.0.9', 'local', '10.0.0.1', 'ikey', '11', 'okey', '12', 'seq', 'nopmtudisc')] },
  { id: 'ip6gre', group: 'link', kind: 'ip6gre', needs: ['veth'], cmds: [ip('link', 'add', 'g6', 'type', 'ip6gre', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'hoplimit', '50', 'flowlabel', '0x99', 'key', '5')] },
  { id: 'ip6gretap', group: 'link', kind: 'ip6gretap', needs: ['veth'], cmds: [ip('link', 'add', 'g6tap', 'type', 'ip6gretap', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'tclass', '0x10', 'encaplimit', '3')] },
  { id: 'ipip', group: 'link', kind: 'ipip', cmds: [ip('link', 'add', 'ipip0', 'type', 'ipip', 'remote', '10.0.0.9', 'local', '10.0.0.1', 'ttl', '20', 'encap', 'fou', 'encap-sport', 'auto', 'encap-dport', '5555')] },
  { id: 'ipip-plain', group: 'link', kind: 'ipip', cmds: [ip('link', 'add', 'ipip1', 'type', 'ipip', 'remote', '10.0.0.8', 'local', '10.0.0.1', 'ttl', '21', 'tos', '0x4')] },
  { id: 'sit', group: 'link', kind: 'sit', cmds: [ip('link', 'add', 'sit1', 'type', 'sit', 'remote', '10.0.0.9', 'local', '10.0.0.1', 'ttl', '22', 'mode', 'ip6ip', '6rd-prefix', '2001:db8:100::/40')] },
  { id: 'ip6tnl', group: 'link', kind: 'ip6tnl', cmds: [ip('link', 'add', 'ip6t', 'type', 'ip6tnl', 'mode', 'ipip6', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'hoplimit', '30', 'encaplimit', 'none', 'flowlabel', '0x42')] },
  { id: 'vti', group: 'link', kind: 'vti', cmds: [ip('link', 'add', 'vti1', 'type', 'vti', 'remote', '10.0.0.9', 'local', '10.0.0.1', 'ikey', '7', 'okey', '8')] },
  { id: 'vti6', group: 'link', kind: 'vti6', cmds: [ip('link', 'add', 'vti61', 'type', 'vti6', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'key', '9')] },
  { id: 'erspan', group: 'link', kind: 'erspan', cmds: [ip('link', 'add', 'ers1', 'type', 'erspan', 'remote', '10.0.0.9', 'local', '10.0.0.1', 'seq', 'key', '100', 'erspan_ver', '2', 'erspan_dir', 'egress', 'erspan_hwid', '7')] },
  { id: 'ip6erspan', group: 'link', kind: 'ip6erspan', cmds: [ip('link', 'add', 'ers6', 'type', 'ip6erspan', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'seq', 'key', '101', 'erspan_ver', '1', 'erspan', '123')] },
  {
    id: 'bond', group: 'link', kind: 'bond',
    cmds: [ip('link', 'add', 'bond0', 'type', 'bond', 'mode', '802.3ad', 'miimon', '150', 'updelay', '300', 'downdelay', '450', 'lacp_rate', 'fast',
      'xmit_hash_policy', 'layer3+4', 'ad_select', 'bandwidth', 'min_links', '1', 'ad_actor_sys_prio', '100', 'ad_user_port_key', '5', 'all_slaves_active', '1')],
  },
  { id: 'bond-port', group: 'link', kind: 'bond (port)', needs: ['bond'], cmds: [ip('link', 'add', 'bp0', 'type', 'veth', 'peer', 'name', 'bp1'), ip('link', 'set', 'bp0', 'master', 'bond0')] },
  { id: 'vrf', group: 'link', kind: 'vrf', cmds: [ip('link', 'add', 'vrf1', 'type', 'vrf', 'table', '1001'), ip('link', 'set', 'vrf1', 'up')] },
  { id: 'ifb', group: 'link', kind: 'ifb', cmds: [ip('link', 'add', 'ifb0', 'address', '02:00:00:00:0d:00', 'type', 'ifb'), ip('link', 'set', 'ifb0', 'up')] },
  { id: 'dummy', group: 'link', kind: 'dummy', cmds: [ip('link', 'add', 'dum0', 'mtu', '9000', 'type', 'dummy')] },
  { id: 'nlmon', group: 'link', kind: 'nlmon', cmds: [ip('link', 'add', 'nlmon0', 'type', 'nlmon')] },
  { id: 'tun', group: 'link', kind: 'tun', cmds: [ip('tuntap', 'add', 'dev', 'tun0', 'mode', 'tun', 'user', '1000', 'group', '1000', 'multi_queue')] },
  { id: 'tap', group: 'link', kind: 'tap', cmds: [ip('tuntap', 'add', 'dev', 'tap0', 'mode', 'tap', 'vnet_hdr', 'pi'), ip('link', 'set', 'tap0', 'address', '02:00:00:00:0e:00')] },
  { id: 'macsec', group: 'link', kind: 'macsec', needs: ['veth'], cmds: [ip('link', 'add', 'link', 've0', 'macsec0', 'type', 'macsec', 'port', '11', 'encrypt', 'on', 'cipher', 'gcm-aes-256', 'icvlen', '16', 'replay', 'on', 'window', '32', 'validate', 'check')] },
  { id: 'netkit', group: 'link', kind: 'netkit', cmds: [ip('link', 'add', 'nk0', 'type', 'netkit', 'mode', 'l2', 'blackhole', 'peer', 'name', 'nk1')] },
  { id: 'hsr', group: 'link', kind: 'hsr', needs: ['veth', 'veth-bridge-port'], cmds: [ip('link', 'add', 'hsr0', 'type', 'hsr', 'slave1', 've1', 'slave2', 'vb1', 'supervision', '45', 'version', '1')] },
  { id: 'bareudp', group: 'link', kind: 'bareudp', cmds: [ip('link', 'add', 'bu0', 'type', 'bareudp', 'dstport', '6635', 'ethertype', 'mpls_uc', 'srcportmin', '4000', 'multiproto')] },
  { id: 'gtp', group: 'link', kind: 'gtp', cmds: [ip('link', 'add', 'gtp0', 'type', 'gtp', 'role', 'sgsn', 'hsize', '64')] },
  { id: 'amt', group: 'link', kind: 'amt', needs: ['veth'], cmds: [ip('link', 'add', 'amt0', 'type', 'amt', 'mode', 'gateway', 'local', '10.0.0.1', 'discovery', '10.0.0.9', 'dev', 've0', 'max_tunnels', '5')] },
  { id: 'vxcan', group: 'link', kind: 'vxcan', cmds: [ip('link', 'add', 'vxcan0', 'type', 'vxcan', 'peer', 'name', 'vxcan1')] },
  { id: 'vcan', group: 'link', kind: 'vcan', cmds: [ip('link', 'add', 'vcan0', 'type', 'vcan')] },
  { id: 'xfrm', group: 'link', kind: 'xfrm', needs: ['veth'], cmds: [ip('link', 'add', 'xfrm1', 'type', 'xfrm', 'dev', 've0', 'if_id', '0x42')] },
  { id: 'wireguard', group: 'link', kind: 'wireguard', cmds: [ip('link', 'add', 'wg0', 'type', 'wireguard')] },
  { id: 'batadv', group: 'link', kind: 'batadv', cmds: [ip('link', 'add', 'bat0', 'type', 'batadv')] },
];

/** Bridge port flags and vlans (`bridge link set`, `bridge vlan add`). */
const bridge: Step[] = [
  { id: 'brport-cost', group: 'bridge', kind: 'port cost/priority', needs: ['bridge'], cmds: [br('link', 'set', 'dev', 'vb0', 'cost', '7', 'priority', '5')] },
  {
    id: 'brport-flags', group: 'bridge', kind: 'port flags', needs: ['bridge'],
    cmds: [br('link', 'set', 'dev', 'vb0', 'guard', 'on', 'hairpin', 'on', 'learning', 'off', 'flood', 'off', 'mcast_flood', 'off', 'bcast_flood', 'off', 'root_block', 'on', 'fastleave', 'on')],
  },
  { id: 'brport-isolated', group: 'bridge', kind: 'port isolated/neigh_suppress', needs: ['bridge'], cmds: [br('link', 'set', 'dev', 'vb0', 'neigh_suppress', 'on', 'isolated', 'on', 'mcast_router', '2')] },
  {
    id: 'bridge-vlans', group: 'bridge', kind: 'vlans', needs: ['bridge-vlan-filtering'],
    cmds: [
      br('vlan', 'add', 'dev', 'vb0', 'vid', '20', 'pvid', 'untagged'),
      br('vlan', 'add', 'dev', 'vb0', 'vid', '30-35'),
      br('vlan', 'add', 'dev', 'br0', 'vid', '20', 'self'),
    ],
  },
];

const addrs: Step[] = [
  { id: 'addr-peer', group: 'addr', kind: 'inet peer', needs: ['veth'], cmds: [ip('addr', 'add', '10.0.1.1', 'peer', '10.0.1.2/32', 'dev', 've0')] },
  {
    id: 'addr-lifetimes', group: 'addr', kind: 'inet lifetimes/metric', needs: ['veth'],
    cmds: [ip('addr', 'add', '10.0.2.1/24', 'dev', 've0', 'valid_lft', '3600', 'preferred_lft', '1800', 'noprefixroute', 'metric', '50')],
  },
  {
    id: 'addr6-flags', group: 'addr', kind: 'inet6 flags/lifetimes', needs: ['veth'],
    cmds: [ip('-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 've0', 'nodad', 'noprefixroute', 'home', 'valid_lft', '7200', 'preferred_lft', '3600')],
  },
  { id: 'addr6-mngtmp', group: 'addr', kind: 'inet6 mngtmpaddr', needs: ['veth'], cmds: [ip('-6', 'addr', 'add', '2001:db8:2::1/64', 'dev', 've1', 'mngtmpaddr', 'nodad')] },
  { id: 'addr-secondary', group: 'addr', kind: 'inet secondary', needs: ['veth'], cmds: [ip('addr', 'add', '10.0.0.11/24', 'dev', 've0')] },
  { id: 'addr6-optimistic', group: 'addr', kind: 'inet6 optimistic', needs: ['veth'], cmds: [ip('-6', 'addr', 'add', '2001:db8:4::1/64', 'dev', 've0', 'optimistic')] },
  { id: 'ipv6-forwarding', group: 'sysctl', kind: 'inet6 forwarding (subnet-router anycast)', cmds: [['sysctl', '-w', 'net.ipv6.conf.all.forwarding=1']] },
  { id: 'addr6-peer', group: 'addr', kind: 'inet6 peer', needs: ['veth'], cmds: [ip('-6', 'addr', 'add', '2001:db8:3::1', 'peer', '2001:db8:3::2/128', 'dev', 've1', 'nodad')] },
];

const routes: Step[] = [
  {
    id: 'route-metrics', group: 'route', kind: 'inet via + metrics', needs: ['veth'],
    cmds: [ip('route', 'add', '192.168.10.0/24', 'via', '10.0.0.2', 'dev', 've0', 'metric', '100', 'proto', 'static', 'mtu', '1300', 'advmss', '1200',
      'initcwnd', '10', 'window', '65535', 'rtt', '30ms', 'realm', '5', 'quickack', '1', 'fastopen_no_cookie', '1', 'congctl', 'lock', 'reno')],
  },
  { id: 'route-table', group: 'route', kind: 'inet table/scope/src', needs: ['veth'], cmds: [ip('route', 'add', 'table', '100', '192.168.20.0/24', 'dev', 've0', 'scope', 'link', 'src', '10.0.0.1', 'tos', '0x10')] },
  { id: 'route-types', group: 'route', kind: 'blackhole/unreachable/prohibit/throw', cmds: [
    ip('route', 'add', 'blackhole', '192.168.30.0/24'), ip('route', 'add', 'unreachable', '192.168.31.0/24'),
    ip('route', 'add', 'prohibit', '192.168.32.0/24'), ip('route', 'add', 'throw', '192.168.33.0/24', 'table', '100'),
  ] },
  {
    id: 'route-ecmp', group: 'route', kind: 'inet multipath', needs: ['veth'],
    cmds: [ip('route', 'add', '192.168.40.0/24', 'proto', 'static', 'nexthop', 'via', '10.0.0.2', 'dev', 've0', 'weight', '2', 'nexthop', 'via', '10.0.0.3', 'dev', 've0', 'weight', '1')],
  },
  {
    id: 'route6-ecmp', group: 'route', kind: 'inet6 multipath', needs: ['veth'],
    cmds: [ip('-6', 'route', 'add', '2001:db8:40::/64', 'nexthop', 'via', '2001:db8::20', 'dev', 've0', 'weight', '3', 'nexthop', 'via', '2001:db8::30', 'dev', 've0')],
  },
  { id: 'route6-pref', group: 'route', kind: 'inet6 pref/expires', needs: ['veth'], cmds: [ip('-6', 'route', 'add', '2001:db8:10::/64', 'via', '2001:db8::20', 'dev', 've0', 'metric', '2048', 'pref', 'high', 'expires', '600', 'hoplimit', '7')] },
  { id: 'route-via-inet6', group: 'route', kind: 'inet via inet6 (RTA_VIA)', needs: ['veth'], cmds: [ip('route', 'add', '192.168.70.0/24', 'via', 'inet6', 'fe80::2', 'dev', 've0')] },
  {
    id: 'route-nhid', group: 'route', kind: 'nexthop object (nhid)', needs: ['veth'],
    cmds: [ip('nexthop', 'add', 'id', '10', 'via', '10.0.0.2', 'dev', 've0'), ip('route', 'add', '192.168.80.0/24', 'nhid', '10')],
  },
  {
    id: 'route-nhgroup', group: 'route', kind: 'nexthop group (nhid)', needs: ['route-nhid'],
    cmds: [ip('nexthop', 'add', 'id', '11', 'via', '10.0.0.3', 'dev', 've0'), ip('nexthop', 'add', 'id', '12', 'group', '10/11,3'), ip('route', 'add', '192.168.81.0/24', 'nhid', '12')],
  },
  { id: 'route-onlink', group: 'route', kind: 'inet onlink', needs: ['veth'], cmds: [ip('route', 'add', '192.168.90.0/24', 'via', '10.99.0.1', 'dev', 've0', 'onlink')] },
  { id: 'route6-src', group: 'route', kind: 'inet6 from (source routing)', needs: ['veth'], cmds: [ip('-6', 'route', 'add', '2001:db8:70::/64', 'from', '2001:db8:1::/64', 'via', 'fe80::20', 'dev', 've0')] },
  { id: 'encap-ip', group: 'route', kind: 'encap ip', needs: ['vxlan-external'], cmds: [ip('route', 'add', '192.168.50.0/24', 'encap', 'ip', 'id', '100', 'dst', '10.0.0.9', 'ttl', '20', 'tos', '4', 'key', 'csum', 'dev', 'vxc')] },
  { id: 'encap-ip6', group: 'route', kind: 'encap ip6', needs: ['vxlan-external'], cmds: [ip('route', 'add', '192.168.51.0/24', 'encap', 'ip6', 'id', '200', 'dst', '2001:db8::9', 'hoplimit', '30', 'tc', '3', 'dev', 'vxc')] },
  { id: 'encap-ip-geneve', group: 'route', kind: 'encap ip (geneve md)', needs: ['geneve-external'], cmds: [ip('route', 'add', '192.168.52.0/24', 'encap', 'ip', 'id', '300', 'dst', '10.0.0.8', 'dev', 'gnvc')] },
  { id: 'encap-mpls', group: 'route', kind: 'encap mpls', needs: ['veth'], cmds: [ip('route', 'add', '192.168.60.0/24', 'encap', 'mpls', '100/200', 'ttl', '10', 'via', '10.0.0.2', 'dev', 've0')] },
  { id: 'encap-seg6', group: 'route', kind: 'encap seg6', needs: ['veth'], cmds: [ip('-6', 'route', 'add', '2001:db8:60::/64', 'encap', 'seg6', 'mode', 'encap', 'segs', '2001:db8::a,2001:db8::b', 'dev', 've0')] },
  { id: 'encap-seg6local', group: 'route', kind: 'encap seg6local', needs: ['veth'], cmds: [ip('-6', 'route', 'add', '2001:db8:61::/64', 'encap', 'seg6local', 'action', 'End.X', 'nh6', '2001:db8::20', 'dev', 've0')] },
  { id: 'encap-ioam6', group: 'route', kind: 'encap ioam6', needs: ['veth'], cmds: [ip('-6', 'route', 'add', '2001:db8:62::/64', 'encap', 'ioam6', 'trace', 'prealloc', 'type', '0x800000', 'ns', '1', 'size', '12', 'dev', 've0')] },
  { id: 'encap-rpl', group: 'route', kind: 'encap rpl', needs: ['veth'], cmds: [ip('-6', 'route', 'add', '2001:db8:63::/64', 'encap', 'rpl', 'segs', '2001:db8::c', 'dev', 've0')] },
];

const mpls: Step[] = [
  { id: 'mpls-labels', group: 'sysctl', kind: 'mpls platform_labels', needs: ['veth'], cmds: [['sysctl', '-w', 'net.mpls.platform_labels=1000'], ['sysctl', '-w', 'net.mpls.conf.ve0.input=1']] },
  { id: 'mpls-route', group: 'mpls', kind: 'AF_MPLS route (swap)', needs: ['mpls-labels'], cmds: [ip('-f', 'mpls', 'route', 'add', '300', 'as', '400/500', 'via', 'inet', '10.0.0.2', 'dev', 've0')] },
  { id: 'mpls-route-pop', group: 'mpls', kind: 'AF_MPLS route (pop)', needs: ['mpls-labels'], cmds: [ip('-f', 'mpls', 'route', 'add', '301', 'dev', 'lo')] },
  {
    id: 'mpls-route-ecmp', group: 'mpls', kind: 'AF_MPLS multipath', needs: ['mpls-labels'],
    cmds: [ip('-f', 'mpls', 'route', 'add', '302', 'nexthop', 'as', '600', 'via', 'inet', '10.0.0.2', 'dev', 've0', 'nexthop', 'via', 'inet6', '2001:db8::2', 'dev', 've0')],
  },
];

const rules: Step[] = [
  {
    id: 'rule-selectors', group: 'rule', kind: 'from/to/tos/fwmark/iif/oif/realms', needs: ['veth'],
    cmds: [ip('rule', 'add', 'pref', '1000', 'from', '10.0.0.0/24', 'to', '192.168.0.0/16', 'tos', '0x10', 'fwmark', '0x10/0xff', 'iif', 've0', 'oif', 've1', 'realms', '3/4', 'table', '100')],
  },
  { id: 'rule-ports', group: 'rule', kind: 'uidrange/ipproto/sport/dport/suppress', cmds: [ip('rule', 'add', 'pref', '1001', 'uidrange', '1000-2000', 'ipproto', 'tcp', 'sport', '1000-2000', 'dport', '80', 'lookup', '100', 'suppress_prefixlength', '8', 'suppress_ifgroup', '3')] },
  { id: 'rule-goto', group: 'rule', kind: 'not/goto', cmds: [ip('rule', 'add', 'pref', '1002', 'not', 'from', '10.9.0.0/16', 'goto', '1003'), ip('rule', 'add', 'pref', '1003', 'fwmark', '0x5', 'prohibit')] },
  { id: 'rule-types', group: 'rule', kind: 'blackhole/unreachable/protocol', cmds: [ip('rule', 'add', 'pref', '1004', 'from', '10.8.0.0/16', 'blackhole', 'protocol', 'static'), ip('rule', 'add', 'pref', '1005', 'to', '10.7.0.0/16', 'unreachable')] },
  { id: 'rule-l3mdev', group: 'rule', kind: 'l3mdev', cmds: [ip('rule', 'add', 'pref', '1006', 'l3mdev', 'protocol', 'boot')] },
  { id: 'rule6', group: 'rule', kind: 'inet6 from/table/ipproto', cmds: [ip('-6', 'rule', 'add', 'pref', '2000', 'from', '2001:db8::/32', 'table', '200', 'ipproto', 'udp', 'dport', '53-54')] },
];

const neighs: Step[] = [
  { id: 'neigh-permanent', group: 'neigh', kind: 'inet permanent', needs: ['veth'], cmds: [ip('neigh', 'add', '10.0.0.5', 'lladdr', '02:aa:bb:cc:dd:05', 'dev', 've0', 'nud', 'permanent')] },
  { id: 'neigh-noarp', group: 'neigh', kind: 'inet noarp', needs: ['veth'], cmds: [ip('neigh', 'add', '10.0.0.6', 'lladdr', '02:aa:bb:cc:dd:06', 'dev', 've0', 'nud', 'noarp')] },
  { id: 'neigh-stale', group: 'neigh', kind: 'inet stale/protocol', needs: ['veth'], cmds: [ip('neigh', 'add', '10.0.0.7', 'lladdr', '02:aa:bb:cc:dd:07', 'dev', 've0', 'nud', 'stale', 'protocol', 'static')] },
  { id: 'neigh6-router', group: 'neigh', kind: 'inet6 permanent router', needs: ['veth'], cmds: [ip('-6', 'neigh', 'add', '2001:db8::5', 'lladdr', '02:aa:bb:cc:dd:15', 'dev', 've0', 'nud', 'permanent', 'router')] },
  { id: 'neigh-extern', group: 'neigh', kind: 'extern_learn', needs: ['veth'], cmds: [ip('neigh', 'add', '10.0.0.8', 'lladdr', '02:aa:bb:cc:dd:08', 'dev', 've0', 'extern_learn')] },
  { id: 'neigh-managed', group: 'neigh', kind: 'managed', needs: ['veth'], cmds: [ip('neigh', 'add', '10.0.0.9', 'dev', 've0', 'managed')] },
  { id: 'neigh-proxy', group: 'neigh', kind: 'inet proxy', needs: ['veth'], cmds: [ip('neigh', 'add', 'proxy', '10.0.0.77', 'dev', 've0')] },
  { id: 'neigh6-proxy', group: 'neigh', kind: 'inet6 proxy', needs: ['veth'], cmds: [ip('-6', 'neigh', 'add', 'proxy', '2001:db8::77', 'dev', 've0')] },
  { id: 'fdb-static', group: 'fdb', kind: 'bridge static', needs: ['bridge'], cmds: [br('fdb', 'add', '02:00:00:00:00:aa', 'dev', 'vb0', 'master', 'static')] },
  { id: 'fdb-vlan', group: 'fdb', kind: 'bridge vlan', needs: ['bridge-vlans'], cmds: [br('fdb', 'add', '02:00:00:00:00:bb', 'dev', 'vb0', 'master', 'vlan', '20', 'static')] },
  { id: 'fdb-sticky', group: 'fdb', kind: 'bridge sticky', needs: ['bridge'], cmds: [br('fdb', 'add', '02:00:00:00:00:cc', 'dev', 'vb0', 'master', 'sticky', 'dynamic')] },
  {
    id: 'fdb-vxlan', group: 'fdb', kind: 'vxlan remote', needs: ['vxlan'],
    cmds: [
      br('fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.0.0.9', 'self', 'permanent'),
      br('fdb', 'append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.0.0.10', 'port', '4799', 'vni', '500', 'self', 'permanent'),
      br('fdb', 'add', '02:00:00:00:00:dd', 'dev', 'vx0', 'dst', '10.0.0.11', 'self', 'static'),
    ],
  },
];

/** An HTB tree on ve0 with a leaf per qdisc kind; filters on it and on clsact/ingress. */
const tcSteps: Step[] = [
  {
    id: 'htb', group: 'qdisc', kind: 'htb', needs: ['veth'],
    cmds: [
      tc('qdisc', 'add', 'dev', 've0', 'root', 'handle', '1:', 'htb', 'default', '20', 'r2q', '5', 'direct_qlen', '64'),
      tc('class', 'add', 'dev', 've0', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '100mbit', 'ceil', '100mbit', 'burst', '15k', 'cburst', '15k'),
      tc('class', 'add', 'dev', 've0', 'parent', '1:1', 'classid', '1:10', 'htb', 'rate', '10mbit', 'ceil', '50mbit', 'prio', '1', 'quantum', '1500'),
      tc('class', 'add', 'dev', 've0', 'parent', '1:1', 'classid', '1:20', 'htb', 'rate', '5mbit', 'ceil', '20mbit', 'prio', '2'),
    ],
  },
  { id: 'tbf', group: 'qdisc', kind: 'tbf', needs: ['htb'], cmds: [tc('qdisc', 'add', 'dev', 've0', 'parent', '1:10', 'handle', '10:', 'tbf', 'rate', '8mbit', 'burst', '32kb', 'latency', '50ms', 'peakrate', '9mbit', 'mtu', '2000')] },
  { id: 'pfifo', group: 'qdisc', kind: 'pfifo', needs: ['htb'], cmds: [tc('qdisc', 'add', 'dev', 've0', 'parent', '1:20', 'handle', '20:', 'pfifo', 'limit', '50')] },
  ...leafQdisc('bfifo', 30, ['bfifo', 'limit', '30000']),
  ...leafQdisc('pfifo_head_drop', 31, ['pfifo_head_drop', 'limit', '40']),
  ...leafQdisc('fq_codel', 32, ['fq_codel', 'limit', '2000', 'flows', '512', 'target', '3ms', 'interval', '40ms', 'quantum', '1400', 'ecn', 'ce_threshold', '2ms', 'memory_limit', '16mb']),
  ...leafQdisc('netem', 33, ['netem', 'delay', '10ms', '2ms', '25%', 'loss', '0.5%', 'duplicate', '1%', 'reorder', '5%', '50%', 'corrupt', '0.1%', 'rate', '1mbit', 'limit', '500']),
  ...leafQdisc('prio', 34, ['prio', 'bands', '4', 'priomap', '3', '2', '1', '0', '3', '2', '1', '0', '3', '2', '1', '0', '3', '2', '1', '0']),
  ...leafQdisc('sfq', 35, ['sfq', 'perturb', '10', 'quantum', '1514', 'limit', '64', 'divisor', '256', 'headdrop']),
  ...leafQdisc('red', 36, ['red', 'limit', '400000', 'min', '30000', 'max', '90000', 'avpkt', '1000', 'burst', '55', 'probability', '0.02', 'bandwidth', '10mbit', 'ecn', 'harddrop']),
  ...leafQdisc('cake', 37, ['cake', 'bandwidth', '20mbit', 'diffserv4', 'triple-isolate', 'nat', 'ack-filter', 'rtt', '50ms', 'overhead', '18', 'mpu', '64']),
  ...leafQdisc('fq', 38, ['fq', 'limit', '5000', 'flow_limit', '50', 'quantum', '3028', 'initial_quantum', '15140', 'maxrate', '50mbit', 'buckets', '512']),
  ...leafQdisc('codel', 39, ['codel', 'limit', '500', 'target', '4ms', 'interval', '90ms', 'ecn']),
  ...leafQdisc('pie', 40, ['pie', 'limit', '900', 'target', '10ms', 'tupdate', '20ms', 'alpha', '3', 'beta', '30', 'ecn', 'bytemode']),
  ...leafQdisc('sfb', 41, ['sfb', 'limit', '100', 'max', '30', 'target', '15', 'increment', '0.001', 'decrement', '0.0002', 'penalty_rate', '20', 'penalty_burst', '30']),
  ...leafQdisc('choke', 42, ['choke', 'limit', '1000', 'min', '100', 'max', '300', 'avpkt', '1000', 'burst', '200', 'bandwidth', '10mbit', 'probability', '0.05']),
  ...leafQdisc('hhf', 43, ['hhf', 'limit', '2000', 'quantum', '1600', 'hh_limit', '1024', 'reset_timeout', '50ms']),
  ...leafQdisc('drr', 44, ['drr']),
  ...leafQdisc('qfq', 45, ['qfq']),
  ...leafQdisc('hfsc', 46, ['hfsc', 'default', '1']),
  ...leafQdisc('skbprio', 47, ['skbprio', 'limit', '77']),
  ...leafQdisc('plug', 48, ['plug', 'limit', '3000']),
  ...leafQdisc('ets', 49, ['ets', 'bands', '3', 'strict', '1', 'quanta', '1500', '2500']),
  ...leafQdisc('multiq', 50, ['multiq']),
  { id: 'clsact', group: 'qdisc', kind: 'clsact', needs: ['veth'], cmds: [tc('qdisc', 'add', 'dev', 've1', 'clsact')] },
  { id: 'mq', group: 'qdisc', kind: 'mq', needs: ['veth'], cmds: [tc('qdisc', 'add', 'dev', 've1', 'root', 'handle', '9:', 'mq')] },
  {
    id: 'stab-htb64', group: 'qdisc', kind: 'size table + 64-bit rates (htb, tbf)', needs: ['bridge'],
    cmds: [
      tc('qdisc', 'add', 'dev', 'vb0', 'root', 'handle', '7:', 'stab', 'overhead', '24', 'mpu', '64', 'linklayer', 'adsl', 'htb', 'default', '2'),
      tc('class', 'add', 'dev', 'vb0', 'parent', '7:', 'classid', '7:2', 'htb', 'rate', '10gbit', 'ceil', '20gbit'),
      tc('qdisc', 'add', 'dev', 'vb0', 'parent', '7:2', 'handle', '72:', 'tbf', 'rate', '6gbit', 'burst', '100k', 'latency', '10ms'),
    ],
  },
  {
    id: 'chains', group: 'filter', kind: 'chains (explicit, and a filter in chain 6)', needs: ['htb'],
    cmds: [
      tc('chain', 'add', 'dev', 've0', 'parent', '1:', 'chain', '5'),
      tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'chain', '6', 'prio', '1', 'protocol', 'ip', 'u32', 'match', 'mark', '0x10', '0xff', 'match', 'ip', 'src', '1.2.3.4/32', 'classid', '1:20'),
    ],
  },
  { id: 'u32-indev', group: 'filter', kind: 'u32 indev', needs: ['clsact'], cmds: [tc('filter', 'add', 'dev', 've1', 'ingress', 'prio', '9', 'protocol', 'ip', 'u32', 'match', 'ip', 'src', '1.2.3.4/32', 'indev', 've1')] },
  { id: 'ingress', group: 'qdisc', kind: 'ingress', needs: ['veth-bridge-port'], cmds: [tc('qdisc', 'add', 'dev', 'vb1', 'ingress')] },
  { id: 'pfifo_fast', group: 'qdisc', kind: 'pfifo_fast', needs: ['veth-bridge-port'], cmds: [tc('qdisc', 'add', 'dev', 'vb1', 'root', 'handle', '5:', 'pfifo_fast')] },
  {
    id: 'u32', group: 'filter', kind: 'u32 (2 keys) + mirred', needs: ['htb', 'ifb'],
    cmds: [tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'protocol', 'ip', 'prio', '10', 'u32', 'match', 'ip', 'src', '10.0.0.0/24', 'match', 'ip', 'dport', '80', '0xffff',
      'flowid', '1:10', 'action', 'mirred', 'egress', 'mirror', 'dev', 'ifb0')],
  },
  {
    id: 'u32-hash', group: 'filter', kind: 'u32 hash table + link', needs: ['htb'],
    cmds: [
      tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '11', 'handle', '2:', 'protocol', 'ip', 'u32', 'divisor', '16'),
      tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '11', 'protocol', 'ip', 'u32', 'ht', '800::', 'match', 'ip', 'protocol', '6', '0xff',
        'hashkey', 'mask', '0x0000000f', 'at', '20', 'link', '2:'),
      tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '11', 'protocol', 'ip', 'u32', 'ht', '2:3:', 'match', 'ip', 'tos', '0x10', '0xff', 'classid', '1:20'),
    ],
  },
  { id: 'cls-bpf', group: 'filter', kind: 'bpf (classic bytecode)', needs: ['htb'], cmds: [tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '12', 'protocol', 'all', 'bpf', 'bytecode', '1,6 0 0 4294967295,', 'classid', '1:20')] },
  { id: 'u32-ingress', group: 'filter', kind: 'u32 on clsact ingress', needs: ['clsact', 'ifb'], cmds: [tc('filter', 'add', 'dev', 've1', 'ingress', 'prio', '3', 'protocol', 'ipv6', 'u32', 'match', 'ip6', 'dst', '2001:db8::/64', 'action', 'mirred', 'ingress', 'redirect', 'dev', 'ifb0')] },
  { id: 'u32-egress', group: 'filter', kind: 'u32 on clsact egress', needs: ['clsact'], cmds: [tc('filter', 'add', 'dev', 've1', 'egress', 'prio', '4', 'protocol', 'ip', 'u32', 'match', 'u32', '0x11223344', '0xffffffff', 'at', '12', 'match', 'u16', '0x0050', '0xffff', 'at', '22')] },
  {
    id: 'flower', group: 'filter', kind: 'flower', needs: ['clsact'],
    cmds: [tc('filter', 'add', 'dev', 've1', 'ingress', 'prio', '5', 'protocol', 'ip', 'flower', 'skip_hw', 'ip_proto', 'tcp', 'dst_ip', '192.168.1.0/24', 'src_port', '1000-2000', 'dst_port', '443', 'action', 'drop')],
  },
  { id: 'matchall', group: 'filter', kind: 'matchall', needs: ['ingress'], cmds: [tc('filter', 'add', 'dev', 'vb1', 'ingress', 'prio', '6', 'matchall', 'skip_hw', 'action', 'pass')] },
  { id: 'basic', group: 'filter', kind: 'basic (ematch)', needs: ['ingress'], cmds: [tc('filter', 'add', 'dev', 'vb1', 'ingress', 'prio', '7', 'protocol', 'ip', 'basic', 'match', 'cmp(u16 at 2 layer network eq 0x0800)', 'action', 'pass')] },
  { id: 'fw', group: 'filter', kind: 'fw', needs: ['htb'], cmds: [tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '13', 'protocol', 'ip', 'handle', '7', 'fw', 'classid', '1:10')] },
  { id: 'route-cls', group: 'filter', kind: 'route', needs: ['htb'], cmds: [tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '14', 'protocol', 'ip', 'route', 'to', '5', 'classid', '1:10')] },
  { id: 'flow-cls', group: 'filter', kind: 'flow', needs: ['htb'], cmds: [tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '15', 'protocol', 'ip', 'flow', 'hash', 'keys', 'src,dst', 'divisor', '16', 'baseclass', '1:10')] },
  { id: 'cgroup-cls', group: 'filter', kind: 'cgroup', needs: ['htb'], cmds: [tc('filter', 'add', 'dev', 've0', 'parent', '1:', 'prio', '16', 'protocol', 'ip', 'cgroup')] },
  ...action('mirred', ['mirred', 'egress', 'redirect', 'dev', 've1', 'index', '10', 'cookie', 'aabbccdd']),
  ...action('gact', ['gact', 'drop', 'random', 'determ', 'pass', '10', 'index', '11']),
  ...action('police', ['police', 'rate', '1mbit', 'burst', '10k', 'mtu', '2000', 'conform-exceed', 'drop/pass', 'index', '12']),
  ...action('skbedit', ['skbedit', 'priority', '1:5', 'mark', '0x77/0xff', 'queue_mapping', '1', 'ptype', 'host', 'index', '13']),
  ...action('vlan', ['vlan', 'push', 'id', '123', 'protocol', '802.1ad', 'priority', '5', 'index', '14']),
  ...action('tunnel_key', ['tunnel_key', 'set', 'src_ip', '10.0.0.1', 'dst_ip', '10.0.0.9', 'id', '77', 'dst_port', '4789', 'tos', '0x10', 'ttl', '40', 'csum', 'index', '15']),
  ...action('pedit', ['pedit', 'ex', 'munge', 'ip', 'ttl', 'set', '10', 'munge', 'ip', 'src', 'set', '10.1.1.1', 'index', '16']),
  ...action('csum', ['csum', 'iph', 'and', 'tcp', 'index', '17']),
  ...action('nat', ['nat', 'egress', '10.0.0.0/24', '192.168.1.1', 'index', '18']),
  ...action('simple', ['simple', 'sdata', 'corpus', 'index', '19']),
  ...action('mpls', ['mpls', 'push', 'label', '300', 'tc', '3', 'ttl', '40', 'index', '20']),
  ...action('skbmod', ['skbmod', 'set', 'dmac', '02:00:00:00:00:99', 'swap', 'mac', 'index', '21']),
  ...action('connmark', ['connmark', 'zone', '5', 'index', '22']),
  ...action('ctinfo', ['ctinfo', 'dscp', '0xfc000000', '0x01000000', 'index', '23']),
  ...action('ct', ['ct', 'commit', 'zone', '9', 'mark', '0x5/0xff', 'index', '24']),
  ...action('sample', ['sample', 'rate', '100', 'group', '5', 'trunc', '128', 'index', '25']),
  ...action('gate', ['gate', 'clockid', 'CLOCK_TAI', 'sched-entry', 'open', '200000000', '-1', '-1', 'sched-entry', 'close', '100000000', '-1', '-1', 'index', '26']),
];

/** An HTB class 1:<minor> with `kind` as its leaf qdisc (handle <minor>:). */
function leafQdisc(kind: string, minor: number, args: string[]): Step[] {
  return [{
    id: kind, group: 'qdisc', kind, needs: ['htb'],
    cmds: [
      tc('class', 'add', 'dev', 've0', 'parent', '1:1', 'classid', `1:${minor}`, 'htb', 'rate', '1mbit'),
      tc('qdisc', 'add', 'dev', 've0', 'parent', `1:${minor}`, 'handle', `${minor}:`, ...args),
    ],
  }];
}

/** A standalone action (`tc actions add`), dumped later with `tc actions ls action <kind>`. */
function action(kind: string, args: string[]): Step[] {
  const needs = kind === 'mirred' ? ['veth'] : [];
  return [{ id: `act-${kind}`, group: 'action', kind, needs, cmds: [tc('actions', 'add', 'action', ...args)] }];
}

export const SCENARIO: Step[] = [...base, ...links, ...bridge, ...addrs, ...routes, ...mpls, ...rules, ...neighs, ...tcSteps];
