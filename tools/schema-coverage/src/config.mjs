// What the report compares: which uapi headers the netlink-raw families target, which uapi
// enums belong to which family, and the sets whose uapi prefix cannot be read off the schema.

/**
 * Headers under <include>/linux, in an order where each one's constants come before use. The
 * first group is the one issue #16 names; `extra` headers hold enums some of our sets use
 * (link kinds, tc stats, route encaps) and only count where a family claims an enum.
 */
export const HEADERS = [
  'if_addr.h', 'neighbour.h', 'rtnetlink.h', 'fib_rules.h', 'if_link.h', 'if_bridge.h', 'mpls.h',
  'lwtunnel.h', 'mpls_iptunnel.h', 'seg6.h', 'seg6_hmac.h', 'seg6_iptunnel.h', 'seg6_local.h',
  'pkt_sched.h', 'pkt_cls.h', 'tc_act/*.h',
];
export const EXTRA_HEADERS = [
  'if_tunnel.h', 'veth.h', 'if_bonding.h', 'amt.h', 'can/netlink.h', 'can/vxcan.h', 'batman_adv.h', 'wwan.h',
  'ila.h', 'rpl_iptunnel.h', 'ioam6_iptunnel.h', 'gen_stats.h', 'ife.h',
];

/**
 * Each family's uapi attribute enums, by prefix (a regexp on `P_`). A family lists an enum of
 * these headers that none of its sets names as `(no attribute set)`; an enum no family claims
 * is listed as outside our families (e.g. MDBA_*, which RTM_*MDB messages carry).
 */
export const FAMILIES = {
  'rt-addr': [/^IFA_/],
  'rt-link': [/^IFLA_/, /^VETH_INFO_/, /^VXCAN_INFO_/, /^BRIDGE_XSTATS_/, /^BRIDGE_QUERIER_/, /^LINK_XSTATS_TYPE_/, /^BOND_XSTATS_/, /^BOND_3AD_STAT_/, /^MPLS_STATS_/],
  'rt-neigh': [/^NDA_/, /^NDTA_/, /^NDTPA_/, /^NFEA_/],
  'rt-route': [/^RTA_/, /^RTAX_/, /^LWTUNNEL_IP6?_/, /^LWTUNNEL_IP_OPT/, /^LWT_/, /^MPLS_IPTUNNEL_/, /^SEG6_IPTUNNEL_/, /^SEG6_LOCAL_/, /^ILA_ATTR_/, /^RPL_IPTUNNEL_/, /^IOAM6_IPTUNNEL_/],
  'rt-rule': [/^FRA_/],
  tc: [/^TCA_/, /^NETEM_LOSS_/, /^IFE_META_/],
};

/**
 * Enums closed like attribute enums that list values, not attributes, and that the parser's
 * own test (ids 0, 1, 2, ...; entries named with the prefix) cannot tell apart.
 */
export const NOT_ATTRIBUTES = [
  'FR_ACT_', 'RTM_', 'RTN_', 'RTNLGRP_', 'IFLA_VF_LINK_STATE_', 'LWTUNNEL_ENCAP_', 'TCA_ID_',
  'SEG6_LOCAL_ACTION_', 'SEG6_LOCAL_FLV_OP_', 'SEG6_IPTUN_MODE_', 'SEG6_LOCAL_PKTINFO_',
  'IOAM6_IPTUNNEL_MODE_', 'ILA_CSUM_', 'ILA_ATYPE_', 'ILA_HOOK_', 'ILA_CMD_', 'BR_STP_MODE_', 'VXLAN_LABEL_',
  'TC_MQPRIO_HW_OFFLOAD_', 'TC_MQPRIO_MODE_', 'TC_MQPRIO_SHAPER_', 'FLOW_KEY_', 'TCF_LAYER_',
  'PEDIT_HDR_TYPE_', 'PEDIT_CMD_', 'MACSEC_VALIDATE_', 'MACSEC_OFFLOAD_', 'VXLAN_DF_', 'GENEVE_DF_',
];

/**
 * Sets whose attributes are not `<name-prefix><attr>` in uapi, keyed `family/set`: the uapi
 * prefix to read them with, or { skip: why } for a set that no uapi attribute enum describes.
 * Other sets are read with their name-prefix, or without one as `<guess><SET>_` (tc: htb-attrs
 * → TCA_HTB_), or a shorter form of either (seg6-local-bpf-prog- → SEG6_LOCAL_BPF_).
 */
