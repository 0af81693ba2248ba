/**
 * JSON text straight from a message's bytes: the text `valueText(decodeMessage(m))` would give,
 * written into a byte buffer with no decoded object in between. A dump printed as JSON lines
 * spends most of its time building objects and then serialising them; this skips both for the
 * common shapes.
 *
 * It covers fixed headers, attributes, nests, multi-attr, sub-messages, nlkit-select readings,
 * carried structs and packed integer arrays. Anything else in a message (a repeated or unknown
 * attribute, records, an indexed array, a selector only an enclosing object holds, bytes that
 * do not decode) makes it answer `false`, having written nothing: the caller then decodes that
 * message and serialises the object. Values
 * come from the decoder's own attribute decoders, and a value that is not a plain number or
 * string goes through the caller's `valueText`, so both ways give the same text (a
 * differential test holds them to it on every captured message and on mutated ones).
 */
import { memberName, type AttrIR, type StructIR, type StructMemberIR } from '@nlkit/ir';
import type { FamilyIndex } from './family.js';
import { IPV4_TEXT, selectorIn, type Decoder, type SetAttribute } from './decode.js';
import { pickCase, selectCases } from './extension.js';
import type { FamilyRuntime } from './runtime.js';
import { subMessageFormat, type FormatLayout, type Layout } from './layout.js';
import { compileStruct, decodeCarried, decodeCompiled, type CompiledMember, type Decoded } from './struct.js';
import { intDecorator } from './values.js';
import { CODEGEN, INLINE_INTS, intReadSource, quoteKey } from './compile.js';
import { attrLen } from '../wire/attrs.js';
import { align4 } from '../wire/constants.js';
import { MAX_NEST_DEPTH } from '../wire/limits.js';
import { INT_SIZE, readInt, type IntKind } from '../wire/scalars.js';

/** JSON text of a value that is not a plain number or string (bigint, bytes, arrays, objects). */
export type ValueText = (v: unknown) => string;

const encoder = new TextEncoder();

/**
 * The bytes JSON text is written into: a slab that take() hands out in pieces (views, not
 * copies), and that is replaced by a new slab when full. A piece handed out is not written
 * again until it is given back with release(): a stream may keep it until it is written. A
 * slab whose pieces all came back is used again (fresh memory costs a page fault per 4 KiB).
 */
export class TextOut {
  buf: Uint8Array;
  pos = 0;
  /** Where the piece that take() hands out next begins. */
  private mark = 0;
  /** Pieces handed out and not given back, per slab; `full`: the slab is no longer written. */
  private readonly lent = new Map<ArrayBufferLike, { slab: Uint8Array; pieces: number; full: boolean }>();
  private readonly spare: Uint8Array[] = [];

  /** `slab` bytes at a time, made by `alloc` (a Node caller can pass Buffer.allocUnsafe: nothing zeroed). */
  constructor(private readonly slab = 1 << 20, private readonly alloc: (n: number) => Uint8Array = (n) => new Uint8Array(n)) {
    this.buf = alloc(slab);
  }

  /** Bytes written since the last take(). */
  get length(): number {
    return this.pos - this.mark;
  }

