/**
 * The IR-driven decoder: attribute sets to plain objects. Each set's attributes get decoder
 * closures once per family; a set decoded often enough is then compiled into a straight-line
 * decoder (compile.ts) that reads scalars inline and calls the closures for the rest. Unknown
 * attributes are kept under `$unknown`; unknown enum values stay numbers; unknown sub-message
 * formats stay bytes. Before compilation, with `compile: false`, or where the host forbids code
 * generation, the same entries are interpreted by a loop, to the same values.
 */
import { TAIL_KEY, UNKNOWN_KEY, memberName, type AttrIR, type RecordsIR } from '@nlkit/ir';
import type { FamilyIndex, SetIndex } from './family.js';
import { compileStruct, decodeCarried, decodeStruct, setStructCompile, type Decoded } from './struct.js';
import { pickCase, recordsPlan, selectCases } from './extension.js';
import { formatBinary, intDecorator } from './values.js';
import { attrLen, walkAttrs } from '../wire/attrs.js';
import { formatIpv4At } from '../wire/display.js';
import { NLA_HDRLEN, NLA_TYPE_MASK, NLA_F_NESTED, NLA_F_NET_BYTEORDER, align4 } from '../wire/constants.js';
import { ELEMENT_TYPES, NEST_FLAG } from './nest-flag.js';
import { DecodeError } from '../errors.js';
import { MAX_NEST_DEPTH } from '../wire/limits.js';
import { INT_SIZE, readBitfield32, readInt, readString, readVarInt, type IntKind } from '../wire/scalars.js';
import { INLINE_INTS, buildSetDecoder, type SetDecoderFn, type SetEntrySource, type SetHelpers } from './compile.js';
import { decodeLayout, subMessageFormat } from './layout.js';

export interface UnknownAttr {
  type: number;
  data: Uint8Array;
  /** NLA_F_NESTED / NLA_F_NET_BYTEORDER bits as received, when any was set (kept for re-encoding). */
  flags?: number;
}

/** Enclosing decoded objects, innermost last, for sub-message selectors. */
type Scope = Decoded[];

/** Reads one attribute's value from buf[s, e); `scope` holds the enclosing decoded objects. */
export type AttrDecoder = (buf: Uint8Array, s: number, e: number, scope: Scope, depth: number) => unknown;

const NESTING = new Set(['nest', 'indexed-array', 'nest-type-value', 'sub-message']);

/** One attribute type of a set, compiled: its decoder and its precomputed property key. */
interface CompiledAttr {
  attr: AttrIR;
  dec: AttrDecoder;
  /** memberName(attr.name), computed once. */
  key: string;
  /** attr.multiAttr, as a plain boolean. */
  multi: boolean;
  /** The key is also a property of Object.prototype (`constructor`): `in` would find it. */
  protoKey: boolean;
  /** The key's number among the set's keys (attributes sharing a key share it). */
  bit: number;
  /** Needs the enclosing objects as scope: nests, sub-messages, selects and records. */
  nesting: boolean;
  /** Gets the NEST_FLAG mark (nest, indexed-array, nest-type-value, sub-message). */
  mark: boolean;
  /** A sub-message whose selector may come later in the set: the selector's key (camelCase). */
  selector?: string;
  /** nlkit-select, read without building a scope array when its selector is at hand. */
  select?: SelectEntry;
}

/** How a set decoder reads a nlkit-select attribute. */
export interface SelectEntry {
  /** The selector's key (camelCase). */
  key: string;
  /** The set has an attribute of that name: when it is not there yet, decode at the end. */
  sibling: boolean;
  /** The decoder for a selector value (the declared one when no case has it). */
  pick: (v: unknown) => AttrDecoder;
  /** The chosen reading needs the enclosing objects (a nest, a sub-message, records). */
  scoped: boolean;
}

