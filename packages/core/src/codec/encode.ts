/**
 * The IR-driven encoder: plain objects to attribute sets, validating as it goes. Every problem
 * is a ValidationError naming the field's path, thrown before anything is sent.
 */
import { TAIL_KEY, UNKNOWN_KEY, memberName, type AttrIR, type RecordsIR } from '@nlkit/ir';
import { recordsPlan, selectCases } from './extension.js';
import { encodeLayout, subMessageFormat } from './layout.js';
import type { FamilyIndex, SetIndex } from './family.js';
import { encodeCarried, encodeIntValue, encodeStruct, type Decoded } from './struct.js';
import { describe, parseBinary } from './values.js';
import { findSelector, type UnknownAttr } from './decode.js';
import { MessageBuilder } from '../wire/attrs.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK } from '../wire/constants.js';
import { MAX_ATTR_LEN, MAX_NEST_DEPTH, capText, shown } from '../wire/limits.js';
import { INT_SIZE, bitfield32Bytes, stringBytes, varIntBytes, writeInt, type IntKind } from '../wire/scalars.js';
import { ValidationError } from '../errors.js';

export { NEST_FLAG } from './nest-flag.js';
import { ELEMENT_TYPES, NEST_FLAG } from './nest-flag.js';

/**
 * Whether this machine's kernel pads 64-bit attributes (nla_put_64bit). Architectures with
 * efficient unaligned access (x86, arm64, ppc64, s390x, arm) never do.
 */
export const KERNEL_PADS_64BIT = !['x64', 'ia32', 'arm64', 'arm', 'ppc64', 's390x'].includes(process.arch);

export class Encoder {
  /** Insert the set's pad attribute before unaligned 64-bit payloads, as nla_put_64bit does. */
  readonly pad64: boolean;

  constructor(
    readonly fam: FamilyIndex,
    /** Offset of the builder's byte 0 within the whole message, for 64-bit alignment. */
    readonly base = 16,
    options: { pad64?: boolean } = {},
  ) {
    this.pad64 = options.pad64 ?? KERNEL_PADS_64BIT;
  }

