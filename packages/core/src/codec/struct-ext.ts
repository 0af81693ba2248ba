/**
 * The struct side of nlkit's schema extension (schemas/EXTENSIONS.md): bit fields
 * (nlkit-fields), flexible array members (nlkit-flexible) and `$tail`, the bytes an attribute
 * carries past its struct. Structs that use none of it never reach this module's loops.
 */
import { TAIL_KEY, memberName, restKey, type StructIR, type StructMemberIR } from '@nlkit/ir';
import type { FamilyIndex } from './family.js';
import type { MessageBuilder } from '../wire/attrs.js';
import { INT_SIZE, checkIntRange, readInt, writeInt, type IntKind } from '../wire/scalars.js';
import { DecodeError, ValidationError } from '../errors.js';
import { shown } from '../wire/limits.js';
import { describe, formatBinary, intDecorator, nameToEnum, parseBinary } from './values.js';

type Decoded = Record<string, unknown>;

const UNSIGNED: Record<IntKind, IntKind> = { u8: 'u8', u16: 'u16', u32: 'u32', u64: 'u64', s8: 'u8', s16: 'u16', s32: 'u32', s64: 'u64' };

/** A bit-field member, worked out once: how to split it on decode and join it on encode. */
export interface FieldsPlan {
  kind: IntKind;
  bigEndian: boolean;
  fields: Array<{ key: string; mask: number; shift: number; deco?: (v: number | bigint) => unknown; enum?: string }>;
  restKey: string;
  /** The bits no field covers (as a bigint, for 64-bit members). */
  restMask: bigint;
}

export function fieldsPlan(fam: FamilyIndex, m: StructMemberIR): FieldsPlan {
  const kind = UNSIGNED[m.type as IntKind];
  const bits = BigInt(INT_SIZE[kind] * 8);
  let used = 0n;
  const fields = m.fields!.map((f) => {
    used |= BigInt(f.mask);
    return { key: memberName(f.name), mask: f.mask, shift: f.shift, enum: f.enum, deco: f.enum ? intDecorator(fam, { enum: f.enum }) : undefined };
  });
  return { kind, bigEndian: m.byteOrder === 'big-endian', fields, restKey: restKey(m.name), restMask: ((1n << bits) - 1n) & ~used };
}

/** Reads the member at buf[s] and stores its fields (and the uncovered bits, when any is set) in `out`. */
export function decodeFields(p: FieldsPlan, out: Decoded, buf: Uint8Array, s: number): void {
  const raw = readInt(buf, s, p.kind, p.bigEndian);
  if (typeof raw === 'number') {
    for (const f of p.fields) {
      const v = (raw & f.mask) >>> f.shift;
      out[f.key] = f.deco ? f.deco(v) : v;
    }
    const rest = Number(BigInt(raw) & p.restMask);
    if (rest !== 0) out[p.restKey] = rest;
    return;
  }
  for (const f of p.fields) {
    const v = Number((raw & BigInt(f.mask)) >> BigInt(f.shift));
    out[f.key] = f.deco ? f.deco(v) : v;
  }
  const rest = raw & p.restMask;
  if (rest !== 0n) out[p.restKey] = rest;
}

