import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSchemaFile, loadSchemaFileSync, loadSchemaText, validateSchemaText } from '../src/index.js';

const fixture = fileURLToPath(new URL('./fixtures/demo-c.yaml', import.meta.url));

describe('genetlink-c fixture (nlkit-demo)', () => {
  const ir = loadSchemaFileSync(fixture);

  it('loads the same way sync, async and from text', async () => {
    expect(await loadSchemaFile(fixture)).toEqual(ir);
    expect(loadSchemaText(readFileSync(fixture, 'utf8'), fixture)).toEqual(ir);
    expect(validateSchemaText(readFileSync(fixture, 'utf8'), fixture)).toEqual([]);
  });

  it('family header', () => {
    expect(ir).toMatchObject({ irVersion: 2, name: 'nlkit-demo', protocol: 'genetlink-c', protonum: 16, genlVersion: 1 });
  });

  it('consts, hex literals and enums', () => {
    expect(ir.consts).toEqual([
      { name: 'label-max', value: 32 },
      { name: 'tag', value: 'demo' },
    ]);
    expect(ir.enums[0]!.entries.map((e) => [e.name, e.value])).toEqual([
      ['red', 0],
      ['green', 1],
      ['blue', 7],
      ['violet', 8],
    ]);
  });

  it('flags: value-start and explicit values are bit numbers, the IR holds masks', () => {
    const opts = ir.enums.find((e) => e.name === 'opts')!;
    expect(opts.kind).toBe('flags');
    expect(opts.entries).toEqual([
      { name: 'verbose', value: 4 },
      { name: 'quiet', value: 8, doc: 'Say nothing.' },
      { name: 'huge', value: 2 ** 40 },
    ]);
  });

  it('attribute numbering, value override and checks', () => {
    const counter = ir.attributeSets[0]!;
    expect(counter.attrs.map((a) => [a.name, a.value])).toEqual([
      ['id', 1],
      ['label', 2],
      ['color', 3],
      ['value', 10],
      ['opts', 11],
      ['samples', 12],
      ['child', 13],
    ]);
    expect(counter.attrs[0]!.checks).toEqual({ min: 1, max: 0xffff });
    expect(counter.attrs[1]!.checks).toEqual({ maxLen: 32 });
    expect(counter.attrs[4]).toEqual({ name: 'opts', value: 11, type: 'u32', enum: 'opts', enumAsFlags: true });
    expect(counter.attrs[5]!.multiAttr).toBe(true);
  });

  it('subset: parent ids and types, own keys win', () => {
    const brief = ir.attributeSets[1]!;
    expect(brief.subsetOf).toBe('counter');
    expect(brief.attrs).toEqual([
      { name: 'value', value: 10, type: 'uint' },
      { name: 'id', value: 1, type: 'u32', checks: { max: 100 } },
    ]);
  });

  it('unified op ids, notify and event', () => {
    expect(ir.operations.map((o) => [o.name, o.requestValue, o.replyValue])).toEqual([
      ['get', 1, 1],
      ['set', 5, 5],
      ['changed', undefined, 6],
      ['reset', undefined, 7],
    ]);
    const [get, , changed, reset] = ir.operations;
    expect(changed!.notification).toEqual(get!.do!.reply);
    expect(changed!.attributeSet).toBe('counter');
    expect(changed!.mcgrp).toBe('watch');
    expect(reset!.notification).toEqual({ attributes: ['id'] });
    expect(get!.dump).toEqual({ reply: get!.do!.reply });
    expect(ir.mcastGroups).toEqual([{ name: 'watch' }]);
  });

  it('output is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
  });
});
