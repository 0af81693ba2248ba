import { describe, it, expect } from 'vitest';
import { loadSchemaText, SchemaError, validateSchemaText, type SchemaIssue } from '../src/index.js';

/** A small valid family; tests splice faults into it. Line numbers below refer to this text. */
function family(opts: { attrs?: string; extraSets?: string; defs?: string; ops?: string; top?: string } = {}): string {
  return [
    'name: t',
    'doc: test family',
    opts.top ?? '',
    'definitions:',
    opts.defs ?? '  - { type: const, name: k, value: 4 }',
    'attribute-sets:',
    '  -',
    '    name: s',
    '    attributes:',
    opts.attrs ?? '      - { name: a, type: u32 }',
    opts.extraSets ?? '',
    'operations:',
    '  list:',
    opts.ops ?? '    - { name: get, doc: x, attribute-set: s, do: { request: { attributes: [ a ] } } }',
    '',
  ].join('\n');
}

function only(text: string, file = 'test.yaml'): SchemaIssue {
  const issues = validateSchemaText(text, file);
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

function thrown(text: string, file: string): SchemaError {
  try {
    loadSchemaText(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(SchemaError);
    return err as SchemaError;
  }
  throw new Error('expected a SchemaError');
}

describe('schema errors carry file, line, column and path', () => {
  it('the base family is valid', () => {
    expect(validateSchemaText(family())).toEqual([]);
    expect(loadSchemaText(family()).attributeSets[0]!.attrs[0]!.value).toBe(1);
  });

  it('YAML syntax error', () => {
    const err = thrown('name: t\ndoc: x\nattribute-sets:\n  - name: s\n   attributes: []\n', 'bad.yaml');
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file: 'bad.yaml', line: 5, column: 1, path: '' });
    expect(err.message).toContain('bad.yaml:5:1:');
  });

  it('duplicate YAML key', () => {
    expect(only('name: t\ndoc: x\nname: u\n', 'dup.yaml')).toMatchObject({ file: 'dup.yaml', line: 3, column: 1 });
  });

  it('unknown key', () => {
    const text = family({ attrs: '      -\n        name: a\n        type: u32\n        colour: red' });
    const i = only(text, 'unknown.yaml');
    expect(i).toMatchObject({ file: 'unknown.yaml', line: 13, column: 9, path: 'attribute-sets[0].attributes[0].colour' });
    expect(i.message).toContain('colour');
    expect(thrown(text, 'unknown.yaml').message).toContain('unknown.yaml:13:9: attribute-sets[0].attributes[0].colour: unknown key "colour"');
  });

  it('unknown key inside an enum entry', () => {
    const i = only(family({ defs: '  - type: enum\n    name: e\n    entries:\n      - x\n      - { name: y, colour: red }' }));
    expect(i).toMatchObject({ line: 9, column: 20, path: 'definitions[0].entries[1].colour' });
  });

  it('wrong type', () => {
    const i = only(family({ attrs: '      - { name: a, type: u32, multi-attr: often }' }));
    expect(i).toMatchObject({ file: 'test.yaml', line: 10, column: 43, path: 'attribute-sets[0].attributes[0].multi-attr' });
    expect(i.message).toMatch(/boolean/);
  });

  it('value outside an enum', () => {
    const i = only(family({ attrs: '      - { name: a, type: u33 }' }));
    expect(i).toMatchObject({ line: 10, column: 26, path: 'attribute-sets[0].attributes[0].type' });
  });

  it('missing required key', () => {
    const i = only('name: t\ndoc: x\nattribute-sets: []\n');
    expect(i).toMatchObject({ line: 1, column: 1, path: '', message: 'missing required key "operations"' });
  });

  it('unknown protocol', () => {
    expect(only('name: t\nprotocol: genetlink-xx\n')).toMatchObject({ line: 2, column: 11, path: 'protocol' });
  });

  it('keys of a richer protocol are unknown in a plainer one', () => {
    const i = only(family({ attrs: '      - { name: a, type: binary, struct: foo }' }));
    expect(i).toMatchObject({ path: 'attribute-sets[0].attributes[0].struct', message: 'unknown key "struct"' });
  });

  it('dangling reference: nested-attributes', () => {
    const i = only(family({ attrs: '      - { name: a, type: nest, nested-attributes: nope }' }), 'dangle.yaml');
    expect(i).toMatchObject({ file: 'dangle.yaml', line: 10, column: 51, path: 'attribute-sets[0].attributes[0].nested-attributes' });
    expect(i.message).toContain('"nope"');
  });

  it('dangling reference: attribute listed in an operation', () => {
    const i = only(family({ ops: '    - { name: get, doc: x, attribute-set: s, do: { request: { attributes: [ a, zz ] } } }' }));
    expect(i).toMatchObject({ line: 14, column: 80, path: 'operations.list[0].do.request.attributes[1]' });
  });

  it('dangling references: enum, notify, mcgrp, subset-of, checks const', () => {
    const text = family({
      attrs: '      - { name: a, type: u32, enum: nope, checks: { max: no-such-const } }',
      extraSets: '  - { name: sub, subset-of: nope, attributes: [ { name: a } ] }',
      ops:
        '    - { name: get, doc: x, attribute-set: s, do: { request: { attributes: [ a ] } } }\n' +
        '    - { name: ntf, doc: x, notify: nope, mcgrp: nope }',
    });
    const paths = validateSchemaText(text).map((i) => i.path);
    expect(paths).toEqual([
      'attribute-sets[0].attributes[0].enum',
      'attribute-sets[0].attributes[0].checks.max',
      'attribute-sets[1].subset-of',
      'operations.list[1].notify',
      'operations.list[1].mcgrp',
    ]);
  });

  it('duplicate attribute value', () => {
    const text = family({ attrs: '      - { name: a, type: u32 }\n      - { name: b, type: u32 }\n      -\n        name: c\n        type: u8\n        value: 2' });
    const i = only(text, 'dupval.yaml');
    expect(i).toMatchObject({ file: 'dupval.yaml', line: 15, column: 16, path: 'attribute-sets[0].attributes[2].value' });
    expect(i.message).toContain('"b"');
  });

  it('duplicate names and values elsewhere', () => {
    const text = family({
      defs: '  - { type: enum, name: e, entries: [ x, { name: y, value: 0 } ] }\n  - { type: const, name: e, value: 1 }',
      attrs: '      - { name: a, type: u32 }\n      - { name: a, type: u8 }',
      ops:
        '    - { name: get, doc: x, attribute-set: s, value: 3, do: { request: { attributes: [ a ] } } }\n' +
        '    - { name: put, doc: x, attribute-set: s, value: 3, do: { request: { attributes: [ a ] } } }',
    });
    const issues = validateSchemaText(text);
    expect(issues.map((i) => i.path)).toEqual([
      'definitions[0].entries[1].value',
      'definitions[1].name',
      // the second `a` also takes id 2 and is no duplicate by value
      'attribute-sets[0].attributes[1].name',
      'operations.list[1].value',
    ]);
  });

  it('issues inside an anchored block point into the anchor', () => {
    const text = family({
      ops:
        '    - { name: get, doc: x, attribute-set: s, do: { request: &r { attributes: [ a, zz ] } } }\n' +
        '    - { name: put, doc: x, attribute-set: s, do: { request: *r } }',
    });
    const issues = validateSchemaText(text);
    expect(issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['operations.list[0].do.request.attributes[1]', 14, 83],
      ['operations.list[1].do.request.attributes[1]', 14, 83],
    ]);
  });

  it('nothing is resolved from a bad schema', () => {
    const err = thrown(family({ attrs: '      - { name: a }' }), 'x.yaml');
    expect(err.issues[0]).toMatchObject({ path: 'attribute-sets[0].attributes[0]', message: 'attribute "a" needs a "type"' });
  });
});