export const SET_PREFIX = {
  'rt-link/af-spec-attrs': { skip: 'keyed by address family (AF_*), not a uapi attribute enum' },
  'rt-link/stats-af-spec-attrs': { skip: 'keyed by address family (AF_*), not a uapi attribute enum' },
  'rt-link/devlink-port-attrs': { skip: 'a few DEVLINK_ATTR_* of the devlink family (linux/devlink.h), by design' },
  'rt-link/dpll-pin-attrs': { skip: 'a few DPLL_A_PIN_* of the dpll family (linux/dpll.h), by design' },
  'rt-link/stats-filter-attrs': 'IFLA_STATS_',
  'rt-link/hw-s-info-attrs': 'IFLA_OFFLOAD_XSTATS_',
  'rt-link/linkinfo-veth-attrs': 'VETH_INFO_',
  'tc/tc-attrs': 'TCA_',
  'tc/tc-class-attrs': 'TCA_',
  'tc/tc-filter-attrs': 'TCA_',
  'tc/tca-stats-attrs': 'TCA_STATS_',
  'tc/tca-class-stats-attrs': 'TCA_STATS_',
  'tc/tca-stab-attrs': 'TCA_STAB_',
  'tc/act-attrs': 'TCA_ACT_',
  'tc/action-root-attrs': 'TCA_ROOT_',
  'tc/act-bpf-attrs': 'TCA_ACT_BPF_',
  'tc/ematch-attrs': 'TCA_EMATCH_TREE_',
  'tc/taprio-attrs': 'TCA_TAPRIO_ATTR_',
  'tc/taprio-sched-entry-list-attrs': 'TCA_TAPRIO_SCHED_',
  'tc/gred-vq-list-attrs': 'TCA_GRED_VQ_',
  'tc/netem-loss-attrs': 'NETEM_LOSS_',
  'tc/mqprio-min-rate-attrs': 'TCA_MQPRIO_',
  'tc/mqprio-max-rate-attrs': 'TCA_MQPRIO_',
  'tc/route-attrs': 'TCA_ROUTE4_',
  'tc/simple-attrs': 'TCA_DEF_',
  'tc/ife-meta-attrs': 'IFE_META_',
  'tc/flower-enc-opts-attrs': 'TCA_FLOWER_KEY_ENC_OPTS_',
  'tc/flower-enc-opt-geneve-attrs': 'TCA_FLOWER_KEY_ENC_OPT_GENEVE_',
  'tc/flower-enc-opt-vxlan-attrs': 'TCA_FLOWER_KEY_ENC_OPT_VXLAN_',
  'tc/flower-enc-opt-erspan-attrs': 'TCA_FLOWER_KEY_ENC_OPT_ERSPAN_',
  'tc/flower-enc-opt-gtp-attrs': 'TCA_FLOWER_KEY_ENC_OPT_GTP_',
  'tc/flower-enc-opt-pfcp-attrs': 'TCA_FLOWER_KEY_ENC_OPT_PFCP_',
  'tc/flower-cfm-attrs': 'TCA_FLOWER_KEY_CFM_',
  'tc/flower-mpls-opts-attrs': 'TCA_FLOWER_KEY_MPLS_OPTS_',
  'tc/flower-mpls-lse-attrs': 'TCA_FLOWER_KEY_MPLS_OPT_LSE_',
  'tc/tunnel-key-enc-opts-attrs': 'TCA_TUNNEL_KEY_ENC_OPTS_',
};

/** Prefixes tried, in order, for a set with neither name-prefix nor table entry: `<guess><SET>_`. */
export const GUESS_PREFIX = { tc: ['TCA_', 'TCA_ACT_'] };

/** Entries of a claimed enum that belong to another message family: left out of the counts. */
export const ELSEWHERE = {
  ILA_ATTR_IDENTIFIER: 'ila genetlink (ILA_CMD_*)',
  ILA_ATTR_LOCATOR_MATCH: 'ila genetlink (ILA_CMD_*)',
  ILA_ATTR_IFINDEX: 'ila genetlink (ILA_CMD_*)',
  ILA_ATTR_DIR: 'ila genetlink (ILA_CMD_*)',
};
