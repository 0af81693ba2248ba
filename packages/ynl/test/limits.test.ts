/**
 * Numbers checked against the wire fields that carry them, alias expansion bounded, and names
 * that are also Object.prototype properties.
 */
import { describe, it, expect } from 'vitest';
import { loadSchemaText, SchemaError, validateSchemaText, type SchemaIssue } from '../src/index.js';
import { MAX_EXPANDED_SIZE } from '../src/load.js';

/** Lines of a spec; `at` gives the 1-based line of the first line containing `needle`. */
function spec(lines: string[]): { text: string; at: (needle: string) => number } {
  return { text: lines.join('\n') + '\n', at: (needle) => lines.findIndex((l) => l.includes(needle)) + 1 };
}

function only(text: string): SchemaIssue {
  const issues = validateSchemaText(text, 'w.yaml');
  expect(issues.map((i) => i.message)).toHaveLength(1);
  return issues[0]!;
}

const raw = (body: string[], top: string[] = []) => spec([
  'name: w',
  'protocol: netlink-raw',
  'protonum: 0',
  'doc: width checks',
  ...top,
  ...body,
]);

const attrs = (list: string[]) => ['attribute-sets:', '  - name: s', '    attributes:', ...list.map((l) => `      - ${l}`)];
const ops = (list: string[]) => (list.length ? ['operations:', '  list:', ...list.map((l) => `    - ${l}`)] : ['operations:', '  list: []']);