/** One known attribute type of a set, as Decoder.attributesOf lists it. */
export interface SetAttribute {
  type: number;
  attr: AttrIR;
  /** memberName(attr.name). */
  key: string;
  dec: AttrDecoder;
  /** Its decoder reads the enclosing objects (nests, sub-messages, records). */
  scoped: boolean;
  /** nlkit-select: how the reading is chosen. */
  select?: SelectEntry;
}

/** A compiled set: entries indexed by attribute type; `null` = known but skipped (pad, unused). */
type CompiledSet = Array<CompiledAttr | null | undefined>;

export interface DecoderOptions {
  /** Build straight-line set decoders (default: true where the host allows code generation). */
  compile?: boolean;
  /**
   * How many times a set is decoded by the interpreter before its decoder is generated
   * (default COMPILE_AFTER): a one-shot request never pays for code generation, a dump does
   * after its first messages. 0 generates on first use.
   */
  compileAfter?: number;
}

/**
 * Default of DecoderOptions.compileAfter (structs follow it too). Generated decoders pay off
 * only over many messages: the optimising compiler takes longer over a large set's generated
 * code (a link's ~70 attributes) than a thousand links take to decode by the loop. Measured on
 * 2 cores, a cold 1k-link dump ran 10% faster interpreted; 100k routes ran the same.
 */
export const COMPILE_AFTER = 1024;

/** The current decoder of a set: the interpreter, then the generated decoder once it is built. */
interface SetSlot {
  fn: SetDecoderFn;
}

export class Decoder {
  private readonly compiled = new Map<string, CompiledSet>();
  private readonly slots = new Map<string, SetSlot>();
  private readonly compile: boolean;
  private readonly compileAfter: number;

  constructor(readonly fam: FamilyIndex, options: DecoderOptions = {}) {
    this.compile = options.compile ?? true;
    this.compileAfter = Math.max(0, options.compileAfter ?? COMPILE_AFTER);
    setStructCompile(fam, this.compile, this.compileAfter);
  }

  /** Decodes the attributes in buf[start, end) as set `setName` into `into`. */
  decodeSet(setName: string, buf: Uint8Array, start: number, end: number, scope: Scope = [], depth = 0, into: Decoded = {}): Decoded {
    return (this.slots.get(setName) ?? this.slot(setName)).fn(buf, start, end, scope, depth, into);
  }

  /** Whether set `setName` is decoded by generated code by now (for tests and diagnostics). */
  isCompiled(setName: string): boolean {
    const slot = this.slots.get(setName);
    return !!slot && slot.fn.name === 'decodeSet';
  }

  /** The slot of set `setName`, made on first use. */
  private slot(setName: string): SetSlot {
    let slot = this.slots.get(setName);
    if (slot) return slot;
    const entries = this.compiled.get(setName) ?? this.compileSet(setName);
    const interpret: SetDecoderFn = (buf, start, end, scope, depth, out) => this.interpret(entries, buf, start, end, scope, depth, out);
    const s: SetSlot = { fn: interpret };
    const build = () => {
      s.fn = buildSetDecoder(...this.setSource(entries, interpret)) ?? interpret;
    };
    if (this.compile && this.compileAfter === 0) build();
    else if (this.compile) {
      let left = this.compileAfter;
      s.fn = function interpretThenCompile(buf, start, end, scope, depth, out) {
        if (--left <= 0) build();
        return interpret(buf, start, end, scope, depth, out);
      };
    }
    this.slots.set(setName, s);
    return s;
  }

  /**
   * The attributes of set `setName` as this decoder reads them (for the JSON text writer, which
   * shares their decoders): each known type with its attribute, key and decoder, and the types
   * that are known and skipped (pad, unused).
   */
  attributesOf(setName: string): { attrs: SetAttribute[]; skipped: number[] } {
    const entries = this.compiled.get(setName) ?? this.compileSet(setName);
    const attrs: SetAttribute[] = [];
    const skipped: number[] = [];
    entries.forEach((c, type) => {
      if (c === null) skipped.push(type);
      else if (c) attrs.push({ type, attr: c.attr, key: c.key, dec: c.dec, scoped: c.nesting || c.selector !== undefined, select: c.select });
    });
    return { attrs, skipped };
  }

