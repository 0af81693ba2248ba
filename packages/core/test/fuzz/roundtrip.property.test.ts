/**
 * Property tests (fast-check): encode → decode gives back the value, for every attribute type
 * (a small IR with one attribute of each kind) and for every family in schemas/ (values
 * generated from the IR; re-encoding the decoded value gives the same bytes).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AttrIR, FamilyIR } from '@nlkit/ir';
import { defineFamily } from '../core.js';
import { IrArbitraries, decodableOps, loadFamilies, replyBytes } from './gen.js';
import { budget } from './hostile.js';

const RUNS = Math.max(20, Math.round(100 * budget.scale));

/** One attribute set with one attribute of every type the IR knows. */
function allTypesIr(): FamilyIR {
  let v = 1;
  const a = (name: string, type: AttrIR['type'], extra: Partial<AttrIR> = {}): AttrIR => ({ name, value: v++, type, ...extra });
  const scalars = (['u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'uint', 'sint'] as const).map((t) => a(`v-${t}`, t));
  const attrs: AttrIR[] = [
    ...scalars,
    a('be16', 'u16', { byteOrder: 'big-endian' }),
    a('be32', 'u32', { byteOrder: 'big-endian' }),
    a('flag', 'flag'),
    a('text', 'string'),
    a('text-bounded', 'string', { checks: { maxLen: 8 } }),
    a('bytes', 'binary'),
    a('bytes-exact', 'binary', { checks: { exactLen: 6 } }),
    a('bf', 'bitfield32'),
    a('color', 'u8', { enum: 'color' }),
    a('perms', 'u32', { enum: 'perms' }),
    a('bits', 'u32', { enum: 'color', enumAsFlags: true }),
    a('many', 'u32', { multiAttr: true }),
    a('pair', 'binary', { struct: 'pair' }),
    a('pairs', 'binary', { struct: 'pair', subType: 'binary' }),
    a('u32s', 'binary', { subType: 'u32' }),
    a('inner', 'nest', { nestedAttributes: 'inner' }),
    a('list', 'indexed-array', { subType: 'nest', nestedAttributes: 'inner' }),
    a('nums', 'indexed-array', { subType: 'u32' }),
    a('tv', 'nest-type-value', { nestedAttributes: 'inner' }),
    a('kind', 'string'),
    a('data', 'sub-message', { subMessage: 'by-kind', selector: 'kind' }),
    a('pad', 'pad'),
  ];
  return {
    irVersion: 2, name: 'alltypes', protocol: 'netlink-raw', protonum: 31, consts: [],
    enums: [
      { name: 'color', kind: 'enum', entries: [{ name: 'red', value: 0 }, { name: 'green', value: 1 }, { name: 'blue', value: 2 }] },
      { name: 'perms', kind: 'flags', entries: [{ name: 'read', value: 1 }, { name: 'write', value: 2 }, { name: 'exec', value: 4 }] },
    ] as FamilyIR['enums'],
    structs: [{ name: 'pair', size: 8, members: [{ name: 'a', type: 'u32', offset: 0, size: 4 }, { name: 'b', type: 'u16', offset: 4, size: 2 }, { name: 'c', type: 'u8', offset: 6, size: 1 }, { name: 'd', type: 'pad', offset: 7, size: 1 }] }] as FamilyIR['structs'],
    attributeSets: [
      { name: 'all', attrs },
      { name: 'inner', attrs: [{ name: 'id', value: 1, type: 'u32' }, { name: 'label', value: 2, type: 'string' }, { name: 'deep', value: 3, type: 'nest', nestedAttributes: 'inner' }] },
      { name: 'sm-a', attrs: [{ name: 'x', value: 1, type: 'u64' }] },
    ] as FamilyIR['attributeSets'],
    subMessages: [{ name: 'by-kind', formats: [{ value: 'a', attributeSet: 'sm-a' }, { value: 'b', fixedHeader: 'pair' }, { value: 'c', fixedHeader: 'pair', attributeSet: 'sm-a' }] }],
    operations: [{ name: 'get', attributeSet: 'all', requestValue: 100, replyValue: 100, do: { request: { attributes: [] }, reply: { attributes: [] } } }],
    mcastGroups: [],
  } as FamilyIR;
}

describe('round trips (fast-check)', () => {
  const ir = allTypesIr();
  const rt = defineFamily(ir);
  const arbs = new IrArbitraries(ir, { maxDepth: 4, maxItems: 3 });
  const op = rt.op('get');

  for (const attr of ir.attributeSets[0]!.attrs) {
    if (attr.type === 'pad' || attr.type === 'sub-message' || attr.name === 'kind') continue;
    it(`${attr.type}${attr.subType ? `/${attr.subType}` : ''} ${attr.name}: decode(encode(v)) equals v`, () => {
      const key = attr.name.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
      const item = arbs.attr(attr, 0)!;
      const arb = attr.multiAttr ? fc.array(item, { minLength: 1, maxLength: 4 }) : item;
      fc.assert(fc.property(arb, (v) => {
        const value = { [key]: v };
        const back = rt.decodeMessageBytes('get', replyBytes(rt, op, value));
        expect(back).toEqual(value);
      }), { numRuns: RUNS, seed: budget.seed });
    });
  }

  it('sub-message (with its selector) and whole messages of every type: decode(encode(v)) equals v', () => {
    fc.assert(fc.property(arbs.message(op), (value) => {
      const back = rt.decodeMessageBytes('get', replyBytes(rt, op, value));
      expect(back).toEqual(value);
    }), { numRuns: RUNS * 2, seed: budget.seed });
  });

  for (const { file, ir: fir, rt: frt } of loadFamilies()) {
    it(`${file}: every op, encode → decode → encode gives the same bytes and value`, () => {
      const farbs = new IrArbitraries(fir, { maxDepth: 3, maxItems: 2 });
      let checked = 0;
      for (const fop of decodableOps(frt)) {
        fc.assert(fc.property(farbs.message(fop), (value) => {
          let b1: Uint8Array;
          try {
            b1 = replyBytes(frt, fop, value);
          } catch (err) {
            if ((err as Error).name === 'ValidationError') return; // a generated value the schema's checks refuse
            throw err;
          }
          const d1 = frt.decodeMessageBytes(fop.name, b1);
          const b2 = replyBytes(frt, fop, d1);
          expect(Buffer.from(b2).toString('hex')).toBe(Buffer.from(b1).toString('hex'));
          expect(frt.decodeMessageBytes(fop.name, b2)).toEqual(d1);
          checked++;
        }), { numRuns: Math.max(5, Math.round(RUNS / 4)), seed: budget.seed });
      }
      expect(checked).toBeGreaterThan(0);
    }, 120_000);
  }
});
