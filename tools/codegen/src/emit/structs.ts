/** C structs (fixed headers and binary payloads): one interface per direction; pad members are hidden. */
import { TAIL_KEY, memberName, restKey, type StructMemberIR } from '@nlkit/ir';
import { StructureKind, type InterfaceDeclarationStructure, type OptionalKind, type PropertySignatureStructure, type StatementStructures } from 'ts-morph';
import type { Ctx, Dir } from './context.js';
import { docs } from './docs.js';
import { binaryType, intType, isInt } from './types.js';

export function emitStructs(ctx: Ctx): StatementStructures[] {
  const out: StatementStructures[] = [];
  const carried = carriedStructs(ctx);
  for (const { ir: st, type } of ctx.structs.values()) {
    for (const dir of ['out', 'in'] as const) out.push(structInterface(ctx, st.name, type[dir], dir, carried.has(st.name)));
  }
  return out;
}

/** Structs an attribute carries on its own (not in an array): they may come with `$tail`. */
function carriedStructs(ctx: Ctx): Set<string> {
  const out = new Set<string>();
  const visit = (a: { struct?: string; subType?: string }) => {
    if (a.struct !== undefined && a.subType !== 'binary') out.add(a.struct);
  };
  for (const s of ctx.ir.attributeSets) {
    for (const a of s.attrs) {
      if (a.type === 'binary' && !a.records) visit(a);
      for (const c of a.select?.cases ?? []) if ((c.type ?? a.type) === 'binary' && !c.records) visit({ struct: c.struct ?? a.struct, subType: c.subType ?? a.subType });
    }
  }
  for (const sm of ctx.ir.subMessages) for (const f of sm.formats) if (f.fixedHeader !== undefined && f.attributeSet === undefined) out.add(f.fixedHeader);
  return out;
}

/** A flexible array member: its elements (structs or integers), or bytes for a plain binary one. */
function flexibleType(ctx: Ctx, m: StructMemberIR, dir: Dir): string {
  // Elements are plain numbers (the runtime names no enum in them).
  if (isInt(m.type)) return dir === 'in' ? 'Array<number | bigint>' : m.type === 'u64' || m.type === 's64' ? 'Array<bigint>' : 'Array<number>';
  const st = m.struct !== undefined ? ctx.structs.get(m.struct) : undefined;
  if (st) return `Array<${st.type[dir]}>`;
  const bytes = binaryType(ctx, { displayHint: m.displayHint }, dir);
  return m.flexible?.elementSize ? `Array<${bytes}>` : bytes;
}

function structInterface(ctx: Ctx, name: string, tsName: string, dir: Dir, carried: boolean): InterfaceDeclarationStructure {
  const st = ctx.structs.get(name)!.ir;
  const props: OptionalKind<PropertySignatureStructure>[] = [];
  const seen = new Set<string>();
  const optional = dir === 'in';
  for (const m of st.members) {
    if (m.type === 'pad') continue;
    const key = memberName(m.name);
    if (seen.has(key)) continue;
    seen.add(key);
    if (m.fields && isInt(m.type)) {
      // Bit fields replace the member; bits no mask covers come back as `<member>$rest`.
      for (const f of m.fields) {
        const fk = memberName(f.name);
        if (seen.has(fk)) continue;
        seen.add(fk);
        props.push({ name: fk, type: intType(ctx, 'u32', { enum: f.enum }, dir), hasQuestionToken: optional, docs: docs(f.doc ?? m.doc) });
      }
      const wide = m.type === 'u64' || m.type === 's64';
      props.push({ name: restKey(m.name), type: wide ? (dir === 'in' ? 'number | bigint' : 'bigint') : 'number', hasQuestionToken: true, docs: docs(`Bits of \`${m.name}\` that no field covers, when any is set.`) });
      continue;
    }
    let type: string;
    if (m.flexible) type = flexibleType(ctx, m, dir);
    else if (isInt(m.type)) type = intType(ctx, m.type, m, dir);
    else if (m.type === 'string') type = 'string';
    else type = binaryType(ctx, { struct: m.struct, displayHint: m.displayHint }, dir);
    // A flexible array's count member is written from the array when left out.
    props.push({ name: key, type, hasQuestionToken: optional || (m.flexible !== undefined && dir === 'out'), docs: docs(m.doc) });
  }
  if (carried || st.members.some((m) => m.flexible)) {
    props.push({ name: TAIL_KEY, type: 'Uint8Array', hasQuestionToken: true, docs: docs('Bytes the attribute carries past what the struct describes.') });
  }
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name: tsName,
    properties: props,
    docs: docs(st.doc, dir === 'out'
      ? `Struct \`${st.name}\` (${st.size} bytes) as decoded.`
      : `Struct \`${st.name}\` as a request takes it: members left out are zero.`),
  };
}