  /**
   * Encodes `value` as the attributes of `setName`. `depth` counts the sets around this one,
   * as the decoder does: past MAX_NEST_DEPTH (a cyclic or absurdly deep object) it is a
   * ValidationError, never a stack overflow, and never bytes the decoder would refuse.
   */
  encodeSet(setName: string, value: unknown, b: MessageBuilder, path: string[], scope: Decoded[] = [], skip?: string, depth = 0): void {
    if (value === undefined || value === null) return;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
      throw new ValidationError(path, `expected an object of ${setName} attributes, got ${describe(value)}`);
    }
    if (depth > MAX_NEST_DEPTH) throw new ValidationError(path, `attributes nested deeper than ${MAX_NEST_DEPTH} levels (a cyclic object?)`);
    const idx = this.fam.set(setName);
    const obj = value as Decoded;
    // Only nests and sub-messages look at the enclosing objects.
    const inner = nests(idx) ? [...scope, obj] : scope;
    const outerPad = this.currentPad;
    this.currentPad = idx.pad?.value;
    try {
      this.encodeMembers(idx, obj, b, path, inner, setName, skip, depth);
    } finally {
      this.currentPad = outerPad;
    }
  }

  private encodeMembers(idx: ReturnType<FamilyIndex['set']>, obj: Decoded, b: MessageBuilder, path: string[], inner: Decoded[], setName: string, skip: string | undefined, depth: number): void {
    for (const key of Object.keys(obj)) {
      if (key === skip) continue;
      const v = obj[key];
      if (key === UNKNOWN_KEY) {
        this.encodeUnknown(v, b, [...path, key]);
        continue;
      }
      const plan = (this.plans.get(idx) ?? this.planSet(idx)).get(key);
      if (!plan) {
        throw new ValidationError([...path, capText(key)], `unknown attribute of ${setName} (known: ${[...idx.byMember.keys()].join(', ')})`);
      }
      if (v === undefined) continue;
      // Attributes are encoded with an empty path; a ValidationError gets this attribute's path
      // on its way out (no path array built for every attribute that is fine).
      if (plan.multi) {
        const items = Array.isArray(v) ? v : [v];
        for (let i = 0; i < items.length; i++) {
          try {
            plan.enc(items[i], b, inner, depth);
          } catch (err) {
            throw prefixed(err, path, key, String(i));
          }
        }
      } else {
        try {
          plan.enc(v, b, inner, depth);
        } catch (err) {
          throw prefixed(err, path, key);
        }
      }
    }
  }

  /** Per set: each attribute's encoder by member name, resolved once. */
  private readonly plans = new WeakMap<SetIndex, Map<string, AttrPlan>>();

  private planSet(idx: SetIndex): Map<string, AttrPlan> {
    const plan = new Map<string, AttrPlan>();
    for (const [key, attr] of idx.byMember) plan.set(key, { multi: !!attr.multiAttr, enc: this.attrEncoder(attr) });
    this.plans.set(idx, plan);
    return plan;
  }

  /**
   * One attribute's encoder with what the IR says about it worked out once: fixed-width
   * integers and strings get their own closure, everything else goes through encodeAttr.
   * Errors are thrown with an empty path (encodeMembers adds it).
   */
  private attrEncoder(a: AttrIR): AttrPlan['enc'] {
    const type = a.value;
    if (a.select || a.records) return (v, b, scope, depth) => this.encodeAttr(a, v, b, NO_PATH, scope, depth);
    switch (a.type) {
      case 'u8': case 'u16': case 'u32': case 's8': case 's16': case 's32': case 'u64': case 's64': {
        const kind = a.type;
        const size = INT_SIZE[kind];
        const be = a.byteOrder === 'big-endian';
        const ranged = a.checks?.min !== undefined || a.checks?.max !== undefined;
        return (v, b) => {
          const n = encodeIntValue(this.fam, a, kind, v, NO_PATH);
          if (ranged) this.checkRange(a, n, NO_PATH);
          if (size === 8) this.align64(b);
          const at = b.beginAttr(type);
          const off = b.zeros(size);
          writeInt(b.buf, off, kind, n, be);
          b.endAttr(at);
        };
      }
      case 'string': {
        const terminated = !a.checks?.unterminatedOk;
        const { maxLen, minLen } = a.checks ?? {};
        return (v, b) => {
          if (typeof v !== 'string') throw new ValidationError(NO_PATH, `expected a string, got ${describe(v)}`);
          const bytes = stringBytes(v, terminated);
          const len = terminated ? bytes.length - 1 : bytes.length;
          if (maxLen !== undefined && len > maxLen) throw new ValidationError(NO_PATH, `string of ${len} bytes is longer than its maximum of ${maxLen}`);
          if (minLen !== undefined && len < minLen) throw new ValidationError(NO_PATH, `string of ${len} bytes is shorter than its minimum of ${minLen}`);
          this.put(b, type, bytes, NO_PATH);
        };
      }
      default:
        return (v, b, scope, depth) => this.encodeAttr(a, v, b, NO_PATH, scope, depth);
    }
  }

  private encodeUnknown(v: unknown, b: MessageBuilder, path: string[]): void {
    if (!Array.isArray(v)) throw new ValidationError(path, 'expected an array of { type, data }');
    for (const [i, u] of (v as UnknownAttr[]).entries()) {
      if (!u || typeof u.type !== 'number' || !(u.data instanceof Uint8Array)) throw new ValidationError([...path, String(i)], 'expected { type: number, data: Uint8Array }');
      if (!Number.isInteger(u.type) || u.type < 0 || u.type > NLA_TYPE_MASK) throw new ValidationError([...path, String(i), 'type'], `attribute type ${shown(u.type)} is outside 0..${NLA_TYPE_MASK}`);
      this.put(b, u.type | ((u.flags ?? 0) & (NLA_F_NESTED | NLA_F_NET_BYTEORDER)), u.data, [...path, String(i)]);
    }
  }

  /** Encodes one attribute of a set at `depth` (the set's depth). */
  encodeAttr(a: AttrIR, v: unknown, b: MessageBuilder, path: string[], scope: Decoded[], depth = 0): void {
    if (a.select) {
      a = this.selectedCase(a, findSelector(scope, a.select.by));
    }
    switch (a.type) {
      case 'unused':
      case 'pad':
        return;
      case 'flag':
        if (v === true) this.put(b, a.value, new Uint8Array(0), path);
        else if (v !== false) throw new ValidationError(path, `expected true or false for a flag, got ${describe(v)}`);
        return;
      case 'string': {
        if (typeof v !== 'string') throw new ValidationError(path, `expected a string, got ${describe(v)}`);
        const bytes = stringBytes(v, !a.checks?.unterminatedOk);
        const len = a.checks?.unterminatedOk ? bytes.length : bytes.length - 1;
        if (a.checks?.maxLen !== undefined && len > a.checks.maxLen) throw new ValidationError(path, `string of ${len} bytes is longer than its maximum of ${a.checks.maxLen}`);
        if (a.checks?.minLen !== undefined && len < a.checks.minLen) throw new ValidationError(path, `string of ${len} bytes is shorter than its minimum of ${a.checks.minLen}`);
        this.put(b, a.value, bytes, path);
        return;
      }
      case 'bitfield32': {
        const bf = v as { value?: unknown; selector?: unknown };
        if (!bf || typeof bf !== 'object' || typeof bf.value !== 'number' || typeof bf.selector !== 'number') throw new ValidationError(path, 'expected { value: number, selector: number }');
        this.put(b, a.value, bitfield32Bytes({ value: bf.value, selector: bf.selector }), path);
        return;
      }
      case 'uint':
      case 'sint': {
        const n = encodeIntValue(this.fam, a, a.type, v, path);
        this.checkRange(a, n, path);
        this.put(b, a.value, varIntBytes(n, a.type === 'sint'), path);
        return;
      }
      case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64': {
        const n = encodeIntValue(this.fam, a, a.type, v, path);
        this.checkRange(a, n, path);
        const size = INT_SIZE[a.type];
        if (size === 8) this.align64(b);
        const at = b.beginAttr(a.value);
        const off = b.zeros(size);
        writeInt(b.buf, off, a.type, n, a.byteOrder === 'big-endian');
        b.endAttr(at);
        return;
      }
      case 'binary':
        if (a.records) this.encodeRecords(a, a.records, v, b, path, scope, depth);
        else this.encodeBinary(a, v, b, path);
        return;
      case 'nest': {
        const at = b.beginAttr(this.nestType(a, v));
        this.encodeSet(a.nestedAttributes!, v, b, path, scope, undefined, depth + 1);
        this.close(b, at, path);
        return;
      }
      case 'indexed-array': {
        if (!Array.isArray(v)) throw new ValidationError(path, `expected an array, got ${describe(v)}`);
        const at = b.beginAttr(this.nestType(a, v));
        const sub = a.subType ?? 'nest';
        // Element types count from 1, as the kernel mostly writes them; a decoded array keeps
        // the kernel's own numbering (ELEMENT_TYPES) when it was another.
        const marked = (v as unknown as Record<symbol, unknown>)[ELEMENT_TYPES];
        const types = Array.isArray(marked) && marked.length === v.length ? (marked as number[]) : undefined;
        v.forEach((item, i) => {
          const p = [...path, String(i)];
          const type = types ? types[i]! : i + 1;
          if (type > NLA_TYPE_MASK) throw new ValidationError(p, `an indexed array holds at most ${NLA_TYPE_MASK} elements`);
          if (sub === 'nest') {
            const it = b.beginAttr(type | (this.nestType(a, item) & NLA_F_NESTED));
            this.encodeSet(a.nestedAttributes!, item, b, p, scope, undefined, depth + 1);
            this.close(b, it, p);
          } else {
            this.encodeAttr({ ...a, type: sub, subType: undefined, multiAttr: false, value: type }, item, b, p, scope, depth + 1);
          }
        });
        this.close(b, at, path);
        return;
      }
      case 'nest-type-value': {
        const at = b.beginAttr(this.nestType(a, v));
        this.encodeTypeValue(a, v, b, path, scope, Math.max(1, a.typeValue?.length ?? 1), depth + 1);
        this.close(b, at, path);
        return;
      }
      case 'sub-message': {
        const sel = findSelector(scope, a.selector!);
        if (sel === undefined) throw new ValidationError(path, `needs "${memberName(a.selector!)}" to choose its format`);
        // A number for a selector with an enum stands for its name (the formats are named).
        const named = typeof sel === 'number' || typeof sel === 'bigint' ? this.fam.selectorEnum(a.selector!)?.byValue.get(Number(sel)) : undefined;
        const fmt = subMessageFormat(this.fam, a.subMessage!, named ?? String(sel));
        const at = b.beginAttr(this.nestType(a, v));
        if (v instanceof Uint8Array) b.bytes(v);
        else if (!fmt) {
          const known = this.fam.subMessages.get(a.subMessage!)?.formats.map((f) => f.value).join(', ');
          throw new ValidationError(path, `no format for ${memberName(a.selector!)} ${shown(sel)} (known: ${known}); pass bytes to send it raw`);
        } else if (fmt.structOnly) {
          // A format that is only a struct takes the struct itself.
          encodeCarried(this.fam, fmt.layout.header!, v, b, path);
        } else {
          if (v !== null && (typeof v !== 'object' || Array.isArray(v))) throw new ValidationError(path, `expected an object, got ${describe(v)}`);
          encodeLayout(fmt.layout, this.fam, this, (v ?? {}) as Decoded, b, path, scope, depth + 1, {
            noHeader: `format "${fmt.value}" has no fixed header`,
            noAttributes: `format "${fmt.value}" has no attributes`,
          });
        }
        this.close(b, at, path);
        return;
      }
    }
  }

  private nestType(a: AttrIR, v: unknown): number {
    const mark = typeof v === 'object' && v !== null ? (v as Record<symbol, unknown>)[NEST_FLAG] : undefined;
    const flagged = typeof mark === 'boolean' ? mark : a.type !== 'sub-message';
    return flagged ? a.value | NLA_F_NESTED : a.value;
  }

  /** One level of a nest-type-value at `depth`, counted as the decoder counts it. */
  private encodeTypeValue(a: AttrIR, v: unknown, b: MessageBuilder, path: string[], scope: Decoded[], left: number, depth: number): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(path, `expected an object keyed by type number, got ${describe(v)}`);
    if (depth > MAX_NEST_DEPTH) throw new ValidationError(path, `attributes nested deeper than ${MAX_NEST_DEPTH} levels (a cyclic object?)`);
    for (const [k, item] of Object.entries(v as Decoded)) {
      const type = /^(0|[1-9][0-9]{0,4})$/.test(k) ? Number(k) : NaN;
      if (!(type <= NLA_TYPE_MASK)) throw new ValidationError([...path, capText(k)], `keys must be attribute type numbers 0..${NLA_TYPE_MASK}`);
      const p = [...path, k];
      const at = b.beginAttr(type | NLA_F_NESTED);
      if (left > 1) this.encodeTypeValue(a, item, b, p, scope, left - 1, depth + 1);
      else if (a.nestedAttributes) this.encodeSet(a.nestedAttributes, item, b, p, scope, undefined, depth + 1);
      else if (item instanceof Uint8Array) b.bytes(item);
      this.close(b, at, p);
    }
  }

  /** A whole attribute, refused (with its path) when it would not fit nla_len. */
  private put(b: MessageBuilder, type: number, payload: Uint8Array, path: string[]): void {
    if (payload.length + NLA_HDRLEN > MAX_ATTR_LEN) throw tooLong(path, payload.length + NLA_HDRLEN);
    b.attr(type, payload);
  }

  /** Closes an attribute opened with beginAttr, refusing one that outgrew nla_len. */
  private close(b: MessageBuilder, at: number, path: string[]): void {
    if (b.length - at > MAX_ATTR_LEN) throw tooLong(path, b.length - at);
    b.endAttr(at);
  }

  private encodeBinary(a: AttrIR, v: unknown, b: MessageBuilder, path: string[]): void {
    if (a.struct && !(v instanceof Uint8Array)) {
      const st = this.fam.struct(a.struct);
      const items = a.subType === 'binary' ? v : [v];
      if (!Array.isArray(items)) throw new ValidationError(path, `expected an array of ${st.name}`);
      if (st.members.some((m) => m.size === 8 && m.type !== 'binary')) this.align64(b);
      const at = b.beginAttr(a.value);
      if (a.subType === 'binary') {
        items.forEach((item, i) => {
          const off = b.zeros(st.size);
          encodeStruct(this.fam, st, item, b.buf, off, [...path, String(i)]);
        });
        appendArrayTail(items, st.size, b, path);
      } else encodeCarried(this.fam, st, v, b, path);
      this.close(b, at, path);
      return;
    }
    const sub = a.subType;
    if (sub && sub !== 'binary' && sub !== 'nest' && sub !== 'string' && sub !== 'uint' && sub !== 'sint' && Array.isArray(v)) {
      const kind: IntKind = sub;
      const size = INT_SIZE[kind];
      const at = b.beginAttr(a.value);
      v.forEach((item, i) => {
        const n = encodeIntValue(this.fam, {}, kind, item, [...path, String(i)]);
        const off = b.zeros(size);
        writeInt(b.buf, off, kind, n, a.byteOrder === 'big-endian');
      });
      appendArrayTail(v, size, b, path);
      this.close(b, at, path);
      return;
    }
    const bytes = parseBinary(a.displayHint, v);
    if (typeof bytes === 'string') throw new ValidationError(path, bytes);
    const c = a.checks;
    if (c?.exactLen !== undefined && bytes.length !== c.exactLen) throw new ValidationError(path, `expected exactly ${c.exactLen} bytes, got ${bytes.length}`);
    if (c?.maxLen !== undefined && bytes.length > c.maxLen) throw new ValidationError(path, `${bytes.length} bytes is longer than its maximum of ${c.maxLen}`);
    if (c?.minLen !== undefined && bytes.length < c.minLen) throw new ValidationError(path, `${bytes.length} bytes is shorter than its minimum of ${c.minLen}`);
    this.put(b, a.value, bytes, path);
  }

  /** The attribute as the case for selector value `sel` reads it (the declared one when no case matches). */
  private selectedCase(a: AttrIR, sel: unknown): AttrIR {
    let cases = this.selects.get(a);
    if (!cases) this.selects.set(a, (cases = selectCases(this.fam, a, (x) => x)));
    return sel === undefined ? cases.declared : (cases.byValue.get(String(sel)) ?? cases.declared);
  }
  private readonly selects = new WeakMap<AttrIR, { declared: AttrIR; byValue: Map<string, AttrIR> }>();

  /** nlkit-records: each record's header and attributes; its length member is written here. */
  private encodeRecords(a: AttrIR, r: RecordsIR, v: unknown, b: MessageBuilder, path: string[], scope: Decoded[], depth: number): void {
    if (!Array.isArray(v)) throw new ValidationError(path, `expected an array of records, got ${describe(v)}`);
    const plan = recordsPlan(this.fam, r);
    const max = 2 ** (INT_SIZE[plan.lengthKind] * 8) - 1;
    const at = b.beginAttr(a.value);
    v.forEach((item, i) => {
      const p = [...path, String(i)];
      if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof Uint8Array) throw new ValidationError(p, `expected a record object, got ${describe(item)}`);
      const start = b.length;
      encodeLayout(plan.layout, this.fam, this, item as Decoded, b, p, scope, depth + 1, RECORD_ERRORS);
      const len = b.length - start;
      if (len > max) throw new ValidationError(p, `record of ${len} bytes does not fit its ${r.length} (at most ${max})`);
      writeInt(b.buf, start + plan.lengthMember.offset, plan.lengthKind, len, plan.lengthBigEndian);
      b.pad4();
    });
    this.close(b, at, path);
  }

  private checkRange(a: AttrIR, n: number | bigint, path: string[]): void {
    const c = a.checks;
    if (c?.min !== undefined && BigInt(n) < BigInt(c.min)) throw new ValidationError(path, `${n} is below its minimum of ${c.min}`);
    if (c?.max !== undefined && BigInt(n) > BigInt(c.max)) throw new ValidationError(path, `${n} is above its maximum of ${c.max}`);
  }

  /**
   * nla_put_64bit: when the set has a pad attribute and the next payload would not be 8-byte
   * aligned, kernels on strict-alignment machines put an empty pad attribute first. Doing the
   * same (there) keeps re-encoded kernel messages byte-identical.
   */
  private align64(b: MessageBuilder): void {
    const pad = this.currentPad;
    if (pad === undefined || !this.pad64) return;
    if ((this.base + b.length + 4) % 8 !== 0) b.attr(pad, new Uint8Array(0));
  }

  /** Pad attribute number of the set being encoded. */
  private currentPad?: number;
}

