/**
 * Names as users write them. Requests may spell attributes and struct members the schema's way
 * (`rtm-family`, `ifi-index`) or the TypeScript way (`rtmFamily`, `ifiIndex`), at every level;
 * fixed-header members may sit at the top of a message when no attribute has the same name.
 * `normalizeRequest` turns any of that into the one shape the codec takes (camelCase, the
 * header under its key), and `respell` renames decoded values back to the schema's names for
 * output. One walk over the IR serves both; values are never touched, only keys.
 */
import { UNKNOWN_KEY, memberName, type AttrIR, type StructIR, type StructMemberIR } from '@nlkit/ir';
import type { FamilyRuntime, Mode } from '../codec/runtime.js';
import type { FamilyIndex, SetIndex } from '../codec/family.js';
import { subMessageFormat, type Layout } from '../codec/layout.js';
import { findSelector } from '../codec/decode.js';
import { recordsPlan, selectCases } from '../codec/extension.js';
import type { Decoded } from '../codec/struct.js';
import { NEST_FLAG } from '../codec/nest-flag.js';
import { ValidationError } from '../errors.js';
import { MAX_NEST_DEPTH, capText } from '../wire/limits.js';

/** How names are spelled: as the YNL schema writes them, or as TypeScript members. */
export type Spelling = 'schema' | 'camel';

/** A name table: either spelling → the schema's name, and the camelCase name. */
interface Names<T> {
  /** Schema name or camelCase name → entry. */
  byKey: Map<string, { item: T; camel: string; schema: string }>;
  /** Entries in schema order, for "known:" lists. */
  list: Array<{ camel: string; schema: string }>;
  /** Some entry holds a struct (structs only). */
  nested: boolean;
}

function nameTable<T extends { name: string }>(items: Iterable<T>): Names<T> {
  const byKey = new Map<string, { item: T; camel: string; schema: string }>();
  const list: Array<{ camel: string; schema: string }> = [];
  for (const item of items) {
    const camel = memberName(item.name);
    const e = { item, camel, schema: item.name };
    // The first of a repeated name wins, as in the codec's indexes.
    if (byKey.has(camel)) continue;
    byKey.set(camel, e);
    if (!byKey.has(item.name)) byKey.set(item.name, e);
    list.push({ camel, schema: item.name });
  }
  return { byKey, list, nested: [...byKey.values()].some((e) => !!(e.item as { struct?: string }).struct) };
}

const setTables = new WeakMap<SetIndex, Names<AttrIR>>();
/** A struct's keys: its members, and the bit fields (nlkit-fields) that stand for a member. */
type StructKey = Pick<StructMemberIR, 'name' | 'struct'>;
const structTables = new WeakMap<StructIR, Names<StructKey>>();

function setNames(idx: SetIndex): Names<AttrIR> {
  let t = setTables.get(idx);
  if (!t) setTables.set(idx, (t = nameTable(idx.set.attrs.filter((a) => a.type !== 'pad' && a.type !== 'unused'))));
  return t;
}

function structNames(st: StructIR): Names<StructKey> {
  let t = structTables.get(st);
  if (!t) {
    const keys: StructKey[] = [];
    for (const m of st.members) {
      if (m.type === 'pad') continue;
      keys.push(m);
      for (const f of m.fields ?? []) keys.push({ name: f.name });
    }
    structTables.set(st, (t = nameTable(keys)));
  }
  return t;
}

const selects = new WeakMap<AttrIR, { declared: AttrIR; byValue: Map<string, AttrIR> }>();

/** The attribute as its nlkit-select case for the selector in scope reads it. */
function selected(fam: FamilyIndex, a: AttrIR, scope: Decoded[]): AttrIR {
  let cases = selects.get(a);
  if (!cases) selects.set(a, (cases = selectCases(fam, a, (x) => x)));
  const sel = findSelector(scope, a.select!.by);
  return sel === undefined ? cases.declared : (cases.byValue.get(String(sel)) ?? cases.declared);
}

/** The known names, in the spelling the user seems to write (`key` has a - or _: the schema's). */
function known(list: Array<{ camel: string; schema: string }>, key: string): string {
  const schema = /[-_]/.test(key.replace(/^_(?=[0-9])/, ''));
  return list.length ? list.map((e) => (schema ? e.schema : e.camel)).join(', ') : 'none';
}

function isPlainObject(v: unknown): v is Decoded {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Map);
}

