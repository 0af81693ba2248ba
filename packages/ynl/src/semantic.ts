/**
 * Semantic checks on a document that passed its metaschema: references, duplicate names and
 * values, and the few rules JSON Schema cannot say. Fields that only matter to kernel C code
 * are not looked at.
 */
import type { Protocol } from '@nlkit/ir';
import type { DocPath, SchemaIssue } from './errors.js';
import { issueAt, type LoadedYaml } from './load.js';
import { collect, numberOf, type Context } from './resolve/context.js';
import { attrNumbers, entryNumbers, isNotification, opNumbers } from './resolve/numbering.js';
import { StructLayouts } from './resolve/structs.js';
import type { AttrSpec, ChecksSpec, FamilySpec, MessageSpec } from './spec.js';
import { checkBounds, widthIssues } from './widths.js';
import { checkRecords, checkSelect, checkStructExtensions } from './semantic-extension.js';
import { enclosingSets, selectorCandidates } from './resolve/extension.js';

export type Report = (path: DocPath, message: string, key?: boolean) => void;

function checkDuplicateNames(items: ReadonlyArray<{ name: string }>, base: DocPath, what: string, report: Report): void {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const first = seen.get(it.name);
    if (first !== undefined) report([...base, i, 'name'], `duplicate ${what} name "${it.name}" (first at index ${first})`);
    else seen.set(it.name, i);
  });
}

export function semanticIssues(loaded: LoadedYaml, protocol: Protocol): SchemaIssue[] {
  const spec = loaded.data as FamilySpec;
  const ctx = collect(spec);
  const issues: SchemaIssue[] = [];
  const report: Report = (path, message, key) => issues.push(issueAt(loaded, path, message, { key: key === true }));

  if (protocol === 'netlink-raw' && spec.protonum === undefined) report([], 'netlink-raw families need "protonum"');

  checkDefinitions(ctx, report);
  checkStructExtensions(ctx, report);
  checkAttrSets(ctx, report);
  checkSubMessages(ctx, report);
  checkOperations(ctx, report);
  widthIssues(ctx, protocol, report);

  const groups = spec['mcast-groups']?.list ?? [];
  checkDuplicateNames(groups, ['mcast-groups', 'list'], 'multicast group', report);
  const groupValues = new Map<number, string>();
  groups.forEach((g, i) => {
    if (g.value === undefined) return;
    const other = groupValues.get(g.value);
    if (other !== undefined) report(['mcast-groups', 'list', i, 'value'], `group value ${g.value} already used by "${other}"`);
    else groupValues.set(g.value, g.name);
  });
  return issues;
}

export function enumRef(ctx: Context, name: string, path: DocPath, report: Report): void {
  const d = ctx.defs.get(name);
  if (d === undefined) report(path, `unknown enum "${name}"`);
  else if (d.type !== 'enum' && d.type !== 'flags') report(path, `"${name}" is a ${d.type}, not an enum or flags`);
}

export function structRef(ctx: Context, name: string, path: DocPath, report: Report): void {
  const d = ctx.defs.get(name);
  if (d === undefined) report(path, `unknown struct "${name}"`);
  else if (d.type !== 'struct') report(path, `"${name}" is a ${d.type}, not a struct`);
}

export function setRef(ctx: Context, name: string, path: DocPath, report: Report): void {
  if (!ctx.sets.has(name)) report(path, `unknown attribute set "${name}"`);
}

function numberRef(ctx: Context, v: number | string | undefined, path: DocPath, report: Report, limits = false): void {
  if (v === undefined || typeof v === 'number') return;
  const n = numberOf(ctx, v, limits);
  if (!n.ok) report(path, n.reason);
}

function checkDefinitions(ctx: Context, report: Report): void {
  const defs = ctx.spec.definitions ?? [];
  checkDuplicateNames(defs, ['definitions'], 'definition', report);
  const layouts = new StructLayouts(ctx);
  defs.forEach((def, i) => {
    const base: DocPath = ['definitions', i];
    if (def.type === 'enum' || def.type === 'flags') {
      numberRef(ctx, def['value-start'], [...base, 'value-start'], report);
      const entries = def.entries ?? [];
      const names = entries.map((e) => (typeof e === 'string' ? e : e.name));
      const seen = new Set<string>();
      names.forEach((n, k) => {
        if (seen.has(n)) report([...base, 'entries', k], `duplicate entry name "${n}"`);
        seen.add(n);
      });
      const start = def['value-start'] === undefined ? 0 : numberOf(ctx, def['value-start']);
      const startValue = typeof start === 'number' ? start : start.ok ? start.value : 0;
      const values = new Map<number, string>();
      entryNumbers(def, startValue).forEach((v, k) => {
        const other = values.get(v);
        const e = entries[k]!;
        const at: DocPath = typeof e === 'object' && e.value !== undefined ? [...base, 'entries', k, 'value'] : [...base, 'entries', k];
        if (other !== undefined) report(at, `${def.type === 'flags' ? 'bit' : 'value'} ${v} of "${names[k]}" already used by "${other}"`);
        else values.set(v, names[k]!);
        if (def.type === 'flags' && (v < 0 || v > 63)) report(at, `flag bit ${v} is outside 0..63`);
      });
    } else if (def.type === 'struct') {
      const members = def.members ?? [];
      checkDuplicateNames(members, [...base, 'members'], 'member', report);
      let ok = true;
      members.forEach((m, k) => {
        const mp: DocPath = [...base, 'members', k];
        if (m.enum !== undefined) enumRef(ctx, m.enum, [...mp, 'enum'], report);
        if (m.struct !== undefined) structRef(ctx, m.struct, [...mp, 'struct'], report);
        if (m.len !== undefined) numberRef(ctx, m.len, [...mp, 'len'], report);
        const needsLen = m['nlkit-flexible'] === undefined && (m.type === 'pad' || m.type === 'string' || (m.type === 'binary' && m.struct === undefined));
        if (needsLen && m.len === undefined) {
          report(mp, `${m.type} member "${m.name}" needs "len"${m.type === 'binary' ? ' or "struct"' : ''}`);
          ok = false;
        }
      });
      if (ok) {
        try {
          layouts.get(def.name);
        } catch (err) {
          report(base, `cannot lay out struct "${def.name}": ${(err as Error).message}`);
        }
      }
    }
  });
}

