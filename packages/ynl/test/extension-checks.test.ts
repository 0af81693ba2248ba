/**
 * The loader's checks of nlkit's schema extension (schemas/EXTENSIONS.md): every rule gives one
 * issue at the right file, line and column, and a schema that follows them loads into the IR's
 * resolved forms.
 */
import { describe, expect, it } from 'vitest';
import { formatIssue, loadSchemaText, validateSchemaText, type SchemaIssue } from '../src/index.js';

const DEFS = [
  '  - { name: af, type: enum, entries: [ { name: unspec, value: 0 }, { name: inet, value: 2 }, { name: mpls, value: 28 } ] }',
  '  - name: hdr',
  '    type: struct',
  '    members:',
  '      - { name: fam, type: u8, enum: af }',
  '      - { name: pad, type: pad, len: 3 }',
  '  - name: head',
  '    type: struct',
  '    members:',
  '      - { name: len, type: u16 }',
  '      - { name: name, type: string, len: 2 }',
  '  - name: lbl',
  '    type: struct',
  '    members:',
  '      - name: entry',
  '        type: u32',
  '        nlkit-fields:',
  '          - { name: label, mask: 0xfffff000 }',
  '          - { name: ttl, mask: 0xff }',
  '  - name: flex',
  '    type: struct',
  '    members:',
  '      - { name: n, type: u8 }',
  '      - { name: items, type: u16, nlkit-flexible: { count: n } }',
];

/** A netlink-raw family with a fixed header; `defs` lines replace/extend DEFS, `attrs` the set's attributes. */
function family(opts: { defs?: string[]; attrs?: string[]; fixedHeader?: string } = {}): string {
  return [
    'name: t',
    'protocol: netlink-raw',
    'protonum: 31',
    'doc: test',
    'definitions:',
    ...(opts.defs ?? DEFS),
    'attribute-sets:',
    '  - name: s',
    '    attributes:',
    ...(opts.attrs ?? ['      - { name: a, type: u32 }']),
    '  - name: inner',
    '    attributes:',
    '      - { name: w, type: u8 }',
    'operations:',
    `  fixed-header: ${opts.fixedHeader ?? 'hdr'}`,
    '  list:',
    '    - { name: get, doc: x, attribute-set: s, do: { request: { attributes: [ a ] } } }',
    '',
  ].join('\n');
}

