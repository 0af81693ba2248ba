/** Scalar values: enums and flags by name, display hints, in both directions. */
import type { DisplayHint } from '@nlkit/ir';
import { flagMasks, type EnumIndex, type FamilyIndex } from './family.js';
import {
  formatHex, formatIp, formatIpv4, formatIpv6, formatMac, formatUuid,
  parseHex, parseIp, parseIpv4, parseIpv6, parseMac, parseUuid,
} from '../wire/display.js';
import { shown } from '../wire/limits.js';

/** An enum value as its name when known, else the number (enums stay open). */
export function enumToName(e: EnumIndex, v: number | bigint): string | number | bigint {
  const n = typeof v === 'bigint' ? (v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : -1) : v;
  return e.byValue.get(n) ?? v;
}

/** A flags value as the list of set flag names; unknown bits stay as one number at the end. */
export function flagsToNames(e: EnumIndex, v: number | bigint): Array<string | number> {
  const masks = cachedMasks(e);
  if (masks.fit32 && typeof v === 'number' && v >= 0 && v <= 0xffffffff && Number.isInteger(v)) {
    // Same result as below, with 32-bit number arithmetic instead of bigints.
    let rest32 = v;
    const out32: Array<string | number> = [];
    for (const [name, mask] of masks.list) {
      if (mask !== 0 && ((rest32 & mask) >>> 0) === mask) {
        out32.push(name);
        rest32 = (rest32 & ~mask) >>> 0;
      }
    }
    if (rest32 !== 0) out32.push(rest32);
    return out32;
  }
  let rest = BigInt(v);
  const out: Array<string | number> = [];
  for (const [name, mask] of masks.list) {
    const m = BigInt(mask);
    if (m !== 0n && (rest & m) === m) {
      out.push(name);
      rest &= ~m;
    }
  }
  if (rest !== 0n) out.push(Number(rest));
  return out;
}

/** flagMasks(e), computed once per enum; fit32 when every mask fits in 32 bits. */
const maskCache = new WeakMap<EnumIndex, { list: Array<[string, number]>; fit32: boolean }>();
function cachedMasks(e: EnumIndex): { list: Array<[string, number]>; fit32: boolean } {
  let c = maskCache.get(e);
  if (!c) {
    const list = flagMasks(e);
    c = { list, fit32: list.every(([, m]) => Number.isInteger(m) && m >= 0 && m <= 0xffffffff) };
    maskCache.set(e, c);
  }
  return c;
}

/** Enum values below this are named through an array instead of a Map lookup. */
const DENSE_LIMIT = 1024;

/** enumToName for one enum, resolved once: small values are looked up in an array. */
export function enumNamer(e: EnumIndex): (v: number | bigint) => string | number | bigint {
  const dense: Array<string | undefined> = new Array<string | undefined>(DENSE_LIMIT).fill(undefined);
  for (const [value, name] of e.byValue) if (Number.isInteger(value) && value >= 0 && value < DENSE_LIMIT) dense[value] = name;
  return (v) => {
    if (typeof v === 'number' && v >= 0 && v < DENSE_LIMIT && Number.isInteger(v)) return dense[v] ?? v;
    return enumToName(e, v);
  };
}

/** flagsToNames for one flags set, resolved once: 32-bit masks are tested with number arithmetic. */
export function flagsNamer(e: EnumIndex): (v: number | bigint) => Array<string | number> {
  const { list, fit32 } = cachedMasks(e);
  if (!fit32) return (v) => flagsToNames(e, v);
  const names = list.map(([name]) => name);
  const masks = list.map(([, mask]) => mask);
  return (v) => {
    if (typeof v !== 'number' || v < 0 || v > 0xffffffff || !Number.isInteger(v)) return flagsToNames(e, v);
    // The same walk as flagsToNames, over plain arrays.
    let rest = v;
    const out: Array<string | number> = [];
    for (let i = 0; i < masks.length; i++) {
      const mask = masks[i]!;
      if (mask !== 0 && ((rest & mask) >>> 0) === mask) {
        out.push(names[i]!);
        rest = (rest & ~mask) >>> 0;
      }
    }
    if (rest !== 0) out.push(rest);
    return out;
  };
}

