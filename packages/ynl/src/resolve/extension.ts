/**
 * nlkit's schema extension (schemas/EXTENSIONS.md): what a selector can name, and the
 * resolved forms of `nlkit-select` and `nlkit-records`. Shared by the semantic checks and the
 * resolver, so both see the same candidates.
 */
import type { AttrType, RecordsIR, SelectCaseIR, SelectIR } from '@nlkit/ir';
import type { AttrSpec, MemberSpec, RecordsSpec, SelectCaseSpec, SelectSpec } from '../spec.js';
import { numberOf, type Context } from './context.js';
import { entryNumbers } from './numbering.js';
import { clean } from './util.js';

/** Sets that contain each set: through nests, sub-message formats, records and select cases. */
export function enclosingSets(ctx: Context): Map<string, Set<string>> {
  const parents = new Map<string, Set<string>>();
  const add = (child: string | undefined, parent: string): void => {
    if (child === undefined) return;
    let s = parents.get(child);
    if (!s) parents.set(child, (s = new Set()));
    s.add(parent);
  };
  for (const set of ctx.spec['attribute-sets']) {
    for (const a of set.attributes) {
      add(a['nested-attributes'], set.name);
      add(a['nlkit-records']?.['attribute-set'], set.name);
      for (const c of a['nlkit-select']?.cases ?? []) {
        add(c['nested-attributes'], set.name);
        add(c['nlkit-records']?.['attribute-set'], set.name);
      }
      const sm = a['sub-message'] !== undefined ? ctx.subMessages.get(a['sub-message']) : undefined;
      for (const f of sm?.formats ?? []) add(f['attribute-set'], set.name);
    }
    if (set['subset-of'] !== undefined) add(set.name, set['subset-of']);
  }
  return parents;
}

/** Structs that head something attributes sit in: operation fixed headers, format headers, record headers. */
export function headerStructs(ctx: Context): Set<string> {
  const out = new Set<string>();
  const ops = ctx.spec.operations;
  if (ops['fixed-header'] !== undefined) out.add(ops['fixed-header']);
  for (const op of ops.list) if (op['fixed-header'] !== undefined) out.add(op['fixed-header']);
  for (const sm of ctx.spec['sub-messages'] ?? []) for (const f of sm.formats) if (f['fixed-header'] !== undefined) out.add(f['fixed-header']);
  for (const set of ctx.spec['attribute-sets']) {
    for (const a of set.attributes) {
      if (a['nlkit-records'] !== undefined) out.add(a['nlkit-records'].header);
      for (const c of a['nlkit-select']?.cases ?? []) if (c['nlkit-records'] !== undefined) out.add(c['nlkit-records'].header);
    }
  }
  return out;
}

/** What a selector name can refer to, innermost first; attributes before header members. */
export interface SelectorCandidate {
  kind: 'attribute' | 'member';
  type?: string;
  enum?: string;
}

/**
 * The attributes called `name` in `setName` and the sets enclosing it (innermost first), then
 * the members called `name` of any fixed header. Which enclosing set or header is really
 * around an attribute is only known when decoding, so this is the lenient, static view.
 */
export function selectorCandidates(ctx: Context, parents: Map<string, Set<string>>, setName: string, name: string): SelectorCandidate[] {
  const out: SelectorCandidate[] = [];
  const seen = new Set<string>();
  const queue = [setName];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (seen.has(s)) continue;
    seen.add(s);
    const a = ctx.sets.get(s)?.attributes.find((x) => x.name === name);
    if (a) out.push({ kind: 'attribute', type: attrType(ctx, s, a), enum: a.enum ?? parentAttr(ctx, s, name)?.enum });
    for (const p of parents.get(s) ?? []) queue.push(p);
  }
  for (const h of headerStructs(ctx)) {
    const m: MemberSpec | undefined = ctx.defs.get(h)?.members?.find((x) => x.name === name);
    if (m) out.push({ kind: 'member', type: m.type, enum: m.enum });
  }
  return out;
}

