/**
 * The layout of a message body: a preamble (the genlmsghdr, for genetlink messages), an
 * optional fixed header (a struct, padded to 4 bytes) and an optional attribute set. Requests,
 * replies, notifications and sub-message formats all have this shape; this module is the one
 * place that encodes it, decodes it and says where its attributes begin.
 */
import { headerKey, memberName } from '@nlkit/ir';
import type { StructIR } from '@nlkit/ir';
import type { FamilyIndex } from './family.js';
import { compileStruct, decodeCompiled, encodeStruct, type CompiledStruct, type Decoded } from './struct.js';
import type { MessageBuilder } from '../wire/attrs.js';
import { align4 } from '../wire/constants.js';
import { capText } from '../wire/limits.js';
import { ValidationError } from '../errors.js';

export interface Layout {
  /** Bytes before the fixed header (4 for genetlink messages, 0 elsewhere). */
  preamble: number;
  header: StructIR | undefined;
  compiledHeader: CompiledStruct | undefined;
  /** The fixed header's share of the body: its size rounded up to 4. */
  headerSpan: number;
  /** Where the attributes begin, from the start of the body. */
  attrsOffset: number;
  /** The key the fixed header is decoded under. */
  headerKey: 'header' | 'fixedHeader';
  attributeSet: string | undefined;
  /** The attribute set has an attribute whose key is the header key. */
  setHasHeaderAttr: boolean;
}

/** A layout from the IR's fixedHeader / attributeSet names (an operation or a sub-message format). */
export function makeLayout(fam: FamilyIndex, parts: { fixedHeader?: string; attributeSet?: string }, preamble = 0, headerStruct?: StructIR): Layout {
  const set = parts.attributeSet ? fam.sets.get(parts.attributeSet)?.set : undefined;
  const header = headerStruct ?? (parts.fixedHeader ? fam.struct(parts.fixedHeader) : undefined);
  const hk = headerKey(set);
  const headerSpan = header ? align4(header.size) : 0;
  return {
    preamble,
    header,
    compiledHeader: header && compileStruct(fam, header),
    headerSpan,
    attrsOffset: preamble + headerSpan,
    headerKey: hk,
    attributeSet: parts.attributeSet,
    setHasHeaderAttr: !!set?.attrs.some((a) => memberName(a.name) === hk),
  };
}

/** What decodes an attribute set into an object (the Decoder). */
export interface SetDecoder {
  decodeSet(setName: string, buf: Uint8Array, start: number, end: number, scope: Decoded[], depth: number, into: Decoded): Decoded;
}

/**
 * Decodes body buf[start, end): `{ [headerKey]: struct, ...attributes }`. A body shorter than
 * its header yields the members that fit and no attributes.
 */
export function decodeLayout(l: Layout, fam: FamilyIndex, dec: SetDecoder, buf: Uint8Array, start: number, end: number, scope: Decoded[], depth: number): Decoded {
  const out: Decoded = {};
  let off = Math.min(end, start + l.preamble);
  if (l.compiledHeader) {
    out[l.headerKey] = decodeCompiled(fam, l.compiledHeader, buf, off, end);
    off = Math.min(end, off + l.headerSpan);
  }
  if (l.attributeSet) dec.decodeSet(l.attributeSet, buf, off, end, scope, depth, out);
  return out;
}

/** What encodes an object as an attribute set (the Encoder). */
export interface SetEncoder {
  encodeSet(setName: string, value: unknown, b: MessageBuilder, path: string[], scope: Decoded[], skip: string | undefined, depth: number): void;
}

/** The texts of the errors that depend on what the layout belongs to (an operation, a format). */
export interface LayoutErrors {
  noHeader: string;
  noAttributes: string;
}

/**
 * Encodes `obj` after the preamble (which the caller writes): the fixed header from
 * `obj[headerKey]`, then the rest as attributes. `depth` is the attribute set's depth.
 */
export function encodeLayout(l: Layout, fam: FamilyIndex, enc: SetEncoder, obj: Decoded, b: MessageBuilder, path: string[], scope: Decoded[], depth: number, errors: LayoutErrors): void {
  const hk = l.headerKey;
  if (l.header) {
    const off = b.zeros(l.headerSpan);
    encodeStruct(fam, l.header, obj[hk], b.buf, off, [...path, hk]);
  } else if (obj[hk] !== undefined && !l.setHasHeaderAttr) {
    throw new ValidationError([...path, hk], errors.noHeader);
  }
  if (l.attributeSet) enc.encodeSet(l.attributeSet, obj, b, path, scope, l.header ? hk : undefined, depth);
  else {
    const extra = Object.keys(obj).filter((k) => k !== hk);
    if (extra.length) throw new ValidationError([...path, capText(extra[0]!)], errors.noAttributes);
  }
}

/** A sub-message format with its layout. */
export interface FormatLayout {
  value: string;
  layout: Layout;
  /** A format that is only a struct: its value is the struct itself, not `{ header }`. */
  structOnly: boolean;
}

const formatCache = new WeakMap<FamilyIndex, Map<string, Map<string, FormatLayout | null>>>();

/**
 * The format of sub-message `name` for selector value `value` (as text; the first of repeated
 * values wins), or undefined. Looked up once per value.
 */
export function subMessageFormat(fam: FamilyIndex, name: string, value: string): FormatLayout | undefined {
  let perFam = formatCache.get(fam);
  if (!perFam) formatCache.set(fam, (perFam = new Map()));
  let byValue = perFam.get(name);
  if (!byValue) perFam.set(name, (byValue = new Map()));
  let f = byValue.get(value);
  if (f === undefined) {
    const fmt = fam.subMessages.get(name)?.formats.find((x) => x.value === value);
    f = fmt ? { value: fmt.value, layout: makeLayout(fam, fmt), structOnly: !!fmt.fixedHeader && !fmt.attributeSet } : null;
    // Selector values come from decoded data: keep the cache from growing with values that have no format.
    if (f || byValue.size < 256) byValue.set(value, f);
  }
  return f ?? undefined;
}
