/**
 * Names for the offsets an extended ack points at, found by walking the request as sent:
 * through nests, sub-messages, indexed arrays of nests, nlkit-select readings and
 * nlkit-records. Paths are schema names with element and record indexes as decimal text,
 * as DecodeError and ValidationError paths are (`multipath.0.gateway`,
 * `multipath.1.header.rtnh-ifindex`). Best effort: the request may be what the kernel
 * objected to, so nothing here throws.
 */
import { memberName, type AttrIR, type StructIR } from '@nlkit/ir';
import type { FamilyIndex } from './family.js';
import type { Decoder } from './decode.js';
import { recordsPlan, selectCases } from './extension.js';
import { subMessageFormat } from './layout.js';
import { decodeStruct } from './struct.js';
import { walkAttrs } from '../wire/attrs.js';
import { NLA_HDRLEN, align4 } from '../wire/constants.js';
import { MAX_NEST_DEPTH } from '../wire/limits.js';
import { readInt } from '../wire/scalars.js';

/** A message-like body in the request: an optional fixed header, then attributes of a set. */
export interface Region {
  /** The attribute set of buf[start, end); none for a struct-only sub-message format. */
  set: string | undefined;
  start: number;
  end: number;
  /** The fixed header in front (a message's, a record's, a format's): its members select too. */
  header?: { struct: StructIR; start: number; end: number };
  /** The key the header is decoded under; undefined when the value is the struct itself. */
  headerKey?: string;
}

/** What an attribute's payload holds: one body (a nest, a sub-message) or several (records, array elements). */
interface Part {
  /** The record or element index; none for a nest or sub-message. */
  label?: string;
  /** Where the part begins (its nlattr header, or a record's first byte) and ends (aligned). */
  at: number;
  end: number;
  body: Region;
}

export class AckNames {
  constructor(private readonly fam: FamilyIndex, private readonly decoder: Decoder) {}

  /** The names leading to the attribute whose header starts at (or contains) `target`. */
  pathAt(r: Region, buf: Uint8Array, target: number, scopes: Region[], depth: number): string[] {
    const h = r.header;
    if (h && target >= h.start && target < r.start) {
      if (target >= h.start + h.struct.size) return [];
      const member = structMemberAt(h.struct, target - h.start);
      return r.headerKey === undefined ? [member] : [r.headerKey, member];
    }
    let found: string[] = [];
    const idx = r.set === undefined ? undefined : this.fam.sets.get(r.set);
    if (!idx || depth > MAX_NEST_DEPTH) return found;
    const here = [...scopes, r];
    walkSafe(buf, r.start, r.end, undefined, (type, s, e) => {
      if (found.length || target < s - NLA_HDRLEN || target >= e) return;
      const attr = idx.byValue.get(type);
      found = [attr?.name ?? `attr-${type}`];
      if (target < s || !attr) return;
      const part = this.partsOf(attr, buf, s, e, here).find((p) => target >= p.at && target < p.end);
      if (!part) return;
      found = [...found, ...(part.label === undefined ? [] : [part.label]), ...this.pathAt(part.body, buf, target, here, depth + 1)];
    });
    return found;
  }

  /** Finds the nest (or record) whose header is at `target`: its attribute set and path. */
  setAt(r: Region, buf: Uint8Array, target: number, path: string[], scopes: Region[], depth: number): { set: string; path: string[] } | undefined {
    const idx = r.set === undefined ? undefined : this.fam.sets.get(r.set);
    if (!idx || depth > MAX_NEST_DEPTH) return undefined;
    const here = [...scopes, r];
    let result: { set: string; path: string[] } | undefined;
    walkSafe(buf, r.start, r.end, undefined, (type, s, e) => {
      if (result || target < s - NLA_HDRLEN || target >= e) return;
      const attr = idx.byValue.get(type);
      const part = attr && this.partsOf(attr, buf, s, e, here).find((p) => target >= p.at && target < p.end);
      if (!attr || !part) return;
      const p = part.label === undefined ? [...path, attr.name] : [...path, attr.name, part.label];
      if (target === part.at) result = part.body.set === undefined ? undefined : { set: part.body.set, path: p };
      else result = this.setAt(part.body, buf, target, p, here, depth + 1);
    });
    return result;
  }

