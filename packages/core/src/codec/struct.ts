/** C structs with explicit layout (StructIR), decoded to and encoded from plain objects. */
import { TAIL_KEY, memberName, type StructIR, type StructMemberIR } from '@nlkit/ir';
import type { MessageBuilder } from '../wire/attrs.js';
import { decodeFields, decodeFlex, encodeFields, encodeFlex, encodeTail, fieldsPlan, flexFixedPart, flexPlan, type FieldsPlan, type FlexPlan } from './struct-ext.js';
import type { FamilyIndex } from './family.js';
import { checkIntRange, readInt, readString, stringBytes, writeInt, type IntKind } from '../wire/scalars.js';
import { DecodeError } from '../errors.js';
import { MAX_NEST_DEPTH, capText, shown } from '../wire/limits.js';
import { ValidationError } from '../errors.js';
import { describe, formatBinary, intDecorator, nameToEnum, namesToFlags, parseBinary, ipv4ToU32 } from './values.js';
import { buildStructDecoder, type StructDecoderFn } from './compile.js';

export type Decoded = Record<string, unknown>;

function isInt(t: StructMemberIR['type']): t is IntKind {
  return t !== 'binary' && t !== 'string' && t !== 'pad';
}

/** A struct member ready to decode: its key and value reader, worked out once per struct. */
export interface CompiledMember {
  key: string;
  offset: number;
  size: number;
  read: (fam: FamilyIndex, buf: Uint8Array, s: number, depth: number) => unknown;
  /** Bit fields (nlkit-fields): the member becomes several keys. */
  fields?: FieldsPlan;
}

/** A struct ready to decode: its members, and a straight-line decoder when one could be built. */
export interface CompiledStruct {
  members: CompiledMember[];
  /** The generated decoder, used when the struct is read in full (`reach` bytes). */
  fast?: { reach: number; decode: StructDecoderFn<FamilyIndex> };
  /** Builds `fast` once the struct has been decoded `left` more times (see STRUCT_COMPILE_AFTER). */
  pending?: () => CompiledStruct['fast'];
  left: number;
  /** A flexible array member (nlkit-flexible): read by decodeCarried only. */
  flex?: FlexPlan;
}

/**
 * Member-loop decodes of a struct before its straight-line decoder is generated: one-shot
 * requests never pay for code generation, dumps do after their first messages.
 */
export const STRUCT_COMPILE_AFTER = 32;

/** Per family: whether and when its structs get generated decoders (set by its Decoder). */
const structCompile = new WeakMap<FamilyIndex, { compile: boolean; after: number }>();

/** How the structs of `fam` are compiled: never, or after `after` member-loop decodes. */
export function setStructCompile(fam: FamilyIndex, compile: boolean, after = STRUCT_COMPILE_AFTER): void {
  structCompile.set(fam, { compile, after: Math.max(0, after) });
}

/** Compiled structs, per family index (enums are looked up in the family). */
const compiledStructs = new WeakMap<FamilyIndex, WeakMap<StructIR, CompiledStruct>>();

/** A struct compiled once per family, for callers that decode the same struct many times. */
export function compileStruct(fam: FamilyIndex, st: StructIR): CompiledStruct {
  let perFam = compiledStructs.get(fam);
  if (!perFam) compiledStructs.set(fam, (perFam = new WeakMap()));
  const known = perFam.get(st);
  if (known) return known;
  const members: CompiledMember[] = [];
  const sources: Parameters<typeof buildStructDecoder>[0] = [];
  // Bit fields and flexible arrays make a struct's keys depend on its bytes: no object literal.
  let literal = true;
  for (const m of st.members) {
    if (m.type === 'pad' || m.flexible) {
      literal &&= !m.flexible;
      continue;
    }
    if (m.fields) {
      literal = false;
      members.push({ key: memberName(m.name), offset: m.offset, size: m.size, read: () => undefined, fields: fieldsPlan(fam, m) });
      continue;
    }
    const size = m.size;
    let read: CompiledMember['read'];
    let int: { kind: IntKind; bigEndian: boolean; deco?: (v: number | bigint) => unknown } | undefined;
    if (isInt(m.type)) {
      const kind = m.type;
      const be = m.byteOrder === 'big-endian';
      const deco = intDecorator(fam, m);
      int = { kind, bigEndian: be, deco };
      read = deco ? (_f, buf, s) => deco(readInt(buf, s, kind, be)) : (_f, buf, s) => readInt(buf, s, kind, be);
    } else if (m.type === 'string') {
      read = (_f, buf, s) => readString(buf, s, s + size);
    } else if (m.struct) {
      const inner = m.struct;
      read = (f, buf, s, depth) => decodeStruct(f, f.struct(inner), buf, s, s + size, depth + 1);
    } else {
      const hint = m.displayHint;
      read = (_f, buf, s) => formatBinary(hint, buf.slice(s, s + size));
    }
    const key = memberName(m.name);
    members.push({ key, offset: m.offset, size, read });
    sources.push({ key, offset: m.offset, int, read: read as (fam: never, buf: Uint8Array, at: number, depth: number) => unknown });
  }
  const reach = Math.max(0, ...members.map((m) => m.offset + m.size));
  const pending = () => {
    const decode = buildStructDecoder<FamilyIndex>(sources);
    return decode && { reach, decode };
  };
  const how = structCompile.get(fam) ?? { compile: true, after: STRUCT_COMPILE_AFTER };
  const compiled: CompiledStruct = { members, left: how.after, flex: flexPlan(fam, st) };
  if (how.compile && literal && how.after === 0) compiled.fast = pending();
  else if (how.compile && literal) compiled.pending = pending;
  perFam.set(st, compiled);
  return compiled;
}

