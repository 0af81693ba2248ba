/**
 * What every emitter shares: the IR, lookup tables and the TypeScript name of every enum, struct,
 * attribute set and sub-message format. Names are claimed once, in IR order, so output is stable.
 */
import { memberName, typeName, type AttrIR, type AttrSetIR, type EnumIR, type FamilyIR, type StructIR, type SubMessageIR } from '@nlkit/ir';
import { NameRegistry } from './docs.js';

/** Decoded values (`out`) or request input (`in`). */
export type Dir = 'out' | 'in';

export interface TypePair {
  out: string;
  in: string;
}

/** A sub-message whose selector sits in the same set: the set is typed as a union over formats. */
export interface SelectorGroup {
  selector: AttrIR;
  members: AttrIR[];
  /** Name of the union type (per direction). */
  type: TypePair;
}

export interface SetInfo {
  set: AttrSetIR;
  /** The whole set's type (per direction). */
  type: TypePair;
  /** The interface of attributes outside selector groups; equals `type` when there are no groups. */
  base: TypePair;
  groups: SelectorGroup[];
  /** Attributes exposed as members (no pad/unused, first of each member name). */
  attrs: AttrIR[];
}

export interface Ctx {
  ir: FamilyIR;
  names: NameRegistry;
  /** Family-level names. */
  fam: { type: string; camel: string; client: string; notification: string; group: string; runtime: string; ir: string; consts: string; types: string };
  enums: Map<string, { ir: EnumIR; type: string }>;
  structs: Map<string, { ir: StructIR; type: TypePair }>;
  sets: Map<string, SetInfo>;
  subMessages: Map<string, { ir: SubMessageIR; union: TypePair; formats: Map<string, TypePair> }>;
}

const pair = (names: NameRegistry, base: string, suffix: string): TypePair => {
  const out = names.claim(base, suffix);
  return { out, in: names.claim(`${out}Input`, '_') };
};

export function createContext(ir: FamilyIR): Ctx {
  const names = new NameRegistry();
  const t = typeName(ir.name);
  const fam = {
    type: t,
    camel: memberName(ir.name),
    client: names.claim(`${t}Client`, '_'),
    notification: names.claim(`${t}Notification`, '_'),
    group: names.claim(`${t}Group`, '_'),
    runtime: names.claim(`${memberName(ir.name)}Runtime`, '_'),
    ir: names.claim(`${memberName(ir.name)}Ir`, '_'),
    consts: names.claim(`${t}Consts`, '_'),
    types: names.claim(`${t}Types`, '_'),
  };
  const enums = new Map<string, { ir: EnumIR; type: string }>();
  for (const e of ir.enums) if (!enums.has(e.name)) enums.set(e.name, { ir: e, type: names.claim(typeName(e.name), 'Enum') });
  const structs = new Map<string, { ir: StructIR; type: TypePair }>();
  for (const s of ir.structs) if (!structs.has(s.name)) structs.set(s.name, { ir: s, type: pair(names, typeName(s.name), 'Struct') });
  const sets = new Map<string, SetInfo>();
  for (const s of ir.attributeSets) {
    if (sets.has(s.name)) continue;
    const attrs = exposedAttrs(s.attrs);
    const groups = selectorGroups(attrs);
    const type = pair(names, typeName(s.name), 'Attrs');
    const base = groups.length ? pair(names, `${type.out}Base`, '_') : type;
    const info: SetInfo = {
      set: s,
      type,
      base,
      attrs,
      groups: groups.map((g) => ({ ...g, type: pair(names, `${type.out}By${typeName(g.selector.name)}`, '_') })),
    };
    sets.set(s.name, info);
  }
  const subMessages = new Map<string, { ir: SubMessageIR; union: TypePair; formats: Map<string, TypePair> }>();
  for (const sm of ir.subMessages) {
    if (subMessages.has(sm.name)) continue;
    const union = pair(names, typeName(sm.name), 'Msg');
    const formats = new Map<string, TypePair>();
    for (const f of sm.formats) if (!formats.has(f.value)) formats.set(f.value, pair(names, `${union.out}${typeName(f.value)}`, '_'));
    subMessages.set(sm.name, { ir: sm, union, formats });
  }
  return { ir, names, fam, enums, structs, sets, subMessages };
}

/** Attributes that appear in objects: no pad/unused, one per member name (the first wins). */
export function exposedAttrs(attrs: AttrIR[]): AttrIR[] {
  const seen = new Set<string>();
  const out: AttrIR[] = [];
  for (const a of attrs) {
    if (a.type === 'pad' || a.type === 'unused') continue;
    const k = memberName(a.name);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out;
}

function selectorGroups(attrs: AttrIR[]): Array<{ selector: AttrIR; members: AttrIR[] }> {
  const groups: Array<{ selector: AttrIR; members: AttrIR[] }> = [];
  for (const a of attrs) {
    if (a.type !== 'sub-message' || !a.selector || !a.subMessage) continue;
    const key = memberName(a.selector);
    const selector = attrs.find((x) => memberName(x.name) === key && x.type !== 'sub-message');
    if (!selector) continue;
    let g = groups.find((x) => x.selector === selector);
    if (!g) groups.push((g = { selector, members: [] }));
    g.members.push(a);
  }
  return groups;
}

/** Is `a` part of a selector group of its set (the selector or a sub-message it selects)? */
export function inGroup(info: SetInfo, a: AttrIR): boolean {
  return info.groups.some((g) => g.selector === a || g.members.includes(a));
}
