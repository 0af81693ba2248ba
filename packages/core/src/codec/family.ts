/** Indexes over a FamilyIR: sets, attributes by number and name, structs, enums, operations. */
import { capText } from '../wire/limits.js';
import { READABLE_IR_VERSIONS, memberName, type AttrIR, type AttrSetIR, type EnumIR, type FamilyIR, type OperationIR, type StructIR, type SubMessageIR } from '@nlkit/ir';

export interface SetIndex {
  set: AttrSetIR;
  byValue: Map<number, AttrIR>;
  /** camelCase member name → attribute. */
  byMember: Map<string, AttrIR>;
  /** Has a `pad` attribute: 64-bit values are aligned with it, as nla_put_64bit does. */
  pad?: AttrIR;
}

export interface EnumIndex {
  ir: EnumIR;
  byValue: Map<number, string>;
  byName: Map<string, number>;
}

export class FamilyIndex {
  readonly sets = new Map<string, SetIndex>();
  readonly structs = new Map<string, StructIR>();
  readonly enums = new Map<string, EnumIndex>();
  readonly subMessages = new Map<string, SubMessageIR>();
  readonly ops = new Map<string, OperationIR>();

  constructor(readonly ir: FamilyIR) {
    if (!READABLE_IR_VERSIONS.includes(ir.irVersion)) throw new Error(`IR version ${String(ir.irVersion)} is not supported (want ${READABLE_IR_VERSIONS.join(' or ')})`);
    for (const s of ir.attributeSets) {
      const byValue = new Map<number, AttrIR>();
      const byMember = new Map<string, AttrIR>();
      for (const a of s.attrs) {
        if (!byValue.has(a.value)) byValue.set(a.value, a);
        byMember.set(memberName(a.name), a);
      }
      this.sets.set(s.name, { set: s, byValue, byMember, pad: s.attrs.find((a) => a.type === 'pad') });
    }
    for (const st of ir.structs) this.structs.set(st.name, st);
    for (const e of ir.enums) {
      const byValue = new Map<number, string>();
      const byName = new Map<string, number>();
      for (const en of e.entries) {
        if (!byValue.has(en.value)) byValue.set(en.value, en.name);
        byName.set(en.name, en.value);
      }
      this.enums.set(e.name, { ir: e, byValue, byName });
    }
    for (const sm of ir.subMessages) this.subMessages.set(sm.name, sm);
    for (const op of ir.operations) this.ops.set(op.name, op);
  }

  set(name: string): SetIndex {
    const s = this.sets.get(name);
    if (!s) throw new Error(`${this.ir.name}: unknown attribute set "${name}"`);
    return s;
  }

  struct(name: string): StructIR {
    const s = this.structs.get(name);
    if (!s) throw new Error(`${this.ir.name}: unknown struct "${name}"`);
    return s;
  }

  /**
   * The enum of a sub-message selector, for encoders given its number: the one enum that the
   * attributes and fixed-header members of that name carry (none when they disagree).
   */
  selectorEnum(selector: string): EnumIndex | undefined {
    let hit = this.selectorEnums.get(selector);
    if (hit === undefined) {
      const names = new Set<string>();
      for (const s of this.ir.attributeSets) for (const a of s.attrs) if (a.name === selector && a.enum) names.add(a.enum);
      for (const st of this.ir.structs) for (const m of st.members) if (m.name === selector && m.enum) names.add(m.enum);
      hit = names.size === 1 ? (this.enums.get([...names][0]!) ?? null) : null;
      this.selectorEnums.set(selector, hit);
    }
    return hit ?? undefined;
  }
  private readonly selectorEnums = new Map<string, EnumIndex | null>();

  op(name: string): OperationIR {
    const o = this.ops.get(name);
    if (!o) throw new Error(`${this.ir.name}: unknown operation ${JSON.stringify(capText(String(name)))}`);
    return o;
  }
}

/**
 * How an enum-typed value maps to bits when used as flags. A `flags` enum already holds masks;
 * an `enum` used with enum-as-flags holds bit numbers.
 */
export function flagMasks(e: EnumIndex): Array<[string, number]> {
  return e.ir.entries.map((en) => [en.name, e.ir.kind === 'flags' ? en.value : 2 ** en.value]);
}