describe('every number fits its wire field', () => {
  it('attribute ids fit the 14-bit nla_type', () => {
    expect(validateSchemaText(raw([...attrs(['{ name: a, type: u32, value: 16383 }']), ...ops([])]).text)).toEqual([]);
    const s = raw([...attrs(['{ name: a, type: u32, value: 70000 }']), ...ops([])]);
    const i = only(s.text);
    expect(i).toMatchObject({ file: 'w.yaml', line: s.at('value: 70000'), path: 'attribute-sets[0].attributes[0].value' });
    expect(i.column).toBeGreaterThan(30);
    expect(i.message).toBe('attribute id 70000 of "a" does not fit the 14-bit nla_type (0..16383)');
    // An implicit id (previous + 1) past the limit is pinned on its attribute.
    const t = raw([...attrs(['{ name: a, type: u32, value: 16383 }', '{ name: b, type: u32 }']), ...ops([])]);
    expect(only(t.text)).toMatchObject({ line: t.at('name: b'), path: 'attribute-sets[0].attributes[1]', message: 'attribute id 16384 of "b" (previous + 1) does not fit the 14-bit nla_type (0..16383)' });
  });

  it('message ids fit nlmsg_type (netlink-raw) or the genl cmd (genetlink)', () => {
    const s = raw([...attrs(['{ name: a, type: u32 }']), ...ops(['{ name: get, doc: x, attribute-set: s, value: 70000, do: { request: { attributes: [ a ] } } }'])]);
    expect(only(s.text)).toMatchObject({ line: s.at('value: 70000'), path: 'operations.list[0].value', message: 'request id 70000 of "get" does not fit the 16-bit nlmsg_type (0..65535)' });
    expect(validateSchemaText(s.text.replace('70000', '65535'))).toEqual([]);
    const g = spec(['name: g', 'doc: x', ...attrs(['{ name: a, type: u32 }']), ...ops(['{ name: get, doc: x, attribute-set: s, value: 256, do: { request: { attributes: [ a ] } } }'])]);
    expect(only(g.text)).toMatchObject({ line: g.at('value: 256'), message: 'request id 256 of "get" does not fit the 8-bit genlmsghdr cmd (0..255)' });
    expect(validateSchemaText(g.text.replace('value: 256', 'value: 255'))).toEqual([]);
  });

  it('protonum is one of the kernel\'s 32 netlink protocols; version fits 8 bits', () => {
    const s = raw([...attrs(['{ name: a, type: u32 }']), ...ops([])]);
    expect(only(s.text.replace('protonum: 0', 'protonum: 32'))).toMatchObject({ line: 3, path: 'protonum', message: "protonum 32 is outside the kernel's netlink protocols 0..31" });
    expect(validateSchemaText(s.text.replace('protonum: 0', 'protonum: 31'))).toEqual([]);
    const v = spec(['name: v', 'protocol: genetlink-legacy', 'version: 256', 'doc: x', ...attrs(['{ name: a, type: u32 }']), ...ops([])]);
    expect(only(v.text)).toMatchObject({ line: 3, path: 'version', message: 'version 256 does not fit the 8-bit genlmsghdr version (0..255)' });
  });

  it('enum values are exact and fit the fields that use them', () => {
    const defs = (entries: string) => ['definitions:', '  - type: enum', '    name: e', `    entries: ${entries}`];
    const s = raw([...defs('[ { name: x, value: 300 } ]'), ...attrs(['{ name: a, type: u8, enum: e }']), ...ops([])]);
    expect(only(s.text)).toMatchObject({ line: s.at('enum: e }'), path: 'attribute-sets[0].attributes[0].enum', message: 'enum "e" has "x" = 300, which does not fit u8' });
    expect(validateSchemaText(s.text.replace('type: u8', 'type: u16'))).toEqual([]);
    const big = raw([...defs('[ { name: x, value: 1152921504606846977 } ]'), ...attrs(['{ name: a, type: u64, enum: e }']), ...ops([])]);
    expect(only(big.text).message).toMatch(/is not an integer a schema can state exactly/);
  });

  it('struct members and sizes fit 64 KiB; check bounds fit the attribute\'s type', () => {
    const st = raw(['definitions:', '  - type: struct', '    name: big', '    members:', '      - { name: m, type: binary, len: 70000 }', ...attrs(['{ name: a, type: binary, struct: big }']), ...ops([])]);
    const issues = validateSchemaText(st.text, 'w.yaml');
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [st.at('type: struct'), 'struct "big" is 70000 bytes; a netlink attribute or header holds at most 65535'],
      [st.at('len: 70000'), 'len 70000 of "m" is outside 0..65535'],
    ]);
    const c = raw([...attrs(['{ name: a, type: u8, checks: { max: 300 } }', '{ name: b, type: binary, checks: { max-len: 70000 } }', '{ name: c, type: u64, checks: { max: u64-max } }']), ...ops([])]);
    expect(validateSchemaText(c.text).map((i) => [i.line, i.path, i.message])).toEqual([
      [c.at('name: a'), 'attribute-sets[0].attributes[0].checks.max', 'max 300 does not fit u8'],
      [c.at('name: b'), 'attribute-sets[0].attributes[1].checks.max-len', 'max-len 70000 is outside 0..65535'],
    ]);
  });

  it('multicast group numbers are 1..2^32-1', () => {
    const s = raw([...attrs(['{ name: a, type: u32 }']), ...ops([]), 'mcast-groups:', '  list:', '    - { name: g, value: 0 }']);
    expect(only(s.text)).toMatchObject({ line: s.at('name: g'), path: 'mcast-groups.list[0].value' });
  });
});

