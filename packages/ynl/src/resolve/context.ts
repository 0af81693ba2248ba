/** Pass one: every named thing in the spec, by name, so pass two can resolve references. */
import type { AttrSetSpec, DefinitionSpec, FamilySpec, OperationSpec, SubMessageSpec } from '../spec.js';

export interface Context {
  spec: FamilySpec;
  defs: Map<string, DefinitionSpec>;
  sets: Map<string, AttrSetSpec>;
  subMessages: Map<string, SubMessageSpec>;
  ops: Map<string, OperationSpec>;
  mcgrps: Set<string>;
}

export function collect(spec: FamilySpec): Context {
  const first = <T extends { name: string }>(items: readonly T[] | undefined): Map<string, T> => {
    const m = new Map<string, T>();
    for (const it of items ?? []) if (!m.has(it.name)) m.set(it.name, it);
    return m;
  };
  return {
    spec,
    defs: first(spec.definitions),
    sets: first(spec['attribute-sets']),
    subMessages: first(spec['sub-messages']),
    ops: first(spec.operations.list),
    mcgrps: new Set((spec['mcast-groups']?.list ?? []).map((g) => g.name)),
  };
}

/** Integer bounds of fixed-width types, for checks like `max: u32-max`. */
const BOUNDS: Record<string, [number, number]> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffffffff],
  u64: [0, 2 ** 64 - 1],
  s8: [-0x80, 0x7f],
  s16: [-0x8000, 0x7fff],
  s32: [-0x80000000, 0x7fffffff],
  s64: [-(2 ** 63), 2 ** 63 - 1],
};

export type NumberLookup = { ok: true; value: number } | { ok: false; reason: string };

/**
 * A number from the spec: a literal, the name of a numeric const, `name - 1`, or (with
 * `limits`) a type bound such as `u16-max`.
 */
export function numberOf(ctx: Context, v: number | string, limits = false): NumberLookup {
  if (typeof v === 'number') return { ok: true, value: v };
  const s = v.trim();
  if (/^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(s)) return { ok: true, value: Number(s) };
  const minus = /^(.*\S)\s+-\s+1$/.exec(s);
  if (minus) {
    const base = numberOf(ctx, minus[1]!, limits);
    return base.ok ? { ok: true, value: base.value - 1 } : base;
  }
  if (limits) {
    const m = /^([us](?:8|16|32|64))-(min|max)$/.exec(s);
    if (m) {
      const [lo, hi] = BOUNDS[m[1]!]!;
      return { ok: true, value: m[2] === 'min' ? lo : hi };
    }
  }
  const def = ctx.defs.get(s) ?? constByCName(ctx, s);
  if (def === undefined) return { ok: false, reason: `"${s}" is not a defined const` };
  if (def.type !== 'const') return { ok: false, reason: `"${s}" is a ${def.type}, not a const` };
  if (typeof def.value === 'number') return { ok: true, value: def.value };
  if (typeof def.value === 'string' && def.value !== s) return numberOf(ctx, def.value, limits);
  return { ok: false, reason: `const "${s}" has no numeric value` };
}

/**
 * Specs may name a const the way C code sees it: its `name-prefix` (or the family name and a
 * dash) before its name, e.g. `wg-key-len` for const `key-len` with `name-prefix: wg-`.
 */
function constByCName(ctx: Context, s: string): DefinitionSpec | undefined {
  for (const d of ctx.spec.definitions ?? []) {
    if (d.type !== 'const') continue;
    const prefix = d['name-prefix'] ?? `${ctx.spec.name}-`;
    if (`${prefix}${d.name}` === s) return d;
  }
  return undefined;
}