/** A copy keeps the hidden nest mark of a decoded object, so re-encoding stays byte-identical. */
function withMark(from: object, to: Decoded): Decoded {
  const mark = (from as Record<symbol, unknown>)[NEST_FLAG];
  if (mark !== undefined) Object.defineProperty(to, NEST_FLAG, { value: mark, enumerable: false });
  return to;
}

/** What a walk needs besides the value: the family, the direction and the enclosing objects. */
interface Walk {
  fam: FamilyIndex;
  /** 'in': any spelling → camelCase, checked; 'schema' / 'camel': decoded camelCase → that spelling. */
  to: 'in' | Spelling;
  /** Every fixed-header member name of the family (either spelling) → its struct, for hints. */
  headerMembers: Map<string, string>;
  /** The operation and its request attributes for this mode (top level of a request only). */
  op?: { name: string; mode: Mode; takes: Set<string>; list: Array<{ camel: string; schema: string }> };
}

/**
 * A request in either spelling, as the codec takes it: camelCase keys at every level, the
 * fixed header under `header` (members given at the top level are moved there when no
 * attribute has their name). Unknown keys, and a field given in both spellings, are
 * ValidationErrors naming the field. A request already in that shape comes back as is.
 */
export function normalizeRequest(runtime: FamilyRuntime, opName: string, mode: Mode | undefined, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const op = runtime.op(opName);
  // Typed clients send every request through here: the walk's tables are built once per op.
  let perOp = walks.get(op);
  if (!perOp) walks.set(op, (perOp = new Map()));
  let w = perOp.get(mode);
  if (!w) {
    w = { fam: runtime.index, to: 'in', headerMembers: headerMembers(runtime) };
    if (mode) {
      const attrs = op[mode]?.request?.attributes ?? [];
      w.op = { name: op.name, mode, takes: new Set(attrs.map(memberName)), list: attrs.map((a) => ({ camel: memberName(a), schema: a })) };
    }
    perOp.set(mode, w);
  }
  return layoutValue(w, runtime.layoutOf(op), value, [], [], 0);
}
const walks = new WeakMap<object, Map<Mode | undefined, Walk>>();

/**
 * A decoded message of `opName` (a reply, a notification or a request) with its keys in the
 * given spelling. Decoded values are camelCase already: 'camel' returns the value itself.
 */
export function respell(runtime: FamilyRuntime, opName: string, value: unknown, to: Spelling): unknown {
  if (to === 'camel' || !isPlainObject(value)) return value;
  const w: Walk = { fam: runtime.index, to, headerMembers: new Map() };
  return layoutValue(w, runtime.layoutOf(runtime.op(opName)), value, [], [], 0);
}

const headerTables = new WeakMap<FamilyIndex, Map<string, string>>();

function headerMembers(runtime: FamilyRuntime): Map<string, string> {
  let m = headerTables.get(runtime.index);
  if (!m) {
    m = new Map();
    for (const op of runtime.ir.operations) {
      const st = op.fixedHeader ? runtime.index.structs.get(op.fixedHeader) : undefined;
      if (!st) continue;
      for (const e of structNames(st).byKey.keys()) if (!m.has(e)) m.set(e, st.name);
    }
    headerTables.set(runtime.index, m);
  }
  return m;
}

/**
 * A message body or sub-message format: `{ header, ...attributes }`. `scope` holds the
 * enclosing objects (camelCase), innermost last, for sub-message selectors.
 */
