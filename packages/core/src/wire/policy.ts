/** NL_POLICY_TYPE_ATTR_* (linux/netlink.h): one attribute's policy, as in extack and getpolicy. */
import { walkAttrs } from './attrs.js';

export const POLICY_ATTR_TYPES = [
  'invalid', 'flag', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'binary', 'string',
  'nul-string', 'nested', 'nested-array', 'bitfield32', 'sint', 'uint',
] as const;

export interface AttrPolicy {
  type?: string;
  minValue?: bigint | number;
  maxValue?: bigint | number;
  minLength?: number;
  maxLength?: number;
  policyIndex?: number;
  policyMaxType?: number;
  bitfield32Mask?: number;
  mask?: bigint | number;
}

function small(v: bigint): bigint | number {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function readPolicy(buf: Uint8Array, start: number, end: number): AttrPolicy {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const p: AttrPolicy = {};
  const u32 = (s: number) => dv.getUint32(s, true);
  walkAttrs(buf, start, end, (type, s, e) => {
    const len = e - s;
    switch (type) {
      case 1: if (len >= 4) p.type = POLICY_ATTR_TYPES[u32(s)] ?? `type-${u32(s)}`; break;
      case 2: if (len >= 8) p.minValue = small(dv.getBigInt64(s, true)); break;
      case 3: if (len >= 8) p.maxValue = small(dv.getBigInt64(s, true)); break;
      case 4: if (len >= 8) p.minValue = small(dv.getBigUint64(s, true)); break;
      case 5: if (len >= 8) p.maxValue = small(dv.getBigUint64(s, true)); break;
      case 6: if (len >= 4) p.minLength = u32(s); break;
      case 7: if (len >= 4) p.maxLength = u32(s); break;
      case 8: if (len >= 4) p.policyIndex = u32(s); break;
      case 9: if (len >= 4) p.policyMaxType = u32(s); break;
      case 10: if (len >= 4) p.bitfield32Mask = u32(s); break;
      case 12: if (len >= 8) p.mask = small(dv.getBigUint64(s, true)); break;
    }
  });
  return p;
}
