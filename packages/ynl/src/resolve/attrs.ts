/** Attribute sets (with subset-of inheritance), checks, and sub-messages. */
import type { AttrIR, AttrSetIR, AttrType, ChecksIR, SubMessageFormatIR, SubMessageIR } from '@nlkit/ir';
import type { AttrSetSpec, AttrSpec, ChecksSpec } from '../spec.js';
import { numberOf, type Context } from './context.js';
import { attrNumbers } from './numbering.js';
import { clean, docOf } from './util.js';
import { enclosingSets, recordsIR, selectIR } from './extension.js';

function safeNumber(ctx: Context, v: number | string | undefined, limits: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = numberOf(ctx, v, limits);
  if (!n.ok) throw new Error(n.reason);
  // A bound JS numbers cannot hold exactly (u64-max) is no tighter than the type itself: drop it.
  return Number.isSafeInteger(n.value) ? n.value : undefined;
}

export function resolveChecks(ctx: Context, c: ChecksSpec | undefined): ChecksIR | undefined {
  if (c === undefined) return undefined;
  const out = clean<ChecksIR>({
    min: safeNumber(ctx, c.min, true),
    max: safeNumber(ctx, c.max, true),
    minLen: safeNumber(ctx, c['min-len'], false),
    maxLen: safeNumber(ctx, c['max-len'], false),
    exactLen: safeNumber(ctx, c['exact-len'], false),
    unterminatedOk: c['unterminated-ok'] === true ? true : undefined,
  });
  return Object.keys(out).length > 0 ? out : undefined;
}

function attrIR(ctx: Context, a: AttrSpec, value: number, setName: string, parents: Map<string, Set<string>>): AttrIR {
  return clean<AttrIR>({
    name: a.name,
    value,
    type: a.type as AttrType,
    doc: docOf(a.doc),
    byteOrder: a['byte-order'],
    multiAttr: a['multi-attr'] === true ? true : undefined,
    enum: a.enum,
    enumAsFlags: a['enum-as-flags'] === true ? true : undefined,
    displayHint: a['display-hint'],
    nestedAttributes: a['nested-attributes'],
    subType: a['sub-type'] as AttrIR['subType'],
    struct: a.struct,
    subMessage: a['sub-message'],
    selector: a.selector,
    typeValue: a['type-value'] ? [...a['type-value']] : undefined,
    checks: resolveChecks(ctx, a.checks),
    select: selectIR(ctx, parents, setName, a['nlkit-select']),
    records: recordsIR(a['nlkit-records']),
  });
}

/** Merge a subset's listing over the parent's definition: the listing's own keys win, the id is the parent's. */
function mergeSubsetAttr(parent: AttrSpec, listed: readonly AttrSpec[]): AttrSpec {
  let out: AttrSpec = { ...parent };
  for (const l of listed) {
    const { value: _v, ...rest } = l;
    out = { ...out, ...rest };
  }
  return out;
}

function resolveSet(ctx: Context, set: AttrSetSpec, ids: Map<string, Map<string, { spec: AttrSpec; value: number }>>, parents: Map<string, Set<string>>): AttrSetIR {
  const parentName = set['subset-of'];
  let attrs: AttrIR[];
  if (parentName === undefined) {
    const nums = attrNumbers(set);
    attrs = set.attributes.map((a, i) => attrIR(ctx, a, nums[i]!, set.name, parents));
  } else {
    const parent = ids.get(parentName);
    if (parent === undefined) throw new Error(`unknown attribute set "${parentName}"`);
    // A subset may list an attribute more than once (devlink): one attribute, first position.
    const order: string[] = [];
    const listings = new Map<string, AttrSpec[]>();
    for (const a of set.attributes) {
      const l = listings.get(a.name);
      if (l) l.push(a);
      else {
        order.push(a.name);
        listings.set(a.name, [a]);
      }
    }
    attrs = order.map((name) => {
      const p = parent.get(name);
      if (p === undefined) throw new Error(`"${name}" is not in "${parentName}"`);
      return attrIR(ctx, mergeSubsetAttr(p.spec, listings.get(name)!), p.value, set.name, parents);
    });
  }
  return clean<AttrSetIR>({ name: set.name, subsetOf: parentName, attrs, doc: docOf(set.doc) });
}

/** Effective attribute specs (with ids) of every set; a subset's parent resolved first. */
function attrTable(ctx: Context): Map<string, Map<string, { spec: AttrSpec; value: number }>> {
  const table = new Map<string, Map<string, { spec: AttrSpec; value: number }>>();
  const visit = (set: AttrSetSpec, depth: number): void => {
    if (table.has(set.name)) return;
    if (depth > 64) throw new Error(`subset-of loop at "${set.name}"`);
    const m = new Map<string, { spec: AttrSpec; value: number }>();
    const parentName = set['subset-of'];
    if (parentName === undefined) {
      const nums = attrNumbers(set);
      set.attributes.forEach((a, i) => {
        if (!m.has(a.name)) m.set(a.name, { spec: a, value: nums[i]! });
      });
    } else {
      const parentSet = ctx.sets.get(parentName);
      if (parentSet === undefined) throw new Error(`unknown attribute set "${parentName}"`);
      visit(parentSet, depth + 1);
      const parent = table.get(parentName)!;
      for (const a of set.attributes) {
        const p = parent.get(a.name);
        if (p === undefined) throw new Error(`"${a.name}" is not in "${parentName}"`);
        const prev = m.get(a.name);
        m.set(a.name, { spec: mergeSubsetAttr(prev?.spec ?? p.spec, [a]), value: p.value });
      }
    }
    table.set(set.name, m);
  };
  for (const set of ctx.spec['attribute-sets']) visit(set, 0);
  return table;
}

export function resolveAttrSets(ctx: Context): AttrSetIR[] {
  const table = attrTable(ctx);
  const parents = enclosingSets(ctx);
  return ctx.spec['attribute-sets'].map((s) => resolveSet(ctx, s, table, parents));
}

export function resolveSubMessages(ctx: Context): SubMessageIR[] {
  return (ctx.spec['sub-messages'] ?? []).map((sm) =>
    clean<SubMessageIR>({
      name: sm.name,
      formats: sm.formats.map((f) =>
        clean<SubMessageFormatIR>({ value: f.value, fixedHeader: f['fixed-header'], attributeSet: f['attribute-set'] }),
      ),
      doc: docOf(sm.doc),
    }),
  );
}