function layoutValue(w: Walk, l: Layout, obj: Decoded, path: string[], scope: Decoded[], depth: number): Decoded {
  if (depth > MAX_NEST_DEPTH) return obj;
  const hk = l.headerKey;
  const headerIsKey = !!l.header || !l.setHasHeaderAttr;
  const set = l.attributeSet ? w.fam.sets.get(l.attributeSet) : undefined;
  const names = set ? setNames(set) : undefined;
  const hnames = l.header ? structNames(l.header) : undefined;
  const keys = Object.keys(obj);
  // The common case: every key already in the target spelling, nothing to move. Only the
  // values are walked, and the object is copied only if one of them changes.
  if (sameKeys(w, keys, obj, names, hk, headerIsKey, hnames, depth)) {
    let out: Decoded | undefined;
    let inner: Decoded[] | undefined;
    for (const key of keys) {
      const v = obj[key];
      let nv = v;
      if (key === hk && headerIsKey) {
        if (l.header && isPlainObject(v)) nv = structValue(w, l.header, v, path.length ? [...path, hk] : HEADER_PATHS[hk]!, depth);
      } else if (key !== UNKNOWN_KEY && !key.includes('$') && v !== undefined) {
        const a = names!.byKey.get(key)!.item;
        if (holdsNames(a)) nv = attrValue(w, a, v, [...path, key], (inner ??= [...scope, obj]), depth);
      }
      if (nv !== v) (out ??= withMark(obj, { ...obj }))[key] = nv;
    }
    return out ?? obj;
  }
  const out: Decoded = {};
  let changed = false;
  let header: unknown = undefined;
  let hoisted: Decoded | undefined;
  const attrs: Array<[string, AttrIR, string]> = [];
  for (const key of keys) {
    const v = obj[key];
    if (key === hk && headerIsKey) {
      header = v;
      continue;
    }
    if (key === UNKNOWN_KEY || key.includes('$')) {
      out[key] = v;
      continue;
    }
    const e = names?.byKey.get(key);
    if (e && (w.to !== 'in' || !w.op || depth > 0 || w.op.takes.has(e.camel) || !hnames?.byKey.has(key))) {
      const name = w.to === 'schema' ? e.schema : e.camel;
      if (Object.hasOwn(out, name)) throw twice(path, key, obj, e);
      if (name !== key) changed = true;
      out[name] = v;
      attrs.push([name, e.item, key]);
      continue;
    }
    if (w.to !== 'in') {
      out[key] = v;
      continue;
    }
    const m = hnames?.byKey.get(key);
    if (m && !e) {
      // A fixed-header member at the top level: it belongs in the header.
      hoisted ??= {};
      if (Object.hasOwn(hoisted, m.camel)) throw twice(path, key, obj, m);
      hoisted[m.camel] = v;
      changed = true;
      continue;
    }
    throw unknownKey(w, l, path, key, !!e, depth);
  }
  if (header !== undefined || hoisted) {
    let h = header;
    if (l.header && isPlainObject(header)) h = structValue(w, l.header, header, [...path, hk], depth);
    if (hoisted) {
      if (header !== undefined && !isPlainObject(h)) throw new ValidationError([...path, hk], `expected an object for struct ${l.header!.name}, or its members at the top level, not both`);
      const merged: Decoded = { ...(h as Decoded | undefined) };
      for (const [k, v] of Object.entries(hoisted)) {
        if (Object.hasOwn(merged, k)) throw new ValidationError([...path, k], `given both at the top level and under ${hk}; give it once`);
        merged[k] = v;
      }
      h = merged;
    }
    if (h !== header) changed = true;
    // The header first, as decoded messages have it.
    const withHeader: Decoded = { [hk]: h };
    for (const k of Object.keys(out)) withHeader[k] = out[k];
    return finish(w, obj, withHeader, attrs, path, scope, depth, changed);
  }
  return finish(w, obj, out, attrs, path, scope, depth, changed);
}

/** Walks the attribute values of `out` (keys already renamed); the original object when nothing changed. */
function finish(w: Walk, obj: Decoded, out: Decoded, attrs: Array<[string, AttrIR, string]>, path: string[], scope: Decoded[], depth: number, changed: boolean): Decoded {
  // Selectors are looked up by camelCase name: the scope holds the camelCase form.
  const camelView = w.to === 'schema' ? obj : out;
  const inner = attrs.some(([, a]) => NESTS.has(a.type) || a.select || a.records) ? [...scope, camelView] : scope;
  for (const [name, a, key] of attrs) {
    const v = out[name];
    const nv = attrValue(w, a, v, [...path, key], inner, depth);
    if (nv !== v) {
      out[name] = nv;
      changed = true;
    }
  }
  return changed ? withMark(obj, out) : obj;
}

const NESTS = new Set(['nest', 'indexed-array', 'nest-type-value', 'sub-message']);
const HEADER_PATHS: Record<string, string[]> = { header: ['header'], fixedHeader: ['fixedHeader'] };
const holders = new WeakMap<AttrIR, boolean>();

/** Whether an attribute's value can hold names: nests, sub-messages, structs, records, select cases. */
function holdsNames(a: AttrIR): boolean {
  let h = holders.get(a);
  if (h === undefined) {
    h = !!(a.select || a.records || NESTS.has(a.type) || (a.type === 'binary' && a.struct));
    holders.set(a, h);
  }
  return h;
}