  /** Room for n more bytes: the piece so far moves to a new slab when this one is full. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const piece = this.buf.subarray(this.mark, this.pos);
    const old = this.buf;
    const size = piece.length + n <= this.slab ? this.slab : (piece.length + n) * 2;
    const spare = this.spare.length > 0 && this.spare[this.spare.length - 1]!.length >= size ? this.spare.pop()! : undefined;
    this.buf = spare ?? this.alloc(size);
    this.buf.set(piece);
    const lent = this.lent.get(old.buffer);
    if (lent) lent.full = true;
    else if (old.length === this.slab) this.spare.push(old);
    this.pos = piece.length;
    this.mark = 0;
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.room(1);
    this.buf[this.pos++] = c;
  }

  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.room(b.length);
    if (b.length > 32) {
      // A whole header's text: one copy. Keys and values are shorter, and copied faster by hand.
      this.buf.set(b, this.pos);
      this.pos += b.length;
      return;
    }
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < b.length; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** A string as UTF-8 (JSON text is written as it is). */
  text(s: string): void {
    // Long text (a whole serialised object) is encoded natively; short text is copied by hand.
    if (s.length > 64) {
      this.utf8(s);
      return;
    }
    this.room(s.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.pos = p;
        this.utf8(s.slice(i));
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  private utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += encoder.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** A JSON string: quoted, escaped by JSON.stringify when it has anything to escape. */
  string(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        this.text(JSON.stringify(s));
        return;
      }
    }
    this.room(s.length + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
    buf[p++] = 0x22;
    this.pos = p;
  }

  /** buf[at, at + 4) as a JSON string of dotted-quad text (what formatIpv4At gives). */
  ipv4(buf: Uint8Array, at: number): void {
    this.room(17);
    const out = this.buf;
    let p = this.pos;
    out[p++] = 0x22;
    for (let i = 0; i < 4; i++) {
      let v = buf[at + i]!;
      if (i > 0) out[p++] = 0x2e;
      if (v >= 100) {
        out[p++] = 0x30 + ((v / 100) | 0);
        v %= 100;
        out[p++] = 0x30 + ((v / 10) | 0);
      } else if (v >= 10) out[p++] = 0x30 + ((v / 10) | 0);
      out[p++] = 0x30 + (v % 10);
    }
    out[p++] = 0x22;
    this.pos = p;
  }

  /**
   * A u64 at buf[at, at + 8) as a JSON number when it is a safe integer (below 2^53); false,
   * with nothing written, when it is not.
   */
  u64(buf: Uint8Array, at: number, bigEndian: boolean): boolean {
    const lo = readInt(buf, bigEndian ? at + 4 : at, 'u32', bigEndian) as number;
    const hi = readInt(buf, bigEndian ? at : at + 4, 'u32', bigEndian) as number;
    if (hi >= 0x200000) return false;
    this.int(hi * 0x100000000 + lo);
    return true;
  }

  /** A safe integer as JSON writes it. */
  int(v: number): void {
    if (v >= 0 && v < 10) this.byte(0x30 + v);
    else this.text(String(v));
  }

  /** Any decoded value, as JSON.stringify with `valueText`'s forms would write it. */
  value(v: unknown, valueText: ValueText): void {
    if (typeof v === 'string') this.string(v);
    else if (typeof v === 'number' && Number.isSafeInteger(v)) this.int(v);
    else this.text(valueText(v));
  }

  /** A copy of what was written since the last take() after `at` (a length). */
  since(at: number): Uint8Array {
    return this.buf.slice(this.mark + at, this.pos);
  }

  /** Drops what was written since the last take() after `at` (a length). */
  truncate(at: number): void {
    this.pos = this.mark + at;
  }

  /** The bytes written since the last take(), handed over; later writes go after them. */
  take(): Uint8Array {
    const piece = this.buf.subarray(this.mark, this.pos);
    this.mark = this.pos;
    const lent = this.lent.get(this.buf.buffer);
    if (lent) lent.pieces++;
    else this.lent.set(this.buf.buffer, { slab: this.buf, pieces: 1, full: false });
    return piece;
  }

  /** A piece from take() is no longer needed (a stream wrote it): its slab may be used again. */
  release(piece: Uint8Array): void {
    const lent = this.lent.get(piece.buffer);
    if (!lent || --lent.pieces > 0) return;
    this.lent.delete(piece.buffer);
    if (lent.full && lent.slab.length === this.slab) this.spare.push(lent.slab);
  }
}

/** How values that are not plain numbers or strings are written. */
export interface TextForms {
  /**
   * `valueText` writes a bigint that is a safe integer as a plain number (as the CLI does):
   * 64-bit counters are then written from their bytes, with no bigint in between.
   */
  bigintAsNumber?: boolean;
}

/** What the writers of one message layout share while they are built. */
interface Build {
  fam: FamilyIndex;
  decoder: Decoder;
  valueText: ValueText;
  forms: TextForms;
  /** Set writers made so far (nests refer to each other); null: cannot be written this way. */
  sets: Map<string, SetText | null>;
  /** Struct writers made so far; null: not a plain struct. */
  structs: Map<StructIR, StructText | null>;
}

type StructText = (buf: Uint8Array, start: number, out: TextOut) => void;

/** Writes one message body buf[start, end) as JSON text; false (nothing written) when it cannot. */
export type MessageText = (buf: Uint8Array, start: number, end: number, out: TextOut) => boolean;

/**
 * A JSON text writer for messages of `layout`, or undefined where the host forbids code
 * generation (the caller then serialises decoded objects).
 */
export function messageText(fam: FamilyIndex, decoder: Decoder, layout: Layout, valueText: ValueText, forms: TextForms = {}): MessageText | undefined {
  if (!CODEGEN) return undefined;
  const ctx: Build = { fam, decoder, valueText, forms, sets: new Map(), structs: new Map() };
  const body = layoutText(ctx, layout, true);
  if (!body) return undefined;
  return (buf, start, end, out) => {
    // Past the buffer, reads must throw as the decoder's do: left to it.
    if (end > buf.length || start < 0) return false;
    const at = out.length;
    if (body(buf, start, end, out, 0) >= 0) return true;
    out.truncate(at);
    return false;
  };
}

/** Writes a whole `{ header, ...attributes }` object; -1 when it leaves the body to the decoder. */
type LayoutText = (buf: Uint8Array, start: number, end: number, out: TextOut, depth: number) => number;

/**
 * The writer of a layout (a message body, or a sub-message format's): its fixed header, then its
 * attribute set. `top`: a message's own layout, whose header writer keeps the last header's text
 * (a dump's headers mostly repeat).
 */
function layoutText(ctx: Build, layout: Layout, top: boolean): LayoutText | null {
  const { fam, valueText } = ctx;
  const set = layout.attributeSet ? setText(ctx, layout.attributeSet) : undefined;
  if (layout.attributeSet && !set) return null;
  const st = layout.header;
  const header = st ? (structText(ctx, st, top) ?? undefined) : undefined;
  const headerKey = encoder.encode(`{${quoteKey(layout.headerKey)}:`);
  const { preamble, headerSpan } = layout;
  const compiled = st && compileStruct(fam, st);
  // The selector values the set's selects read: the header members of those names, then the
  // set's own selector attributes as they come.
  const selectKeys = [...new Set((set && selectKeysOf.get(set)) ?? [])];
  const selectors = compiled ? compiled.members.filter((m) => !m.fields && selectKeys.includes(m.key)) : [];
  const makeLite = selectKeys.length > 0 ? liteMaker(selectKeys, selectors) : undefined;
  return (buf, start, end, out, depth) => {
    let off = Math.min(end, start + preamble);
    let opened = 0;
    let lite: Decoded | undefined;
    if (st) {
      out.bytes(headerKey);
      if (header !== undefined && end - off >= st.size) header(buf, off, out);
      else out.text(valueText(decodeCompiled(fam, compiled!, buf, off, end)));
      opened = 1;
    }
    if (makeLite) lite = makeLite(fam, buf, off, end);
    if (st) off = Math.min(end, off + headerSpan);
    if (set) {
      opened = set(buf, off, end, out, opened, depth, lite);
      if (opened < 0) return -1;
    }
    if (opened) out.byte(0x7d);
    else out.text('{}');
    return 1;
  };
}

/**
 * Makes a layout's selector object for one message: one object literal, so every message's has
 * the same shape. The header members among `keys` are read when the header has them; the
 * set's own selector attributes start out undefined and are filled in as they come.
 */
function liteMaker(keys: string[], members: CompiledMember[]): (fam: FamilyIndex, buf: Uint8Array, off: number, end: number) => Decoded {
  if (keys.includes('__proto__')) return () => ({});
  const reads = members.map((m) => m.read);
  const fields = keys.map((k) => {
    const i = members.findIndex((m) => m.key === k);
    if (i < 0) return `${quoteKey(k)}: undefined`;
    const m = members[i]!;
    return `${quoteKey(k)}: off + ${m.offset >>> 0} + ${m.size >>> 0} <= end ? r[${i}](fam, buf, off + ${m.offset >>> 0}, 0) : undefined`;
  });
  return new Function('r', `return function lite(fam, buf, off, end) { return { ${fields.join(', ')} }; };`)(reads) as ReturnType<typeof liteMaker>;
}

/**
 * The writer of sub-message `name`'s value for a selector value: its format's layout, its
 * struct (a struct-only format), or its bytes (no format has that value), as the decoder reads it.
 */
function subMessageText(ctx: Build, name: string): (selector: unknown, buf: Uint8Array, s: number, e: number, out: TextOut, depth: number) => number {
  const { fam, valueText } = ctx;
  const writers = new Map<FormatLayout, LayoutText | StructText | null>();
  return (selector, buf, s, e, out, depth) => {
    const fmt = subMessageFormat(fam, name, String(selector));
    if (!fmt) {
      out.value(buf.slice(s, e), valueText);
      return 1;
    }
    let w = writers.get(fmt);
    if (w === undefined) {
      const st = fmt.layout.header;
      w = fmt.structOnly ? (st && !compileStruct(fam, st).flex ? structText(ctx, st) : null) : layoutText(ctx, fmt.layout, false);
      writers.set(fmt, w);
    }
    if (fmt.structOnly) {
      const st = fmt.layout.header!;
      if (w !== null && e - s === st.size) (w as StructText)(buf, s, out);
      else out.value(decodeCarried(fam, st, buf, s, e), valueText);
      return 1;
    }
    return w === null ? -1 : (w as LayoutText)(buf, s, e, out, depth);
  };
}

/**
 * Writes one attribute set's members (after a `{` or a `,` it writes itself): returns 1 when it
 * wrote any (or `opened` was 1), 0 when none, -1 when the set holds something it leaves to the
 * decoder.
 */
type SetText = (buf: Uint8Array, start: number, end: number, out: TextOut, opened: number, depth: number, lite: Decoded | undefined) => number;

/**
 * The selector keys a set writer's selects read: the message writer hands it the fixed header's
 * members of those names (in `lite`, where the set keeps its own selector attributes too).
 */
const selectKeysOf = new WeakMap<SetText, string[]>();

function keyBytes(key: string): Uint8Array {
  return encoder.encode(`${quoteKey(key)}:`);
}

/**
 * Memoised JSON text of an integer attribute or member, after `prefix` (its key): the
 * decorator's result (an enum name, flag names, an address) or the number itself.
 */
function intText(prefix: string, deco: ((v: number | bigint) => unknown) | undefined, valueText: ValueText): (v: number) => Uint8Array {
  // Small values (most enums) by index, the rest in a Map of bounded size.
  const small: Array<Uint8Array | undefined> = [];
  const memo = new Map<number, Uint8Array>();
  const make = (v: number) => {
    const d = deco ? deco(v) : v;
    return encoder.encode(prefix + (typeof d === 'string' ? JSON.stringify(d) : typeof d === 'number' ? String(d) : valueText(d)));
  };
  return (v) => {
    if (v >= 0 && v < 1024) return small[v] ?? (small[v] = make(v));
    let t = memo.get(v);
    if (t === undefined) {
      t = make(v);
      if (memo.size < 1024) memo.set(v, t);
    }
    return t;
  };
}

/** A writer for a struct read in full, when every member is plain (no bit fields); else undefined. */
/**
 * The writer of struct `st` (null: not a plain struct). A message header's writer (`header`)
 * keeps the last header's text: a dump's headers mostly repeat (one family, one table).
 */
function structText(ctx: Build, st: StructIR, header = false): StructText | null {
  if (header) return makeStructText(ctx, st, true);
  let known = ctx.structs.get(st);
  if (known === undefined) ctx.structs.set(st, (known = makeStructText(ctx, st, false)));
  return known;
}

function makeStructText(ctx: Build, st: StructIR, remember: boolean): StructText | null {
  const { fam, valueText } = ctx;
  const compiled = compileStruct(fam, st);
  const members = st.members.filter((m) => m.type !== 'pad' && !m.flexible);
  if (members.length !== compiled.members.length || members.some((m) => m.fields)) return null;
  const keys = members.map((m) => memberName(m.name));
  if (keys.includes('__proto__') || new Set(keys).size !== keys.length || keys.some(isIndexKey)) return null;
  if (!remember && members.length > LOOP_MEMBERS) return loopStructText(ctx, members, keys, compiled.members);
  const deps: unknown[] = [];
  const dep = (v: unknown): string => `k[${deps.push(v) - 1}]`;
  const lines = members.map((m, i) => {
    const prefix = `${i === 0 ? '{' : ','}${quoteKey(keys[i]!)}:`;
    const at = `start + ${m.offset >>> 0}`;
    const inline = INLINE_INTS.has(m.type) && intReadSource(m.type as IntKind, m.byteOrder === 'big-endian', `(${at})`);
    if (inline) return `out.bytes(${dep(intText(prefix, intDecorator(fam, m), valueText))}(${inline}));`;
    const read = `${dep(compiled.members[i]!.read)}(fam, buf, ${at}, 0)`;
    if (m.type === 'u64' && ctx.forms.bigintAsNumber && !intDecorator(fam, m)) {
      // A counter: written from its bytes when it is a safe integer (most are).
      return `out.bytes(${dep(encoder.encode(prefix))}); if (!out.u64(buf, ${at}, ${m.byteOrder === 'big-endian'})) out.value(${read}, valueText);`;
    }
    return `out.bytes(${dep(encoder.encode(prefix))}); out.value(${dep(compiled.members[i]!.read)}(fam, buf, ${at}, 0), valueText);`;
  });
  lines.push(members.length ? 'out.byte(0x7d);' : "out.text('{}');");
  // The last header's text is kept with its bytes, and copied whole when they repeat.
  const words = Math.ceil(st.size / 4);
  const word = (i: number) => {
    const b = (j: number) => (4 * i + j < st.size ? `(buf[start + ${4 * i + j}] << ${8 * j})` : '0');
    return `(${b(0)} | ${b(1)} | ${b(2)} | ${b(3)})`;
  };
  const kept = remember && st.size > 0 && words <= 8;
  const range = Array.from({ length: words }, (_, i) => i);
  const body = kept
    ? `let ${range.map((i) => `p${i} = -1`).join(', ')}, pt, hits = 0, misses = 0;
return function structText(buf, start, out) {
  const ${range.map((i) => `w${i} = ${word(i)}`).join(', ')};
  if (${range.map((i) => `w${i} === p${i}`).join(' && ')}) { hits++; out.bytes(pt); return; }
  const at = out.length;
  ${lines.join('\n  ')}
  // Headers that differ every time (a link's has its ifindex) are not worth the copy.
  if (++misses < 64 || hits >= misses) { ${range.map((i) => `p${i} = w${i};`).join(' ')} pt = out.since(at); }
};`
    : `return function structText(buf, start, out) {\n  ${lines.join('\n  ')}\n};`;
  return (new Function('k', 'fam', 'valueText', body) as (k: unknown[], fam: FamilyIndex, valueText: ValueText) => StructText)(deps, fam, valueText);
}

/**
 * Structs with more members than this (devconf, 64-bit link statistics) are written by one
 * loop over a member table rather than by generated straight-line code: a long generated
 * function takes the optimising compiler longer than a dump of a thousand links runs.
 */
const LOOP_MEMBERS = 12;

/** One member of a struct written by loopStructText. */
interface MemberText {
  offset: number;
  kind: IntKind;
  bigEndian: boolean;
  /** Integers of up to 32 bits: the key and the value's text, remembered per value. */
  piece?: (v: number) => Uint8Array;
  /** Anything else: the key, then the member's own reader (a u64 from its bytes when it can). */
  key: Uint8Array;
  u64: boolean;
  read: CompiledMember['read'];
}

function loopStructText(ctx: Build, members: StructMemberIR[], keys: string[], compiled: CompiledMember[]): StructText {
  const { fam, valueText } = ctx;
  const table: MemberText[] = members.map((m, i) => {
    const prefix = `${i === 0 ? '{' : ','}${quoteKey(keys[i]!)}:`;
    const kind = m.type as IntKind;
    const bigEndian = m.byteOrder === 'big-endian';
    const deco = INLINE_INTS.has(m.type) || m.type === 'u64' ? intDecorator(fam, m) : undefined;
    return {
      offset: m.offset,
      kind,
      bigEndian,
      piece: INLINE_INTS.has(m.type) ? intText(prefix, deco, valueText) : undefined,
      key: encoder.encode(prefix),
      u64: m.type === 'u64' && !!ctx.forms.bigintAsNumber && !deco,
      read: compiled[i]!.read,
    };
  });
  return (buf, start, out) => {
    for (let i = 0; i < table.length; i++) {
      const m = table[i]!;
      const at = start + m.offset;
      if (m.piece !== undefined) {
        out.bytes(m.piece(readInt(buf, at, m.kind, m.bigEndian) as number));
        continue;
      }
      out.bytes(m.key);
      if (!m.u64 || !out.u64(buf, at, m.bigEndian)) out.value(m.read(fam, buf, at, 0), valueText);
    }
    out.byte(0x7d);
  };
}

/** A nest of attributes as the decoder reads it with its set decoder alone. */
function isPlainNest(a: AttrIR): boolean {
  return a.type === 'nest' && !a.select && !a.records && a.nestedAttributes !== undefined;
}

/** Keys that JavaScript objects order before all others. */
function isIndexKey(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key);
}

