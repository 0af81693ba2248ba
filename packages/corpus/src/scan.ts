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
 * Attributes whose payload the uapi leaves opaque (so bytes are the right decoding), by the
 * decoded key name, with why. Everything else that decodes to bytes is a finding.
 */
export const OPAQUE_BYTES: Record<string, string> = {
  cookie: 'tc action/filter cookie: user data the kernel stores and returns unread (TC_COOKIE_MAX_SIZE bytes)',
  physPortId: 'IFLA_PHYS_PORT_ID: an opaque id chosen by the driver',
  physSwitchId: 'IFLA_PHYS_SWITCH_ID: an opaque id chosen by the driver',
  reservedBits: 'IFLA_VXLAN_RESERVED_BITS: a mask laid out as struct vxlanhdr, which no uapi header defines',
};

export function scanDecoded(value: unknown, where: string): Finding[] {
  const out: Finding[] = [];
  const walk = (v: unknown, path: string[]): void => {
    if (v instanceof Uint8Array) {
      const key = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
      if (!(key in OPAQUE_BYTES)) out.push({ where, path: path.join('.'), what: `raw bytes (${v.length}): ${Buffer.from(v).toString('hex').slice(0, 48)}` });
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
