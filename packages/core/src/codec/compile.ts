/**
 * Straight-line decoders built once per attribute set and per struct from the IR, with
 * `new Function`. Schema text enters the generated source only as JSON-quoted property keys
 * (JSON.stringify): every identifier, number and statement in the source is ours. Everything
 * else an attribute needs (its decoder closure, its enum namer, its name for error paths) is
 * passed in as a value, never as text.
 *
 * Hosts that forbid code generation get `undefined` from these builders; the callers then use
 * the interpreted path, which decodes to the same values (a differential test holds them to it).
 */
import { INT_SIZE, type IntKind } from '../wire/scalars.js';

/** True when this host allows `new Function` (checked once). */
export const CODEGEN = ((): boolean => {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
})();

/** A property key as source text: always a JSON string literal. */
export function quoteKey(key: string): string {
  return JSON.stringify(key);
}

/** The integer types read inline by generated code (64-bit values are bigints, read by a helper). */
export const INLINE_INTS: ReadonlySet<string> = new Set<IntKind>(['u8', 'u16', 'u32', 's8', 's16', 's32']);

/** Source reading a fixed-width integer of up to 32 bits at `at` (an expression of ours). */
export function intReadSource(kind: IntKind, bigEndian: boolean, at: string): string | undefined {
  const b = (i: number) => (i === 0 ? `buf[${at}]` : `buf[${at} + ${i}]`);
  const u16 = bigEndian ? `((${b(0)} << 8) | ${b(1)})` : `(${b(0)} | (${b(1)} << 8))`;
  const i32 = bigEndian
    ? `((${b(0)} << 24) | (${b(1)} << 16) | (${b(2)} << 8) | ${b(3)})`
    : `(${b(0)} | (${b(1)} << 8) | (${b(2)} << 16) | (${b(3)} << 24))`;
  switch (kind) {
    case 'u8': return b(0);
    case 's8': return `((${b(0)} << 24) >> 24)`;
    case 'u16': return u16;
    case 's16': return `((${u16} << 16) >> 16)`;
    case 'u32': return `(${i32} >>> 0)`;
    case 's32': return i32;
    default: return undefined; // 64-bit values are bigints: read by a helper
  }
}

/** One struct member for the generated struct decoder. */
export interface StructMemberSource {
  key: string;
  offset: number;
  /** Up to 32 bits read inline, then `deco` applied when given. */
  int?: { kind: IntKind; bigEndian: boolean; deco?: (v: number | bigint) => unknown };
  /** Anything else: read(fam, buf, at, depth). */
  read: (fam: never, buf: Uint8Array, at: number, depth: number) => unknown;
}

export type StructDecoderFn<F> = (fam: F, buf: Uint8Array, start: number, depth: number) => Record<string, unknown>;

/**
 * A decoder for a struct read in full: one object literal, so every decoded struct of a kind
 * has the same shape. `undefined` when the keys would not behave as plain properties in a
 * literal (`__proto__`, repeated keys) or code generation is off: callers use the member loop.
 */
export function buildStructDecoder<F>(members: StructMemberSource[]): StructDecoderFn<F> | undefined {
  if (!CODEGEN || members.length === 0 || members.length > 256) return undefined;
  const keys = members.map((m) => m.key);
  if (keys.includes('__proto__') || new Set(keys).size !== keys.length) return undefined;
  const deps: unknown[] = [];
  const dep = (v: unknown): string => `k[${deps.push(v) - 1}]`;
  const fields = members.map((m) => {
    const at = `start + ${m.offset >>> 0}`;
    const inline = m.int && intReadSource(m.int.kind, m.int.bigEndian, `(${at})`);
    let value: string;
    if (inline) value = m.int!.deco ? `${dep(m.int!.deco)}(${inline})` : inline;
    else value = `${dep(m.read)}(fam, buf, ${at}, depth)`;
    return `${quoteKey(m.key)}: ${value}`;
  });
  const body = `return function decodeStruct(fam, buf, start, depth) {\n  return { ${fields.join(',\n    ')} };\n};`;
  return (new Function('k', body) as (k: unknown[]) => StructDecoderFn<F>)(deps);
}