/** Whether every key of a message object is already in the target spelling, with none to move. */
function sameKeys(w: Walk, keys: string[], obj: Decoded, names: Names<AttrIR> | undefined, hk: string, headerIsKey: boolean, hnames: Names<StructKey> | undefined, depth: number): boolean {
  for (const key of keys) {
    if (key === hk && headerIsKey) continue;
    if (key === UNKNOWN_KEY || key.includes('$')) continue;
    const e = names?.byKey.get(key);
    if (!e || (w.to === 'schema' ? e.schema : e.camel) !== key) return false;
    // A header member the request does not take as an attribute: the slow path explains.
    if (w.op && depth === 0 && !w.op.takes.has(key) && hnames?.byKey.has(key) && obj[key] !== undefined) return false;
  }
  return true;
}

function attrValue(w: Walk, a: AttrIR, v: unknown, path: string[], scope: Decoded[], depth: number): unknown {
  if (a.multiAttr && Array.isArray(v)) return mapItems(v, (x, i) => oneValue(w, a, x, [...path, String(i)], scope, depth));
  return oneValue(w, a, v, path, scope, depth);
}

/** Maps an array; the same array when no item changed. */
function mapItems(v: unknown[], f: (x: unknown, i: number) => unknown): unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const x = f(v[i], i);
    if (x !== v[i]) (out ??= copyArray(v))[i] = x;
  }
  return out ?? v;
}

/** A copy of an array with what it carries besides its items (a packed array's $tail, element numbering). */
function copyArray(v: unknown[]): unknown[] {
  const out = v.slice();
  for (const k of Reflect.ownKeys(v)) {
    if (k === 'length' || (typeof k === 'string' && /^(0|[1-9]\d*)$/.test(k))) continue;
    Object.defineProperty(out, k, Object.getOwnPropertyDescriptor(v, k)!);
  }
  return out;
}

function oneValue(w: Walk, attr: AttrIR, v: unknown, path: string[], scope: Decoded[], depth: number): unknown {
  const a = attr.select ? selected(w.fam, attr, scope) : attr;
  if (a.records) {
    if (!Array.isArray(v)) return v;
    const l = recordsPlan(w.fam, a.records).layout;
    return mapItems(v, (x, i) => (isPlainObject(x) ? layoutValue(w, l, x, [...path, String(i)], scope, depth + 1) : x));
  }
  switch (a.type) {
    case 'nest':
      return a.nestedAttributes && isPlainObject(v) ? setValue(w, a.nestedAttributes, v, path, scope, depth + 1) : v;
    case 'indexed-array': {
      const sub = a.subType ?? 'nest';
      if (!Array.isArray(v)) return v;
      if (sub === 'nest' && a.nestedAttributes) {
        const set = a.nestedAttributes;
        return mapItems(v, (x, i) => (isPlainObject(x) ? setValue(w, set, x, [...path, String(i)], scope, depth + 1) : x));
      }
      if (sub === 'binary' && a.struct) return structArray(w, a.struct, v, path, depth);
      return v;
    }
    case 'nest-type-value':
      return typeValue(w, a, v, path, scope, depth + 1, Math.max(1, a.typeValue?.length ?? 1));
    case 'binary':
      if (!a.struct) return v;
      if (a.subType === 'binary') return Array.isArray(v) ? structArray(w, a.struct, v, path, depth) : v;
      return isPlainObject(v) ? structValue(w, w.fam.struct(a.struct), v, path, depth) : v;
    case 'sub-message': {
      if (!a.subMessage || !a.selector || !isPlainObject(v)) return v;
      const sel = findSelector(scope, a.selector);
      const fmt = sel === undefined ? undefined : subMessageFormat(w.fam, a.subMessage, String(sel));
      if (!fmt) return v;
      if (fmt.structOnly) return structValue(w, fmt.layout.header!, v, path, depth);
      return layoutValue(w, fmt.layout, v, path, scope, depth + 1);
    }
    default:
      return v;
  }
}

function structArray(w: Walk, name: string, v: unknown[], path: string[], depth: number): unknown[] {
  const st = w.fam.struct(name);
  return mapItems(v, (x, i) => (isPlainObject(x) ? structValue(w, st, x, [...path, String(i)], depth) : x));
}

function typeValue(w: Walk, a: AttrIR, v: unknown, path: string[], scope: Decoded[], depth: number, left: number): unknown {
  if (!isPlainObject(v) || depth > MAX_NEST_DEPTH) return v;
  if (left <= 1 && !a.nestedAttributes) return v;
  let out: Decoded | undefined;
  for (const k of Object.keys(v)) {
    const x = v[k];
    const nx = left > 1 ? typeValue(w, a, x, [...path, k], scope, depth + 1, left - 1) : isPlainObject(x) ? setValue(w, a.nestedAttributes!, x, [...path, k], scope, depth + 1) : x;
    if (nx !== x) (out ??= withMark(v, { ...v }))[k] = nx;
  }
  return out ?? v;
}