  /** The entries of a set as the code builder takes them, and the helpers its code calls. */
  private setSource(entries: CompiledSet, interpret: SetDecoderFn): [SetEntrySource[], number[], SetHelpers] {
    const list: SetEntrySource[] = [];
    const byIndex: CompiledAttr[] = [];
    const skipped: number[] = [];
    entries.forEach((c, type) => {
      if (c === null) skipped.push(type);
      if (!c) return;
      const a = c.attr;
      const int = INLINE_INTS.has(a.type) ? { kind: a.type as IntKind, bigEndian: a.byteOrder === 'big-endian', deco: intDecorator(this.fam, a) } : undefined;
      byIndex.push(c);
      list.push({ type, key: c.key, name: a.name, multi: !!a.multiAttr, nesting: c.nesting, mark: c.mark, selector: c.selector, select: c.select, int, dec: c.dec });
    });
    const helpers: SetHelpers = {
      maxDepth: MAX_NEST_DEPTH,
      attrLen,
      align4,
      tooDeep,
      interpret,
      shortInt: (kind, size, s, e) => new DecodeError(`${kind} needs ${size} bytes, got ${e - s}`, s),
      rethrow: (err, name, s) => {
        throw renamed(err, name, s);
      },
      mark: markNest,
      unknown: keepUnknown,
      findSelector: findSelectorKey,
      selectorIn,
      hold: (index, out) => {
        const c = byIndex[index]!;
        if (!Object.hasOwn(out, c.key)) out[c.key] = c.attr.multiAttr ? [] : undefined;
      },
      runDeferred: (out, list, buf, depth) => {
        for (let i = 0; i < list.length; i += 5) {
          this.store(byIndex[list[i] as number]!, out, buf, list[i + 1] as number, list[i + 2] as number, list[i + 3] as number, list[i + 4] as Scope, depth);
        }
      },
    };
    return [list, skipped, helpers];
  }

  /** The set decoder without generated code: the same entries, walked by a loop. */
  private interpret(entries: CompiledSet, buf: Uint8Array, start: number, end: number, scope: Scope, depth: number, out: Decoded): Decoded {
    if (depth > MAX_NEST_DEPTH) throw tooDeep(start);
    // The scope is only needed by nests and sub-messages: built on first use.
    let inner: Scope | undefined;
    let deferred: Array<() => void> | undefined;
    let seen = 0;
    let off = start;
    while (end - off >= NLA_HDRLEN) {
      const len = attrLen(buf, off, end);
      const raw = buf[off + 2]! | (buf[off + 3]! << 8);
      const type = raw & NLA_TYPE_MASK;
      const s = off + NLA_HDRLEN;
      const e = off + len;
      off += align4(len);
      const c = entries[type];
      if (!c) {
        if (c === null) continue; // pad, unused
        keepUnknown(out, buf, s, e, raw, type);
        continue;
      }
      // A repeated attribute that is not multi-attr: the first stays, the others are kept as bytes.
      // Which keys this call has stored: one bit each for the first 31 (as the generated code keeps them).
      if (!c.multi && (c.bit < 31 ? (seen & (1 << c.bit)) !== 0 : c.protoKey ? Object.hasOwn(out, c.key) : c.key in out)) {
        keepUnknown(out, buf, s, e, raw, type);
        continue;
      }
      if (c.bit < 31) seen |= 1 << c.bit;
      if (c.nesting || c.select) inner ??= [...scope, out];
      // A selector that may come later in this set (a sub-message's, a select's sibling attribute).
      const later = c.selector ?? (c.select?.sibling ? c.select.key : undefined);
      if (later !== undefined && findSelectorKey(inner!, later) === undefined) {
        // The selector comes later in this set: keep the key's place, decode at the end.
        if (!Object.hasOwn(out, c.key)) out[c.key] = c.attr.multiAttr ? [] : undefined;
        const at = inner!;
        (deferred ??= []).push(() => this.store(c, out, buf, s, e, raw, at, depth));
        continue;
      }
      this.store(c, out, buf, s, e, raw, inner ?? scope, depth);
    }
    if (deferred) for (const run of deferred) run();
    return out;
  }