function parentAttr(ctx: Context, setName: string, name: string, depth = 0): AttrSpec | undefined {
  const parent = ctx.sets.get(setName)?.['subset-of'];
  if (parent === undefined || depth > 64) return undefined;
  return ctx.sets.get(parent)?.attributes.find((x) => x.name === name) ?? parentAttr(ctx, parent, name, depth + 1);
}

function attrType(ctx: Context, setName: string, a: AttrSpec): string | undefined {
  return a.type ?? parentAttr(ctx, setName, a.name)?.type;
}

/** An enum's entries with their wire values (flags: masks), or undefined for a name that is no enum. */
export function enumValues(ctx: Context, name: string): Map<string, number> | undefined {
  const def = ctx.defs.get(name);
  if (def === undefined || (def.type !== 'enum' && def.type !== 'flags')) return undefined;
  const start = def['value-start'] === undefined ? { ok: true as const, value: 0 } : numberOf(ctx, def['value-start']);
  const nums = entryNumbers(def, start.ok ? start.value : 0);
  const out = new Map<string, number>();
  (def.entries ?? []).forEach((e, i) => {
    const n = typeof e === 'string' ? e : e.name;
    if (!out.has(n)) out.set(n, def.type === 'flags' ? 2 ** nums[i]! : nums[i]!);
  });
  return out;
}

/**
 * A case value as the decoded selector prints it: the enum name when the selector has an enum
 * that names the value, else the number as text; a string selector's value as given.
 * `{ error }` for a name the enum does not have, or a name where a number is needed.
 */
export function caseValue(ctx: Context, selector: SelectorCandidate | undefined, value: string | number): { value: string } | { error: string } {
  const values = selector?.enum !== undefined ? enumValues(ctx, selector.enum) : undefined;
  const numeric = typeof value === 'number' ? value : /^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(value.trim()) ? Number(value.trim()) : undefined;
  if (numeric !== undefined) {
    if (values) for (const [n, v] of values) if (v === numeric) return { value: n };
    return { value: String(numeric) };
  }
  const text = String(value);
  if (values) {
    if (values.has(text)) return { value: text };
    return { error: `"${text}" is not an entry of enum "${selector!.enum}" (the selector's enum)` };
  }
  if (selector !== undefined && selector.type !== 'string' && selector.type !== undefined) {
    return { error: `"${text}" is not a number, and the selector has no enum to name it` };
  }
  return { value: text };
}

export function recordsIR(r: RecordsSpec | undefined): RecordsIR | undefined {
  return r === undefined ? undefined : { header: r.header, length: r.length, attributeSet: r['attribute-set'] };
}

function caseIR(c: SelectCaseSpec, value: string): SelectCaseIR {
  return clean<SelectCaseIR>({
    value,
    type: c.type as AttrType | undefined,
    struct: c.struct,
    subType: c['sub-type'] as SelectCaseIR['subType'],
    nestedAttributes: c['nested-attributes'],
    displayHint: c['display-hint'],
    byteOrder: c['byte-order'],
    enum: c.enum,
    enumAsFlags: c['enum-as-flags'],
    records: recordsIR(c['nlkit-records']),
  });
}

/** The resolved nlkit-select of an attribute of `setName` (cases whose value does not resolve are left out; semantic checks report them). */
export function selectIR(ctx: Context, parents: Map<string, Set<string>>, setName: string, sel: SelectSpec | undefined): SelectIR | undefined {
  if (sel === undefined) return undefined;
  const candidate = selectorCandidates(ctx, parents, setName, sel.by)[0];
  const cases: SelectCaseIR[] = [];
  for (const c of sel.cases) {
    const v = caseValue(ctx, candidate, c.value);
    if ('value' in v && !cases.some((x) => x.value === v.value)) cases.push(caseIR(c, v.value));
  }
  return clean<SelectIR>({ by: sel.by, enum: candidate?.enum, cases });
}
