/**
 * The comparison tables name nlkit's members by path. A path the schema does not have would
 * only show up on a kernel that makes that kind, so each table's first path segment is checked
 * here, without a kernel, against the attribute set or struct the schema decodes it with.
 */
import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../src/families.js';
import * as T from '../src/tables.js';
import type { Field } from '../src/match.js';

const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

type Ir = (typeof RUNTIMES)['rt-link']['ir'];

/** Member names an object decoded with this set or struct has (attributes, or struct members). */
function membersOf(ir: Ir, ref: { attributeSet?: string; fixedHeader?: string }): Set<string> {
  const out = new Set<string>();
  const set = ref.attributeSet ? ir.attributeSets.find((s) => s.name === ref.attributeSet) : undefined;
  for (const a of set?.attrs ?? []) out.add(camel(a.name));
  const st = ref.fixedHeader ? ir.structs.find((s) => s.name === ref.fixedHeader) : undefined;
  for (const m of st?.members ?? []) out.add(camel(m.name));
  if (set && st) out.add('header').add('fixedHeader');
  return out;
}

function formatOf(ir: Ir, subMessage: string, kind: string): { attributeSet?: string; fixedHeader?: string } | undefined {
  return ir.subMessages.find((s) => s.name === subMessage)?.formats.find((f) => f.value === kind);
}

/** First segments (after `strip`) of the tables' string paths that `members` lacks. */
function unknownPaths(fields: Field[], members: Set<string>, strip = ''): string[] {
  return fields
    .map((f) => f.ours)
    .filter((p): p is string => typeof p === 'string' && p.startsWith(strip))
    .map((p) => p.slice(strip.length).split('.')[0]!)
    .filter((seg) => !members.has(seg));
}

function opOf(ir: Ir, op: string) {
  const o = ir.operations.find((x) => x.name === op)!;
  return { attributeSet: o.attributeSet, fixedHeader: o.fixedHeader };
}

describe('comparison tables name members the schemas have', () => {
  it('top-level tables (link, bridge link, addr, route, rule, neigh, fdb, neightbl, stats, qdisc, class, filter, action)', () => {
    const cases: Array<[string, Field[], Ir, { attributeSet?: string; fixedHeader?: string }]> = [
      ['link', T.LINK_FIELDS, RUNTIMES['rt-link'].ir, opOf(RUNTIMES['rt-link'].ir, 'getlink')],
      ['bridge link', T.BRIDGE_LINK_FIELDS, RUNTIMES['rt-link'].ir, opOf(RUNTIMES['rt-link'].ir, 'getlink')],
      ['link stats', T.LINK_STATS_FIELDS, RUNTIMES['rt-link'].ir, opOf(RUNTIMES['rt-link'].ir, 'getstats')],
      ['addr', T.ADDR_FIELDS, RUNTIMES['rt-addr'].ir, opOf(RUNTIMES['rt-addr'].ir, 'getaddr')],
      ['route', T.ROUTE_FIELDS, RUNTIMES['rt-route'].ir, opOf(RUNTIMES['rt-route'].ir, 'getroute')],
      ['rule', T.RULE_FIELDS, RUNTIMES['rt-rule'].ir, opOf(RUNTIMES['rt-rule'].ir, 'getrule')],
      ['neigh', T.NEIGH_FIELDS, RUNTIMES['rt-neigh'].ir, opOf(RUNTIMES['rt-neigh'].ir, 'getneigh')],
      ['fdb', T.FDB_FIELDS, RUNTIMES['rt-neigh'].ir, opOf(RUNTIMES['rt-neigh'].ir, 'getneigh')],
      ['neightbl', T.NEIGHTBL_FIELDS, RUNTIMES['rt-neigh'].ir, opOf(RUNTIMES['rt-neigh'].ir, 'getneightbl')],
      ['qdisc', T.QDISC_FIELDS, RUNTIMES.tc.ir, opOf(RUNTIMES.tc.ir, 'getqdisc')],
      ['class', T.CLASS_FIELDS, RUNTIMES.tc.ir, opOf(RUNTIMES.tc.ir, 'gettclass')],
      ['filter', T.FILTER_FIELDS, RUNTIMES.tc.ir, opOf(RUNTIMES.tc.ir, 'gettfilter')],
    ];
    const bad = cases.flatMap(([name, fields, ir, ref]) => unknownPaths(fields, membersOf(ir, ref)).map((p) => `${name}: ${p}`));
    const actSet = RUNTIMES.tc.ir.attributeSets.find((s) => s.name === 'act-attrs')!;
    bad.push(...unknownPaths(T.ACTION_FIELDS, new Set(actSet.attrs.map((a) => camel(a.name)))).map((p) => `action: ${p}`));
    expect(bad).toEqual([]);
  });

  it('per-kind tables (link data, bridge port data, qdisc, class, filter and action options)', () => {
    const link = RUNTIMES['rt-link'].ir;
    const tc = RUNTIMES.tc.ir;
    const bad: string[] = [];
    const check = (what: string, fields: Field[], ir: Ir, subMessage: string, kind: string, strip = '') => {
      const ref = formatOf(ir, subMessage, kind);
      if (!ref) bad.push(`${what}: the schema has no ${subMessage} format for this kind`);
      else bad.push(...unknownPaths(fields, membersOf(ir, ref), strip).map((p) => `${what}: ${p}`));
    };
    for (const [kind, fields] of Object.entries(T.LINK_DATA_FIELDS)) check(`link data ${kind}`, fields, link, 'linkinfo-data-msg', kind);
    check('bridge port data', T.BRPORT_SLAVE_FIELDS, link, 'linkinfo-member-data-msg', 'bridge');
    for (const [kind, fields] of Object.entries(T.QDISC_OPTION_FIELDS)) check(`qdisc ${kind}`, fields, tc, 'tc-options', kind);
    for (const [kind, fields] of Object.entries(T.CLASS_OPTION_FIELDS)) check(`class ${kind}`, fields, tc, 'tc-class-options', kind);
    for (const [kind, fields] of Object.entries(T.FILTER_OPTION_FIELDS)) check(`filter ${kind}`, fields, tc, 'tc-filter-options', kind, 'options.');
    for (const [kind, fields] of Object.entries(T.ACTION_OPTION_FIELDS)) check(`action ${kind}`, fields, tc, 'act-options', kind, 'options.');
    expect(bad).toEqual([]);
  });
});
