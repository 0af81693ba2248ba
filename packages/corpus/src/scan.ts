/**
 * The never-guess rule, checked on a decoded message: no `$unknown` (attributes the schema does
 * not know), no `$tail` (struct bytes past what the schema describes), no `<member>$rest` (bits
 * under no mask), and no raw bytes unless the uapi itself defines the payload as opaque.
 */

export interface Finding {
  /** Which dump and message: `link #3 (ve0)`. */
  where: string;
  /** Dotted path in the decoded value. */
  path: string;
  what: string;
}

/**
 * Values whose bytes the uapi leaves opaque (so bytes are the right decoding): by decoded key,
 * optionally only under a path that matches `under`, with why. schemas/README.md ("Left binary
 * on purpose") lists the same. Everything else that decodes to bytes is a finding.
 */
export const OPAQUE_BYTES: Array<{ key: string; under?: RegExp; why: string }> = [
  { key: 'cookie', why: 'TCA_ACT_COOKIE / TCA_FLOWER cookie: user data the kernel stores and returns unread' },
  { key: 'physPortId', why: 'IFLA_PHYS_PORT_ID: an opaque id chosen by the driver' },
  { key: 'physSwitchId', why: 'IFLA_PHYS_SWITCH_ID: an opaque id chosen by the driver' },
  { key: 'reservedBits', why: 'IFLA_VXLAN_RESERVED_BITS: a mask laid out as struct vxlanhdr, which no uapi header defines' },
  { key: 'mcast', under: /afSpec\.inet6/, why: 'IFLA_INET6_MCAST: reserved, never filled' },
  { key: 'expMaid', why: 'IFLA_BRIDGE_CFM_CC_CONFIG_EXP_MAID: a 48-byte opaque CFM association id' },
  { key: 'tag', why: 'TCA_BPF_TAG / TCA_ACT_BPF_TAG: the 8-byte hash naming a BPF program' },
  { key: 'data', under: /geneve/i, why: 'a Geneve option payload, whose format belongs to the option class' },
  { key: 'keyCtLabels', why: 'the 128-bit conntrack label bitmap' },
  { key: 'keyCtLabelsMask', why: 'the 128-bit conntrack label bitmap' },
  { key: 'labels', under: /options/, why: 'TCA_CT_LABELS: the 128-bit conntrack label bitmap' },
  { key: 'labelsMask', under: /options/, why: 'TCA_CT_LABELS_MASK: the 128-bit conntrack label bitmap' },
  { key: 'stab', why: 'TCA_RED_STAB and kin: a table of 256 u8 values, which bytes already are' },
  { key: 'priomap', why: 'struct tc_prio_qopt.priomap: __u8[TC_PRIO_MAX + 1], one band number per byte, which bytes already are' },
  { key: 'hdr', under: /options/, why: 'TCA_ATM_HDR: link-layer header bytes to prepend' },
];

function isOpaque(path: string[]): boolean {
  const key = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
  const joined = path.join('.');
  return OPAQUE_BYTES.some((o) => o.key === key && (!o.under || o.under.test(joined)));
}

export function scanDecoded(value: unknown, where: string): Finding[] {
  const out: Finding[] = [];
  const walk = (v: unknown, path: string[]): void => {
    if (v instanceof Uint8Array) {
      if (!isOpaque(path)) out.push({ where, path: path.join('.'), what: `raw bytes (${v.length}): ${Buffer.from(v).toString('hex').slice(0, 48)}` });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, String(i)]));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, k];
      if (k === '$unknown') {
        const list = (Array.isArray(x) ? x : [x]) as Array<{ type?: number; data?: Uint8Array }>;
        for (const u of list) {
          out.push({ where, path: p.join('.'), what: `unknown attribute type ${u?.type} (${u?.data?.length ?? '?'} bytes: ${u?.data ? Buffer.from(u.data).toString('hex').slice(0, 48) : ''})` });
        }
        continue;
      }
      if (k === '$tail') {
        out.push({ where, path: p.join('.'), what: `struct tail of ${(x as Uint8Array)?.length ?? '?'} bytes the schema does not describe` });
        continue;
      }
      if (k.endsWith('$rest')) {
        out.push({ where, path: p.join('.'), what: `bits under no field mask: ${String(x)}` });
        continue;
      }
      walk(x, p);
    }
  };
  walk(value, []);
  return out;
}
