/** Semantic checks of nlkit's schema extension (schemas/EXTENSIONS.md). */
import type { DocPath } from './errors.js';
import type { Context } from './resolve/context.js';
import { caseValue, headerStructs, selectorCandidates } from './resolve/extension.js';
import type { DefinitionSpec, MemberSpec, RecordsSpec, SelectSpec } from './spec.js';
import { enumRef, setRef, structRef, type Report } from './semantic.js';

const INT_BITS: Record<string, number> = { u8: 8, s8: 8, u16: 16, s16: 16, u32: 32, s32: 32, u64: 64, s64: 64 };

function structDef(ctx: Context, name: string): DefinitionSpec | undefined {
  const d = ctx.defs.get(name);
  return d?.type === 'struct' ? d : undefined;
}

function flexibleMember(def: DefinitionSpec | undefined): MemberSpec | undefined {
  return def?.members?.find((m) => m['nlkit-flexible'] !== undefined);
}

export function checkSelect(ctx: Context, parents: Map<string, Set<string>>, setName: string, sel: SelectSpec | undefined, path: DocPath, report: Report): void {
  if (sel === undefined) return;
  const candidates = selectorCandidates(ctx, parents, setName, sel.by);
  if (candidates.length === 0) {
    report([...path, 'by'], `"${sel.by}" is not an attribute of "${setName}" or of a set enclosing it, nor a fixed-header member`);
  }
  const seen = new Map<string, number>();
  sel.cases.forEach((c, i) => {
    const cp: DocPath = [...path, 'cases', i];
    const v = caseValue(ctx, candidates[0], c.value);
    if ('error' in v) report([...cp, 'value'], v.error);
    else {
      const first = seen.get(v.value);
      if (first !== undefined) report([...cp, 'value'], `case value "${v.value}" already given by case ${first}`);
      else seen.set(v.value, i);
    }
    if (c.enum !== undefined) enumRef(ctx, c.enum, [...cp, 'enum'], report);
    if (c.struct !== undefined) structRef(ctx, c.struct, [...cp, 'struct'], report);
    if (c['nested-attributes'] !== undefined) setRef(ctx, c['nested-attributes'], [...cp, 'nested-attributes'], report);
    if (c.type === 'sub-message') report([...cp, 'type'], 'a case cannot be a sub-message (use one sub-message, or a select on its attribute)');
    if ((c.type === 'nest' || c.type === 'indexed-array') && c['nested-attributes'] === undefined && c['sub-type'] !== 'binary') {
      report(cp, `a ${c.type} case needs "nested-attributes"`);
    }
    checkRecords(ctx, c['nlkit-records'], [...cp, 'nlkit-records'], report);
  });
}

export function checkRecords(ctx: Context, r: RecordsSpec | undefined, path: DocPath, report: Report): void {
  if (r === undefined) return;
  setRef(ctx, r['attribute-set'], [...path, 'attribute-set'], report);
  structRef(ctx, r.header, [...path, 'header'], report);
  const def = structDef(ctx, r.header);
  if (def === undefined) return;
  const len = def.members?.find((m) => m.name === r.length);
  if (len === undefined) report([...path, 'length'], `"${r.length}" is not a member of struct "${r.header}"`);
  else if (INT_BITS[len.type] === undefined) report([...path, 'length'], `length member "${r.length}" is a ${len.type}, not an integer`);
  if (flexibleMember(def)) report([...path, 'header'], `struct "${r.header}" has a flexible array member: it cannot head a record`);
}