function checkChecks(ctx: Context, c: ChecksSpec | undefined, path: DocPath, report: Report): void {
  if (c === undefined) return;
  numberRef(ctx, c.min, [...path, 'min'], report, true);
  numberRef(ctx, c.max, [...path, 'max'], report, true);
  numberRef(ctx, c['min-len'], [...path, 'min-len'], report);
  numberRef(ctx, c['max-len'], [...path, 'max-len'], report);
  numberRef(ctx, c['exact-len'], [...path, 'exact-len'], report);
}

function selectorVisible(ctx: Context, parents: Map<string, Set<string>>, setName: string, selector: string): boolean {
  return selectorCandidates(ctx, parents, setName, selector).length > 0;
}

function effectiveType(ctx: Context, setName: string, a: AttrSpec, depth = 0): string | undefined {
  if (a.type !== undefined || depth > 64) return a.type;
  const parent = ctx.sets.get(ctx.sets.get(setName)?.['subset-of'] ?? '');
  const p = parent?.attributes.find((x) => x.name === a.name);
  return p ? effectiveType(ctx, parent!.name, p, depth + 1) : undefined;
}

function checkAttrSets(ctx: Context, report: Report): void {
  const sets = ctx.spec['attribute-sets'];
  checkDuplicateNames(sets, ['attribute-sets'], 'attribute set', report);
  const parents = enclosingSets(ctx);
  sets.forEach((set, i) => {
    const base: DocPath = ['attribute-sets', i];
    const parentName = set['subset-of'];
    const parent = parentName !== undefined ? ctx.sets.get(parentName) : undefined;
    if (parentName !== undefined) {
      if (parent === undefined) report([...base, 'subset-of'], `unknown attribute set "${parentName}"`);
      else if (subsetLoops(ctx, set.name)) report([...base, 'subset-of'], `subset-of chain of "${set.name}" loops`);
    }
    if (parentName === undefined) {
      checkDuplicateNames(set.attributes, [...base, 'attributes'], 'attribute', report);
      const values = new Map<number, string>();
      attrNumbers(set).forEach((v, k) => {
        const a = set.attributes[k]!;
        const at: DocPath = a.value !== undefined ? [...base, 'attributes', k, 'value'] : [...base, 'attributes', k];
        const other = values.get(v);
        if (other !== undefined) report(at, `attribute id ${v} of "${a.name}" already used by "${other}"`);
        else values.set(v, a.name);
      });
    }
    set.attributes.forEach((a, k) => {
      const ap: DocPath = [...base, 'attributes', k];
      if (parentName === undefined && a.type === undefined) report(ap, `attribute "${a.name}" needs a "type"`);
      if (parent !== undefined && !parent.attributes.some((x) => x.name === a.name)) {
        report([...ap, 'name'], `"${a.name}" is not an attribute of "${parentName}"`);
      }
      if (parentName !== undefined && a.value !== undefined) report([...ap, 'value'], 'a subset takes ids from its parent; "value" is not allowed');
      if (a.enum !== undefined) enumRef(ctx, a.enum, [...ap, 'enum'], report);
      if (a.struct !== undefined) structRef(ctx, a.struct, [...ap, 'struct'], report);
      if (a['nested-attributes'] !== undefined) setRef(ctx, a['nested-attributes'], [...ap, 'nested-attributes'], report);
      if (a['sub-message'] !== undefined && !ctx.subMessages.has(a['sub-message'])) {
        report([...ap, 'sub-message'], `unknown sub-message "${a['sub-message']}"`);
      }
      if (effectiveType(ctx, set.name, a) === 'sub-message' && parentName === undefined) {
        if (a['sub-message'] === undefined) report(ap, `sub-message attribute "${a.name}" needs "sub-message"`);
        if (a.selector === undefined) report(ap, `sub-message attribute "${a.name}" needs "selector"`);
      }
      if (a.selector !== undefined && !selectorVisible(ctx, parents, set.name, a.selector)) {
        report([...ap, 'selector'], `selector "${a.selector}" is not an attribute of "${set.name}" or of a set enclosing it, nor a fixed-header member`);
      }
      checkSelect(ctx, parents, set.name, a['nlkit-select'], [...ap, 'nlkit-select'], report);
      checkRecords(ctx, a['nlkit-records'], [...ap, 'nlkit-records'], report);
      checkChecks(ctx, a.checks, [...ap, 'checks'], report);
      checkBounds(ctx, a.checks, effectiveType(ctx, set.name, a), [...ap, 'checks'], report);
    });
  });
}