/**
 * The writer of a nested set, made on its first message: a family has many sets, and a dump
 * meets few of them. Answers -1 (left to the decoder) when the set cannot be written this way.
 */
function nestedText(ctx: Build, setName: string): SetText {
  let fn: SetText | undefined;
  return (buf, start, end, out, opened, depth, lite) => {
    fn ??= setText(ctx, setName) ?? (() => -1);
    return fn(buf, start, end, out, opened, depth, lite);
  };
}

/**
 * A writer for set `setName`, or null when the set itself cannot be written this way (a key
 * that would not be a plain property). `sets` holds the writers made so far (nests refer to
 * each other).
 */
function setText(ctx: Build, setName: string): SetText | null {
  const { fam, decoder, valueText, sets } = ctx;
  const known = sets.get(setName);
  if (known !== undefined) return known;
  // A nest that refers back to this set finds its slot and calls through it.
  const slot: { fn: SetText } = { fn: () => -1 };
  sets.set(setName, (buf, start, end, out, opened, depth, lite) => slot.fn(buf, start, end, out, opened, depth, lite));
  const { attrs, skipped } = decoder.attributesOf(setName);
  if (attrs.some((a) => a.key === '__proto__' || isIndexKey(a.key))) {
    sets.set(setName, null);
    return null;
  }
  const deps: unknown[] = [];
  const dep = (v: unknown): string => `k[${deps.push(v) - 1}]`;
  const cases: string[] = [];
  const bitOf = new Map<string, number>();
  let words = 0;
  // Selects read their selector from the fixed header or from an attribute before them: those
  // values are kept in `lite` (the decoder reads them from the object it is building).
  // A select whose readings nest is written when each reading is a plain nest.
  const nestReadings = new Map<SetAttribute, { declared: SetText | null; byValue: Map<string, SetText | null> }>();
  for (const a of attrs) {
    if (!a.select?.scoped || a.attr.multiAttr) continue;
    const cases = selectCases(fam, a.attr, (r) => (isPlainNest(r) ? nestedText(ctx, r.nestedAttributes!) : null));
    if (cases.declared !== null || [...cases.byValue.values()].some((w) => w !== null)) nestReadings.set(a, cases);
  }
  const selects = attrs.filter((a) => a.select && (a.select.scoped ? nestReadings.has(a) : !a.scoped));
  // Sub-messages read their selector the same way (a link's linkinfo `data` by its `kind`).
  const subs = attrs.filter((a) => a.attr.type === 'sub-message' && a.attr.subMessage !== undefined && a.attr.selector !== undefined && !a.attr.multiAttr && !a.select);
  const subKeyOf = (a: SetAttribute) => memberName(a.attr.selector!);
  const readKeys = [...selects.map((a) => a.select!.key), ...subs.map(subKeyOf)];
  const selectorKeys = new Set([
    ...selects.filter((a) => a.select!.sibling).map((a) => a.select!.key),
    ...subs.map(subKeyOf).filter((k) => attrs.some((x) => x.key === k)),
  ]);
  if (selects.length && attrs.some((a) => a.key === 'header' || a.key === 'fixedHeader')) {
    sets.set(setName, null);
    return null;
  }
  const typesOfKey = new Map<string, number>();
  for (const a of attrs) typesOfKey.set(a.key, (typesOfKey.get(a.key) ?? 0) + 1);
  for (const a of attrs) {
    const { attr, key } = a;
    if (a.select && !selects.includes(a)) continue;
    const nest = !a.select && isPlainNest(attr) ? nestedText(ctx, attr.nestedAttributes!) : undefined;
    const sub = subs.includes(a) ? subMessageText(ctx, attr.subMessage!) : undefined;
    if (a.scoped && !nest && !a.select && !sub) continue;
    const readings = nestReadings.get(a);
    const multi = !!attr.multiAttr;
    // A multi-attr's values gather into one array at the first one's place, whatever comes
    // between: written at the first, skipped after. Two types under one key are left alone.
    if (multi && (a.select || typesOfKey.get(key)! > 1)) continue;
    let n = bitOf.get(key);
    if (n === undefined) bitOf.set(key, (n = bitOf.size));
    const word = `seen${n >>> 5}`;
    const bit = `${(1 << (n & 31)) | 0}`;
    words = Math.max(words, (n >>> 5) + 1);
    // A repeat goes to $unknown in the decoder (left to it); a multi-attr's was written already.
    const lines = [`if ((${word} & ${bit}) !== 0) ${multi ? 'break' : 'return -1'}; ${word} |= ${bit};`];
    const prefix = `out.byte(opened === 0 ? 0x7b : 0x2c); opened = 1; out.bytes(${dep(keyBytes(key))});`;
    const keep = selectorKeys.has(key) ? `lite[${quoteKey(key)}] = v;` : '';
    const inline = !a.scoped && !a.select && INLINE_INTS.has(attr.type) && intReadSource(attr.type as IntKind, attr.byteOrder === 'big-endian', 's');
    const deco = inline ? intDecorator(fam, attr) : undefined;
    const plainBinary = !a.scoped && !a.select && attr.type === 'binary' && !attr.records;
    const carriedStruct = plainBinary && attr.struct && !attr.subType ? fam.struct(attr.struct) : undefined;
    const carriedWrite = carriedStruct && !compileStruct(fam, carriedStruct).flex ? structText(ctx, carriedStruct) : null;
    const carried = carriedWrite && carriedStruct ? { size: carriedStruct.size, write: carriedWrite } : undefined;
    const packed = plainBinary && !attr.struct && attr.subType && attr.subType in INT_SIZE
      ? { kind: attr.subType as IntKind, bigEndian: attr.byteOrder === 'big-endian' }
      : undefined;
    // The value of the attribute at buf[s, e), written after its key (or as an array element).
    // A decoder's undefined is left out as JSON.stringify leaves it: `undef` is written instead,
    // and `before` (the key) only ahead of a value.
    const value = (undef: string, before: string): string => {
      // The reading the selector picks: a nest (left to the decoder when there is no writer).
      // A sub-message: its format by the selector (left to the decoder when the selector is not at hand).
      if (sub) return `v = selectorIn(lite, noScope, ${quoteKey(subKeyOf(a))}); if (v === undefined) return -1; ${before} if (${dep(sub)}(v, buf, s, e, out, depth + 1) < 0) return -1;`;
      if (readings) return `v = selectorIn(lite, noScope, ${quoteKey(a.select!.key)}); if (v === undefined) return -1; d = pickCase(${dep(readings)}, v); if (d === null) return -1; ${before} v = d(buf, s, e, out, 0, depth + 1, undefined); if (v < 0) return -1; if (v === 0) out.text('{}'); else out.byte(0x7d);`;
      if (nest) return `${before} v = ${dep(nest)}(buf, s, e, out, 0, depth + 1, undefined); if (v < 0) return -1; if (v === 0) out.text('{}'); else out.byte(0x7d);`;
      if (inline) {
        const read = `if (e - s < ${INT_SIZE[attr.type as IntKind]}) return -1;`;
        if (keep || !before) return `${read} ${before} v = ${deco ? `${dep(deco)}(${inline})` : inline}; ${keep} out.value(v, valueText);`;
        // The key and the value in one piece, remembered per value (after a { or a ,).
        const first = dep(intText(`{${quoteKey(key)}:`, deco, valueText));
        const next = dep(intText(`,${quoteKey(key)}:`, deco, valueText));
        return `${read} out.bytes((opened === 0 ? ${first} : ${next})(${inline})); opened = 1;`;
      }
      if (a.select) {
        // No selector value (it comes later, or from an enclosing object): left to the decoder.
        const pick = `v = selectorIn(lite, noScope, ${quoteKey(a.select.key)}); if (v === undefined) return -1; d = ${dep(a.select.pick)}(v);`;
        // An address read as dotted-quad text is written from its bytes.
        const ipv4 = keep ? '' : `if (d[ipv4Text] === true && e - s === 4) { ${before} out.ipv4(buf, s); } else `;
        return `${pick} ${ipv4}{ v = d(buf, s, e, noScope, depth + 1); if (v === undefined) { ${undef} } else { ${before} ${keep} out.value(v, valueText); } }`;
      }
      const decoded = `v = ${dep(a.dec)}(buf, s, e, noScope, depth + 1); if (v === undefined) { ${undef} } else { ${before} ${keep} out.value(v, valueText); }`;
      if (keep) return decoded;
      if ((a.dec as { [IPV4_TEXT]?: boolean })[IPV4_TEXT] === true) return `if (e - s === 4) { ${before} out.ipv4(buf, s); } else { ${decoded} }`;
      // A struct exactly as long as its C type (no $tail, no flexible array): from its bytes.
      if (carried) return `if (e - s === ${carried.size}) { ${before} ${dep(carried.write)}(buf, s, out); } else { ${decoded} }`;
      // Integers packed back to back: the whole ones (JSON leaves an array's $tail out).
      if (packed) {
        const kind = packed.kind;
        const size = INT_SIZE[kind];
        const one = kind === 'u64' && ctx.forms.bigintAsNumber
          ? `if (!out.u64(buf, p, ${packed.bigEndian})) out.value(readInt(buf, p, 'u64', ${packed.bigEndian}), valueText);`
          : `out.value(readInt(buf, p, ${quoteKey(kind)}, ${packed.bigEndian}), valueText);`;
        return `${before} out.byte(0x5b); for (let p = s; p + ${size} <= e; p += ${size}) { if (p !== s) out.byte(0x2c); ${one} } out.byte(0x5d);`;
      }
      return decoded;
    };
    if (multi) {
      // This attribute and every later one of its type, as one array.
      lines.push(prefix, 'out.byte(0x5b);', `for (let p = at, i = 0; end - p >= 4; ) { const l = attrLen(buf, p, end); if (((buf[p + 2] | (buf[p + 3] << 8)) & 0x3fff) === ${a.type >>> 0}) { if (i++ !== 0) out.byte(0x2c); const s = p + 4, e = p + l; ${value("out.text('null');", '')} } p += align4(l); }`, 'out.byte(0x5d);');
    } else {
      lines.push(value('', prefix));
    }
    cases.push(`case ${a.type >>> 0}: ${lines.join(' ')} break;`);
  }
  for (const t of skipped) cases.push(`case ${t >>> 0}: break;`);
  const body = `
return function setText(buf, start, end, out, opened, depth, lite) {
  if (depth > maxDepth) return -1;
  let v, d;
  ${readKeys.length ? 'if (lite === undefined) lite = {};' : ''}
  ${Array.from({ length: words }, (_, i) => `let seen${i} = 0;`).join(' ')}
  let off = start;
  try {
    while (end - off >= 4) {
      const at = off;
      const len = attrLen(buf, off, end);
      const raw = buf[off + 2] | (buf[off + 3] << 8);
      const s = off + 4;
      const e = off + len;
      off += align4(len);
      switch (raw & 0x3fff) {
        ${cases.join('\n        ')}
        default: return -1;
      }
    }
  } catch {
    return -1;
  }
  return opened;
};`;
  const make = new Function('k', 'attrLen', 'align4', 'maxDepth', 'noScope', 'valueText', 'selectorIn', 'ipv4Text', 'pickCase', 'readInt', body) as (
    k: unknown[], attrLenFn: typeof attrLen, align: typeof align4, maxDepth: number, noScope: Decoded[], valueText: ValueText, selector: typeof selectorIn, ipv4: symbol, pick: typeof pickCase, read: typeof readInt,
  ) => SetText;
  slot.fn = make(deps, attrLen, align4, MAX_NEST_DEPTH, Object.freeze([]) as unknown as Decoded[], valueText, selectorIn, IPV4_TEXT, pickCase, readInt);
  selectKeysOf.set(slot.fn, readKeys);
  return slot.fn;
}

/**
 * The JSON text writer for replies of `opName` (its fixed header and attribute set), or
 * undefined where code generation is not allowed.
 */
export function replyText(runtime: FamilyRuntime, opName: string, valueText: ValueText, forms: TextForms = {}): MessageText | undefined {
  return messageText(runtime.index, runtime.decoder, runtime.layoutOf(runtime.op(opName)), valueText, forms);
}