/**
 * Decodes buf[start, end) as `st`. A shorter buffer (an older kernel's struct) yields the members
 * that fit; a longer one is read up to the struct's size. `depth` counts structs inside structs
 * (a schema cannot loop, a hand-made IR can).
 */
export function decodeStruct(fam: FamilyIndex, st: StructIR, buf: Uint8Array, start: number, end: number, depth = 0): Decoded {
  if (depth > MAX_NEST_DEPTH) throw new DecodeError(`struct ${st.name} nested deeper than ${MAX_NEST_DEPTH} levels`, start);
  return decodeCompiled(fam, compileStruct(fam, st), buf, start, end, depth);
}

/** decodeStruct with the struct already compiled (the hot path of every message header). */
export function decodeCompiled(fam: FamilyIndex, compiled: CompiledStruct, buf: Uint8Array, start: number, end: number, depth = 0): Decoded {
  const { members, fast } = compiled;
  if (compiled.pending && --compiled.left <= 0) {
    compiled.fast = compiled.pending();
    compiled.pending = undefined;
  }
  // In full and inside the buffer: the generated decoder (a read past the buffer throws in readInt).
  if (fast && end - start >= fast.reach && start >= 0 && start + fast.reach <= buf.length) return fast.decode(fam, buf, start, depth);
  const out: Decoded = {};
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const s = start + m.offset;
    if (s + m.size > end) continue;
    if (m.fields) decodeFields(m.fields, out, buf, s);
    else out[m.key] = m.read(fam, buf, s, depth);
  }
  return out;
}

/**
 * A struct carried by an attribute, buf[start, end): the struct, its flexible array, and the
 * bytes past what it describes as `$tail` (nothing is dropped).
 */
export function decodeCarried(fam: FamilyIndex, st: StructIR, buf: Uint8Array, start: number, end: number, depth = 0, compiled = compileStruct(fam, st)): Decoded {
  if (depth > MAX_NEST_DEPTH) throw new DecodeError(`struct ${st.name} nested deeper than ${MAX_NEST_DEPTH} levels`, start);
  const out = decodeCompiled(fam, compiled, buf, start, end, depth);
  if (compiled.flex) decodeFlex(compiled.flex, out, buf, start, end, (el, s, e) => decodeStruct(fam, el, buf, s, e, depth + 1));
  else if (end - start > st.size) out[TAIL_KEY] = buf.slice(start + st.size, end);
  return out;
}

/** Appends a struct carried by an attribute: the struct, its flexible array and its `$tail`. */
export function encodeCarried(fam: FamilyIndex, st: StructIR, value: unknown, b: MessageBuilder, path: string[], depth = 0): void {
  const flex = compileStruct(fam, st).flex;
  const isObj = typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
  const fixed = flex && isObj ? flexFixedPart(flex, value as Decoded, path) : value;
  const at = b.zeros(st.size);
  encodeStruct(fam, st, fixed, b.buf, at, path, depth, true);
  if (!isObj) return;
  if (flex) encodeFlex(flex, value as Decoded, b, at, path, (el, v, out, o, p) => encodeStruct(fam, el, v, out, o, p, depth + 1));
  encodeTail(value, b, path);
}