describe('YAML alias expansion is bounded', () => {
  it('1,000 aliases of a 1 MiB scalar are refused at the alias that crosses 16 MiB, quickly', () => {
    const lines = ['name: boom', `doc: &big ${'x'.repeat(1 << 20)}`, 'attribute-sets:', '  - name: s', '    attributes:'];
    for (let i = 0; i < 1000; i++) lines.push(`      - { name: a${i}, type: u32, doc: *big }`);
    lines.push('operations:', '  list: []');
    const started = Date.now();
    let err: unknown;
    try {
      loadSchemaText(lines.join('\n'), 'boom.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaError);
    const issue = (err as SchemaError).issues[0]!;
    // The 17th alias pushes 16 MiB over: lines 6.. hold the aliases.
    expect(issue).toMatchObject({ file: 'boom.yaml', line: 5 + Math.ceil(MAX_EXPANDED_SIZE / (1 << 20)) });
    expect(issue.message).toBe('YAML: aliases expand the document past 16 MiB (alias *big crossed it)');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('nested aliases (a billion laughs) and an alias inside its own anchor are refused', () => {
    let t = 'name: t\ndoc: x\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 12; i++) t += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    t += 'attribute-sets: []\noperations:\n  list: []\n';
    expect(validateSchemaText(t)[0]!.message).toMatch(/aliases expand the document past 16 MiB/);
    expect(validateSchemaText('name: t\ndoc: &x [ a, *x ]\nattribute-sets: []\noperations:\n  list: []\n')[0]).toMatchObject({ line: 2, message: 'YAML: an alias refers to a node that contains it' });
  });

  it('ordinary anchors and aliases still work', () => {
    const ir = loadSchemaText('name: t\ndoc: x\nattribute-sets:\n  - name: s\n    attributes:\n      - &a { name: a, type: u32 }\n  - name: t\n    attributes:\n      - *a\noperations:\n  list: []\n');
    expect(ir.attributeSets[1]!.attrs[0]).toMatchObject({ name: 'a', type: 'u32' });
  });
});

describe('names that are Object.prototype properties', () => {
  const text = [
    'name: proto',
    'protocol: genetlink-c',
    'doc: x',
    'definitions:',
    '  - { type: const, name: constructor, value: 3 }',
    '  - { type: enum, name: __proto__, entries: [ constructor, toString, __proto__ ] }',
    '  - { type: flags, name: toString, entries: [ __proto__, valueOf ] }',
    'attribute-sets:',
    '  - name: __proto__',
    '    attributes:',
    '      - { name: __proto__, type: u32 }',
    '      - { name: constructor, type: u32, enum: __proto__ }',
    '      - { name: toString, type: nest, nested-attributes: constructor }',
    '      - { name: hasOwnProperty, type: u32, enum: toString }',
    '  - name: constructor',
    '    attributes:',
    '      - { name: valueOf, type: string, checks: { max-len: constructor } }',
    '  - name: toString',
    '    subset-of: __proto__',
    '    attributes:',
    '      - { name: constructor }',
    'operations:',
    '  list:',
    '    - { name: __proto__, doc: x, attribute-set: __proto__, do: { request: { attributes: [ __proto__, constructor, toString ] } } }',
    '    - { name: constructor, doc: y, attribute-set: toString, notify: __proto__, mcgrp: __proto__ }',
    'mcast-groups:',
    '  list:',
    '    - name: __proto__',
    '    - name: constructor',
  ].join('\n');

  it('resolve like any other name, and pollute nothing', () => {
    const ir = loadSchemaText(text, 'proto.yaml');
    expect(ir.enums.map((e) => [e.name, e.entries.map((x) => x.name)])).toEqual([['__proto__', ['constructor', 'toString', '__proto__']], ['toString', ['__proto__', 'valueOf']]]);
    expect(ir.attributeSets.map((s) => s.name)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(ir.attributeSets[0]!.attrs.map((a) => [a.name, a.value])).toEqual([['__proto__', 1], ['constructor', 2], ['toString', 3], ['hasOwnProperty', 4]]);
    expect(ir.attributeSets[1]!.attrs[0]!.checks).toEqual({ maxLen: 3 });
    expect(ir.attributeSets[2]!.attrs).toEqual([{ name: 'constructor', value: 2, type: 'u32', enum: '__proto__' }]);
    expect(ir.operations.map((o) => o.name)).toEqual(['__proto__', 'constructor']);
    expect(ir.operations[1]!.notification).toEqual({ attributes: [] });
    expect(ir.mcastGroups.map((g) => g.name)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(ir)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an unknown set or enum called constructor is still unknown', () => {
    const t = 'name: t\ndoc: x\nattribute-sets:\n  - name: s\n    attributes:\n      - { name: a, type: nest, nested-attributes: constructor }\n      - { name: b, type: u32, enum: toString }\noperations:\n  list: []\n';
    expect(validateSchemaText(t).map((i) => i.message)).toEqual(['unknown attribute set "constructor"', 'unknown enum "toString"']);
  });

  it('a __proto__ key in the YAML is an unknown key, not a prototype', () => {
    const issues = validateSchemaText('name: t\ndoc: x\n__proto__: { polluted: 1 }\nattribute-sets:\n  - name: s\n    attributes:\n      - { name: a, type: u32, __proto__: { type: string } }\noperations:\n  list: []\n');
    expect(issues.map((i) => [i.line, i.message])).toEqual([[3, 'unknown key "__proto__"'], [7, 'unknown key "__proto__"']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