/** How the set decoder handles one attribute type. */
export interface SetEntrySource {
  type: number;
  key: string;
  /** Schema name, for error paths (a value, never source). */
  name: string;
  multi: boolean;
  /** Nests, sub-messages, selects and records: get the enclosing objects as scope. */
  nesting: boolean;
  /** Gets the NEST_FLAG mark. */
  mark: boolean;
  /** A sub-message whose selector may come later in the set: the selector's key. */
  selector?: string;
  /** nlkit-select: read with the selector from `out` or the scope, a scope array built only when needed. */
  select?: { key: string; sibling: boolean; pick: (v: unknown) => SetEntrySource['dec']; scoped: boolean };
  /** Scalars of up to 32 bits, read inline after a length check. */
  int?: { kind: IntKind; bigEndian: boolean; deco?: (v: number | bigint) => unknown };
  /** Everything else: dec(buf, s, e, scope, depth). */
  dec: (buf: Uint8Array, s: number, e: number, scope: Record<string, unknown>[], depth: number) => unknown;
}

/** The helpers the generated set decoder calls (the same ones the interpreted path uses). */
export interface SetHelpers {
  maxDepth: number;
  attrLen(buf: Uint8Array, off: number, end: number): number;
  align4(n: number): number;
  tooDeep(start: number): Error;
  /** The interpreted decoder of the same set (for a range past the buffer, where reads must throw as readInt does). */
  interpret: SetDecoderFn;
  shortInt(kind: string, size: number, s: number, e: number): Error;
  /** A DecodeError from inside attribute `name`, re-thrown with the name on its path. */
  rethrow(err: unknown, name: string, s: number): never;
  mark(v: unknown, raw: number): void;
  unknown(out: Record<string, unknown>, buf: Uint8Array, s: number, e: number, raw: number, type: number): void;
  /** The selector's value in the scope, by its key. */
  findSelector(scope: Record<string, unknown>[], key: string): unknown;
  /** The selector's value seen from `out` (its attributes, its fixed header), then the scope. */
  selectorIn(out: Record<string, unknown>, scope: Record<string, unknown>[], key: string): unknown;
  /** Keeps the place of entry `index`'s key in `out` (its value is decoded at the end). */
  hold(index: number, out: Record<string, unknown>): void;
  /** Decodes the held entries: `list` is [index, s, e, raw, scope] groups. */
  runDeferred(out: Record<string, unknown>, list: unknown[], buf: Uint8Array, depth: number): void;
}

export type SetDecoderFn = (buf: Uint8Array, start: number, end: number, scope: Record<string, unknown>[], depth: number, out: Record<string, unknown>) => Record<string, unknown>;

/**
 * A decoder for one attribute set: the TLV walk with a `switch` on the attribute type, one case
 * per known attribute, each with its own call site (monomorphic, inlinable). `skipped` are the
 * types that are known and dropped (pad, unused). `undefined` when code generation is off.
 */