function setValue(w: Walk, setName: string, v: Decoded, path: string[], scope: Decoded[], depth: number): Decoded {
  const idx = w.fam.sets.get(setName);
  if (!idx) return v;
  const l: Layout = {
    preamble: 0, header: undefined, compiledHeader: undefined, headerSpan: 0, attrsOffset: 0,
    headerKey: 'header', attributeSet: setName, setHasHeaderAttr: true,
  };
  return layoutValue(w, l, v, path, scope, depth);
}

/** A struct's members renamed; nested structs too. */
function structValue(w: Walk, st: StructIR, v: Decoded, path: string[], depth: number): Decoded {
  if (depth > MAX_NEST_DEPTH) return v;
  const names = structNames(st);
  if (!names.nested) {
    // No struct members: only the keys can change. Already in the target spelling: as is.
    let same = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key) || key.includes('$')) continue;
      const e = names.byKey.get(key);
      if (!e || (w.to === 'schema' ? e.schema : e.camel) !== key) {
        same = false;
        break;
      }
    }
    if (same) return v;
  }
  const out: Decoded = {};
  let changed = false;
  for (const key of Object.keys(v)) {
    let x = v[key];
    if (key.includes('$')) {
      out[key] = x;
      continue;
    }
    const e = names.byKey.get(key);
    if (!e) {
      if (w.to !== 'in') {
        out[key] = x;
        continue;
      }
      throw new ValidationError([...path, capText(key)], `unknown member of struct ${st.name} (known: ${known(names.list, key)})`);
    }
    const name = w.to === 'schema' ? e.schema : e.camel;
    if (Object.hasOwn(out, name)) throw twice(path, key, v, e);
    const inner = e.item.struct;
    if (inner && (isPlainObject(x) || Array.isArray(x))) {
      // A struct member, or a flexible array of them (nlkit-flexible).
      const nx = isPlainObject(x) ? structValue(w, w.fam.struct(inner), x, [...path, key], depth + 1) : structArray(w, inner, x as unknown[], [...path, key], depth + 1);
      if (nx !== x) changed = true;
      x = nx;
    }
    if (name !== key) changed = true;
    out[name] = x;
  }
  return changed ? withMark(v, out) : v;
}

function twice(path: string[], key: string, obj: Decoded, e: { camel: string; schema: string }): ValidationError {
  const other = key === e.camel ? e.schema : e.camel;
  const both = Object.hasOwn(obj, other) && other !== key ? `as ${other} and as ${key}` : 'more than once';
  return new ValidationError([...path, capText(key)], `given twice (${both}); give it once`);
}

function unknownKey(w: Walk, l: Layout, path: string[], key: string, isAttr: boolean, depth: number): ValidationError {
  const p = [...path, capText(key)];
  const set = l.attributeSet ? w.fam.sets.get(l.attributeSet) : undefined;
  const op = w.op;
  if (isAttr && op) {
    // An attribute this request does not take, named like a member of the fixed header.
    return new ValidationError(p, `${op.name} (${op.mode}) does not take the attribute ${key}; the fixed header's ${key} goes under ${l.headerKey}: {"${l.headerKey}": {"${key}": ...}}`);
  }
  const inHeader = w.headerMembers.get(key);
  if (inHeader) {
    const where = depth === 0 && !l.header ? 'this message has no fixed header' : `it is a member of the message's fixed header (struct ${inHeader})`;
    return new ValidationError(p, `not an attribute of ${set?.set.name ?? 'this message'}: ${where}; nest it under "header" at the top level of the request: {"header": {"${key}": ...}}`);
  }
  const hdr = l.header ? `; or a member of its fixed header ${l.header.name}: ${known(structNames(l.header).list, key)}` : '';
  // At the top of a request, the attributes its operation takes (as the codec says it).
  if (op && depth === 0) {
    const takes = [...(l.header ? [l.headerKey] : []), ...op.list.map((e) => (known([e], key)))];
    return new ValidationError(p, `${op.name} (${op.mode}) does not take this attribute; it takes ${takes.length ? takes.join(', ') : 'nothing'}${hdr}`);
  }
  return new ValidationError(p, `unknown attribute of ${set?.set.name ?? 'this message'} (known: ${set ? known(setNames(set).list, key) : 'none'}${hdr})`);
}