/**
 * How an integer (attribute or struct member) decodes: enum name, flag names, dotted IPv4
 * text, or the number itself. Resolved once per attribute or member.
 */
export function intDecorator(fam: FamilyIndex, m: { enum?: string; enumAsFlags?: boolean; displayHint?: string }): ((v: number | bigint) => unknown) | undefined {
  if (m.enum) {
    const e = fam.enums.get(m.enum);
    if (e) return m.enumAsFlags || e.ir.kind === 'flags' ? flagsNamer(e) : enumNamer(e);
  }
  if (m.displayHint === 'ipv4') return (v) => (typeof v === 'number' ? u32ToIpv4(v) : v);
  return undefined;
}

export function namesToFlags(e: EnumIndex, v: unknown): bigint | string {
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v);
  if (!Array.isArray(v)) return `expected an array of flag names or a number, got ${describe(v)}`;
  const masks = new Map(flagMasks(e));
  let out = 0n;
  for (const item of v) {
    if (typeof item === 'number' || typeof item === 'bigint') out |= BigInt(item);
    else if (typeof item === 'string' && masks.has(item)) out |= BigInt(masks.get(item)!);
    else return `unknown flag ${shown(item)} (known: ${[...masks.keys()].join(', ')})`;
  }
  return out;
}

export function nameToEnum(e: EnumIndex, v: unknown): number | bigint | string {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'string') {
    const n = e.byName.get(v);
    if (n !== undefined) return n;
    return `unknown value ${shown(v)} for enum ${e.ir.name} (known: ${[...e.byName.keys()].slice(0, 40).join(', ')})`;
  }
  return `expected an enum name or a number, got ${describe(v)}`;
}

export function formatBinary(hint: DisplayHint | undefined, b: Uint8Array): string | Uint8Array {
  switch (hint) {
    case 'mac': case 'fddi': return formatMac(b);
    case 'ipv4': return b.length === 4 ? formatIpv4(b) : formatHex(b);
    case 'ipv6': return b.length === 16 ? formatIpv6(b) : formatHex(b);
    case 'ipv4-or-v6': return formatIp(b);
    case 'uuid': return b.length === 16 ? formatUuid(b) : formatHex(b);
    default: return b;
  }
}

/** Bytes from a display string, or from a Uint8Array / array of numbers as given. */
export function parseBinary(hint: DisplayHint | undefined, v: unknown): Uint8Array | string {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)) return Uint8Array.from(v as number[]);
  if (typeof v !== 'string') return `expected bytes or a string, got ${describe(v)}`;
  let out: Uint8Array | undefined;
  switch (hint) {
    case 'mac': case 'fddi': out = parseMac(v); break;
    case 'ipv4': out = parseIpv4(v); break;
    case 'ipv6': out = parseIpv6(v); break;
    case 'ipv4-or-v6': out = parseIp(v); break;
    case 'uuid': out = parseUuid(v); break;
    default: out = parseHex(v); break;
  }
  // formatBinary shows a value of the wrong size for its hint (e.g. an empty ipv6) as hex:
  // accept hex back, so whatever was decoded encodes again.
  if (!out && hint) out = parseHex(v);
  return out ?? `cannot parse ${shown(v)} as ${hint ?? 'hex bytes'}`;
}

/** A u32 shown as an IPv4 address (display-hint ipv4 on an integer), stored big-endian. */
export function u32ToIpv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function ipv4ToU32(s: string): number | undefined {
  const b = parseIpv4(s);
  return b ? ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 : undefined;
}

/** What a value is, for "expected X, got Y" messages; strings and numbers echoed, capped. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'bytes';
  if (typeof v === 'string') return `the string ${shown(v)}`;
  if (typeof v === 'object') return 'object';
  if (typeof v === 'function' || typeof v === 'symbol' || v === undefined) return typeof v;
  return `${typeof v} ${shown(v)}`;
}

export { formatHex };