  /** Decodes one attribute and stores it under its key. */
  private store(c: CompiledAttr, out: Decoded, buf: Uint8Array, s: number, e: number, raw: number, scope: Scope, depth: number): void {
    let v: unknown;
    try {
      v = c.dec(buf, s, e, scope, depth + 1);
    } catch (err) {
      throw renamed(err, c.attr.name, s);
    }
    if (c.mark) markNest(v, raw);
    if (c.attr.multiAttr) ((out[c.key] as unknown[] | undefined) ??= []).push(v);
    else out[c.key] = v;
  }

  private compileSet(setName: string): CompiledSet {
    const idx = this.fam.set(setName);
    const decoders = this.decodersFor(idx);
    const entries: CompiledSet = [];
    const bits = new Map<string, number>();
    for (const [type, attr] of idx.byValue) {
      const dec = decoders.get(type);
      if (!dec) {
        // Without a decoder: pad and unused are skipped, anything else is kept as unknown.
        if (attr.type === 'pad' || attr.type === 'unused') entries[type] = null;
        continue;
      }
      entries[type] = {
        attr,
        dec,
        key: memberName(attr.name),
        multi: !!attr.multiAttr,
        protoKey: memberName(attr.name) in Object.prototype,
        bit: bits.get(memberName(attr.name)) ?? (bits.set(memberName(attr.name), bits.size), bits.size - 1),
        nesting: NESTING.has(attr.type) || !!attr.records,
        mark: NESTING.has(attr.type) || (!!attr.select && attr.select.cases.some((k) => NESTING.has(k.type ?? attr.type))),
        selector: attr.type === 'sub-message' && attr.selector ? memberName(attr.selector) : undefined,
        select: attr.select && this.selectEntry(idx, attr),
      };
    }
    this.compiled.set(setName, entries);
    return entries;
  }

  private decodersFor(idx: SetIndex): Map<number, AttrDecoder> {
    const m = new Map<number, AttrDecoder>();
    for (const a of idx.set.attrs) {
      const d = this.compileAttr(a);
      if (d && !m.has(a.value)) m.set(a.value, d);
    }
    return m;
  }

  /** A decoder for the nested set `setName` into a fresh object, resolved on first call. */
  private nested(setName: string): AttrDecoder {
    let slot: SetSlot | undefined;
    return (buf, s, e, scope, depth) => (slot ??= this.slot(setName)).fn(buf, s, e, scope, depth, {});
  }

