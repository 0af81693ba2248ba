/**
 * Attribute sets: one interface per direction. A set holding a sub-message and its selector is
 * typed as its plain attributes intersected with a discriminated union per selector, with a
 * fallback member for selector values the schema does not know (the payload stays bytes).
 */
import { UNKNOWN_KEY, headerKey, memberName, type AttrIR } from '@nlkit/ir';
import { StructureKind, type OptionalKind, type PropertySignatureStructure, type StatementStructures } from 'ts-morph';
import { inGroup, type Ctx, type Dir, type SelectorGroup, type SetInfo } from './context.js';
import { docComment, docs, lit } from './docs.js';
import { numberLiteral } from './enums.js';
import { attrMemberType, isInt } from './types.js';

export function emitAttrSets(ctx: Ctx): StatementStructures[] {
  const out: StatementStructures[] = [];
  for (const info of ctx.sets.values()) {
    for (const dir of ['out', 'in'] as const) {
      out.push({
        kind: StructureKind.Interface,
        isExported: true,
        name: info.base[dir],
        properties: [
          ...info.attrs.filter((a) => !inGroup(info, a)).map((a) => property(ctx, a, dir)).filter((p) => p !== undefined),
          { name: UNKNOWN_KEY, hasQuestionToken: true, type: 'Array<$UnknownAttr>', docs: docs('Attributes this schema does not describe, kept as bytes.') },
        ],
        docs: docs(info.set.doc, setDoc(info, dir, info.groups.length > 0)),
      });
      for (const g of info.groups) {
        out.push({
          kind: StructureKind.TypeAlias,
          isExported: true,
          name: g.type[dir],
          type: groupUnion(ctx, g, dir),
          docs: docs(`The \`${g.selector.name}\` attribute of \`${info.set.name}\` chooses the format of ${g.members.map((m) => `\`${m.name}\``).join(', ')}.`),
        });
      }
      if (info.groups.length) {
        out.push({
          kind: StructureKind.TypeAlias,
          isExported: true,
          name: info.type[dir],
          type: [info.base[dir], ...info.groups.map((g) => g.type[dir])].join(' & '),
          docs: docs(info.set.doc, setDoc(info, dir, false)),
        });
      }
    }
  }
  out.push(...emitSubMessages(ctx));
  if ([...ctx.sets.values()].some((i) => i.groups.length)) {
    out.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: '$UnknownKind',
      typeParameters: ['T'],
      type: 'T & { readonly $unknownKind: true }',
      docs: docs('A sub-message selector value this schema does not list, marked as deliberate: `unknownKind(\'foo\')` (exported by the core package) makes one. Its payload is sent as bytes.'),
    });
  }
  return out;
}

function setDoc(info: SetInfo, dir: Dir, base: boolean): string {
  const what = base ? `Attributes of \`${info.set.name}\` outside its sub-message selectors` : `Attribute set \`${info.set.name}\``;
  return dir === 'out' ? `${what}, as decoded.` : `${what}, as a request takes them.`;
}

function property(ctx: Ctx, a: AttrIR, dir: Dir): OptionalKind<PropertySignatureStructure> | undefined {
  const type = attrMemberType(ctx, a, dir);
  if (type === undefined) return undefined;
  return { name: memberName(a.name), hasQuestionToken: true, type, docs: docs(a.doc) };
}

/** The literal a selector attribute holds for a format value. */
function selectorLiteral(ctx: Ctx, sel: AttrIR, value: string): string {
  if (sel.type === 'string') return lit(value);
  if (isInt(sel.type)) {
    const e = sel.enum !== undefined ? ctx.enums.get(sel.enum) : undefined;
    if (e && e.ir.entries.some((x) => x.name === value)) return lit(value);
    if (/^(0|[1-9][0-9]{0,14})$/.test(value)) return numberLiteral(Number(value));
  }
  return lit(value);
}

function groupUnion(ctx: Ctx, g: SelectorGroup, dir: Dir): string {
  const selKey = memberName(g.selector.name);
  const selDoc = docComment(g.selector.doc, '  ');
  const values: string[] = [];
  for (const m of g.members) {
    const sm = ctx.subMessages.get(m.subMessage!);
    if (!sm) continue;
    for (const v of sm.formats.keys()) if (!values.includes(v)) values.push(v);
  }
  const memberLines = (value: string | undefined): string => {
    const lines: string[] = [];
    for (const m of g.members) {
      const sm = ctx.subMessages.get(m.subMessage!);
      const fmt = value !== undefined ? sm?.formats.get(value) : undefined;
      // A request may give any format's payload as bytes, sent as they are.
      let t = fmt ? (dir === 'in' ? `${fmt.in} | Uint8Array` : fmt.out) : 'Uint8Array';
      if (m.multiAttr) t = `Array<${t}>`;
      lines.push(`${docComment(m.doc, '  ')}  ${memberName(m.name)}?: ${t};`);
    }
    return lines.join('\n');
  };
  const variants = values.map((v) => `{\n${selDoc}  ${selKey}: ${selectorLiteral(ctx, g.selector, v)};\n${memberLines(v)}\n}`);
  const selType = attrMemberType(ctx, g.selector, dir) ?? 'unknown';
  // Closed: a value the schema does not list (a typo such as 'vethh') is a type error, and
  // wrong data for a kind is checked against that kind's format alone. A kind the schema does
  // not know is $UnknownKind, in requests (made with unknownKind() from core) and in decoded
  // values alike (so those re-encode), its payload bytes; with no selector, nothing that
  // depends on it.
  variants.push(`{\n  /** A value this schema does not list (\`unknownKind()\` makes one): the payload is bytes. */\n  ${selKey}: $UnknownKind<${selType}>;\n${memberLines(undefined)}\n}`);
  variants.push(`{\n${selDoc}  ${selKey}?: undefined;\n${g.members.map((m) => `  ${memberName(m.name)}?: undefined;`).join('\n')}\n}`);
  return `\n  | ${variants.join('\n  | ')}`;
}

/** One type per sub-message format (fixed header and attributes), and a union per sub-message. */
function emitSubMessages(ctx: Ctx): StatementStructures[] {
  const out: StatementStructures[] = [];
  for (const sm of ctx.subMessages.values()) {
    for (const dir of ['out', 'in'] as const) {
      for (const f of sm.ir.formats) {
        const name = sm.formats.get(f.value)![dir];
        if (out.some((s) => s.kind === StructureKind.TypeAlias && s.name === name)) continue;
        const parts: string[] = [];
        const set = f.attributeSet !== undefined ? ctx.sets.get(f.attributeSet) : undefined;
        const st = f.fixedHeader !== undefined ? ctx.structs.get(f.fixedHeader) : undefined;
        // A format that is only a struct is the struct itself (pfifo options, htb xstats).
        if (st && !set) parts.push(dir === 'in' ? `${st.type.in} | Uint8Array` : st.type.out);
        else if (st) parts.push(`{ ${headerKey(set?.set)}${dir === 'in' ? '?' : ''}: ${dir === 'in' ? `${st.type.in} | Uint8Array` : st.type.out} }`);
        if (set) parts.push(set.type[dir]);
        out.push({
          kind: StructureKind.TypeAlias,
          isExported: true,
          name,
          type: parts.length ? parts.join(' & ') : 'Record<string, never>',
          docs: docs(`Format ${lit(f.value)} of sub-message \`${sm.ir.name}\`.`),
        });
      }
      out.push({
        kind: StructureKind.TypeAlias,
        isExported: true,
        name: sm.union[dir],
        type: sm.formats.size ? [...sm.formats.values()].map((p) => p[dir]).join(' | ') : 'never',
        docs: docs(sm.ir.doc, `Any format of sub-message \`${sm.ir.name}\`.`),
      });
    }
  }
  return out;
}