  /** The bodies inside attribute `attr`'s payload buf[s, e), read as the request's data selects. */
  private partsOf(attr: AttrIR, buf: Uint8Array, s: number, e: number, scopes: Region[]): Part[] {
    const a = attr.select ? this.selected(attr, buf, scopes) : attr;
    if (a.records) return this.records(a, buf, s, e);
    if (a.type === 'nest' && a.nestedAttributes) return [{ at: s - NLA_HDRLEN, end: e, body: { set: a.nestedAttributes, start: s, end: e } }];
    if (a.type === 'indexed-array' && (a.subType ?? 'nest') === 'nest' && a.nestedAttributes) {
      const set = a.nestedAttributes;
      const parts: Part[] = [];
      walkSafe(buf, s, e, undefined, (_t, es, ee) => {
        parts.push({ label: String(parts.length), at: es - NLA_HDRLEN, end: ee, body: { set, start: es, end: ee } });
      });
      return parts;
    }
    if (a.type !== 'sub-message' || !a.subMessage || !a.selector) return [];
    const value = this.selectorIn(a.selector, buf, scopes);
    const fmt = value === undefined ? undefined : subMessageFormat(this.fam, a.subMessage, value);
    if (!fmt) return [];
    const l = fmt.layout;
    const header = l.header && { struct: l.header, start: s, end: Math.min(e, s + l.header.size) };
    return [{ at: s - NLA_HDRLEN, end: e, body: { set: l.attributeSet, start: s + l.attrsOffset, end: e, header, headerKey: fmt.structOnly ? undefined : l.headerKey } }];
  }

  /** nlkit-records: each record's header and attributes, as far as the framing holds. */
  private records(a: AttrIR, buf: Uint8Array, s: number, e: number): Part[] {
    const plan = recordsPlan(this.fam, a.records!);
    // The struct as declared (with its length member), so an offset at the length has a name.
    const struct = this.fam.struct(a.records!.header);
    const parts: Part[] = [];
    for (let off = s; off < e && e - off >= plan.lengthEnd && off + plan.lengthEnd <= buf.length;) {
      const len = Number(readInt(buf, off + plan.lengthMember.offset, plan.lengthKind, plan.lengthBigEndian));
      if (len < struct.size || len > e - off) break;
      const body: Region = { set: a.records!.attributeSet, start: off + plan.layout.attrsOffset, end: off + len, header: { struct, start: off, end: off + struct.size }, headerKey: plan.layout.headerKey };
      parts.push({ label: String(parts.length), at: off, end: Math.min(e, off + align4(len)), body });
      off += align4(len);
    }
    return parts;
  }

  /** The reading of a nlkit-select attribute that the request's selector value picks. */
  private selected(a: AttrIR, buf: Uint8Array, scopes: Region[]): AttrIR {
    let cases = this.selects.get(a);
    if (!cases) this.selects.set(a, (cases = selectCases(this.fam, a, (x) => x)));
    const v = this.selectorIn(a.select!.by, buf, scopes);
    return v === undefined ? cases.declared : (cases.byValue.get(v) ?? cases.declared);
  }
  private readonly selects = new WeakMap<AttrIR, { declared: AttrIR; byValue: Map<string, AttrIR> }>();

  /**
   * The selector's value in the request bytes, as text: in the innermost enclosing body that has
   * it, as an attribute or else as a member of the body's fixed header (the decoder's order).
   */
  private selectorIn(selector: string, buf: Uint8Array, scopes: Region[]): string | undefined {
    const key = memberName(selector);
    for (let i = scopes.length - 1; i >= 0; i--) {
      const r = scopes[i]!;
      const set = r.set;
      const sel = set === undefined ? undefined : this.fam.sets.get(set)?.byMember.get(key);
      let value: string | undefined;
      if (sel && set !== undefined) {
        walkSafe(buf, r.start, r.end, sel.value, (_t, vs, ve) => {
          if (value !== undefined) return;
          const v = this.decoder.decodeSet(set, buf, vs - NLA_HDRLEN, ve)[key];
          if (v !== undefined) value = String(v);
        });
      }
      if (value === undefined && r.header) {
        const h = r.header;
        try {
          const decoded = decodeStruct(this.fam, h.struct, buf, h.start, Math.min(h.end, buf.length));
          if (Object.hasOwn(decoded, key) && decoded[key] !== undefined) value = String(decoded[key]);
        } catch { /* leave undefined */ }
      }
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

/** The member of `st` at byte `offset`, or `byte <offset>` between members. */
export function structMemberAt(st: StructIR, offset: number): string {
  return st.members.find((m) => offset >= m.offset && offset < m.offset + m.size)?.name ?? `byte ${offset}`;
}

/** Walks what can be walked (the request may be what the kernel objected to). */
function walkSafe(buf: Uint8Array, start: number, end: number, type: number | undefined, visit: (t: number, s: number, e: number) => void): void {
  try {
    walkAttrs(buf, start, Math.min(end, buf.length), (t, s, e) => {
      if (type === undefined || t === type) visit(t, s, e);
    });
  } catch { /* best effort */ }
}