/** Joins the fields of `obj` into the member's value; each must fit its mask. */
export function encodeFields(fam: FamilyIndex, p: FieldsPlan, obj: Decoded, out: Uint8Array, at: number, path: string[]): void {
  let v = 0n;
  for (const f of p.fields) {
    const given = Object.hasOwn(obj, f.key) ? obj[f.key] : undefined;
    if (given === undefined) continue;
    let n: unknown = given;
    if (f.enum && typeof given === 'string') {
      const e = fam.enums.get(f.enum);
      n = e ? nameToEnum(e, given) : given;
      if (typeof n === 'string') throw new ValidationError([...path, f.key], n);
    }
    if (typeof n === 'boolean') n = n ? 1 : 0;
    if ((typeof n !== 'number' || !Number.isInteger(n)) && typeof n !== 'bigint') throw new ValidationError([...path, f.key], `expected an integer, got ${describe(given)}`);
    const b = BigInt(n);
    const max = BigInt(f.mask) >> BigInt(f.shift);
    if (b < 0n || b > max) throw new ValidationError([...path, f.key], `${shown(given)} does not fit the field (0..${max})`);
    v |= b << BigInt(f.shift);
  }
  const rest = Object.hasOwn(obj, p.restKey) ? obj[p.restKey] : undefined;
  if (rest !== undefined) {
    if ((typeof rest !== 'number' || !Number.isInteger(rest)) && typeof rest !== 'bigint') throw new ValidationError([...path, p.restKey], `expected an integer, got ${describe(rest)}`);
    const r = BigInt(rest);
    if (r < 0n || (r & ~p.restMask) !== 0n) throw new ValidationError([...path, p.restKey], `${shown(rest)} sets bits that a field covers, or bits outside the member`);
    v |= r;
  }
  writeInt(out, at, p.kind, p.kind === 'u64' ? v : Number(v), p.bigEndian);
}

/** A flexible array member, worked out once. */
export interface FlexPlan {
  key: string;
  member: StructMemberIR;
  offset: number;
  /** Bytes per element; 0 for a plain binary member (bytes to the end). */
  elemSize: number;
  elemStruct?: StructIR;
  int?: { kind: IntKind; bigEndian: boolean };
  /** Elements of `elemSize` bytes, each shown by the member's display hint. */
  bytes?: boolean;
  count?: { key: string; member: StructMemberIR };
}

export function flexPlan(fam: FamilyIndex, st: StructIR): FlexPlan | undefined {
  const m = st.members.find((x) => x.flexible);
  if (!m) return undefined;
  const countName = m.flexible!.count;
  const countMember = countName !== undefined ? st.members.find((x) => x.name === countName) : undefined;
  const plan: FlexPlan = { key: memberName(m.name), member: m, offset: m.offset, elemSize: 0 };
  if (m.type === 'binary' && m.struct) {
    plan.elemStruct = fam.struct(m.struct);
    plan.elemSize = plan.elemStruct.size;
  } else if (m.type === 'binary' && m.flexible!.elementSize) {
    plan.elemSize = m.flexible!.elementSize;
    plan.bytes = true;
  } else if (m.type !== 'binary' && m.type !== 'string' && m.type !== 'pad') {
    plan.int = { kind: m.type, bigEndian: m.byteOrder === 'big-endian' };
    plan.elemSize = INT_SIZE[m.type];
  }
  if (countMember) plan.count = { key: memberName(countMember.name), member: countMember };
  return plan;
}

/**
 * Reads the flexible array of a struct at buf[start, end) into `out`, and whatever follows it
 * into `$tail`. `decodeElem` decodes one element struct.
 */
export function decodeFlex(p: FlexPlan, out: Decoded, buf: Uint8Array, start: number, end: number, decodeElem: (st: StructIR, s: number, e: number) => Decoded): void {
  const s = start + p.offset;
  if (s > end) return;
  if (p.elemSize === 0) {
    out[p.key] = formatBinary(p.member.displayHint, buf.slice(s, end));
    return;
  }
  let n = Math.floor((end - s) / p.elemSize);
  if (p.count) {
    const cm = p.count.member;
    if (start + cm.offset + cm.size > end) n = 0;
    else {
      const c = Number(readInt(buf, start + cm.offset, UNSIGNED[cm.type as IntKind], cm.byteOrder === 'big-endian'));
      if (c > n) throw new DecodeError(`${p.count.key} says ${c} elements of ${p.elemSize} bytes, ${end - s} bytes are left`, start + cm.offset, [p.key]);
      n = c;
    }
  }
  const items: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const at = s + i * p.elemSize;
    if (p.elemStruct) items[i] = decodeElem(p.elemStruct, at, at + p.elemSize);
    else if (p.bytes) items[i] = formatBinary(p.member.displayHint, buf.slice(at, at + p.elemSize));
    else items[i] = readInt(buf, at, p.int!.kind, p.int!.bigEndian);
  }
  out[p.key] = items;
  const used = s + n * p.elemSize;
  if (used < end) out[TAIL_KEY] = buf.slice(used, end);
}

