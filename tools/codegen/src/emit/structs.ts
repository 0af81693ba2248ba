/** C structs (fixed headers and binary payloads): one interface per direction; pad members are hidden. */
import { memberName } from '@nlkit/ir';
import { StructureKind, type InterfaceDeclarationStructure, type OptionalKind, type PropertySignatureStructure, type StatementStructures } from 'ts-morph';
import type { Ctx, Dir } from './context.js';
import { docs } from './docs.js';
import { binaryType, intType, isInt } from './types.js';

export function emitStructs(ctx: Ctx): StatementStructures[] {
  const out: StatementStructures[] = [];
  for (const { ir: st, type } of ctx.structs.values()) {
    for (const dir of ['out', 'in'] as const) out.push(structInterface(ctx, st.name, type[dir], dir));
  }
  return out;
}

function structInterface(ctx: Ctx, name: string, tsName: string, dir: Dir): InterfaceDeclarationStructure {
  const st = ctx.structs.get(name)!.ir;
  const props: OptionalKind<PropertySignatureStructure>[] = [];
  const seen = new Set<string>();
  for (const m of st.members) {
    if (m.type === 'pad') continue;
    const key = memberName(m.name);
    if (seen.has(key)) continue;
    seen.add(key);
    let type: string;
    if (isInt(m.type)) type = intType(ctx, m.type, m, dir);
    else if (m.type === 'string') type = 'string';
    else type = binaryType(ctx, { struct: m.struct, displayHint: m.displayHint }, dir);
    props.push({ name: key, type, hasQuestionToken: dir === 'in', docs: docs(m.doc) });
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