function subsetLoops(ctx: Context, start: string): boolean {
  const seen = new Set<string>();
  let cur: string | undefined = start;
  while (cur !== undefined) {
    if (seen.has(cur)) return true;
    seen.add(cur);
    cur = ctx.sets.get(cur)?.['subset-of'];
  }
  return false;
}

function checkSubMessages(ctx: Context, report: Report): void {
  const sms = ctx.spec['sub-messages'] ?? [];
  checkDuplicateNames(sms, ['sub-messages'], 'sub-message', report);
  sms.forEach((sm, i) => {
    const seen = new Set<string>();
    sm.formats.forEach((f, k) => {
      const fp: DocPath = ['sub-messages', i, 'formats', k];
      if (seen.has(f.value)) report([...fp, 'value'], `duplicate format value "${f.value}"`);
      seen.add(f.value);
      if (f['fixed-header'] !== undefined) structRef(ctx, f['fixed-header'], [...fp, 'fixed-header'], report);
      if (f['attribute-set'] !== undefined) setRef(ctx, f['attribute-set'], [...fp, 'attribute-set'], report);
    });
  });
}

function checkOperations(ctx: Context, report: Report): void {
  const ops = ctx.spec.operations;
  const directional = ops['enum-model'] === 'directional';
  if (ops['fixed-header'] !== undefined) structRef(ctx, ops['fixed-header'], ['operations', 'fixed-header'], report);
  checkDuplicateNames(ops.list, ['operations', 'list'], 'operation', report);

  ops.list.forEach((op, i) => {
    const base: DocPath = ['operations', 'list', i];
    if (op['attribute-set'] !== undefined) setRef(ctx, op['attribute-set'], [...base, 'attribute-set'], report);
    if (op['fixed-header'] !== undefined) structRef(ctx, op['fixed-header'], [...base, 'fixed-header'], report);
    if (op.mcgrp !== undefined && !ctx.mcgrps.has(op.mcgrp)) report([...base, 'mcgrp'], `unknown multicast group "${op.mcgrp}"`);
    let target = undefined;
    if (op.notify !== undefined) {
      target = ctx.ops.get(op.notify);
      if (target === undefined) report([...base, 'notify'], `unknown operation "${op.notify}"`);
      else if (target === op) report([...base, 'notify'], 'an operation cannot notify for itself');
    }
    if (op.notify !== undefined && op.event !== undefined) report(base, 'an operation has "notify" or "event", not both');
    if (directional && op.do === undefined && op.dump === undefined && !isNotification(op)) {
      report(base, `operation "${op.name}" needs do, dump, notify or event`);
    }
    const setName = op['attribute-set'] ?? target?.['attribute-set'];
    const set = setName !== undefined ? ctx.sets.get(setName) : undefined;
    const checkList = (msg: MessageSpec | { attributes?: string[] } | undefined, path: DocPath): void => {
      (msg?.attributes ?? []).forEach((name, k) => {
        if (setName === undefined) report([...path, 'attributes', k], `attribute "${name}" listed, but the operation has no attribute-set`);
        else if (set !== undefined && !set.attributes.some((a) => a.name === name)) {
          report([...path, 'attributes', k], `"${name}" is not an attribute of "${setName}"`);
        }
      });
    };
    for (const m of ['do', 'dump'] as const) {
      for (const dir of ['request', 'reply'] as const) checkList(op[m]?.[dir], [...base, m, dir]);
    }
    checkList(op.event, [...base, 'event']);
  });

  // Duplicate message ids: requests across operations; notifications among themselves; in the
  // unified model every operation has one id of its own.
  const ids = opNumbers(ops);
  const seenReq = new Map<number, string>();
  const seenNtf = new Map<number, string>();
  ops.list.forEach((op, i) => {
    const id = ids[i]!;
    const at: DocPath = op.value !== undefined ? ['operations', 'list', i, 'value'] : ['operations', 'list', i];
    const ntf = isNotification(op);
    const v = ntf ? id.reply : id.request;
    if (v === undefined) return;
    const seen = !directional || !ntf ? seenReq : seenNtf;
    const other = seen.get(v);
    if (other !== undefined) {
      report(at, `${ntf ? 'notification' : 'request'} id ${v} of "${op.name}" already used by "${other}"`);
    } else seen.set(v, op.name);
  });
}
