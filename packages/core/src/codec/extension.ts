/**
 * The attribute side of nlkit's schema extension (schemas/EXTENSIONS.md), shared by the
 * decoder and the encoder: the readings of a nlkit-select attribute by selector value, and
 * the layout of nlkit-records. Worked out once per attribute.
 */
import { memberName, type AttrIR, type RecordsIR, type StructIR, type StructMemberIR } from '@nlkit/ir';
import type { FamilyIndex } from './family.js';
import { makeLayout, type Layout } from './layout.js';
import { INT_SIZE, type IntKind } from '../wire/scalars.js';

/** The attribute as one case of its select reads it. */
export function caseAttr(a: AttrIR, c: NonNullable<AttrIR['select']>['cases'][number] | undefined): AttrIR {
  const { select: _s, ...declared } = a;
  if (!c) return declared;
  const { value: _v, ...override } = c;
  return { ...declared, ...override };
}

/**
 * One value per case, keyed by the selector value as text: the case's value, and, when the
 * selector has an enum, the number that name stands for (so `2` and `'inet'` pick the same case).
 */
export function selectCases<T>(fam: FamilyIndex, a: AttrIR, make: (a: AttrIR) => T): { declared: T; byValue: Map<string, T> } {
  const sel = a.select!;
  const byValue = new Map<string, T>();
  const e = sel.enum !== undefined ? fam.enums.get(sel.enum) : undefined;
  for (const c of sel.cases) {
    const v = make(caseAttr(a, c));
    byValue.set(c.value, v);
    const n = e?.byName.get(c.value);
    if (n !== undefined && !byValue.has(String(n))) byValue.set(String(n), v);
  }
  return { declared: make(caseAttr(a, undefined)), byValue };
}

/** The case for selector value `v` (any type): the declared reading when no case has it. */
export function pickCase<T>(cases: { declared: T; byValue: Map<string, T> }, v: unknown): T {
  return v === undefined ? cases.declared : (cases.byValue.get(typeof v === 'string' ? v : String(v)) ?? cases.declared);
}

/** How records are framed: their layout (header without its length member) and where that length is. */
export interface RecordsPlan {
  layout: Layout;
  lengthMember: StructMemberIR;
  lengthKind: IntKind;
  lengthBigEndian: boolean;
  /** The header bytes needed to read the length. */
  lengthEnd: number;
}

const plans = new WeakMap<FamilyIndex, Map<RecordsIR, RecordsPlan>>();

export function recordsPlan(fam: FamilyIndex, r: RecordsIR): RecordsPlan {
  let perFam = plans.get(fam);
  if (!perFam) plans.set(fam, (perFam = new Map()));
  let p = perFam.get(r);
  if (p) return p;
  const st = fam.struct(r.header);
  const lengthMember = st.members.find((m) => m.name === r.length);
  if (!lengthMember || lengthMember.type === 'binary' || lengthMember.type === 'string' || lengthMember.type === 'pad') {
    throw new Error(`${fam.ir.name}: records length "${r.length}" is not an integer member of struct ${st.name}`);
  }
  // The length is framing: a pad to the header's decoder and encoder, written by the records encoder.
  const header: StructIR = { ...st, members: st.members.map((m) => (m === lengthMember ? { name: m.name, type: 'pad', offset: m.offset, size: m.size } : m)) };
  const kind = lengthMember.type;
  p = {
    layout: makeLayout(fam, { attributeSet: r.attributeSet }, 0, header),
    lengthMember,
    lengthKind: kind.startsWith('s') ? (`u${kind.slice(1)}` as IntKind) : kind,
    lengthBigEndian: lengthMember.byteOrder === 'big-endian',
    lengthEnd: lengthMember.offset + INT_SIZE[kind],
  };
  perFam.set(r, p);
  return p;
}

/** The key a record's length member would have (refused on encode: the encoder writes it). */
export function recordsLengthKey(r: RecordsIR): string {
  return memberName(r.length);
}
