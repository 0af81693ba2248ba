/** The TypeScript type of one value, as the spec runtime decodes it (`out`) or accepts it (`in`). */
import { TAIL_KEY, memberName, type AttrIR, type DisplayHint, type ScalarType } from '@nlkit/ir';
import { lit } from './docs.js';
import type { Ctx, Dir } from './context.js';

const TEXT_HINTS = new Set<DisplayHint>(['mac', 'fddi', 'ipv4', 'ipv6', 'ipv4-or-v6', 'uuid']);
const FIXED_INTS = new Set(['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64']);

interface ScalarMeta {
  enum?: string;
  enumAsFlags?: boolean;
  displayHint?: DisplayHint;
}

interface BinaryMeta extends ScalarMeta {
  struct?: string;
  subType?: AttrIR['subType'];
}

export function isInt(t: string): t is ScalarType {
  return FIXED_INTS.has(t) || t === 'uint' || t === 'sint';
}

/** An integer, with enum names, flag lists or dotted IPv4 text where the schema says so. */
export function intType(ctx: Ctx, kind: ScalarType, m: ScalarMeta, dir: Dir): string {
  const wide = kind === 'u64' || kind === 's64';
  const variable = kind === 'uint' || kind === 'sint';
  const plain = wide ? 'bigint' : variable ? 'number | bigint' : 'number';
  const e = m.enum !== undefined ? ctx.enums.get(m.enum) : undefined;
  if (e) {
    if (m.enumAsFlags || e.ir.kind === 'flags') {
      return dir === 'out' ? `Array<${e.type} | number>` : `Array<${e.type} | number | bigint> | number | bigint`;
    }
    return dir === 'out' ? `${e.type} | ${plain}` : `${e.type} | number | bigint`;
  }
  if (m.displayHint === 'ipv4') {
    if (dir === 'in') return 'string | number | bigint';
    return wide ? 'bigint' : variable ? 'string | bigint' : 'string';
  }
  return dir === 'out' ? plain : 'number | bigint';
}

/**
 * A packed array: its elements, and the bytes after the last whole element as `$tail`
 * (schemas/EXTENSIONS.md, never drop bytes).
 */
function packedArray(elem: string): string {
  return `(Array<${elem}> & { ${TAIL_KEY}?: Uint8Array })`;
}

/** Bytes: a struct (or an array of them), an array of integers, display text, or raw bytes. */
export function binaryType(ctx: Ctx, m: BinaryMeta, dir: Dir): string {
  const st = m.struct !== undefined ? ctx.structs.get(m.struct) : undefined;
  if (st) {
    if (m.subType === 'binary') return dir === 'out' ? packedArray(st.type.out) : `${packedArray(st.type.in)} | Uint8Array`;
    return dir === 'out' ? st.type.out : `${st.type.in} | Uint8Array`;
  }
  const sub = m.subType;
  if (sub !== undefined && FIXED_INTS.has(sub)) {
    if (dir === 'in') return `${packedArray('number | bigint')} | Uint8Array`;
    return packedArray(sub === 'u64' || sub === 's64' ? 'bigint' : 'number');
  }
  if (m.displayHint !== undefined && TEXT_HINTS.has(m.displayHint)) return dir === 'out' ? 'string' : 'string | Uint8Array';
  return 'Uint8Array';
}

function setType(ctx: Ctx, name: string | undefined, dir: Dir): string {
  const s = name !== undefined ? ctx.sets.get(name) : undefined;
  return s ? s.type[dir] : 'Record<string, unknown>';
}

/** A sub-message whose selector is in an enclosing set: any of its formats, or bytes. */
export function subMessageUnion(ctx: Ctx, name: string | undefined, dir: Dir): string {
  const sm = name !== undefined ? ctx.subMessages.get(name) : undefined;
  if (!sm || sm.formats.size === 0) return 'Uint8Array';
  return `${sm.union[dir]} | Uint8Array`;
}

/** The members of a union type's text, split at the top level only (`Array<A | B> | C` is two). */
function unionParts(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '<' || ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === '>' || ch === ')' || ch === '}' || ch === ']') depth--;
    else if (depth === 0 && t.startsWith(' | ', i)) {
      out.push(t.slice(start, i));
      start = i + 3;
      i += 2;
    }
  }
  out.push(t.slice(start));
  return out;
}

/** The attribute as one nlkit-select case reads it (the declared reading without a case). */
function caseAttr(a: AttrIR, c: NonNullable<AttrIR['select']>['cases'][number] | undefined): AttrIR {
  const { select: _s, ...declared } = a;
  if (!c) return declared;
  const { value: _v, ...override } = c;
  return { ...declared, ...override };
}

/** nlkit-records: an array of `{ header, ...attributes }`, the header without its length member (the encoder writes it). */
function recordsType(ctx: Ctx, r: NonNullable<AttrIR['records']>, dir: Dir): string {
  const st = ctx.structs.get(r.header);
  const header = st ? `Omit<${st.type[dir]}, ${lit(memberName(r.length))}>` : 'Record<string, unknown>';
  return `Array<{ header${dir === 'in' ? '?' : ''}: ${header} } & ${setType(ctx, r.attributeSet, dir)}>`;
}

/** One attribute's value (one element, for multi-attr); undefined for attributes never exposed. */
export function attrValueType(ctx: Ctx, a: AttrIR, dir: Dir): string | undefined {
  if (a.select) {
    // The declared reading and every case's: which one depends on the selector's value.
    const types: string[] = [];
    for (const c of [undefined, ...a.select.cases]) {
      const t = attrValueType(ctx, caseAttr(a, c), dir);
      for (const part of t === undefined ? [] : unionParts(t)) if (!types.includes(part)) types.push(part);
    }
    return types.length ? types.join(' | ') : undefined;
  }
  if (a.records) return recordsType(ctx, a.records, dir);
  switch (a.type) {
    case 'unused':
    case 'pad':
      return undefined;
    case 'flag':
      return dir === 'out' ? 'true' : 'boolean';
    case 'string':
      return 'string';
    case 'bitfield32':
      return '$Bitfield32';
    case 'binary':
      return binaryType(ctx, a, dir);
    case 'nest':
      return setType(ctx, a.nestedAttributes, dir);
    case 'indexed-array': {
      const sub = a.subType ?? 'nest';
      let elem: string;
      if (sub === 'nest') elem = setType(ctx, a.nestedAttributes, dir);
      else if (sub === 'binary') elem = binaryType(ctx, { ...a, subType: undefined }, dir);
      else if (sub === 'string') elem = 'string';
      else elem = intType(ctx, sub, a, dir);
      return `Array<${elem}>`;
    }
    case 'nest-type-value': {
      let inner = a.nestedAttributes !== undefined ? setType(ctx, a.nestedAttributes, dir) : 'Uint8Array';
      const levels = Math.max(1, a.typeValue?.length ?? 1);
      for (let i = 0; i < levels; i++) inner = `Record<string, ${inner}>`;
      return inner;
    }
    case 'sub-message':
      return subMessageUnion(ctx, a.subMessage, dir);
    default:
      return isInt(a.type) ? intType(ctx, a.type, a, dir) : 'unknown';
  }
}

/** The member type: multi-attr values are arrays. */
export function attrMemberType(ctx: Ctx, a: AttrIR, dir: Dir): string | undefined {
  const t = attrValueType(ctx, a, dir);
  if (t === undefined) return undefined;
  return a.multiAttr ? `Array<${t}>` : t;
}