/** nlkit-flexible and nlkit-fields on struct members, and where structs with a flexible array may go. */
export function checkStructExtensions(ctx: Context, report: Report): void {
  const defs = ctx.spec.definitions ?? [];
  defs.forEach((def, i) => {
    if (def.type !== 'struct') return;
    const members = def.members ?? [];
    members.forEach((m, k) => {
      const mp: DocPath = ['definitions', i, 'members', k];
      const flex = m['nlkit-flexible'];
      if (flex !== undefined) {
        if (k !== members.length - 1) report([...mp, 'nlkit-flexible'], `flexible array member "${m.name}" must be the last member`);
        if (m.type === 'string' || m.type === 'pad') report([...mp, 'type'], `a flexible array member is binary (bytes or structs) or an integer type, not ${m.type}`);
        if (m.len !== undefined && (m.type !== 'binary' || m.struct !== undefined)) report([...mp, 'len'], 'only a plain binary flexible array member takes "len" (the size of one element)');
        if (flex.count !== undefined) {
          const c = members.find((x) => x.name === flex.count);
          if (c === undefined || c === m) report([...mp, 'nlkit-flexible', 'count'], `"${flex.count}" is not another member of struct "${def.name}"`);
          else if (INT_BITS[c.type] === undefined) report([...mp, 'nlkit-flexible', 'count'], `count member "${flex.count}" is a ${c.type}, not an integer`);
        }
      }
      if (m.struct !== undefined && flexibleMember(structDef(ctx, m.struct)) && flex === undefined) {
        report([...mp, 'struct'], `struct "${m.struct}" has a flexible array member: it can only be carried by an attribute`);
      }
      if (flex !== undefined && m.struct !== undefined && flexibleMember(structDef(ctx, m.struct))) {
        report([...mp, 'struct'], `the elements of a flexible array cannot have a flexible array themselves`);
      }
      checkFields(ctx, m, mp, members, report);
    });
  });
  // Structs with a flexible array end where their carrier ends: never a header, never an array element.
  for (const h of headerStructs(ctx)) {
    if (flexibleMember(structDef(ctx, h))) report(pathOfDef(ctx, h), `struct "${h}" has a flexible array member: it cannot be a fixed header`);
  }
  ctx.spec['attribute-sets'].forEach((set, i) => {
    set.attributes.forEach((a, k) => {
      if (a.struct !== undefined && a['sub-type'] === 'binary' && flexibleMember(structDef(ctx, a.struct))) {
        report(['attribute-sets', i, 'attributes', k, 'struct'], `struct "${a.struct}" has a flexible array member: it cannot be an array element`);
      }
    });
  });
}

function pathOfDef(ctx: Context, name: string): DocPath {
  const i = (ctx.spec.definitions ?? []).findIndex((d) => d.name === name);
  return ['definitions', i];
}

function checkFields(ctx: Context, m: MemberSpec, mp: DocPath, members: MemberSpec[], report: Report): void {
  const fields = m['nlkit-fields'];
  if (fields === undefined) return;
  const bits = INT_BITS[m.type];
  if (bits === undefined) {
    report([...mp, 'nlkit-fields'], `bit fields need an integer member, "${m.name}" is ${m.type}`);
    return;
  }
  let used = 0n;
  const names = new Set<string>();
  const others = new Set(members.filter((x) => x !== m).map((x) => x.name));
  fields.forEach((f, j) => {
    const fp: DocPath = [...mp, 'nlkit-fields', j];
    if (names.has(f.name)) report([...fp, 'name'], `duplicate field name "${f.name}"`);
    else if (others.has(f.name)) report([...fp, 'name'], `field "${f.name}" has the name of another member`);
    names.add(f.name);
    if (f.enum !== undefined) enumRef(ctx, f.enum, [...fp, 'enum'], report);
    if (!Number.isSafeInteger(f.mask)) {
      report([...fp, 'mask'], `mask ${f.mask} is not a safe integer`);
      return;
    }
    const mask = BigInt(f.mask);
    if (mask >= 1n << BigInt(bits)) report([...fp, 'mask'], `mask 0x${mask.toString(16)} does not fit the ${bits}-bit member`);
    if ((mask & used) !== 0n) report([...fp, 'mask'], `mask 0x${mask.toString(16)} overlaps the masks before it (0x${(mask & used).toString(16)})`);
    used |= mask;
  });
}