  private compileAttr(a: AttrIR): AttrDecoder | undefined {
    const fam = this.fam;
    const be = a.byteOrder === 'big-endian';
    if (a.select) return this.selectDecoder(a);
    switch (a.type) {
      case 'unused':
      case 'pad':
        return undefined;
      case 'flag':
        return () => true;
      case 'string':
        return (buf, s, e) => readString(buf, s, e);
      case 'bitfield32':
        return (buf, s, e) => readBitfield32(buf, s, e);
      case 'uint':
      case 'sint': {
        const signed = a.type === 'sint';
        const deco = intDecorator(fam, a);
        if (!deco) return (buf, s, e) => readVarInt(buf, s, e, signed);
        return (buf, s, e) => deco(readVarInt(buf, s, e, signed));
      }
      case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64': {
        const kind: IntKind = a.type;
        const size = INT_SIZE[kind];
        const deco = intDecorator(fam, a) ?? ((v: number | bigint) => v);
        return (buf, s, e) => {
          if (e - s < size) throw new DecodeError(`${kind} needs ${size} bytes, got ${e - s}`, s);
          return deco(readInt(buf, s, kind, be));
        };
      }
      case 'binary':
        return this.binaryDecoder(a);
      case 'nest':
        return this.nested(a.nestedAttributes!);
      case 'indexed-array': {
        const elem = this.elementDecoder(a);
        // Nest elements keep whether the kernel set NLA_F_NESTED on each (tc actions come
        // without it), so a decoded array re-encodes to the same bytes.
        const nests = (a.subType ?? 'nest') === 'nest';
        return (buf, s, e, scope, depth) => {
          const items: unknown[] = [];
          let types: number[] | undefined;
          walkAttrs(buf, s, e, (type, es, ee, raw) => {
            const v = elem(buf, es, ee, scope, depth);
            if (nests) markNest(v, raw);
            if (type !== items.length + 1 && types === undefined) types = items.map((_, i) => i + 1);
            types?.push(type);
            items.push(v);
          });
          if (types) Object.defineProperty(items, ELEMENT_TYPES, { value: types, enumerable: false });
          return items;
        };
      }
      case 'nest-type-value': {
        const levels = Math.max(1, a.typeValue?.length ?? 1);
        const setName = a.nestedAttributes;
        const level = (buf: Uint8Array, s: number, e: number, scope: Scope, depth: number, left: number): Decoded => {
          if (depth > MAX_NEST_DEPTH) throw tooDeep(s);
          const out: Decoded = {};
          walkAttrs(buf, s, e, (type, vs, ve) => {
            out[String(type)] = left > 1
              ? level(buf, vs, ve, scope, depth + 1, left - 1)
              : setName ? this.decodeSet(setName, buf, vs, ve, scope, depth + 1) : buf.slice(vs, ve);
          });
          return out;
        };
        return (buf, s, e, scope, depth) => level(buf, s, e, scope, depth, levels);
      }
      case 'sub-message': {
        const name = a.subMessage!;
        const selector = memberName(a.selector!);
        return (buf, s, e, scope, depth) => {
          const fmt = subMessageFormat(fam, name, String(findSelectorKey(scope, selector)));
          if (!fmt) return buf.slice(s, e);
          // A format that is only a struct decodes to the struct itself.
          if (fmt.structOnly) return decodeCarried(fam, fmt.layout.header!, buf, s, e);
          return decodeLayout(fmt.layout, fam, this, buf, s, e, scope, depth);
        };
      }
    }
  }

  private binaryDecoder(a: AttrIR): AttrDecoder {
    const fam = this.fam;
    if (a.records) return this.recordsDecoder(a.records);
    if (a.struct) {
      const st = fam.struct(a.struct);
      if (a.subType === 'binary') {
        // An array of structs packed back to back.
        const size = st.size;
        return (buf, s, e) => {
          const items: Decoded[] = [];
          let off = s;
          if (size > 0) for (; off + size <= e; off += size) items.push(decodeStruct(fam, st, buf, off, off + size));
          return withArrayTail(items, buf, off, e);
        };
      }
      const cs = compileStruct(fam, st);
      return (buf, s, e) => decodeCarried(fam, st, buf, s, e, 0, cs);
    }
    const sub = a.subType;
    if (sub && sub !== 'binary' && sub !== 'nest' && sub !== 'string' && sub !== 'uint' && sub !== 'sint') {
      const kind: IntKind = sub;
      const size = INT_SIZE[kind];
      const be = a.byteOrder === 'big-endian';
      return (buf, s, e) => {
        const items: Array<number | bigint> = [];
        let off = s;
        for (; off + size <= e; off += size) items.push(readInt(buf, off, kind, be));
        return withArrayTail(items, buf, off, e);
      };
    }
    const hint = a.displayHint;
    // Addresses are formatted straight from the datagram: no copy for what becomes a string.
    if (hint === 'ipv4' || hint === 'ipv4-or-v6') return readsIpv4((buf, s, e) => (e - s === 4 ? formatIpv4At(buf, s) : formatBinary(hint, buf.subarray(s, e))));
    if (hint === 'ipv6' || hint === 'mac' || hint === 'fddi' || hint === 'uuid') {
      return (buf, s, e) => formatBinary(hint, buf.subarray(s, e));
    }
    return (buf, s, e) => formatBinary(hint, buf.slice(s, e));
  }

  /** nlkit-select: the case chosen by the selector's value, else the attribute as declared. */
  private selectDecoder(a: AttrIR): AttrDecoder {
    const pick = this.selectPicker(a);
    const by = memberName(a.select!.by);
    return (buf, s, e, scope, depth) => pick(findSelectorKey(scope, by))(buf, s, e, scope, depth);
  }

  /** The decoder of each selector value of a nlkit-select attribute, worked out once. */
  private selectPicker(a: AttrIR): (v: unknown) => AttrDecoder {
    const cases = selectCases(this.fam, a, (x) => this.compileAttr(x) ?? rawBytes);
    // A dump's messages mostly share the selector value: the last one is remembered.
    let last: unknown;
    let lastDec = cases.declared;
    return (v) => {
      if (v === last) return lastDec;
      const d = pickCase(cases, v);
      if (typeof v === 'string' || typeof v === 'number') {
        last = v;
        lastDec = d;
      }
      return d;
    };
  }

  private selectEntry(idx: SetIndex, a: AttrIR): SelectEntry {
    const key = memberName(a.select!.by);
    const readings = [a, ...a.select!.cases.map((c) => ({ ...a, ...c }))];
    return {
      key,
      sibling: idx.byMember.has(key),
      pick: this.selectPicker(a),
      scoped: readings.some((r) => NESTING.has(r.type) || !!r.records),
    };
  }

  /** nlkit-records: a packed array of records, each its header struct and attributes. */
  private recordsDecoder(r: RecordsIR): AttrDecoder {
    const fam = this.fam;
    const plan = recordsPlan(fam, r);
    return (buf, s, e, scope, depth) => {
      const items: Decoded[] = [];
      let off = s;
      while (off < e) {
        const i = items.length;
        if (e - off < plan.lengthEnd) throw new DecodeError(`record ${i}: ${e - off} bytes left, its header needs ${plan.layout.header!.size}`, off, [String(i)]);
        const len = Number(readInt(buf, off + plan.lengthMember.offset, plan.lengthKind, plan.lengthBigEndian));
        if (len < plan.layout.header!.size || len > e - off) {
          throw new DecodeError(`record ${i}: length ${len} does not fit (header ${plan.layout.header!.size} bytes, ${e - off} bytes left)`, off, [String(i)]);
        }
        items.push(decodeLayout(plan.layout, fam, this, buf, off, off + len, scope, depth));
        off += align4(len);
      }
      return items;
    };
  }

  private elementDecoder(a: AttrIR): AttrDecoder {
    const sub = a.subType ?? 'nest';
    if (sub === 'nest') return this.nested(a.nestedAttributes!);
    if (sub === 'binary') return this.binaryDecoder({ ...a, subType: undefined });
    if (sub === 'string') return (buf, s, e) => readString(buf, s, e);
    return this.compileAttr({ ...a, type: sub, subType: undefined, multiAttr: false })!;
  }
}

