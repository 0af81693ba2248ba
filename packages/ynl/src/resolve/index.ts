/**
 * Resolution, in two passes: collect every named thing, then build the IR with all implicit
 * values assigned and references resolved. Input must have passed validation.
 */
import { IR_VERSION, type ConstIR, type EnumIR, type FamilyIR } from '@nlkit/ir';
import type { FamilySpec } from '../spec.js';
import { resolveAttrSets, resolveSubMessages } from './attrs.js';
import { collect, numberOf, type Context } from './context.js';
import { entryNumbers } from './numbering.js';
import { resolveMcastGroups, resolveOperations } from './ops.js';
import { StructLayouts } from './structs.js';
import { clean, docOf } from './util.js';

export { opNumbers, attrNumbers, entryNumbers, isNotification, type OpIds } from './numbering.js';
export { collect, numberOf, type Context } from './context.js';
export { StructLayouts } from './structs.js';

function resolveEnums(ctx: Context): EnumIR[] {
  const out: EnumIR[] = [];
  for (const def of ctx.spec.definitions ?? []) {
    if (def.type !== 'enum' && def.type !== 'flags') continue;
    let start = 0;
    if (def['value-start'] !== undefined) {
      const n = numberOf(ctx, def['value-start']);
      if (!n.ok) throw new Error(n.reason);
      start = n.value;
    }
    const nums = entryNumbers(def, start);
    const entries = (def.entries ?? []).map((e, i) => {
      const raw = nums[i]!;
      // Flags: the number is a bit; the IR holds the mask. 2 ** bit is exact in a double for
      // every bit up to 63 (1 << bit would wrap at 31).
      const value = def.type === 'flags' ? 2 ** raw : raw;
      return typeof e === 'string' ? { name: e, value } : clean({ name: e.name, value, doc: docOf(e.doc) });
    });
    out.push(clean<EnumIR>({ name: def.name, kind: def.type, entries, doc: docOf(def.doc) }));
  }
  return out;
}

function resolveConsts(ctx: Context): ConstIR[] {
  return (ctx.spec.definitions ?? [])
    .filter((d) => d.type === 'const')
    .map((d) => clean<ConstIR>({ name: d.name, value: d.value ?? 0, doc: docOf(d.doc) }));
}

export function resolveFamily(spec: FamilySpec): FamilyIR {
  const ctx = collect(spec);
  const protocol = spec.protocol ?? 'genetlink';
  const layouts = new StructLayouts(ctx);
  const structs = (spec.definitions ?? []).filter((d) => d.type === 'struct').map((d) => layouts.get(d.name).ir);
  return clean<FamilyIR>({
    irVersion: IR_VERSION,
    name: spec.name,
    protocol,
    protonum: protocol === 'netlink-raw' ? spec.protonum! : 16,
    genlVersion: protocol === 'netlink-raw' ? undefined : (spec.version ?? 1),
    doc: docOf(spec.doc),
    consts: resolveConsts(ctx),
    enums: resolveEnums(ctx),
    structs,
    attributeSets: resolveAttrSets(ctx),
    subMessages: resolveSubMessages(ctx),
    operations: resolveOperations(ctx),
    mcastGroups: resolveMcastGroups(ctx),
  });
}
