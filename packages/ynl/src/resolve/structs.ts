/** C struct layout: each member at its natural alignment, size rounded up to the largest one. */
import type { BitFieldIR, StructIR, StructMemberIR } from '@nlkit/ir';
import type { DefinitionSpec, MemberSpec } from '../spec.js';
import { numberOf, type Context } from './context.js';
import { clean, docOf } from './util.js';

const SCALAR_SIZE: Record<string, number> = { u8: 1, s8: 1, u16: 2, s16: 2, u32: 4, s32: 4, u64: 8, s64: 8 };

interface Layout {
  ir: StructIR;
  align: number;
}

export class StructLayouts {
  private readonly done = new Map<string, Layout>();
  private readonly busy = new Set<string>();

  constructor(private readonly ctx: Context) {}

  /** Layout of struct `name`; throws on unknown names or cycles (semantic checks catch both first). */
  get(name: string): Layout {
    const hit = this.done.get(name);
    if (hit) return hit;
    const def = this.ctx.defs.get(name);
    if (def === undefined || def.type !== 'struct') throw new Error(`unknown struct "${name}"`);
    if (this.busy.has(name)) throw new Error(`struct "${name}" contains itself`);
    this.busy.add(name);
    const layout = this.build(def);
    this.busy.delete(name);
    this.done.set(name, layout);
    return layout;
  }

  private memberSize(m: MemberSpec): { size: number; align: number } {
    const scalar = SCALAR_SIZE[m.type];
    if (scalar !== undefined) return { size: scalar, align: scalar };
    const inner = m.struct !== undefined && m.type === 'binary' ? this.get(m.struct) : undefined;
    let size: number;
    if (m.len !== undefined) {
      const n = numberOf(this.ctx, m.len);
      if (!n.ok) throw new Error(n.reason);
      size = n.value;
    } else if (inner) size = inner.ir.size;
    else throw new Error(`member "${m.name}" needs a len`);
    return { size, align: inner ? inner.align : 1 };
  }

  /** Alignment of one element of a flexible array member. */
  private elementAlign(m: MemberSpec): number {
    const scalar = SCALAR_SIZE[m.type];
    if (scalar !== undefined) return scalar;
    return m.struct !== undefined && m.type === 'binary' ? this.get(m.struct).align : 1;
  }

  private build(def: DefinitionSpec): Layout {
    let offset = 0;
    let align = 1;
    const members: StructMemberIR[] = [];
    for (const m of def.members ?? []) {
      // A flexible array adds nothing to the size: it starts where C puts it, aligned for its element.
      const flexible = m['nlkit-flexible'] !== undefined;
      const { size, align: a } = flexible ? { size: 0, align: this.elementAlign(m) } : this.memberSize(m);
      offset = roundUp(offset, a);
      align = Math.max(align, a);
      members.push(
        clean<StructMemberIR>({
          name: m.name,
          type: m.type,
          offset,
          size,
          byteOrder: m['byte-order'],
          enum: m.enum,
          enumAsFlags: m['enum-as-flags'] === true ? true : undefined,
          displayHint: m['display-hint'],
          struct: m.struct,
          doc: docOf(m.doc),
          flexible: flexible ? clean({ count: m['nlkit-flexible']!.count, elementSize: m.type === 'binary' && m.struct === undefined && m.len !== undefined ? this.memberSize(m).size : undefined }) : undefined,
          fields: m['nlkit-fields']?.map((f) => clean<BitFieldIR>({ name: f.name, mask: f.mask, shift: lowestBit(f.mask), enum: f.enum, doc: docOf(f.doc) })),
        }),
      );
      offset += size;
    }
    const ir = clean<StructIR>({ name: def.name, size: roundUp(offset, align), members, doc: docOf(def.doc) });
    return { ir, align };
  }
}

/** The number of the lowest set bit of a positive safe integer. */
export function lowestBit(mask: number): number {
  let shift = 0;
  while (shift < 64 && Math.floor(mask / 2 ** shift) % 2 === 0) shift++;
  return shift;
}

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