/**
 * The selector's value: in the innermost object that has it, as an attribute or as a member of
 * its fixed header (the attribute wins).
 */
export function findSelector(scope: Scope, selector: string): unknown {
  return findSelectorKey(scope, memberName(selector));
}

/** findSelector with the selector's key (camelCase) worked out already. */
export function findSelectorKey(scope: Scope, key: string): unknown {
  for (let i = scope.length - 1; i >= 0; i--) {
    const o = scope[i]!;
    // Own properties only: a selector called `constructor` must not find Object's.
    const v = Object.hasOwn(o, key) ? o[key] : undefined;
    if (v !== undefined) return v;
    const h = headerOf(o);
    const hv = h !== undefined && Object.hasOwn(h, key) ? h[key] : undefined;
    if (hv !== undefined) return hv;
  }
  return undefined;
}

/** The selector's value seen from the object being decoded: `out` first, then the enclosing scope. */
export function selectorIn(out: Decoded, scope: Scope, key: string): unknown {
  // Plain loads first (a miss is cheap); own properties only, so `constructor` finds nothing.
  const v = out[key];
  if (v !== undefined && Object.hasOwn(out, key)) return v;
  // The fixed header, as headerOf finds it (fixedHeader when the set has a `header` attribute).
  const h = out.fixedHeader ?? out.header;
  if (typeof h === 'object' && h !== null) {
    const hv = (h as Decoded)[key];
    if (hv !== undefined && Object.hasOwn(h, key) && !(h instanceof Uint8Array) && !Array.isArray(h)) return hv;
  }
  return findSelectorKey(scope, key);
}