/** Writes `value` as `st` into out[at, at + size). Missing members are zero. */
export function encodeStruct(fam: FamilyIndex, st: StructIR, value: unknown, out: Uint8Array, at: number, path: string[], depth = 0, carried = false): void {
  if (value === undefined || value === null) return;
  if (depth > MAX_NEST_DEPTH) throw new ValidationError(path, `struct ${st.name} nested deeper than ${MAX_NEST_DEPTH} levels`);
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    if (value instanceof Uint8Array) {
      out.set(value.subarray(0, st.size), at);
      return;
    }
    throw new ValidationError(path, `expected an object for struct ${st.name}, got ${describe(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const { byKey, list } = encodableMembers(fam, st);
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    if (!byKey.has(key) && !(carried && key === TAIL_KEY)) throw new ValidationError([...path, capText(key)], `unknown member of struct ${st.name} (known: ${[...byKey.keys()].join(', ')})`);
  }
  for (let i = 0; i < list.length; i++) {
    const [key, m, fields] = list[i]!;
    if (fields) {
      encodeFields(fam, fields, obj, out, at + m.offset, path);
      continue;
    }
    // Own properties only: a member called `constructor` must not find Object's.
    const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (v === undefined) continue;
    const s = at + m.offset;
    if (isInt(m.type)) {
      writeInt(out, s, m.type, encodeIntValue(fam, m, m.type, v, path, key), m.byteOrder === 'big-endian');
      continue;
    }
    const p = [...path, key];
    if (m.type === 'string') {
      if (typeof v !== 'string') throw new ValidationError(p, `expected a string, got ${describe(v)}`);
      const b = stringBytes(v, false);
      if (b.length > m.size) throw new ValidationError(p, `string of ${b.length} bytes does not fit ${m.size}`);
      out.set(b, s);
    } else if (m.struct) {
      encodeStruct(fam, fam.struct(m.struct), v, out, s, p, depth + 1);
    } else {
      const b = parseBinary(m.displayHint, v);
      if (typeof b === 'string') throw new ValidationError(p, b);
      if (b.length > m.size) throw new ValidationError(p, `${b.length} bytes do not fit the ${m.size}-byte member`);
      out.set(b, s);
    }
  }
}

type MemberEntry = [string, StructMemberIR, FieldsPlan | undefined];
const memberMaps = new WeakMap<StructIR, { byKey: Map<string, StructMemberIR>; list: MemberEntry[] }>();

/**
 * The struct's members by their camelCase names, pads left out; a bit-field member by its
 * fields' names (and its `$rest` key), a flexible array by its name (written by encodeFlex).
 * Built once per struct.
 */
function encodableMembers(fam: FamilyIndex, st: StructIR): { byKey: Map<string, StructMemberIR>; list: MemberEntry[] } {
  let m = memberMaps.get(st);
  if (!m) {
    const byKey = new Map<string, StructMemberIR>();
    const list: MemberEntry[] = [];
    for (const x of st.members) {
      if (x.type === 'pad') continue;
      const key = memberName(x.name);
      if (x.fields) {
        const plan = fieldsPlan(fam, x);
        for (const f of plan.fields) byKey.set(f.key, x);
        byKey.set(plan.restKey, x);
        list.push([key, x, plan]);
        continue;
      }
      byKey.set(key, x);
      if (!x.flexible) list.push([key, x, undefined]);
    }
    m = { byKey, list };
    memberMaps.set(st, m);
  }
  return m;
}

/** An integer from a number, bigint, enum name, flag list or dotted IPv4 text; range-checked. */
export function encodeIntValue(
  fam: FamilyIndex,
  m: { enum?: string; enumAsFlags?: boolean; displayHint?: string },
  kind: IntKind | 'uint' | 'sint',
  v: unknown,
  path: string[],
  /** Appended to `path` in errors (saves building the path for every value that is fine). */
  key?: string,
): number | bigint {
  // The common case first: a plain number in range, no enum or address to look up.
  if (typeof v === 'number' && !m.enum && !(m.displayHint === 'ipv4') && checkIntRange(kind, v) === undefined) return v;
  if (key !== undefined) path = [...path, key];
  let n: unknown = v;
  if (m.enum) {
    const e = fam.enums.get(m.enum);
    if (e) {
      const r = m.enumAsFlags || e.ir.kind === 'flags' ? namesToFlags(e, v) : nameToEnum(e, v);
      if (typeof r === 'string') throw new ValidationError(path, r);
      n = r;
    }
  } else if (m.displayHint === 'ipv4' && typeof v === 'string') {
    const a = ipv4ToU32(v);
    if (a === undefined) throw new ValidationError(path, `cannot parse ${shown(v)} as an IPv4 address`);
    n = a;
  }
  if (typeof n === 'boolean') n = n ? 1 : 0;
  if (typeof n !== 'number' && typeof n !== 'bigint') throw new ValidationError(path, `expected an integer, got ${describe(v)}`);
  const err = checkIntRange(kind, n);
  if (err) throw new ValidationError(path, err);
  return typeof n === 'bigint' && (kind === 'u64' || kind === 's64' || kind === 'uint' || kind === 'sint') ? n : typeof n === 'bigint' ? Number(n) : n;
}