function only(text: string): SchemaIssue {
  const issues = validateSchemaText(text, 'ext.yaml');
  expect(issues.map(formatIssue)).toHaveLength(1);
  return issues[0]!;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('nlkit-* keys: what loads', () => {
  it('all four keys load and resolve (case values named by the selector enum)', () => {
    const ir = loadSchemaText(family({
      attrs: [
        '      - { name: a, type: u32 }',
        '      - name: dst',
        '        type: binary',
        '        nlkit-select: { by: fam, cases: [ { value: 28, struct: lbl, sub-type: binary }, { value: inet, display-hint: ipv4 } ] }',
        '      - name: recs',
        '        type: binary',
        '        nlkit-records: { header: head, length: len, attribute-set: inner }',
        '      - { name: f, type: binary, struct: flex }',
      ],
    }));
    const s = ir.attributeSets.find((x) => x.name === 's')!;
    expect(s.attrs.find((a) => a.name === 'dst')!.select).toEqual({
      by: 'fam', enum: 'af', cases: [{ value: 'mpls', struct: 'lbl', subType: 'binary' }, { value: 'inet', displayHint: 'ipv4' }],
    });
    expect(s.attrs.find((a) => a.name === 'recs')!.records).toEqual({ header: 'head', length: 'len', attributeSet: 'inner' });
    const lbl = ir.structs.find((x) => x.name === 'lbl')!;
    expect(lbl.members[0]!.fields).toEqual([{ name: 'label', mask: 0xfffff000, shift: 12 }, { name: 'ttl', mask: 0xff, shift: 0 }]);
    const flex = ir.structs.find((x) => x.name === 'flex')!;
    expect(flex.size).toBe(2);
    expect(flex.members[1]).toMatchObject({ name: 'items', offset: 2, size: 0, flexible: { count: 'n' } });
  });

  it('a selector may be an attribute of the same set, or of an enclosing one', () => {
    expect(validateSchemaText(family({
      attrs: [
        '      - { name: a, type: u32 }',
        '      - { name: kind, type: string }',
        '      - { name: data, type: binary, nlkit-select: { by: kind, cases: [ { value: veth, type: u32 } ] } }',
      ],
    }))).toEqual([]);
  });
});

describe('nlkit-* keys: what is refused, with file:line:column', () => {
  it('a selector that names nothing', () => {
    const text = family({ attrs: ['      - { name: a, type: u32 }', '      - { name: d, type: binary, nlkit-select: { by: nope, cases: [ { value: 1, type: u32 } ] } }'] });
    const i = only(text);
    expect(i).toMatchObject({ file: 'ext.yaml', line: lineOf(text, 'by: nope'), path: 'attribute-sets[0].attributes[1].nlkit-select.by' });
    expect(i.message).toMatch(/"nope" is not an attribute of "s" .* nor a fixed-header member/);
  });

  it('a case value that is not an entry of the selector enum, and a repeated case', () => {
    const text = family({ attrs: ['      - { name: a, type: u32 }', '      - { name: d, type: binary, nlkit-select: { by: fam, cases: [ { value: ipx, type: u32 } ] } }'] });
    expect(only(text).message).toMatch(/"ipx" is not an entry of enum "af"/);
    const dup = family({ attrs: ['      - { name: a, type: u32 }', '      - { name: d, type: binary, nlkit-select: { by: fam, cases: [ { value: 2, type: u32 }, { value: inet, type: u16 } ] } }'] });
    expect(only(dup)).toMatchObject({ path: 'attribute-sets[0].attributes[1].nlkit-select.cases[1].value', message: 'case value "inet" already given by case 0' });
  });

  it('records: unknown header struct, missing or non-integer length member, unknown set', () => {
    const rec = (r: string) => family({ attrs: ['      - { name: a, type: u32 }', `      - { name: r, type: binary, nlkit-records: ${r} }`] });
    expect(only(rec('{ header: nope, length: len, attribute-set: inner }')).message).toBe('unknown struct "nope"');
    expect(only(rec('{ header: head, length: size, attribute-set: inner }')).message).toBe('"size" is not a member of struct "head"');
    expect(only(rec('{ header: head, length: name, attribute-set: inner }')).message).toBe('length member "name" is a string, not an integer');
    expect(only(rec('{ header: head, length: len, attribute-set: gone }')).message).toBe('unknown attribute set "gone"');
  });

  it('flexible: not last, count missing or not an integer, as a fixed header', () => {
    const withDef = (members: string[]) => family({ defs: [...DEFS, '  - name: bad', '    type: struct', '    members:', ...members] });
    const notLast = withDef(['      - { name: items, type: u16, nlkit-flexible: {} }', '      - { name: n, type: u8 }']);
    expect(only(notLast)).toMatchObject({ line: lineOf(notLast, 'name: items, type: u16, nlkit-flexible: {}'), message: 'flexible array member "items" must be the last member' });
    expect(only(withDef(['      - { name: n, type: u8 }', '      - { name: items, type: u16, nlkit-flexible: { count: m } }'])).message).toBe('"m" is not another member of struct "bad"');
    expect(only(withDef(['      - { name: n, type: string, len: 2 }', '      - { name: items, type: u16, nlkit-flexible: { count: n } }'])).message).toBe('count member "n" is a string, not an integer');
    expect(only(family({ fixedHeader: 'flex' })).message).toBe('struct "flex" has a flexible array member: it cannot be a fixed header');
  });

  it('fields: overlapping masks, a mask wider than the member, fields on a non-integer', () => {
    const withLbl = (fields: string[], type = 'u16') => family({ defs: [...DEFS, '  - name: bad', '    type: struct', '    members:', '      - name: v', `        type: ${type}`, ...(type === 'string' ? ['        len: 4'] : []), '        nlkit-fields:', ...fields] });
    const overlap = withLbl(['          - { name: x, mask: 0xff0 }', '          - { name: y, mask: 0x0ff }']);
    const i = only(overlap);
    expect(i).toMatchObject({ line: lineOf(overlap, 'name: y, mask'), path: 'definitions[5].members[0].nlkit-fields[1].mask' });
    expect(i.message).toBe('mask 0xff overlaps the masks before it (0xf0)');
    expect(only(withLbl(['          - { name: x, mask: 0x10000 }'])).message).toBe('mask 0x10000 does not fit the 16-bit member');
    expect(only(withLbl(['          - { name: x, mask: 1 }'], 'string')).message).toBe('bit fields need an integer member, "v" is string');
  });

  it('an unknown nlkit-* key is refused by the metaschema', () => {
    const text = family({ attrs: ['      - { name: a, type: u32, nlkit-whatever: 1 }'] });
    expect(validateSchemaText(text, 'ext.yaml').length).toBeGreaterThan(0);
  });
});