export function buildSetDecoder(entries: SetEntrySource[], skipped: number[], h: SetHelpers): SetDecoderFn | undefined {
  if (!CODEGEN) return undefined;
  const deps: unknown[] = [h];
  const dep = (v: unknown): string => `k[${deps.push(v) - 1}]`;
  const cases: string[] = [];
  let hasDeferred = false;
  // Which non-multi attributes this call has stored: one bit each, in 32-bit words `seenN`.
  let words = 0;
  const bitOf = new Map<string, number>();
  entries.forEach((c, index) => {
    const type = c.type >>> 0;
    const key = `out[${quoteKey(c.key)}]`;
    const store = (v: string) => (c.multi ? `(${key} ??= []).push(${v});` : `${key} = ${v};`);
    const lines: string[] = [];
    if (!c.multi) {
      // A repeat of a non-multi attribute is kept as bytes: the first occurrence stays.
      // Attributes with the same key share a bit (two schema names can make one camelCase key).
      let n = bitOf.get(c.key);
      if (n === undefined) bitOf.set(c.key, (n = bitOf.size));
      const word = `seen${n >>> 5}`;
      const bit = `${(1 << (n & 31)) | 0}`;
      words = Math.max(words, (n >>> 5) + 1);
      lines.push(`if ((${word} & ${bit}) !== 0) { h.unknown(out, buf, s, e, raw, ${type}); break; } ${word} |= ${bit};`);
    }
    const inline = c.int && !c.nesting && intReadSource(c.int.kind, c.int.bigEndian, 's');
    if (c.select) {
      const sel = c.select;
      lines.push(`v = h.selectorIn(out, scope, ${quoteKey(sel.key)});`);
      if (sel.sibling) {
        hasDeferred = true;
        lines.push(`if (v === undefined) { if (inner === undefined) inner = scope.concat([out]); h.hold(${index}, out); (deferred ??= []).push(${index}, s, e, raw, inner); break; }`);
      }
      const at = sel.scoped ? '(inner === undefined ? (inner = scope.concat([out])) : inner)' : 'scope';
      lines.push(`v = ${dep(sel.pick)}(v)(buf, s, e, ${at}, depth + 1);`);
      if (c.mark) lines.push('h.mark(v, raw);');
      lines.push(store('v'));
    } else if (inline) {
      const size = INT_SIZE[c.int!.kind];
      lines.push(`if (e - s < ${size}) throw h.shortInt(${quoteKey(c.int!.kind)}, ${size}, s, e);`);
      lines.push(store(c.int!.deco ? `${dep(c.int!.deco)}(${inline})` : inline));
    } else if (c.nesting) {
      lines.push('if (inner === undefined) inner = scope.concat([out]);');
      if (c.selector !== undefined) {
        hasDeferred = true;
        lines.push(`if (h.findSelector(inner, ${quoteKey(c.selector)}) === undefined) { h.hold(${index}, out); (deferred ??= []).push(${index}, s, e, raw, inner); break; }`);
      }
      lines.push(`v = ${dep(c.dec)}(buf, s, e, inner, depth + 1);`);
      if (c.mark) lines.push('h.mark(v, raw);');
      lines.push(store('v'));
    } else {
      lines.push(store(`${dep(c.dec)}(buf, s, e, scope, depth + 1)`));
    }
    cases.push(`case ${type}: name = ${dep(c.name)}; ${lines.join(' ')} break;`);
  });
  for (const t of skipped) cases.push(`case ${t >>> 0}: break;`);
  const body = `
const h = k[0];
return function decodeSet(buf, start, end, scope, depth, out) {
  if (depth > h.maxDepth) throw h.tooDeep(start);
  if (end > buf.length) return h.interpret(buf, start, end, scope, depth, out);
  let inner, v, name, deferred;
  ${Array.from({ length: words }, (_, i) => `let seen${i} = 0;`).join(' ')}
  let off = start;
  while (end - off >= 4) {
    const len = h.attrLen(buf, off, end);
    const raw = buf[off + 2] | (buf[off + 3] << 8);
    const s = off + 4;
    const e = off + len;
    off += h.align4(len);
    try {
      switch (raw & 0x3fff) {
        ${cases.join('\n        ')}
        default: h.unknown(out, buf, s, e, raw, raw & 0x3fff);
      }
    } catch (err) {
      h.rethrow(err, name, s);
    }
  }
  ${hasDeferred ? 'if (deferred !== undefined) h.runDeferred(out, deferred, buf, depth);' : ''}
  return out;
};`;
  return (new Function('k', body) as (k: unknown[]) => SetDecoderFn)(deps);
}