const NO_PATH = Object.freeze([]) as unknown as string[];

/** How encodeMembers encodes one attribute of a set. */
interface AttrPlan {
  multi: boolean;
  enc: (v: unknown, b: MessageBuilder, scope: Decoded[], depth: number) => void;
}

const NESTING_TYPES = new Set(['nest', 'indexed-array', 'nest-type-value', 'sub-message']);
const nestingSets = new WeakMap<SetIndex, boolean>();
const RECORD_ERRORS = { noHeader: 'a record has no fixed header', noAttributes: 'a record has no attributes' };

/** Whether a set has attributes that hold other sets or look at selectors (and so need the scope). */
function nests(idx: SetIndex): boolean {
  let n = nestingSets.get(idx);
  if (n === undefined) nestingSets.set(idx, (n = idx.set.attrs.some((a) => NESTING_TYPES.has(a.type) || a.select || a.records)));
  return n;
}

/** A ValidationError from inside attribute `key` with the path leading to it in front. */
function prefixed(err: unknown, path: string[], ...keys: string[]): unknown {
  return err instanceof ValidationError ? new ValidationError([...path, ...keys, ...err.path], err.reason) : err;
}

/**
 * Appends a packed array's `$tail` (the bytes the decoder found after its last whole element).
 * A whole element's worth or more would decode as elements, so it is refused.
 */
function appendArrayTail(items: unknown[], elemSize: number, b: MessageBuilder, path: string[]): void {
  if (!Object.hasOwn(items, TAIL_KEY)) return;
  const tail = (items as unknown as Decoded)[TAIL_KEY];
  if (tail === undefined) return;
  if (!(tail instanceof Uint8Array)) throw new ValidationError([...path, TAIL_KEY], `expected bytes, got ${describe(tail)}`);
  if (elemSize > 0 && tail.length >= elemSize) {
    throw new ValidationError([...path, TAIL_KEY], `${tail.length} bytes: an array's tail holds only what is left after its last whole element (less than the ${elemSize} bytes of one)`);
  }
  b.bytes(tail);
}

function tooLong(path: string[], bytes: number): ValidationError {
  return new ValidationError(path, `attribute of ${bytes} bytes exceeds the ${MAX_ATTR_LEN}-byte netlink attribute limit`);
}