/**
 * The value to encode as the fixed part of a struct with a flexible array: the count member
 * filled in from the array's length (a given count that disagrees is an error), without the
 * array and `$tail`. Returns the array's element count or byte length too.
 */
export function flexFixedPart(p: FlexPlan, obj: Decoded, path: string[]): Decoded {
  const items = Object.hasOwn(obj, p.key) ? obj[p.key] : undefined;
  const rest: Decoded = {};
  for (const k of Object.keys(obj)) if (k !== p.key && k !== TAIL_KEY) rest[k] = obj[k];
  if (!p.count) return rest;
  const n = p.elemSize === 0 ? undefined : Array.isArray(items) ? items.length : items === undefined ? 0 : undefined;
  if (n === undefined) return rest;
  const given = rest[p.count.key];
  if (given === undefined) rest[p.count.key] = n;
  else if (Number(given) !== n) throw new ValidationError([...path, p.count.key], `${shown(given)} disagrees with the ${n} elements of ${p.key}`);
  return rest;
}

/** Appends the flexible array of `obj` at its offset in the struct that starts at `structAt`. */
export function encodeFlex(p: FlexPlan, obj: Decoded, b: MessageBuilder, structAt: number, path: string[], encodeElem: (st: StructIR, v: unknown, out: Uint8Array, at: number, path: string[]) => void): void {
  const items = Object.hasOwn(obj, p.key) ? obj[p.key] : undefined;
  // The array starts where C puts it, which may be before the struct's padded size.
  b.length = structAt + p.offset;
  if (items === undefined) return;
  const ip = [...path, p.key];
  if (p.elemSize === 0) {
    const bytes = parseBinary(p.member.displayHint, items);
    if (typeof bytes === 'string') throw new ValidationError(ip, bytes);
    b.bytes(bytes);
    return;
  }
  if (!Array.isArray(items)) throw new ValidationError(ip, `expected an array, got ${describe(items)}`);
  items.forEach((item, i) => {
    if (p.bytes) {
      const bytes = parseBinary(p.member.displayHint, item);
      if (typeof bytes === 'string') throw new ValidationError([...ip, String(i)], bytes);
      if (bytes.length !== p.elemSize) throw new ValidationError([...ip, String(i)], `expected ${p.elemSize} bytes, got ${bytes.length}`);
      b.bytes(bytes);
      return;
    }
    const at = b.zeros(p.elemSize);
    if (p.elemStruct) encodeElem(p.elemStruct, item, b.buf, at, [...ip, String(i)]);
    else {
      const kind = p.int!.kind;
      if ((typeof item !== 'number' || !Number.isInteger(item)) && typeof item !== 'bigint') throw new ValidationError([...ip, String(i)], `expected an integer, got ${describe(item)}`);
      const err = checkIntRange(kind, item);
      if (err) throw new ValidationError([...ip, String(i)], err);
      writeInt(b.buf, at, kind, kind === 'u64' || kind === 's64' ? BigInt(item) : Number(item), p.int!.bigEndian);
    }
  });
}

/** Appends `$tail` (bytes past the struct) when the value has one. */
export function encodeTail(obj: unknown, b: MessageBuilder, path: string[]): void {
  if (typeof obj !== 'object' || obj === null || !Object.hasOwn(obj, TAIL_KEY)) return;
  const tail = (obj as Decoded)[TAIL_KEY];
  if (tail === undefined) return;
  if (!(tail instanceof Uint8Array)) throw new ValidationError([...path, TAIL_KEY], `expected bytes, got ${describe(tail)}`);
  b.bytes(tail);
}
