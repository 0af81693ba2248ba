/** Enums and flags: a string literal union of the names plus a const object of wire values. */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { Ctx } from './context.js';
import { docComment, docs, lit } from './docs.js';

export function emitEnums(ctx: Ctx): StatementStructures[] {
  const out: StatementStructures[] = [];
  for (const { ir: e, type } of ctx.enums.values()) {
    const seen = new Set<string>();
    const entries = e.entries.filter((x) => !seen.has(x.name) && seen.add(x.name));
    out.push({
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: type,
      type: entries.length ? entries.map((x) => lit(x.name)).join(' | ') : 'never',
      docs: docs(e.doc, `${e.kind === 'flags' ? 'Flags' : 'Enum'} \`${e.name}\`: decoded as ${e.kind === 'flags' ? 'a list of names' : 'a name'}, or a number for values this schema does not know.`),
    });
    out.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(`Wire values of \`${type}\`${e.kind === 'flags' ? ' (bit masks)' : ''}.`),
      declarations: [{
        name: type,
        initializer: (w) => {
          w.write('Object.freeze({').newLine();
          for (const x of entries) w.write(`${docComment(x.doc, '  ')}  ${lit(x.name)}: ${numberLiteral(x.value)},`).newLine();
          w.write('})');
        },
      }],
    });
  }
  if (ctx.ir.consts.length) {
    const seen = new Set<string>();
    const consts = ctx.ir.consts.filter((c) => !seen.has(c.name) && seen.add(c.name));
    out.push({
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: docs(`Constants defined by the \`${ctx.ir.name}\` schema.`),
      declarations: [{
        name: ctx.fam.consts,
        initializer: (w) => {
          w.write('Object.freeze({').newLine();
          for (const c of consts) {
            const v = typeof c.value === 'number' ? numberLiteral(c.value) : lit(c.value);
            w.write(`${docComment(c.doc, '  ')}  ${lit(c.name)}: ${v},`).newLine();
          }
          w.write('})');
        },
      }],
    });
  }
  return out;
}

/** A number as code: always a plain numeric literal. */
export function numberLiteral(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`not a finite number: ${String(v)}`);
  return v < 0 ? `-${String(-v)}` : String(v);
}