/** The fixed header of a decoded (or to-be-encoded) message object, if it has one. */
function headerOf(o: Decoded): Decoded | undefined {
  const h = Object.hasOwn(o, 'fixedHeader') ? o.fixedHeader : Object.hasOwn(o, 'header') ? o.header : undefined;
  return typeof h === 'object' && h !== null && !Array.isArray(h) && !(h instanceof Uint8Array) ? (h as Decoded) : undefined;
}

const rawBytes: AttrDecoder = (buf, s, e) => buf.slice(s, e);

/**
 * A packed array (structs or fixed-width integers) with the bytes after its last whole element,
 * if any, as the array's own `$tail` property: nothing is dropped, and the encoder appends them.
 */
export type ArrayWithTail<T> = T[] & { [TAIL_KEY]?: Uint8Array };

/** Keeps buf[off, end), the bytes no whole element covers, as `items.$tail` (absent when none). */
function withArrayTail<T>(items: T[], buf: Uint8Array, off: number, end: number): ArrayWithTail<T> {
  if (off < end) (items as ArrayWithTail<T>)[TAIL_KEY] = buf.slice(off, end);
  return items;
}

function tooDeep(start: number): DecodeError {
  return new DecodeError(`attributes nested deeper than ${MAX_NEST_DEPTH} levels`, start);
}

/** An error from inside attribute `name`: a DecodeError gets the name at the front of its path. */
function renamed(err: unknown, name: string, s: number): unknown {
  if (err instanceof DecodeError) return new DecodeError(err.message.replace(/^[^:]*: /, ''), err.offset ?? s, [name, ...err.path]);
  return err;
}

/** Marks a decoded nest with whether the kernel set NLA_F_NESTED (hidden, for re-encoding). */
/**
 * Marks a decoder that reads 4 bytes as dotted-quad text (formatIpv4At): the JSON text writer
 * then writes the digits from the bytes, with no string in between.
 */
export const IPV4_TEXT = Symbol('nlkit.ipv4Text');

function readsIpv4(dec: AttrDecoder): AttrDecoder {
  return Object.assign(dec, { [IPV4_TEXT]: true });
}

function markNest(v: unknown, raw: number): void {
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    Object.defineProperty(v, NEST_FLAG, { value: (raw & NLA_F_NESTED) !== 0, enumerable: false });
  }
}

/** An attribute the set does not know, kept as bytes under `$unknown`. */
function keepUnknown(out: Decoded, buf: Uint8Array, s: number, e: number, raw: number, type: number): void {
  const flags = raw & (NLA_F_NESTED | NLA_F_NET_BYTEORDER);
  ((out[UNKNOWN_KEY] as UnknownAttr[] | undefined) ??= []).push(flags ? { type, data: buf.slice(s, e), flags } : { type, data: buf.slice(s, e) });
}
